"""settings.py: one module and one environment-variable prefix for paths, limits and tunables."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import settings
import answer  # noqa: F401 (loads answer.verify)
from index import default_index_dir
from settings import SETTINGS, Settings, SettingsError

verify_module = sys.modules["answer.verify"]  # answer/__init__ binds the name verify to the function

REPO = Path(__file__).resolve().parent.parent


def test_values_come_from_the_environment_with_the_one_prefix():
    s = Settings.from_env({"EVIDENCE_DESK_VERIFY_SEARCH_K": "12", "EVIDENCE_DESK_DENSE_WEIGHT": "0.6", "OTHER_SEARCH_K": "5"})
    assert (s.verify_search_k, s.dense_weight) == (12, 0.6)
    assert s.max_k == Settings().max_k


def test_a_bad_value_is_a_clear_error():
    with pytest.raises(SettingsError, match="EVIDENCE_DESK_MAX_K='many': expected int"):
        Settings.from_env({"EVIDENCE_DESK_MAX_K": "many"})


def test_modules_read_their_tunables_from_settings():
    assert verify_module.SEARCH_K == SETTINGS.verify_search_k
    out = subprocess.run([sys.executable, "-c", "import sys, answer; print(sys.modules['answer.verify'].SEARCH_K)"], cwd=REPO,
                         capture_output=True, text=True, env={"EVIDENCE_DESK_VERIFY_SEARCH_K": "11", "PATH": "/usr/bin:/bin",
                                                              "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "11", out.stderr[-500:]


def test_paths_are_read_at_each_call(monkeypatch, tmp_path):
    monkeypatch.setenv("EVIDENCE_DESK_INDEX", str(tmp_path / "idx"))
    assert default_index_dir() == tmp_path / "idx"
    monkeypatch.setenv("EVIDENCE_DESK_EVAL_DIR", str(tmp_path))
    assert settings.eval_dir() == tmp_path.resolve()


def test_no_product_module_reads_another_environment_prefix():
    own = []
    for p in [*REPO.glob("*.py"), *(q for d in ("extract", "index", "answer", "webui") for q in (REPO / d).rglob("*.py"))]:
        for name in re.findall(r"environ(?:\.get)?\(\s*[\"']([A-Z_]+)", p.read_text(encoding="utf-8")):
            own.append((p.name, name))
    # HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are the model library's own switches, set, not read
    # PYTHONPATH is passed on to child processes (the read worker, Ray workers), not a setting
    assert [x for x in own if not x[1].startswith("EVIDENCE_DESK_") and x[1] != "PYTHONPATH"] == []
