"""Readers at the edge of extract/: a file in, a Document out (text + offsets + metadata).

`read_document(path)` picks the reader by file type and either returns a complete Document or raises
UnsupportedFile with a one-line reason; nothing is ever half-read.

- .txt .text .md .abst and no suffix: plain text in any common encoding, kept verbatim (text.py)
- .html .htm .xhtml: main article text and page metadata via trafilatura (html.py)
- .pdf: text per page via pypdf, pages as spans (pdf.py)
- .xml .nxml: PubMed `PubmedArticleSet` (pubmed.py) or PMC/JATS `<article>` (jats.py)

Metadata: what the file itself says (HTML/XML/PDF fields) first, then `extract.metadata` fills the
empty fields from the text, then a sidecar `<file>.meta.json` (as shipped in corpus/) overrides both.
Section spans are labelled "ABSTRACT.<NAME>" / "BODY.<NAME>"; page spans by page number.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from ..boilerplate import find_boilerplate
from ..metadata import infer_metadata
from ..models import Document
from .html import NoMainText, read_html_bytes
from .pdf import BadPdf, read_pdf_bytes
from .text import NotText, decode_bytes, labelled_title, text_sections
from settings import SETTINGS


class UnsupportedFile(ValueError):
    """The file type is not one we can read, or the file is unreadable; the message says why."""


MAX_BYTES = SETTINGS.max_file_bytes

TEXT_SUFFIXES = {".txt", ".text", ".md", ".abst", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
XML_SUFFIXES = {".xml", ".nxml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | XML_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
_SUPPORTED_LIST = ", ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX) if path.suffix else path.with_name(path.name + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def read_document(path: str | Path) -> Document:
    """Read one file into a Document. Raises UnsupportedFile with a clear message."""
    path = Path(path)
    try:
        is_file = path.is_file()
    except OSError as e:  # e.g. a name too long for the file system
        raise UnsupportedFile(f"{path}: cannot read the file ({e.strerror})") from None
    if not is_file:
        raise UnsupportedFile(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(f"{path}: unsupported file type '{suffix}' (supported: {_SUPPORTED_LIST} and plain text)")
    data = _read_bounded(path)

    try:
        doc, fallback_kind = _read_by_type(data, suffix, str(path))
    except (NotText, NoMainText, BadPdf, ValueError) as e:
        # Library messages can run over lines and pages; the user gets one readable line.
        reason = " ".join(str(e).split())
        raise UnsupportedFile(f"{path}: {reason[:300]}") from None
    except RecursionError:
        raise UnsupportedFile(f"{path}: nested too deeply to read") from None
    except Exception as e:  # a library failing on a file it cannot handle: report it, never half-read it
        reason = " ".join(f"{type(e).__name__}: {e}".split())
        raise UnsupportedFile(f"{path}: could not be read ({reason[:300]})") from None
    if not doc.text.strip():
        raise UnsupportedFile(f"{path}: empty file (no text found)")

    # Readers may mark furniture only they can see (a PDF's running heads); the text rules add the rest.
    marked = {(b.start, b.end) for b in doc.boilerplate}
    rules = [b for b in find_boilerplate(doc.text) if (b.start, b.end) not in marked]
    doc = doc.model_copy(update={"boilerplate": sorted([*doc.boilerplate, *rules], key=lambda b: b.start)})
    if not doc.title:
        doc.title = _first_citable_line(doc) or path.name
    doc = infer_metadata(doc, kind_fallback=fallback_kind)
    return bounded_fields(_apply_sidecar(doc, path))


# Metadata read from a file (a PDF /Title, a JATS title, an HTML site name, a sidecar) is shown on
# every citation and fed to search with every passage; one 1 MB title once made every later write
# take minutes. Real titles stay under 300 characters, outlets and study names far shorter.
FIELD_LIMITS = {"title": 500, "source": 200, "url": 2000, "published": 40, "study": 200, "study_title": 500,
                "cites": 200, "drug": 200, "condition": 200}
LABEL_LIMIT = 120  # section and page labels
MAX_SPANS = 10_000  # section, page and boilerplate spans of one document


def _cap(text: str, limit: int) -> str:
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def bounded_fields(doc: Document) -> Document:
    """The document with every metadata field and span label capped (the text is bounded elsewhere)."""
    update = {}
    for name, limit in FIELD_LIMITS.items():
        value = getattr(doc, name, "")
        if isinstance(value, str) and len(value) > limit:
            update[name] = _cap(value, limit)
    for name in ("sections", "pages"):
        spans = getattr(doc, name)
        if len(spans) > MAX_SPANS or any(len(s.label or "") > LABEL_LIMIT for s in spans):
            update[name] = [s.model_copy(update={"label": _cap(s.label, LABEL_LIMIT)}) if len(s.label or "") > LABEL_LIMIT
                            else s for s in spans[:MAX_SPANS]]
    return doc.model_copy(update=update) if update else doc


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, checked on the open file itself: a file swapped for a device or a symlink
    to /dev/zero between the checks and the read is refused, and never more than MAX_BYTES + 1
    bytes are read whatever the file turns out to be."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise UnsupportedFile(f"{path}: cannot read the file ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsupportedFile(f"{path}: not a regular file")
        if st.st_size == 0:
            raise UnsupportedFile(f"{path}: empty file")
        if st.st_size > MAX_BYTES:
            raise UnsupportedFile(f"{path}: {st.st_size / (1024 * 1024):.0f} MB is over the "
                                  f"{MAX_BYTES // (1024 * 1024)} MB size limit")
        chunks, total = [], 0
        while total <= MAX_BYTES:
            block = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
        if total > MAX_BYTES:
            raise UnsupportedFile(f"{path}: grew over the {MAX_BYTES // (1024 * 1024)} MB size limit while read")
        return b"".join(chunks)
    except OSError as e:
        raise UnsupportedFile(f"{path}: cannot read the file ({e.strerror})") from None
    finally:
        os.close(fd)


def _read_by_type(data: bytes, suffix: str, path: str) -> tuple[Document, str]:
    """The reader's Document and the kind to assume when the text gives no cue."""
    if suffix in PDF_SUFFIXES:
        return read_pdf_bytes(data, path), "other"
    if suffix in HTML_SUFFIXES:
        return read_html_bytes(data, path), "news"
    if suffix in XML_SUFFIXES:
        return _read_xml(data, path), "journal"
    text = decode_bytes(data)
    if not text.strip():
        raise NotText("empty file (only whitespace)")
    doc = Document(id=Document.make_id(text), text=text, path=path, title=labelled_title(text),
                   sections=text_sections(text))
    # .abst is the abstract format of PMC-derived corpora (Evidence Inference): always a paper.
    return doc, "journal" if suffix == ".abst" else "other"


