"""Matching extracted claims to gold claims, and precision/recall per field and per claim kind.

Matching is per document and one-to-one: a pair is a candidate when the extracted claim's span
overlaps the gold quote's span; candidates are taken best first (same value, then same kind, then
more overlapping characters). Per field, a gold claim that states the field is a gold positive, an
extracted claim that fills it is a predicted positive, and a matched pair where both are filled and
equal is a true positive: P = TP / predicted, R = TP / gold. Extracted claims that match no gold
claim therefore count against precision of every field they fill. Two kinds of extracted claims
are left out: kinds the gold does not annotate (`kinds_scored`), and stand-alone p-value claims
that restate a p-value the gold keeps on an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .compare import (
    measures_equal,
    names_equal,
    numbers_equal,
    p_values_equal,
    timepoints_equal,
)
from extract.models import Claim, ClaimKind


@dataclass(frozen=True)
class ScoredDoc:
    """One document's text, its gold claims and the claims the extractor returned for it."""

    doc_id: str
    text: str
    gold: list[Claim]
    extracted: list[Claim]


def _overlap(a: Claim, b: Claim) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_claims(gold: list[Claim], extracted: list[Claim]) -> tuple[list[tuple[Claim, Claim]], list[Claim], list[Claim]]:
    """One-to-one pairs by span overlap, best first; returns (pairs, unmatched gold, unmatched extracted)."""
    candidates = []
    for gi, g in enumerate(gold):
        for ei, e in enumerate(extracted):
            ov = _overlap(g, e)
            if ov <= 0:
                continue
            same_value = g.value is not None and numbers_equal(g.value, e.value)
            candidates.append(((same_value, g.kind == e.kind, ov, -abs(g.start - e.start)), gi, ei))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_g: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for _, gi, ei in candidates:
        if gi in used_g or ei in used_e:
            continue
        used_g.add(gi)
        used_e.add(ei)
        pairs.append((gi, ei))
    pairs.sort()
    return (
        [(gold[gi], extracted[ei]) for gi, ei in pairs],
        [g for i, g in enumerate(gold) if i not in used_g],
        [e for i, e in enumerate(extracted) if i not in used_e],
    )


@dataclass(frozen=True)
class FieldRule:
    """How one field is scored: when a claim states it (gold or extracted), and when two agree."""

    name: str
    gold_has: Callable[[Claim], bool]
    pred_has: Callable[[Claim], bool]
    agree: Callable[[Claim, Claim], bool]


def _filled(attr: str) -> Callable[[Claim], bool]:
    def has(c: Claim) -> bool:
        v = getattr(c, attr)
        return v not in (None, "")

    return has


def _has_ci(c: Claim) -> bool:
    return c.ci_low is not None or c.ci_high is not None


def _value_and_ci(g: Claim, e: Claim) -> bool:
    return numbers_equal(g.value, e.value) and numbers_equal(g.ci_low, e.ci_low) and numbers_equal(g.ci_high, e.ci_high)


def _is_sample_size(c: Claim) -> bool:
    return c.kind == ClaimKind.SAMPLE_SIZE


def _sample_size_agrees(g: Claim, e: Claim) -> bool:
    # An extractor may carry the size in `n` or in `value`; either is the figure.
    size = g.n if g.n is not None else g.value
    return e.kind == ClaimKind.SAMPLE_SIZE and (numbers_equal(size, e.n) or numbers_equal(size, e.value))


