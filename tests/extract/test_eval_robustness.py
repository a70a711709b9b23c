"""No crash on any kind of text in ../shared/eval, and every claim quotes its text exactly.

The fast test takes a fixed sample of each evaluation set (news stories included); the slow one
runs every text of every set.
"""

from __future__ import annotations

import json
import tarfile
from itertools import islice
from typing import Iterator

import pytest

from extract import extract_text_claims
from extract.models import Claim
from tests.conftest import require_eval


def _news() -> Iterator[tuple[str, str]]:
    with open(require_eval("fakehealth_news_sample", "healthstory_oncology_trials.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            yield f"news{i}", (row.get("title") or "") + "\n\n" + (row.get("text") or "")


def _evidence_inference() -> Iterator[tuple[str, str]]:
    for folder in ("ev2_test_abstracts", "ev2_test_txt"):
        for p in sorted(require_eval("evidence_inference", folder).iterdir()):
            yield p.name, p.read_text(encoding="utf-8")


def _yun() -> Iterator[tuple[str, str]]:
    for p in sorted(require_eval("rct_numeric_results_yun2024", "markdown").glob("*.md")):
        yield p.name, p.read_text(encoding="utf-8")


def _outcomes() -> Iterator[tuple[str, str]]:
    with tarfile.open(require_eval("evidence_outcomes", "consensus.tar.gz")) as tf:
        for m in tf:
            if m.isfile() and m.name.endswith(".txt"):
                yield m.name, tf.extractfile(m).read().decode("utf-8")


def _jsonl_abstracts(*parts: str) -> Iterator[tuple[str, str]]:
    path = require_eval(*parts)
    rows = (json.loads(line) for line in open(path, encoding="utf-8") if line.strip())  # JSON Lines, whatever the suffix
    for i, row in enumerate(rows):
        yield f"{path.name}:{i}", (row.get("title") or "") + "\n" + " ".join(row.get("abstract") or [])


def _pubmedqa() -> Iterator[tuple[str, str]]:
    data = json.load(open(require_eval("pubmedqa", "ori_pqal.json"), encoding="utf-8"))
    for k, row in data.items():
        yield k, row["QUESTION"] + "\n" + "\n".join(row["CONTEXTS"]) + "\n" + row.get("LONG_ANSWER", "")


SETS = {
    "news": _news,
    "evidence_inference": _evidence_inference,
    "yun2024": _yun,
    "evidence_outcomes": _outcomes,
    "scifact": lambda: _jsonl_abstracts("scifact", "corpus.jsonl"),
    "check_covid": lambda: _jsonl_abstracts("check_covid", "corpus.json"),
    "pubmedqa": _pubmedqa,
}


def _check(name: str, text: str) -> int:
    claims = extract_text_claims(text, doc_id=name)
    for c in claims:
        assert text[c.start:c.end] == c.quote, (name, c)
        assert c.sentence_start is not None and c.sentence_start <= c.start and c.end <= c.sentence_end, (name, c)
        Claim.model_validate(c.model_dump())
    return len(claims)


@pytest.mark.parametrize("set_name", sorted(SETS))
def test_sample_of_each_eval_set(set_name):
    texts = list(islice(SETS[set_name](), 0, 400, 10 if set_name in {"scifact", "pubmedqa", "check_covid", "evidence_outcomes"} else 4))
    assert texts, f"no texts read from {set_name}"
    found = sum(_check(name, text) for name, text in texts)
    if set_name not in {"scifact", "check_covid"}:
        assert found > 0, f"no claims at all in {len(texts)} texts of {set_name}"


@pytest.mark.slow
def test_every_text_of_every_eval_set():
    total = 0
    for set_name, texts in SETS.items():
        for name, text in texts():
            total += _check(f"{set_name}/{name}", text)
    assert total > 10000
