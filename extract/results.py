"""Result figures written without an interval or a percent sign.

    The overall median survival was 25 weeks for ... and 30 weeks for ...   (a statistic, a verb, values)
    completion rates were 79.8 and 81.2 %, respectively                      (a pair after a result verb)
    (4.00 vs. 3.04; P = 0.023)        (4347 vs 3161, p<0.001)                (a bracketed comparison)
    the terminal half-life decreased by 4.5 hours                            (a change "by N unit")
    the incidence ... was 76 per 100 person-years                            (a rate)
    (M diff = 49.98 m, p = 0.001)                                            (a labelled difference)
    nearly 3 times as likely                                                 (a ratio in words)
    0.039 (0.035-0.068) after "median (interquartile range)"                 (a median with a bare spread)

Each rule needs a word that makes the number a result (a statistic named before a verb, a change
verb, 'vs', a rate's person-time), so doses, ages and list numbers stay out. The value is always the
number as written inside the quote.
"""

from __future__ import annotations

import re

from .candidate import Candidate, Sentences, Taken
from .estimates import measure_before
from .numbers import NUM, PCT, SNUM, WORD_NUM, is_pct, parse_count, parse_number
from .scan import scan, scan_words, variants
from .vocab import units

# units a result value may carry; "%" is left to the percentage rule unless the pair shares it
_UNIT = rf"(?:{PCT}|{units.MEASUREMENT_UNITS})"
_VAL = rf"(?P<v1>{SNUM})(?P<u1>\s?{_UNIT}(?![\w/]))?"
# "median survival was 25 weeks for X and 30 weeks for Y", "was 4 for bolus therapy and 3 for CI therapy"
_STAT = r"(?i:\b(?:median|mean|average|rates?|scores?)\b)"
STATED = re.compile(
    rf"\b(?:was|were|is|are)\s+(?:(?:approximately|about|nearly|around)\s+)?(?P<v1>{SNUM})(?![\d.]*\s?{PCT})(?P<u1>\s?{_UNIT}(?![\w/]))?"
    rf"(?P<where>\s+(?:for|in|among|with)\s+(?:(?!\s(?:and|vs|versus|compared)\b)[^,;.()\d]){{1,60}})?"
    rf"(?:(?P<join>,?\s+(?:and|vs\.?|v\.?|versus|compared\s+(?:with|to))\s+)(?P<v2>{SNUM})(?P<u2>\s?{_UNIT}(?![\w/]))?)?"
    rf"(?=[\s,;.)]|$)"
)
# the statistic is the rarer word, so the pattern runs only in the windows after one
_STATED_WORDS = variants("median", "mean", "average", "rate", "rates", "score", "scores")
# a subject that is a baseline characteristic or design figure, not a result
_NOT_RESULT = re.compile(r"(?i:\b(?:age|aged|baseline|dose|doses|dosage|BMI|body\s+mass|duration\s+of\s+(?:the\s+)?(?:study|trial|intervention)|follow[- ]?up)\b)")
# "(4.00 vs. 3.04; P = 0.023)": both sides of a bracketed comparison
VERSUS = re.compile(
    rf"[(\[]\s*(?P<v1>{SNUM})(?P<u1>\s?{_UNIT}(?![\w/]))?\s*(?:vs\.?|v\.?|versus)\s*(?P<v2>{SNUM})(?P<u2>\s?{_UNIT}(?![\w/]))?\s*(?=[;,)\]])"
)
_VERSUS_WORDS = variants("vs", "versus", "v")
_COUNTED = re.compile(r"(?i:\b(?:number|patients|participants|subjects|people|persons|events|episodes|cases|deaths|admissions|visits)\b)")
# "decreased by 4.5 hours", "reduced glucose by 217 mg/dL"
CHANGE_BY = re.compile(
    r"(?P<verb>\b(?:increased|decreased|reduced|improved|lowered|raised|rose|fell|declined|dropped|shortened|prolonged|lengthened))"
    rf"\s+(?:[\w/-]+\s+){{0,3}}?by\s+(?:(?:approximately|about|nearly|almost|around|an\s+average\s+of|a\s+mean\s+of)\s+)?"
    rf"(?P<v1>{NUM})(?P<u1>\s?{_UNIT})(?![\w/%])"
)
_CHANGE_WORDS = variants("increased", "decreased", "reduced", "improved", "lowered", "raised", "rose", "fell", "declined",
                         "dropped", "shortened", "prolonged", "lengthened")
