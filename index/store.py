"""Documents, passages and claims in SQLite (stdlib): pydantic JSON per row, nothing pickled.

A passage's integer rowid is also its FAISS id, so a vector hit maps to its row in one lookup.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Iterable, NamedTuple

from pydantic import BaseModel, Field

from extract.models import Claim, Document, Passage

class ClaimFacets(NamedTuple):
    """The claim fields that claim-aware ranking compares with a question."""

    endpoint: str
    endpoint_text: str
    timepoint: str
    arm: str
    measure: str


META_FILE = "meta.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id   TEXT PRIMARY KEY,
    path TEXT NOT NULL DEFAULT '',
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS passages (
    rowid  INTEGER PRIMARY KEY,
    id     TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    text   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, start);
CREATE TABLE IF NOT EXISTS claims (
    id            TEXT NOT NULL,
    doc_id        TEXT NOT NULL REFERENCES documents(id),
    passage_rowid INTEGER,
    start         INTEGER NOT NULL,
    json          TEXT NOT NULL,
    -- the fields claim-aware ranking reads, so search never decodes whole claims
    endpoint      TEXT NOT NULL DEFAULT '',
    endpoint_text TEXT NOT NULL DEFAULT '',
    timepoint     TEXT NOT NULL DEFAULT '',
    arm           TEXT NOT NULL DEFAULT '',
    measure       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id, start);
CREATE INDEX IF NOT EXISTS claims_passage ON claims(passage_rowid);
""" + """
-- where each document came from (one row per document, not per passage)
CREATE TABLE IF NOT EXISTS provenance (
    doc_id    TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    origin    TEXT NOT NULL
);
"""


def schema(prefix: str) -> str:
    """SCHEMA with every table and index in one attached database ('w.', 'temp.')."""
    out = SCHEMA.replace("CREATE TABLE IF NOT EXISTS ", "CREATE TABLE IF NOT EXISTS " + prefix)
    out = out.replace("CREATE INDEX IF NOT EXISTS ", "CREATE INDEX IF NOT EXISTS " + prefix)
    return out.replace("REFERENCES documents(id)", "")


def _uri(path: Path, *, immutable: bool) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path))}" + ("?immutable=1" if immutable else "?mode=rwc")


class Provenance(BaseModel):
    """Where a document came from, shown next to it so a copy can be told from the original."""

    file_name: str = Field(description="The file's name (not its folder).")
    sha256: str = Field(description="sha256 of the file's bytes as read.")
    added_at: str = Field(description="When it was added, ISO 8601 UTC.")
    origin: str = Field(description="'corpus' (shipped corpus/ folder), 'upload' (the app) or 'added' (command line).")


