"""Adverse events by type, grade and count.

    Ten serious adverse events were reported (fever [4 events], infection [4], hypertension [1], ...)
    grade 3 or 4 neutropenia occurred in 12 patients     34 adverse events

The total is one `adverse_event` claim (endpoint 'serious adverse events'); each type in the
bracketed list that follows is its own `adverse_event` claim with the type as endpoint and the
total's grade.
"""

from __future__ import annotations

import re

from .candidate import Candidate, Sentences, Taken
from .numbers import NUM, WORD_NUM, parse_count, parse_number
from .scan import scan_words, variants
from .vocab import grades

_AE = (
    rf"(?P<grade>(?:grade\s*{grades.GRADE_NUMBER}(?:\s*(?:or|to|-|/|and)\s*{grades.GRADE_NUMBER})?(?:\s+or\s+{grades.OR_HIGHER})?|"
    rf"{grades.SEVERITY})\s+)?"
    r"(?P<what>adverse\s+(?:events?|effects?|reactions?|drug\s+reactions?)|AEs?|SAEs?|TEAEs?|toxic\s+effects?|side[- ]effects?|"
    r"toxicities|complications?|infections?)"
)
AE_COUNT = re.compile(rf"(?P<n>{NUM}|{WORD_NUM})\s+{_AE}\b")
_AE_WORDS = variants("adverse", "toxic", "toxicities", "side", "complication", "complications", "infection", "infections", "AE", "AEs", "SAE", "SAEs", "TEAE", "TEAEs")
# One item of a breakdown list: "fever [4 events]", "infection [4]", "nausea (n = 3)", "rash (2)".
# The number is part of a grade ("grade 2-4", "grades 3 or 4", "Grade 3/4", "grade 3 adverse events"),
# not a count of events: the upper end of a grade range must not become "4 adverse events".
_GRADE_BEFORE = re.compile(
    rf"(?i:\bgrades?\s*(?:{grades.GRADE_NUMBER}\s*(?:or|to|-|/|and|through)\s*)?(?:[\u2265>]=?\s*)?)$")
_ITEM = re.compile(rf"(?P<type>[A-Za-z][\w' -]{{1,40}}?)\s*[\[(]\s*(?:n\s*=\s*)?(?P<n>{NUM})(?:\s+(?:events?|patients?|cases?))?\s*[\])]")


def _grade(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip()).lower()


def find_adverse_events(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan_words(norm, _AE_WORDS, AE_COUNT, 70, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")):
            continue
        if _GRADE_BEFORE.search(norm, max(sent[0], m.start("n") - 20), m.start("n")):
            continue
        n = parse_number(m.group("n"))
        if n is None:
            continue
        grade = _grade(m.group("grade"))
        what = m.group("what").lower()
        endpoint = "adverse events" if re.match(r"adverse|ae|teae", what) else re.sub(r"\s+", " ", what)
        if what.startswith("sae"):
            endpoint, grade = "adverse events", grade or "serious"
        if grade == "serious":
            endpoint = "serious " + endpoint
        total = Candidate(
            start=m.start(), end=m.end(), kind="adverse_event", value_start=m.start("n"), value_end=m.end("n"),
            value=n, measure="count", n=parse_count(m.group("n")), grade=grade, endpoint=endpoint,
            endpoint_text=norm[m.start("grade") if m.group("grade") else m.start("what"):m.end("what")],
            sentence=sent, fixed={"endpoint"},
        )
        out.append(total)
        taken.add(total.start, total.end)
        out.extend(_breakdown(norm, m.end(), sent, taken, grade))
    return out


def _breakdown(norm: str, after: int, sent: tuple[int, int], taken: Taken, grade: str) -> list[Candidate]:
    """The '(fever [4 events], infection [4], ...)' list that follows a total."""
    rest = norm[after:sent[1]]
    m = re.match(r"[^(\[]{0,40}?[(\[]", rest)
    if not m:
        return []
    open_at = after + m.end() - 1
    depth, close_at = 0, None
    for i in range(open_at, sent[1]):
        if norm[i] in "([":
            depth += 1
        elif norm[i] in ")]":
            depth -= 1
            if depth == 0:
                close_at = i
                break
    if close_at is None:
        return []
    out = []
    pos = open_at + 1
    for item in _ITEM.finditer(norm, pos, close_at):
        t = item.group("type").strip()
        t = re.sub(r"^(?:and|or|including|with|e\.g\.|i\.e\.)\s+", "", t, flags=re.I).strip(" ,;")
        if not t or taken.overlaps(item.start("n"), item.end("n")):
            continue
        n = parse_number(item.group("n"))
        type_start = item.start("type") + item.group("type").find(t)
        c = Candidate(
            start=type_start, end=item.end(), kind="adverse_event", value_start=item.start("n"),
            value_end=item.end("n"), value=n, measure="count", n=parse_count(item.group("n")),
            grade=grade, endpoint=t.lower(), endpoint_text=t, sentence=sent, fixed={"endpoint"},
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out
