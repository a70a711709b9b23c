"""Endpoint names: canonical names for the common ones, the text as written otherwise.

`find_endpoint` looks right after the figure first ("81.6% disease-free survival rate"), then
for the nearest mention before it in the sentence ("Two-year disease-free survival was 81.6%"),
then falls back to the subject of the clause ("The mean size of the capsulorhexis was 4.6 mm").
Abbreviations defined in the text are expanded ("EFS" -> event-free survival).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .scan import variants, word_hits
from typing import Optional

_SURV = r"(?:survival|surviving)"
# (canonical name, long forms as a case-insensitive pattern, abbreviations in exact case)
_ENDPOINTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("overall survival", rf"overall\s+{_SURV}", ("OS",)),
    ("disease-free survival", rf"disease[- ]free\s+{_SURV}", ("DFS",)),
    ("event-free survival", rf"event[- ]free\s+{_SURV}", ("EFS",)),
    ("progression-free survival", rf"progression[- ]free\s+{_SURV}", ("PFS",)),
    ("relapse-free survival", rf"relapse[- ]free\s+{_SURV}", ("RFS",)),
    ("leukemia-free survival", rf"leuka?emia[- ]free\s+{_SURV}", ("LFS",)),
    ("metastasis-free survival", rf"metastasis[- ]free\s+{_SURV}", ("MFS",)),
    ("objective response rate", r"objective\s+response(?:\s+rates?)?", ("ORR",)),
    ("overall response rate", r"overall\s+response(?:\s+rates?)?", ()),
    ("pathological complete response", r"pathologic(?:al)?\s+complete\s+response", ("pCR",)),
    ("complete remission", r"complete\s+(?:remission|hematologic(?:al)?\s+remission)", ("CR", "CRh")),
    ("complete response", r"complete\s+responses?", ()),
    ("response rate", r"response\s+rates?", ()),
    ("MRD negativity", r"(?:MRD|minimal\s+residual\s+disease)[- ]negativ(?:e|ity)|negative\s+(?:for\s+)?(?:MRD|minimal\s+residual\s+disease)", ()),
    ("low MRD", r"low(?:\s+levels?\s+of)?\s+(?:MRD|minimal\s+residual\s+disease)", ()),
    ("minimal residual disease", r"minimal\s+residual\s+disease", ("MRD",)),
    ("serious adverse events", r"serious\s+adverse\s+(?:events?|effects?|reactions?)", ("SAE", "SAEs")),
    ("adverse events", r"adverse\s+(?:events?|effects?|reactions?)", ("AE", "AEs", "TEAE", "TEAEs")),
    ("all-cause mortality", r"all[- ]cause\s+(?:mortality|death)", ()),
    ("mortality", r"mortality(?:\s+rates?)?|deaths?|died|death\s+rates?", ()),
    ("relapse", r"(?:cumulative\s+incidence\s+of\s+)?relapses?(?![- ]free)|relapse\s+rates?", ()),
    ("recurrence", r"recurrences?(?![- ]free)", ()),
    ("survival", rf"{_SURV}(?:\s+rates?)?", ()),
]
CANONICAL: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"(?i:\b(?:{long})\b)" + "".join(rf"|(?<![\w-]){a}(?![\w-])" for a in abbrs)))
    for name, long, abbrs in _ENDPOINTS
]


def _first_words(long: str) -> set[str]:
    # every literal word of the long forms ("relapses?" gives relapse and relapses): a match must
    # start at one of them, so the word index finds every candidate position
    words = set()
    for m in re.finditer(r"(?<![A-Za-z])([A-Za-z]{3,})(\?)?", re.sub(r"\\[sbwd]|\(\?[:!<=]+", " ", long)):
        words.add(m.group(1))
        if m.group(2):
            words.add(m.group(1)[:-1])
    if "leuka?emia" in long:
        words |= {"leukemia", "leukaemia"}
    return words


_ABBREVIATIONS = {name: abbrs for name, _, abbrs in _ENDPOINTS}
_MATCHERS: list[tuple[str, re.Pattern[str], frozenset[str]]] = []
for _name, _long, _abbrs in _ENDPOINTS:
    _firsts = _first_words(_long) | ({"survival", "surviving"} if _long.startswith("(?:survival") else set())
    _MATCHERS.append((_name, re.compile(rf"(?:{_long})\b", re.I), variants(*_firsts, *_abbrs)))

_SKIP_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _name, _pattern, _firsts in _MATCHERS:
    for _w in _firsts:
        _BY_FIRST.setdefault(_w, []).append((_name, _pattern))
_ALL_FIRSTS = frozenset(_BY_FIRST)


@lru_cache(maxsize=8)
def _all_mentions(norm: str) -> tuple[list[int], list[tuple[int, int, str]]]:
    # one pass per pattern over the whole text, then range queries by bisection
    found = set()
    for s, e in word_hits(norm, _ALL_FIRSTS):
        word = norm[s:e]
        for name, pattern in _BY_FIRST.get(word.lower(), ()):
            if word in _ABBREVIATIONS[name]:
                # an abbreviation must stand alone ("OS", not "OS-1" or "DOS")
                if not ((s > 0 and (norm[s - 1].isalnum() or norm[s - 1] == "-")) or (e < len(norm) and (norm[e].isalnum() or norm[e] == "-"))):
                    found.add((s, e, name))
                continue
            m = pattern.match(norm, s)
            if m:
                found.add((m.start(), m.end(), name))
    found = sorted(found)
    return [f[0] for f in found], found


def canonical_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every canonical endpoint mention inside norm[lo:hi]."""
    starts, found = _all_mentions(norm)
    i = bisect_left(starts, lo)
    out = []
    while i < len(found) and found[i][0] < hi:
        if found[i][1] <= hi:
            out.append(found[i])
        i += 1
    return out