class MetadataStore:
    """Documents, passages and claims of one generation: segment databases, each written once and
    attached read-only, seen through temporary views that leave out tombstoned rows; a write adds
    rows to one new segment (`writing`). A lock makes a shared instance safe across threads.

    Why segments: the one database of before was copied whole into every new generation (most of
    an add's time and memory at 100k passages); a segment is hard-linked instead (segments.py)."""

    def __init__(self, folder: Path, segments: list[str], gone: Iterable[tuple[str, str, str]] = (),
                 *, writing: str | None = None):
        self.folder = Path(folder)
        self.segments = list(segments)
        self.writing = writing
        # (segment, doc_id, scope): scope 'doc' hides the document row only (it was replaced by a
        # newer row elsewhere), 'all' hides the document with its passages, claims and provenance
        self.gone: list[tuple[str, str, str]] = [tuple(g) for g in gone]
        for name in self.segments:
            if not (self.folder / name / META_FILE).is_file():
                raise FileNotFoundError(self.folder / name / META_FILE)
        self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None, uri=True)
        self._lock = threading.RLock()
        self._alias: dict[str, str] = {}
        for i, name in enumerate(self.segments):
            # immutable: the file never changes once published, and it may lie on a read-only mount
            self._conn.execute("ATTACH DATABASE ? AS ?", (_uri(self.folder / name / META_FILE, immutable=True), f"s{i}"))
            self._alias[name] = f"s{i}"
        if writing is not None:
            (self.folder / writing).mkdir(parents=True, exist_ok=True)
            self._conn.execute("ATTACH DATABASE ? AS w", (_uri(self.folder / writing / META_FILE, immutable=False),))
            self._conn.executescript(schema("w."))
            self._alias[writing] = "w"
        self._conn.execute("CREATE TEMP TABLE gone (seg TEXT NOT NULL, doc_id TEXT NOT NULL, scope TEXT NOT NULL)")
        self._conn.execute("CREATE INDEX temp.gone_seg ON gone(seg, doc_id)")
        self._conn.executemany("INSERT INTO temp.gone VALUES (?, ?, ?)", self.gone)
        self._views()

    def _views(self) -> None:
        """documents, passages, claims, provenance: the union of the segments minus tombstones."""
        c = self._conn
        if not self._alias:
            c.executescript(schema("temp."))
            return
        cols = {"documents": "id, path, json", "passages": 'rowid, id, doc_id, start, "end", text',
                "claims": "id, doc_id, passage_rowid, start, json, endpoint, endpoint_text, timepoint, arm, measure",
                "provenance": "doc_id, file_name, sha256, added_at, origin"}
        key = {"documents": "id", "passages": "doc_id", "claims": "doc_id", "provenance": "doc_id"}
        for table, columns in cols.items():
            scope = "" if table == "documents" else " AND scope = 'all'"
            arms = [f"SELECT {columns} FROM {a}.{table} WHERE {key[table]} NOT IN "
                    f"(SELECT doc_id FROM temp.gone WHERE seg = '{name}'{scope})"
                    for name, a in self._alias.items()]
            c.execute(f"CREATE TEMP VIEW {table} AS " + " UNION ALL ".join(arms))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def integrity_ok(self) -> bool:
        with self._lock:
            return all(self._conn.execute(f"PRAGMA {a}.quick_check").fetchone()[0] == "ok"
                       for a in self._alias.values())

    # --- writes (only into the writing segment, inside one transaction) ---

    def transaction(self):
        return _Transaction(self)

    def next_passage_rowid(self) -> int:
        """One past the largest rowid in any segment, tombstoned rows included: a rowid is a FAISS
        id and never names two passages while the old one lies in a segment."""
        with self._lock:
            top = max([self._conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {a}.passages").fetchone()[0]
                       for a in self._alias.values()] or [0])
        return int(top) + 1

    def insert_document(self, doc: Document, passages: list[tuple[int, Passage]],
                        claims: list[tuple[Claim, int | None]]) -> None:
        c = self._conn
        c.execute("INSERT INTO w.documents (id, path, json) VALUES (?, ?, ?)",
                  (doc.id, doc.path, doc.model_dump_json()))
        c.executemany('INSERT INTO w.passages (rowid, id, doc_id, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                      [(rid, p.id, p.doc_id, p.start, p.end, p.text) for rid, p in passages])
        c.executemany("INSERT INTO w.claims (id, doc_id, passage_rowid, start, json, endpoint, endpoint_text, "
                      "timepoint, arm, measure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [(cl.id, cl.doc_id, rid, cl.start, cl.model_dump_json(), cl.endpoint, cl.endpoint_text,
                        cl.timepoint, cl.arm, cl.measure) for cl, rid in claims])

    def insert_provenance(self, doc_id: str, prov: "Provenance") -> None:
        self._conn.execute("INSERT OR REPLACE INTO w.provenance (doc_id, file_name, sha256, added_at, origin) "
                           "VALUES (?, ?, ?, ?, ?)", (doc_id, prov.file_name, prov.sha256, prov.added_at, prov.origin))

    def provenance(self, doc_id: str) -> "Provenance | None":
        rows = self._all("SELECT file_name, sha256, added_at, origin FROM provenance WHERE doc_id = ?", (doc_id,))
        return Provenance(file_name=rows[0][0], sha256=rows[0][1], added_at=rows[0][2], origin=rows[0][3]) \
            if rows else None

    def documents_with_sha256(self, sha256: str) -> list[tuple[str, str]]:
        """(doc_id, file name) of the documents read from a file with these bytes."""
        return [(r[0], r[1]) for r in self._all("SELECT doc_id, file_name FROM provenance WHERE sha256 = ?", (sha256,))]

    def _holding(self, doc_id: str) -> list[str]:
        """The segments (other than the writing one) with any row of this document."""
        out = []
        with self._lock:
            for name, a in self._alias.items():
                if a == "w":
                    continue
                if any(self._conn.execute(f"SELECT 1 FROM {a}.{t} WHERE {k} = ? LIMIT 1", (doc_id,)).fetchone()
                       for t, k in (("documents", "id"), ("passages", "doc_id"), ("provenance", "doc_id"))):
                    out.append(name)
        return out

    def _tombstone(self, seg: str, doc_id: str, scope: str) -> None:
        self.gone.append((seg, doc_id, scope))
        self._conn.execute("INSERT INTO temp.gone VALUES (?, ?, ?)", (seg, doc_id, scope))

    def update_document(self, doc: Document) -> None:
        """Replace a document's metadata (its id and text stay: offsets still point into it): the
        new row goes into the writing segment, the old one is hidden."""
        for seg in self._holding(doc.id):
            self._tombstone(seg, doc.id, "doc")
        self._conn.execute("INSERT OR REPLACE INTO w.documents (id, path, json) VALUES (?, ?, ?)",
                           (doc.id, doc.path, doc.model_dump_json()))

    def delete_document(self, doc_id: str) -> list[int]:
        """Delete a document and its rows; returns the removed passage rowids (= FAISS ids)."""
        c = self._conn
        rowids = [r[0] for r in c.execute("SELECT rowid FROM passages WHERE doc_id = ?", (doc_id,))]
        for seg in self._holding(doc_id):
            self._tombstone(seg, doc_id, "all")
        if self.writing is not None:
            c.execute("DELETE FROM w.claims WHERE doc_id = ?", (doc_id,))
            c.execute("DELETE FROM w.passages WHERE doc_id = ?", (doc_id,))
            c.execute("DELETE FROM w.documents WHERE id = ?", (doc_id,))
            c.execute("DELETE FROM w.provenance WHERE doc_id = ?", (doc_id,))
        return rowids

    def segment_counts(self, name: str) -> dict[str, int]:
        """Live documents and passages of one segment (what the merge policy weighs)."""
        a = self._alias[name]
        out = {}
        for table, key in (("documents", "id"), ("passages", "doc_id")):
            scope = "" if table == "documents" else " AND scope = 'all'"
            out[table] = self._all(f"SELECT COUNT(*) FROM {a}.{table} WHERE {key} NOT IN "
                                   f"(SELECT doc_id FROM temp.gone WHERE seg = ?{scope})", (name,))[0][0]
        return out

    # --- reads ---

    def _all(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def counts(self) -> dict[str, int]:
        return {t: self._all(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("documents", "passages", "claims")}

    def document_ids(self) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM documents ORDER BY id")]

    def documents(self) -> list[Document]:
        return [Document.model_validate_json(r[0]) for r in self._all("SELECT json FROM documents ORDER BY path, id")]

    def document(self, doc_id: str) -> Document | None:
        rows = self._all("SELECT json FROM documents WHERE id = ?", (doc_id,))
        return Document.model_validate_json(rows[0][0]) if rows else None

    def documents_titled(self, title: str, limit: int = 50) -> list[Document]:
        """Documents with this title (case and surrounding space ignored), at most `limit`."""
        rows = self._all("SELECT json FROM documents WHERE lower(trim(json_extract(json, '$.title'))) = lower(trim(?)) "
                         "LIMIT ?", (title, limit))
        return [Document.model_validate_json(r[0]) for r in rows]

    def documents_at_path(self, path: str) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM documents WHERE path = ?", (path,))]

    def document_heads(self, doc_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """doc_id -> (title, path) without decoding whole documents (search needs only these)."""
        ids = list(set(doc_ids))
        out: dict[str, tuple[str, str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for doc_id, title, path in self._all(
                    f"SELECT id, json_extract(json, '$.title'), path FROM documents WHERE id IN ({q})", chunk):
                out[doc_id] = (title or "", path or "")
        return out

    def passage_rowids(self) -> list[int]:
        return [r[0] for r in self._all("SELECT rowid FROM passages ORDER BY rowid")]

    def iter_passage_texts(self, rowids: Iterable[int] | None = None, batch: int = 5000):
        """(rowid, text, document title) of these passages (all when None) in rowid order, in
        batches: the keyword index is built from these."""
        if rowids is not None:
            ids = sorted(set(int(r) for r in rowids))
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                q = ",".join("?" * len(chunk))
                yield from self._all("SELECT p.rowid, p.text, json_extract(d.json, '$.title') FROM passages p "
                                     f"JOIN documents d ON d.id = p.doc_id WHERE p.rowid IN ({q}) ORDER BY p.rowid",
                                     chunk)
            return
        last = 0
        while True:
            rows = self._all("SELECT p.rowid, p.text, json_extract(d.json, '$.title') FROM passages p "
                             "JOIN documents d ON d.id = p.doc_id WHERE p.rowid > ? ORDER BY p.rowid LIMIT ?",
                             (last, batch))
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    @staticmethod
    def _passage(row: tuple) -> Passage:
        return Passage(id=row[1], doc_id=row[2], start=row[3], end=row[4], text=row[5])

    def passages(self, doc_id: str) -> list[Passage]:
        rows = self._all('SELECT rowid, id, doc_id, start, "end", text FROM passages WHERE doc_id = ? ORDER BY start',
                         (doc_id,))
        return [self._passage(r) for r in rows]

    def passages_by_rowid(self, rowids: Iterable[int]) -> dict[int, Passage]:
        ids = list(set(int(r) for r in rowids))
        out: dict[int, Passage] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for r in self._all(f'SELECT rowid, id, doc_id, start, "end", text FROM passages WHERE rowid IN ({q})', chunk):
                out[r[0]] = self._passage(r)
        return out

    def passage_sources(self) -> list[tuple[int, str, str, str]]:
        return self._all('SELECT p.rowid, p.doc_id, d.path, p.text FROM passages p '
                         'JOIN documents d ON d.id = p.doc_id ORDER BY p.rowid')

    def passage_rows_of(self, doc_id: str) -> list[tuple[int, int, int]]:
        return self._all('SELECT rowid, start, "end" FROM passages WHERE doc_id = ? ORDER BY start', (doc_id,))

    def claims(self, doc_id: str | None = None) -> list[Claim]:
        if doc_id is None:
            rows = self._all("SELECT json FROM claims ORDER BY doc_id, start")
        else:
            rows = self._all("SELECT json FROM claims WHERE doc_id = ? ORDER BY start", (doc_id,))
        return [Claim.model_validate_json(r[0]) for r in rows]

    def claim_facets_by_passage(self, rowids: Iterable[int]) -> dict[int, list[ClaimFacets]]:
        """The ranking fields of the claims in these passages (cheap: no JSON decoding)."""
        ids = list(set(int(r) for r in rowids))
        out: dict[int, list[ClaimFacets]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for row in self._all("SELECT passage_rowid, endpoint, endpoint_text, timepoint, arm, measure "
                                 f"FROM claims WHERE passage_rowid IN ({q})", chunk):
                out.setdefault(row[0], []).append(ClaimFacets(*row[1:]))
        return out


class _Transaction:
    def __init__(self, store: MetadataStore):
        self.store = store

    def __enter__(self):
        self.store._lock.acquire()
        self.store._conn.execute("BEGIN IMMEDIATE")
        return self.store

    def __exit__(self, exc_type, exc, tb):
        try:
            self.store._conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store._lock.release()
        return False
