"""Crash safety (issue 8): a process adding documents is SIGKILLed at many random points; after
every kill the index opens, passes its consistency check, answers a search, and holds either the
state before or after each add (never half of one, never less than what was reported committed).
Truncated or corrupted index files are refused with a message that names the rebuild command."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.reliability_index_checks import (PYTHON, REBUILD, REPO, assert_answers, assert_index_whole,
                                            assert_searchable, build_fast_index, copy_index, run_cli)
from tests.reliability_inputs import seed_text

CHILD = ["-m", "tests.reliability_add_child"]  # as a module: tests/ on sys.path would shadow the packages
KILLS = int(os.environ.get("RELIABILITY_KILLS", "30"))
SEED = int(os.environ.get("RELIABILITY_SEED", "20261121"))
BATCH = 2


def make_documents(folder: Path, count: int) -> list[Path]:
    """Distinct news-like documents (the seed plus a unique paragraph of figures)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        extra = (f"\nUpdate {i}: in a follow-up cohort, {i + 5} of {30 + i} infants remained in remission at "
                 f"{12 + i} months; grade 3 fever occurred in {i % 7 + 1} patients ({(i % 7 + 1) * 3.3:.1f}%).\n")
        p = folder / f"story-{i:02d}.txt"
        p.write_text(seed_text() * (1 + i % 3) + extra, encoding="utf-8")
        out.append(p)
    return out


def doc_id_of(path: Path) -> str:
    from extract.readers import read_document

    return read_document(path).id


class Child:
    """The adding process with its stdout lines collected as they come."""

    def __init__(self, args: list[str]):
        self.proc = subprocess.Popen([PYTHON, *CHILD, *args], cwd=REPO, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONPATH": str(REPO)})
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.strip())
            if line.startswith("READY"):
                self.ready.set()
        self.ready.set()

    def committed(self) -> int:
        """Batches reported committed (add() returned) so far."""
        return sum(1 for ln in self.lines if ln.startswith("COMMITTED"))

    def finish(self, timeout: float = 120) -> str:
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return self.proc.stderr.read()


def state_of(index_dir: Path, batches: list[set[str]], base: set[str]) -> int:
    """How many batches the index holds, asserting it is base + a whole prefix of the batches."""
    docs = set(assert_index_whole(index_dir))
    assert base <= docs, f"seed documents lost: {base - docs}"
    extra = docs - base
    held = 0
    while held < len(batches) and batches[held] <= extra:
        held += 1
    expected = set().union(*batches[:held]) if held else set()
    assert extra == expected, (f"index holds a state no add produced: {len(extra)} added documents, "
                               f"not the first {held} batches (half a batch or out of order)")
    return held


@pytest.mark.slow
def test_sigkill_during_adds_leaves_old_or_new_state(tmp_path: Path):
    rng = random.Random(SEED)
    files = make_documents(tmp_path / "docs", 16)
    batches = [{doc_id_of(p) for p in files[i:i + BATCH]} for i in range(0, len(files), BATCH)]
    base_dir = tmp_path / "base"
    build_fast_index(base_dir).close()
    base = set(assert_index_whole(base_dir))
    args = lambda index: [str(index), str(BATCH), *map(str, files)]  # noqa: E731

    # one uninterrupted run: its duration sets the range of kill delays, its end state is "all added"
    index = copy_index(base_dir, tmp_path / "index")
    child = Child(args(index))
    assert child.ready.wait(60), "child never opened the index"
    t0 = time.monotonic()
    err = child.finish()
    span = time.monotonic() - t0
    assert child.proc.returncode == 0, err[-2000:]
    assert state_of(index, batches, base) == len(batches)

    shutil.rmtree(index)
    copy_index(base_dir, index)
    kills = mid_add = resets = in_write = 0
    held_seen: set[int] = set()
    held = 0
    scale = 1.0  # shrinks when a kill comes after the child ended: the machine's speed varies with its load
    while kills < KILLS:
        child = Child(args(index))
        assert child.ready.wait(60), f"child never opened the index after {kills} kills: {child.finish()[-2000:]}"
        # spread kills over the work still left: a batch already held is found unchanged by its
        # files' checksums before anything is read or embedded, so it costs next to nothing (one
        # batch more for starting the read worker, which the first new batch does)
        time.sleep(rng.uniform(0, scale * span * (len(batches) - held + 1) / len(batches)))
        running = child.proc.poll() is None
        scale = min(1.0, scale * 1.05) if running else scale * 0.75
        child.proc.send_signal(signal.SIGKILL)
        child.finish()
        in_write += bool([p for p in index.iterdir() if p.name.startswith("tmp-")])
        reported = child.committed()
        kills += 1
        mid_add += running
        before = held
        held = state_of(index, batches, base)
        held_seen.add(held)
        assert held >= before, f"kill {kills}: the index went back from {before} to {held} batches"
        # batches already held before this run are 'unchanged' for the child but still reported
        assert held >= reported, f"kill {kills}: {reported} batches reported committed, index holds {held}"
        assert_searchable(index)
        assert_answers(index)
        if held == len(batches):
            shutil.rmtree(index)
            copy_index(base_dir, index)
            held = 0
            resets += 1
    print(f"\nSIGKILL: {kills} kills ({mid_add} while adding, {in_write} inside a write), states seen {sorted(held_seen)}, "
          f"{resets} full runs, add span {span:.2f} s, seed {SEED}")
    assert mid_add >= KILLS * 2 // 3, f"only {mid_add} of {kills} kills landed while the child was adding"
    assert len(held_seen) >= 3, f"kills landed at too few points: {sorted(held_seen)}"
    # the next writer after all those kills is not blocked by a stale lock and cleans up
    child = Child(args(index))
    assert child.ready.wait(60)
    child.finish(timeout=120)
    assert child.proc.returncode == 0
    assert state_of(index, batches, base) == len(batches)
    assert not [p for p in index.iterdir() if p.name.startswith("tmp-")], "temp folders of killed writers remain"


