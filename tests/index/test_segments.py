"""Vectors and metadata as segments (index/segments.py): an add writes one small segment and
hard-links the rest, a removal is a tombstone, small segments are merged, and a failed merge or
write never publishes a mix. Real texts, the deterministic hashing embedder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index import ClaimIndex, HashingEmbedder, IndexLoadError
from index import generations as gens
from index import segments as segs
from tests.reliability_index_checks import REPO, assert_index_whole, build_fast_index, copy_index

TRIAL = ("In the phase {n} trial of {drug}, {a} of {b} patients ({p}%) had a complete response at {m} months; "
         "median overall survival was {os} months (95% CI {lo} to {hi}).")
DRUGS = ["zorbatinib", "melvotuzumab", "carpelisib", "dovanimab", "fentrazole", "gliotinib", "harvezumab",
         "istrapine", "jolvatinib", "kermozumab", "lumetrazine", "morvacept"]


def trial_text(i: int) -> str:
    return TRIAL.format(n=i % 3 + 1, drug=DRUGS[i % len(DRUGS)], a=10 + i, b=60 + 2 * i, p=round(100 * (10 + i) / (60 + 2 * i), 1),
                        m=6 + i % 18, os=12 + i % 20, lo=8 + i % 5, hi=25 + i % 9)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("segments") / "index"
    build_fast_index(index).close()
    return index


@pytest.fixture
def index_dir(base, tmp_path) -> Path:
    return copy_index(base, tmp_path / "index")


def live(index_dir: Path) -> Path:
    return index_dir / gens.current_generation(index_dir)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_add_writes_one_small_segment_and_links_the_others(index_dir, tmp_path):
    idx = ClaimIndex.open(index_dir)
    before_gen = live(index_dir)
    before = segs.SegmentState.load(before_gen)
    assert len(before.names) == 1 and before.segments[0]["documents"] == 2
    report = idx.add([write(tmp_path / "docs", "one.txt", trial_text(1))])
    after = segs.SegmentState.load(live(index_dir))
    assert after.names[0] == before.names[0] and len(after.names) == 2
    # the corpus segment is the same file in both generations (a hard link, not a copy)
    for name in (segs.DENSE_FILE, "meta.sqlite"):
        assert os.path.samefile(before_gen / before.names[0] / name, live(index_dir) / before.names[0] / name)
    assert after.segments[1]["documents"] == 1 and after.segments[1]["passages"] >= 1
    hit = idx.search("zorbatinib complete response", k=1)[0]
    assert hit.doc_id == report.added[0]
    assert idx.check() == []
    idx.close()
    assert_index_whole(index_dir)


def test_a_removal_is_a_tombstone_that_searches_and_reads_never_return(index_dir, monkeypatch):
    # one of the two corpus documents is past the share that rewrites a segment: keep it a tombstone
    monkeypatch.setattr(segs, "DEAD_SHARE", 0.9)
    idx = ClaimIndex.open(index_dir)
    doc = next(d for d in idx.documents() if "medical-dialogues" in d.path)
    rowids = [r for r, _, _ in idx._state.store.passage_rows_of(doc.id)]
    first = segs.SegmentState.load(live(index_dir)).names[0]
    idx.remove(doc.id)
    state = segs.SegmentState.load(live(index_dir))
    assert state.names == [first], "a removal alone writes no segment"
    assert set(rowids) <= state.dead and (first, doc.id, "all") in state.gone
    assert idx.document(doc.id) is None and idx.passages(doc.id) == [] and idx.claims(doc.id) == []
    for mode in ("dense", "lexical", "fusion"):
        assert all(h.doc_id != doc.id for h in idx.search("blinatumomab infants survival", k=50, mode=mode))
    assert idx.check() == []
    idx.close()
    reopened = ClaimIndex.open(index_dir)
    assert reopened.document(doc.id) is None and len(reopened) == reopened.manifest.passages
    assert reopened.check() == []
    reopened.close()


def test_many_small_adds_stay_few_segments_and_every_document_stays_findable(index_dir, tmp_path):
    idx = ClaimIndex.open(index_dir)
    added = []
    for i in range(14):
        added += idx.add([write(tmp_path / "docs", f"trial-{i}.txt", trial_text(i) + f" Cohort code K{i:03d}X.")]).added
    state = segs.SegmentState.load(live(index_dir))
    assert len(state.names) <= 4, state.segments  # log-structured merges keep a few
    assert sum(s["documents"] for s in state.segments) == 2 + len(added)
    for i, doc_id in enumerate(added):
        assert idx.search(f"cohort code K{i:03d}X", k=1, mode="lexical")[0].doc_id == doc_id
    assert idx.check() == []
    idx.close()
    assert len(assert_index_whole(index_dir)) == 2 + len(added)


def test_heavy_removal_rewrites_the_segment_without_its_tombstones(index_dir, tmp_path):
    idx = ClaimIndex.open(index_dir)
    ids = idx.add([write(tmp_path / "docs", f"t-{i}.txt", trial_text(i)) for i in range(8)]).added
    for doc_id in ids[:6]:
        idx.remove(doc_id)
    state = segs.SegmentState.load(live(index_dir))
    # six of eight documents gone: far past the dead share, so their rows are gone from disk too
    assert len(state.dead) <= segs.DEAD_SHARE * idx.manifest.passages
    assert {d.id for d in idx.documents()} >= set(ids[6:])
    assert not set(ids[:6]) & {d.id for d in idx.documents()}
    assert idx.check() == []
    idx.close()
    assert_index_whole(index_dir)


def test_a_study_set_on_an_old_document_survives_merges_and_its_removal_is_whole(index_dir, tmp_path):
    idx = ClaimIndex.open(index_dir)
    doc = idx.documents()[0]
    idx.set_document_study(doc.id, "Blinatumomab infant study", kind="news")
    for i in range(5):
        idx.add([write(tmp_path / "docs", f"s-{i}.txt", trial_text(20 + i))])
    idx.close()
    idx = ClaimIndex.open(index_dir)
    assert idx.document(doc.id).study == "Blinatumomab infant study"
    assert len([d for d in idx.documents() if d.id == doc.id]) == 1  # the replaced row stays hidden
    assert idx.passages(doc.id)
    idx.remove(doc.id)
    assert idx.document(doc.id) is None and idx.passages(doc.id) == []
    assert idx.check() == []
    idx.close()
    assert_index_whole(index_dir)


def test_a_failed_merge_publishes_nothing(index_dir, tmp_path, monkeypatch):
    idx = ClaimIndex.open(index_dir)
    idx.add([write(tmp_path / "docs", "m-0.txt", trial_text(40))])
    before = gens.current_generation(index_dir)
    docs_before = {d.id for d in idx.documents()}

    def failing_merge(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(segs, "merge", failing_merge)
    with pytest.raises(OSError):
        idx.add([write(tmp_path / "docs", "m-1.txt", trial_text(41))])  # two small segments: a merge
    monkeypatch.undo()
    assert gens.current_generation(index_dir) == before
    assert not [p for p in index_dir.iterdir() if p.name.startswith(gens.TMP_PREFIX)]
    reopened = ClaimIndex.open(index_dir)
    assert {d.id for d in reopened.documents()} == docs_before and reopened.check() == []
    reopened.close()


def test_an_index_written_before_segments_is_refused_with_the_rebuild_command(index_dir):
    manifest = live(index_dir) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["schema_version"] = 2  # what the code before segments wrote (one dense.faiss, one meta.sqlite)
    manifest.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match="schema version 2.*python -m index build"):
        ClaimIndex.open(index_dir)
    rebuilt = ClaimIndex.build(REPO / "corpus", index_dir, embedder=HashingEmbedder())
    assert rebuilt.manifest.documents == 2 and rebuilt.check() == []
    rebuilt.close()
