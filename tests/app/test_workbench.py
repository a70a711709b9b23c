"""Verify, evidence table, forest plot and documents in the app (AppTest) on the shipped corpus."""

from __future__ import annotations

import json
import re

from tests.app.test_harness import app, cited_spans, html_text, md_text, page_text, seed_index, show  # noqa: F401

MD_TITLE = "Blinatumomab promising for treatment of aggressive infant leukemia with 81.6% disease-free survival rate: NEJM"
DPN_TITLE = "Blinatumomab With Chemotherapy in Infant Lymphoblastic Leukemia"


def check(at, text: str):
    show(at, "Verify")
    at.text_area(key="verify_text").input(text)
    at.button(key="verify_go").click().run()
    assert not at.exception, at.exception
    verdict, _ = at.session_state["verify_result"]
    return verdict


def claims_table(at):
    return next(d.value for d in at.dataframe if "quote" in d.value.columns)


def cards(at) -> list[str]:
    return [html_text(h.value) for h in at.html if 'class="ed-card' in h.value]


def test_verify_supported_figure_shows_card_source_figure_and_passage(app):
    verdict = check(app, "Two-year overall survival was 93.3% with blinatumomab.")
    assert verdict.verdict == "supported"
    overall, card = cards(app)
    assert overall.startswith("Overall: supported") and "Supported by the sources" in overall
    assert card.startswith("supported") and "93.3%" in card and "Source figure: 93.3%" in card
    # the deciding passage, cited span marked, is shown under the card
    quote = verdict.figures[0].citation.quote
    assert "93.3% (95% CI, 75.9 to 98.3)" in quote and quote in cited_spans(app)
    assert any(e.label.startswith("[1] ") and DPN_TITLE in e.label for e in app.expander)


def test_verify_contradicted_figure_beside_a_supported_one(app):
    text = "With blinatumomab, two-year overall survival was 95%, compared with 65.8% in Interfant-06."
    verdict = check(app, text)
    assert verdict.verdict == "contradicted"
    by_figure = {f.figure: f for f in verdict.figures}
    assert by_figure["95%"].status == "contradicted" and by_figure["95%"].source_figure == "93.3%"
    assert by_figure["65.8%"].status == "supported"
    shown = cards(app)
    assert shown[0].startswith("Overall: contradicted")
    assert any(c.startswith("contradicted") and "95%" in c and "Source figure: 93.3%" in c for c in shown), shown
    # the checked text is shown with each figure marked by its status
    marked = "\n".join(h.value for h in app.html if 'class="ed-text"' in h.value)
    assert '<mark class="contradicted" title="contradicted">95%</mark>' in marked
    assert '<mark class="supported" title="supported">65.8%</mark>' in marked


def test_verify_figure_not_in_the_sources(app):
    verdict = check(app, "Blinatumomab cured 99% of adults with melanoma.")
    assert verdict.verdict == "not_found"
    overall, card = cards(app)
    assert "Not in the sources" in overall and card.startswith("not found") and "99%" in card
    assert cited_spans(app) == []


def test_verify_empty_text_asks_for_text(app):
    show(app, "Verify")
    app.button(key="verify_go").click().run()
    assert [w.value for w in app.warning] == ["Paste some text to check first."]
    assert "verify_result" not in app.session_state


def test_evidence_table_filters_by_endpoint_and_document(app):
    show(app, "Evidence table")
    table = claims_table(app)
    everything = len(table)
    assert everything >= 10 and {DPN_TITLE, MD_TITLE} <= set(table["document"])

    app.multiselect(key="filter-endpoint").select("overall survival").run()
    table = claims_table(app)
    assert sorted(table["value_text"]) == ["65.8%", "93.3%"]
    assert set(table["quote"]) == {"93.3% (95% CI, 75.9 to 98.3)", "65.8% (95% CI, 58.9 to 71.8)"}
    assert f"{len(table)} of {everything} claims" in page_text(app)

    app.multiselect(key="filter-endpoint").unselect("overall survival").run()
    app.multiselect(key="filter-document").select(MD_TITLE).run()
    table = claims_table(app)
    assert set(table["document"]) == {MD_TITLE} and 0 < len(table) < everything


def test_evidence_downloads_hold_the_filtered_claims(app, seed_index):
    from index import ClaimIndex
    from webui.claims_table import to_csv, to_json  # what the two buttons serve for the shown rows

    show(app, "Evidence table")
    app.multiselect(key="filter-endpoint").select("disease-free survival").run()
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download CSV", "Download JSON"]
    table = claims_table(app)
    assert {"81.6%", "49.4%"} <= set(table["value_text"])
    csv = to_csv(table).decode()
    assert csv.count("\n") == len(table) + 1 and "81.6% in our study (95% confidence interval [CI], 60.8 to 92.0)" in csv
    index = ClaimIndex.open(seed_index)
    dumped = json.loads(to_json(index.claims(), set(table["id"])))
    assert sorted(c["value_text"] for c in dumped) == sorted(table["value_text"])
    for c in dumped:
        assert index.document(c["doc_id"]).text[c["start"]:c["end"]] == c["quote"]
    index.close()


