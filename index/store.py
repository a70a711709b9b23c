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
PROVENANCE_SCHEMA = SCHEMA.split("-- where each document")[1].split("\n", 1)[1]


class Provenance(BaseModel):
    """Where a document came from, shown next to it so a copy can be told from the original."""

    file_name: str = Field(description="The file's name (not its folder).")
    sha256: str = Field(description="sha256 of the file's bytes as read.")
    added_at: str = Field(description="When it was added, ISO 8601 UTC.")
    origin: str = Field(description="'corpus' (shipped corpus/ folder), 'upload' (the app) or 'added' (command line).")


class MetadataStore:
    """One SQLite file; a lock makes a shared instance safe across threads (e.g. Streamlit sessions)."""

    def __init__(self, path: Path, *, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise FileNotFoundError(self.path)
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        if create:
            self._conn.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def integrity_ok(self) -> bool:
        with self._lock:
            return self._conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    # --- writes (only ever on a fresh generation's copy, inside one transaction) ---

    def transaction(self):
        return _Transaction(self)

    def next_passage_rowid(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM passages").fetchone()
        return int(row[0]) + 1

    def insert_document(self, doc: Document, passages: list[tuple[int, Passage]],
                        claims: list[tuple[Claim, int | None]]) -> None:
        c = self._conn
        c.execute("INSERT INTO documents (id, path, json) VALUES (?, ?, ?)",
                  (doc.id, doc.path, doc.model_dump_json()))
        c.executemany('INSERT INTO passages (rowid, id, doc_id, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                      [(rid, p.id, p.doc_id, p.start, p.end, p.text) for rid, p in passages])
        c.executemany("INSERT INTO claims (id, doc_id, passage_rowid, start, json, endpoint, endpoint_text, "
                      "timepoint, arm, measure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [(cl.id, cl.doc_id, rid, cl.start, cl.model_dump_json(), cl.endpoint, cl.endpoint_text,
                        cl.timepoint, cl.arm, cl.measure) for cl, rid in claims])

    def ensure_provenance_table(self) -> None:
        """Indexes written before provenance was kept get the table at their next write."""
        with self._lock:
            self._conn.executescript(PROVENANCE_SCHEMA)

    def insert_provenance(self, doc_id: str, prov: "Provenance") -> None:
        self._conn.execute("INSERT OR REPLACE INTO provenance (doc_id, file_name, sha256, added_at, origin) "
                           "VALUES (?, ?, ?, ?, ?)", (doc_id, prov.file_name, prov.sha256, prov.added_at, prov.origin))

    def provenance(self, doc_id: str) -> "Provenance | None":
        try:
            rows = self._all("SELECT file_name, sha256, added_at, origin FROM provenance WHERE doc_id = ?", (doc_id,))
        except sqlite3.OperationalError:  # an index from before provenance was kept
            return None
        return Provenance(file_name=rows[0][0], sha256=rows[0][1], added_at=rows[0][2], origin=rows[0][3]) \
            if rows else None

    def update_document(self, doc: Document) -> None:
        """Replace a document's metadata (its id and text stay: offsets still point into it)."""
        self._conn.execute("UPDATE documents SET json = ? WHERE id = ?", (doc.model_dump_json(), doc.id))

    def delete_document(self, doc_id: str) -> list[int]:
        """Delete a document and its rows; returns the removed passage rowids (= FAISS ids)."""
        c = self._conn
        rowids = [r[0] for r in c.execute("SELECT rowid FROM passages WHERE doc_id = ?", (doc_id,))]
        c.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
        c.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        try:
            c.execute("DELETE FROM provenance WHERE doc_id = ?", (doc_id,))
        except sqlite3.OperationalError:
            pass
        return rowids

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
