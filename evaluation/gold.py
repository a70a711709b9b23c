"""Gold claims for the extraction evaluation, read into the contract's Claim model.

- `ei`: tests/gold/ei_abstracts.jsonl, hand-written gold for Evidence Inference abstracts (one JSON
  object per claim; the abstract is ../shared/eval/evidence_inference/ev2_test_abstracts/<file>).
  Offsets are found from the quote, which must occur exactly once in the abstract.
- `seeds`: tests/gold/seeds_claims.json, the extractor engineer's gold for the shipped corpus.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from settings import SETTINGS

from extract.models import Claim

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = SETTINGS.eval_dir
GOLD_DIR = REPO / "tests" / "gold"
EI_GOLD = GOLD_DIR / "ei_abstracts.jsonl"
EI_ABSTRACTS = EVAL_DIR / "evidence_inference" / "ev2_test_abstracts"
SEEDS_GOLD = GOLD_DIR / "seeds_claims.json"
CORPUS = REPO / "corpus"

# The kinds the hand gold annotates exhaustively; other extracted kinds (doses, thresholds,
# background figures) are outside the gold and are not scored.
EI_KINDS = {"estimate", "count", "sample_size", "follow_up", "adverse_event", "p_value"}

_STR_FIELDS = ("endpoint", "measure", "p_value", "timepoint", "arm", "comparator", "unit", "range_kind", "qualifier", "grade")
_NUM_FIELDS = ("value", "ci_low", "ci_high", "ci_level", "sd", "range_low", "range_high")
_INT_FIELDS = ("n", "denominator")


class GoldError(ValueError):
    """The gold file or the data it points to is missing or malformed; the message says where."""


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    text: str
    claims: list[Claim]


def locate(text: str, quote: str, where: str) -> tuple[int, int]:
    """Offsets of the one occurrence of `quote` in `text`."""
    start = text.find(quote)
    if start < 0:
        raise GoldError(f"{where}: quote {quote!r} is not in the text")
    if text.find(quote, start + 1) >= 0:
        raise GoldError(f"{where}: quote {quote!r} occurs more than once; lengthen it")
    return start, start + len(quote)


def gold_claim(row: dict[str, Any], doc_id: str, text: str, where: str) -> Claim:
    """A gold row (quote plus fields, nulls allowed) as a Claim with offsets into `text`."""
    quote = row.get("quote")
    if not isinstance(quote, str) or not quote:
        raise GoldError(f"{where}: missing quote")
    if "start" in row and "end" in row and text[row["start"]:row["end"]] == quote:
        start, end = int(row["start"]), int(row["end"])
    else:
        start, end = locate(text, quote, where)
    fields: dict[str, Any] = {f: row.get(f) or "" for f in _STR_FIELDS}
    try:
        fields.update({f: None if row.get(f) is None else float(row[f]) for f in _NUM_FIELDS})
        fields.update({f: None if row.get(f) is None else int(row[f]) for f in _INT_FIELDS})
    except (TypeError, ValueError) as exc:
        raise GoldError(f"{where}: a number does not parse ({exc})") from exc
    kind = row.get("kind")
    if not kind:
        raise GoldError(f"{where}: missing kind")
    return Claim(doc_id=doc_id, start=start, end=end, quote=quote, kind=kind, **fields)


def load_ei_gold(path: Path = EI_GOLD, abstracts: Path = EI_ABSTRACTS) -> list[GoldDoc]:
    """The hand gold grouped by abstract, in file order."""
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    if not abstracts.is_dir():
        raise GoldError(f"{abstracts}: Evidence Inference abstracts not found (expected ../shared/eval beside the repo)")
    texts: dict[str, str] = {}
    claims: dict[str, list[Claim]] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON ({exc})") from exc
        name = row.get("file", "")
        if name not in texts:
            f = abstracts / name
            if not name or not f.is_file():
                raise GoldError(f"{where}: abstract {name!r} not found in {abstracts}")
            texts[name] = f.read_text(encoding="utf-8")
            claims[name] = []
        claims[name].append(gold_claim(row, name, texts[name], where))
    return [GoldDoc(name, texts[name], claims[name]) for name in texts]


def _seed_rows(data: Any) -> Iterator[tuple[str, dict]]:
    """(document key, claim row) from the accepted layouts of seeds_claims.json."""
    if isinstance(data, dict) and "claims" in data and isinstance(data["claims"], list):
        data = data["claims"]
    if isinstance(data, list):
        for row in data:
            if isinstance(row, dict):
                yield str(row.get("file") or row.get("path") or row.get("doc") or row.get("doc_id") or ""), row
    elif isinstance(data, dict):
        for key, rows in data.items():
            if isinstance(rows, dict) and "claims" in rows:
                rows = rows["claims"]
            if isinstance(rows, list):
                for row in rows:
                    if isinstance(row, dict):
                        yield str(key), row


def load_seed_gold(path: Path = SEEDS_GOLD, corpus: Path = CORPUS) -> list[GoldDoc]:
    """Seed gold: claims keyed by corpus file name (or path, or doc_id), read against the shipped documents."""
    from extract.readers import read_document

    if not path.is_file():
        raise GoldError(f"{path}: seed gold not found (the extractor engineer writes it)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path.name}: not JSON ({exc})") from exc
    docs = {p.name: read_document(p) for p in sorted(corpus.glob("*.txt"))}
    by_key = {**{d.id: d for d in docs.values()}, **docs, **{Path(n).stem: d for n, d in docs.items()}}
    claims: dict[str, list[Claim]] = {}
    for i, (key, row) in enumerate(_seed_rows(data), 1):
        doc = by_key.get(key) or by_key.get(Path(key).name) or by_key.get(Path(key).stem)
        if doc is None:
            raise GoldError(f"{path.name} claim {i}: document {key!r} is not in {corpus}")
        claims.setdefault(doc.id, []).append(gold_claim(row, doc.id, doc.text, f"{path.name} claim {i}"))
    texts = {d.id: d.text for d in docs.values()}
    return [GoldDoc(doc_id, texts[doc_id], cl) for doc_id, cl in claims.items()]
