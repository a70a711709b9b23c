"""Verdict rules: one figure of a checked sentence against the claims of its study.

Each rule is a small function registered with an explicit precedence (`@verdict_rule(order=...)`);
`check_figure` tries them in that order and the first that decides wins. A rule sees one
`FigureCase` (the figure, how it is written, our reading of it, and the source claims it can be
compared with, narrowed step by step: same unit, same endpoint, same timepoint, same arm) and returns
a FigureCheck or None. Each rule can be called alone in a test.

Precedence, and why:
   5 from_to                "fell from 23.5 to 15.0": a change the source states from the same
                            starting value decides the value it ends at      -> supported / contradicted
  10 other_timepoint_only   the figure stands only at another timepoint      -> misleading
  20 same_value             same endpoint, timepoint and arm, same value      -> supported
                            (a CI stated in the sentence must match too, else -> contradicted)
  30 other_arm              the other arm's figure for this endpoint          -> misleading
  40 other_timepoint        this endpoint's figure at another timepoint       -> misleading
  50 same_endpoint_other_value  the source states this endpoint with another value -> contradicted,
                            even when the number stands elsewhere in the source (a CI bound, another
                            endpoint): the source's own value for the endpoint decides
  60 means_something_else   the number is a CI bound, a composite, another endpoint -> misleading
  70 raw_mention            a source sentence states the very number in the same words -> supported
  80 other_timepoints_only  the endpoint is reported only at other timepoints -> not_found
  90 nothing                                                             -> not_found

`supported` is given only by rules 5, 20 and 70, so a contradicted or misleading figure cannot pass.
"""

from __future__ import annotations

import re

from settings import SETTINGS
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from extract.models import Citation, Claim, ClaimKind, FigureCheck
from extract.vocab import qualifiers
from extract.vocab import time as vocab_time

from .corpus_view import CitationList, CorpusView
from .figure_context import Reading, arm_relation, compatible, is_filler, lettered_arm, lettered_arm_relation
from .intent import timepoint_words
from .numbers import canonical_number, find_numbers, rounds_to, same_number, written_figure
from .select import CONTEXT_KINDS
from .sentence_figures import SKIP_NUMBER_RE, Figure, inside_brackets, is_share_word
from .value_match import qualifier_of, value_matches
from .vocabulary import content_words, pretty, stems, topic_terms

WORDING_MATCH = SETTINGS.wording_match  # share of a figure's clause words a source sentence must hold to stand in for an endpoint
VALUE_ANCHORED_WORDING = SETTINGS.value_anchored_wording  # enough when the sentence also states the very number
RAW_WORDING_MATCH = SETTINGS.raw_wording_match  # for a number no structured claim holds


# ---- the case a rule sees -----------------------------------------------------------------------

