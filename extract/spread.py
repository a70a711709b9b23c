"""Follow-up, medians with a range or IQR, thresholds and eligibility bounds.

    The median follow-up was 26.3 months (range, 3.9 to 48.2)
    median age 61 years (IQR 54-68)          low levels of MRD (<5x10^-4 ...)
    <5 leukemic cells per 10,000 normal cells          younger than 1 year of age
"""

from __future__ import annotations

import re

from .candidate import Candidate, Sentences, Taken
from .numbers import NUM, SNUM, WORD_NUM, _CORE, parse_number
from .scan import scan, scan_words, variants

_TIME_UNIT = r"(?:months?|mo|years?|yrs?|weeks?|wks?|days?|hours?|h)"
_SPREAD = (
    rf"\s*[(\[,;]?\s*(?P<rkind>range|IQR|interquartile\s+range|IQ\s+range)\s*(?:\[IQR\])?\s*[,:=]?\s*(?:of\s+|from\s+)?"
    rf"(?P<lo>{SNUM})\s*{_TIME_UNIT}?\s*(?:to|-|,|and)\s*(?P<hi>(?:-\s?)?{_CORE})\s*(?:{_TIME_UNIT}\b)?\s*[)\]]?"
)
FOLLOW_UP = re.compile(
    rf"(?P<label>(?i:\b(?:median|mean)\s+(?:duration\s+of\s+|length\s+of\s+)?follow[- ]?up(?:\s+(?:time|period|duration|interval))?))"
    rf"(?:\s+(?:was|of|is|lasted|time\s+was|were))?\s*[:,=]?\s*(?:\w+\s+){{0,2}}?(?P<value>{NUM})\s*(?P<unit>{_TIME_UNIT})\b"
    rf"(?:{_SPREAD})?"
    rf"|(?P<value_b>{NUM})\s*(?P<unit_b>{_TIME_UNIT})\s+(?:of\s+)?(?:median\s+)?follow[- ]?up\b"
    # "followed for a median of 4.2 years", "followed up for a mean of 18 weeks"
    rf"|(?i:\bfollowed(?:[- ]up)?\s+(?:for\s+)?(?:a\s+)?(?P<label_c>median|mean)\s+(?:(?:duration|period|time)\s+)?(?:of\s+)?)"
    rf"(?P<value_c>{NUM})\s*(?P<unit_c>{_TIME_UNIT})\b"
)
MEDIAN_SPREAD = re.compile(rf"(?P<value>{SNUM})\s*(?P<unit>%|{_TIME_UNIT}\b|[a-zA-Zµμ/]{{1,8}})?{_SPREAD}")
THRESHOLD = re.compile(
    rf"(?P<q>[<>\u2264\u2265]=?|less\s+than|greater\s+than|more\s+than|below|above|at\s+least|under)\s*"
    rf"(?P<value>(?P<mant>(?<![\w.])\d+(?:\.\d+)?)\s*[x*]\s*10\s*\^?\s*(?P<exp>[-+]?\s?\d+)|{NUM})"
    rf"(?P<per>\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+per\s+{NUM}(?:\s+[a-z][\w-]*){{0,2}})?"
)
ELIGIBILITY = re.compile(
    rf"\b(?P<q>younger\s+than|older\s+than|aged\s+under|aged\s+over|under\s+the\s+age\s+of|over\s+the\s+age\s+of|less\s+than)\s+"
    rf"(?P<value>{NUM}|{WORD_NUM})\s+(?P<unit>years?|months?|weeks?|days?)(?:\s+of\s+age|\s+old)?"
)
_FOLLOW_TRIGGER = re.compile(r"(?i:follow)")
_SPREAD_WORDS = variants("range", "IQR", "interquartile")
_THRESHOLD_TRIGGER = re.compile(r"[<>\u2264\u2265]|than|below|above|least|under")
_SCI_TRIGGER = re.compile(r"\d\s*[x*]\s*10")
_AGE_WORDS = variants("than", "aged", "age")
_QUALIFIER = {"<": "<", ">": ">", "\u2264": "\u2264", "\u2265": "\u2265", "<=": "\u2264", ">=": "\u2265",
              "under": "<", "below": "<", "less than": "<", "greater than": ">", "more than": ">", "above": ">",
              "at least": "\u2265", "younger than": "<", "older than": ">", "aged under": "<", "aged over": ">",
              "under the age of": "<", "over the age of": ">"}


def _unit_name(u: str) -> str:
    u = u.lower()
    for full in ("month", "year", "week", "day", "hour"):
        if u.startswith(full[:2]) and (u.startswith(full) or len(u) <= 3):
            return full + "s"
    return "hours" if u == "h" else u


