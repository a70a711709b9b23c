"""PDF: text per page via pypdf, pages recorded as spans so a citation can say "p. 3".

pypdf gives text fragments with their position. We rebuild lines from them and start a new paragraph
where the vertical gap is clearly larger than the usual line spacing or the font size changes; lines
of a paragraph are joined with a space (a line ending in a hyphen is joined without one and the
hyphen kept: "KMT2A-" + "rearranged" must not lose its hyphen, and we cannot tell a soft break from a
compound). Multi-column pages come out in content-stream order, which for most publishers' PDFs is
the reading order; pypdf offers nothing better.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..models import Document, Span
from .builder import TextBuilder, squeeze
from settings import SETTINGS

logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_PAGES = SETTINGS.max_pdf_pages


class BadPdf(ValueError):
    """Not a PDF, or one we cannot get text out of; the message says which."""


@dataclass
class _Line:
    y: float | None = None
    size: float = 0.0
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return squeeze("".join(self.parts))


def _page_lines(page) -> list[_Line]:
    """Lines of one page, each with the baseline height and font size of its first fragment."""
    lines = [_Line()]

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines.append(_Line())
            if piece.strip() and lines[-1].y is None:
                # Text space -> user space: the baseline height of this fragment on the page.
                lines[-1].y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lines[-1].size = abs(font_size * (tm[3] or 1) * (cm[3] or 1))
            lines[-1].parts.append(piece)

    page.extract_text(visitor_text=visit)
    return [ln for ln in lines if ln.text]


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join lines into paragraphs where the spacing says a paragraph ends."""
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:]) if a.y is not None and b.y is not None and a.y - b.y > 0]
    usual = statistics.median(gaps) if gaps else 0.0
    paragraphs: list[list[str]] = []
    prev: _Line | None = None
    for line in lines:
        new_paragraph = prev is None
        if prev is not None and line.y is not None and prev.y is not None and usual > 0:
            gap = prev.y - line.y
            if gap > usual * 1.4 or (prev.size and line.size and abs(prev.size - line.size) > 0.15 * prev.size):
                new_paragraph = True
        if new_paragraph:
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
        prev = line
    return [_join_lines(p) for p in paragraphs]


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        out += line if out.endswith("-") and out[-2:-1].isalnum() else " " + line
    return out


def read_pdf_bytes(data: bytes, path: str = "") -> Document:
    """Text of every page, pages as spans labelled with the page number (or the PDF's page label)."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise BadPdf("not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadPdf("the PDF is password-protected")
        pages = reader.pages
        n = len(pages)
        if n > MAX_PAGES:
            raise BadPdf(f"{n} pages is over the {MAX_PAGES}-page limit")
        try:
            labels = list(reader.page_labels)
        except Exception:
            labels = []
        builder = TextBuilder()
        edges: list[tuple[int, int]] = []  # first and last paragraph of each page
        for i in range(n):
            label = labels[i] if i < len(labels) and labels[i] else str(i + 1)
            with builder.page(label):
                spans = [sp for sp in (builder.add(p) for p in _paragraphs(_page_lines(pages[i]))) if sp]
            edges += spans[:1] + spans[-1:] if len(spans) > 1 else spans
        title = _meta_title(reader)
    except BadPdf:
        raise
    except Exception as e:  # pypdf raises many types (PdfReadError, KeyError, ValueError...) on broken files
        raise BadPdf(f"the PDF is damaged or unreadable ({type(e).__name__}: {e})") from None
    text = builder.text()
    if not text.strip():
        raise BadPdf("the PDF has no text layer (a scan?); run OCR on it first")
    return Document(id=Document.make_id(text), text=text, title=title, path=path, pages=builder.pages,
                    boilerplate=_running_heads(text, edges, len(builder.pages)))


_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def _running_heads(text: str, edges: list[tuple[int, int]], n_pages: int) -> list[Span]:
    """Page furniture at the top or bottom of pages: page numbers, and lines repeated on most pages
    (journal running heads, "Downloaded from ..." footers), digits ignored when comparing."""
    shapes = Counter(re.sub(r"\d+", "#", text[s:e]) for s, e in set(edges))
    out = []
    for s, e in sorted(set(edges)):
        para = text[s:e]
        if _PAGE_NUMBER.match(para):
            out.append(Span(start=s, end=e, label="page-number"))
        elif n_pages >= 2 and len(para) < 200 and shapes[re.sub(r"\d+", "#", para)] >= max(2, n_pages / 2):
            out.append(Span(start=s, end=e, label="running-head"))
    return out


def _meta_title(reader) -> str:
    try:
        meta = reader.metadata
        return squeeze(str(meta.title)) if meta and meta.title else ""
    except Exception:
        return ""
