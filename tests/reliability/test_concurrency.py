"""Concurrency (issue 8): 8 threads ask questions and search for a bounded time while another thread
adds documents to the same shared index (as Streamlit sessions share one), and a ninth opens the
index from disk afresh (as another process would): no exceptions, no torn reads (every quote is the
text of its document at its offsets), and answers about the seeds stay correct."""

from __future__ import annotations

import json
import os
import random
import re
import threading
import traceback
from pathlib import Path

import pytest

from tests.conftest import require_eval
from tests.reliability_index_checks import REPO, assert_index_whole

READERS = 8
SECONDS = float(os.environ.get("RELIABILITY_CONCURRENCY_SECONDS", "10"))

# Questions about the seeds and a figure every correct answer must state.
SEED_QUESTIONS = {
    # Names the drug: once unrelated news stories are added, "how many infants" alone has answers
    # from several studies (the answer then says so).
    "How many infants were treated with blinatumomab?": "30",
    "What was the two-year disease-free survival?": "81.6%",
    "What was the 2-year overall survival with blinatumomab?": "93.3%",
}
OTHER_QUESTIONS = ["What was the response rate?", "How many patients had serious adverse events?",
                   "What was the hazard ratio for progression?"]


def news_stories(folder: Path, count: int) -> list[Path]:
    """Real oncology news stories (eval data, read in place) written out as .txt files to add."""
    src = require_eval("fakehealth_news_sample", "healthstory_oncology_trials.jsonl")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with open(src, encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            # stories about infants would change the right answer to the seed question
            if "infant" in row["text"].lower():
                continue
            p = folder / f"story-{i:03d}.txt"
            p.write_text(row["text"], encoding="utf-8")
            (folder / f"story-{i:03d}.meta.json").write_text(
                json.dumps({"title": row["title"], "kind": "news", "url": row["url"]}), encoding="utf-8")
            out.append(p)
            if len(out) == count:
                break
    return out


@pytest.fixture(scope="module")
def real_index(tmp_path_factory):
    """The seeds indexed with the real model (the answers are checked, so no stand-in embedder)."""
    from index import ClaimIndex

    path = tmp_path_factory.mktemp("concurrency") / "index"
    idx = ClaimIndex.build(REPO / "corpus", path)
    yield idx, path
    idx.close()


def check_citations(idx, answer) -> None:
    for c in answer.citations:
        doc = idx.document(c.doc_id)
        assert doc is not None, f"citation [{c.n}] names a document the index does not hold: {c.doc_id}"
        assert doc.text[c.start:c.end] == c.quote, f"torn citation [{c.n}] {c.doc_id}:{c.start}-{c.end}"


def check_hits(idx, hits) -> None:
    for h in hits:
        doc = idx.document(h.doc_id)
        assert doc is not None, f"hit names a document the index does not hold: {h.doc_id}"
        assert doc.text[h.start:h.end] == h.text, f"torn hit {h.doc_id}:{h.start}-{h.end}"


@pytest.mark.slow
def test_readers_and_a_writer_share_one_index(real_index, tmp_path: Path):
    from answer import ask
    from index import ClaimIndex

    idx, path = real_index
    for q, figure in SEED_QUESTIONS.items():  # correct before the load, or the test proves nothing
        a = ask(q, idx)
        assert not a.abstained and figure in a.text, f"{q!r} -> {a.text!r}"
    stories = news_stories(tmp_path / "stories", 40)
    errors: list[str] = []
    counts = {"asks": 0, "searches": 0, "adds": 0, "opens": 0}
    lock = threading.Lock()
    stop = threading.Event()

    def guarded(name, body):
        def run():
            try:
                body()
            except BaseException:
                with lock:
                    errors.append(f"{name}:\n{traceback.format_exc()}")
                stop.set()
        return threading.Thread(target=run, name=name)

    def reader(seed: int):
        rng = random.Random(seed)
        questions = list(SEED_QUESTIONS) + OTHER_QUESTIONS
        while not stop.is_set():
            q = rng.choice(questions)
            a = ask(q, idx)
            check_citations(idx, a)
            if q in SEED_QUESTIONS:
                assert not a.abstained and SEED_QUESTIONS[q] in a.text, f"under load {q!r} -> {a.text!r}"
            hits = idx.search(q, k=5)
            check_hits(idx, hits)
            with lock:
                counts["asks"] += 1
                counts["searches"] += 1

    def writer():
        for p in stories:
            if stop.is_set():
                return
            report = idx.add([p])
            assert report.added or report.unchanged, f"{p.name} not added: {report.skipped}"
            with lock:
                counts["adds"] += 1

    def fresh_opener():
        # another process's view: open from disk while generations switch under it
        while not stop.is_set():
            other = ClaimIndex.open(path)
            try:
                check_hits(other, other.search("How many infants were treated?", k=5))
                assert other.check() == [], other.check()
            finally:
                other.close()
            with lock:
                counts["opens"] += 1

    threads = [guarded(f"reader-{i}", lambda i=i: reader(i)) for i in range(READERS)]
    threads += [guarded("writer", writer), guarded("opener", fresh_opener)]
    for t in threads:
        t.start()
    stop.wait(SECONDS)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    assert not [t.name for t in threads if t.is_alive()], "threads hung"
    print(f"\nconcurrency: {READERS} readers, {SECONDS:.0f} s: {counts}, errors {len(errors)}")
    assert not errors, "\n".join(errors[:3])
    assert counts["asks"] > READERS and counts["adds"] >= 1 and counts["opens"] >= 1, counts

    # after the load: the shared instance and the folder on disk agree and are whole
    assert idx.check() == []
    on_disk = assert_index_whole(path)
    assert {d.id for d in idx.documents()} == set(on_disk)
    for q, figure in SEED_QUESTIONS.items():
        a = ask(q, idx)
        assert not a.abstained and figure in a.text, f"after the load {q!r} -> {a.text!r}"
        check_citations(idx, a)


@pytest.mark.slow
def test_two_processes_adding_at_once_serialise_on_the_lock(tmp_path: Path):
    """Two `index add` processes on one folder: both finish, nothing is lost, the index is whole."""
    import subprocess

    from tests.reliability_index_checks import PYTHON, build_fast_index

    path = tmp_path / "index"
    build_fast_index(path).close()
    before = set(assert_index_whole(path))
    stories = news_stories(tmp_path / "stories", 12)
    procs = [subprocess.Popen([PYTHON, "-m", "index", "add", "--index", str(path), "--", *map(str, half)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for half in (stories[0::2], stories[1::2])]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "Traceback" not in err, err[-2000:]
    after = set(assert_index_whole(path))
    assert len(after - before) == len(stories), f"{len(after - before)} of {len(stories)} added"


# ---- Streamlit sessions share one index and model; every write takes the lock ----

def _calls_outside_lock(tree, names: set[str]) -> list[int]:
    """Line numbers of calls to .<name>(...) that are not inside a `with index_lock():` block."""
    import ast

    found = []

    def visit(node, locked: bool) -> None:
        if isinstance(node, ast.With):
            locked = locked or any(isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "id", "")
                                   == "index_lock" for i in node.items)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names \
                and not locked:
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, locked)

    visit(tree, False)
    return found


def test_app_writes_to_the_index_only_under_the_shared_lock():
    import ast

    sources = [REPO / "app.py", *sorted((REPO / "webui").glob("*.py"))]
    writes = {"add", "remove", "build"}
    outside = []
    seen_write = False
    for p in sources:
        text = p.read_text(encoding="utf-8")
        tree = ast.parse(text)
        seen_write |= any(f".{w}(" in text for w in writes)
        outside += [f"{p.relative_to(REPO)}:{line}" for line in _calls_outside_lock(tree, writes)
                    if re.search(r"\b(idx|index|ClaimIndex)\.(add|remove|build)\(", text.splitlines()[line - 1])]
    assert seen_write, "the app never writes to the index: nothing to check"
    assert not outside, f"index writes outside `with index_lock()`: {outside}"


def test_sessions_share_one_index_object_and_one_lock(tmp_path: Path, monkeypatch):
    """Two AppTest sessions in one process (as two browser tabs on one server) get the same index."""
    from streamlit.testing.v1 import AppTest

    from tests.reliability_index_checks import build_fast_index
    from webui import resources

    index = tmp_path / "index"
    build_fast_index(index).close()
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(index))
    monkeypatch.setenv("EVIDENCE_DESK_CORPUS", str(REPO / "corpus"))
    loads = []
    assert type(resources.load_index).__name__ == "CachedFunc", "load_index is not st.cache_resource: one index per session"
    assert type(resources.index_lock).__name__ == "CachedFunc", "index_lock is not st.cache_resource: one lock per session"
    resources.load_index.clear()
    from index import ClaimIndex

    original_open = ClaimIndex.open

    def counting_open(*args, **kwargs):
        loads.append(args)
        return original_open(*args, **kwargs)

    monkeypatch.setattr(ClaimIndex, "open", counting_open)
    for _ in range(2):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
        assert not at.exception, at.exception
    assert len(loads) == 1, f"the index was loaded {len(loads)} times for two sessions"
    resources.load_index.clear()
