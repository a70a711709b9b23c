"""Paths, limits and tunables of the evidence desk, in one place, each overridable by an environment
variable with the one prefix EVIDENCE_DESK_ (e.g. EVIDENCE_DESK_EVAL_DIR=/data/eval).

Read once at import; code reads `SETTINGS.<name>`. A value is changed for a test with
`monkeypatch.setattr(settings, "SETTINGS", replace(SETTINGS, name=value))` or with the environment
variable before the process starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "EVIDENCE_DESK_"
REPO = Path(__file__).resolve().parent


def _env(name: str, default: str) -> str:
    return os.environ.get(PREFIX + name, default)


@dataclass(frozen=True)
class Settings:
    # the public evaluation data, read in place and never copied into the repo (../shared/eval)
    eval_dir: Path = field(default_factory=lambda: Path(_env("EVAL_DIR", str(REPO.parent / "shared" / "eval"))).resolve())


SETTINGS = Settings()
