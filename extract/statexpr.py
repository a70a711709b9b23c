"""A small tokenizer and grammar for the statistical expression "estimate (statistics)".

    0.79 (95% CI 0.66-0.96)               hazard ratio [HR], 0.97; 95% CI, 0.85-1.09; P = .58
    0.041 (p = 0.32, 95% CI: -0.02, 0.10) difference (SE) was -0.7 (0.28) with a 95% CI of -1.3 to -0.1
    44.8 mL/min (0.75 mL/s) (95% CI, 42.7-47.6 mL/min)          HR: 0.81;\\n95% CI: 0.69-0.95
    (95% CI): 2.10% (0.31, 3.90; p=0.08)  34 [48%; 95% CI 36.2-60.1] of 70 ... 29 [41%; 29.8-53.0] of 71

The text is cut into tokens (numbers, labels such as HR / SD / SE / p / 95% CI / IQR / n, brackets,
separators, words, line breaks), and the expression is parsed into labelled slots: the interval's
bounds, the estimate, its measure, its p-value. A number's role comes from its label and its place:
a number after "p =", "SD", "SE", "n =" or inside a unit conversion ("(0.75 mL/s)") is never the
estimate, whatever its position in the bracket. A shape the grammar does not know yields nothing:
no claim is better than a claim with the wrong number in its estimate field.

Works on the normalised text (see normalise.py), so dashes and minus signs are '-', middle-dot
decimals are '.', and offsets are offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .numbers import PCT
from .pvalues import P_VALUE
from .vocab import measures, sections

# ---- vocabulary of the expression: measure labels live in the one table (extract/vocab/measures.py)
MEASURE_LABELS = measures.EXPRESSION_LABELS
CI_NAMES = r"(?:CI|CrI|Cl|C\.I\.|confidence\s+intervals?|confidence\s+limits?|credible\s+intervals?|uncertainty\s+intervals?|UI|compatibility\s+intervals?)"
# "[CI]", "(CI)", "{CI}" written after the name
_CI_ECHO = r"(?:\s*[\[({](?:CI|CIs|CrI|UI)[\])}])?"
# "not reached" and its kin: an upper bound that is open
OPEN_BOUND = r"(?:not\s+reached|not\s+estimable|not\s+evaluable|NR\b|NE\b|infinity|\u221e)"
STOP_WORDS = sections.COMPARISON_WORDS
UNIT_WORDS = frozenset({"per"})

_TOKEN = re.compile(
    r"(?P<nl>\n)"
    rf"|(?P<p>{P_VALUE.pattern}(?:\s*x\s*10\s*\(\s*-?\s*\d+\s*\))?)"
    rf"|(?P<ci>(?P<lvl>\d{{2}}(?:\.\d+)?)\s?{PCT}\s*{CI_NAMES}{_CI_ECHO}|{CI_NAMES}\s?(?P<lvl2>\d{{2}})\s?%|(?<![A-Za-z]){CI_NAMES}{_CI_ECHO}(?![A-Za-z]))"
    rf"|(?P<open_bound>{OPEN_BOUND})"
    r"|(?P<sd>(?<![A-Za-z])(?:SD|s\.d\.|standard\s+deviation|sd)(?![A-Za-z])|\u00b1|\+/-|\+-)"
    r"|(?P<se>(?<![A-Za-z])(?:SEM?|s\.e\.|standard\s+error|se)(?![A-Za-z]))"
    r"|(?P<iqr>(?<![A-Za-z])(?:IQR|interquartile\s+range|range)(?![A-Za-z]))"
    r"|(?P<n>(?<![A-Za-z])[nN](?=\s*=))"
    r"|(?P<i2>(?<![A-Za-z])I\s?\(?2\)?(?=\s*=)|I\u00b2)"
    rf"|(?P<word_num>\d+(?:\.\d+)?-(?!{OPEN_BOUND})[A-Za-z][\w-]*)"  # "200-mg", "12-month": a word, not a number
    r"|(?P<num>[£$€]?(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?(?![\w])|[£$€]?\.\d+(?![\w]))"
    rf"|(?P<pct>{PCT})"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<sep>[,;:])|(?P<eq>=)|(?P<dash>-)|(?P<plus>\+)"
    r"|(?P<stop>\.(?=\s|$))"
    r"|(?P<word>[A-Za-z\u00b5\u03bc](?:[\w/\u00b5\u03bc'-]|\.(?=\w))*(?:\(\d\))?)"
)
_MEASURES = [(re.compile(p), name) for p, name in MEASURE_LABELS]
_SIGN_AFTER = frozenset({"open", "close", "sep", "eq", "to", "ci", "start", "nl", "measure", "word"})


@dataclass(frozen=True)
class Tok:
    kind: str  # num pct ci p sd se iqr n i2 open close sep eq to nl stop word measure nr
    start: int
    end: int
    text: str
    value: Optional[float] = None
    level: Optional[float] = None
    measure: str = ""


# Cheap gates before the measure patterns run: the words a measure label can be or begin with.
_MEASURE_SINGLE = frozenset({"HR", "HRs", "aHR", "RH", "OR", "ORs", "aOR", "IRR", "IRRs", "RR", "RRs", "aRR", "SMD", "SMDs",
                             "MD", "MDs", "WMD", "WMDs", "ARR", "RD", "NNT", "NNH", "LR", "coefficient", "coefficients",
                             "Coefficient", "\u03b2"})
_MEASURE_FIRST = frozenset({"hazard", "relative", "odds", "rate", "incidence", "risk", "standardized", "standardised", "standard",
                            "weighted", "mean", "absolute", "number", "likelihood", "regression"})


def _measure_of(text: str) -> Optional[str]:
    """The measure a whole label names ('' for a label the contract has no measure for), None if not a label."""
    for pattern, name in _MEASURES:
        if pattern.fullmatch(text):
            return name
    return None


def _num(text: str) -> Optional[float]:
    t = re.sub(r"[\s£$€,+]", "", text)
    try:
        return float(t)
    except ValueError:
        return None


def tokenize(norm: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of norm[lo:hi]; a '-' is a sign after a bracket, separator, label or word, and an
    interval dash after a number ('0.4-11.9', 'CI=-1.6-4.3')."""
    out: list[Tok] = []
    pending_sign: Optional[int] = None
    for m in _TOKEN.finditer(norm, lo, hi):
        kind = m.lastgroup or ""  # the outer group closes last, so inner names ('lvl', 'v') never show here
        s, e, text = m.start(), m.end(), m.group(0)
        prev = out[-1].kind if out else "start"
        if kind == "dash" or kind == "plus":
            if kind == "dash" and prev in ("num", "pct", "nr") or (prev == "word" and out[-1].text.lower() in _UNITISH and kind == "dash"):
                out.append(Tok("to", s, e, text))
            elif prev in _SIGN_AFTER:
                pending_sign = s if kind == "dash" else e  # '+' is dropped: '+19.43' is 19.43
                if kind == "plus":
                    pending_sign = None
            continue
        if kind == "num":
            value = _num(text)
            if pending_sign is not None and s - pending_sign <= 2:
                out.append(Tok("num", pending_sign, e, norm[pending_sign:e], -value if value is not None else None))
            else:
                out.append(Tok("num", s, e, text, value))
            pending_sign = None
            continue
        pending_sign = None
        if kind == "ci":
            lvl = m.group("lvl") or m.group("lvl2")
            out.append(Tok("ci", s, e, text, level=float(lvl) if lvl else None))
        elif kind == "word":
            low = text.lower()
            if low == "to":
                out.append(Tok("to", s, e, text))
            else:
                measure = _measure_of(text) if text in _MEASURE_SINGLE else None
                out.append(Tok("word" if measure is None else "measure", s, e, text, measure=measure or ""))
        elif kind == "word_num":
            out.append(Tok("word", s, e, text))
        elif kind == "open_bound":
            out.append(Tok("nr", s, e, text))
        else:
            out.append(Tok(kind, s, e, text))
    return _join_measure_phrases(norm, out)


