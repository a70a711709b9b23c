"""PMC / JATS XML (`<article>`): title, journal, date, DOI/PMID, abstract and body sections.

Text layout: the title, then the abstract, then the body; a section's heading sits on its own line
above its first paragraph, paragraphs are separated by blank lines, and tables are written one row
per line with cells joined by " | ". Sections are recorded as spans labelled "ABSTRACT.<TITLE>" and
"BODY.<TITLE>" (upper case), the convention of PMC-derived texts such as Evidence Inference; a nested
section gets its own span inside its parent's. Reference lists and back matter are left out.
"""

from __future__ import annotations

from lxml import etree

from ..metadata import normalise_journal
from ..models import Document
from .builder import TextBuilder, squeeze
from .xmltext import BadXml, iso_date, records_of, single_record, text_of

# Blocks that sit inside a paragraph but are read as paragraphs of their own.
_NESTED_BLOCKS = ("table-wrap", "fig", "list", "disp-quote", "boxed-text")
_SKIP_ABSTRACT_TYPES = {"graphical", "teaser", "toc", "web-summary"}


def jats_articles(root: etree._Element) -> list[etree._Element]:
    return records_of(root, "article")


def read_jats(root: etree._Element, path: str = "") -> Document:
    """One JATS article (a pmc-articleset must hold exactly one)."""
    article = single_record(root, "article", "pmc-articleset", "articles")
    meta = article.find("front/article-meta")
    if meta is None:
        raise BadXml("a JATS <article> without front/article-meta")

    title = text_of(meta.find("title-group/article-title"))
    builder = TextBuilder()
    builder.add(title)
    abstract = next((a for a in meta.findall("abstract") if a.get("abstract-type") not in _SKIP_ABSTRACT_TYPES), None)
    if abstract is not None:
        _read_container(abstract, builder, "ABSTRACT")
    body = article.find("body")
    if body is not None:
        _read_container(body, builder, "BODY")
    text = builder.text()
    if not text.strip():
        raise BadXml("the JATS article has no title, abstract or body text")

    journal_meta = article.find("front/journal-meta")
    source = ""
    if journal_meta is not None:
        name = text_of(journal_meta.find(".//journal-title"))
        if not name:
            ids = {j.get("journal-id-type"): text_of(j) for j in journal_meta.findall("journal-id")}
            name = ids.get("nlm-ta") or ids.get("iso-abbrev") or ""
        source = normalise_journal(name)
    return Document(
        id=Document.make_id(text), text=text, title=title, source=source, kind="journal", path=path,
        published=_published(meta), url=_url(meta), sections=builder.section_spans(),
    )


def _read_container(el: etree._Element, builder: TextBuilder, part: str) -> None:
    """An abstract or body: loose paragraphs under the part's own span, sections under theirs."""
    with builder.section(part):
        _read_children(el, builder, part, heading="")


def _read_sec(sec: etree._Element, builder: TextBuilder, part: str) -> None:
    heading = squeeze(" ".join(x for x in (text_of(sec.find("label")), text_of(sec.find("title"))) if x))
    if heading:
        with builder.section(f"{part}.{heading.upper()}"):
            _read_children(sec, builder, part, heading)
    else:
        _read_children(sec, builder, part, "")


def _read_children(el: etree._Element, builder: TextBuilder, part: str, heading: str) -> None:
    pending = heading  # written above the first paragraph of the section
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in ("title", "label", "sec-meta", "ref-list", "fn-group"):
            continue
        if tag == "sec":
            if pending:
                builder.add(pending)
                pending = ""
            _read_sec(child, builder, part)
            continue
        for para in _block_paragraphs(child):
            if builder.add(para, heading=pending):
                pending = ""
    if pending:
        builder.add(pending)


def _block_paragraphs(el: etree._Element) -> list[str]:
    """The paragraphs a block element reads as, nested tables/figures/lists after their paragraph."""
    tag = el.tag
    if tag == "p":
        out = [text_of(el, skip=_NESTED_BLOCKS)]
        for nested in el:
            if isinstance(nested.tag, str) and nested.tag in _NESTED_BLOCKS:
                out += _block_paragraphs(nested)
        return out
    if tag == "list":
        return [text_of(item) for item in el.iter("list-item")]
    if tag == "table-wrap":
        head = squeeze(" ".join(x for x in (text_of(el.find("label")), text_of(el.find("caption"))) if x))
        rows = []
        for tr in el.iter("tr"):
            cells = [text_of(c) for c in tr if c.tag in ("td", "th")]
            if any(cells):
                rows.append(" | ".join(cells))
        foot = text_of(el.find("table-wrap-foot"))
        return [head, "\n".join(rows), foot]
    if tag == "fig":
        return [squeeze(" ".join(x for x in (text_of(el.find("label")), text_of(el.find("caption"))) if x))]
    if tag in ("disp-quote", "boxed-text"):
        paras = [text_of(p) for p in el.iter("p")]
        return paras or [text_of(el)]
    if tag in ("supplementary-material", "graphic", "media", "alternatives", "disp-formula", "object-id"):
        return []
    return [text_of(el)]


def _published(meta: etree._Element) -> str:
    dates = meta.findall("pub-date")
    order = ("epub", "pub", "ppub", "collection")

    def rank(d: etree._Element) -> int:
        kind = d.get("pub-type") or d.get("date-type") or ""
        return order.index(kind) if kind in order else len(order)

    for d in sorted(dates, key=rank):
        date = iso_date(text_of(d.find("year")), text_of(d.find("month")), text_of(d.find("day")))
        if date:
            return date
    return ""


def _url(meta: etree._Element) -> str:
    ids = {el.get("pub-id-type"): text_of(el) for el in meta.findall("article-id")}
    if ids.get("doi"):
        return f"https://doi.org/{ids['doi']}"
    if ids.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{ids['pmid']}/"
    pmc = ids.get("pmc") or ids.get("pmcid") or ""
    if pmc:
        pmc = pmc if pmc.upper().startswith("PMC") else f"PMC{pmc}"
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmc}/"
    return ""