@dataclass
class FigureCase:
    """One figure and the source claims it can be compared with, narrowed lazily."""

    figure: Figure
    candidates: list[Claim]
    view: CorpusView
    cits: CitationList
    text: str = ""
    _memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def reading(self) -> Reading:
        return self.figure.reading

    @cached_property
    def written(self) -> str:
        return written_of(self.figure.claim)

    @cached_property
    def qualifier(self) -> str:
        c = self.figure.claim
        return qualifier_of(c, self.text) if self.text else (c.qualifier or "")

    @cached_property
    def comparable(self) -> list[Claim]:
        r = self.reading
        usable = [c for c in self.candidates if c.value is not None and c.kind != ClaimKind.P_VALUE]
        # "16 of 30" is a count and a percentage at once: sources giving either can state it
        fraction = self.figure.claim.n is not None and bool(self.figure.claim.denominator)
        # a value with decimals ("a mean of 32.76") is never a count of people ("Forty-two")
        value = self.figure.claim.value
        decimal = value is not None and not fraction and value != int(value)
        return [c for c in usable if (compatible(self.view.reading(c).unit_class, r.unit_class)
                                      and not (decimal and self.view.reading(c).unit_class == "count"))
                or fraction and self.view.reading(c).unit_class in {"count", "percent"}]

    @cached_property
    def same_key(self) -> list[Claim]:
        r = self.reading
        if r.key:
            found = [c for c in self.comparable if self.view.reading(c).key == r.key]
        else:
            # an endpoint matched by wording must also be what the figure says happened
            found = [c for score, c in by_wording(self.figure, self.comparable, self.view)
                     if score >= WORDING_MATCH and states_predicate(self, c.doc_id, *self.view.claim_sentence(c), claim=c)]
        return [c for c in found if not qualifier_conflict(self.figure, c, self.view)]

    @cached_property
    def same_time(self) -> list[Claim]:
        t = self.reading.timepoint
        return [c for c in self.same_key if not t or self.view.reading(c).timepoint in {t, ""}]

    @cached_property
    def same_arm(self) -> list[Claim]:
        r = self.reading
        found = [c for c in self.same_time if self.arm_relation(c) == "same"]
        if r.arm or r.control:
            # A figure the sentence gives for one group is not decided by a source figure that has no
            # group while its sentence gives the same endpoint for several ("50%, 21% and 11%,
            # respectively"): which one is whose is unknown, so it neither supports nor contradicts.
            found = [c for c in found if not unattributed_in_list(c, self.view)]
        return found

    @cached_property
    def explicit(self) -> list[Claim]:
        """Same arm, and the timepoint named when the sentence names one."""
        t = self.reading.timepoint
        return [c for c in self.same_arm if not t or self.view.reading(c).timepoint == t]

    def arm_relation(self, c: Claim) -> str:
        """arm_relation of the figure and a source claim; a source's lettered arm ('Group I') is read
        from where the source defines it ('Group I ... received laser therapy')."""
        rel = arm_relation(self.reading, self.view.reading(c))
        if rel == "other" and lettered_arm(c.arm or ""):
            if lettered_arm_relation(self.reading, c.arm, self.view.documents[c.doc_id].text,
                                     c.start) == "same":
                return "same"
        return rel

    def matches(self, c: Claim, *, with_qualifier: bool = True) -> str:
        key = (id(c), with_qualifier)
        if key not in self._memo:
            self._memo[key] = figure_matches(self.figure.claim, self.written, c,
                                             self.qualifier if with_qualifier else "")
        return self._memo[key]

    def decided(self, status: str, c: Claim, explanation: str) -> FigureCheck:
        n = self.cits.cite_claim(c)
        citation: Citation = self.cits.items[n - 1]
        figure, start, end = figure_span(self.figure)
        return FigureCheck(figure=figure, start=start, end=end, status=status, explanation=explanation, claim=c,
                           citation=citation, source_figure=source_figure(c))

    def undecided(self, explanation: str) -> FigureCheck:
        figure, start, end = figure_span(self.figure)
        return FigureCheck(figure=figure, start=start, end=end, status="not_found", explanation=explanation)


# ---- the registry ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerdictRule:
    order: int
    name: str
    fn: Callable[[FigureCase], FigureCheck | None]


VERDICT_RULES: list[VerdictRule] = []


def verdict_rule(*, order: int):
    """Register a rule at precedence `order` (lower runs first); the function keeps its own name."""
    def register(fn: Callable[[FigureCase], FigureCheck | None]):
        if any(r.order == order for r in VERDICT_RULES):
            raise ValueError(f"two verdict rules at order {order}: {fn.__name__}")
        VERDICT_RULES.append(VerdictRule(order, fn.__name__, fn))
        VERDICT_RULES.sort(key=lambda r: r.order)
        return fn
    return register


def check_figure(f: Figure, candidates: list[Claim], view: CorpusView, cits: CitationList,
                 text: str = "") -> FigureCheck:
    """The first verdict rule that decides, in order of precedence."""
    case = FigureCase(f, candidates, view, cits, text)
    for rule in VERDICT_RULES:
        out = rule.fn(case)
        if out is not None:
            return out
    return case.undecided("No source states this figure or another value for it.")


# ---- the rules ---------------------------------------------------------------------------------

# "from 23.5 to 15.0", "from 18.5 at baseline to 15.0 at end of treatment": a value before and after
_FROM_TO_RE = re.compile(r"\bfrom\s+(?P<a>-?\d+(?:\.\d+)?)\s*(?:%|percent|per cent)?(?:\s+(?:at\s+)?[a-z]+){0,3}?"
                         r"\s+to\s+(?P<b>-?\d+(?:\.\d+)?)", re.I)


