"""Endpoint names: canonical names for the common ones, the text as written otherwise.

`find_endpoint` looks right after the figure first ("81.6% disease-free survival rate"), then
for the nearest mention before it in the sentence ("Two-year disease-free survival was 81.6%"),
then falls back to the subject of the clause ("The mean size of the capsulorhexis was 4.6 mm").
Abbreviations defined in the text are expanded ("EFS" -> event-free survival).
"""

from __future__ import annotations

import re
from typing import Optional

_SURV = r"(?:survival|surviving)"
CANONICAL: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p, re.I if not p.startswith("(?-i)") else 0))
    for name, p in [
        ("overall survival", rf"\boverall\s+{_SURV}\b|(?<![\w-])OS(?![\w-])"),
        ("disease-free survival", rf"\bdisease[- ]free\s+{_SURV}\b|(?<![\w-])DFS(?![\w-])"),
        ("event-free survival", rf"\bevent[- ]free\s+{_SURV}\b|(?<![\w-])EFS(?![\w-])"),
        ("progression-free survival", rf"\bprogression[- ]free\s+{_SURV}\b|(?<![\w-])PFS(?![\w-])"),
        ("relapse-free survival", rf"\brelapse[- ]free\s+{_SURV}\b|(?<![\w-])RFS(?![\w-])"),
        ("leukemia-free survival", rf"\bleuka?emia[- ]free\s+{_SURV}\b|(?<![\w-])LFS(?![\w-])"),
        ("metastasis-free survival", rf"\bmetastasis[- ]free\s+{_SURV}\b|(?<![\w-])MFS(?![\w-])"),
        ("objective response rate", r"\bobjective\s+response(?:\s+rates?)?\b|(?<![\w-])ORR(?![\w-])"),
        ("overall response rate", r"\boverall\s+response(?:\s+rates?)?\b"),
        ("pathological complete response", r"\bpathologic(?:al)?\s+complete\s+response\b|(?<![\w-])pCR(?![\w-])"),
        ("complete remission", r"\bcomplete\s+(?:remission|hematologic(?:al)?\s+remission)\b|(?<![\w-])CRh?(?![\w-])"),
        ("complete response", r"\bcomplete\s+responses?\b"),
        ("response rate", r"\bresponse\s+rates?\b"),
        ("MRD negativity", r"\b(?:MRD|minimal\s+residual\s+disease)[- ]negativ(?:e|ity)\b|\bnegative\s+(?:for\s+)?(?:MRD|minimal\s+residual\s+disease)\b"),
        ("low MRD", r"\blow(?:\s+levels?\s+of)?\s+(?:MRD|minimal\s+residual\s+disease)\b"),
        ("minimal residual disease", r"\bminimal\s+residual\s+disease\b|(?<![\w-])MRD(?![\w-])"),
        ("serious adverse events", r"\bserious\s+adverse\s+(?:events?|effects?|reactions?)\b|(?<![\w-])SAEs?(?![\w-])"),
        ("adverse events", r"\badverse\s+(?:events?|effects?|reactions?)\b|(?<![\w-])T?AEs?(?![\w-])"),
        ("all-cause mortality", r"\ball[- ]cause\s+(?:mortality|death)\b"),
        ("mortality", r"\bmortality(?:\s+rates?)?\b|\bdeaths?\b|\bdied\b|\bdeath\s+rates?\b"),
        ("relapse", r"\b(?:cumulative\s+incidence\s+of\s+)?relapses?\b(?![- ]free)|\brelapse\s+rates?\b"),
        ("recurrence", r"\brecurrences?\b(?![- ]free)"),
        ("survival", rf"\b{_SURV}(?:\s+rates?)?\b"),
    ]
]
_SKIP_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_COPULA = re.compile(
    r"\b(?:was|were|is|are|of|reached|achieved|showed|by|to|from|improved|increased|decreased|reduced|declined|rose|fell)\b|:"
)
_LEADING = re.compile(
    r"^(?:(?:in\s+addition|however|overall|moreover|furthermore|similarly|thus|also|and|but|whereas|while|respectively|"
    r"there\s+(?:was|were)|the|a|an|mean|median|average|overall|total|our|their|its|this|these|both|all|"
    r"estimated|adjusted|crude|absolute|relative|significant(?:ly)?|corresponding)\b[\s,]*)+",
    re.I,
)


def canonical_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every canonical endpoint mention in norm[lo:hi]."""
    out = []
    for name, p in CANONICAL:
        for m in p.finditer(norm, lo, hi):
            out.append((m.start(), m.end(), name))
    return out


def canonical_name(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """The canonical name for an endpoint as written, or '' when it is not a common one."""
    t = text.strip()
    if abbreviations and t in abbreviations:
        t = abbreviations[t]
    for name, p in CANONICAL:
        if p.fullmatch(t) or p.fullmatch(re.sub(r"\s+rates?$", "", t)):
            return name
    return ""


def nearest_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int, str]]:
    mentions = canonical_mentions(norm, lo, pos)
    if not mentions:
        return None
    # the mention ending nearest the figure; of mentions overlapping it, the longest
    # ("event-free survival rate": event-free survival, not survival)
    near = max(mentions, key=lambda m: (m[1], m[1] - m[0]))
    overlapping = [m for m in mentions if m[0] < near[1] and near[0] < m[1]]
    return max(overlapping, key=lambda m: (m[1] - m[0], m[1]))


def right_after(norm: str, pos: int, hi: int) -> Optional[tuple[int, int, str]]:
    """A canonical endpoint within a few words after the figure: '81.6% disease-free survival rate'."""
    window = norm[pos:min(hi, pos + 40)]
    lead = re.match(r"^\s*(?:\w+\s+){0,1}", window)
    mentions = canonical_mentions(norm, pos, min(hi, pos + 40))
    mentions = [m for m in mentions if m[0] <= pos + (lead.end() if lead else 0) + 1]
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m[0], -(m[1] - m[0])))


def subject_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """The subject of the clause a figure completes: 'The mean size of X was 4.6' -> 'size of X'."""
    before = _SKIP_PAREN.sub(lambda m: " " * len(m.group(0)), norm[lo:pos])
    # inside an open bracket ("...systolic (2.17 mmHg"), the subject is just before the bracket
    open_at = max(before.rfind("("), before.rfind("["))
    if open_at >= 0:
        before = before[:open_at]
    cut = max(before.rfind(";"), before.rfind(". "))
    clause_lo = cut + 1 if cut >= 0 else 0
    clause = before[clause_lo:]
    cops = list(_COPULA.finditer(clause))
    if cops:
        # the first copula of the clause that is followed only by figures and arms
        head = clause[:cops[-1].start()]
        for c in cops:
            if not re.search(r"\d", clause[:c.start()]):
                head = clause[:c.start()]
                break
    else:
        head = clause
    comma = head.rfind(", ")
    if comma >= 0 and len(head) - comma > 12:
        head = head[comma + 2:]
    head_stripped = head.rstrip(" ,")
    words = head_stripped.split()
    if not words or len(words) > 14:
        if words:
            head_stripped = " ".join(words[-8:])
        else:
            return None
    m = _LEADING.match(head_stripped.lstrip())
    lead = len(head_stripped) - len(head_stripped.lstrip()) + (m.end() if m else 0)
    start = lo + clause_lo + (len(head) - len(head.lstrip())) if False else None
    text = head_stripped[lead:].strip(" ,")
    if len(text) < 3 or re.search(r"\d", text) and len(text) < 6:
        return None
    # map back to offsets in norm
    idx = norm.find(text, lo, pos)
    if idx < 0:
        return None
    del start
    return idx, idx + len(text)
