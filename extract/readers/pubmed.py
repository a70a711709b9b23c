"""PubMed XML (efetch `PubmedArticleSet`): title, journal, date, DOI/PMID and the labelled abstract.

Text layout: the title, then each abstract section as its label on a line followed by its text
("RESULTS\\n..."), sections recorded as spans labelled "ABSTRACT.<LABEL>" (the convention of
PMC-derived texts such as Evidence Inference), an unlabelled abstract as "ABSTRACT".
"""

from __future__ import annotations

from lxml import etree

from ..metadata import normalise_journal
from ..models import Document
from .builder import TextBuilder, squeeze
from .xmltext import BadXml, iso_date, single_record, text_of


def read_pubmed(root: etree._Element, path: str = "") -> Document:
    """One PubmedArticle (the set must hold exactly one; we never ingest half a file)."""
    rec = single_record(root, "PubmedArticle", "PubmedArticleSet", "PubMed records")
    article = rec.find("MedlineCitation/Article")
    if article is None:
        raise BadXml("a PubmedArticle without MedlineCitation/Article")

    title = text_of(article.find("ArticleTitle"))
    builder = TextBuilder()
    builder.add(title)
    abstract = article.find("Abstract")
    for part in (abstract.findall("AbstractText") if abstract is not None else []):
        label = squeeze(part.get("Label") or part.get("NlmCategory") or "").upper()
        body = text_of(part)
        if label and label != "UNLABELLED":
            with builder.section(f"ABSTRACT.{label}"):
                builder.add(body, heading=label)
        else:
            with builder.section("ABSTRACT"):
                builder.add(body)
    text = builder.text()
    if not text.strip():
        raise BadXml("the PubMed record has neither title nor abstract")

    journal = article.find("Journal")
    source = ""
    if journal is not None:
        source = normalise_journal(text_of(journal.find("Title")) or text_of(journal.find("ISOAbbreviation")))
    return Document(
        id=Document.make_id(text), text=text, title=title, source=source, kind="journal", path=path,
        published=_published(article), url=_url(rec, article), sections=builder.section_spans(),
    )


def _published(article: etree._Element) -> str:
    electronic = article.find("ArticleDate")
    if electronic is not None:
        date = iso_date(text_of(electronic.find("Year")), text_of(electronic.find("Month")), text_of(electronic.find("Day")))
        if date:
            return date
    pub = article.find("Journal/JournalIssue/PubDate")
    if pub is None:
        return ""
    date = iso_date(text_of(pub.find("Year")), text_of(pub.find("Month")), text_of(pub.find("Day")))
    return date or text_of(pub.find("MedlineDate"))[:4]


def _url(rec: etree._Element, article: etree._Element) -> str:
    ids = {el.get("IdType"): text_of(el) for el in rec.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = ids.get("doi") or next(
        (text_of(el) for el in article.findall("ELocationID") if el.get("EIdType") == "doi"), "")
    if doi:
        return f"https://doi.org/{doi}"
    pmid = ids.get("pubmed") or text_of(rec.find("MedlineCitation/PMID"))
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""