def canonical_name(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """The canonical name for an endpoint as written, or '' when it is not a common one."""
    t = text.strip()
    if abbreviations and t in abbreviations:
        t = abbreviations[t]
    return _canonical_name(t)


@lru_cache(maxsize=4096)
def _canonical_name(t: str) -> str:
    if len(t) > 60:
        return ""
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




_PRONOUNS = {"there", "it", "this", "these", "we", "they", "that", "which", "most", "many", "few", "some", "both", "all"}
_VERB = re.compile(
    r"was|were|is|are|reached|achieved|showed|improved|increased|decreased|reduced|declined|rose|fell|remained|"
    r"averaged|totalled|totaled|equalled|:"
)
_LEAD_WORDS = {
    "however", "overall", "moreover", "furthermore", "similarly", "thus", "also", "and", "but", "whereas", "while",
    "respectively", "there", "was", "were", "no", "the", "a", "an", "mean", "median", "average", "total", "our", "their",
    "its", "this", "these", "both", "all", "estimated", "adjusted", "crude", "absolute", "relative", "significant",
    "significantly", "corresponding", "it", "we", "they", "less", "more", "fewer", "greater", "lower", "higher",
    "however", "but", "or",
}
_TRAIL_WORDS = {
    "was", "were", "is", "are", "of", "by", "to", "in", "with", "for", "at", "and", "or", "a", "an", "the", "than",
    "from", "on", "showed", "reached", "increased", "decreased", "reduced", "improved", "declined", "rose", "fell",
    "had", "has", "have", "significantly", "respectively", "vs", "vs.", "versus", "=",
}
_TAIL_CUT = {"compared", "vs", "vs.", "versus", "than", "among", "at", "after", "during", "within", "over", "relative"}
_TOKEN = re.compile(r"\S+")
_DIGIT_TOKEN = re.compile(r"^[^A-Za-z]*\d[^A-Za-z]*$|^[^A-Za-z]*\d[^A-Za-z]?[A-Za-z]?$")


def _words(text: str) -> list[tuple[str, int, int]]:
    """(bare lower-case word, start, end) of each token, punctuation around it left out of the word;
    a word that a comma closes is marked with a trailing ',' in its lower-case form."""
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        comma = text[e - 1] == ","
        while e > s and text[e - 1] in ",;:.":
            e -= 1
        if e > s:
            out.append((text[s:e].lower() + ("," if comma else ""), s, e))
        elif comma and out and not out[-1][0].endswith(","):
            out[-1] = (out[-1][0] + ",", out[-1][1], out[-1][2])  # "type ," after a blanked bracket
    return out


def _strip_lead(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while tokens and tokens[0][0].rstrip(",") in _LEAD_WORDS:
        tokens = tokens[1:]
    return tokens


def _tidy(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    # only the words after the last figure belong to this figure's endpoint
    for i in range(len(tokens) - 1, -1, -1):
        if _DIGIT_TOKEN.match(tokens[i][0].rstrip(",")):
            tokens = tokens[i + 1:]
            break
    # "With naltrexone block, the hydromorphone Cmax": the phrase after the last comma
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i][0].endswith(","):
            if not _weak(_strip_lead(tokens[i + 1:])):
                tokens = tokens[i + 1:]
            break
    tokens = _strip_lead(tokens)
    # arms and timepoints are attributed on their own: "HbA1c in the metformin group at 6 months"
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i][0].rstrip(",") in _TAIL_CUT and i >= 1:
            tokens = tokens[:i]
    # "fewer treatment delays in the CI arm": the arm is attributed on its own
    if tokens and tokens[-1][0].rstrip(",") in {"group", "arm", "groups", "arms", "cohort"}:
        for i in range(len(tokens) - 2, 0, -1):
            if tokens[i][0] in {"in", "among", "with", "for"}:
                tokens = tokens[:i]
                break
    while tokens and (tokens[-1][0].rstrip(",") in _TRAIL_WORDS):
        tokens = tokens[:-1]
    return tokens[-10:]


def _blank_brackets(text: str) -> str:
    """Closed brackets (nested ones too) replaced by spaces, so offsets stay put."""
    prev = None
    while prev != text:
        prev = text
        text = _SKIP_PAREN.sub(lambda m: " " * len(m.group(0)), text)
    return text


_PREPOSITIONS = {"in", "among", "with", "at", "after", "for", "during", "compared", "than", "from", "by", "to", "on", "based"}
_NOT_ENDPOINTS = {"months", "weeks", "years", "days", "period", "time", "detected", "group", "groups", "patients", "participants"}


def _weak(tokens: list[tuple[str, int, int]]) -> bool:
    """Too little to name an endpoint: nothing, a pronoun, an arm phrase, a lone adverb or time unit."""
    if not tokens or tokens[-1][2] - tokens[0][1] < 3:
        return True
    first = tokens[0][0].rstrip(",")
    if first in _PREPOSITIONS or (len(tokens) == 1 and (first in _PRONOUNS or first in _NOT_ENDPOINTS or first.endswith("ly"))):
        return True
    return tokens[-1][0].rstrip(",") in {"group", "arm", "groups", "arms"}


def subject_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """What a figure measures, from the words before it: 'The mean size of X was 4.6' -> 'size of X';
    'There were no differences in social care costs (£95, ...' -> 'differences in social care costs'."""
    before = _blank_brackets(norm[lo:pos])
    # inside an open bracket ("...systolic (2.17 mmHg"), the endpoint is named just before the bracket
    open_at = max(before.rfind("("), before.rfind("["))
    in_bracket = open_at >= 0
    if in_bracket:
        before = before[:open_at]
    cut = max(before.rfind(";"), before.rfind(". "), before.rfind(": "))
    clause_lo = cut + 1 if cut >= 0 else 0
    tokens = _words(before[clause_lo:])
    verbs = [i for i, (w, _, _) in enumerate(tokens) if _VERB.fullmatch(w.rstrip(","))]
    options = []
    if verbs:
        after_verb = _tidy(tokens[verbs[-1] + 1:])
        head = tokens[:verbs[0]]
        before_verb = [] if any(_DIGIT_TOKEN.match(t[0].rstrip(",")) for t in head) else _tidy(head)
        # inside a bracket the figure qualifies what the clause says after its verb ("showed a
        # reduction in systolic (2.54 ..."); otherwise it completes the subject ("The size of X was 4.6")
        # "reduced HbA1c by 1.2%": the object of the verb
        object_first = in_bracket or (tokens and tokens[-1][0] in {"by", "to"} and verbs[-1] < len(tokens) - 2)
        options = [after_verb, before_verb] if object_first else [before_verb, after_verb]
    options.append(_tidy(tokens[-12:]))
    chosen = next((o for o in options if not _weak(o)), [])
    if not chosen:
        return None
    start, end = lo + clause_lo + chosen[0][1], lo + clause_lo + chosen[-1][2]
    # "X (figure), Y (figure), or Z": only the words after the last bracketed figure
    close = max(norm.rfind(")", start, end), norm.rfind("]", start, end))
    if close >= 0:
        rest = _tidy(_words(norm[close + 1:end].lstrip(" ,;")))
        if not rest:
            return None
        offset = end - len(norm[close + 1:end].lstrip(" ,;"))
        start, end = offset + rest[0][1], offset + rest[-1][2]
    if end - start < 3:
        return None
    return start, end