@verdict_rule(order=5)
def from_to(case: FigureCase) -> FigureCheck | None:
    """'X fell from 23.5 to 15.0': the source sentence that states the same outcome going from the same
    starting value decides both numbers - the start is supported, the end is supported when the
    source ends at the same value and contradicted (citing the source's end) when it does not. A
    start value is what ties the two to one quantity (an arm's baseline), so without it nothing is
    decided here."""
    _, start, _ = figure_span(case.figure)
    mine = next((m for m in _FROM_TO_RE.finditer(case.text) if start in {m.start("a"), m.start("b")}), None)
    if mine is None:
        return None
    words = clause_stems(case.figure)
    view = case.view
    best = None
    for doc_id in sorted({c.doc_id for c in case.candidates}):
        text = view.documents[doc_id].text
        for s, e in view.sentences(doc_id):
            for m in _FROM_TO_RE.finditer(text, s, e):
                if not same_number(mine.group("a"), float(m.group("a"))):
                    continue
                score = len(words & (view.span_stems(doc_id, s, e) | view.title_stems(doc_id))) / max(1, len(words))
                if score >= VALUE_ANCHORED_WORDING and (best is None or score > best[0]):
                    best = (score, doc_id, s, e, m)
    if best is None:
        return None
    _, doc_id, s, e, m = best
    which = "a" if start == mine.start("a") else "b"
    theirs = m.group(which)
    ok = same_number(mine.group(which), float(theirs)) or rounds_to(mine.group(which), float(theirs))
    pos = m.start(which)
    claim = next((c for c in view.claims_by_doc.get(doc_id, ()) if c.start <= pos < c.end), None)
    said = f"from {m.group('a')} to {m.group('b')}"
    status = "supported" if ok else "contradicted"
    why = (f"The source states {said}." if ok else
           f"The source states {said}: it ends at {m.group('b')}, not {mine.group('b')}.")
    if claim is not None:
        return case.decided(status, claim, why)
    n = case.cits.add(doc_id, s, e)
    figure, f0, f1 = figure_span(case.figure)
    return FigureCheck(figure=figure, start=f0, end=f1, status=status, citation=case.cits.items[n - 1],
                       source_figure=theirs, explanation=why)


@verdict_rule(order=10)
def other_timepoint_only(case: FigureCase) -> FigureCheck | None:
    """A source that names the timepoint decides before one that names none: a headline's '81.6%'
    cannot support 'at five years' when the paper gives 81.6% at two years."""
    r, view = case.reading, case.view
    if not r.timepoint:
        return None
    other = [c for c in case.same_key if view.reading(c).timepoint not in {r.timepoint, ""}
             and arm_relation(r, view.reading(c)) == "same" and case.matches(c, with_qualifier=False)]
    if other and not any(case.matches(c, with_qualifier=False) for c in case.explicit):
        c = other[0]
        return case.decided("misleading", c, f"{source_figure(c)} is given at {timepoint_words(view.reading(c).timepoint)}, "
                                             f"not at {timepoint_words(r.timepoint)}.")
    return None


def _support_order(case: FigureCase) -> list[Claim]:
    r, view = case.reading, case.view
    ordered = case.explicit + [c for c in case.same_arm if c not in case.explicit]
    if not r.key:
        # Without a known endpoint, the same number in the abstract the sentence is about, in a
        # sentence sharing a third of its words, stands in for the endpoint match.
        ordered += [c for score, c in by_wording(case.figure, case.comparable, view, with_title=True)
                    if score >= VALUE_ANCHORED_WORDING and c not in ordered
                    and arm_relation(r, view.reading(c)) == "same" and _anchored(case, c)
                    and states_predicate(case, c.doc_id, *view.claim_sentence(c), claim=c)
                    and not ((r.arm or r.control) and unattributed_in_list(c, view))
                    and not qualifier_conflict(case.figure, c, view)]
    return ordered


def _anchored(case: FigureCase, c: Claim) -> bool:
    """The very number, or a figure the sentence's own 'more than' / 'about' admits ('more than 80%'
    for 87.7%): enough to anchor a match found by wording."""
    how = case.matches(c, with_qualifier=False)
    if how == "exact":
        return True
    if not case.qualifier or case.matches(c) not in {"bound", "approx"}:
        return False
    # "more than 55%" is no news reading of 85%: a bound anchors only a figure close to it
    stated = case.figure.claim.value
    return stated is not None and c.value is not None and abs(c.value - stated) <= max(5.0, 0.1 * abs(stated))