FIELDS: list[FieldRule] = [
    FieldRule("kind", lambda c: True, lambda c: True, lambda g, e: g.kind == e.kind),
    FieldRule("value", _filled("value"), _filled("value"), lambda g, e: numbers_equal(g.value, e.value)),
    FieldRule("value+CI", _has_ci, _has_ci, _value_and_ci),
    FieldRule("ci_level", _filled("ci_level"), _filled("ci_level"), lambda g, e: numbers_equal(g.ci_level, e.ci_level)),
    FieldRule("endpoint", _filled("endpoint"), _filled("endpoint"), lambda g, e: names_equal(g.endpoint, e.endpoint)),
    FieldRule("measure", _filled("measure"), _filled("measure"), lambda g, e: measures_equal(g.measure, e.measure)),
    FieldRule("timepoint", _filled("timepoint"), _filled("timepoint"), lambda g, e: timepoints_equal(g.timepoint, e.timepoint)),
    FieldRule("arm", _filled("arm"), _filled("arm"), lambda g, e: names_equal(g.arm, e.arm)),
    FieldRule("comparator", _filled("comparator"), _filled("comparator"), lambda g, e: names_equal(g.comparator, e.comparator)),
    FieldRule("n", _filled("n"), _filled("n"), lambda g, e: numbers_equal(g.n, e.n)),
    FieldRule("denominator", _filled("denominator"), _filled("denominator"), lambda g, e: numbers_equal(g.denominator, e.denominator)),
    FieldRule("sd", _filled("sd"), _filled("sd"), lambda g, e: numbers_equal(g.sd, e.sd)),
    FieldRule("p_value", _filled("p_value"), _filled("p_value"), lambda g, e: p_values_equal(g.p_value, e.p_value)),
    FieldRule("sample size", _is_sample_size, _is_sample_size, _sample_size_agrees),
]
FIELD_NAMES = [f.name for f in FIELDS]


def _range_agrees(g: Claim, e: Claim) -> bool:
    return numbers_equal(g.range_low, e.range_low) and numbers_equal(g.range_high, e.range_high) and g.range_kind == e.range_kind


# Fields only the seed gold annotates (the abstract gold leaves them out).
SEED_FIELDS: list[FieldRule] = [
    FieldRule("range", lambda c: c.range_low is not None, lambda c: c.range_low is not None, _range_agrees),
    FieldRule("unit", _filled("unit"), _filled("unit"), lambda g, e: g.unit.strip().lower() == e.unit.strip().lower()),
    FieldRule("qualifier", _filled("qualifier"), _filled("qualifier"), lambda g, e: g.qualifier == e.qualifier),
    FieldRule("grade", _filled("grade"), _filled("grade"), lambda g, e: g.grade.lower() == e.grade.lower()),
]


@dataclass
class Score:
    """Counts for one row of the table; P, R and F1 are None when undefined (nothing to divide by)."""

    gold: int = 0
    pred: int = 0
    tp: int = 0
    matched: int = 0  # matched pairs where gold states the field (denominator of `accuracy`)

    @property
    def precision(self) -> Optional[float]:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def accuracy(self) -> Optional[float]:
        """Of the gold figures the extractor found, how many carry this field right (attribution)."""
        return self.tp / self.matched if self.matched else None

    def as_dict(self) -> dict:
        return {"gold": self.gold, "pred": self.pred, "tp": self.tp, "matched": self.matched,
                "precision": self.precision, "recall": self.recall, "f1": self.f1, "accuracy": self.accuracy}


@dataclass
class Mismatch:
    """A gold claim and the extracted claim matched to it that disagree on `field`; or a gold
    claim nothing matched (`missed`), or an extracted claim that matched no gold (`spurious`)."""

    doc_id: str
    field: str
    gold: Optional[Claim]
    pred: Optional[Claim]

    def as_dict(self) -> dict:
        keep = {"quote", "start", "end", "kind", "endpoint", "measure", "value", "ci_low", "ci_high", "ci_level",
                "p_value", "timepoint", "arm", "comparator", "n", "denominator", "sd"}
        return {"doc_id": self.doc_id, "field": self.field,
                "gold": self.gold.model_dump(include=keep) if self.gold else None,
                "extracted": self.pred.model_dump(include=keep) if self.pred else None}


