"""Which claims and sentences answer an intent: endpoint, timepoint and arm matched by our rules."""

from __future__ import annotations

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
