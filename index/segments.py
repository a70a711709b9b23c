"""Segments: the vectors and the metadata of a run of documents, written once, shared by hard link.

A generation lists its segments (each a folder `seg-<hex>/` holding meta.sqlite and dense.faiss)
and its tombstones in segments.json. A write links the previous generation's segment folders into
its temp folder (no copy: an add at 100k passages used to copy ~150 MB of vectors and the whole
database), writes one new small segment, and records removals as tombstones. The small segments
at the end are merged when they grow comparable to the one before (a log-structured merge, as the
keyword index does), and a segment with many tombstones is rewritten without them, so there are
only ever a few segments and few tombstones. A kill at any point leaves the temp folder
unpublished: the old generation or the new one, never a mix (generations.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .dense import DenseIndex
from .dense_segments import SegmentedDense, merged_dense
from .lexical import _link_tree
from .store import META_FILE, _uri, schema

STATE_NAME = "segments.json"
DENSE_FILE = "dense.faiss"
# merge the newest segment into the one before while that one is at most this many times larger
MERGE_RATIO = 4
# SQLite attaches at most 10 databases per connection: the segments plus the one being written
MAX_SEGMENTS = 8
# rewrite a segment without its tombstoned passages once they are this share of it (or more than
# MAX_DEAD): searches then never filter many ids, and removed text does not linger on disk
DEAD_SHARE = 0.25
MAX_DEAD = 5000


def new_name() -> str:
    return f"seg-{uuid.uuid4().hex[:12]}"


def is_segment_name(name: str) -> bool:
    return bool(re.fullmatch(r"seg-[0-9a-f]{12}", name))


@dataclass
class SegmentState:
    """What segments.json records: segment names with their live sizes, and the tombstones."""

    segments: list[dict] = field(default_factory=list)  # {"name", "passages", "documents"}
    gone: list[tuple[str, str, str]] = field(default_factory=list)  # (segment, doc_id, 'doc' | 'all')
    dead: set[int] = field(default_factory=set)  # tombstoned passage rowids (FAISS ids)

    @property
    def names(self) -> list[str]:
        return [s["name"] for s in self.segments]

    def save(self, folder: Path) -> None:
        data = {"segments": self.segments, "gone": [list(g) for g in self.gone], "dead": sorted(self.dead)}
        (folder / STATE_NAME).write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "SegmentState":
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        segments = [{"name": str(s["name"]), "passages": int(s["passages"]), "documents": int(s["documents"])}
                    for s in data["segments"]]
        for s in segments:
            if not is_segment_name(s["name"]):
                raise ValueError(f"segment name {s['name']!r} is not one this index writes")
        gone = [(str(g[0]), str(g[1]), str(g[2])) for g in data["gone"]]
        return cls(segments, gone, {int(i) for i in data["dead"]})


def link_segments(base: Path, temp: Path, names: list[str]) -> None:
    """Hard-link the previous generation's segment folders into the new one."""
    for name in names:
        _link_tree(base / name, temp / name)


def load_dense(folder: Path, state: SegmentState, dimension: int,
               loaded: dict[str, DenseIndex] | None = None) -> SegmentedDense:
    """The vectors of a generation; segments already loaded by this process (same name = same
    immutable file) are reused rather than read again."""
    loaded = loaded or {}
    parts = [(n, loaded[n] if n in loaded else DenseIndex.load(folder / n / DENSE_FILE)) for n in state.names]
    return SegmentedDense(parts, state.dead, dimension)


def _weight(seg: dict) -> int:
    return seg["passages"] + seg["documents"]


def plan_merges(state: SegmentState) -> list[list[str]]:
    """Runs of segment names to rewrite as one each: the newest merged into the one before while
    that one is at most MERGE_RATIO times larger (or too many segments), and any segment whose
    tombstones have grown past DEAD_SHARE alone."""
    segs = [dict(s) for s in state.segments]
    groups = [[s["name"]] for s in segs]
    while len(segs) >= 2 and (_weight(segs[-2]) <= MERGE_RATIO * _weight(segs[-1]) or len(segs) > MAX_SEGMENTS):
        last = segs.pop()
        segs[-1] = {"name": segs[-1]["name"], "passages": segs[-1]["passages"] + last["passages"],
                    "documents": segs[-1]["documents"] + last["documents"]}
        groups[-2:] = [groups[-2] + groups[-1]]
    return [g for g in groups if len(g) > 1]


def needs_compaction(state: SegmentState, dead_by_segment: dict[str, int]) -> list[str]:
    out = []
    for s in state.segments:
        dead = dead_by_segment.get(s["name"], 0)
        if dead and (dead > MAX_DEAD or dead > DEAD_SHARE * max(s["passages"] + dead, 1)):
            out.append(s["name"])
    return out


def merge(folder: Path, state: SegmentState, names: list[str], dense: SegmentedDense,
          dimension: int) -> tuple[SegmentState, SegmentedDense]:
    """Rewrite the segments `names` (consecutive in state) as one new segment in `folder` without
    their tombstoned rows; returns the new state and vectors (the other segments unchanged)."""
    dest = new_name()
    (folder / dest).mkdir()
    conn = sqlite3.connect(":memory:", uri=True, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS d", (_uri(folder / dest / META_FILE, immutable=False),))
        conn.executescript(schema("d."))
        conn.execute("BEGIN")
        for i, name in enumerate(names):
            conn.execute("ATTACH DATABASE ? AS ?", (_uri(folder / name / META_FILE, immutable=True), f"m{i}"))
        all_gone = {(s, d) for s, d, scope in state.gone if scope == "all"}
        doc_gone = {(s, d) for s, d, _ in state.gone}
        conn.execute("CREATE TEMP TABLE hide (seg TEXT, doc_id TEXT, scope TEXT)")
        conn.executemany("INSERT INTO temp.hide VALUES (?, ?, 'doc')", sorted(doc_gone))
        conn.executemany("INSERT INTO temp.hide VALUES (?, ?, 'all')", sorted(all_gone))
        for i, name in enumerate(names):
            a = f"m{i}"
            for table, key, scope in (("documents", "id", "doc"), ("passages", "doc_id", "all"),
                                      ("claims", "doc_id", "all"), ("provenance", "doc_id", "all")):
                conn.execute(f"INSERT OR REPLACE INTO d.{table} SELECT * FROM {a}.{table} WHERE {key} NOT IN "
                             "(SELECT doc_id FROM temp.hide WHERE seg = ? AND scope = ?)", (name, scope))
        conn.execute("COMMIT")
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM d.{t}").fetchone()[0] for t in ("documents", "passages")}
    finally:
        conn.close()
    parts = [dense.part(n) for n in names]
    merged = merged_dense(parts, dense.dead, dimension)
    merged.save(folder / dest / DENSE_FILE)
    gone_ids = set()
    for p in parts:
        gone_ids |= set(p.ids().tolist()) & dense.dead
    first = state.names.index(names[0])
    segments = state.segments[:first] + [{"name": dest, **counts}] + state.segments[first + len(names):]
    new_state = SegmentState(segments, [g for g in state.gone if g[0] not in names], state.dead - gone_ids)
    new_parts = [(n, d) for n, d in dense.parts if n not in names]
    new_parts.insert(first, (dest, merged))
    return new_state, SegmentedDense(new_parts, new_state.dead, dimension)
