"""Expand a compact gold batch into rows of rct_heldout.jsonl: `python -m tests.gold.tools.expand_heldout`.

Rows of the batch's abstracts are replaced (rerunning is a no-op), other rows are kept as they are.
Offsets point into the texts rebuilt by evaluation.gold.heldout_texts; a quote typed with plain spaces
is resolved to the thin/hair/no-break spaces of the text; a quote must occur exactly once.
"""

from __future__ import annotations

import json
import re

from evaluation.gold import HELDOUT_GOLD, heldout_split, heldout_texts
from tests.gold.tools.rct_heldout_compact_dev2 import G as G2
from tests.gold.tools.rct_heldout_compact_dev3 import G as G3

# every typed batch (rerunning rewrites the same rows)
G = {**G2, **G3}

_SOURCES = {"sf": "scifact", "pq": "pubmedqa"}
_KEYS = ("source", "id", "split", "start", "end", "kind", "quote", "endpoint", "measure", "value", "ci_low", "ci_high",
         "arm", "comparator", "timepoint", "n", "ci_level")


def _find(text: str, quote: str, where: str) -> tuple[int, int]:
    pattern = re.escape(quote).replace(r"\ ", r"[ \u2009\u200a\u202f\u00a0]")
    hits = [m.span() for m in re.finditer(pattern, text)]
    if len(hits) != 1:
        raise SystemExit(f"{where}: quote {quote!r} occurs {len(hits)} times")
    return hits[0]


def rows() -> list[dict]:
    texts = heldout_texts()
    out = []
    for key, items in G.items():
        source, doc_id = _SOURCES[key[:2]], key[3:]
        text, split = texts[(source, doc_id)], heldout_split(source, doc_id)
        for item in items:
            start, end = _find(text, item["quote"], key)
            quote = text[start:end]
            level = 95 if item["kind"] == "estimate" and re.search(r"95\s*(%|percent)", quote) else None
            row = {"source": source, "id": doc_id, "split": split, "start": start, "end": end, **item, "quote": quote, "ci_level": level}
            out.append({k: row[k] for k in _KEYS})
    return out


def main() -> None:
    new = rows()
    ids = {(r["source"], r["id"]) for r in new}
    old = [json.loads(line) for line in HELDOUT_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = [r for r in old if (r["source"], r["id"]) not in ids]
    HELDOUT_GOLD.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept + new), encoding="utf-8")
    print(f"{len(kept)} rows kept, {len(new)} rows from {len(ids)} abstracts written ({sum(r['split'] == 'dev' for r in new)} dev)")


if __name__ == "__main__":
    main()
