"""Upload: files saved into corpus/uploads/ and added to the index with a progress bar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .render import escape_markdown
from .resources import index_lock, uploads_dir
from .studies import KIND_CHOICES, KIND_HELP, study_choice
from .uploads import (
    ACCEPTED_SUFFIXES,
    MAX_UPLOAD_MB,
    discard,
    remember_metadata,
    save_upload,
)

KINDS = {"": "Not sure: work it out from the text", **KIND_CHOICES}


def upload_view(idx) -> None:
    st.markdown(f"Add news stories or journal texts ({', '.join(ACCEPTED_SUFFIXES)}; up to {MAX_UPLOAD_MB} MB each). "
                "Their figures become searchable and citable.")
    with st.form("upload_form", clear_on_submit=True):
        # No `type=` filter: Streamlit would raise on other extensions; save_upload refuses them
        # with a message that says what is supported.
        files = st.file_uploader("Files", accept_multiple_files=True, key="upload_files")
        kind = st.selectbox("Is it a news story, a journal paper or a press release?", list(KINDS),
                            format_func=KINDS.get, key="upload_kind", help=KIND_HELP)
        study = study_choice(idx.documents(), key="upload", allow_infer=True)
        submitted = st.form_submit_button("Add to the index", type="primary")
    if not submitted:
        _show_notices()
    if submitted:
        st.session_state.pop(NOTICES_KEY, None)
        if not files:
            st.warning("Choose at least one file first.")
        else:
            _add(files, kind, idx, study)
    pubmed_form(idx)


class _Fetched:
    """A fetched record, shaped like Streamlit's UploadedFile for _add."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def pubmed_form(idx) -> None:
    """Add a journal abstract by PMID or DOI (NCBI E-utilities efetch XML, read by the PubMed reader)."""
    from index.pubmed_fetch import PubMedFetchError, fetch_pubmed_xml

    with st.form("pubmed_form", clear_on_submit=False):
        st.markdown("**Add from PubMed**: the abstract of a journal paper, by its PubMed id or DOI "
                    "(needs the internet).")
        ident = st.text_input("PMID or DOI", key="pubmed_id", max_chars=200,
                              placeholder="e.g. 37133127 or 10.1056/NEJMoa2214171")
        study = study_choice(idx.documents(), key="pubmed", allow_infer=True)
        go = st.form_submit_button("Fetch and add", key="pubmed_go")
    if not go:
        return
    if not ident.strip():
        st.warning("Type a PubMed id or a DOI first.")
        return
    try:
        with st.spinner("Fetching the record from PubMed…"):
            pmid, data = fetch_pubmed_xml(ident)
    except (ValueError, PubMedFetchError) as exc:
        st.error(escape_markdown(str(exc)))
        return
    _add([_Fetched(f"pubmed-{pmid}.xml", data)], "journal", idx, study)


NOTICES_KEY = "upload_notices"


def _say(level: str, message: str) -> None:
    """Show a message now and keep it for the rerun after a successful add."""
    {"error": st.error, "success": st.success, "info": st.info}[level](escape_markdown(message))
    st.session_state.setdefault(NOTICES_KEY, []).append((level, message))


def _show_notices() -> None:
    for level, message in st.session_state.pop(NOTICES_KEY, []):
        {"error": st.error, "success": st.success, "info": st.info}[level](escape_markdown(message))


def _add(files, kind: str, idx, study: tuple[str, str] | None = None) -> None:
    # Save, add and (for refused files) discard as one step under the index's write lock, so a
    # removal in another session cannot delete a file between its save here and its add.
    with index_lock():
        saved = [save_upload(f.name, f.getvalue(), uploads_dir(), kind=kind) for f in files]
        for s in saved:
            if s.error:
                _say("error", (s.error))
        ready = [s for s in saved if s.path is not None]
        if not ready:
            return
        bar = st.progress(0.0, text="Adding to the index…")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(min(1.0, done / total) if total else 1.0, text=f"Adding file {done} of {total}")

        try:
            report = idx.add([s.path for s in ready], progress=progress)
        except Exception as exc:  # the index is unchanged when add fails (it writes a new generation)
            bar.empty()
            _say("error", (f"The files could not be added: {exc}"))
            for s in ready:
                discard(s)
            return
        bar.progress(1.0, text="Done")
        by_path = {s.path.resolve(): s for s in ready}
        for path, reason in report.skipped:
            s = by_path.get(Path(path).resolve())
            name = s.name if s else Path(path).name
            # Say it with the name the user gave, not our content-hash file name.
            _say("error", (f"{name}: not added — {reason.replace(str(path), name)}"))
            if s:
                discard(s)
        if study and study[0]:
            # The study the user named, for new and already-indexed files alike (and in the sidecar,
            # so a rebuild keeps it).
            for s in ready:
                if Path(s.path).resolve() in {Path(p).resolve() for p, _ in report.skipped}:
                    continue
                remember_metadata(s.path, study=study[0], study_title=study[1], kind=kind or None)
            for doc_id in report.added + report.unchanged:
                idx.set_document_study(doc_id, study[0], kind=kind or None, study_title=study[1])
        if report.added:
            titles = [(idx.document(d).title if idx.document(d) else d) for d in report.added]
            _say("success", (f"Added {len(report.added)} document(s): " + "; ".join(titles)))
        if report.unchanged:
            _say("info", f"{len(report.unchanged)} document(s) were already in the index.")
        if report.added or (study and study[0]):
            # Drawn again, so that the study pickers list a study named just now; the messages
            # above are kept for that run.
            st.rerun()
