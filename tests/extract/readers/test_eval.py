"""Real files from ../shared/eval: all 80 news stories and all 94 PMC articles ingest without error,
with exact offsets, and the same figures come out of a story whether it is read as text or as HTML."""

from __future__ import annotations

import csv
import html
import json

import pytest

from extract import extract_claims
from extract.models import Document
from extract.readers import read_document
from tests.conftest import require_eval


def news_stories() -> list[dict]:
    path = require_eval("fakehealth_news_sample", "healthstory_oncology_trials.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def story_html(story: dict) -> str:
    """The story as a news page would carry it: headline, paragraphs, and page furniture around them."""
    paras = "".join(f"<p>{html.escape(p.strip())}</p>" for p in story["text"].split("\n") if p.strip())
    return (f"<html><head><title>{html.escape(story['title'])}</title><script>var ad = 'slot 42%';</script></head>"
            f"<body><nav><a href='/'>Home</a> | <a href='/health'>Health</a></nav>"
            f"<article><h1>{html.escape(story['title'])}</h1>{paras}</article>"
            f"<footer>Copyright 2018. All rights reserved.</footer></body></html>")


def figures(doc: Document) -> list[tuple]:
    out = []
    for c in extract_claims(doc):
        assert doc.text[c.start:c.end] == c.quote, f"offset drift in {doc.path}: {c.quote!r}"
        out.append((c.kind, c.endpoint, c.value, c.ci_low, c.ci_high))
    return sorted(out, key=repr)


@pytest.mark.slow
def test_all_news_stories_ingest_as_text_and_html_with_the_same_figures(tmp_path):
    stories = news_stories()
    assert len(stories) == 80
    with_figures = 0
    for i, story in enumerate(stories):
        txt = tmp_path / f"story{i:02d}.txt"
        txt.write_text(f"{story['title']}\n\n{story['text']}", encoding="utf-8")
        page = tmp_path / f"story{i:02d}.html"
        page.write_text(story_html(story), encoding="utf-8")
        a, b = read_document(txt), read_document(page)
        assert a.kind == b.kind == "news", (i, a.kind, b.kind)
        assert a.title == b.title == story["title"].strip()
        assert "slot 42%" not in b.text and "All rights reserved" not in b.text
        fa, fb = figures(a), figures(b)
        assert fa == fb, f"story {i}: figures differ between .txt and .html: {set(fa) ^ set(fb)}"
        with_figures += bool(fa)
    assert with_figures >= 75  # the sample was chosen for stories with >= 3 percentages


def test_all_pmc_articles_ingest_verbatim_as_journal_papers():
    folder = require_eval("evidence_inference", "ev2_test_txt")
    files = sorted(folder.glob("PMC*.txt"))
    assert len(files) == 94
    docs = {}
    for path in files:
        doc = read_document(path)
        raw = path.read_text(encoding="utf-8")
        assert doc.text == raw  # so the published evidence offsets still point at the same text
        assert doc.kind == "journal", path.name
        assert doc.title == raw.split("\n")[1].strip()
        assert all(s.label.startswith(("ABSTRACT.", "BODY.")) for s in doc.sections), path.name
        docs[path.name[3:-4]] = doc
    # A few old papers are one unheaded block; the rest carry their PMC section headings.
    assert sum(bool(d.sections) for d in docs.values()) >= 90
    assert sum(any(s.label == "BODY.RESULTS" for s in d.sections) for d in docs.values()) >= 70

    # Evidence Inference's gold evidence spans are offsets into these texts: they must still hold.
    annotations = require_eval("evidence_inference", "v2_annotations.csv")
    checked = 0
    with annotations.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            doc = docs.get(row["PMCID"])
            start, end = int(row["Evidence Start"]), int(row["Evidence End"])
            if doc is None or start < 0:
                continue
            assert doc.text[start:end] == row["Annotations"]
            checked += 1
    assert checked >= 500


def test_all_pmc_abstracts_ingest_as_journal_papers():
    folder = require_eval("evidence_inference", "ev2_test_abstracts")
    files = sorted(folder.glob("PMC*.abst"))
    assert len(files) == 94
    for path in files:
        doc = read_document(path)
        assert doc.kind == "journal" and doc.title, path.name
        assert doc.text == path.read_text(encoding="utf-8")


def test_pmc_article_claims_are_offset_exact_and_in_sections():
    folder = require_eval("evidence_inference", "ev2_test_txt")
    doc = read_document(folder / "PMC1065065.txt")
    claims = extract_claims(doc)
    assert claims
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote
    results = next(s for s in doc.sections if s.label == "ABSTRACT.RESULTS")
    assert "(P > 0.05)" in doc.text[results.start:results.end]
    assert doc.title == "Effects of lornoxicam on the physiology of severe sepsis"
    assert doc.drug == "lornoxicam" and doc.condition == "sepsis"