@pytest.mark.slow
def test_sigkill_during_rebuild_keeps_the_old_index(tmp_path: Path):
    """`build` over an existing index: killed at random points, the old index stays usable."""
    rng = random.Random(SEED + 1)
    corpus = tmp_path / "corpus"
    make_documents(corpus, 12)
    index = tmp_path / "index"
    build_fast_index(index).close()
    old = assert_index_whole(index)
    t0 = time.monotonic()
    build_fast_index(tmp_path / "probe", corpus).close()
    span = time.monotonic() - t0
    outcomes = []
    for _ in range(8):
        child = Child(["--build", str(index), str(corpus)])
        assert child.ready.wait(60)
        time.sleep(rng.uniform(0, span * 1.2))
        child.proc.send_signal(signal.SIGKILL)
        child.finish()
        docs = assert_index_whole(index)
        assert docs == old or len(docs) == 12, f"a killed rebuild left {len(docs)} documents"
        outcomes.append(len(docs))
        assert_searchable(index)
        assert_answers(index)
        if docs != old:
            shutil.rmtree(index)
            build_fast_index(index).close()
    print(f"\nrebuild kills: documents after each kill {outcomes}")


# ---------------------------------------------------------------- truncated and corrupted files

def _file(index: Path, pattern: str) -> Path:
    """The live generation's file of that name (the first segment's, for a segment file)."""
    return sorted(_generation(index).glob(pattern))[0]


def _generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def _truncate_half(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _truncate_empty(p: Path) -> None:
    p.write_bytes(b"")


def _garbage_header(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[:64] = os.urandom(64) if len(data) >= 64 else os.urandom(len(data))
    p.write_bytes(bytes(data))


def _garbage_middle(p: Path) -> None:
    """Bit rot inside the file: a run of bytes in the middle replaced."""
    data = bytearray(p.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 256] = bytes(255 - b for b in data[mid:mid + 256])
    p.write_bytes(bytes(data))


def _delete(p: Path) -> None:
    p.unlink()


DAMAGE = {"truncated-half": _truncate_half, "truncated-empty": _truncate_empty, "garbage-header": _garbage_header,
          "garbage-middle": _garbage_middle, "deleted": _delete}
TARGETS = ["seg-*/dense.faiss", "seg-*/meta.sqlite", "manifest.json", "segments.json"]


@pytest.fixture(scope="module")
def fast_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corrupt") / "index"
    build_fast_index(path).close()
    return path


def _open_error(index: Path) -> str | None:
    """The load error's message, or None when the damaged index opened and answered normally."""
    from index import ClaimIndex, IndexLoadError

    try:
        idx = ClaimIndex.open(index)
    except IndexLoadError as e:
        return str(e)
    try:
        idx.search("infants", k=3)
        problems = idx.check()
    finally:
        idx.close()
    return "; ".join(problems) if problems else None


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_file_is_refused_naming_the_rebuild_command(target: str, damage: str, fast_index: Path,
                                                                   tmp_path: Path):
    index = copy_index(fast_index, tmp_path / "index")
    DAMAGE[damage](_file(index, target))
    message = _open_error(index)
    assert message is not None, f"{target} {damage}: the damaged index opened as if nothing were wrong"
    assert REBUILD in message, f"{target} {damage}: message does not name the rebuild command: {message}"
    assert f"--index {index}" in message, f"the rebuild command must name this index folder: {message}"


@pytest.mark.parametrize("target", TARGETS)
def test_cli_on_a_damaged_index_exits_with_the_rebuild_command(target: str, fast_index: Path, tmp_path: Path):
    index = copy_index(fast_index, tmp_path / "index")
    _truncate_half(_file(index, target))
    proc = run_cli("index", "search", "infants", "--index", str(index))
    assert proc.returncode != 0, f"{target}: search succeeded on a damaged index"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert REBUILD in proc.stderr, proc.stderr


@pytest.mark.parametrize("target", ["CURRENT", "bm25"])
@pytest.mark.parametrize("damage", ["truncated-empty", "garbage-header", "deleted"])
def test_damaged_pointer_or_bm25_is_refused(target: str, damage: str, fast_index: Path, tmp_path: Path):
    index = copy_index(fast_index, tmp_path / "index")
    path = index / "CURRENT" if target == "CURRENT" else _generation(index) / "bm25"
    for p in (sorted(q for q in path.iterdir() if q.is_file()) if path.is_dir() else [path]):
        DAMAGE[damage](p)
    message = _open_error(index)
    assert message is not None, f"{target} {damage}: the damaged index opened as if nothing were wrong"
    assert REBUILD in message, f"{target} {damage}: {message}"


@pytest.mark.slow
def test_the_rebuild_command_in_the_message_repairs_the_index(fast_index: Path, tmp_path: Path):
    index = copy_index(fast_index, tmp_path / "index")
    _truncate_half(_file(index, "seg-*/dense.faiss"))
    message = _open_error(index)
    assert message and REBUILD in message
    # the message's command, run as written (real model: this is what a user gets)
    import re

    m = re.search(r"python -m index build(?: --index (\S+))?", message)
    named = Path(m.group(1).rstrip(".")) if m.group(1) else None
    assert named == index, f"the command names {named}, not the damaged index {index}"
    proc = run_cli("index", "build", "--index", str(named), "--corpus", str(REPO / "corpus"), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert_index_whole(index)
    assert_searchable(index)
