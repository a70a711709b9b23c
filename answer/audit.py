"""Cross-source audit: a news story's figures against the other sources of the same study.

Documents are grouped by study (metadata first). Each figure of the audited document is looked up in
the other sources, journals first: `agrees` (same endpoint, timepoint and arm, same value or the same
value rounded), `differs` (that source gives another value), `only_here` (no other source states it).
"""

from __future__ import annotations

from extract.models import Audit, AuditRow, Claim, Document

from .corpus_view import CitationList, CorpusView, view_of
from .figure_context import compatible
from .numbers import rounds_to, same_number, written_figure
from .vocabulary import stems

_SKIP_KINDS = {"p_value"}


class UnknownDocument(LookupError):
    """No document with that id in the index."""


def audit(doc_id: str, idx) -> Audit:
    view = view_of(idx)
    doc = view.document(doc_id)
    if doc is None:
        matches = [d for d in view.documents if d.startswith(doc_id)] if doc_id else []
        if len(matches) == 1:
            doc = view.documents[matches[0]]
        else:
            known = ", ".join(sorted(view.documents)[:10])
            raise UnknownDocument(f"no document {doc_id!r} in the index; known ids: {known} "
                                  "(list them with `python -m index search` or the app's Documents tab)")
    others = view.same_study(doc)
    notes = []
    if not others:
        notes.append("No other source of this study is in the index: every figure is reported only here.")
    elif not any(o.kind == "journal" for o in others):
        notes.append("No journal source for this study is in the index; the figures are compared with the "
                     "other news reports only, which may copy the same error.")
    cits = CitationList(view)
    rows = [_row(c, doc, others, view, cits) for c in _figures(view, doc)]
    return Audit(doc_id=doc.id, title=doc.title, study=doc.study or view.study_of(doc),
                 compared_with=[o.id for o in others], rows=rows, notes=notes)


def _figures(view: CorpusView, doc: Document) -> list[Claim]:
    return [c for c in view.claims if c.doc_id == doc.id and c.value is not None and c.kind not in _SKIP_KINDS]


def _same_value(a: Claim, b: Claim) -> str:
    """'exact' / 'rounded' when one figure is the other as written or rounded, else ''."""
    wa, wb = _written(a), _written(b)
    if same_number(wa, b.value):
        return "exact"
    if rounds_to(wa, b.value) or rounds_to(wb, a.value):
        return "rounded"
    return ""


def _same_arm(a: str, b: str) -> bool:
    """Two written arm names share a word stem ('oral pyridostigmine' / 'pyridostigmine')."""
    return bool(stems(a) & stems(b))


def _written(c: Claim) -> str:
    return written_figure(c.value_text, c.quote, c.value)


def _row(claim: Claim, doc: Document, others: list[Document], view: CorpusView, cits: CitationList) -> AuditRow:
    r = view.reading(claim)
    first_differs: tuple[Claim, Document] | None = None
    for other in others:
        pool = [c for c in view.claims if c.doc_id == other.id and c.value is not None and c.kind not in _SKIP_KINDS]
        same = []
        for c in pool:
            cr = view.reading(c)
            if not compatible(cr.unit_class, r.unit_class):
                continue
            if r.key and cr.key != r.key:
                continue
            if not r.key and not _same_value(claim, c):
                continue
            if r.arm and cr.arm:
                # Both name their group: the same group or not the same figure (a control flag
                # read from 'compared with' must not pair a story's drug-arm figure with the placebo's).
                if not _same_arm(r.arm, cr.arm):
                    continue
            elif cr.control != r.control:
                continue
            if r.timepoint and cr.timepoint and cr.timepoint != r.timepoint:
                continue
            same.append(c)
        # A figure of the same named group first: the story's '60% in the starch group' is compared
        # with the paper's starch figure, not with a figure that names no group.
        same.sort(key=lambda c: 0 if r.arm and view.reading(c).arm else 1)
        for c in same:
            how = _same_value(claim, c)
            if how:
                n = cits.cite_claim(c)
                note = " (rounded)" if how == "rounded" else ""
                return AuditRow(figure=claim, status="agrees", other=c, citation=cits.items[n - 1],
                                explanation=f"{other.kind} source \u201c{other.title}\u201d states "
                                            f"{c.value_text or c.quote}{note}.")
        if same and first_differs is None:
            first_differs = (same[0], other)
    if first_differs:
        c, other = first_differs
        n = cits.cite_claim(c)
        return AuditRow(figure=claim, status="differs", other=c, citation=cits.items[n - 1],
                        explanation=f"{other.kind} source \u201c{other.title}\u201d gives "
                                    f"{c.value_text or c.quote} for {r.key or 'this figure'}.")
    return AuditRow(figure=claim, status="only_here",
                    explanation="No other source of this study in the index states this figure.")


_KIND_WORDS = {"journal": "the journal", "press-release": "the press release", "news": "another story",
               "other": "the other source"}


def status_in_words(row: AuditRow, idx) -> str:
    """An audit row's status as a fact-checker says it: 'agrees with the journal', 'differs: the
    journal says 50%', 'only in this story'."""
    if row.status == "only_here" or row.other is None:
        return "only in this story"
    other = view_of(idx).document(row.other.doc_id)
    who = _KIND_WORDS.get(other.kind if other else "other", "the other source")
    if row.status == "agrees":
        return f"agrees with {who}"
    return f"differs: {who} says {row.other.value_text or row.other.quote}"
