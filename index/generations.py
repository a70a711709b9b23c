"""Atomic index folders: each write builds a new generation folder, then one os.replace of the
CURRENT pointer file switches readers to it.

A process killed at any moment leaves CURRENT naming a complete generation: the previous one
until the switch, the new one after. Writers serialise on an fcntl lock; readers never lock.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

CURRENT = "CURRENT"
LOCK = ".lock"
# The names of the folders this index created, one a line. Only these are ever removed: an index
# folder may be a user's folder that also holds their own "tmp-..." or "gen-..." folders.
LEDGER = "FOLDERS"
GEN_PREFIX = "gen-"
TMP_PREFIX = "tmp-"


def current_generation(index_dir: Path) -> str | None:
    """The name of the live generation folder, or None when the folder holds no index."""
    try:
        # a damaged pointer must still be reported (and rebuilt over), never crash the decoder
        name = (index_dir / CURRENT).read_bytes().decode("utf-8", errors="replace").strip()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    return name or None


def current_signature(index_dir: Path) -> tuple[int, int, int] | None:
    """A cheap fingerprint of CURRENT (one stat): it changes whenever a writer switches it, since
    the pointer is replaced by a new file (new inode) on every publish."""
    try:
        st = os.stat(index_dir / CURRENT)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def is_generation_name(name: str) -> bool:
    return bool(re.fullmatch(GEN_PREFIX + r"\d{6}-[0-9a-f]{6}", name))


def generation_number(name: str | None) -> int:
    try:
        return int(name.split("-")[1]) if name else 0
    except (IndexError, ValueError):
        return 0


@contextmanager
def write_lock(index_dir: Path, timeout: float = 600.0):
    """Exclusive lock for writers of this index folder (blocks up to `timeout` seconds)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as f:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another process has held the write lock on {index_dir} for {timeout:.0f} s")
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def owned_folders(index_dir: Path) -> set[str]:
    """The folder names recorded as created by this index."""
    try:
        text = (index_dir / LEDGER).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return set()
    return {line.strip() for line in text.splitlines() if line.strip()}


def _write_ledger(index_dir: Path, names: set[str]) -> None:
    tmp = index_dir / (LEDGER + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(n + "\n" for n in sorted(names)))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / LEDGER)


def record_owned(index_dir: Path, *names: str) -> None:
    """Record folder names as ours before they exist (call under the write lock): a crash after
    the record and before the folder leaves a harmless line, never an unrecorded folder of ours."""
    owned = owned_folders(index_dir)
    if not set(names) <= owned:
        _write_ledger(index_dir, owned | set(names))


def new_temp_folder(index_dir: Path) -> Path:
    path = index_dir / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    record_owned(index_dir, path.name)
    path.mkdir(parents=True)
    return path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """fsync every file written into `folder`; a file hard-linked from an older generation (an
    unchanged BM25 shard) was made durable when that generation was published."""
    for p in folder.rglob("*"):
        if p.is_file() and p.stat().st_nlink == 1:
            with open(p, "rb+") as f:
                os.fsync(f.fileno())
    for d in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        _fsync_dir(d)


def publish(index_dir: Path, temp: Path, number: int) -> str:
    """Move a finished temp folder into place and point CURRENT at it (the atomic step)."""
    fsync_tree(temp)
    name = f"{GEN_PREFIX}{number:06d}-{uuid.uuid4().hex[:6]}"
    record_owned(index_dir, name)
    os.replace(temp, index_dir / name)
    pointer = index_dir / (CURRENT + ".tmp")
    with open(pointer, "w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(pointer, index_dir / CURRENT)
    _fsync_dir(index_dir)
    return name


def clean_up(index_dir: Path, keep: set[str]) -> None:
    """Remove old generations and temp folders of crashed writers (call under the write lock).

    The generation before the current one is kept too, so a reader that has just read the old
    CURRENT can still open it. Only folders recorded in the ledger are touched; anything else in
    the folder (a user's own "gen-2024" or "tmp-notes") is left alone.
    """
    owned = owned_folders(index_dir)
    left = set(keep)
    for name in owned:
        p = index_dir / name
        if name in keep or "/" in name or name in ("", ".", ".."):
            continue
        if p.is_symlink() or not p.exists():
            continue  # gone already (or replaced by something that is not ours)
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        if p.exists():
            left.add(name)
    _write_ledger(index_dir, {n for n in left if (index_dir / n).exists()})
