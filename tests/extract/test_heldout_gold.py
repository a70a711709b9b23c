"""The held-out RCT gold is well formed: every quote is at its offsets in the rebuilt abstract, the
split is the hash split, and the splits are big enough to mean something."""

from __future__ import annotations

import json

from evaluation.gold import HELDOUT_GOLD, heldout_split, load_heldout_gold
from tests.conftest import require_eval


def test_heldout_gold_quotes_and_splits():
    require_eval("scifact", "corpus.jsonl")
    require_eval("pubmedqa", "ori_pqal.json")
    dev, test = load_heldout_gold("dev"), load_heldout_gold("test")
    for docs in (dev, test):
        for d in docs:
            for c in d.claims:
                assert d.text[c.start:c.end] == c.quote
                if c.kind == "estimate":
                    # the bounds are written inside the quote (middle dots and spaces aside)
                    assert c.ci_low is not None or c.ci_high is not None
    assert len(dev) + len(test) >= 40 and len(test) >= 15
    estimates = sum(c.kind == "estimate" for d in dev + test for c in d.claims)
    assert estimates >= 120
    assert not {d.doc_id for d in dev} & {d.doc_id for d in test}


def test_heldout_split_is_the_hash_of_the_id():
    rows = [json.loads(line) for line in HELDOUT_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert all(heldout_split(r["source"], r["id"]) == r["split"] for r in rows)
