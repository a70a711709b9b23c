"""Files and folders in, Documents out, with a one-line reason for every file that is skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from extract.models import Document
from extract.readers import UnsupportedFile, read_document
from settings import SETTINGS

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


def read_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, Document | None, str | None]]:
    """(path, document, None) for each readable file, (path, None, reason) for the others."""
    for path, error in iter_files(paths):
        if error is not None:
            yield path, None, error
            continue
        try:
            doc = read_document(path)
        except UnsupportedFile as e:
            yield path, None, str(e)
            continue
        except (OSError, ValueError, UnicodeError) as e:
            yield path, None, f"{path}: cannot read ({type(e).__name__}: {e})"
            continue
        if len(doc.text) > MAX_INDEX_CHARS:
            yield path, None, (f"{path}: too large to index: {len(doc.text) / 1e6:.1f} MB of text "
                               f"(limit {MAX_INDEX_CHARS / 1e6:.0f} MB); split it into smaller files")
            continue
        # the absolute path identifies the file across runs (replacement is by path)
        yield path, doc.model_copy(update={"path": str(path.resolve())}), None
