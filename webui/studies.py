"""Studies in the UI: which study a document reports and what kind of source it is, chosen by the
user (pick a study the index knows or name a new one), saved with idx.set_document_study."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import streamlit as st

from extract.models import Document

from .render import escape_markdown
from .resources import index_lock, uploads_dir
from .uploads import remember_metadata

# The kind of source, asked plainly; the audit compares news with the journal paper of its study.
KIND_CHOICES = {"news": "News story", "journal": "Journal paper or abstract", "press-release": "Press release",
                "other": "Something else"}
KIND_HELP = ("Say which text is the journal paper: a news story's figures are checked against the journal "
             "source of the same study.")
NEW_STUDY = "\x00new"  # selectbox value for 'a new study' (never a real key: keys are slugs)
SAVED_KEY = "study_saved"
INFER = ""  # selectbox value for 'as read from the text'


def known_studies(docs: list[Document]) -> dict[str, str]:
    """study key -> its description (the first non-empty study_title, else the key), sorted by it."""
    found: dict[str, str] = {}
    for d in docs:
        if d.study and not found.get(d.study):
            found[d.study] = d.study_title or ""
    return dict(sorted(((k, v or k) for k, v in found.items()), key=lambda kv: kv[1].lower()))


def study_key_for(name: str) -> str:
    """A study key from a name the user typed ('Pyridostigmine ileus trial' -> 'pyridostigmine-ileus-trial')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80]


def study_choice(docs: list[Document], *, key: str, current: str = "", allow_infer: bool = False) -> tuple[str, str] | None:
    """A study picker (existing studies, or a new one by name). Returns (key, title); None for
    'infer from the text'; ('', '') when 'new' was picked without a name."""
    studies = known_studies(docs)
    options = ([INFER] if allow_infer else []) + list(studies) + [NEW_STUDY]
    if current and current not in studies:
        options.insert(0 if not allow_infer else 1, current)
        studies[current] = current

    def label(k: str) -> str:
        if k == INFER:
            return "Work it out from the text"
        if k == NEW_STUDY:
            return "A new study (name it below)"
        return studies.get(k, k)

    index = options.index(current) if current in options else 0
    picked = st.selectbox("Study this text reports", options, index=index, format_func=label, key=f"{key}-study",
                          help="Sources of one study are compared with each other: a news story with its journal paper.")
    name = st.text_input("Name of the new study", key=f"{key}-study-name", max_chars=200,
                         placeholder="e.g. Pyridostigmine for ileus after abdominal surgery (Iran, 2015)")
    if picked == NEW_STUDY or (name.strip() and picked == INFER):
        if not name.strip():
            return ("", "")
        return (study_key_for(name), name.strip())
    if picked == INFER:
        return None
    return (picked, studies.get(picked, picked))


def save_study(idx, doc: Document, study: str, title: str, kind: str) -> Document:
    """Write the study and kind into the index (a new generation) and, for an upload, its sidecar."""
    with index_lock():
        new = idx.set_document_study(doc.id, study, kind=kind or None, study_title=title)
        path = Path(doc.path).resolve() if doc.path else None
        if path is not None and path.parent == uploads_dir().resolve() and path.is_file():
            remember_metadata(path, study=study, study_title=title, kind=kind or None)
    return new


def study_editor(doc: Document, idx) -> None:
    """The Documents tab's form: which study this document reports and what kind of source it is."""
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved:
        st.success(escape_markdown(saved))
    with st.expander("Study and kind of source: " + escape_markdown(doc.study_title or doc.study or "not set"),
                     expanded=not doc.study):
        docs = idx.documents()
        choice = study_choice(docs, key=f"doc-{doc.id}", current=doc.study)
        kinds = list(KIND_CHOICES)
        kind = st.radio("Kind of source", kinds, index=kinds.index(doc.kind) if doc.kind in kinds else 3,
                        format_func=KIND_CHOICES.get, horizontal=True, key=f"doc-{doc.id}-kind", help=KIND_HELP)
        if st.button("Save study and kind", key=f"doc-{doc.id}-save", type="primary"):
            if choice is None or choice == ("", ""):
                st.warning("Pick a study or type the name of a new one first.")
                return
            try:
                save_study(idx, doc, choice[0], choice[1], kind)
            except Exception as exc:  # the index is unchanged when a write fails
                st.error(escape_markdown(f"The study could not be saved: {exc}"))
                return
            # Drawn again from the top, so the table, the audit and the answers see the new study.
            st.session_state[SAVED_KEY] = f"Saved: “{doc.title}” reports {choice[1]} ({KIND_CHOICES[kind].lower()})."
            st.rerun()
