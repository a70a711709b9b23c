"""The evidence desk in a browser: chat, verify, evidence table, forest plot, documents, upload.

UI only: every action is one call into answer/ (ask, verify, audit) or index/ (ClaimIndex).
Run: .venv/bin/streamlit run app.py
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from webui.chat_view import chat_view
from webui.citations import DOCUMENTS_TAB, VIEW_KEY
from webui.documents_view import documents_view
from webui.evidence_view import forest_view, table_view
from webui.render import escape_markdown
from webui.resources import corpus_dir, index_dir, load_index
from webui.upload_view import upload_view
from webui.verify_view import verify_view

TABS = {
    "Chat": chat_view,
    "Verify": verify_view,
    "Evidence table": table_view,
    "Forest plot": forest_view,
    DOCUMENTS_TAB: documents_view,
    "Upload": upload_view,
}

# a local image: a ":material/...:" or emoji icon makes every page load fetch it from a font/CDN host
st.set_page_config(page_title="The evidence desk", page_icon=str(Path(__file__).parent / "webui" / "icon.png"),
                   layout="wide")
# Phone width (390 px): a small masthead, tabs that scroll instead of overflowing, and table toolbars
# that sit inside their table instead of over the element above it.
PAGE_CSS = """<style>
@media (max-width: 640px) {
  .st-key-masthead h1 { font-size: 1.35rem; padding: 0.25rem 0 0 0; }
  .st-key-masthead [data-testid="stCaptionContainer"] { max-height: 0; overflow: hidden; visibility: hidden; }
  [data-baseweb="tab-list"] { overflow-x: auto; scrollbar-width: thin; }
  [data-baseweb="tab-list"] button { flex: 0 0 auto; }
  [data-testid="stElementToolbar"] { top: 0.25rem; right: 0.25rem; }
  [data-testid="stDataFrame"] { margin-top: 0.5rem; }
  .block-container { padding-top: 3.75rem; padding-left: 0.75rem; padding-right: 0.75rem; }
}
</style>"""
st.html(PAGE_CSS)
with st.container(key="masthead"):
    st.title("The evidence desk")
    st.caption("Figures from clinical-study reporting, each quoted verbatim from its source — or “not in the sources”.")


def _open_index():
    try:
        return load_index(str(index_dir()), str(corpus_dir()))
    except Exception as exc:  # the index's own errors name the command that fixes them
        st.error(escape_markdown(f"The index could not be opened: {exc}"))
        st.stop()


idx = _open_index()

tabs = st.tabs(list(TABS), key=VIEW_KEY, on_change="rerun")
for tab, view in zip(tabs, TABS.values()):
    if tab.open:
        with tab:
            view(idx)

# Drawn last so that it counts documents an upload has just added.
with st.sidebar:
    st.subheader("Sources")
    docs = idx.documents()
    st.markdown(f"{len(docs)} document{'' if len(docs) == 1 else 's'} in the index")
    for d in sorted(docs, key=lambda d: d.title):
        st.caption(f"{escape_markdown(d.title)} — {escape_markdown(d.source or 'unknown outlet')} ({d.kind})")
