"""Replicas: several serving processes read one index folder; a write by another process lands as a
new generation that each of them picks up, while searches in flight keep the generation they
started on. Tested at the ClaimIndex level (what each app process holds in st.cache_resource);
picking up the new generation without a reopen is the reader's reload (issue of the reliability
work), so here each replica reopens when CURRENT names a newer generation, as the app must."""

from __future__ import annotations

import json
import time
import subprocess
import sys
import textwrap

from index import ClaimIndex, HashingEmbedder
from tests.conftest import REPO
from tests.index_fixtures import copy_corpus

REPLICA = textwrap.dedent("""
    import json, sys
    from index import ClaimIndex
    from index import generations as gens
    idx = ClaimIndex.open(sys.argv[1])
    print(json.dumps({"generation": idx.manifest.generation}), flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.rstrip("\\n").partition(" ")
        if cmd == "search":
            hits = idx.search(arg, k=3, mode="lexical")
            print(json.dumps({"generation": idx.manifest.generation, "docs": [h.doc_id for h in hits],
                              "texts": [h.text for h in hits]}), flush=True)
        elif cmd == "refresh":  # what a replica does before serving: a newer CURRENT means reopen
            if gens.current_generation(idx.index_dir) != idx._state.name:
                idx = ClaimIndex.open(idx.index_dir)
            print(json.dumps({"generation": idx.manifest.generation}), flush=True)
""")

NEW = ("Sixty-day mortality with intravenous zanubrutinib was 12 of 80 patients (15%) "
       "versus 21 of 79 (27%) with observation.")


class Replica:
    def __init__(self, index_dir):
        self.proc = subprocess.Popen([sys.executable, "-c", REPLICA, str(index_dir)], cwd=REPO, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.first = json.loads(self.proc.stdout.readline())

    def ask(self, line: str) -> dict:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


def test_two_replicas_serve_one_folder_and_both_see_a_new_generation(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    ClaimIndex.build(corpus, tmp_path / "idx", embedder=HashingEmbedder())
    replicas = [Replica(tmp_path / "idx"), Replica(tmp_path / "idx")]
    try:
        assert [r.first["generation"] for r in replicas] == [1, 1]
        assert all("zanubrutinib" not in " ".join(r.ask("search zanubrutinib mortality")["texts"])
                   for r in replicas)
        # another process (here: this one) writes two generations; the replicas' generation 1 is
        # then deleted from disk, and they must keep serving from what they loaded
        writer = ClaimIndex.open(tmp_path / "idx")
        new = tmp_path / "new.txt"
        new.write_text(NEW, encoding="utf-8")
        added = writer.add([new]).added
        other = tmp_path / "other.txt"
        other.write_text("Median follow-up was 26.3 months.", encoding="utf-8")
        writer.add([other])
        assert writer.manifest.generation == 3
        # each replica notices the new generation by itself (a stat of CURRENT), without a restart;
        # its old generation's files are gone from disk by then
        time.sleep(0.5)
        for r in replicas:
            fresh = r.ask("search zanubrutinib mortality")
            assert fresh["docs"][0] == added[0] and fresh["texts"][0] == NEW and fresh["generation"] == 3
    finally:
        for r in replicas:
            r.close()