def find_follow_up(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan(norm, _FOLLOW_TRIGGER, FOLLOW_UP, 40, 110):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        vkey, ukey = ("value", "unit") if m.group("value") else ("value_b", "unit_b") if m.group("value_b") else ("value_c", "unit_c")
        label = (m.group("label") or m.group("label_c") or "median follow-up").lower()
        c = Candidate(
            start=m.start(vkey), end=m.end(), kind="follow_up", value_start=m.start(vkey), value_end=m.end(vkey),
            value=parse_number(m.group(vkey)), measure="mean" if label.startswith("mean") else "median",
            unit=_unit_name(m.group(ukey)), endpoint="follow-up", endpoint_text="follow-up",
            sentence=sent, fixed={"endpoint"},
        )
        if vkey in ("value_b", "value_c"):
            c.end = m.end(ukey)
        if vkey == "value_c":
            pass
        elif m.group("rkind"):
            c.range_low, c.range_high = parse_number(m.group("lo").replace(" ", "")), parse_number(m.group("hi").replace(" ", ""))
            c.range_kind = "range" if m.group("rkind").lower() == "range" else "IQR"
        else:
            c.end = m.end(ukey)
        while c.end > c.start and norm[c.end - 1] == " ":
            c.end -= 1
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_median_spreads(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """A value with its range or IQR: 'median age 61 years (IQR 54-68)'."""
    out = []
    for m in scan_words(norm, _SPREAD_WORDS, MEDIAN_SPREAD, 40, 60):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        before = norm[max(sent[0], m.start() - 60):m.start()].lower()
        measure = "median" if "median" in before or m.group("rkind").lower() != "range" else ("mean" if "mean" in before else "median")
        unit = (m.group("unit") or "").strip()
        if unit and not re.fullmatch(r"%|[a-zA-Zµμ/]+", unit):
            unit = ""
        c = Candidate(
            start=m.start(), end=m.end(), kind="estimate", value_start=m.start("value"), value_end=m.end("value"),
            value=parse_number(m.group("value").replace(" ", "")), measure=measure,
            unit=_unit_name(unit) if unit and unit != "%" else unit,
            range_low=parse_number(m.group("lo").replace(" ", "")), range_high=parse_number(m.group("hi").replace(" ", "")),
            range_kind="range" if m.group("rkind").lower() == "range" else "IQR", sentence=sent,
            inner=(m.end("value"), m.end("value")),
        )
        while c.end > c.start and norm[c.end - 1] == " ":
            c.end -= 1
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_thresholds(norm: str, sents: Sentences, taken: Taken, *, with_scientific_only: bool) -> list[Candidate]:
    """'<5x10^-4' (scientific thresholds first), then '<5 leukemic cells per 10,000 normal cells'."""
    out = []
    trigger = _SCI_TRIGGER if with_scientific_only else _THRESHOLD_TRIGGER
    for m in scan(norm, trigger, THRESHOLD, 20, 90):
        sci = m.group("exp") is not None
        if with_scientific_only != sci:
            continue
        if not sci and not m.group("per"):
            continue  # plain "<0.05" is a p-value or a cut-off the percentage rule handles
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        if sci:
            value = float(m.group("mant")) * 10 ** int(m.group("exp").replace(" ", ""))
            end, unit = m.end("value"), ""
        else:
            value = parse_number(m.group("value"))
            end, unit = m.end("per"), re.sub(r"\s+", " ", m.group("per").strip())
        q = re.sub(r"\s+", " ", m.group("q").lower())
        c = Candidate(
            start=m.start(), end=end, kind="threshold", value_start=m.start("value"), value_end=m.end("value"),
            value=value, measure="threshold", unit=unit, qualifier=_QUALIFIER.get(q, q), sentence=sent,
            inner=(end, end),
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_eligibility(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Age bounds of the population: 'younger than 1 year of age'."""
    out = []
    for m in scan_words(norm, _AGE_WORDS, ELIGIBILITY, 25, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        q = re.sub(r"\s+", " ", m.group("q").lower())
        c = Candidate(
            start=m.start(), end=m.end(), kind="eligibility", value_start=m.start("value"), value_end=m.end("value"),
            value=parse_number(m.group("value")), measure="threshold", unit=_unit_name(m.group("unit")),
            qualifier=_QUALIFIER.get(q, q), endpoint="age", endpoint_text="age", sentence=sent, fixed={"endpoint"},
            inner=(m.end(), m.end()),
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out
