"""Which claims and sentences answer an intent: endpoint, timepoint and arm matched by our rules."""

from __future__ import annotations

import re

from extract.models import Claim

from .corpus_view import CorpusView
from .intent import RATIO_MEASURES, Intent
from .vocabulary import stem, stems

# Kinds that are context rather than a result of the study reported.
CONTEXT_KINDS = {"background", "threshold"}


def is_control(claim: Claim, view: CorpusView) -> bool:
    return view.reading(claim).control


def claim_timepoint(claim: Claim, view: CorpusView) -> str:
    """The claim's timepoint as '2 year', from its field, else from the words around it."""
    return view.reading(claim).timepoint


# A clause that restricts a figure to part of the patients: the figure is that subgroup's, not the trial's.
_SUBGROUP_RE = re.compile(
    r"\b(?:in|among|for)\s+(?:the\s+)?(?:sub-?group|subset|stratum)\s+of\s+[\w-]+(?:\s+[\w-]+){0,3}|"
    r"\b(?:in|among|for)\s+(?:the\s+)?(?:patients|participants|subjects|those|women|men|children|adults)\s+"
    r"(?:with|who|aged|older|younger|without)\s+[\w-]+(?:\s+[\w-]+){0,3}|"
    r"\b(?:in|among)\s+(?:the\s+)?[\w-]+-(?:positive|negative|mutated|mutant)\s+(?:patients|participants|tumou?rs|disease)|"
    r"\b(?:sub-?group|subset)\s+analys[ie]s\b", re.I)


def subgroup_of(view: CorpusView, claim: Claim) -> str:
    """The words that restrict a figure to a subgroup ('among patients with PD-L1 expression'), from
    its sentence up to the figure; '' when the figure is the whole trial's."""
    s, _ = view.claim_sentence(claim)
    before = view.documents[claim.doc_id].text[s:claim.end]
    found = list(_SUBGROUP_RE.finditer(before))
    return found[-1].group() if found else ""


def claims_for(view: CorpusView, intent: Intent, *, allow_context: bool = False) -> list[Claim]:
    """Claims about the intent's endpoint at its timepoint (and arm), best sources first."""
    if not intent.endpoint:
        return []
    found = [c for c in view.claims if view.key_of(c) == intent.endpoint and c.value is not None
             and (intent.doc_ids is None or c.doc_id in intent.doc_ids)]
    if not allow_context:
        found = [c for c in found if c.kind not in CONTEXT_KINDS]
    if intent.timepoint:
        found = [c for c in found if claim_timepoint(c, view) in {intent.timepoint, ""}]
        # Claims without a timepoint only count when one with the asked timepoint exists.
        if not any(claim_timepoint(c, view) == intent.timepoint for c in found):
            return []
    if intent.arm == "control":
        found = [c for c in found if is_control(c, view)]
    if intent.measure in RATIO_MEASURES:
        # A question about a hazard ratio is not answered by a survival percentage.
        found = [c for c in found if c.measure == intent.measure]
    elif intent.measure == "proportion":
        # Percentages when the sources give them; a count stays an answer, and says it is one.
        found = [c for c in found if view.reading(c).unit_class == "percent"] or found
    elif intent.measure:
        found = [c for c in found if c.measure in {intent.measure, ""}]
    return sorted(found, key=lambda c: source_rank(view, c))


def source_rank(view: CorpusView, claim: Claim) -> tuple:
    """Journals before press releases before news; claims with a CI first; then position."""
    doc = view.documents.get(claim.doc_id)
    order = {"journal": 0, "press-release": 1, "other": 2, "news": 3}
    has_ci = claim.ci_low is not None and claim.ci_high is not None
    return (order.get(doc.kind if doc else "", 9), not has_ci, claim.doc_id, claim.start)


def sentences_with_terms(view: CorpusView, terms: list[str], *, require: str = "",
                         doc_ids: list[str] | None = None) -> list[tuple[float, str, int, int]]:
    """(score, doc_id, start, end) of citable sentences holding the terms, best first.

    score is the share of `terms` the sentence holds (abbreviations expanded, crude stems);
    `require` is a word whose stem must be present (the verb of a "how was X measured" question).
    """
    wanted = set()
    for t in terms:
        wanted |= stems(t) or {stem(t)}
    if not wanted:
        return []
    out = []
    for doc_id in sorted(doc_ids if doc_ids is not None else view.documents):
        for s, e in view.sentences(doc_id):
            have = view.span_stems(doc_id, s, e)
            if require and stem(require) not in have:
                continue
            score = len(wanted & have) / len(wanted)
            if score > 0:
                out.append((score, doc_id, s, e))
    out.sort(key=lambda t: (-t[0], t[1], t[2]))
    return out


# ---- the closest passage -------------------------------------------------------------------------

