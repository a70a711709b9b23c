"""Read and extract files in a separate process with a budget, before any write lock is taken.

A hostile or unlucky file (a PDF whose text takes minutes, a 10 MB HTML page, a decompression
bomb) must not hold the index's write lock, and must not take the app down with it: each file is
read, cut into passages and its claims extracted in a worker process that has a memory limit
(RLIMIT_AS) and is killed when one file exceeds the time budget. The file is then refused with a
one-line reason and the next file goes to a fresh worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
from pathlib import Path
from typing import NamedTuple

from extract.models import Claim, Document, Passage

# Seconds one file may take to read and extract; a journal article takes well under 5 s.
READ_BUDGET_S = float(os.environ.get("EVIDENCE_READ_BUDGET_S", "60"))
# Address space of the worker process (the model is not loaded there).
READ_MEMORY_MB = int(os.environ.get("EVIDENCE_READ_MEMORY_MB", "3072"))
# Starting the worker imports the readers and the extractor; that time is not charged to a file.
START_TIMEOUT_S = 300.0


class Prepared(NamedTuple):
    """A document ready to be embedded and stored."""

    doc: Document
    passages: list[Passage]
    claims: list[Claim]


def prepare_document(doc: Document) -> Prepared:
    """Cut a document into passages and extract its citable claims (pure; no index needed)."""
    from .extraction import extract_claims
    from .passages import make_passages

    passages = make_passages(doc)
    claims = [c for c in extract_claims(doc) if doc.is_citable(c.start, c.end)]
    return Prepared(doc, passages, claims)


def _prepare_path(path: str) -> tuple[Prepared | None, str | None]:
    from .files import read_one

    doc, reason = read_one(Path(path))
    if doc is None:
        return None, reason
    return prepare_document(doc), None


def _serve(conn, memory_mb: int) -> None:
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit is already in place: keep it
        pass
    import extract  # noqa: F401  (warm the imports before saying ready)
    from . import extraction, files, passages  # noqa: F401

    conn.send("ready")
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            result = _prepare_path(path)
        except MemoryError:
            result = (None, f"{path}: needs more than {memory_mb} MB of memory to read; refused")
        except Exception as e:  # one file must never stop the others
            result = (None, f"{path}: could not be read ({type(e).__name__}: {' '.join(str(e).split())[:200]})")
        try:
            conn.send(result)
        except MemoryError:
            conn.send((None, f"{path}: its text is too large to pass on; refused"))


class ReadWorker:
    """One worker process, started on first use and replaced after a file that broke the budget."""

    def __init__(self, *, budget_s: float | None = None, memory_mb: int | None = None):
        self.budget_s = READ_BUDGET_S if budget_s is None else budget_s
        self.memory_mb = READ_MEMORY_MB if memory_mb is None else memory_mb
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        # spawn, not fork: the app and the CLI hold threads (torch, Streamlit) that fork would copy
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.memory_mb), daemon=True, name="evidence-read-worker")
        proc.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S) or parent.recv() != "ready":
            proc.kill()
            raise RuntimeError("the file reading worker did not start")
        self._proc, self._conn = proc, parent

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def prepare(self, path: Path) -> tuple[Prepared | None, str | None]:
        """(prepared, None), or (None, one-line reason) for a file that cannot be read in budget."""
        if self._proc is None or not self._proc.is_alive():
            self._stop()
            self._start()
        try:
            self._conn.send(str(path))
            if self._conn.poll(self.budget_s):
                return self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop()
            return None, f"{path}: reading it stopped the reader (over {self.memory_mb} MB of memory?); refused"
        self._stop()
        return None, (f"{path}: reading and extracting it took longer than {self.budget_s:.0f} s; refused "
                      "(split it into smaller files)")

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except (OSError, BrokenPipeError):
                pass
        self._stop()
