"""Figures as text: a claim's value, spread, endpoint and arm written the way the source writes them.

Every number these functions write comes from a claim's fields or its quote, so an answer built from
them passes the grounding check unless a claim's fields disagree with its own quote.
"""

from __future__ import annotations

import re

from extract.models import Claim, ClaimKind, Measure

from extract.vocab.measures import RATIO_MEASURES

from .grounding import mark_computed
from .numbers import decimals_of, find_numbers, format_value, round_to
from .vocabulary import pretty


def value_text(c: Claim) -> str:
    """The figure as the source writes it, with its unit."""
    if c.value_text:
        v = c.value_text.strip()
        if c.unit and c.unit not in {"%", "percent"} and c.unit not in v and not v.endswith("%"):
            v += f" {c.unit}"
    else:
        v = format_value(c.value) if c.value is not None else ""
        if c.unit in {"%", "percent"}:
            v += "%"
        elif c.unit:
            v += f" {c.unit}"
    if c.qualifier and not v.startswith(c.qualifier):
        v = f"{c.qualifier} {v}"
    return v


def as_written(value: float, quote: str) -> str:
    """A bound as the source writes it ('92.0', not '92'), found among the quote's numbers."""
    target = format_value(value)
    for n in find_numbers(quote, words=False):
        if n.canonical == target:
            return n.text
    return target


def spread_text(c: Claim) -> str:
    """'(95% CI, 60.8 to 92.0)' or '(range, 3.9 to 48.2)' or ''."""
    if c.ci_low is not None and (c.ci_high is not None or c.ci_high_open):
        level = f"{format_value(c.ci_level)}% CI" if c.ci_level else "CI"
        high = "not reached" if c.ci_high_open or c.ci_high is None else as_written(c.ci_high, c.quote)
        return f" ({level}, {as_written(c.ci_low, c.quote)} to {high})"
    if c.range_low is not None and c.range_high is not None:
        return (f" ({c.range_kind or 'range'}, {as_written(c.range_low, c.quote)} to "
                f"{as_written(c.range_high, c.quote)})")
    return ""


def endpoint_label(c: Claim, key: str) -> str:
    tp = c.timepoint.strip() if c.timepoint else ""
    name = key or c.endpoint or c.endpoint_text
    if c.measure in {Measure.MEDIAN, Measure.MEAN} and c.measure not in name.lower():
        name = f"{c.measure} {name}"
    elif c.measure in RATIO_MEASURES and c.measure not in name.lower():
        # a ratio is not the endpoint's level: "hazard ratio for overall survival", never "overall survival was 0.75"
        name = f"{c.measure} for {name}"
    if tp and re.match(r"^\S+-(year|month|week|day)s?$", tp, re.I):
        label = f"{tp} {name}"  # "two-year overall survival"
    elif tp:
        label = f"{name} {tp}"  # "overall survival at 2 years"
    else:
        label = name
    label = pretty(label)
    return label[:1].upper() + label[1:]


def arm_phrase(c: Claim, control: bool) -> str:
    if not c.arm:
        # a comparison group's figure is never shown as if it were the study's
        return " in the comparison group" if control else ""
    if re.match(r"(our|this|the) study$", c.arm, re.I):
        return " in the study"
    if control:
        if re.match(r"(the|a|an)\b", c.arm, re.I):
            return f" in {c.arm}"
        if re.search(r"\b(trial|study|cohort|group|arm|controls?)$", c.arm, re.I):
            return f" in the {c.arm}"
        return f" in the {c.arm} group"
    return f" with {c.arm}"


def figure_variants(c: Claim) -> list[str]:
    """Richest first: value with its spread, then the bare value."""
    v = value_text(c)
    if c.kind in {ClaimKind.COUNT, ClaimKind.SAMPLE_SIZE} and c.quote.startswith(v) and re.match(r"[\w\s]+$", c.quote):
        v = c.quote  # "16 patients", not a bare "16"
    spread = spread_text(c)
    return [v + spread, v] if spread else [v]


def is_percentage(c: Claim) -> bool:
    """A share of patients written as a percentage (not a ratio, a mean or a median that happen to carry '%')."""
    return value_text(c).rstrip().endswith("%") and c.measure not in RATIO_MEASURES | {"mean", "median"}


def same_measure(a: Claim, b: Claim) -> bool:
    """Two figures that can be set side by side: both percentages, or the same measure in the same unit."""
    if is_percentage(a) or is_percentage(b):
        return is_percentage(a) and is_percentage(b)
    return a.measure == b.measure and (a.unit or "") == (b.unit or "")


def difference(study: Claim, control: Claim) -> str:
    """'; a difference of {computed: 93.3 - 65.8 = 27.5} percentage points' for two percentages.

    Arithmetic on the two cited figures, marked so the grounding check knows it is derived.
    """
    if study.value is None or control.value is None or not (is_percentage(study) and is_percentage(control)):
        return ""  # never across measures: an odds ratio minus a percentage means nothing
    a, b = study.value_text.rstrip("%").strip(), control.value_text.rstrip("%").strip()
    if not (a and b) or not all(re.fullmatch(r"\d+(\.\d+)?", x) for x in (a, b)):
        return ""
    places = max(decimals_of(a), decimals_of(b))
    diff = round_to(study.value - control.value, places)
    return f" (a difference of {mark_computed(f'{a} - {b} = {diff}')} percentage points)"
