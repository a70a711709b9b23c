"""Files and folders in, Documents out, with a one-line reason for every file that is skipped."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from extract.models import Document
from extract.readers import UnsupportedFile, read_document
from settings import SETTINGS

from .store import Provenance
from .terminal import display_path, is_utf8_name

SIDECAR_SUFFIX = ".meta.json"

# Readers accept up to 50 MB, but indexing costs time in proportion to the text (extraction and
# one embedding per passage) while the write lock is held: 2 MB of text (far more than a full
# journal article, ~60 KB) keeps an add to about a minute on two cores.
MAX_INDEX_CHARS = SETTINGS.max_index_chars


def _walk(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Stand-in for extract.readers.iter_supported_files while it is absent: files as given,
    folders walked in sorted order, sidecars and hidden files left out."""
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                rel = p.relative_to(path)
                if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX) \
                        and not any(part.startswith(".") for part in rel.parts):
                    yield p, None
        elif path.exists():
            yield path, None
        else:
            yield path, "no such file or folder"


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    try:
        from extract.readers import iter_supported_files
    except ImportError:
        return _walk(paths)
    return ((Path(p), None if err is None else str(err)) for p, err in iter_supported_files(list(paths)))


def read_one(path: Path) -> tuple[Document | None, str | None]:
    """(document, None) for a readable file, (None, one-line reason) for any other."""
    if not is_utf8_name(path):
        # SQLite, JSON and the app hold text: such a name is refused alone, the rest still go in
        return None, f"{display_path(path)}: the file name is not valid UTF-8; rename the file and add it again"
    try:
        doc = read_document(path)
    except UnsupportedFile as e:
        return None, str(e)
    except (OSError, ValueError, UnicodeError, MemoryError) as e:
        return None, f"{path}: cannot read ({type(e).__name__}: {' '.join(str(e).split())[:200]})"
    if len(doc.text) > MAX_INDEX_CHARS:
        return None, (f"{path}: too large to index: {len(doc.text) / 1e6:.1f} MB of text "
                      f"(limit {MAX_INDEX_CHARS / 1e6:.0f} MB); split it into smaller files")
    # the absolute path identifies the file across runs (replacement is by path)
    return doc.model_copy(update={"path": str(path.resolve())}), None


def read_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, Document | None, str | None]]:
    """(path, document, None) for each readable file, (path, None, reason) for the others."""
    for path, error in iter_files(paths):
        if error is not None:
            yield path, None, error
            continue
        doc, reason = read_one(path)
        yield path, doc, reason


def file_sha256(path: Path) -> str | None:
    """sha256 of a regular file's bytes; None when it is not one, is larger than any file the
    readers accept (a device such as /dev/zero never ends) or cannot be read: the reader says why."""
    digest = hashlib.sha256()
    left = SETTINGS.max_file_bytes
    try:
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            while block := f.read(1 << 20):
                digest.update(block)
                left -= len(block)
                if left < 0:
                    return None
    except OSError:
        return None
    return digest.hexdigest()


def provenance_of(path: Path, doc: Document, corpus_root: Path, sha256: str | None = None) -> Provenance:
    """Where a file came from: name, sha256 of its bytes, now, and corpus / upload / added.

    The app saves uploads under <corpus>/uploads/, so the folder tells an upload from a shipped
    corpus file and from a file added on the command line."""
    sha256 = sha256 or file_sha256(path) or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    where = Path(doc.path or path).resolve()
    root = Path(corpus_root).resolve()
    if root / "uploads" in where.parents:
        origin = "upload"
    elif root in where.parents:
        origin = "corpus"
    else:
        origin = "added"
    return Provenance(file_name=bound(display_path(path.name), 255), sha256=sha256,
                      added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), origin=origin)


def bound(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
