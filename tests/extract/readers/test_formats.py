"""The same seed article as HTML, PDF, PubMed XML and JATS XML: same figures, exact offsets in each.

Every fixture is made here at run time from the shipped seed text (tmp_path), never committed.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from extract import extract_claims
from extract.models import Document
from extract.readers import UnsupportedFile, read_document

SEED = Path(__file__).resolve().parents[3] / "corpus" / "daily-pharmacy-news_blinatumomab-infant-all.txt"
STUDY = "nejm-blinatumomab-infant-kmt2a-all"


def seed_paragraphs() -> list[str]:
    return [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def seed_quote() -> str:
    """The study text the seed quotes verbatim (“The median follow-up ... 71.8).”)."""
    para = seed_paragraphs()[4]
    return para[para.index("“The median") + 1: para.rindex("”")]


def figures(doc: Document, within: str | None = None) -> list[tuple]:
    """Comparable figures of a document's claims (optionally only those inside a passage of it)."""
    lo, hi = 0, len(doc.text)
    if within is not None:
        lo = doc.text.index(within)
        hi = lo + len(within)
    out = []
    for c in extract_claims(doc):
        assert doc.text[c.start:c.end] == c.quote, f"offset drift in {doc.path}: {c.quote!r}"
        if lo <= c.start and c.end <= hi:
            out.append((c.kind, c.endpoint, c.value, c.ci_low, c.ci_high, c.n, c.arm))
    return sorted(out, key=repr)


def assert_boilerplate_not_citable(doc: Document, *phrases: str) -> None:
    for phrase in phrases:
        i = doc.text.find(phrase)
        if i >= 0:
            assert not doc.is_citable(i, i + len(phrase)), f"{phrase!r} is citable in {doc.path}"


# ------------------------------------------------------------------ HTML

def seed_html() -> str:
    paras = seed_paragraphs()
    title, body = paras[2], paras[3:]
    ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{html.escape(title)} | Daily Pharmacy News</title>
