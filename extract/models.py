"""The data contract: the only types that extract/, index/, answer/ and app.py pass to each other.

Every span-bearing model (Claim, Passage, Citation) holds `doc_id`, `start`, `end` into
`Document.text`, and `Document.text[start:end] == quote/text` must hold for all of them.
Ids are derived from content, so re-indexing the same text gives the same ids.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

DocKind = Literal["news", "journal", "press-release", "other"]


class ClaimKind(StrEnum):
    """What a claim's figure is. A str: compares equal to its value and serialises as it."""

    ESTIMATE = "estimate"  # a result: a percentage, a mean, a ratio ...
    COUNT = "count"  # a number of patients or events with an outcome ("18 of 40")
    SAMPLE_SIZE = "sample_size"  # how many were studied
    FOLLOW_UP = "follow_up"  # how long they were followed
    ADVERSE_EVENT = "adverse_event"
    P_VALUE = "p_value"
    THRESHOLD = "threshold"  # a cut-off that defines a group or an outcome ("HbA1c < 7%")
    BACKGROUND = "background"  # a figure from the literature or the introduction, not this study's result
    ELIGIBILITY = "eligibility"  # an inclusion limit ("aged 18 to 65 years")
    # numbers that are no result, so later logic can tell them from results
    DOSE = "dose"  # "1 g twice daily", "10 mg/kg"
    SCHEDULE = "schedule"  # "day 8", "every 3 weeks"
    GRADE = "grade"  # "grade 3"
    AGE_LIMIT = "age_limit"  # "younger than 1 year"
    YEAR = "year"  # "in 2019"
    NAME = "name"  # a number inside a name: "type 1 diabetes", "third-generation", "KMT2A"


class Measure(StrEnum):
    """The summary measure a figure is; NONE when the source names none."""

    NONE = ""
    PROPORTION = "proportion"
    COUNT = "count"
    MEAN = "mean"
    MEDIAN = "median"
    RATE = "rate"
    HAZARD_RATIO = "hazard ratio"
    ODDS_RATIO = "odds ratio"
    RISK_RATIO = "risk ratio"
    RATE_RATIO = "rate ratio"
    RATIO = "ratio"  # a ratio the source does not name
    MEAN_DIFFERENCE = "mean difference"
    RISK_DIFFERENCE = "risk difference"
    DIFFERENCE = "difference"
    PERCENT_CHANGE = "percent change"
    THRESHOLD = "threshold"
    P_VALUE = "p-value"
    # named by the hand-written gold; the rules may name them later
    REGRESSION_COEFFICIENT = "regression coefficient"
    GEOMETRIC_MEAN_RATIO = "geometric mean ratio"
    MEAN_PERCENT_CHANGE = "mean percent change"
    DURATION = "duration"


class Status(StrEnum):
    """The verdict on one checked figure, and on a whole checked sentence (VerdictLabel)."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    MISLEADING = "misleading"
    NOT_FOUND = "not_found"


VerdictLabel = Status  # one type: a sentence's verdict takes the same values as a figure's status


def content_id(*parts: object, length: int = 16) -> str:
    """A stable hex id from the given parts (used for documents, passages and claims)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


