"""Estimates with confidence intervals, in the notations real abstracts use.

    0.79 (95% CI 0.66-0.96)           0.79; 95% confidence interval [CI], 0.66 to 0.96
    81.6% in our study (95% confidence interval [CI], 60.8 to 92.0)
    -1.9 [95% CI: -3.4, -0.8]         1.07 (0.80-1.41)   (a later item of a list, label omitted)
    12.1 months (95% CI, 23.7-not reached)

The quote runs from the value to the end of its interval (closing bracket included), so the
figure and its CI are one verbatim span. Also: ratios stated without a CI ("odds ratio = 2.75"),
means with SD ("4.6 +/- 1.77 mm"), and percentages on their own ("90%").
"""

from __future__ import annotations

import re
from typing import Optional

from .candidate import Candidate, Sentences, Taken
from .numbers import NUM, PCT, SNUM, _CORE, is_pct, parse_number, pct_end
from .scan import scan, scan_words, variants
from .vocab import doses, measures

_HI = rf"(?:(?:-\s?)?[£$€]?{_CORE}|not\s+reached|not\s+estimable|not\s+evaluable|NR\b|NE\b|infinity|\u221e)"
# money bounds: "-£1410 to £1599"
_MONEY = rf"(?:(?<![\w.])-\s?)?[£$€]{_CORE}"
BOUNDS = (
    rf"(?P<lo>{SNUM}|{_MONEY})\s*(?P<lo_unit>{PCT}|(?!to\b|and\b)[a-zA-Z/]{{1,12}}(?=\s*(?:to|-|,)))?\s*"
    rf"(?P<sep>to|-|,|and|;)\s*(?P<hi>{_HI})\s*(?P<hi_pct>{PCT})?"
)
CI_WORDS = (
    r"(?:CI|CrI|Cl|C\.I\.|confidence\s+intervals?|confidence\s+limits?|credible\s+intervals?|"
    r"uncertainty\s+intervals?|UI|compatibility\s+intervals?)"
)
_LABEL = (
    rf"(?:(?P<level>\d{{2}}(?:\.\d+)?)\s?{PCT}\s*{CI_WORDS}(?:\s*[\[(](?:CI|CIs|CrI|UI)[\])])?"
    rf"|{CI_WORDS}\s*\(?(?P<level2>\d{{2}}(?:\.\d+)?)\s?{PCT}\)?|(?<![A-Za-z])CI(?![A-Za-z]))"
)
# A labelled interval, with what it is for when the text says ("95% CI for the difference").
LABELLED_CI = re.compile(
    rf"{_LABEL}(?:\s+for\s+(?P<for>[a-z][a-z\s-]{{2,40}}?))?\s*(?:[:,;=]|\s|of|was|were|from)*\s*[\[(]?\s*{BOUNDS}\s*[\])]?"
)
CI_LABEL = re.compile(_LABEL)
# An unlabelled interval right after a value: "(0.80-1.41)", "[0.08 to 1.94]".
BARE_CI = re.compile(rf"[\[(]\s*{BOUNDS}\s*(?P<close>[\])])")
_RANGE_WORDS = re.compile(r"\b(?:range|IQR|interquartile|SD|SE|SEM|s\.d\.|aged?|years? old|standard deviation)\b", re.I)

_CI_WORDS = variants("CI", "Cl", "CrI", "UI", "C", "CIs", "confidence", "credible", "uncertainty", "compatibility")
_BARE_TRIGGER = re.compile(r"[(\[]\s*-?\s?\.?\d")
_RATIO_WORDS = variants("ratio", "ratios", "relative", "HR", "RR", "IRR", "HRs", "ORs", "RRs", "aHR", "aOR", "aRR")
_SD_TRIGGER = re.compile(r"[\u00b1+]|SD\b|s\.d\.|(?i:standard deviation)")
_PCT_TRIGGER = re.compile(r"%|(?i:per\s?cent)")
_COMMA_TRIGGER = re.compile(r"\d,\s+-?\s?\d")
_VALUE = re.compile(rf"(?P<value>{SNUM}|{_MONEY})(?P<pct>\s?{PCT})?")
# "95% CI 4.10, 1.32-12.75" (the estimate written after the label) and "3.21, 1.47-6.98" after it
_TRIPLE = re.compile(rf"(?P<value>{SNUM})\s*,\s*(?P<lo>{SNUM})\s*(?:to|-)\s*(?P<hi>{_HI})")
_SD_LABEL_BEFORE = re.compile(r"(?:\bSD|s\.d\.|standard deviation|\u00b1|\+/-)\s*[=:,]?\s*$")
_SD_IN_GAP = re.compile(rf"(?:\bSD|s\.d\.|\u00b1|\+/-)\s*[=:,]?\s*({NUM})")
_GAP_OK = re.compile(r"^[^\d;]{0,60}$")
_GAP_STOP = re.compile(r"\b(?:vs|versus|compared|whereas|while|respectively|than)\b|[.!?]\s", re.I)
_UNIT = re.compile(rf"\s*(?P<unit>{doses.MEASUREMENT_UNITS})(?![A-Za-z])")