@verdict_rule(order=20)
def same_value(case: FigureCase) -> FigureCheck | None:
    """Same endpoint, timepoint and arm with the same value (exact, rounded, within a stated bound, or
    approximately) -> supported; a confidence interval the sentence states must match too."""
    ordered = _support_order(case)
    q, written = case.qualifier, case.written
    other, other_read = None, False  # the other arm's reading, found once when first needed
    for how in ("exact", "rounded", "bound", "approx"):
        for c in ordered:
            if case.matches(c) != how:
                continue
            if how != "exact":
                # the very number stated for the other arm outweighs a rounded match of this arm's
                # figure, unless this arm's figure is at least as near ("one in five": 20.1% here, 19.1% there)
                if not other_read:
                    other, other_read = other_arm(case), True
                stated = case.figure.claim.value
                if other is not None and (other.claim is None or c.value is None or stated is None
                                          or abs(other.claim.value - stated) < abs(c.value - stated)):
                    return None
            if how != "exact" and c.kind in CONTEXT_KINDS and (case.reading.arm or case.reading.control):
                continue  # a group's result is not a rounding of a background figure (a baseline mean, a threshold)
            wrong_ci = ci_mismatch(case.figure.claim, c)
            if wrong_ci:
                return case.decided("contradicted", c, wrong_ci)
            why = {"exact": f"The source states {source_figure(c)}.",
                   "rounded": f"Supported as a rounded value: the source states {source_figure(c)}.",
                   "bound": f"Supported: the source states {source_figure(c)}, which is {q} {written}.",
                   "approx": f"Supported as an approximation ({(q + ' ') if q else ''}"
                             f"{written}): the source states {source_figure(c)}."}[how]
            return case.decided("supported", c, why)
    return None


def _same_number_elsewhere(case: FigureCase, *, exclude: list[Claim]) -> list[tuple[str, Claim]]:
    """(how, claim) for comparable source claims not in `exclude` that state the figure's number."""
    out = []
    for how in ("exact", "rounded"):
        for c in case.comparable:
            if c not in exclude and case.matches(c, with_qualifier=False) == how:
                out.append((how, c))
    return out


_BOUNDS = set(qualifiers.LOWER_BOUNDS) | set(qualifiers.UPPER_BOUNDS)


@verdict_rule(order=30)
def other_arm(case: FigureCase) -> FigureCheck | None:
    """The number is this endpoint's figure for the other arm -> misleading."""
    r, view = case.reading, case.view
    if case.qualifier.lower() in _BOUNDS:
        return None  # "more than 55%" says nothing of the group whose figure is 55.4%
    for _, c in _same_number_elsewhere(case, exclude=case.same_arm):
        if c.kind in CONTEXT_KINDS and case.same_arm:
            continue  # a background figure ("90% relapse within 2 years") is no reading of this one
        cr = view.reading(c)
        same_endpoint = (r.key and cr.key == r.key) or (not r.key and c in case.same_key)
        if same_endpoint and case.arm_relation(c) == "other":
            if cr.control:
                who = "the comparison group" + (f" ({c.arm})" if c.arm else "")
            else:
                who = f"the {cr.arm} arm" if cr.arm else "the study group"
            return case.decided("misleading", c, f"{source_figure(c)} is the figure for {who}: {describe(c, cr)}; "
                                                 "the sentence gives it for another arm.")
    return None


@verdict_rule(order=40)
def other_timepoint(case: FigureCase) -> FigureCheck | None:
    """The number is this endpoint's figure at another timepoint -> misleading."""
    r, view = case.reading, case.view
    if not (r.key and r.timepoint):
        return None
    for _, c in _same_number_elsewhere(case, exclude=case.same_arm):
        cr = view.reading(c)
        if cr.key == r.key and cr.timepoint and cr.timepoint != r.timepoint:
            return case.decided("misleading", c, f"{source_figure(c)} is given at {timepoint_words(cr.timepoint)}, "
                                                 f"not at {timepoint_words(r.timepoint)}.")
    return None


@verdict_rule(order=50)
def same_endpoint_other_value(case: FigureCase) -> FigureCheck | None:
    """The sources give this endpoint (same timepoint and arm) another value -> contradicted, even when
    the sentence's number stands elsewhere in the source. Thresholds and background figures
    ('HbA1c < 7%') are not results, so they never contradict one. An endpoint matched by wording alone
    first gives a sentence stating the very number its chance (rule raw_mention)."""
    if not case.reading.key and raw_mention(case) is not None:
        return None
    results = [c for c in case.same_arm if c.kind not in CONTEXT_KINDS and not c.qualifier]
    if not results:
        return None
    c = results[0]
    why = f"The source gives {source_figure(c)}, not {case.figure.claim.value_text or case.written}."
    elsewhere = _means_something_else(case)
    if elsewhere:
        why += f" ({elsewhere[1]})"
    return case.decided("contradicted", c, why)


