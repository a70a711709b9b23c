"""A claim while it is being built: offsets into the text plus the Claim fields found so far.

Rules create candidates; attribution fills endpoint, timepoint, arm and comparator; `to_claim`
turns each into the contract's Claim with the verbatim quote.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

from .models import Claim, content_id


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    value_start: int
    value_end: int
    value: Optional[float] = None
    value_text: str = ""
    measure: str = ""
    unit: str = ""
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None
    ci_high_open: bool = False
    range_low: Optional[float] = None
    range_high: Optional[float] = None
    range_kind: str = ""
    sd: Optional[float] = None
    p_value: str = ""
    timepoint: str = ""
    arm: str = ""
    comparator: str = ""
    n: Optional[int] = None
    denominator: Optional[int] = None
    grade: str = ""
    qualifier: str = ""
    endpoint: str = ""
    endpoint_text: str = ""
    sentence: tuple[int, int] = (0, 0)
    # Text between the value and its CI ("in our study"), searched for the arm.
    inner: tuple[int, int] = (0, 0)
    # Fixed by the rule that found it; attribution leaves these alone.
    fixed: set[str] = field(default_factory=set)

    def to_claim(self, text: str, doc_id: str) -> Claim:
        # the rules build well-typed values, so skip validation (a third of extraction time);
        # the id is computed exactly as Claim.with_id() does (tests check they agree)
        claim = Claim.model_construct(
            doc_id=doc_id,
            start=self.start,
            end=self.end,
            quote=text[self.start:self.end],
            kind=self.kind,
            endpoint=self.endpoint,
            endpoint_text=self.endpoint_text,
            measure=self.measure,
            value=self.value,
            value_text=text[self.value_start:self.value_end].strip() if self.value_end > self.value_start else self.value_text,
            unit=self.unit,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            ci_level=self.ci_level,
            ci_high_open=self.ci_high_open,
            range_low=self.range_low,
            range_high=self.range_high,
            range_kind=self.range_kind,
            sd=self.sd,
            p_value=self.p_value,
            timepoint=self.timepoint,
            arm=self.arm,
            comparator=self.comparator,
            n=self.n,
            denominator=self.denominator,
            grade=self.grade,
            qualifier=self.qualifier,
            sentence_start=self.sentence[0],
            sentence_end=self.sentence[1],
        )
        claim.id = content_id(doc_id, self.start, self.end, self.kind, claim.endpoint, claim.arm, claim.value)
        return claim


class Taken:
    """Character ranges already claimed by an earlier rule, so a figure is extracted once."""

    # Kept sorted by start with the longest span's length, so a check looks only at the spans that
    # could reach it: a linear scan per check made long texts quadratic.
    def __init__(self) -> None:
        self._starts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._spans.insert(i, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans at i and later start at or after `end`
        while i > 0:
            i -= 1
            s, e = self._spans[i]
            if s <= start - self._longest:
                break
            if start < e:
                return True
        return False


class Sentences:
    """Sentence lookup by offset."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def of(self, offset: int) -> Optional[tuple[int, int]]:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def index(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def within(self, start: int, end: int) -> Optional[tuple[int, int]]:
        """The sentence holding the whole range, or None when it crosses a boundary."""
        s = self.of(start)
        if s is None or end > s[1]:
            return None
        return s