@dataclass
class Evaluation:
    """Scores for a set of documents: per field, per claim kind, and the mismatches behind them."""

    fields: dict[str, Score] = field(default_factory=dict)
    kinds: dict[str, Score] = field(default_factory=dict)
    # per claim kind, per field: gold counted under the gold claim's kind, extracted under the
    # extracted claim's kind, a true positive only when both have that kind
    kind_fields: dict[str, dict[str, Score]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    documents: int = 0
    bad_spans: list[Claim] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "kinds": {k: v.as_dict() for k, v in sorted(self.kinds.items())},
            "kind_fields": {k: {f: s.as_dict() for f, s in v.items()} for k, v in sorted(self.kind_fields.items())},
            "bad_spans": len(self.bad_spans),
        }


def _restates_a_gold_p_value(e: Claim, gold: list[Claim]) -> bool:
    """An extracted stand-alone p-value that the gold records as a field of an estimate.

    Gold attaches "(95% CI ..., p = 0.04)" to the estimate; an extractor that also emits the
    p-value as its own claim represents the same fact differently, so that claim is neither
    rewarded nor penalised (unless the gold has a stand-alone p-value claim there).
    """
    if e.kind != ClaimKind.P_VALUE:
        return False
    if any(g.kind == ClaimKind.P_VALUE and _overlap(g, e) > 0 for g in gold):
        return False
    written = e.p_value or e.quote
    return any(g.kind != ClaimKind.P_VALUE and g.p_value and p_values_equal(g.p_value, written) for g in gold)


def evaluate_documents(docs: Iterable[ScoredDoc], *, kinds_scored: Optional[set[str]] = None,
                       fields: Optional[list[FieldRule]] = None) -> Evaluation:
    """Score extracted against gold claims over all documents.

    `kinds_scored`: when given, extracted claims of other kinds are left out (the gold does not
    annotate them, e.g. doses and eligibility thresholds), so they neither help nor hurt.
    """
    rules = FIELDS if fields is None else fields
    ev = Evaluation(fields={f.name: Score() for f in rules})
    for doc in docs:
        ev.documents += 1
        extracted = [e for e in doc.extracted if (kinds_scored is None or e.kind in kinds_scored)
                     and not _restates_a_gold_p_value(e, doc.gold)]
        ev.bad_spans.extend(e for e in doc.extracted if doc.text[e.start:e.end] != e.quote)
        pairs, lone_gold, lone_pred = match_claims(doc.gold, extracted)
        def by_kind(kind: str, name: str) -> Score:
            return ev.kind_fields.setdefault(kind, {r.name: Score() for r in rules})[name]

        for rule in rules:
            s = ev.fields[rule.name]
            for g in doc.gold:
                if rule.gold_has(g):
                    s.gold += 1
                    by_kind(g.kind, rule.name).gold += 1
            for e in extracted:
                if rule.pred_has(e):
                    s.pred += 1
                    by_kind(e.kind, rule.name).pred += 1
            for g, e in pairs:
                if rule.gold_has(g):
                    s.matched += 1
                    by_kind(g.kind, rule.name).matched += 1
                if rule.gold_has(g) and rule.pred_has(e) and rule.agree(g, e):
                    s.tp += 1
                    if g.kind == e.kind:
                        by_kind(g.kind, rule.name).tp += 1
                elif rule.gold_has(g) or rule.pred_has(e):
                    ev.mismatches.append(Mismatch(doc.doc_id, rule.name, g, e))
        for g in doc.gold:
            ev.kinds.setdefault(g.kind, Score()).gold += 1
        for e in extracted:
            ev.kinds.setdefault(e.kind, Score()).pred += 1
        for g, e in pairs:
            ks = ev.kinds[g.kind]
            ks.matched += 1
            if g.kind == e.kind:
                ks.tp += 1
        ev.mismatches.extend(Mismatch(doc.doc_id, "missed", g, None) for g in lone_gold)
        ev.mismatches.extend(Mismatch(doc.doc_id, "spurious", None, e) for e in lone_pred)
    return ev
