"""ClaimIndex with the hashing embedder: build, open, add, replace, remove, refusals, atomicity."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from extract.models import Claim
from index import ClaimIndex, HashingEmbedder, IndexInputError, IndexLoadError, open_or_build
from index import claim_index as claim_index_module
from index import generations as gens
from tests.index_fixtures import copy_corpus


@pytest.fixture()
def corpus(tmp_path) -> Path:
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture()
def built(tmp_path, corpus) -> ClaimIndex:
    return ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())


def live_folder(idx: ClaimIndex) -> Path:
    return idx.index_dir / gens.current_generation(idx.index_dir)


def test_build_then_open_gives_the_same_consistent_index(built):
    m = built.manifest
    assert (m.documents, m.model_name, m.dimension) == (2, "hashing-test-embedder", 64)
    assert m.passages == len(built) > 0
    assert built.check() == []
    again = ClaimIndex.open(built.index_dir)
    assert again.manifest == m and again.check() == []
    assert {d.id for d in again.documents()} == {d.id for d in built.documents()}


def test_hits_are_exact_spans_with_path_and_title(built):
    hits = built.search("disease-free survival Interfant-06", k=5)
    assert hits
    for h in hits:
        doc = built.document(h.doc_id)
        assert doc.text[h.start:h.end] == h.text
        assert h.path == doc.path and Path(h.path).is_file()
        assert h.title == doc.title
    assert "Interfant-06" in hits[0].text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_boilerplate_is_never_returned(built):
    # words that appear only in the subscription prompt and the disclaimer
    for query in ["Get your free subscription", "Disclaimer healthcare professionals medical advice Terms of Use"]:
        for h in built.search(query, k=20):
            assert built.document(h.doc_id).is_citable(h.start, h.end)
            assert "subscription" not in h.text.lower() and "disclaimer" not in h.text.lower()


def test_passage_containing_and_passages(built):
    doc = next(d for d in built.documents() if "daily-pharmacy" in d.path)
    start = doc.text.index("93.3%")
    p = built.passage_containing(doc.id, start, start + 5)
    assert p is not None and p.start <= start and start + 5 <= p.end
    assert p in built.passages(doc.id)
    assert built.passage_containing(doc.id, 0, 5) is None  # the masthead is boilerplate, not in a passage


def test_readd_same_content_is_a_no_op(built, corpus):
    before = gens.current_generation(built.index_dir)
    report = built.add([corpus])
    assert report.added == [] and len(report.unchanged) == 2
    assert gens.current_generation(built.index_dir) == before  # nothing written


def test_add_new_then_replace_then_remove(built, corpus, tmp_path):
    new = tmp_path / "extra.txt"
    new.write_text("A new trial of drug X.\nMedian overall survival was 14.2 months (HR 0.71; 95% CI 0.60 to 0.84).\n")
    report = built.add([new, tmp_path / "missing.txt"])
    assert len(report.added) == 1 and report.skipped[0][0].endswith("missing.txt")
    first_id = report.added[0]
    assert built.check() == [] and built.manifest.documents == 3
    assert built.search("median overall survival drug X", k=1)[0].doc_id == first_id

    new.write_text("A new trial of drug X.\nMedian overall survival was 15.0 months.\n")
    report = built.add([new])
    assert report.replaced == [first_id] and len(report.added) == 1
    assert built.document(first_id) is None and built.manifest.documents == 3
    assert all(h.doc_id != first_id for h in built.search("median overall survival drug X", k=10))

    reopened = ClaimIndex.open(built.index_dir)
    assert reopened.check() == [] and reopened.manifest.documents == 3
    reopened.remove(report.added[0])
    assert reopened.manifest.documents == 2 and reopened.check() == []
    with pytest.raises(IndexInputError, match="no document"):
        reopened.remove("not-a-doc")


def test_unsupported_files_are_skipped_with_a_reason(built, tmp_path):
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    report = built.add([bad, empty])
    assert report.added == [] and {Path(p).name for p, _ in report.skipped} == {"image.png", "empty.txt"}
    assert all(reason for _, reason in report.skipped)


def test_bad_queries_are_input_errors(built):
    with pytest.raises(IndexInputError):
        built.search("   ")
    with pytest.raises(IndexInputError):
        built.search("survival", k=0)
    with pytest.raises(IndexInputError):
        built.search("survival", mode="nonsense")


def test_a_changed_model_refuses_to_load_and_names_the_rebuild(built):
    path = live_folder(built) / "manifest.json"
    data = json.loads(path.read_text())
    data["model_name"] = "some-other-model"
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match=r"python -m index build --index"):
        ClaimIndex.open(built.index_dir)
    with pytest.raises(IndexLoadError, match="some-other-model"):
        ClaimIndex.open(built.index_dir, embedder=HashingEmbedder())


@pytest.mark.parametrize("field,value", [("schema_version", 999), ("dimension", 32), ("passage_scheme", "old"),
                                         ("extractor_version", "rules-of-another-day")])
def test_manifest_mismatches_refuse_to_load(built, field, value):
    path = live_folder(built) / "manifest.json"
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match="python -m index build"):
        ClaimIndex.open(built.index_dir)


@pytest.mark.parametrize("name", ["seg-*/dense.faiss", "seg-*/meta.sqlite", "manifest.json", "segments.json",
                                  "bm25/shard-*/rowids.npy"])
def test_truncated_files_refuse_to_load_with_the_rebuild_command(built, name):
    path = next(live_folder(built).glob(name))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IndexLoadError, match="python -m index build"):
        ClaimIndex.open(built.index_dir)


@pytest.mark.parametrize("name", ["seg-*/dense.faiss", "seg-*/meta.sqlite", "bm25/shard-*/rows.npy"])
def test_bytes_changed_in_the_middle_of_a_file_are_detected(built, name):
    path = next(live_folder(built).glob(name))
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 8] = bytes(b ^ 0xFF for b in data[mid:mid + 8])
    path.write_bytes(bytes(data))
    with pytest.raises(IndexLoadError, match="python -m index build"):
        ClaimIndex.open(built.index_dir)
    assert any("checksum" in p or "damaged" in p for p in built.check())


def test_a_missing_index_names_the_build_command(tmp_path):
    with pytest.raises(IndexLoadError, match="python -m index build --index"):
        ClaimIndex.open(tmp_path / "nothing-here")


def test_open_or_build_builds_only_when_missing(tmp_path, corpus):
    idx = open_or_build(tmp_path / "idx", corpus, embedder=HashingEmbedder())
    first = gens.current_generation(idx.index_dir)
    again = open_or_build(tmp_path / "idx", corpus, embedder=HashingEmbedder())
    assert gens.current_generation(again.index_dir) == first


def test_a_failed_write_leaves_the_previous_index_loadable(built, tmp_path, monkeypatch):
    new = tmp_path / "extra.txt"
    new.write_text("Some other study reported 42% response.\n")
    before = gens.current_generation(built.index_dir)

    def crash(texts):
        raise RuntimeError("killed mid-embedding")

    monkeypatch.setattr(built.embedder, "encode", crash)
    with pytest.raises(RuntimeError):
        built.add([new])
    assert gens.current_generation(built.index_dir) == before
    assert not [p for p in built.index_dir.iterdir() if p.name.startswith(gens.TMP_PREFIX)]
    reopened = ClaimIndex.open(built.index_dir)
    assert reopened.check() == [] and reopened.manifest.documents == 2


def test_leftovers_of_a_killed_writer_are_ignored_then_cleaned(built, tmp_path):
    # what a SIGKILL between writing files and switching CURRENT leaves behind
    # what a SIGKILL between writing files and switching CURRENT leaves behind (a recorded temp folder)
    stale = gens.new_temp_folder(built.index_dir)
    shutil.rmtree(stale)
    shutil.copytree(live_folder(built), stale)
    next(stale.glob("seg-*/dense.faiss")).write_bytes(b"torn")
    reopened = ClaimIndex.open(built.index_dir)
    assert reopened.check() == []
    new = tmp_path / "extra.txt"
    new.write_text("Another study reported 12% toxicity.\n")
    reopened.add([new])
    assert not stale.exists()


def _add_in_process(index_dir: str, path: str) -> None:
    idx = ClaimIndex.open(index_dir)
    idx.add([path])


def test_concurrent_writers_serialise_and_both_land(built, tmp_path):
    files = []
    for i in range(2):
        f = tmp_path / f"concurrent-{i}.txt"
        f.write_text(f"Study {i} found a response rate of {40 + i}% in {100 + i} patients.\n")
        files.append(f)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_in_process, args=(str(built.index_dir), str(f))) for f in files]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    final = ClaimIndex.open(built.index_dir)
    assert final.manifest.documents == 4 and final.check() == []


def test_claims_are_stored_mapped_to_passages_and_boost_matching_passages(tmp_path, monkeypatch):
    # A stand-in extractor (one claim per "NN% overall survival" phrase) so this test does not
    # depend on extract/ being finished; the real extractor is exercised in test_index_search.py.
    import re

    def stand_in(doc):
        out = []
        for m in re.finditer(r"(\d+(?:\.\d+)?)% (overall|event-free) survival at (\d) years", doc.text):
            out.append(Claim(doc_id=doc.id, start=m.start(), end=m.end(), quote=m.group(), kind="estimate",
                             endpoint=f"{m.group(2)} survival", measure="proportion", value=float(m.group(1)),
                             timepoint=f"{m.group(3)} years").with_id())
        return out

    # files are read and extracted in a worker process; documents in memory are extracted here,
    # where the stand-in can replace the extractor
    import index.extraction as extraction_module
    from extract.readers import read_document

    monkeypatch.setattr(extraction_module, "extract_claims", stand_in)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Survival results of the trial were reported.\n"
                                  "Patients had 70% event-free survival at 3 years in the trial.\n")
    (folder / "b.txt").write_text("The trial reported 80% overall survival at 2 years.\n")
    idx = ClaimIndex.build_documents([read_document(folder / n) for n in ("a.txt", "b.txt")], tmp_path / "idx",
                                     embedder=HashingEmbedder())
    assert idx.manifest.claims == 2 and idx.check() == []
    for claim in idx.claims():
        doc = idx.document(claim.doc_id)
        assert doc.text[claim.start:claim.end] == claim.quote
    plain = idx.rank("two-year overall survival in the trial", claim_boost=0)
    boosted = idx.rank("two-year overall survival in the trial", claim_boost=1.0)
    top = idx.search("two-year overall survival in the trial", k=1)[0]
    assert "80% overall survival" in top.text
    assert boosted[0].reasons == ["endpoint", "timepoint"]
    assert boosted[0].score > next(f.score for f in plain if f.id == boosted[0].id)


def test_a_damaged_pointer_is_refused_and_a_build_replaces_it(built, corpus):
    (built.index_dir / gens.CURRENT).write_bytes(b"\xff\xfe garbage")
    with pytest.raises(IndexLoadError, match="damaged CURRENT pointer.*python -m index build"):
        ClaimIndex.open(built.index_dir)
    rebuilt = ClaimIndex.build(corpus, built.index_dir, embedder=HashingEmbedder())
    assert ClaimIndex.open(built.index_dir).manifest.documents == rebuilt.manifest.documents == 2


def _open_sqlite_files(under: Path) -> list[str]:
    names = (os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd"))
    return [n for n in names if "meta.sqlite" in n and n.startswith(str(under.resolve()))]


def test_replaced_generations_are_closed_after_the_grace_time(built, tmp_path, monkeypatch):
    """Each write swaps in a new generation; the old one's SQLite file is deleted by the clean-up and
    its connection must be closed too, or a long-running app holds more deleted files with every
    upload. Within the grace time a search that started on the old generation can still finish."""
    old = built._state
    note = tmp_path / "note.txt"
    note.write_text("Overall survival was 71.0% in 40 patients.", encoding="utf-8")
    built.add([note])
    assert old.store.counts()["documents"] == 2  # still open: retired less than the grace time ago

    monkeypatch.setattr(claim_index_module, "RETIRED_GRACE_S", 0.0)
    for i in range(4):
        note.write_text(f"Overall survival was {72 + i}.0% in 40 patients.", encoding="utf-8")
        built.add([note])
    held = [n for n in _open_sqlite_files(built.index_dir) if n.endswith("(deleted)") or not Path(n).exists()]
    assert held == []
    assert len(built._retired) == 0
    assert "73.0%" not in built.search("overall survival", k=3)[0].text
    assert "75.0%" in built.search("overall survival 75.0%", k=1)[0].text


def test_passage_sources_and_vectors_map_ranked_ids_back_to_sources(built):
    sources = built.passage_sources()
    assert len(sources) == len(built)
    by_rowid = {rowid: (doc_id, path, text) for rowid, doc_id, path, text in sources}
    top = built.rank("overall survival", depth=5)[0]
    doc_id, path, text = by_rowid[top.id]
    assert built.search("overall survival", k=1)[0].text == text
    assert Path(path).name.endswith(".txt") and built.document(doc_id).text.count(text) >= 1
    vectors = built.passage_vectors([top.id, sources[0][0]])
    expected = built.embedder.encode([text, sources[0][3]])
    assert vectors.shape == (2, 64) and float(abs(vectors - expected).max()) < 1e-6
