"""Start-up (AppTest): a first launch builds the index from the corpus; an unusable index is
reported with the command that fixes it, never a traceback."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.test_harness import APP, REPO, TIMEOUT, md_text


def test_first_launch_builds_the_index_from_the_corpus(tmp_path, monkeypatch):
    index = tmp_path / "fresh-index"
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(index))
    monkeypatch.setenv("EVIDENCE_DESK_CORPUS", str(REPO / "corpus"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    assert (index / "CURRENT").is_file()
    assert [t.label for t in at.tabs] == ["Chat", "Verify", "Evidence table", "Forest plot", "Documents", "Upload"]
    assert "2 documents in the index" in [m.value for m in at.sidebar.markdown]
    # the build's progress bar is gone once the index is ready
    assert not at.get("progress")


def test_unusable_index_names_the_rebuild_command(tmp_path, monkeypatch):
    index = tmp_path / "broken-index"
    index.mkdir()
    (index / "CURRENT").write_text("gen-000009-abcdef\n")
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(index))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    [error] = [md_text(e.value) for e in at.error]
    assert error.startswith("The index could not be opened: ")
    assert f"Rebuild it with: python -m index build --index {index}" in error
    assert not at.tabs
