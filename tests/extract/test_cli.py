"""`python -m extract FILE...` per the command-line contract."""

from __future__ import annotations

import json
import subprocess
import sys

from extract.models import Claim


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_json_lines_one_claim_per_line_for_each_file(repo, corpus_dir, shipped_docs):
    files = sorted(corpus_dir.glob("*.txt"))
    r = run(*files, cwd=repo)
    assert r.returncode == 0, r.stderr
    claims = [Claim.model_validate(json.loads(line)) for line in r.stdout.splitlines()]
    texts = {d.id: d.text for d in shipped_docs}
    assert {c.doc_id for c in claims} == set(texts)
    for c in claims:
        assert texts[c.doc_id][c.start:c.end] == c.quote
    first = json.loads(r.stdout.splitlines()[0])
    assert set(Claim.model_fields) <= set(first)  # all Claim fields on every line
    assert any(c.quote.startswith("81.6% in our study") and c.ci_low == 60.8 for c in claims)


def test_unsupported_file_is_reported_and_the_rest_still_processed(repo, corpus_dir, tmp_path):
    bad = tmp_path / "scan.xyz"
    bad.write_bytes(b"\x00\x01binary")
    missing = tmp_path / "missing.txt"
    good = sorted(corpus_dir.glob("*.txt"))[0]
    r = run(bad, missing, good, cwd=repo)
    assert r.returncode == 1
    err = r.stderr.strip().splitlines()
    assert len(err) == 2 and "scan.xyz" in err[0] and "missing.txt" in err[1]
    assert "Traceback" not in r.stderr
    assert len(r.stdout.splitlines()) > 5


def test_no_arguments_is_a_usage_error(repo):
    r = run(cwd=repo)
    assert r.returncode == 2 and "FILE" in r.stderr