<meta property="og:site_name" content="Daily Pharmacy News">
<meta property="article:published_time" content="2024-05-02T10:00:00Z">
<link rel="canonical" href="https://dailypharmacynews.example/blinatumomab-infant-all">
<script>var tracking = "TRACKER 99.9%"; document.write('<p>injected 77% response</p>');</script>
<style>p {{ color: red }}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/oncology">Oncology news</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<header><div class="masthead">Daily Pharmacy News</div></header>
<div class="subscribe-box newsletter"><p>Get your free subscription started now. Just enter your email address below.</p>
<form><input type="email"></form></div>
<main><article><h1>{html.escape(title)}</h1>
{ps}
<img src="x" onerror="alert('pwned 55%')"><a href="javascript:alert(1)">Share on Twitter</a>
</article></main>
<aside class="related"><h3>Related articles</h3><ul><li>Other drug cuts relapse risk by 45%</li></ul></aside>
<footer>Copyright 2024 Daily Pharmacy News. All rights reserved. Privacy policy.</footer>
<script src="x.js"></script></body></html>"""


@pytest.fixture(scope="module")
def txt_doc() -> Document:
    return read_document(SEED)


@pytest.fixture(scope="module")
def html_doc(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("html") / "blinatumomab.html"
    path.write_text(seed_html(), encoding="utf-8")
    return read_document(path)


def test_html_keeps_the_article_and_its_figures(txt_doc, html_doc):
    assert figures(html_doc) == figures(txt_doc)
    assert len(figures(html_doc)) >= 10
    assert "Two-year disease-free survival was 81.6% in our study" in html_doc.text


def test_html_drops_scripts_navigation_and_banners(html_doc):
    low = html_doc.text.lower()
    for gone in ("tracker", "injected 77%", "color: red", "alert(", "javascript:", "onerror", "cookies",
                 "oncology news", "related articles", "45%", "copyright", "privacy policy"):
        assert gone not in low, f"{gone!r} survived in the HTML text"
    assert_boilerplate_not_citable(html_doc, "Get your free subscription", "Share on Twitter")


def test_html_metadata(html_doc):
    assert html_doc.title == "Blinatumomab With Chemotherapy in Infant Lymphoblastic Leukemia"
    assert html_doc.source == "Daily Pharmacy News"
    assert html_doc.published == "2024-05-02"
    assert html_doc.url == "https://dailypharmacynews.example/blinatumomab-infant-all"
    assert html_doc.kind == "news"
    assert html_doc.cites == "New England Journal of Medicine"
    assert html_doc.study == STUDY
    # Paragraphs are blank-line separated and the headline is part of the citable text.
    assert html_doc.text.startswith(html_doc.title + "\n\n")


def test_html_tables_stay_rows_and_lists_stay_items(tmp_path):
    page = tmp_path / "results.html"
    page.write_text(
        "<html><head><title>Trial results</title></head><body><article><h1>Trial results</h1>"
        "<p>The phase 3 trial of drug X enrolled 400 patients with breast cancer, researchers said on Monday at "
        "the annual meeting in Chicago, and the results were good.</p>"
        "<table><tr><th>Outcome</th><th>Drug X</th><th>Placebo</th></tr>"
        "<tr><td>Response</td><td>45%</td><td>20%</td></tr></table>"
        "<ul><li>Hazard ratio 0.62 (95% CI, 0.50 to 0.77)</li></ul>"
        "<p>Side effects were mild in most patients, the investigators said, and no new safety signals were "
        "seen in the study population overall.</p></article></body></html>", encoding="utf-8")
    doc = read_document(page)
    assert "\n\nOutcome | Drug X | Placebo\nResponse | 45% | 20%\n\n" in doc.text
    assert "---" not in doc.text
    hr = next(c for c in extract_claims(doc) if c.value == 0.62)
    assert (hr.ci_low, hr.ci_high) == (0.50, 0.77) and doc.text[hr.start:hr.end] == hr.quote


# ------------------------------------------------------------------ PDF

_FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
]
# fpdf2's core fonts are Latin-1 only: without a Unicode TTF we write these few characters plainly
# (and compare with the same translated text read as .txt, so the test still means the same).
_LATIN1 = str.maketrans({"“": '"', "”": '"', "−": "-", "’": "'", "‘": "'"})


def unicode_font() -> str | None:
    for c in _FONT_CANDIDATES:
        if Path(c).is_file():
            return c
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=en", "file"], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            path = line.split(":")[0].strip()
            if path.lower().endswith(".ttf") and "sans" in path.lower():
                return path
    return None


def make_pdf(paragraphs_per_page: list[list[str]], path: Path, columns: int = 1) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    font = unicode_font()
    if font:
        pdf.add_font("Body", fname=font)
        pdf.set_font("Body", size=10)
    else:
        pdf.set_font("helvetica", size=10)
    for paras in paragraphs_per_page:
        pdf.add_page()
        if columns > 1:
            with pdf.text_columns(ncols=columns, gutter=8) as cols:
                for p in paras:
                    cols.write(text=p if font else p.translate(_LATIN1))
                    cols.ln()
                    cols.ln()
        else:
            for p in paras:
                pdf.multi_cell(0, 6, p if font else p.translate(_LATIN1))
                pdf.ln(4)
    pdf.set_title(seed_paragraphs()[2])
    pdf.output(str(path))


def pdf_text_source(tmp: Path) -> Document:
    """The seed as a .txt with exactly the characters the PDF was written with."""
    text = SEED.read_text(encoding="utf-8")
    path = tmp / "as-written.txt"
    path.write_text(text if unicode_font() else text.translate(_LATIN1), encoding="utf-8")
    return read_document(path)


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory) -> Document:
    paras = seed_paragraphs()
    path = tmp_path_factory.mktemp("pdf") / "blinatumomab.pdf"
    make_pdf([paras[:4], paras[4:]], path)
    return read_document(path)


def test_pdf_has_two_pages_and_the_same_figures(pdf_doc, tmp_path):
    assert [p.label for p in pdf_doc.pages] == ["1", "2"]
    assert figures(pdf_doc) == figures(pdf_text_source(tmp_path))
    assert pdf_doc.title == "Blinatumomab With Chemotherapy in Infant Lymphoblastic Leukemia"


def test_pdf_page_numbers_are_right(pdf_doc):
    by_quote = {c.quote: c for c in extract_claims(pdf_doc)}
    assert pdf_doc.page_of(by_quote["49.4% (95% CI, 42.5 to 56.0)"].start) == "2"
    assert pdf_doc.page_of(by_quote["A total of 30 infants"].start) == "2"
    assert pdf_doc.page_of(pdf_doc.text.index("researchers report")) == "1"
    first, second = pdf_doc.pages
    assert pdf_doc.text[first.start:first.end].startswith("Daily Pharmacy News")
    assert pdf_doc.text[second.start:second.end].startswith("A total of 30 infants")


def test_pdf_rebuilds_paragraphs_and_hyphenated_words(pdf_doc):
    # Lines of a paragraph are joined with single spaces (justified text has runs of them), and a
    # compound broken after its hyphen keeps the hyphen.
    assert "  " not in pdf_doc.text
    assert "KMT2A-rearranged acute lymphoblastic leukemia (ALL) compared with historical controls" in pdf_doc.text
    assert pdf_doc.text.count("\n\n") == 5
    assert_boilerplate_not_citable(pdf_doc, "Daily Pharmacy News", "Get your free subscription")


def test_two_column_pdf_reads_in_column_order(tmp_path):
    path = tmp_path / "columns.pdf"
    make_pdf([seed_paragraphs()], path, columns=2)
    doc = read_document(path)
    assert figures(doc) == figures(pdf_text_source(tmp_path))
    order = [doc.text.index(s) for s in ("researchers report", "A total of 30 infants", "26.3 months", "81.6%", "Source:")]
    assert order == sorted(order)


def test_pdf_running_heads_and_page_numbers_are_not_citable(tmp_path):
    from fpdf import FPDF

    class Journal(FPDF):
        def header(self):
            self.set_font("helvetica", size=8)
            self.cell(0, 8, "N Engl J Med 2023;388:1572-81. Downloaded from nejm.org", align="C")
            self.ln(14)

        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 8, f"Page {self.page_no()} of 3", align="C")

    body = [p.translate(_LATIN1) for p in seed_paragraphs()[3:]]
    pdf = Journal()
    for para in (body[0], body[1], body[2]):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 6, para)
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    doc = read_document(path)
    assert [p.label for p in doc.pages] == ["1", "2", "3"]
    marked = [(doc.text[b.start:b.end], b.label) for b in doc.boilerplate]
    assert {label for _, label in marked} == {"running-head", "page-number"}
    assert ("Page 2 of 3", "page-number") in marked
    assert sum(label == "running-head" for _, label in marked) == 3
    dfs = next(c for c in extract_claims(doc) if c.value == 81.6)  # figures are never marked
    assert doc.is_citable(dfs.start, dfs.end) and doc.page_of(dfs.start) == "2"


def test_not_a_pdf_is_refused(tmp_path):
    fake = tmp_path / "paper.pdf"
    fake.write_text("plain text with a .pdf name\n" * 10)
    with pytest.raises(UnsupportedFile, match="not a PDF"):
        read_document(fake)
    broken = tmp_path / "broken.pdf"
    make_pdf([seed_paragraphs()[:2]], broken)
    broken.write_bytes(broken.read_bytes()[:300])
    with pytest.raises(UnsupportedFile, match="PDF"):
        read_document(broken)


# ------------------------------------------------------------------ PubMed XML

def seed_abstract_parts() -> dict[str, str]:
    paras = seed_paragraphs()
    background = paras[3].split(", researchers report.")[0] + "."
    methods = paras[4].split(" Based on")[0]
    conclusions = paras[3][paras[3].index("“Longer") + 1: paras[3].index("”")]
    return {"BACKGROUND": background, "METHODS": methods, "RESULTS": seed_quote(), "CONCLUSIONS": conclusions}


def seed_pubmed_xml() -> str:
    parts = "\n".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{html.escape(text)}</AbstractText>'
        for label, text in seed_abstract_parts().items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet><PubmedArticle>
<MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">37099340</PMID>
<Article PubModel="Print-Electronic">
<Journal><Title>The New England journal of medicine</Title><ISOAbbreviation>N Engl J Med</ISOAbbreviation>
<JournalIssue CitedMedium="Internet"><Volume>388</Volume><Issue>17</Issue>
<PubDate><Year>2023</Year><Month>Apr</Month><Day>27</Day></PubDate></JournalIssue></Journal>
<ArticleTitle>{html.escape(seed_paragraphs()[2])}.</ArticleTitle>
<ELocationID EIdType="doi" ValidYN="Y">10.1056/NEJMoa2214171</ELocationID>
<Abstract>{parts}</Abstract></Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">37099340</ArticleId>
<ArticleId IdType="doi">10.1056/NEJMoa2214171</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle></PubmedArticleSet>"""