def _means_something_else(case: FigureCase) -> tuple[Claim, str] | None:
    r, view, written = case.reading, case.view, case.written
    # A confidence bound quoted as the estimate (exact matches only: bounds are never rounded in reports).
    # "more than 80%" is a bound of the sentence's own, not a CI bound that happens to be 80.
    for c in ([] if case.qualifier else case.comparable):
        for bound, name in ((c.ci_low, "lower"), (c.ci_high, "upper")):
            if same_number(written, bound):
                return c, (f"{written} is the {name} bound of the confidence interval of "
                           f"{describe(c, view.reading(c))} ({source_figure(c)}), not an estimate.")
    for how, c in _same_number_elsewhere(case, exclude=case.same_arm):
        if c.kind in CONTEXT_KINDS and case.same_arm:
            continue
        cr = view.reading(c)
        if cr.composite and r.key and r.key != cr.key:
            return c, (f"{source_figure(c)} counts patients who {cr.composite.strip()}: "
                       f"a composite outcome, not {pretty(r.key)} alone.")
        if r.key and cr.key and cr.key != r.key:
            return c, f"{source_figure(c)} is {describe(c, cr)}, not {pretty(r.key)}."
        if not r.key and cr.key and how == "exact" and r.unit_class != "count" and \
                predicate_status(case, c.doc_id, *view.claim_sentence(c), claim=c) == "other" and \
                not _document_mentions_predicate(case, c.doc_id):
            what = f"counts patients who {cr.composite.strip()}" if cr.composite else f"is {describe(c, cr)}"
            return c, f"{source_figure(c)} {what}; the sources do not state what the sentence says of it."
        if r.key and not cr.key and how == "exact" and r.unit_class != "count":
            return c, f"{source_figure(c)} stands in the sources for something else: \u201c{c.quote}\u201d."
    return None


@verdict_rule(order=60)
def means_something_else(case: FigureCase) -> FigureCheck | None:
    """The number stands in the sources as a CI bound, a composite or another endpoint -> misleading."""
    found = _means_something_else(case)
    return case.decided("misleading", *found) if found else None


@verdict_rule(order=70)
def raw_mention(case: FigureCase) -> FigureCheck | None:
    """Support from a sentence that states the very number in the same words, when no structured
    claim holds it."""
    key = ("raw",)
    if key not in case._memo:
        case._memo[key] = _raw_mention(case)
    return case._memo[key]


@verdict_rule(order=80)
def other_timepoints_only(case: FigureCase) -> FigureCheck | None:
    if case.same_key and case.reading.timepoint and not case.same_time:
        return case.undecided("The sources report this endpoint only at other timepoints.")
    return None


# ---- what the figure says happened ------------------------------------------------------------

PREDICATE_SHARE = 0.5  # of the words saying what happened, the share a source sentence must hold


_ABBREVIATION_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")


def predicate_stems(case: FigureCase) -> tuple[set[str], set[str]]:
    """Stems of the words of the figure's clause that say what happened ('cured', 'relapse rate'),
    without the names of drugs, diseases and groups (those name who, not what); and apart, the
    abbreviations among them ('ADRs'), which a source may spell out in words we cannot match."""
    clause = figure_clause(case.figure)
    names = set()
    for t in topic_terms(clause, case.view.drug_names):
        names |= stems(t)
    abbreviations = set()
    for m in _ABBREVIATION_RE.finditer(clause):
        abbreviations |= stems(m.group()) - names
    out = set()
    for w in content_words(clause):
        if not is_filler(w):
            out |= stems(w) - names
    return out - abbreviations, abbreviations


def predicate_status(case: FigureCase, doc_id: str, start: int, end: int, claim: Claim | None = None) -> str:
    """'stated' when the source sentence [start, end) says what the figure says happened; 'other' when
    it says something else; 'unknown' when only an abbreviation it does not spell out is missing."""
    key = ("predicate",)
    if key not in case._memo:
        case._memo[key] = predicate_stems(case)
    words, abbreviations = case._memo[key]
    have = case.view.span_stems(doc_id, start, end)
    if claim is not None:
        have = have | stems(f"{claim.endpoint_text or ''} {claim.arm or ''}")
        section = table_section(case.view.documents[doc_id].text, claim.start)
        if section:
            have = have | case.view.span_stems_of_text(section)
    if words and len(words & have) / len(words) < PREDICATE_SHARE:
        return "other"
    return "unknown" if abbreviations - have else "stated"


