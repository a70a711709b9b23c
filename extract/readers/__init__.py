"""Readers at the edge of extract/: a file in, a Document out (text + offsets + metadata).

`read_document(path)` picks the reader by file type. A sidecar `<file>.meta.json` (as shipped in
corpus/) overrides inferred metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..boilerplate import find_boilerplate
from ..models import Document
from .text import read_text_file


class UnsupportedFile(ValueError):
    """The file type is not one we can read, or the file is unreadable; the message says why."""


MAX_BYTES = 50 * 1024 * 1024 + 1024

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
SIDECAR_SUFFIX = ".meta.json"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX) if path.suffix else path.with_name(path.name + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def read_document(path: str | Path) -> Document:
    """Read one file into a Document. Raises UnsupportedFile with a clear message."""
    path = Path(path)
    if not path.is_file():
        raise UnsupportedFile(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnsupportedFile(f"{path}: empty file")
    if size > MAX_BYTES:
        raise UnsupportedFile(f"{path}: {size} bytes is over the {MAX_BYTES // (1024 * 1024)} MB limit")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = read_text_file(path)
        meta: dict = {}
    else:
        raise UnsupportedFile(f"{path}: unsupported file type '{suffix}' (supported: .txt)")
    if not text.strip():
        raise UnsupportedFile(f"{path}: no text found")
    side = sidecar_path(path)
    if side.is_file():
        meta.update(json.loads(side.read_text(encoding="utf-8")))
    fields = {k: v for k, v in meta.items() if k in Document.model_fields and k not in {"id", "text", "path"}}
    doc = Document(id=Document.make_id(text), text=text, path=str(path), **fields)
    if not doc.title:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        doc.title = first[:200] or path.name
    if not doc.boilerplate:
        doc.boilerplate = find_boilerplate(text)
    return doc