# "76 per 100 person-years", "3.2 per 1000 patient-months"
RATE = re.compile(
    rf"(?P<v1>{SNUM})\s+(?:cases?\s+|events?\s+|infections?\s+|deaths?\s+)?per\s+(?P<per>1000|100|10,000|100,000|10 000|100 000)\s+"
    r"(?P<time>(?:person|patient|participant|woman|women|child|subject)[- ](?:years?|months?|days?|time))\b"
)
_RATE_WORDS = variants("per")
_BY_NUMBER = re.compile(r"\bby\s+(?:[a-z]+\s+){0,3}?-?\d")
_PERSON_TIME = re.compile(r"(?i:[- ](?:years?|months?|days?|time)\b)")
# "M diff = 49.98 m", "MD = -2.1", "difference = 0.4"
LABELLED = re.compile(
    rf"(?P<label>\bM\s*diff|\bMD|\b(?i:mean\s+difference|difference|diff|treatment\s+effect))\s*[=:]\s*(?P<v1>{SNUM})(?P<u1>\s?{_UNIT}(?![\w/]))?"
    r"(?:\s?(?P<u1b>[a-z]+(?:/[a-z]+)?))?(?=[\s,;)\]])"
)
_LABEL_WORDS = variants("diff", "MD", "difference", "effect")
_EQUALS = re.compile(r"[=:]")
# "nearly 3 times as likely", "2.5-fold higher"
TIMES = re.compile(
    rf"(?P<v1>{NUM}|{WORD_NUM})[- ]?(?:times|fold)\s+(?:as\s+(?:likely|high|many|much|often|great)|more|higher|greater|less|lower|"
    r"increased|increase|reduced|reduction|the\s+(?:risk|odds|rate))"
)
_TIMES_WORDS = variants("times", "fold")
_TIMES_OUTCOME = re.compile(
    r"(?:\s+as\s+[\w\s-]{1,40}?\s+to|(?<=the\s(?:risk|odds|rate))|\s+(?:risk|odds|rate|likelihood))\s+(?:of\s+)?"
    r"(?P<ep>[a-z][\w-]*(?:\s+(?!than\b|as\b|compared\b|in\b)[\w-]+){0,4})(?=\s*(?:[.,;()]|$|\s(?:than|as|compared|in)\b))")
_FOLD_DEFINED = re.compile(r"(?i:(?:[=<>\u2264\u2265]=?|\bat\s+least|\bdefined\s+as(?:\s+an?)?|\bof\s+an?)\s*$)")
# "0.039 (0.035-0.068)" once the text has said its figures are medians with a range or IQR
BARE_SPREAD = re.compile(rf"(?P<v1>{SNUM})\s*[(\[]\s*(?P<lo>{SNUM})\s*-\s*(?P<hi>{NUM})\s*[)\]]")
_CLOSE_AFTER_DIGIT = re.compile(r"\d\s*[)\]]")
_SPREAD_DECLARED = re.compile(r"(?i:\bmedian\b(?:[^.]|\.\d){0,160}?\b(?P<kind>interquartile\s+range|IQR|range)\b)")


# where the name of an outcome written just before a figure begins
_PHRASE_START = re.compile(
    r"[,;:(\[]|\.\s|\b(?:and|or|the|their|his|her|its|an?|for|in|with|that|which|whereas|while|but|also|both|"
    r"significantly|improved|increased|decreased|reduced|found|had|has|have|was|were|is|are|compared)\b", re.I)


def _phrase_before(norm: str, pos: int, lo: int) -> str:
    """The outcome named right before `pos`: 'their 6-min walk distance (' -> '6-min walk distance'."""
    piece = _PHRASE_START.split(norm[max(lo, pos - 80):pos])[-1].strip(" -")
    words = piece.split()
    if not words or len(words) > 6 or not re.search(r"[A-Za-z]{2}", piece):
        return ""
    return " ".join(words)


def _name_endpoint(c: Candidate, name: str) -> None:
    if name:
        c.endpoint = c.endpoint_text = name
        c.fixed.add("endpoint")


def _unit(raw: str | None) -> str:
    if is_pct(raw or ""):
        return "%"  # "81.2 percent" is read like "81.2 %"
    # one space inside a unit of several words ("percentage points", "per 100 person-years");
    # "mm Hg" is written one way
    unit = re.sub(r"\s+", " ", raw or "").strip()
    return "mmHg" if re.fullmatch(r"mm ?Hg", unit) else unit


def _num(text: str) -> float | None:
    return parse_number(re.sub(r"\s", "", text))


def _add(out: list[Candidate], taken: Taken, c: Candidate) -> None:
    out.append(c)
    taken.add(c.start, c.end)


def _value(m: re.Match, key: str, sent: tuple[int, int], measure: str, unit: str, *, end: int | None = None,
           start: int | None = None, kind: str = "estimate") -> Candidate:
    vs, ve = m.start(key), m.end(key)
    return Candidate(
        start=vs if start is None else start, end=ve if end is None else end,
        kind=kind, value_start=vs, value_end=ve, value=_num(m.group(key)), measure=measure,
        unit="%" if unit == "%" else unit, sentence=sent, inner=(ve, ve),
    )