def test_forest_plot_shows_only_survival_estimates_with_their_intervals_by_arm(app):
    show(app, "Forest plot")
    assert not app.exception
    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    titles = sorted(s["title"] for s in specs)
    assert titles == ["Two-year disease-free survival", "Two-year overall survival"]
    for spec in specs:
        assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point"]
    tables = [d.value for d in app.dataframe if "ci" in d.value.columns]
    values = sorted(v for t in tables for v in t["value_text"])
    assert values == ["49.4%", "65.8%", "81.6%", "93.3%"]
    assert {ci for t in tables for ci in t["ci"]} == {"75.9 to 98.3", "58.9 to 71.8", "60.8 to 92.0", "42.5 to 56.0"}
    labels = {r for t in tables for r in t["row"]}
    assert labels == {"blinatumomab (this study) · Daily Pharmacy News (news)",
                      "Interfant-06 trial · Daily Pharmacy News (news)"}
    # the phone-width table holds the same rows
    phone = "\n".join(html_text(h.value) for h in app.html if "ed-forest-table" in h.value)
    assert "93.3%" in phone and "blinatumomab (this study)" in phone


def test_documents_view_marks_claims_and_boilerplate_and_audits_news(app):
    show(app, "Documents")
    docs = app.dataframe[0].value
    assert set(docs["document"]) == {DPN_TITLE, MD_TITLE} and set(docs["kind of source"]) == {"News story"}
    options = app.selectbox(key="doc_select").options
    assert f"{MD_TITLE} (news)" in options
    app.selectbox(key="doc_select").select_index(options.index(f"{MD_TITLE} (news)")).run()
    body = [h.value for h in app.html if 'class="ed-text"' in h.value][-1]
    # The disclaimer is shown as boilerplate, not as a claim, and the whole text is there verbatim.
    assert re.search(r'<span class="ed-boiler">Disclaimer: This website is primarily for healthcare professionals', body)
    assert "not citable: disclaimer" in html_text(body)
    assert re.search(r'<mark class="ed-claim" title="[^"]*">30 infants', body)
    # The news story's audit compares its figures with the other source of the same study.
    audit = next(d.value for d in app.dataframe if "figure in this story" in d.value.columns)
    agrees = audit[audit["what the other sources say"] == "agrees with another story"]
    assert "81.6%" in set(agrees["figure in this story"])
    assert "Compared with: " + DPN_TITLE + " (news)" in page_text(app)
    # the audit's own caveat is shown, not only printed by the command line
    assert "No journal source for this study is in the index" in page_text(app)
    assert "only_here" not in page_text(app) and "only in this story" in set(audit["what the other sources say"])


def test_verify_example_checks_each_figure_of_a_news_style_claim(app):
    from webui.verify_view import EXAMPLE

    show(app, "Verify")
    app.button(key="verify_example").click().run()
    assert app.text_area(key="verify_text").value == EXAMPLE
    app.button(key="verify_go").click().run()
    verdict, _ = app.session_state["verify_result"]
    figures = {f.figure: f for f in verdict.figures}
    assert {"95%", "66%"} <= set(figures)
    # 95% is not what the source says for overall survival (93.3%): never "supported"
    assert figures["95%"].status != "supported" and verdict.verdict != "supported"
    assert len(cards(app)) == 1 + len(verdict.figures)  # the overall card and one per figure


def test_evidence_table_shows_study_and_document_first_in_words_with_one_empty_mark(app, seed_index):
    show(app, "Evidence table")
    grid = next(d for d in app.dataframe if "quote" in d.value.columns)
    spec = json.loads(grid.proto.columns)
    assert grid.proto.column_order[:3] == ["study_title", "document", "value_text"]
    labels = [spec[c]["label"] for c in grid.proto.column_order if c in spec and "label" in spec[c]]
    assert labels[:3] == ["Study", "Document", "Figure"]
    assert not any("_" in label for label in labels), labels
    table = grid.value
    shown = table[list(grid.proto.column_order)]
    # every cell is text; not stated is always the same mark, never blank, None or nan
    for column in shown.columns:
        assert all(isinstance(v, str) and v.strip() and v not in {"None", "nan"} for v in shown[column]), column
    assert "—" in set(shown["ci"]) and "60.8 to 92.0" in set(shown["ci"])
    assert "sample size" in set(shown["kind"]) and "sample_size" not in set(shown["kind"])
    # the filters are there, collapsed
    assert any(e.label == "Filter the figures" for e in app.expander)
    # the sidebar lists the sources, not the index's folder
    sidebar = "\n".join(md_text(c.value) for c in app.sidebar.caption)
    assert str(seed_index) not in sidebar and "Index:" not in sidebar