def _read_xml(data: bytes, path: str) -> Document:
    # Imported here so plain-text ingestion does not pay for lxml's XML setup.
    from .jats import jats_articles, read_jats
    from .pubmed import read_pubmed
    from .xmltext import parse_xml

    root = parse_xml(data)
    if root.tag in ("PubmedArticleSet", "PubmedArticle"):
        return read_pubmed(root, path)
    if root.tag in ("article", "pmc-articleset") and jats_articles(root):
        return read_jats(root, path)
    if root.tag == "html":
        return read_html_bytes(data, path)
    raise ValueError(f"XML with root <{root.tag}> is neither a PubMed record nor a JATS article")


def _first_citable_line(doc: Document) -> str:
    offset = 0
    for line in doc.text.split("\n"):
        stripped = line.strip()
        if stripped and doc.is_citable(offset, offset + len(line)):
            return stripped[:200]
        offset += len(line) + 1
        if offset > 100_000:
            break
    return ""


def _apply_sidecar(doc: Document, path: Path) -> Document:
    side = sidecar_path(path)
    try:
        if not side.is_file():
            return doc
    except OSError:  # e.g. the sidecar name would be too long for the file system: there is none
        return doc
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UnsupportedFile(f"{path}: its metadata file {side.name} is not valid JSON ({e})") from None
    if not isinstance(meta, dict):
        raise UnsupportedFile(f"{path}: its metadata file {side.name} must hold a JSON object")
    fields = {k: v for k, v in meta.items() if k in Document.model_fields and k not in {"id", "text", "path"}}
    try:
        return Document.model_validate({**doc.model_dump(), **fields})
    except ValueError as e:
        raise UnsupportedFile(f"{path}: its metadata file {side.name} has invalid fields ({e})") from None


def iter_supported_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Walk files and folders: (path, None) for a file to read, (path, reason) for one to skip.

    Sidecars and hidden files/folders are passed over silently; folders are walked in sorted order.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            top = path.resolve()
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if name.startswith(".") or is_sidecar(child):
                        continue
                    yield child, _outside(child, top) or _support_problem(child)
        elif is_sidecar(path):
            yield path, "a metadata sidecar, read together with its document"
        else:
            yield path, _support_problem(path)


def _outside(child: Path, top: Path) -> str | None:
    """A reason to skip a file of a walked folder that is a symlink leading out of that folder
    (a corpus folder must not pull in /etc/passwd or a user's home through a link)."""
    try:
        if not child.is_symlink():
            return None
        target = child.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "a symlink that cannot be resolved"
    if target != top and top not in target.parents:
        return "a symlink pointing outside the folder (not followed)"
    return None


def _support_problem(path: Path) -> str | None:
    try:
        if not path.exists():
            return "no such file or folder"
        if not path.is_file():
            return "not a regular file"
    except OSError as e:
        return f"cannot read the file ({e.strerror})"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type '{suffix}' (supported: {_SUPPORTED_LIST} and plain text)"
    if not os.access(path, os.R_OK):
        return "not readable (permission denied)"
    return None


__all__ = ["UnsupportedFile", "read_document", "bounded_fields", "iter_supported_files", "sidecar_path", "is_sidecar",
           "SUPPORTED_SUFFIXES"]