def find_stated_values(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'The median WHO score ... was 4 for bolus therapy and 3 for CI therapy'."""
    out: list[Candidate] = []
    for m in scan_words(norm, _STATED_WORDS, STATED, 0, 240):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("v1"), m.end("v1")):
            continue
        subject = norm[max(sent[0], m.start() - 100):m.start()]
        stats = list(re.finditer(_STAT, subject))
        if not stats or _NOT_RESULT.search(subject[stats[-1].start():]) or re.search(r"[;:]", subject[stats[-1].end():]):
            continue
        # "The median WHO score ... was 4": the statistic outranks the noun it qualifies
        words = {s.group(0).lower() for s in stats[-3:]}
        word = next((w for w in ("median", "mean", "average") if w in words), stats[-1].group(0).lower())
        u1, u2 = _unit(m.group("u1")), _unit(m.group("u2"))
        # "79.8 and 81.2 %": the second value's unit belongs to both
        shared = u1 or u2
        measure = ("median" if word == "median" else "mean" if word in {"mean", "average"} else
                   "proportion" if shared == "%" else "rate" if word.startswith("rate") else "")
        if word.startswith("score"):
            measure = ""
        if shared == "%" and word.startswith("rate"):
            measure = "proportion"
        first = _value(m, "v1", sent, measure, shared)
        first.end = m.end("u1") if m.group("u1") else m.end("v1")
        if first.value is None:
            continue
        if m.group("where") and not m.group("u1"):
            first.start = m.start()  # "was 4 for bolus therapy": the verb and group make the figure readable
            first.end = m.end("where")
        _add(out, taken, first)
        if m.group("v2") and not taken.overlaps(m.start("v2"), m.end("v2")) and not (u2 == "%" and not u1):
            second = _value(m, "v2", sent, measure, u2 or u1)
            second.end = m.end("u2") if m.group("u2") else m.end("v2")
            if second.value is not None:
                _add(out, taken, second)
    return out


def find_versus(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'(4.00 vs. 3.04; P = 0.023)': the two sides of a comparison as two figures."""
    out: list[Candidate] = []
    for m in scan_words(norm, _VERSUS_WORDS, VERSUS, 30, 30):
        sent = sents.within(m.start(), m.end())
        if sent is None:
            continue
        u1, u2 = _unit(m.group("u1")), _unit(m.group("u2"))
        unit = u1 or u2
        # whole numbers compare counts only when the sentence counts something ("more episodes (4347 vs 3161")
        counts = unit == "" and all(re.fullmatch(r"\d[\d,]*", m.group(k)) for k in ("v1", "v2")) and bool(
            _COUNTED.search(norm, max(sent[0], m.start() - 80), m.start()))
        for key, u in (("v1", u1), ("v2", u2)):
            if taken.overlaps(m.start(key), m.end(key)) or (u == "%" and key == "v2"):
                continue  # a percentage written with its sign is the percentage rule's
            # a comparison of two numbers that are not counts or shares compares means unless the text names the statistic
            measure = "count" if counts else ("proportion" if unit == "%" else measure_before(norm, m.start(), sent[0]) or "mean")
            c = _value(m, key, sent, measure, unit, kind="count" if counts else "estimate")
            c.end = m.end(key.replace("v", "u")) if m.group(key.replace("v", "u")) else m.end(key)
            if counts:
                c.n = parse_count(m.group(key))
            if c.value is not None:
                _add(out, taken, c)
    return out


def find_changes(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'the terminal half-life decreased by 4.5 hours': an absolute change with its unit."""
    out: list[Candidate] = []
    for m in scan_words(norm, _CHANGE_WORDS, CHANGE_BY, 0, 90, needs=_BY_NUMBER):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("v1"), m.end()):
            continue
        unit = _unit(m.group("u1"))
        if unit == "%":
            continue  # "reduced by 30%" is a relative change the percentage rule reads
        c = _value(m, "v1", sent, "difference", unit, start=m.start(), end=m.end())
        # "reduced glucose by": the object names the outcome; "the half-life decreased by": the subject
        obj = re.sub(r"\b(?:significantly|markedly|further|only|mean|the|their|its)\b", "", norm[m.end("verb"):m.start("v1")])
        obj = re.sub(r"\s+", " ", re.sub(r"\s*by\s+(?:\w+\s+)*$", "", obj.strip() + " ")).strip()
        if not obj or len(obj.split()) > 4 or re.match(r"(?i:with|in|from|after|at|among|for|to|over|during|compared)\b", obj):
            obj = _phrase_before(norm, m.start("verb"), sent[0])  # "the 6-min walk test increased with X by"
        _name_endpoint(c, obj)
        if c.value is not None:
            _add(out, taken, c)
    return out


def find_rates(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'76 per 100 person-years'."""
    out: list[Candidate] = []
    for m in scan_words(norm, _RATE_WORDS, RATE, 30, 50, needs=_PERSON_TIME):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        c = _value(m, "v1", sent, "rate", f"per {m.group('per')} {m.group('time')}", end=m.end())
        # "the incidence of any HPV infection was 76 per 100 person-years"
        subject = re.search(r"(?P<ep>\b(?:incidence|rate|risk)\s+of\s+[^,;()]{2,60}?)\s+(?:was|were|is|of)\s*$",
                            norm[max(sent[0], m.start() - 90):m.start()], re.I)
        if subject:
            _name_endpoint(c, subject.group("ep"))
        if c.value is not None:
            _add(out, taken, c)
    return out


def find_labelled_differences(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'(M diff = 49.98 m, p adj = 0.001)'."""
    out: list[Candidate] = []
    for m in scan_words(norm, _LABEL_WORDS, LABELLED, 12, 40, needs=_EQUALS):
        # "M\ndiff = 49.98 m": a subscript flattened onto a new line; the label's last word starts the quote
        sent = sents.of(m.start("v1"))
        if sent is None or m.end() > sent[1] or taken.overlaps(m.start("v1"), m.end("v1")):
            continue
        label = re.sub(r"\s+", " ", m.group("label")).lower()
        measure = "mean difference" if label.startswith(("m diff", "md", "mean")) else "difference"
        unit = _unit(m.group("u1")) or (m.group("u1b") or "")
        if unit and unit.lower() in {"and", "or", "vs", "in", "for", "p"}:
            unit = ""
        end = m.end("u1") if m.group("u1") else (m.end("u1b") if unit else m.end("v1"))
        c = _value(m, "v1", sent, measure, unit, start=max(m.start(), sent[0]), end=end)
        opened = norm.rfind("(", max(0, m.start() - 3), m.start() + 1)
        if opened >= 0:  # "leg strength (M diff = 21.82 kg": the outcome is named before the bracket
            _name_endpoint(c, _phrase_before(norm, opened, max(0, opened - 80)))
        if c.value is not None:
            _add(out, taken, c)
    return out


def find_times(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'nearly 3 times as likely as controls'."""
    out: list[Candidate] = []
    for m in scan_words(norm, _TIMES_WORDS, TIMES, 20, 30):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        if _FOLD_DEFINED.search(norm, max(sent[0], m.start() - 40), m.start()):
            continue  # "defined as a 2-fold increase", ">= 4-fold rise": a definition, not a result
        value = parse_number(m.group("v1")) if re.match(r"[\d.]", m.group("v1")) else parse_count(m.group("v1"))
        if value is None:
            continue
        end = m.start() + len(re.match(r"\S+[- ]?(?:times|fold)", m.group(0)).group(0))
        c = Candidate(
            start=m.start(), end=end, kind="estimate", value_start=m.start("v1"), value_end=m.end("v1"),
            value=float(value), measure="ratio", sentence=sent, inner=(end, end),
        )
        # "3 times as likely as controls to meet the target", "2-fold higher risk of death"
        what = _TIMES_OUTCOME.match(norm, m.end(), sent[1])
        if what:
            _name_endpoint(c, re.sub(r"\s+", " ", what.group("ep")).strip())
        _add(out, taken, c)
    return out


def find_bare_spreads(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Medians with a bare bracketed spread, in a text that declared 'median (interquartile range)'."""
    if "edian" not in norm:  # cheap test before the declaration pattern
        return []
    declared = _SPREAD_DECLARED.search(norm)
    if declared is None:
        return []
    kind = "range" if declared.group("kind").lower() == "range" else "IQR"
    out: list[Candidate] = []
    for m in scan(norm, _CLOSE_AFTER_DIGIT, BARE_SPREAD, 40, 2):
        sent = sents.within(m.start(), m.end())
        if sent is None or m.start() < declared.start() or taken.overlaps(m.start(), m.end()):
            continue
        value, lo, hi = _num(m.group("v1")), _num(m.group("lo")), _num(m.group("hi"))
        if value is None or lo is None or hi is None or not lo <= value <= hi or lo == hi:
            continue
        _add(out, taken, Candidate(
            start=m.start(), end=m.end(), kind="estimate", value_start=m.start("v1"), value_end=m.end("v1"), value=value,
            measure="median", range_low=lo, range_high=hi, range_kind=kind, sentence=sent,
            inner=(m.end("v1"), m.end("v1")),
        ))
    return out


def find_result_figures(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """All the rules of this module, most specific first."""
    found: list[Candidate] = []
    for rule in (find_labelled_differences, find_rates, find_changes, find_bare_spreads, find_versus, find_times,
                 find_stated_values):
        found += rule(norm, sents, taken)
    return found
