"""Hostile content stays inert in every view of the app (issue 8), checked at the AppTest level.

A source whose title, outlet and text carry HTML, Markdown, LaTeX and Streamlit colour syntax is
indexed; then every tab is drawn (chat with a question that cites it and a question that is itself
hostile, verify, evidence table, forest plot, documents, upload, sidebar). Every element the app
sends is checked: HTML fragments may hold only our own tags, with no event handlers or javascript:
URLs; Markdown strings must hold the hostile constructs escaped. The real-browser test
(test_browser.py) checks the rendered page; this sweeps every element kind of every view.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.reliability_index_checks import REPO, build_fast_index

APP = str(REPO / "app.py")

# Each construct carries a unique word so its escaped form can be told from a live one.
TITLE = "Hostile <script>alert('t')</script> **hostilebold** [hostilelink](javascript:alert(1)) $hostilemath$"
SOURCE = "<b>hostiletag</b> :red[hostilered] Outlet"
TEXT = (
    "Hostile trial of zorbicept in adults with melanoma.\n\n"
    "In the ZORB-1 trial, 12 of 40 patients (30%) had a response <img src=x onerror=alert('img')> to zorbicept. "
    "Two-year overall survival was 55.5% (95% CI, 40.1 to 70.2) with zorbicept **hostilebold** "
    "[hostilelink](javascript:alert('a')) <iframe src=\"http://127.0.0.1:1/\"></iframe>.\n\n"
    "Grade 3 fever occurred in 4 patients (10%) <svg onload=alert('svg')></svg> $hostilemath$ :red[hostilered] "
    "<a href=\"javascript:alert('href')\">hostileanchor</a> <style>body{display:none}</style>.\n"
)
HOSTILE_QUESTION = "What was <script>alert('q')</script> **hostilebold** overall survival with zorbicept?"
HOSTILE_SENTENCE = "Zorbicept gave 55.5% <img src=x onerror=alert('v')> **hostilebold** two-year survival."

# Markdown strings (markdown, captions, alerts, labels): these constructs must never stand unescaped.
LIVE_MARKDOWN = [
    re.compile(r"(?<!\\)\*(?<!\\)\*hostilebold"),
    re.compile(r"(?<!\\)\]\(javascript"),
    re.compile(r"(?<!\\)<(script|img|iframe|svg|style|b|a)\b", re.I),
    re.compile(r"(?<!\\)\$hostilemath"),
    re.compile(r"(?<!\\):red(?<!\\)\[hostilered"),
]
# HTML fragments: only these tags, and no handler or javascript: inside any tag.
ALLOWED_TAGS = {"div", "span", "mark", "sup", "sub", "b", "strong", "em", "i", "br", "p", "small", "style", "ul",
                "ol", "li", "code", "pre", "table", "thead", "tbody", "tr", "td", "th", "details", "summary",
                "h1", "h2", "h3", "h4", "hr", "blockquote", "abbr", "a"}
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)([^>]*)>")


def html_problems(body: str) -> list[str]:
    problems = []
    styles = 0
    for m in _TAG.finditer(body):
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name not in ALLOWED_TAGS:
            problems.append(f"live <{name}> tag: {m.group(0)[:80]}")
        if re.search(r"\bon\w+\s*=", attrs, re.I) or "javascript:" in attrs.lower():
            problems.append(f"handler or javascript: in a tag: {m.group(0)[:80]}")
        if name == "style" and not closing:
            styles += 1
        if name in {"b", "a"} and "hostile" in body[m.end():m.end() + 12]:
            problems.append(f"source markup became a tag: {m.group(0)[:80]}")
    # our own stylesheet comes first; a second <style> would be the source's
    if styles > 1:
        problems.append("a <style> tag from the source is live")
    if re.search(r"<style>[^<]*display:\s*none", body):
        problems.append("the source's <style> is live")
    return problems


def markdown_problems(value: str) -> list[str]:
    return [f"unescaped {p.pattern!r} in {value[:120]!r}" for p in LIVE_MARKDOWN if p.search(value)]


def element_strings(at) -> list[tuple[str, str, str]]:
    """(kind, 'html' | 'md', string) for every string the app sends that Streamlit renders."""
    out = []
    for h in at.html:
        out.append(("html", "html", h.value))
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "exception", "title", "header",
                 "subheader"):
        for el in getattr(at, kind):
            out.append((kind, "md", el.value if isinstance(el.value, str) else str(el.value)))
    for kind in ("expander", "button", "text_area", "text_input", "selectbox", "tabs", "chat_input", "toggle",
                 "checkbox", "radio", "multiselect"):
        for el in getattr(at, kind, []):
            label = getattr(el, "label", None)
            if isinstance(label, str):
                out.append((f"{kind} label", "md", label))
    # selectbox options are drawn as plain text by Streamlit (only labels parse Markdown): inert
    return out


SEEN: set[str] = set()  # element kinds in which hostile text was met (so the sweep was not vacuous)


def sweep(at, view: str) -> list[str]:
    assert not at.exception, f"{view}: the app raised: {[e.value for e in at.exception]}"
    problems = []
    for kind, syntax, s in element_strings(at):
        if "hostile" in s:
            SEEN.add(kind)
        found = html_problems(s) if syntax == "html" else markdown_problems(s)
        problems += [f"{view} / {kind}: {p}" for p in found]
    return problems


@pytest.fixture
def hostile_app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (REPO / "corpus").iterdir():
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "hostile.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "hostile.meta.json").write_text(json.dumps(
        {"title": TITLE, "source": SOURCE, "kind": "news", "study": "zorb-1 <b>hostiletag</b>",
         "study_title": "ZORB-1 **hostilebold** trial", "url": "javascript:alert('url')",
         "published": "<script>alert('d')</script>"}), encoding="utf-8")
    index = tmp_path / "index"
    build_fast_index(index, corpus).close()
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(index))
    monkeypatch.setenv("EVIDENCE_DESK_CORPUS", str(corpus))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def _hostile_doc_id(at) -> str:
    from index import ClaimIndex
    import os

    idx = ClaimIndex.open(os.environ["EVIDENCE_DESK_INDEX"])
    try:
        return next(d.id for d in idx.documents() if "zorbicept" in d.text)
    finally:
        idx.close()


def test_every_view_renders_hostile_source_text_inert(hostile_app):
    from webui.citations import DOC_KEY, DOCUMENTS_TAB, VIEW_KEY

    at = hostile_app
    problems = sweep(at, "start")

    at.chat_input[0].set_value("What was the two-year overall survival with zorbicept?").run()
    problems += sweep(at, "chat (cites the hostile source)")
    page = "\n".join(h.value for h in at.html)
    assert "zorbicept" in page, "the chat answer does not show the hostile source at all: nothing was checked"
    at.chat_input[0].set_value(HOSTILE_QUESTION).run()
    problems += sweep(at, "chat (hostile question)")
    at.chat_input[0].set_value("What is the mortality with unobtainium in dragons?").run()
    problems += sweep(at, "chat (abstention with nearest passages)")

    at.session_state[VIEW_KEY] = "Verify"
    at.run()
    at.text_area(key="verify_text").set_value(HOSTILE_SENTENCE)
    at.button(key="verify_go").click().run()
    problems += sweep(at, "verify")

    for view in ("Evidence table", "Forest plot", "Upload"):
        at.session_state[VIEW_KEY] = view
        at.run()
        problems += sweep(at, view)

    at.session_state[VIEW_KEY] = DOCUMENTS_TAB
    at.session_state[DOC_KEY] = _hostile_doc_id(at)
    at.run()
    problems += sweep(at, "documents (hostile document)")
    page = "\n".join(h.value for h in at.html)
    assert "onerror=alert(&#x27;img&#x27;)" in page or "onerror=alert('img')" in page.replace("&#x27;", "'"), \
        "the hostile document's text is not shown (escaped) in the Documents view"
    assert not problems, "\n".join(problems[:20])
    assert {"html", "caption"} <= SEEN, f"hostile text met only in {sorted(SEEN)}: the sweep checked too little"


def test_the_sweep_flags_live_markup_and_passes_escaped_markup():
    """The checkers themselves: live constructs are caught, the app's escaped forms pass."""
    from webui.render import esc, escape_markdown, text_block

    assert html_problems('<div><img src=x onerror="alert(1)"></div>')
    assert html_problems('<a href="javascript:alert(1)">x</a>')
    assert html_problems("<style>body{display:none}</style>")
    assert html_problems("<b>hostiletag</b>")
    assert not html_problems(text_block(esc(TEXT)))
    for live in ("**hostilebold**", "[hostilelink](javascript:alert(1))", "<script>x</script>", "$hostilemath$",
                 ":red[hostilered]"):
        assert markdown_problems(live), live
        assert not markdown_problems(escape_markdown(live)), escape_markdown(live)
