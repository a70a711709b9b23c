"""Read and extract files in a separate process with a budget, before any write lock is taken.

A hostile or unlucky file (a PDF whose text takes minutes, a 10 MB HTML page, a decompression
bomb) must not hold the index's write lock, and must not take the app down with it: each file is
read, cut into passages and its claims extracted in a worker process that has a memory limit
(RLIMIT_AS) and is killed when one file exceeds the time budget. The file is then refused with a
one-line reason and the next file goes to a fresh worker.
"""

from __future__ import annotations

import json
import os
import resource
import select
import struct
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from extract.models import Claim, Document, Passage
from settings import SETTINGS

# Seconds one file may take to read and extract; a journal article takes well under 5 s.
READ_BUDGET_S = SETTINGS.read_budget_s
# Address space of the worker process (the model is not loaded there).
READ_MEMORY_MB = SETTINGS.read_memory_mb
REPO = Path(__file__).resolve().parent.parent
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


def _encode(obj) -> bytes:
    """JSON on the pipe (no pickle: the project never deserialises code-loading formats)."""
    if isinstance(obj, tuple) and obj and isinstance(obj[0], Prepared):
        p = obj[0]
        obj = {"prepared": {"doc": p.doc.model_dump(mode="json"), "passages": [x.model_dump(mode="json") for x in p.passages],
                            "claims": [c.model_dump(mode="json") for c in p.claims]}, "reason": obj[1]}
    elif isinstance(obj, tuple):
        obj = {"prepared": None, "reason": obj[1]}
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _decode(data: bytes):
    obj = json.loads(data.decode("utf-8"))
    if isinstance(obj, dict) and "reason" in obj:
        p = obj["prepared"]
        if p is None:
            return None, obj["reason"]
        return Prepared(Document.model_validate(p["doc"]), [Passage.model_validate(x) for x in p["passages"]],
                        [Claim.model_validate(c) for c in p["claims"]]), obj["reason"]
    return obj


def _send(stream, obj) -> None:
    data = _encode(obj)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _read_exactly(stream, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        block = stream.read(n - got)
        if not block:
            raise EOFError("the reading worker closed its pipe")
        chunks.append(block)
        got += len(block)
    return b"".join(chunks)


def _receive(stream):
    (n,) = struct.unpack(">Q", _read_exactly(stream, 8))
    return _decode(_read_exactly(stream, n))


def _serve(memory_mb: int) -> None:
    """The worker's loop: a path in on stdin, (prepared, reason) out on stdout."""
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit is already in place: keep it
        pass
    import extract  # noqa: F401  (warm the imports before saying ready)
    from . import extraction, files, passages  # noqa: F401

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a library printing must not corrupt the pipe
    _send(out, "ready")
    while True:
        try:
            path = _receive(inp)
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
            _send(out, result)
        except MemoryError:
            _send(out, (None, f"{path}: its text is too large to pass on; refused"))


class ReadWorker:
    """One worker process, started on first use and replaced after a file that broke the budget.

    A plain `python -m index.read_worker` child speaking JSON (not multiprocessing): spawn would re-run the
    caller's main script, fork would copy the threads of torch and Streamlit."""

    def __init__(self, *, budget_s: float | None = None, memory_mb: int | None = None):
        self.budget_s = READ_BUDGET_S if budget_s is None else budget_s
        self.memory_mb = READ_MEMORY_MB if memory_mb is None else memory_mb
        self._proc: subprocess.Popen | None = None

    def _wait(self, seconds: float, proc: subprocess.Popen | None = None) -> bool:
        ready, _, _ = select.select([(proc or self._proc).stdout], [], [], seconds)
        return bool(ready)

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen([sys.executable, "-m", "index.read_worker", str(self.memory_mb)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      cwd=str(REPO), env=env)
        if not self._wait(START_TIMEOUT_S) or _receive(self._proc.stdout) != "ready":
            self._stop()
            raise RuntimeError("the file reading worker did not start")

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait(5)
            for stream in (proc.stdin, proc.stdout):
                stream.close()

    def prepare(self, path: Path) -> tuple[Prepared | None, str | None]:
        """(prepared, None), or (None, one-line reason) for a file that cannot be read in budget."""
        if self._proc is None or self._proc.poll() is not None:
            self._stop()
            self._start()
        proc = self._proc
        try:
            _send(proc.stdin, str(path))
            if self._wait(self.budget_s, proc):
                return _receive(proc.stdout)
        except (EOFError, OSError, ValueError):  # the worker died, or close() stopped it meanwhile
            self._stop()
            return None, f"{path}: reading it stopped the reader (over {self.memory_mb} MB of memory?); refused"
        self._stop()
        return None, (f"{path}: reading and extracting it took longer than {self.budget_s:.0f} s; refused "
                      "(split it into smaller files)")

    def close(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                _send(proc.stdin, None)
                proc.wait(2)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self._stop()


if __name__ == "__main__":
    # through the package, so Prepared is index.read_worker.Prepared, not __main__.Prepared
    from index.read_worker import _serve as serve

    serve(int(sys.argv[1]) if len(sys.argv) > 1 else READ_MEMORY_MB)