# Share of the question's own words (its study's name and drugs aside) a sentence must hold to be
# quoted as the closest passage. Calibrated on the dev split only (`python -m answer.evaluate_questions
# --split dev --calibrate`): the threshold that keeps at least 90% of the quoted passages citing the
# gold sentence at the lowest threshold (0.2: 39) with the fewest others. Dev, 2026-12-07: 0.2 39/178,
# 0.3 39/167, 0.4 38/162, 0.5 37/152, 0.6 32/137, 0.7 30/121, 0.8 24/84 (right/other) -> 0.5.
PASSAGE_COVERAGE = 0.5
# Re-ranking by meaning: how many candidates, how far below the best coverage, the edge of a figure.
MEANING_CANDIDATES = 6
COVERAGE_BAND = 0.25
# the question's endpoint words against all its words; the edge of a result sentence over an aim
FOCUS_WEIGHT = 0.6
RESULT_EDGE = 0.15
_RESULT_RE = re.compile(r"\b(p\s*[<=>≤]|significant(ly)?|differ(ed|ence)?|higher|lower|greater|less|more|fewer|"
                        r"increased?|decreased?|reduc(ed|tion)|improved?|similar|compared)\b", re.I)
_AIM_RE = re.compile(r"\b(aims?|aimed|objectives?|purpose|we (evaluated|investigated|assessed|compared)|"
                     r"to (evaluate|investigate|assess|compare|determine|examine|study)|were randomi[sz]ed|"
                     r"randomly (assigned|allocated)|were (recorded|measured|assessed|monitored|collected))\b", re.I)
# question -> coverage of the passage quoted, filled only while the evaluation calibrates
CALIBRATION: dict[str, float] | None = None


def closest_sentences(view: CorpusView, terms: list[str], *, doc_ids: list[str] | None, hits=(),
                      timepoint: str = "", endpoint: str = "", measure: str = "", required: tuple[str, ...] = (),
                      limit: int = 2, similarity=None, focus: list[str] = ()) -> list[tuple[float, str, int, int]]:
    """(coverage, doc_id, start, end) of the sentences that hold most of `terms`, best first.

    The candidates are the sentences of the documents in scope (or of the passages search found,
    when the question names no study). A question naming a timepoint ("five-year") is only answered
    by a sentence naming that timepoint. Ties go to the passage search ranked higher, then to a
    sentence that states a figure.
    """
    from .intent import timepoints_of
    from .vocabulary import ENDPOINTS

    # a question naming an endpoint we know is only answered by a sentence naming it: 'event-free
    # survival' shares two of three words with 'progression-free survival' and is another endpoint
    endpoint_re = dict(ENDPOINTS).get(endpoint) if endpoint and endpoint != "sample size" else None
    # likewise the measure it names: a median does not answer a question about a mean, nor a
    # percentage one about a hazard ratio
    from .intent import measure_pattern

    measure_re = measure_pattern(measure) if measure and measure != "proportion" else None
    must = set()
    for t in required:
        must |= stems(t) or {stem(t)}

    wanted = set()
    for t in terms:
        wanted |= stems(t) or {stem(t)}
    if not wanted:
        return []
    focused = set()
    for t in focus:
        focused |= stems(t) or {stem(t)}
    focused &= wanted
    rank = {}
    for i, h in enumerate(hits):
        rank.setdefault(h.doc_id, []).append((h.start, h.end, i))
    docs = sorted(doc_ids) if doc_ids is not None else list(dict.fromkeys(h.doc_id for h in hits))
    out = []
    for doc_id in docs:
        if doc_id not in view.documents:
            continue  # a hit from a newer generation than this view (another process just wrote)
        text = view.documents[doc_id].text
        for s, e in view.sentences(doc_id):
            if e - s > 700 or len(text[s:e].split()) < 4:
                continue  # a run-on span of a damaged text, or a table cell: not a passage to quote
            have = view.span_stems(doc_id, s, e)
            score = len(wanted & have) / len(wanted)
            if focused:
                # what the question asks about (its endpoint) counts more than the groups it names
                score = FOCUS_WEIGHT * len(focused & have) / len(focused) + (1 - FOCUS_WEIGHT) * score
            if score <= 0:
                continue
            if timepoint and timepoint not in timepoints_of(text[s:e]):
                continue
            if endpoint_re is not None and not endpoint_re.search(text[s:e]):
                continue
            if measure_re is not None and not measure_re.search(text[s:e]):
                continue
            if not must <= have:
                continue
            hit_rank = min((i for hs, he, i in rank.get(doc_id, ()) if hs < e and s < he), default=len(hits) + 1)
            has_figure = any(s <= c.start and c.end <= e for c in view.claims_by_doc.get(doc_id, ()))
            sentence = text[s:e]
            # a result sentence (figures, a p-value, a comparison) answers; an aim, a method or a
            # title only repeats the question's words
            result = has_figure or bool(_RESULT_RE.search(sentence))
            aim = bool(_AIM_RE.search(sentence))
            out.append((score, doc_id, s, e, hit_rank, not has_figure, RESULT_EDGE * result - RESULT_EDGE * aim))
    out.sort(key=lambda t: (-(t[0] + t[6]), t[4], t[5], t[1], t[2]))
    if similarity is not None and out:
        # among the sentences that hold about as much of the question as the best one, the one
        # closest in meaning (MiniLM) wins; a sentence with a figure gets a small edge
        near = [t for t in out[:MEANING_CANDIDATES] if t[0] + t[6] >= out[0][0] + out[0][6] - COVERAGE_BAND]
        texts = [view.documents[t[1]].text[t[2]:t[3]] for t in near]
        sims = similarity(texts)
        order = sorted(range(len(near)), key=lambda i: -(near[i][0] + near[i][6] + sims[i]))
        out = [near[i] for i in order] + out[len(near):]
    return [(score, d, s, e) for score, d, s, e, *_ in out[:limit]]
