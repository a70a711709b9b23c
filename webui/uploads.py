"""Uploaded bytes -> a file under corpus/uploads/ named by its content hash, ready for idx.add."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extract.readers import SUPPORTED_SUFFIXES
from settings import SETTINGS

MAX_UPLOAD_MB = SETTINGS.max_upload_mb
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# What the readers can read (a file without a suffix too, but we ask uploads to say what they are).
ACCEPTED_SUFFIXES = tuple(sorted(s for s in SUPPORTED_SUFFIXES if s))


@dataclass(frozen=True)
class SavedUpload:
    name: str  # as the user called it
    path: Path | None  # where it was saved; None when refused
    error: str = ""
    created: bool = False  # False when the same bytes were already there (and maybe indexed)


def save_upload(name: str, data: bytes, folder: Path, *, kind: str = "") -> SavedUpload:
    """Refuse empty, oversized or unsupported files with a message; save the rest as
    <sha256[:16]><suffix> (re-uploading the same bytes reuses the same file). `kind` (news /
    journal / ...) goes into the sidecar that the readers already honour."""
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        shown = suffix or "no extension"
        return SavedUpload(name, None, f"{name}: unsupported file type ({shown}); upload {', '.join(ACCEPTED_SUFFIXES)}")
    if not data:
        return SavedUpload(name, None, f"{name}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        mb = len(data) / (1024 * 1024)
        return SavedUpload(name, None, f"{name}: {mb:.1f} MB is over the {MAX_UPLOAD_MB} MB upload limit")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(data).hexdigest()[:16] + suffix)
    created = not path.exists()
    if created:
        # The sidecar first, so that whoever sees the file (a rebuild, another session) sees its kind.
        if kind:
            _write_atomically(path.with_name(path.stem + ".meta.json"), json.dumps({"kind": kind}).encode())
        _write_atomically(path, data)
    return SavedUpload(name, path, created=created)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file of this call's own beside `path`, then rename it over `path`.

    Two sessions saving the same bytes at once both get here (both saw no file); with a shared
    temporary name one would rename the other's half-written file away. A unique name per call
    and os.replace leave `path` always absent or whole. The temporary name starts with a dot, so
    a rebuild that walks the folder meanwhile passes over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        # mkstemp makes the file private (0600); give it the mode a plain write gives under umask 022.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def discard(saved: SavedUpload) -> None:
    """Remove a file this upload created (and its sidecar) when the index refused it, so a rebuild
    skips it too. A file that was already there is left alone: it may be indexed."""
    if saved.path is None or not saved.created:
        return
    saved.path.unlink(missing_ok=True)
    saved.path.with_name(saved.path.stem + ".meta.json").unlink(missing_ok=True)


def remember_metadata(path: Path, **fields: str) -> None:
    """Merge fields (study, study_title, kind) into an uploaded file's sidecar, so a rebuild of the
    index keeps what the user set in the app."""
    side = path.with_name(path.stem + ".meta.json")
    try:
        meta = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
    except (OSError, ValueError):
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    meta.update({k: v for k, v in fields.items() if v is not None})
    _write_atomically(side, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