class Span(BaseModel):
    """A character range of a document's text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="First character (inclusive).")
    end: int = Field(ge=0, description="Last character (exclusive).")
    label: str = Field("", description="Why the span is marked, e.g. 'subscription', 'disclaimer'.")


class Document(BaseModel):
    """A source as read: cleaned text that every offset points into, plus metadata."""

    id: str = Field(description="Content-derived id: content_id(text).")
    title: str = ""
    source: str = Field("", description="Outlet or journal.")
    kind: DocKind = "other"
    url: str = ""
    published: str = Field("", description="Publication date as ISO text when known.")
    text: str
    boilerplate: list[Span] = Field(default_factory=list, description="Spans that are not citable.")
    path: str = Field("", description="The file the document was read from.")
    study: str = Field("", description="Key of the study the document reports, for grouping sources.")
    study_title: str = Field("", description="Human-readable description of that study.")
    cites: str = Field("", description="Journal a news story says it reports, e.g. 'New England Journal of Medicine'.")
    drug: str = ""
    condition: str = ""
    pages: list[Span] = Field(default_factory=list, description="Page spans for PDFs; label is the page number.")
    sections: list[Span] = Field(default_factory=list, description="Section spans (label = section name).")

    @staticmethod
    def make_id(text: str) -> str:
        return content_id(text)

    def is_citable(self, start: int, end: int) -> bool:
        """False when the range overlaps a boilerplate span."""
        return not any(b.start < end and start < b.end for b in self.boilerplate)

    def page_of(self, offset: int) -> Optional[str]:
        for p in self.pages:
            if p.start <= offset < p.end:
                return p.label
        return None


class Passage(BaseModel):
    """The unit that is embedded, searched and cited."""

    id: str = ""
    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Claim(BaseModel):
    """One figure stated in a source, with its attribution. `quote == text[start:end]`."""

    # kind and measure are validated against their enums and stored as their plain values, so the
    # JSON and model_dump() are what they were when they were free strings
    model_config = ConfigDict(use_enum_values=True)

    id: str = ""
    doc_id: str = ""
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(description="Verbatim source span that states the figure.")
    kind: ClaimKind = Field(description="estimate | count | sample_size | follow_up | adverse_event | p_value | threshold | background ...")
    endpoint: str = Field("", description="Canonical endpoint name, e.g. 'disease-free survival'.")
    endpoint_text: str = Field("", description="Endpoint as written.")
    measure: Measure = Field(Measure.NONE, description="proportion | hazard ratio | odds ratio | risk ratio | median | mean | count ...")
    value: Optional[float] = None
    value_text: str = Field("", description="The value as written, e.g. '81.6%'.")
    unit: str = ""
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None
    ci_high_open: bool = Field(False, description="Upper bound 'not reached'.")
    range_low: Optional[float] = None
    range_high: Optional[float] = None
    range_kind: str = Field("", description="'range' | 'IQR' when a spread is given.")
    sd: Optional[float] = None
    p_value: str = ""
    timepoint: str = ""
    arm: str = ""
    comparator: str = ""
    n: Optional[int] = None
    denominator: Optional[int] = None
    grade: str = ""
    qualifier: str = Field("", description="'<', '>', 'less than', ... when the value is a bound.")
    sentence_start: Optional[int] = None
    sentence_end: Optional[int] = None

    def with_id(self) -> "Claim":
        cid = content_id(self.doc_id, self.start, self.end, self.kind, self.endpoint, self.arm, self.value)
        return self.model_copy(update={"id": cid})


class Citation(BaseModel):
    n: int
    doc_id: str
    title: str = ""
    source: str = ""
    kind: str = ""
    start: int
    end: int
    quote: str
    path: str = ""
    page: Optional[str] = None


class SearchHit(BaseModel):
    doc_id: str
    path: str = ""
    title: str = ""
    start: int
    end: int
    text: str
    score: float
    passage_id: str = ""
    dense_rank: Optional[int] = None
    lexical_rank: Optional[int] = None


class Answer(BaseModel):
    question: str = ""
    text: str = Field(description="Answer text with [n] citation markers.")
    citations: list[Citation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    abstained: bool = False
    intent: str = ""
    flags: list[str] = Field(default_factory=list, description="Caveats a careful reader must know.")
    nearest: list[SearchHit] = Field(default_factory=list, description="Nearest passages when abstaining.")


class FigureCheck(BaseModel):
    model_config = ConfigDict(use_enum_values=True)

    figure: str = Field(description="The figure as written in the checked sentence.")
    start: int = Field(0, description="Offset of the figure in the checked sentence.")
    end: int = 0
    status: Status
    explanation: str = ""
    claim: Optional[Claim] = Field(None, description="The source claim that decides the status.")
    citation: Optional[Citation] = None
    source_figure: str = ""


class Verdict(BaseModel):
    model_config = ConfigDict(use_enum_values=True)

    sentence: str
    verdict: VerdictLabel
    figures: list[FigureCheck] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    explanation: str = ""


class AuditRow(BaseModel):
    figure: Claim
    status: Literal["agrees", "differs", "only_here"]
    other: Optional[Claim] = None
    citation: Optional[Citation] = None
    explanation: str = ""


class Audit(BaseModel):
    doc_id: str
    title: str = ""
    study: str = ""
    compared_with: list[str] = Field(default_factory=list, description="doc_ids of the other sources.")
    rows: list[AuditRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="What the audit could not compare, e.g. no journal source.")
