"""Serving many users: the Streamlit runner setting, and real sessions on a loopback server.

The long run with figures is `.venv/bin/python bench/load_test.py --workloads sessions --seconds 600`.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.reliability_index_checks import PYTHON, build_fast_index


def test_the_app_config_turns_off_the_full_collection_after_each_rerun():
    """The option must exist in this Streamlit (an unknown key would be ignored with a warning)."""
    code = ("from streamlit import config; config.get_config_options(force_reparse=True); "
            "print(config.get_option('runner.postScriptGC'), config.get_option('server.address'))")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "localhost"]
    assert "postScriptGC" not in r.stderr  # no 'unrecognised option' warning


@pytest.mark.slow
def test_real_sessions_on_a_loopback_server_answer_without_errors_and_report_memory(tmp_path):
    index = tmp_path / "index"
    build_fast_index(index).close()
    proc = subprocess.run([PYTHON, "bench/load_test.py", "--seconds", "6", "--workers", "4",
                           "--workloads", "sessions", "--index", str(index), "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert proc.stdout.strip(), f"no report; stderr:\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    (sessions,) = report["results"]
    assert sessions["requests"] >= 4 and sessions["errors"] == 0, sessions["first_errors"]
    assert report["server_errors"] == [] and proc.returncode == 0
    assert 100 < sessions["rss_start_mb"] <= sessions["rss_max_mb"]
