"""Load (issue 8): a short run of bench/load_test.py — real Streamlit sessions over the websocket,
plain HTTP and in-process ask() from 8 workers — must finish with zero errors. The 30-second run
with figures for the README is `.venv/bin/python -m bench.load_test`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.reliability_index_checks import PYTHON, REPO, build_fast_index


@pytest.mark.slow
def test_short_load_run_has_no_errors(tmp_path: Path):
    index = tmp_path / "index"
    build_fast_index(index).close()  # the app and ask() take the embedder the manifest names
    proc = subprocess.run([PYTHON, "-m", "bench.load_test", "--seconds", "5", "--workers", "8",
                           "--workloads", "sessions,http,ask", "--index", str(index), "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.stdout.strip(), f"no report; stderr:\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print("\n" + json.dumps(report["results"], indent=1))
    by_name = {r["workload"]: r for r in report["results"]}
    assert set(by_name) == {"sessions", "http", "ask"}
    for name, r in by_name.items():
        assert r["requests"] > 0, f"{name}: no request completed"
        assert r["errors"] == 0, f"{name}: {r['errors']} errors, e.g. {r['first_errors']}"
    assert by_name["sessions"]["requests"] >= 8, "fewer questions answered than sessions opened"
    assert report["server_errors"] == [], report["server_errors"]
    assert report["total_errors"] == 0 and proc.returncode == 0


def test_load_test_refuses_bad_options():
    proc = subprocess.run([PYTHON, "-m", "bench.load_test", "--seconds", "0"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2 and "must be positive" in proc.stderr
    proc = subprocess.run([PYTHON, "-m", "bench.load_test", "--workloads", "nope"], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "unknown workloads: nope" in proc.stderr
