"""Scoring against the public gold of Yun et al. 2024 (../shared/eval/rct_numeric_results_yun2024).

The gold gives, per intervention/comparator/outcome item, the events and group sizes (binary
outcomes) or means, SDs and group sizes (continuous ones). It has no offsets, so a gold number
counts as found when some claim extracted from that trial's text carries it in the slot that holds
that kind of number:

- events: `n` (or `value` of a claim whose measure is `count`), on a claim that is not a sample size;
- group size: `denominator`, or `n`/`value` of a `sample_size` claim;
- mean: `value` of a claim that is not a sample size or p-value;
- SD: `sd`.

Recall counts each distinct gold number of a trial once. "with outcome" additionally needs the
carrying claim's endpoint to share a content word with a gold outcome of that number (for group
sizes, a sample-size claim carries them for every outcome). "stated" restricts recall to gold numbers that appear verbatim as a number in the
text (the dataset's authors computed some, e.g. SDs from CIs or events from percentages; no
extractor can find those). Precision is a lower bound: a filled slot counts as right when its
number is among that trial's gold numbers of the same type, but the gold covers only the outcomes
the dataset's authors chose, so a correct figure for another outcome counts as wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .compare import norm_text, numbers_equal
from .gold import EVAL_DIR, GoldError
from .match import Score
from extract.models import Claim, ClaimKind, Measure
from extract.normalise import normalise

YUN_DIR = EVAL_DIR / "rct_numeric_results_yun2024"

# gold column -> number type
COLUMNS = {
    "intervention_events": "events",
    "comparator_events": "events",
    "intervention_group_size": "group size",
    "comparator_group_size": "group size",
    "intervention_mean": "mean",
    "comparator_mean": "mean",
    "intervention_standard_deviation": "SD",
    "comparator_standard_deviation": "SD",
}
TYPES = ["events", "group size", "mean", "SD"]

_STOP = {"with", "from", "that", "this", "were", "than", "after", "before", "during", "patients",
         "number", "total", "rate", "rates", "mean", "level", "levels", "score", "scores", "change", "group"}


@dataclass(frozen=True)
class YunItem:
    pmcid: str
    outcome: str
    column: str
    value: float


@dataclass(frozen=True)
class YunMiss:
    """A distinct gold number, written in the text, that no extracted claim carries."""

    pmcid: str
    type: str
    value: float
    outcomes: str


def _number(raw) -> Optional[float]:
    if raw in ("", None):
        return None
    try:
        return float(str(raw).replace(",", ""))
    except ValueError:
        return None


def load_yun(folder: Path = YUN_DIR) -> tuple[dict[str, str], list[YunItem]]:
    """(texts by 'PMC<id>', gold numbers) for every trial whose markdown text is present."""
    gold_file = folder / "annotated_rct_dataset.json"
    if not gold_file.is_file():
        raise GoldError(f"{gold_file}: Yun 2024 gold not found (expected ../shared/eval beside the repo)")
    rows = json.loads(gold_file.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    items: list[YunItem] = []
    for row in rows:
        pmcid = f"PMC{row['pmcid']}"
        md = folder / "markdown" / f"{pmcid}.md"
        if not md.is_file():
            continue
        if pmcid not in texts:
            texts[pmcid] = md.read_text(encoding="utf-8")
        for column in COLUMNS:
            v = _number(row.get(column))
            if v is not None:
                items.append(YunItem(pmcid, row.get("outcome", ""), column, v))
    return texts, items


def _carries(kind: str) -> Callable[[Claim, float], bool]:
    def events(c: Claim, x: float) -> bool:
        return c.kind != ClaimKind.SAMPLE_SIZE and (numbers_equal(c.n, x) or (c.measure == Measure.COUNT and numbers_equal(c.value, x)))

    def group(c: Claim, x: float) -> bool:
        if c.kind == ClaimKind.SAMPLE_SIZE:
            return numbers_equal(c.n, x) or numbers_equal(c.value, x)
        return numbers_equal(c.denominator, x)

    def mean(c: Claim, x: float) -> bool:
        return c.kind not in (ClaimKind.SAMPLE_SIZE, ClaimKind.P_VALUE) and numbers_equal(c.value, x)

    def sd(c: Claim, x: float) -> bool:
        return numbers_equal(c.sd, x)

    return {"events": events, "group size": group, "mean": mean, "SD": sd}[kind]


def _slot(kind: str, c: Claim) -> Optional[float]:
    """The number a claim puts in the slot of this type (for precision), or None."""
    if kind == "events":
        return c.n if c.kind != ClaimKind.SAMPLE_SIZE and c.n is not None else None
    if kind == "group size":
        if c.kind == ClaimKind.SAMPLE_SIZE:
            return c.n if c.n is not None else c.value
        return c.denominator
    if kind == "mean":
        return c.value if c.measure == Measure.MEAN else None
    return c.sd


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9]{3,}", norm_text(s)) if w not in _STOP}


def same_outcome(outcome: str, c: Claim) -> bool:
    return bool(_words(outcome) & _words(c.endpoint or c.endpoint_text))


def stated(text: str, x: float) -> bool:
    """The number appears as written in the text ('1,078', '25.4', '0.40' for 0.4)."""
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?", normalise(text)):
        if numbers_equal(float(m.group(0).replace(",", "")), x):
            return True
    return False


@dataclass
class YunEvaluation:
    recall: dict[str, Score] = field(default_factory=dict)          # all gold numbers
    recall_stated: dict[str, Score] = field(default_factory=dict)   # only numbers written in the text
    recall_outcome: dict[str, Score] = field(default_factory=dict)  # stated, and on a claim for that outcome
    precision: dict[str, Score] = field(default_factory=dict)
    missed: list[YunMiss] = field(default_factory=list)
    documents: int = 0

    def as_dict(self) -> dict:
        out = {}
        for t in TYPES:
            out[t] = {
                "gold": self.recall[t].gold,
                "recall": self.recall[t].recall,
                "gold_stated": self.recall_stated[t].gold,
                "recall_stated": self.recall_stated[t].recall,
                "recall_stated_with_outcome": self.recall_outcome[t].recall,
                "pred": self.precision[t].pred,
                "precision_lower_bound": self.precision[t].precision,
            }
        return {"documents": self.documents, "types": out}


def distinct_numbers(items: Iterable[YunItem]) -> dict[tuple[str, str, float], list[str]]:
    """Each distinct gold number of a trial once: (pmcid, type, value) -> the outcomes it belongs to.

    Group sizes repeat on every outcome of a trial; counting them once per trial keeps one arm's
    size from weighing as much as a dozen distinct figures.
    """
    out: dict[tuple[str, str, float], list[str]] = {}
    for it in items:
        out.setdefault((it.pmcid, COLUMNS[it.column], it.value), []).append(it.outcome)
    return out


def _for_outcome(t: str, outcomes: list[str], c: Claim) -> bool:
    # An arm's size belongs to no one outcome, so a sample-size claim carries it for all of them.
    if t == "group size" and c.kind == ClaimKind.SAMPLE_SIZE:
        return True
    return any(same_outcome(o, c) for o in outcomes)


def evaluate_yun(texts: dict[str, str], items: Iterable[YunItem], extract: Callable[[str, str], list[Claim]]) -> YunEvaluation:
    """Recall per number type (all / stated / stated with the right outcome) and lower-bound precision,
    over the distinct gold numbers of each trial."""
    ev = YunEvaluation(**{k: {t: Score() for t in TYPES} for k in ("recall", "recall_stated", "recall_outcome", "precision")})
    by_doc: dict[str, dict[tuple[str, str, float], list[str]]] = {}
    for key, outcomes in distinct_numbers(items).items():
        by_doc.setdefault(key[0], {})[key] = outcomes
    for pmcid, text in texts.items():
        claims = extract(text, pmcid)
        ev.documents += 1
        numbers = by_doc.get(pmcid, {})
        for (_, t, x), outcomes in numbers.items():
            carriers = [c for c in claims if _carries(t)(c, x)]
            ev.recall[t].gold += 1
            ev.recall[t].tp += bool(carriers)
            if stated(text, x):
                ev.recall_stated[t].gold += 1
                ev.recall_stated[t].tp += bool(carriers)
                ev.recall_outcome[t].gold += 1
                ev.recall_outcome[t].tp += any(_for_outcome(t, outcomes, c) for c in carriers)
                if not carriers:
                    ev.missed.append(YunMiss(pmcid, t, x, "; ".join(sorted(set(outcomes)))))
        for t in TYPES:
            gold_numbers = [x for (_, tt, x) in numbers if tt == t]
            for c in claims:
                x = _slot(t, c)
                if x is None:
                    continue
                ev.precision[t].pred += 1
                ev.precision[t].tp += any(numbers_equal(x, g) for g in gold_numbers)
    return ev
