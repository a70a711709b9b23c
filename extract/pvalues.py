"""P-values, attached to the comparison they belong to.

A p-value belongs to the nearest figure before it in the same sentence ("0.82; 95% CI, 0.71 to
0.95; P = .01") and, when that figure is one side of a comparison ("5.7% vs 22.4%, P = .03",
"41% and 59% ... (both p < 0.001)"), to the other side too. A p-value with no figure to attach to
("(P > 0.05)") becomes a `p_value` claim of its own.
"""

from __future__ import annotations

import re

from .candidate import Candidate, Sentences, Taken
from .numbers import NUM
from .scan import scan
from extract.models import ClaimKind

P_VALUE = re.compile(
    rf"(?<![A-Za-z])(?:[Pp][\s_-]*(?:for\s+)?(?:trend|interaction)|[Pp](?:\s*[-]?\s*values?)?)(?:\s*\(\w+\))?\s*(?P<op>[=<>\u2264\u2265]=?|<\s*or\s*=)\s*(?P<v>{NUM}|\.\d+)"
    rf"(?:\s*(?:x|\*)\s*10\s*\^?\s*-?\s*\d+)?"
)


_P_TRIGGER = re.compile(r"[=<>\u2264\u2265]")


def find_p_values(norm: str, sents: Sentences, taken: Taken, found: list[Candidate]) -> list[Candidate]:
    """Attach p-values to `found` in place; return the p-values that stand alone as claims."""
    by_sentence: dict[tuple[int, int], list[Candidate]] = {}
    for c in found:
        by_sentence.setdefault(c.sentence, []).append(c)
    alone = []
    for m in scan(norm, _P_TRIGGER, P_VALUE, 30, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        quote = m.group(0)
        before = sorted((c for c in by_sentence.get(sent, []) if c.end <= m.start() and c.kind != ClaimKind.P_VALUE),
                        key=lambda c: c.end)
        target = before[-1] if before else None
        if target is not None and (m.start() - target.end > 120 or re.search(r"[.;]\s+[A-Z]|;\s+[a-z]{2,}\s|\bwhereas\b|\bbut\b", norm[target.end:m.start()])):
            target = None
        if target is not None and not target.p_value:
            group = [target]
            between = norm[target.end:m.start()]
            # "(both p < 0.001)" and "respectively" lists reach back to every figure of the list
            if re.search(r"\b(?:both|all|each)\b", between + norm[m.start() - 8:m.start()], re.I):
                group = [c for c in before if c.end > sent[0] and not c.p_value][-2:] if "both" in between.lower() else before
            for c in before[:-1]:
                if c.comparator and target.arm and c.arm == target.comparator and c.endpoint == target.endpoint:
                    group.append(c)
            pair = _comparison_partner(norm, before)
            if pair is not None:
                group.append(pair)
            for c in group:
                if not c.p_value:
                    c.p_value = quote
            taken.add(m.start(), m.end())
            continue
        c = Candidate(
            start=m.start(), end=m.end(), kind="p_value", value_start=m.start("v"), value_end=m.end("v"),
            value=float(m.group("v")) if re.fullmatch(r"[\d.]+", m.group("v")) else None, p_value=quote,
            measure="p-value", qualifier=m.group("op") if m.group("op") != "=" else "", sentence=sent,
            inner=(m.end(), m.end()),
        )
        alone.append(c)
        taken.add(m.start(), m.end())
    return alone


def _comparison_partner(norm: str, before: list[Candidate]) -> Candidate | None:
    """In '5.7% vs 22.4%', the figure on the other side of 'vs' from the last one."""
    if len(before) < 2:
        return None
    a, b = before[-2], before[-1]
    if re.fullmatch(r"\s*(?:vs\.?|versus|v\.?|compared\s+with|and)\s*", norm[a.end:b.start]) and a.measure == b.measure:
        return a
    return None
