"""The fact-check report (AppTest and the command line) on the shipped corpus: every figure and
statement with its verdict, the figure highlighted in the cited passage, what was not checked, and
downloads as Markdown and CSV; `python -m answer report` prints the same report."""

from __future__ import annotations

import csv
import io
import json

from tests.app.test_harness import app, page_text, seed_index, show  # noqa: F401

ARTICLE = ("Blinatumomab gave 95% of infants two more years of life, compared with 66% of children treated with "
           "chemotherapy alone in the Interfant-06 trial.\n\n"
           "The drug had no serious side effects. It was published in The Lancet.")


def test_report_of_a_pasted_article_lists_figures_verdicts_and_what_was_not_checked(app):
    show(app, "Verify")
    app.text_area(key="verify_text").input(ARTICLE)
    app.button(key="report_go").click().run()
    assert not app.exception, app.exception
    rep, _ = app.session_state["report_result"]
    by_figure = {r.figure: r for r in rep.rows if r.type == "figure"}
    assert by_figure["95%"].status == "contradicted" and by_figure["95%"].source_figure == "93.3%"
    assert by_figure["66%"].status in {"misleading", "supported"}
    # the deciding source figure is marked inside the cited passage, the checked figure in its sentence
    r = by_figure["95%"]
    assert r.citation.quote[r.mark_start:r.mark_end].startswith("93.3%")
    assert ARTICLE[r.figure_start:r.figure_end] == "95%"
    cards = [h.value for h in app.html if 'class="ed-card' in h.value]
    assert any('<mark class="ed-cite">93.3%' in c for c in cards), cards
    assert any('<mark class="contradicted">95%</mark>' in c for c in cards)
    # what was not checked is listed, not silently dropped
    unchecked = [u.sentence for u in rep.unchecked]
    assert unchecked == ["The drug had no serious side effects.", "It was published in The Lancet."]
    text = page_text(app)
    assert "Not checked" in text and "The drug had no serious side effects." in text
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download Markdown", "Download CSV"]


def test_report_on_an_indexed_story_does_not_confirm_itself(app):
    show(app, "Verify")
    options = app.selectbox(key="report_doc").options
    md = next(o for o in options if o.startswith("Blinatumomab promising"))
    app.selectbox(key="report_doc").select_index(options.index(md))
    app.button(key="report_doc_go").click().run()
    assert not app.exception, app.exception
    rep, _ = app.session_state["report_result"]
    assert rep.doc_id and rep.rows
    # every citation is to another source than the story itself
    assert all(r.citation.doc_id != rep.doc_id for r in rep.rows if r.citation)
    # the 81.6% of its headline is confirmed by the other source of the study
    assert any(r.figure == "81.6%" and r.status == "supported" for r in rep.rows)


def test_cli_report_formats_match_the_app(seed_index, capsys):
    import sys

    from answer.__main__ import main
    from answer.report import report_text, to_markdown
    from index import ClaimIndex

    for fmt in ("md", "csv", "json"):
        sys.stdin = io.StringIO(ARTICLE)
        try:
            assert main(["report", "-", "--index", str(seed_index), "--format", fmt]) == 0
        finally:
            sys.stdin = sys.__stdin__
        out = capsys.readouterr().out
        if fmt == "md":
            md = out
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
        else:
            data = json.loads(out)
    idx = ClaimIndex.open(seed_index)
    try:
        assert md == to_markdown(report_text(ARTICLE, idx))
    finally:
        idx.close()
    assert "**95%**" in md and "93.3%" in md and "## Not checked" in md
    assert "“The drug had no serious side effects.” — No source sentence states this." in md
    figures = [r for r in rows if r["type"] == "figure"]
    assert [r["figure"] for r in figures] == ["95%", "66%"]
    assert figures[0]["verdict"] == "contradicted" and figures[0]["figure_in_passage"].startswith("93.3%")
    assert [r["sentence"] for r in rows if r["type"] == "not checked"] == [
        "The drug had no serious side effects.", "It was published in The Lancet."]
    assert data["verdict"] == "contradicted" and {"rows", "unchecked", "citations", "counts"} <= set(data)


def test_cli_report_of_an_unknown_id_says_what_to_give(seed_index, capsys):
    from answer.__main__ import main

    assert main(["report", "no-such-thing", "--index", str(seed_index)]) == 1
    assert "neither a file nor the id of an indexed document" in capsys.readouterr().err