def _document_mentions_predicate(case: FigureCase, doc_id: str) -> bool:
    """Does the document use any of the words that say what the figure says happened? Only when it
    does not ('cured' in an abstract that never speaks of cure) can we say the source states
    something else: otherwise the outcome may be stated in words we do not match."""
    words, _ = case._memo.get(("predicate",)) or predicate_stems(case)
    text = case.view.lower_texts[doc_id]
    return any(w in text for w in words)


def states_predicate(case: FigureCase, doc_id: str, start: int, end: int, claim: Claim | None = None) -> bool:
    """Does the source sentence say what the figure says happened? A figure read by wording alone is
    supported only then: '93% were MRD-negative or had low MRD' is not '93% cured'."""
    return predicate_status(case, doc_id, start, end, claim) == "stated"


# ---- matching helpers --------------------------------------------------------------------------

def months_per(unit: str) -> float | None:
    return vocab_time.months_per(unit)


def written_of(claim: Claim) -> str:
    return written_figure(claim.value_text, claim.quote, claim.value)


def figure_matches(figure: Claim, written: str, c: Claim, qualifier: str = "") -> str:
    """value_matches, extended to how news writes two kinds of figures:
    - "28 of 30": the same count, or the percentage the source gives for it (28/30 = 93.3% is "93%");
    - a duration in other units: "about two years" against 26.3 months is compared in years
      (2.2, which rounds to 2), "5 years" against 26.3 months is not."""
    if figure.n is not None and figure.denominator:
        if c.n is not None and c.n == figure.n and c.denominator in {None, figure.denominator}:
            return "exact"
        if c.unit in {"%", "percent"} and c.value is not None and figure.value is not None \
                and not c.qualifier and c.kind not in CONTEXT_KINDS and c.n in {None, figure.n}:
            # a percentage the source gives for this count; never a bound or a background figure
            # ("less than 40%" is no reading of "12 of 30")
            return "rounded" if rounds_to(written_of(c).rstrip("% "), figure.value) or \
                same_number(written_of(c).rstrip("% "), figure.value) else ""
        if c.n is None and c.unit in {"", None} and c.kind in {ClaimKind.COUNT, ClaimKind.SAMPLE_SIZE} and c.value == figure.n:
            return "exact"
        return ""
    if is_share_word(figure) and c.value is not None and (c.unit in {"%", "percent"} or "%" in (c.value_text or "")):
        return share_matches(figure.value, c.value, qualifier)
    if canonical_number(written) == "0":
        return "exact" if c.value == 0 else ""  # "zero" is not a rounded 0.0005
    mine, theirs = months_per(figure.unit), months_per(c.unit)
    if mine and theirs and mine != theirs and c.value is not None:
        return value_matches(written, c.value * theirs / mine, qualifier)
    return value_matches(written, c.value, qualifier)


SHARE_POINTS = 2.0  # "a quarter" for 23-27%: a share in words is as loose as that, in points
SHARE_LOOSE_POINTS = 3.5  # "about a third", "roughly one in four"
SHARE_BELOW_POINTS = 5.0  # "almost a third" for 28.5-33.3%, "nearly all" for 95-100%


def share_matches(stated: float, value: float, qualifier: str = "") -> str:
    """A share in words ('almost a quarter', 'one in four', 'more than half') against a percentage."""
    q = qualifier.lower()
    if q in {"more than", "over", "above", "at least", "exceeding", "greater than"}:
        return "bound" if value > stated or q == "at least" and value >= stated else ""
    if q in {"less than", "under", "below", "fewer than", "at most", "up to"}:
        return "bound" if value < stated else ""
    if q in {"almost", "nearly", "close to"}:
        return "approx" if stated - SHARE_BELOW_POINTS <= value <= stated else ""
    if q in {"about", "approximately", "roughly", "around", "some", "~", "an estimated"}:
        return "approx" if abs(value - stated) <= SHARE_LOOSE_POINTS else ""
    return "rounded" if abs(value - stated) <= SHARE_POINTS else ""


def ci_mismatch(figure: Claim, c: Claim) -> str:
    """'' when the sentence states no interval or the same one as the source; else why not."""
    if figure.ci_low is None or figure.ci_high is None or c.ci_low is None or c.ci_high is None:
        return ""
    ok = all(rounds_to(canonical_number(repr(mine)), theirs) or same_number(canonical_number(repr(mine)), theirs)
             for mine, theirs in ((figure.ci_low, c.ci_low), (figure.ci_high, c.ci_high)))
    if ok:
        return ""
    from .numbers import format_value
    return (f"The source states {source_figure(c)} with the interval {format_value(c.ci_low)} to "
            f"{format_value(c.ci_high)}, not {format_value(figure.ci_low)} to {format_value(figure.ci_high)}.")