RATIO_WORDS = [(re.compile(pattern), name) for pattern, name in measures.MEASURES]
_RATIO_VALUE = re.compile(
    r"(?P<label>(?i:\b(?:adjusted\s+)?(?:hazard|odds|rate|risk)\s+ratios?|\brelative\s+risks?)|\ba?(?:HR|OR|RR|IRR)s?)\b"
    rf"(?:\s*[\[(][A-Za-z]+[\])])?(?:\s+(?:was|were|of|is))?\s*[=:,]?\s*(?P<value>{SNUM})(?![\d.]*\s?{PCT})"
)
_SD = re.compile(
    rf"(?P<value>{SNUM})\s*(?P<unit1>%|[a-zA-Zµμ/]{{1,8}})?\s*(?:\u00b1|\+/-|\+-|\+/\s?-)\s*(?P<sd>{NUM})\s*(?P<unit2>%|[a-zA-Zµμ/]{{1,8}}(?![\w/]))?"
    rf"|(?P<value_b>{SNUM})\s*(?P<unit3>%|[a-zA-Zµμ/]{{1,8}})?\s*\(\s*(?:SD|s\.d\.|standard deviation)\s*[=:,]?\s*(?P<sd_b>{NUM})\s*\)"
)
_PERCENT = re.compile(rf"(?P<value>{SNUM})\s?{PCT}")


def _measure_before(norm: str, start: int, lo: int) -> str:
    """The measure named nearest before the value (within the sentence), e.g. 'hazard ratio'."""
    window_start = max(lo, start - 80)
    window = norm[window_start:start]
    best, best_pos = "", -1
    for pattern, name in RATIO_WORDS:
        for m in pattern.finditer(window):
            # a nearer mention wins; for equal positions the earlier (more specific) pattern wins
            if m.end() > best_pos + (0 if best else -1) and m.end() > best_pos:
                best, best_pos = name, m.end()
    if best in {"rate", "mean", "median"} and best_pos < len(window) - 45:
        return ""
    return best


measure_before = _measure_before  # shared with the result rules (extract.results)


def _unit_after(norm: str, pos: int, limit: int) -> str:
    m = _UNIT.match(norm, pos, limit)
    if m and is_pct(m.group("unit")):
        return "%"  # "55 percent" is a percentage like "55%"
    return m.group("unit").strip() if m else ""


def _is_percent(norm: str, value_end: int) -> bool:
    return pct_end(norm, value_end) is not None


def _bound(text: str) -> tuple[Optional[float], bool]:
    t = re.sub(r"[£$€]", "", text.strip().lower())
    if t in {"not reached", "nr", "not estimable", "ne", "not evaluable", "infinity", "\u221e"} or t.startswith("not"):
        return None, True
    return parse_number(t.replace(" ", "")), False


def _find_value_before(norm: str, label_start: int, sent: tuple[int, int], taken: Taken) -> Optional[re.Match]:
    """The value a CI belongs to: the nearest number before it with no other figure in between."""
    lo = max(sent[0], label_start - 90)
    best = None
    for m in _VALUE.finditer(norm, lo, label_start):
        best = m
    if best is None or taken.overlaps(best.start(), best.end()):
        return None
    # "1.05% (SD = 2.0; CI95%: ...)": the number after "SD =" is the spread; the value is before it
    if _SD_LABEL_BEFORE.search(norm, max(lo, best.start() - 30), best.start()):
        prev = None
        for m in _VALUE.finditer(norm, lo, best.start()):
            prev = m
        if prev is None or re.search(r"(?<![A-Za-z])\d|;", norm[prev.end():best.start()]) or best.start() - prev.end() > 30:
            return None
        return prev
    gap = norm[best.end():label_start]
    gap_core = gap.rstrip(" ([;,:")
    if not _GAP_OK.match(gap_core) or _GAP_STOP.search(gap_core):
        # "25.9 ± 2.0; 95% CI" - the SD sits between the mean and its CI
        sd = re.match(rf"^\s*(?:\u00b1|\+/-)\s*{NUM}\s*$", gap_core)
        sd_label = re.match(rf"^\s*[(\[]?\s*(?:SD|s\.d\.)\s*[=:,]?\s*{NUM}\s*$", gap_core)
        if not sd and not sd_label:
            return None
    # the level of an earlier CI ("95%") is never a value
    if re.match(rf"\s?{PCT}\s*(?:CI|confidence|credible)", norm[best.end():best.end() + 16]):
        return None
    return best


