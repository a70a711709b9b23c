"""Shared set-up for the app tests: a real index of the shipped corpus in a temporary folder, an
AppTest factory pointed at it, and the page's visible text.

Imported by the other tests/app/test_*.py modules (fixtures are re-exported by importing them).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
TIMEOUT = 60


def build_index(corpus: Path, folder: Path) -> Path:
    from index import ClaimIndex

    ClaimIndex.build(corpus, folder).close()
    return folder


_seed: list[Path] = []


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The shipped corpus indexed once per test session (read-only use). Each test module that
    imports this fixture gets its own definition, hence the module-level memo."""
    if not _seed:
        _seed.append(build_index(REPO / "corpus", tmp_path_factory.mktemp("app-index")))
    return _seed[0]


@pytest.fixture
def app(seed_index, monkeypatch) -> AppTest:
    """The app on the shipped corpus, first run done."""
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(seed_index))
    monkeypatch.setenv("EVIDENCE_DESK_CORPUS", str(REPO / "corpus"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def writable_app(tmp_path, monkeypatch) -> tuple[AppTest, Path]:
    """The app on a private copy of the corpus and its own index, for tests that upload."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    index = build_index(corpus, tmp_path / "index")
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(index))
    monkeypatch.setenv("EVIDENCE_DESK_CORPUS", str(corpus))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at, corpus


def show(at: AppTest, view: str) -> AppTest:
    """Switch to a tab, as a click on it does."""
    at.session_state["view"] = view
    return at.run()


_STYLE = re.compile(r"<style>.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def html_text(fragment: str) -> str:
    """What a reader sees of an st.html fragment."""
    return html.unescape(_TAG.sub("", _STYLE.sub("", fragment)))


def md_text(value: str) -> str:
    """What a reader sees of our escaped Markdown (backslash escapes removed)."""
    return _MD_ESCAPE.sub(r"\1", value)


def page_text(at: AppTest) -> str:
    """All text on the page, in order of element kind (for 'is it shown' assertions)."""
    parts = [md_text(m.value) for m in at.markdown]
    parts += [md_text(c.value) for c in at.caption]
    parts += [html_text(h.value) for h in at.html]
    parts += [md_text(e.label) for e in at.expander]
    for kind in (at.info, at.warning, at.error, at.success):
        parts += [md_text(e.value) for e in kind]
    parts += [t.value for t in at.text]
    return "\n".join(parts)


def answer_blocks(at: AppTest) -> list[str]:
    """The visible text of each answer in the chat (the ed-answer HTML blocks), oldest first."""
    return [html_text(h.value) for h in at.html if 'class="ed-answer"' in h.value]


def cited_spans(at: AppTest) -> list[str]:
    """Text inside the highlighted citation marks on the page."""
    spans = []
    for h in at.html:
        # Figure marks inside a citation cut it into adjacent pieces; a run of them is one span.
        run, end = None, -1
        for m in re.finditer(r'<mark class="([^"]*)"[^>]*>(.*?)</mark>', h.value, re.S):
            if set(m.group(1).split()) not in ({"ed-cite"}, {"ed-cite", "ed-figure"}):
                continue
            text = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            if run is not None and m.start() == end:
                run += text
            else:
                if run is not None:
                    spans.append(run)
                run = text
            end = m.end()
        if run is not None:
            spans.append(run)
    return spans


def figure_spans(at: AppTest) -> list[str]:
    """Text inside the figure marks (claims quoted inside a citation) on the page."""
    spans = []
    for h in at.html:
        spans += [html.unescape(m) for m in re.findall(r'<mark class="[^"]*\bed-figure\b[^"]*"[^>]*>(.*?)</mark>', h.value, re.S)]
    return spans