_UNIT_AFTER_RE = re.compile(r"\s*(%|percent|per cent|[a-zA-Z]+)")


def _others_of_same_kind(sent: str, number) -> bool:
    """Does the sentence state another number with the same unit word after it?"""
    def unit(n) -> str:
        m = _UNIT_AFTER_RE.match(sent, n.end)
        u = m.group(1).lower() if m else ""
        return "%" if u in {"%", "percent", "per"} else u
    mine = unit(number)
    return any(n.canonical != number.canonical and unit(n) == mine and not inside_brackets(sent, n.start)
               and not SKIP_NUMBER_RE.match(sent[n.end:n.end + 15]) for n in find_numbers(sent, words=False))


# Endpoints our keys do not tell apart, named by words that exclude each other: "systolic" blood
# pressure is not "diastolic", a "complete response" is not the "overall response".
_EXCLUSIVE = [[re.compile(p) for p in group] for group in qualifiers.EXCLUSIVE]


def qualifier_conflict(f: Figure, c: Claim, view: CorpusView) -> bool:
    """Does the checked figure name one of a set of exclusive qualifiers and the source figure another?"""
    theirs = f"{c.endpoint} {c.endpoint_text}".strip()
    if not theirs:  # no endpoint extracted: the words just before the figure
        doc = view.documents[c.doc_id]
        s0, _ = view.claim_sentence(c)
        theirs = doc.text[max(s0, c.start - 60):c.start]
    mine = f.clause
    for group in _EXCLUSIVE:
        have = [i for i, p in enumerate(group) if p.search(mine)]
        other = [i for i, p in enumerate(group) if p.search(theirs)]
        if have and other and not set(have) & set(other):
            return True
    return False


def unattributed_in_list(c: Claim, view: CorpusView) -> bool:
    """A claim with no arm whose sentence holds other figures of the same endpoint and kind."""
    rc = view.reading(c)
    if c.arm or rc.arm or rc.control:
        return False
    s, e = view.claim_sentence(c)
    # without an endpoint of its own, any figure of the same kind in its sentence competes for it
    return any(o is not c and s <= o.start and o.end <= e and o.value != c.value
               and (view.reading(o).key == rc.key or not rc.key) and view.reading(o).unit_class == rc.unit_class
               for o in view.claims_by_doc.get(c.doc_id, ()))


def _raw_mention(case: FigureCase) -> FigureCheck | None:
    f, view, written = case.figure, case.view, case.written
    words = stems(figure_clause(f))
    if len(words) < 2 or f.reading.key in {"sample size"}:
        return None
    doc_ids = sorted({c.doc_id for c in case.candidates}) or sorted(view.documents)
    target = canonical_number(written)
    best = None
    for doc_id in doc_ids:
        text = view.documents[doc_id].text
        for s, e in view.sentences(doc_id):
            sent = text[s:e]
            hit = [n for n in find_numbers(sent, words=False) if n.canonical == target
                   and not inside_brackets(sent, n.start) and not SKIP_NUMBER_RE.match(sent[n.end:n.end + 15])]
            if not hit:
                continue
            if f.reading.unit_class == "percent" and not re.match(r"\s*(%|percent|per cent)", sent[hit[0].end:], re.I):
                continue
            # Wording alone cannot tell whose number it is when the sentence gives others of the
            # same kind ("10.3 months for Keytruda and 7.4 months for chemotherapy"): no support.
            if _others_of_same_kind(sent, hit[0]):
                continue
            score = len(words & (view.span_stems(doc_id, s, e) | view.title_stems(doc_id))) / len(words)
            if score >= RAW_WORDING_MATCH and states_predicate(case, doc_id, s, e) and (best is None or score > best[0]):
                best = (score, doc_id, s, e)
    if best is None:
        return None
    _, doc_id, s, e = best
    n = case.cits.add(doc_id, s, e)
    figure, start, end = figure_span(f)
    return FigureCheck(figure=figure, start=start, end=end, status="supported", citation=case.cits.items[n - 1],
                       source_figure=written, explanation=f"The source sentence states {written} in the same terms.")


