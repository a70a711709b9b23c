"""Documents: the sources, one document's text with claims and boilerplate marked, its audit;
removing a document from the index."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st

from extract.models import Document
from extract.readers import sidecar_path

from .citations import DOC_KEY, FOCUS_KEY
from .claims_table import KIND_WORDS
from .render import Mark, escape_markdown, highlight, text_block
from .resources import corpus_dir, index_lock, uploads_dir
from .studies import KIND_CHOICES, known_studies, study_editor

REMOVE_KEY = "remove_doc"
REMOVED_KEY = "remove_notice"  # (level, message) shown once on the page after a removal


def documents_view(idx) -> None:
    _show_removal_notice()
    docs = sorted(idx.documents(), key=lambda d: (d.kind, d.title))
    counts = {d.id: len(idx.claims(d.id)) for d in docs}
    if not docs:
        st.info("The index holds no documents yet. Add some in the Upload tab.")
        return
    studies = known_studies(docs)
    origins = {d.id: idx.provenance(d.id) for d in docs}
    st.dataframe(
        pd.DataFrame([{"study": studies.get(d.study, "not set") if d.study else "not set", "document": d.title,
                       "kind of source": KIND_CHOICES.get(d.kind, d.kind), "outlet or journal": d.source or "not stated",
                       "figures": counts[d.id], "file": d.path,
                       "added": _added_words(origins[d.id]), "sha256": origins[d.id].sha256 if origins[d.id] else "—",
                       "id": d.id} for d in docs]),
        hide_index=True, key="documents_table",
    )
    by_id = {d.id: d for d in docs}
    if st.session_state.get(DOC_KEY) not in by_id:
        st.session_state[DOC_KEY] = docs[0].id
    labels = _picker_labels(docs, origins)
    doc_id = st.selectbox("Document", list(by_id), key=DOC_KEY, format_func=lambda i: labels[i])
    study_editor(by_id[doc_id], idx)
    _removal_form(by_id[doc_id], idx)
    show_document(by_id[doc_id], idx)


def _picker_labels(docs: list[Document], origins: dict) -> dict[str, str]:
    """'title (kind)' per document; documents that would share a label (a copy of a story) also
    name their file, so each copy can be picked and told apart."""
    plain = {d.id: f"{d.title} ({d.kind})" for d in docs}
    seen = Counter(plain.values())
    for d in docs:
        if seen[plain[d.id]] > 1:
            prov = origins.get(d.id)
            plain[d.id] += f" · {prov.file_name if prov else (Path(d.path).name if d.path else d.id)}"
    return plain


ORIGIN_WORDS = {"upload": "uploaded in the app", "corpus": "from the corpus folder",
                "added": "added on the command line"}


def _added_words(prov) -> str:
    """'uploaded in the app, 2026-12-08 00:15 UTC' (the table's "added" column)."""
    if prov is None:
        return "not recorded"
    when = prov.added_at.replace("T", " ")[:16] + " UTC" if prov.added_at else "at an unknown time"
    return f"{ORIGIN_WORDS.get(prov.origin, prov.origin)}, {when}"


def provenance_line(prov) -> str:
    """Where a document came from, one escaped Markdown line: file name, how and when it was
    added, sha256 (so two copies of one story can be told apart)."""
    if prov is None:
        return "Where it came from: not recorded (added before provenance was kept)."
    return escape_markdown(f"File: {prov.file_name} · {_added_words(prov)} · sha256 {prov.sha256}")


def show_disputed_copies(idx, doc_ids) -> None:
    """A warning per near-duplicate of these documents whose figures disagree (the impostor check
    of index/duplicates.py), naming both files so the reader can tell which copy is which."""
    for c in idx.disputed_copies(list(doc_ids)):
        here, there = c.provenance, c.other_provenance
        named = (f" (this copy: {here.file_name}, {_added_words(here)}; the other: {there.file_name}, "
                 f"{_added_words(there)})") if here and there else ""
        st.warning(escape_markdown(f"Disputed copy of “{c.title}”: {c.message}{named}"))


def uploaded_file(doc: Document) -> Path | None:
    """The document's file when it is an upload (a file directly in corpus/uploads/), else None."""
    if not doc.path:
        return None
    path = Path(doc.path).resolve()
    return path if path.parent == uploads_dir().resolve() else None


def _in_corpus(doc: Document) -> bool:
    return bool(doc.path) and Path(doc.path).resolve().is_relative_to(corpus_dir().resolve())


def removal_effect(doc: Document) -> str:
    """What removing `doc` does, in words, for the confirmation (Markdown-escaped)."""
    title = escape_markdown(f"“{doc.title}”")
    upload = uploaded_file(doc)
    if upload is not None:
        return (f"{title} was uploaded. Removing it takes it out of the index and deletes its file "
                f"({escape_markdown('uploads/' + upload.name)}), so a rebuild of the index does not bring it back.")
    if _in_corpus(doc):
        return (f"{title} is a shipped corpus file ({escape_markdown(Path(doc.path).name)}). It is removed from the "
                "index only: the file stays, and the document returns when the index is rebuilt.")
    # Added from elsewhere (python -m index add PATH): a rebuild reads corpus/ only.
    return (f"{title} is removed from the index only; its file is left where it is. A rebuild of the index, "
            "which reads the corpus folder only, does not bring it back.")


def _removal_form(doc: Document, idx) -> None:
    # A tick box per document, so a second click after a removal cannot remove the next document shown.
    with st.expander("Remove this document from the index"):
        st.markdown(removal_effect(doc))
        sure = st.checkbox(f"Yes, remove {escape_markdown(doc.title)}", key=f"remove_ok-{doc.id}")
        st.button("Remove from the index", key=REMOVE_KEY, type="primary", disabled=not sure,
                  on_click=_remove, args=(doc, idx))


def _remove(doc: Document, idx) -> None:
    """Button callback (runs before the page is drawn again, so the document selection can move on):
    take the document out of the index and, for an upload, delete its file and sidecar."""
    from index import IndexInputError

    if not st.session_state.get(f"remove_ok-{doc.id}"):
        return
    upload = uploaded_file(doc)
    title = f"“{doc.title}”"
    # The upload tab saves and adds under this lock too, so a file is never deleted between another
    # session's save of the same bytes and its add.
    with index_lock():
        try:
            idx.remove(doc.id)
        except IndexInputError:
            _notice("info", f"{title} was already removed from the index.")
            return
        except Exception as exc:  # the index keeps its previous state when a write fails
            _notice("error", f"{title} could not be removed: {exc}")
            return
        if upload is not None:
            try:
                upload.unlink(missing_ok=True)
                sidecar_path(upload).unlink(missing_ok=True)
            except OSError as exc:
                _notice("warning", f"Removed {title} from the index, but its file could not be deleted ({exc}); "
                                   "it returns when the index is rebuilt unless the file is deleted.")
                return
    if upload is not None:
        _notice("success", f"Removed {title} from the index and deleted its uploaded file.")
    elif _in_corpus(doc):
        _notice("success", f"Removed {title} from the index. Its file is part of the shipped corpus, so it returns "
                           "when the index is rebuilt.")
    else:
        _notice("success", f"Removed {title} from the index.")
    # Forget the removed document: the selection falls back to the first one, a citation focus on it ends.
    st.session_state.pop(DOC_KEY, None)
    st.session_state.pop(f"remove_ok-{doc.id}", None)
    focus = st.session_state.get(FOCUS_KEY)
    if focus and focus[0] == doc.id:
        st.session_state.pop(FOCUS_KEY, None)


def _notice(level: str, message: str) -> None:
    st.session_state[REMOVED_KEY] = (level, message)


def _show_removal_notice() -> None:
    notice = st.session_state.pop(REMOVED_KEY, None)
    if notice:
        level, message = notice
        show = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[level]
        show(escape_markdown(message))


def show_document(doc: Document, idx) -> None:
    meta = [f"**{escape_markdown(doc.title)}**", escape_markdown(doc.source or "unknown outlet"), doc.kind]
    if doc.published:
        meta.append(escape_markdown(doc.published))
    st.markdown(" · ".join(meta))
    if doc.study_title or doc.study:
        st.caption("Study: " + escape_markdown(doc.study_title or doc.study))
    if doc.url:
        st.caption("URL: " + escape_markdown(doc.url))
    st.caption(provenance_line(idx.provenance(doc.id)))
    show_disputed_copies(idx, [doc.id])

    if doc.kind == "news":
        _show_audit(doc, idx)

    claims = idx.claims(doc.id)
    focus = st.session_state.get(FOCUS_KEY)
    marks = [Mark(b.start, b.end, "ed-boiler", label=f"not citable: {b.label or 'boilerplate'}") for b in doc.boilerplate]
    marks += [Mark(c.start, c.end, "ed-claim", label=KIND_WORDS.get(c.kind, c.kind.replace("_", " ")),
                   title=_claim_title(c)) for c in claims]
    if focus and focus[0] == doc.id:
        start, end = focus[1], focus[2]
        marks.append(Mark(start, end, "ed-cite", anchor="cited"))
        st.markdown(f"The cited span (characters {start}–{end}) is marked in yellow below.")
        st.html(text_block(highlight(doc.text[max(0, start - 200):end + 200], [Mark(start, end, "ed-cite")],
                                     offset=max(0, start - 200))))
    st.caption(f"{len(claims)} claims marked in blue; boilerplate in grey is kept for display but never cited.")
    st.html(text_block(highlight(doc.text, marks)))


def _claim_title(c) -> str:
    parts = [c.kind, c.endpoint, c.measure, c.arm, c.timepoint]
    return " | ".join(p for p in parts if p)


def _show_audit(doc: Document, idx) -> None:
    from answer import audit
    from answer.audit import status_in_words

    with st.expander("Cross-source audit: this story's figures against the other sources of its study", expanded=True):
        result = audit(doc.id, idx)
        for note in result.notes:
            st.info(escape_markdown(note))
        if result.compared_with:
            titles = [f"{idx.document(i).title} ({idx.document(i).kind})" if idx.document(i) else i
                      for i in result.compared_with]
            st.caption("Compared with: " + escape_markdown("; ".join(titles)))
        if not result.rows:
            st.info("This story has no figures to compare.")
            return
        st.dataframe(pd.DataFrame([{
            "figure in this story": r.figure.value_text or r.figure.quote,
            "what the other sources say": status_in_words(r, idx),
            "passage": r.citation.quote if r.citation else "",
        } for r in result.rows]), hide_index=True, key=f"audit-{doc.id}")