def find_ci_estimates(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Estimates whose CI carries a label ('95% CI'), then list items whose CI does not."""
    out: list[Candidate] = []
    for m in scan_words(norm, _CI_WORDS, LABELLED_CI, 30, 110):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        label_start = m.start()
        # include the opening bracket/separator before the label in the quote
        vm = _find_value_before(norm, label_start, sent, taken)
        if m.group("for") and re.search(r"difference|change|reduction", m.group("for")):
            vm = None  # "95% CI for the difference 12.2-28.3": the value is not the preceding number
        low, _ = _bound(m.group("lo"))
        high, open_high = _bound(m.group("hi"))
        level = m.group("level") or m.group("level2")
        end = m.end()
        first = _label_first(norm, m, sent) if m.group("sep") == "," else None
        if first is not None:
            out.extend(first)
            for c in first:
                taken.add(c.start, c.end)
            continue
        end = _close_bracket(norm, vm.start() if vm else m.start(), end, sent)
        if vm is not None:
            value = parse_number(re.sub(r"[\s£$€]", "", vm.group("value")))
            start = vm.start()
            value_text = norm[vm.start():vm.end()].strip()
            pct = bool(vm.group("pct"))
            inner = (vm.end(), label_start)
        else:
            value, start, value_text, pct = None, m.start(), "", bool(m.group("hi_pct") or is_pct(m.group("lo_unit") or ""))
            inner = (m.start(), m.start())
        unit = "%" if pct else _unit_after(norm, vm.end() if vm else m.end(), label_start if vm else sent[1])
        if not unit and vm is not None:
            unit = _unit_after(norm, m.end() + (1 if norm[m.end():m.end() + 1] in ")]" else 0), sent[1])
            unit = unit if unit and unit not in {"%"} and not unit.startswith(("month", "year", "week", "day", "hour")) else ""
        measure = _measure_before(norm, start, sent[0])
        if m.group("for") and not measure:
            measure = "difference" if "difference" in m.group("for") else ""
        if not measure and unit == "%":
            measure = "proportion"
        sd_m = _SD_IN_GAP.search(norm, inner[0], inner[1]) if vm is not None else None
        c = Candidate(
            start=start, end=end, kind="estimate", value_start=vm.start() if vm else m.start(), sd=parse_number(sd_m.group(1)) if sd_m else None,
            value_end=vm.end() if vm else m.start(), value=value, value_text=value_text, measure=measure, unit=unit,
            ci_low=low, ci_high=high, ci_level=float(level) if level else None, ci_high_open=open_high,
            sentence=sent, inner=inner,
        )
        out.append(c)
        taken.add(start, end)
    # "1.07 (0.80-1.41)" is read as an interval only in a text that labels intervals somewhere
    has_label = bool(out) or next(scan_words(norm, _CI_WORDS, CI_LABEL, 30, 30), None) is not None
    if has_label:
        out.extend(_bare_ci_estimates(norm, sents, taken))
        out.sort(key=lambda c: c.start)
        # "1.02 (95% CI ...), 1.07 (0.80-1.41)": a list item takes the measure of the item before it
        for prev, c in zip(out, out[1:]):
            if not c.measure and prev.measure and prev.sentence == c.sentence and c.unit == prev.unit:
                c.measure = prev.measure
    return out


def _label_first(norm: str, m: re.Match, sent: tuple[int, int]) -> Optional[list[Candidate]]:
    """'relative risk, 95% CI 4.10, 1.32-12.75, p = 0.015; ... 3.21, 1.47-6.98': value before its bounds."""
    t = _TRIPLE.match(norm, m.start("lo"), sent[1])
    if t is None:
        return None
    level = m.group("level") or m.group("level2")
    out = []
    for i, tm in enumerate([t, *_TRIPLE.finditer(norm, t.end(), sent[1])]):
        value, low = parse_number(tm.group("value").replace(" ", "")), parse_number(tm.group("lo").replace(" ", ""))
        high, open_high = _bound(tm.group("hi"))
        if value is None or low is None or (high is not None and not low <= value <= high) and i > 0:
            continue
        measure = _measure_before(norm, m.start() if i == 0 else tm.start(), sent[0])
        out.append(Candidate(
            start=m.start() if i == 0 else tm.start(), end=tm.end(), kind="estimate", value_start=tm.start("value"),
            value_end=tm.end("value"), value=value, measure=measure, ci_low=low, ci_high=high, ci_high_open=open_high,
            ci_level=float(level) if level else None, sentence=sent, inner=(tm.end(), tm.end()),
        ))
    return out


def _close_bracket(norm: str, start: int, end: int, sent: tuple[int, int]) -> int:
    """Extend the quote over the bracket that closes an interval opened inside it."""
    opened = norm.count("(", start, end) + norm.count("[", start, end)
    closed = norm.count(")", start, end) + norm.count("]", start, end)
    while opened > closed and end < sent[1] and norm[end] in " )]":
        if norm[end] in ")]":
            closed += 1
        end += 1
    while end > start and norm[end - 1] == " ":
        end -= 1
    # "(25.9 ± 2.0; 95% CI 21.9-29.8)" quoted from the value: leave out the bracket opened before it
    while end > start and norm[end - 1] in ")]" and (
            norm.count(")", start, end) + norm.count("]", start, end) > norm.count("(", start, end) + norm.count("[", start, end)):
        end -= 1
    return end


def _bare_ci_estimates(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan(norm, _COMMA_TRIGGER, _TRIPLE, 14, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        value, low = parse_number(m.group("value").replace(" ", "")), parse_number(m.group("lo").replace(" ", ""))
        high, open_high = _bound(m.group("hi"))
        if value is None or low is None or high is None or not low <= value <= high or low == high:
            continue
        if _RANGE_WORDS.search(norm[max(sent[0], m.start() - 30):m.end()]) or not re.search(r"\.\d", m.group(0)):
            continue  # "aged 13, 14-15" and integer lists are not intervals
        out.append(Candidate(
            start=m.start(), end=m.end(), kind="estimate", value_start=m.start("value"), value_end=m.end("value"),
            value=value, measure=_measure_before(norm, m.start(), sent[0]), ci_low=low, ci_high=high,
            ci_high_open=open_high, sentence=sent, inner=(m.end(), m.end()),
        ))
        taken.add(m.start(), m.end())
    for m in scan(norm, _BARE_TRIGGER, BARE_CI, 2, 70):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        vm = _find_value_before(norm, m.start(), sent, taken)
        if vm is None:
            continue
        gap = norm[vm.end():m.start()]
        if len(gap.strip()) > 25 or _RANGE_WORDS.search(norm[max(sent[0], vm.start() - 30):m.end()]):
            continue
        value = parse_number(vm.group("value").replace(" ", ""))
        low, _ = _bound(m.group("lo"))
        high, open_high = _bound(m.group("hi"))
        if value is None or low is None or value < low or (high is not None and value > high) or low == high:
            continue
        pct = bool(vm.group("pct"))
        unit = "%" if pct else _unit_after(norm, vm.end(), m.start())
        measure = _measure_before(norm, vm.start(), sent[0]) or ("proportion" if pct else "")
        c = Candidate(
            start=vm.start(), end=m.end(), kind="estimate", value_start=vm.start(), value_end=vm.end(), value=value,
            value_text=norm[vm.start():vm.end()].strip(), measure=measure, unit=unit, ci_low=low, ci_high=high,
            ci_high_open=open_high, sentence=sent, inner=(vm.end(), m.start()),
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_ratios(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Ratios stated without an interval: 'odds ratio = 2.75', '(HR 0.57, P = .02)'."""
    out = []
    for m in scan_words(norm, _RATIO_WORDS, _RATIO_VALUE, 30, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("value"), m.end("value")):
            continue
        measure = next((name for p, name in RATIO_WORDS[:4] if p.search(m.group("label"))), "")
        if not measure:
            continue
        vs, ve = m.start("value"), m.end("value")
        out.append(Candidate(
            start=vs, end=ve, kind="estimate", value_start=vs, value_end=ve,
            value=parse_number(m.group("value").replace(" ", "")), value_text=m.group("value"), measure=measure,
            sentence=sent, inner=(ve, ve),
        ))
        taken.add(vs, ve)
    return out


def find_mean_sd(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Means with a standard deviation: '4.6 +/-1.77 mm', '25.9 ± 2.0', '5.2 (SD 1.1)'."""
    out = []
    for m in scan(norm, _SD_TRIGGER, _SD, 40, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        vkey, skey = ("value", "sd") if m.group("value") is not None else ("value_b", "sd_b")
        unit = (m.group("unit1") or m.group("unit2") or m.group("unit3") or "").strip()
        end = m.end()
        if m.group("unit2") is None and vkey == "value":
            end = m.end("sd")
        if unit and not re.fullmatch(r"%|[a-zA-Zµμ/]+", unit):
            unit = ""
        if unit.lower() in {"and", "vs", "in", "to", "or", "for", "at", "the", "with", "versus", "respectively"}:
            unit = ""
            end = m.end(skey)
        c = Candidate(
            start=m.start(vkey), end=end, kind="estimate", value_start=m.start(vkey), value_end=m.end(vkey),
            value=parse_number(m.group(vkey).replace(" ", "")), value_text=m.group(vkey), measure="mean", unit=unit,
            sd=parse_number(m.group(skey)), sentence=sent, inner=(m.end(vkey), m.end(vkey)),
        )
        med = _measure_before(norm, c.start, sent[0])
        if med in {"median", "mean difference", "difference"}:
            c.measure = med if med != "median" else "mean"
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_percentages(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Percentages not claimed by any other rule: 'survival rate of less than 40%', '90%'."""
    out = []
    for m in scan(norm, _PCT_TRIGGER, _PERCENT, 22, 1):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        # "95% CI" labels, "(95% CI)" headers and "95% profile likelihood CI" are not figures;
        # "(15% w/w in chow)" is a concentration
        after = norm[m.end():m.end() + 40]
        if CI_LABEL.match(norm, m.start()) or _NOT_A_FIGURE_AFTER.match(after):
            continue
        kind = "estimate"
        before = norm[max(sent[0], m.start() - 40):m.start()]
        if _MARGIN_BEFORE.search(before):
            kind = "threshold"  # "between 80% and 125%", "within 20%": an equivalence margin
        elif _SIGN_BEFORE.search(before) and (
                re.match(r"\s*[)\]]", after) and re.search(r"[(\[]\s*[=<>\u2264\u2265]=?\s*$", before)
                or _CONDITION.search(norm, _clause_start(norm, sent[0], m.start()), m.start())):
            # "deficient (<= 40%) patients", "If levels were >40% ...", "with a frequency of >=5.0 %": a cut-off
            kind = "threshold"
        elif _BASELINE_AFTER.match(after) and _in_open_bracket(before):
            kind = "background"  # "(76% women, mean age 52.5)": a baseline characteristic
        c = Candidate(
            start=m.start(), end=m.end(), value_start=m.start(), value_end=m.end(),
            value=parse_number(m.group("value").replace(" ", "")), value_text=norm[m.start():m.end()],
            measure="threshold" if kind == "threshold" else "percent change" if _CHANGE_BY_BEFORE.search(before) else "proportion",
            unit="%", sentence=sent,
            inner=(m.end(), m.end()), kind=kind,
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out


_NOT_A_FIGURE_AFTER = re.compile(
    r"\s*(?:(?:\(?[A-Za-z-]+\)?\s+){0,3}(?:CI|CIs|CrI|confidence|credible)\b|(?:w/w|w/v|v/v|wt/wt|wt/vol)\b)")
# "between 80% and 125%", "within 80% to 125%", "within 20%", "a margin of 10%"; the second bound too
_MARGIN_BEFORE = re.compile(
    rf"(?:\b(?:between|within)\s+(?:\d+(?:\.\d+)?\s?{PCT}\s*(?:and|to|-)\s*)?|\bmargins?\s+(?:of\s+)?)$", re.I)
_BASELINE_AFTER = re.compile(r"\s*(?:were\s+)?(?:women|men|female|male|females|males|white|black|caucasian|boys|girls)\b", re.I)


# "Cmax increased by 39%": a relative change, not a share of patients
_CHANGE_BY_BEFORE = re.compile(r"\b(?:increased|decreased|reduced|rose|fell|declined|dropped|improved)\s+by\s+(?:approximately\s+|about\s+|nearly\s+)?$", re.I)
_SIGN_BEFORE = re.compile(r"[=<>\u2264\u2265]=?\s*$")
# a clause that sets a condition or picks a subgroup by the cut-off
_CONDITION = re.compile(r"(?i:\b(?:if|when|unless|whether)\b|\bwith\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?of\s*[=<>\u2264\u2265]=?\s*$)")


def _clause_start(norm: str, lo: int, pos: int) -> int:
    cut = max(norm.rfind(",", lo, pos), norm.rfind(";", lo, pos))
    return cut + 1 if cut >= 0 else lo


def _in_open_bracket(before: str) -> bool:
    return before.count("(") > before.count(")")