@pytest.fixture(scope="module")
def pubmed_doc(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pubmed") / "pubmed-37099340.xml"
    path.write_text(seed_pubmed_xml(), encoding="utf-8")
    return read_document(path)


def test_pubmed_record_metadata_and_sections(pubmed_doc):
    assert pubmed_doc.kind == "journal"
    assert pubmed_doc.source == "New England Journal of Medicine"
    assert pubmed_doc.published == "2023-04-27"
    assert pubmed_doc.url == "https://doi.org/10.1056/NEJMoa2214171"
    assert pubmed_doc.title.startswith("Blinatumomab With Chemotherapy")
    labels = [s.label for s in pubmed_doc.sections]
    assert labels == ["ABSTRACT.BACKGROUND", "ABSTRACT.METHODS", "ABSTRACT.RESULTS", "ABSTRACT.CONCLUSIONS"]
    results = next(s for s in pubmed_doc.sections if s.label == "ABSTRACT.RESULTS")
    assert pubmed_doc.text[results.start:results.end] == "RESULTS\n" + seed_quote()


def test_pubmed_abstract_gives_the_figures_the_news_quotes(pubmed_doc, txt_doc):
    quote = seed_quote()
    assert figures(pubmed_doc, within=quote) == figures(txt_doc, within=quote)
    assert len(figures(pubmed_doc, within=quote)) >= 10


def test_news_and_its_journal_source_share_a_study_key(pubmed_doc, txt_doc, tmp_path):
    # The seed without its sidecar: inference alone must put it in the same study as the paper.
    bare = tmp_path / "seed.txt"
    bare.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    inferred = read_document(bare)
    assert inferred.study == pubmed_doc.study == txt_doc.study == STUDY
    assert inferred.cites == "New England Journal of Medicine" and pubmed_doc.cites == ""


def test_pubmed_set_with_two_records_is_refused_whole(tmp_path):
    xml = seed_pubmed_xml()
    record = xml[xml.index("<PubmedArticle>"): xml.index("</PubmedArticleSet>")]
    path = tmp_path / "two.xml"
    path.write_text(xml.replace("</PubmedArticleSet>", record + "</PubmedArticleSet>"), encoding="utf-8")
    with pytest.raises(UnsupportedFile, match="2 PubMed records"):
        read_document(path)


# ------------------------------------------------------------------ JATS XML

def seed_jats_xml() -> str:
    parts = seed_abstract_parts()
    secs = "".join(f"<sec><title>{label.title()}</title><p>{html.escape(text)}</p></sec>" for label, text in parts.items())
    results = html.escape(seed_quote()).replace("(95% CI, 42.5 to 56.0)", '(95% CI, 42.5 to 56.0)<xref ref-type="bibr" rid="r1">12</xref>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
<front><journal-meta><journal-id journal-id-type="nlm-ta">N Engl J Med</journal-id>
<journal-title-group><journal-title>The New England Journal of Medicine</journal-title></journal-title-group></journal-meta>
<article-meta><article-id pub-id-type="pmid">37099340</article-id><article-id pub-id-type="doi">10.1056/NEJMoa2214171</article-id>
<title-group><article-title>{html.escape(seed_paragraphs()[2])}</article-title></title-group>
<pub-date pub-type="epub"><day>27</day><month>4</month><year>2023</year></pub-date>
<abstract>{secs}</abstract></article-meta></front>
<body>
<sec><title>Methods</title><p>{html.escape(parts["METHODS"])}</p>
  <sec><title>Statistical Analysis</title><p>Event-free survival was estimated with the Kaplan-Meier method.</p></sec></sec>
<sec><title>Results</title><p>{results}</p>
  <table-wrap id="t1"><label>Table 1</label><caption><p>Outcomes at 2 years.</p></caption>
  <table><thead><tr><th>Outcome</th><th>Blinatumomab</th><th>Interfant-06</th></tr></thead>
  <tbody><tr><td>Disease-free survival</td><td>81.6%</td><td>49.4%</td></tr>
  <tr><td>Overall survival</td><td>93.3%</td><td>65.8%</td></tr></tbody></table></table-wrap></sec>
</body>
<back><ref-list><ref id="r1"><mixed-citation>Pieters R, et al. Lancet 2007;370:240-50.</mixed-citation></ref></ref-list></back>
</article>"""


@pytest.fixture(scope="module")
def jats_doc(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("jats") / "PMC0000001.nxml"
    path.write_text(seed_jats_xml(), encoding="utf-8")
    return read_document(path)


def test_jats_metadata_and_sections(jats_doc):
    assert jats_doc.kind == "journal"
    assert jats_doc.source == "New England Journal of Medicine"
    assert jats_doc.published == "2023-04-27"
    assert jats_doc.url == "https://doi.org/10.1056/NEJMoa2214171"
    assert jats_doc.study == STUDY
    labels = [s.label for s in jats_doc.sections]
    for label in ("ABSTRACT", "ABSTRACT.BACKGROUND", "ABSTRACT.RESULTS", "ABSTRACT.CONCLUSIONS", "BODY",
                  "BODY.METHODS", "BODY.STATISTICAL ANALYSIS", "BODY.RESULTS"):
        assert label in labels
    methods = next(s for s in jats_doc.sections if s.label == "BODY.METHODS")
    nested = next(s for s in jats_doc.sections if s.label == "BODY.STATISTICAL ANALYSIS")
    assert methods.start <= nested.start and nested.end <= methods.end
    for s in jats_doc.sections:
        assert jats_doc.text[s.start:s.end].strip() == jats_doc.text[s.start:s.end]


def test_jats_gives_the_same_figures_and_keeps_tables(jats_doc, txt_doc):
    quote = seed_quote()
    abstract_results = next(s for s in jats_doc.sections if s.label == "ABSTRACT.RESULTS")
    section_text = jats_doc.text[abstract_results.start:abstract_results.end]
    assert section_text == "Results\n" + quote
    assert figures(jats_doc, within=quote) == figures(txt_doc, within=quote)
    assert "Disease-free survival | 81.6% | 49.4%" in jats_doc.text
    assert "Pieters R" not in jats_doc.text  # the reference list is not article text


def test_malformed_and_foreign_xml_are_refused(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle>", encoding="utf-8")
    with pytest.raises(UnsupportedFile, match="malformed XML"):
        read_document(bad)
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    with pytest.raises(UnsupportedFile, match="neither a PubMed record nor a JATS article"):
        read_document(other)
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>&x; 5%</ArticleTitle>"
                   "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>", encoding="utf-8")
    try:
        doc = read_document(xxe)
    except UnsupportedFile:
        return
    assert "root:" not in doc.text