# unit words after which a '-' still reads as an interval dash ("0.4%-14.7%" has pct; "4.4 mg-7.0")
_UNITISH = frozenset({"mg", "g", "kg", "ml", "cm", "mm", "mmhg", "points", "point"})


def _join_measure_phrases(norm: str, toks: list[Tok]) -> list[Tok]:
    """Multi-word labels ('hazard ratio', 'standard mean difference') become one measure token."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        joined = None
        if t.kind == "word" and t.text.lower() in _MEASURE_FIRST:
            # try the longest run of up to four words that names a measure
            for j in range(min(len(toks), i + 4), i + 1, -1):
                run = toks[i:j]
                if all(r.kind in ("word", "measure") for r in run):
                    text = norm[run[0].start:run[-1].end]
                    name = _measure_of(text)
                    if name is not None:
                        joined = Tok("measure", run[0].start, run[-1].end, text, measure=name)
                        i = j
                        break
        if joined is not None:
            out.append(joined)
            continue
        out.append(t)
        i += 1
    return out


# ---- the grammar -----------------------------------------------------------------------------

@dataclass
class Expression:
    """One parsed 'estimate (statistics)': offsets into the text and the labelled slots."""

    start: int
    end: int
    value: Optional[float]
    value_start: int
    value_end: int
    value_pct: bool
    ci_low: Optional[float]
    ci_high: Optional[float]
    ci_open_high: bool
    ci_level: Optional[float]
    bounds_pct: bool
    measure: str = ""
    p_value: str = ""
    sd: Optional[float] = None
    se: Optional[float] = None
    inner: tuple[int, int] = (0, 0)
    # the shape, for lists that repeat it without the label ("[41%; 29.8-53.0]")
    shape: str = ""
    slots: dict = field(default_factory=dict)


_SKIP_AFTER_CI = frozenset({"sep", "eq"})
_FILLER_AFTER_CI = frozenset({"of", "was", "were", "is", "from", "for", "the"})
_STAT_LABELS = frozenset({"sd", "se", "iqr", "n", "i2"})


def _bounds(toks: list[Tok], j: int) -> Optional[tuple[int, Tok, Tok, bool]]:
    """'lo (unit) to|-|,|;|and hi (unit)' starting at toks[j]: (index after, lo, hi, pct)."""
    if j >= len(toks) or toks[j].kind != "num":
        return None
    lo = toks[j]
    k = j + 1
    pct = False
    if k < len(toks) and toks[k].kind == "pct":
        pct, k = True, k + 1
    while k < len(toks) and toks[k].kind == "word" and toks[k].text.lower() not in ("and",) and k - j < 4:
        k += 1  # a unit on the lower bound: "4.4 mg/dL to 7.0"
    if k >= len(toks) or not (toks[k].kind in ("to", "sep") and toks[k].text in ("-", "to", ",", ";", "TO") or
                              toks[k].kind == "word" and toks[k].text.lower() == "and"):
        return None
    k += 1
    if k >= len(toks) or toks[k].kind not in ("num", "nr"):
        return None
    hi = toks[k]
    k += 1
    if k < len(toks) and toks[k].kind == "pct":
        pct, k = True, k + 1
    return k, lo, hi, pct


def _group_before(toks: list[Tok], close: int) -> Optional[int]:
    """Index of the bracket that opens the group closed at toks[close]."""
    depth = 0
    for i in range(close, -1, -1):
        if toks[i].kind == "close":
            depth += 1
        elif toks[i].kind == "open":
            depth -= 1
            if depth == 0:
                return i
    return None


def _group_role(toks: list[Tok], o: int, c: int) -> str:
    """What a bracketed group before an interval is: 'label' ('[HR]', '(SE)'), 'conversion'
    ('(0.75 mL/s)', '[107.8 micromol/L]'), 'value' ('(7.5%)'), 'stat' ('(SD 1.0)', '(IQR 2-5)'),
    'bare' (one unlabelled number) or 'other'."""
    inner = toks[o + 1:c]
    kinds = [t.kind for t in inner]
    if not inner:
        return "other"
    if all(k in ("measure", "sd", "se", "ci", "word", "sep", "iqr", "n") for k in kinds) and "num" not in kinds:
        return "label"
    if any(k in _STAT_LABELS or k == "p" for k in kinds):
        return "stat"
    if kinds == ["num", "pct"]:
        return "value"
    if kinds[0] == "num" and len(kinds) > 1 and all(k == "word" for k in kinds[1:]):
        return "conversion"
    if kinds == ["num"]:
        return "bare"
    return "other"


def _declared_roles(toks: list[Tok], upto: int) -> set[str]:
    """Roles a header declares for bracketed numbers ('difference (SE) was', 'mean (SD)')."""
    roles = set()
    for i in range(1, upto - 1):
        if toks[i - 1].kind == "open" and toks[i].kind in ("sd", "se") and toks[i + 1].kind == "close":
            roles.add(toks[i].kind)
    return roles


def _measure_beside(toks: list[Tok], v: int) -> str:
    """A measure label right before the value ('HR 0.35', 'relative risk, 0.32', 'OR) 0.23',
    'RR of 1.46', 'WMD in hours = 3.65', 'standard mean difference = 0.11')."""
    i = v - 1
    steps = 0
    while i >= 0 and steps < 6:
        t = toks[i]
        if t.kind == "measure":
            return t.measure
        if t.kind in ("sep", "eq", "open", "close") or t.kind == "word" and t.text.lower() in (
                "of", "was", "were", "is", "in", "hours", "days", "weeks", "months", "adjusted", "pooled", "overall", "an", "a"):
            i -= 1
            steps += 1
            continue
        return ""
    return ""


def value_before(norm: str, toks: list[Tok], at: int, max_gap: int = 60) -> Optional[tuple[int, dict]]:
    """The estimate an interval at toks[at] belongs to: the nearest number before it that no label
    claims, walking back over separators, the interval's own bracket, p-values, labelled statistics,
    unit conversions and a few words. Returns (token index, slots) or None for an unknown shape."""
    slots: dict = {}
    declared = _declared_roles(toks, at)
    i = at - 1
    words = 0
    last_end = toks[at].start
    while i >= 0:
        t = toks[i]
        if t.kind in ("sep", "eq", "open"):
            i -= 1
            continue
        if t.kind == "nl":
            # a line break ends the walk unless the line before ends with a separator ("HR: 0.81;\n95% CI")
            if i > 0 and toks[i - 1].kind == "sep":
                i -= 1
                continue
            return None
        if t.kind == "p":
            slots.setdefault("p", t.text)
            i -= 1
            continue
        if t.kind == "close":
            o = _group_before(toks, i)
            if o is None:
                return None
            role = _group_role(toks, o, i)
            if role == "value" and declared & {"sd", "se"} and o > 0 and toks[o - 1].kind in ("num", "pct"):
                role = "bare"  # "Mean (SD) ... 7.4% (1.0%)": the header says the bracket holds the SD
            if role == "value":
                return o + 1, slots
            if role == "bare":
                if declared & {"sd", "se"}:
                    slots[sorted(declared)[0]] = toks[o + 1].value
                    i = o - 1
                    continue
                return None  # an unlabelled number in brackets: SD, SE or n? unknown -> no claim
            if role in ("label", "conversion", "stat"):
                i = o - 1
                continue
            return None
        if t.kind == "num":
            before = toks[i - 1] if i > 0 else None
            before2 = toks[i - 2] if i > 1 else None
            label = before2 if before is not None and before.kind in ("eq", "sep") and before2 is not None else before
            if label is not None and label.kind in _STAT_LABELS:
                slots[label.kind] = t.value
                i -= 3 if label is before2 else 2
                continue
            if before is not None and before.kind == "word" and before.text.lower() in UNIT_WORDS:
                i -= 2  # "per 1.73 m(2)": part of a unit
                continue
            if (before is not None and before.kind == "to" and i > 1 and toks[i - 2].kind in ("num", "pct", "nr")
                    or i + 1 < len(toks) and toks[i + 1].kind == "to"):
                return None  # a bound of another interval ("from 44.8 (...) to 58.9 (95% CI ...)" is not one)
            if norm[t.end:last_end].count("\n") > 1 or last_end - t.end > max_gap + 20:
                return None
            return i, slots
        if t.kind == "word":
            if t.text.lower() in STOP_WORDS:
                return None
            words += 1
            if words > 8 or last_end - t.start > max_gap + 40:
                return None
            i -= 1
            continue
        if t.kind in ("measure", "sd", "se", "iqr", "pct", "i2", "n"):
            i -= 1
            continue
        return None  # a stop, another interval, a range dash: the estimate is not here
    return None


def parse_at_ci(norm: str, toks: list[Tok], ci: int) -> Optional[Expression]:
    """Parse the expression around the CI label toks[ci]."""
    label = toks[ci]
    j = ci + 1
    opened_after = False
    while j < len(toks):
        t = toks[j]
        if t.kind in _SKIP_AFTER_CI or t.kind == "word" and t.text.lower() in _FILLER_AFTER_CI:
            j += 1
        elif t.kind == "open" and j + 1 < len(toks) and toks[j + 1].kind == "ci":
            # "95% confidence interval (95% CI) -0.6 to 1.8": the echo of the label
            k = j + 2
            if k < len(toks) and toks[k].kind == "close":
                j = k + 1
                continue
            break
        elif t.kind == "open" and not opened_after:
            opened_after = True
            j += 1
        elif t.kind == "close" and j == ci + 1:
            j += 1  # "(95% CI): 2.10% (0.31, 3.90; ...)": the label closes its own bracket
        else:
            break
    # label before the value: "95% CI 4.10, 1.32-12.75" or "(95% CI): 2.10% (0.31, 3.90; p=0.08)"
    first = _label_first(norm, toks, ci, j)
    if first is not None:
        return first
    b = _bounds(toks, j)
    if b is None:
        return None
    k, lo, hi, bpct = b
    if opened_after and k < len(toks) and toks[k].kind == "close":
        k += 1
    vb = value_before(norm, toks, ci)
    slots: dict = {} if vb is None else vb[1]
    end_tok = k
    # statistics after the bounds inside the same bracket: "; P = .58", ", p = 0.038"
    depth = _open_depth(toks, vb[0] if vb else ci, ci)
    m = k
    while m < len(toks) and depth > 0:
        t = toks[m]
        if t.kind == "p":
            slots.setdefault("p", t.text)
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
            if depth == 0:
                end_tok = m + 1
                break
        elif t.kind in ("stop", "nl", "ci"):
            break
        m += 1
    if vb is None:
        return None
    v = vb[0]
    vt = toks[v]
    pct = v + 1 < len(toks) and toks[v + 1].kind == "pct"
    end = toks[end_tok - 1].end if end_tok > 0 else toks[k - 1].end
    end = max(end, toks[k - 1].end)
    return Expression(
        start=vt.start, end=end, value=vt.value, value_start=vt.start, value_end=vt.end, value_pct=pct,
        ci_low=lo.value, ci_high=hi.value if hi.kind == "num" else None, ci_open_high=hi.kind == "nr",
        ci_level=label.level, bounds_pct=bpct, measure=_measure_beside(toks, v), p_value=slots.get("p", ""),
        sd=slots.get("sd"), se=slots.get("se"), inner=(vt.end, label.start),
        shape=_shape(toks, v, ci),
    )


def _shape(toks: list[Tok], v: int, ci: int) -> str:
    """The notation of a labelled expression, for later list items that repeat it without the label."""
    if v > 0 and toks[v - 1].kind == "open" and _open_depth(toks, v - 1, ci) > 0:
        return "bracket-value-first"  # "[48%; 95% CI 36.2-60.1]"
    between = [t.kind for t in toks[v + 1:ci]]
    if between.count("sep") == 1 and between[-1] == "sep" and len(between) <= 3 and all(k in ("pct", "word", "sep") for k in between):
        return "value-sep-label"  # "3.12 umol/L, 95% CI 2.23 to 4.01" -> later "0.13 umol/L, -0.85 to 1.11"
    return ""


def _open_depth(toks: list[Tok], frm: int, to: int) -> int:
    d = 0
    for t in toks[frm:to]:
        if t.kind == "open":
            d += 1
        elif t.kind == "close":
            d = max(0, d - 1)
    return d


def _label_first(norm: str, toks: list[Tok], ci: int, j: int) -> Optional[Expression]:
    """'95% CI 4.10, 1.32-12.75' and '(95% CI): 2.10% (0.31, 3.90; p=0.08)'."""
    label = toks[ci]
    if j + 4 < len(toks) and toks[j].kind == "num":
        v = toks[j]
        k = j + 1
        pct = k < len(toks) and toks[k].kind == "pct"
        if pct:
            k += 1
        if toks[k].kind == "open":
            b = _bounds(toks, k + 1)
            if b is not None:
                m, lo, hi, bpct = b
                p = ""
                while m < len(toks) and toks[m].kind in ("sep", "p"):
                    if toks[m].kind == "p":
                        p = toks[m].text
                    m += 1
                if m < len(toks) and toks[m].kind == "close":
                    return Expression(
                        start=v.start, end=toks[m].end, value=v.value, value_start=v.start, value_end=v.end, value_pct=pct,
                        ci_low=lo.value, ci_high=hi.value if hi.kind == "num" else None, ci_open_high=hi.kind == "nr",
                        ci_level=label.level, bounds_pct=bpct, measure=_measure_beside(toks, ci), p_value=p, inner=(v.end, v.end),
                    )
        elif toks[k].kind == "sep" and toks[k].text == ",":
            b = _bounds(toks, k + 1)
            if b is not None and b[0] < len(toks) + 1 and toks[k + 2].kind == "to":
                m, lo, hi, bpct = b
                return Expression(
                    start=label.start, end=toks[m - 1].end, value=v.value, value_start=v.start, value_end=v.end, value_pct=pct,
                    ci_low=lo.value, ci_high=hi.value if hi.kind == "num" else None, ci_open_high=hi.kind == "nr",
                    ci_level=label.level, bounds_pct=bpct, measure=_measure_beside(toks, ci), inner=(v.end, v.end),
                )
    return None


def repeated_items(toks: list[Tok], frm: int) -> list[Expression]:
    """Later items of a list that repeat a bracketed 'value; label bounds' shape without the label:
    '34 [48%; 95% CI 36.2-60.1] of 70 ... and 29 [41%; 29.8-53.0] of 71'."""
    out = []
    i = frm
    while i + 6 < len(toks) + 1:
        if toks[i].kind == "open" and i + 1 < len(toks) and toks[i + 1].kind == "num":
            v = toks[i + 1]
            k = i + 2
            pct = k < len(toks) and toks[k].kind == "pct"
            k += pct
            if k < len(toks) and toks[k].kind == "sep":
                b = _bounds(toks, k + 1)
                if b is not None and b[0] < len(toks) and toks[b[0]].kind == "close":
                    m, lo, hi, bpct = b
                    out.append(Expression(
                        start=v.start, end=toks[m].end, value=v.value, value_start=v.start, value_end=v.end, value_pct=pct,
                        ci_low=lo.value, ci_high=hi.value if hi.kind == "num" else None, ci_open_high=hi.kind == "nr",
                        ci_level=None, bounds_pct=bpct, inner=(v.end, v.end)))
                    i = m + 1
                    continue
        if toks[i].kind in ("ci", "stop"):
            break
        i += 1
    return out


def declared_spreads(norm: str, lo: int, hi: int) -> list[tuple[Tok, Tok, str, int]]:
    """'Mean (SD) HbA1c was 7.4% (1.0%)': after a '(SD)' or '(SE)' header, 'value (number)' pairs
    are a value and its spread. Returns (value, spread, 'sd'|'se', end offset)."""
    toks = tokenize(norm, lo, hi)
    declared = _declared_roles(toks, len(toks))
    if not declared:
        return []
    role = sorted(declared)[0]
    out = []
    for i, t in enumerate(toks):
        if t.kind != "num" or i + 2 >= len(toks):
            continue
        k = i + 1
        if toks[k].kind in ("pct", "word") and k + 1 < len(toks):
            k += 1
        if toks[k].kind != "open" or k + 2 >= len(toks) or toks[k + 1].kind != "num":
            continue
        m = k + 2
        if m < len(toks) and toks[m].kind in ("pct", "word"):
            m += 1
        if m < len(toks) and toks[m].kind == "close" and (i == 0 or toks[i - 1].kind != "to"):
            out.append((t, toks[k + 1], role, toks[m].end))
    return out


def repeated_pairs(toks: list[Tok], frm: int) -> list[Expression]:
    """Later items 'value (unit), lo to hi' of a list whose first item was 'value (unit), 95% CI lo to hi'."""
    out = []
    i = frm
    while i < len(toks):
        t = toks[i]
        if t.kind in ("ci", "stop", "nl"):
            break
        if t.kind == "num" and (i == 0 or toks[i - 1].kind not in ("to", "num")):
            k = i + 1
            pct = k < len(toks) and toks[k].kind == "pct"
            k += pct
            words = 0
            while k < len(toks) and toks[k].kind == "word" and words < 2:
                k, words = k + 1, words + 1
            if k < len(toks) and toks[k].kind == "sep" and toks[k].text == ",":
                b = _bounds(toks, k + 1)
                if b is not None and b[1].value is not None and t.value is not None:
                    m, lo, hi, bpct = b
                    if hi.kind != "num" or lo.value <= t.value <= hi.value:
                        out.append(Expression(
                            start=t.start, end=toks[m - 1].end, value=t.value, value_start=t.start, value_end=t.end, value_pct=pct,
                            ci_low=lo.value, ci_high=hi.value if hi.kind == "num" else None, ci_open_high=hi.kind == "nr",
                            ci_level=None, bounds_pct=bpct, inner=(t.end, t.end)))
                        i = m
                        continue
        i += 1
    return out


def expressions(norm: str, lo: int, hi: int) -> list[Expression]:
    """Every labelled-interval expression in norm[lo:hi] (one sentence or a few lines), then the
    unlabelled items of a list that repeats a labelled one's bracketed shape."""
    toks = tokenize(norm, lo, hi)
    out = []
    for i, t in enumerate(toks):
        if t.kind == "ci":
            e = parse_at_ci(norm, toks, i)
            if e is not None:
                out.append(e)
                if e.shape:
                    after = next((j for j in range(i, len(toks)) if toks[j].start >= e.end), len(toks))
                    out.extend(repeated_items(toks, after) if e.shape == "bracket-value-first" else repeated_pairs(toks, after))
    return out
