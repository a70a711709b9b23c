"""The UI's escaping, highlighting, upload saving and claim table, on the shipped seed text."""

from __future__ import annotations

import json
import re

import pytest

from extract.models import Claim, Document
from tests.app.test_harness import html_text, md_text
from webui.claims_table import FILTERS, apply_filters, claims_frame, filter_options, to_csv, to_json
from webui.forest import comparable_groups, forest_chart
from webui.render import Mark, answer_html, context_window, escape_markdown, highlight
from webui.uploads import MAX_UPLOAD_BYTES, discard, save_upload

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) $x$ :red[r]"


def test_highlight_escapes_source_text_and_keeps_it_verbatim():
    out = highlight(HOSTILE, [Mark(0, 8, "ed-cite")])
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "onerror=alert(1)&gt;" in out
    assert html_text(out) == HOSTILE


def test_highlight_marks_the_cited_span_of_the_seed(shipped_docs):
    doc = next(d for d in shipped_docs if d.source == "Daily Pharmacy News")
    start = doc.text.index("93.3% (95% CI, 75.9 to 98.3)")
    end = start + len("93.3% (95% CI, 75.9 to 98.3)")
    out = highlight(doc.text, [Mark(start, end, "ed-cite", anchor="cited")])
    marked = re.findall(r'<mark class="ed-cite" id="cited">(.*?)</mark>', out)
    assert marked == ["93.3% (95% CI, 75.9 to 98.3)"]
    assert html_text(out) == doc.text


def test_highlight_overlapping_marks_with_offset():
    text = "OS was 93.3% (95% CI, 75.9 to 98.3) at two years"
    base = 1000  # marks in document coordinates, text starts at 1000
    out = highlight(text, [Mark(base + 7, base + 12, "ed-claim", label="estimate"),
                           Mark(base + 7, base + 35, "ed-cite")], offset=base)
    assert '<mark class="ed-cite ed-claim">93.3%<span class="ed-label">estimate</span></mark>' in out
    assert '<mark class="ed-cite"> (95% CI, 75.9 to 98.3)</mark>' in out
    # the label is the only text added
    assert html_text(out).replace("estimate", "", 1) == text


def test_boilerplate_is_a_span_not_a_mark():
    out = highlight("Subscribe now. Results follow.", [Mark(0, 14, "ed-boiler", label="not citable: subscription")])
    assert out.startswith('<span class="ed-boiler">Subscribe now.<span class="ed-label">not citable: subscription</span></span>')


def test_escape_markdown_leaves_no_markdown_construct():
    escaped = escape_markdown(HOSTILE)
    # every special character is escaped, so Markdown shows the text as written
    assert re.search(r"(?<!\\)[*\[\]()<>$:`]", escaped) is None
    assert md_text(escaped) == HOSTILE


def test_answer_html_marks_references_and_escapes():
    out = answer_html("Two-year overall survival was 93.3% <b>x</b> [1] vs 65.8% [2].")
    assert out.count('<sup class="ed-ref">') == 2
    assert "<b>" not in out
    assert html_text(out) == "Two-year overall survival was 93.3% <b>x</b> [1] vs 65.8% [2]."


def test_brackets_quoted_from_a_source_are_not_shown_as_citation_markers():
    text = "The sources say: \u201cTen serious adverse events (fever [4 events], infection [4]) <i>.\u201d [1]"
    out = answer_html(text)
    assert out.count('<sup class="ed-ref">') == 1 and '<sup class="ed-ref">[1]</sup>' in out
    assert "<i>" not in out and html_text(out) == text


def test_context_window_stops_at_whitespace():
    text = "alpha beta gamma delta epsilon"
    a, b = context_window(text, 11, 16, chars=3)
    assert text[a:b] == "beta gamma delta"


def test_save_upload_names_by_content_and_refuses_bad_files(tmp_path):
    data = b"Two-year overall survival was 93.3%."
    saved = save_upload("story.TXT", data, tmp_path, kind="news")
    assert saved.error == "" and saved.path.suffix == ".txt"
    assert saved.path.name == f"{__import__('hashlib').sha256(data).hexdigest()[:16]}.txt"
    assert saved.path.read_bytes() == data
    assert json.loads(saved.path.with_name(saved.path.stem + ".meta.json").read_text()) == {"kind": "news"}
    assert saved.created
    again = save_upload("other-name.txt", data, tmp_path, kind="journal")
    assert again.path == saved.path and not again.created
    # the existing file (maybe indexed) keeps its sidecar and survives a discard of the re-upload
    assert json.loads(saved.path.with_name(saved.path.stem + ".meta.json").read_text()) == {"kind": "news"}
    discard(again)
    assert saved.path.exists()

    docx = save_upload("report.docx", b"PK\x03\x04", tmp_path)
    assert docx.path is None and "unsupported file type (.docx)" in docx.error
    assert "empty" in save_upload("empty.txt", b"", tmp_path).error
    big = save_upload("big.txt", b"x" * (MAX_UPLOAD_BYTES + 1), tmp_path)
    assert big.path is None and "over the 20 MB upload limit" in big.error

    discard(saved)
    assert not saved.path.exists() and not saved.path.with_name(saved.path.stem + ".meta.json").exists()