def by_wording(f: Figure, comparable: list[Claim], view: CorpusView, *,
               with_title: bool = False) -> list[tuple[float, Claim]]:
    """(share of the figure's clause words its source sentence holds, claim), best first."""
    words = clause_stems(f)
    if len(words) < 2:
        return []
    scored = []
    for c in comparable:
        s, e = view.claim_sentence(c)
        # a table cell's sentence is its row: the row label and column header name what it is
        have = view.span_stems(c.doc_id, s, e) | stems(f"{c.endpoint_text or ''} {c.arm or ''}")
        section = table_section(view.documents[c.doc_id].text, c.start)
        if section:
            have = have | view.span_stems_of_text(section)
        if with_title:
            have = have | view.title_stems(c.doc_id)
        score = len(words & have) / len(words)
        if score > 0:
            scored.append((score, c))
    return sorted(scored, key=lambda t: (-t[0], t[1].doc_id, t[1].start))


_ROW_WHEN_RE = re.compile(vocab_time.ROW_WHEN_OR_STATISTIC, re.I)
_TABLE_RULE_RE = re.compile(r"^\s*[-=|: ]{6,}\s*$")
_SECTION_ROW_RE = re.compile(r"^[\s|]*(?:\*\*)?(?P<label>[A-Za-z][^\d|]*?)(?:\*\*)?[\s|]*$")


def table_section(text: str, start: int, limit: int = 12) -> str:
    """The section row a table cell's row sits under ('**Shoulder extension**' over 'Posttreatment
    42.66'): a row label that says only when or which statistic leaves the measure to that row."""
    line_start = text.rfind("\n", 0, start) + 1
    row = text[line_start:text.find("\n", start) if "\n" in text[start:] else len(text)]
    if not re.match(r"^\s{2,}\S|^\s*\|", row):
        return ""  # not a row of a plain-text or pipe table
    label = re.split(r"\s{2,}|\|", row.strip(" |"), maxsplit=1)[0]
    if not _ROW_WHEN_RE.fullmatch(label):
        return ""  # a row that names its own measure or subgroup ('CSF -- vertebral bone') is not the section's
    pos = line_start - 1
    for _ in range(limit):
        if pos <= 0:
            return ""
        prev_start = text.rfind("\n", 0, pos) + 1
        line = text[prev_start:pos]
        pos = prev_start - 1
        if not line.strip() or _TABLE_RULE_RE.match(line):
            return ""  # the table's head or its end: no section row above this one
        m = _SECTION_ROW_RE.match(line)
        if m:
            return m.group("label").strip()
    return ""


def clause_stems(f: Figure) -> set[str]:
    """Stems of the words of the figure's clause that say what and who, without the filler that
    says neither ('patients', 'given', 'seen'), which a source writes in its own way."""
    clause = figure_clause(f)
    kept = " ".join(w for w in content_words(clause) if not is_filler(w))
    return stems(kept) or stems(clause)


def figure_clause(f: Figure) -> str:
    """The part of the sentence that holds the figure, without the figure's own words ('a third')."""
    # ", compared with 10.1% on placebo" says its outcome in the part before
    parts = re.split(r"[;,]\s+(?!(?:as\s+)?compared\b|versus\b|vs\b|than\b)", f.clause)
    for p in parts:
        if f.claim.quote and f.claim.quote in p:
            return p.replace(f.claim.quote, " ")
    return f.clause.replace(f.claim.quote, " ") if f.claim.quote else f.clause


def describe(c: Claim, r: Reading) -> str:
    what = pretty(r.key) or c.endpoint or c.endpoint_text or "another measure"
    parts = [what]
    if r.timepoint:
        parts.insert(0, r.timepoint.replace(" ", "-"))
    if c.arm:
        parts.append(f"in {c.arm}")
    return " ".join(parts)


def source_figure(c: Claim) -> str:
    figure = (c.value_text or c.quote).strip()
    if c.n is not None and str(c.n) not in figure and str(c.n) in c.quote:
        return c.quote.strip()  # "28 patients (93%)", not "93%", when the count is part of the figure
    if months_per(c.unit) and c.unit.lower() not in figure.lower():
        # "26.3 months": a duration is read with its unit, as the source writes them together
        m = re.match(re.escape(figure) + r"[\s-]*" + re.escape(c.unit), c.quote.strip(), re.I)
        figure = m.group() if m else figure
    return figure


def figure_span(f: Figure) -> tuple[str, int, int]:
    """The figure as written in the checked text and its offsets: '129' of '129 patients'."""
    c = f.claim
    i = c.quote.find(c.value_text) if c.value_text else -1
    if i >= 0:
        return c.value_text, c.start + i, c.start + i + len(c.value_text)
    return c.quote, c.start, c.end