def _seed_claims(doc: Document) -> list[Claim]:
    """Two real spans of the seed, as claims (the table code is tested, not the extractor)."""
    out = []
    for quote, arm, value, lo, hi in [("93.3% (95% CI, 75.9 to 98.3)", "blinatumomab", 93.3, 75.9, 98.3),
                                      ("65.8% (95% CI, 58.9 to 71.8)", "Interfant-06", 65.8, 58.9, 71.8)]:
        s = doc.text.index(quote)
        out.append(Claim(doc_id=doc.id, start=s, end=s + len(quote), quote=quote, kind="estimate",
                         endpoint="overall survival", measure="proportion", value=value, value_text=quote.split()[0],
                         ci_low=lo, ci_high=hi, ci_level=95, timepoint="2 years", arm=arm, unit="%").with_id())
    return out


def test_claims_table_filters_and_downloads(shipped_docs):
    docs = {d.id: d for d in shipped_docs}
    dpn = next(d for d in shipped_docs if d.source == "Daily Pharmacy News")
    claims = _seed_claims(dpn)
    frame = claims_frame(claims, docs)
    assert list(frame["document"]) == [dpn.title, dpn.title]
    assert set(frame["source_kind"]) == {"news"}
    assert filter_options(frame, "arm") == ["Interfant-06", "blinatumomab"]
    assert set(FILTERS.values()) <= set(frame.columns)
    only = apply_filters(frame, {"arm": ["Interfant-06"], "endpoint": []})
    assert list(only["quote"]) == ["65.8% (95% CI, 58.9 to 71.8)"]
    csv = to_csv(only).decode()
    assert csv.splitlines()[0].startswith("document,source,source_kind,study,kind,endpoint")
    assert "65.8% (95% CI, 58.9 to 71.8)" in csv and "93.3%" not in csv
    dumped = json.loads(to_json(claims, set(only["id"])))
    assert [Claim(**c) for c in dumped] == [claims[1]]
    for c in dumped:
        assert dpn.text[c["start"]:c["end"]] == c["quote"]


def test_forest_groups_comparable_estimates_only_and_labels_arms(shipped_docs):
    dpn = next(d for d in shipped_docs if d.source == "Daily Pharmacy News")
    claims = _seed_claims(dpn)
    # figures a forest plot must leave out: no CI, a count, a p-value, another timepoint's estimate
    extra = [claims[0].model_copy(update={"ci_low": None, "ci_high": None, "id": "noci"}),
             claims[0].model_copy(update={"kind": "count", "measure": "count", "id": "count"}),
             claims[0].model_copy(update={"kind": "p_value", "measure": "p-value", "id": "p"}),
             claims[1].model_copy(update={"timepoint": "5 years", "id": "five"}),
             claims[1].model_copy(update={"arm": "our study", "id": "ours"})]
    frame = claims_frame(claims + extra, {dpn.id: dpn})
    groups = comparable_groups(frame)
    assert [(g.endpoint, g.measure, g.timepoint, len(g.rows)) for g in groups] == [
        ("overall survival", "proportion", "2 years", 3), ("overall survival", "proportion", "5 years", 1)]
    rows = groups[0].rows
    # an unnamed 'our study' arm is labelled with the study's drug; no two rows share a label
    assert list(rows["row"]) == ["blinatumomab · Daily Pharmacy News (news)",
                                 "blinatumomab (this study) · Daily Pharmacy News (news)",
                                 "Interfant-06 · Daily Pharmacy News (news)"]
    assert list(rows["ci"]) == ["75.9 to 98.3", "58.9 to 71.8", "58.9 to 71.8"]
    spec = forest_chart(groups[0]).to_dict()
    assert len(spec["layer"]) == 2  # CI rules and points; no ratio reference line for proportions
    assert spec["height"] == {"step": 40}  # one band per row (a fixed height drew all rows on one line)
    x = spec["layer"][1]["encoding"]["x"]
    assert x["axis"]["title"] == "overall survival, % of patients" and x["axis"]["format"] == "d"
    assert x["scale"]["domain"] == [0, 100]
    colour = spec["layer"][1]["encoding"]["color"]
    assert colour["field"] == "source_kind" and colour["scale"]["domain"][:3] == ["journal", "press-release", "news"]


def test_forest_ratio_on_a_log_axis_with_the_no_difference_line(shipped_docs):
    dpn = next(d for d in shipped_docs if d.source == "Daily Pharmacy News")
    c = _seed_claims(dpn)[0].model_copy(update={"measure": "hazard ratio", "value": 0.62, "ci_low": 0.45,
                                                "ci_high": 0.85, "value_text": "0.62", "unit": ""})
    [group] = comparable_groups(claims_frame([c], {dpn.id: dpn}))
    spec = forest_chart(group).to_dict()
    assert spec["layer"][1]["encoding"]["x"]["scale"]["type"] == "log"
    assert spec["layer"][1]["encoding"]["x"]["axis"]["title"] == "hazard ratio (log scale; 1 = no difference)"
    assert len(spec["layer"]) == 3


@pytest.mark.parametrize("text", ["", "   "])
def test_escape_markdown_of_blank_text(text):
    assert escape_markdown(text) == ""


def test_html_text_helper_round_trip():
    assert html_text("<style>.x{}</style><div>a &amp; b</div>") == "a & b"


def test_computed_arithmetic_from_answer_is_set_apart_and_escaped():
    out = answer_html("65.8% [1] (a difference of {computed: 93.3 - 65.8 = 27.5} percentage points) "
                      "{computed: <img src=x>}")
    assert '<span class="ed-computed" title="computed from the cited figures">93.3 - 65.8 = 27.5</span>' in out
    assert "{computed" not in out and "<img" not in out
    assert html_text(out) == "65.8% [1] (a difference of 93.3 - 65.8 = 27.5 percentage points) <img src=x>"
