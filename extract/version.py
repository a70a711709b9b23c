"""A fingerprint of the claim rules, so an index built with other rules is noticed and rebuilt.

Claims are stored in the index at ingest time; when the rules change, stored claims go stale
without any error. The index manifest records this fingerprint and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from settings import SETTINGS

_ROOT = Path(__file__).parent
# Modules whose change does not alter a stored claim or a document's metadata: the contract, this
# file, the command line, and the spaCy wrapper and displaCy view (they call the same rules).
# Evaluation lives in evaluation/, outside extract/, so it never enters the fingerprint.
_NOT_RULES = {"models.py", "version.py", "__main__.py", "pipeline.py", "display.py"}


def rule_files() -> list[Path]:
    """Every module of extract/ (readers/ and vocab/ included) whose change alters stored claims or
    metadata, in a stable order."""
    return [p for p in sorted(_ROOT.rglob("*.py"))
            if p.name not in _NOT_RULES and "__pycache__" not in p.parts]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """sha256 (16 hex digits) over the source of the extraction rule modules."""
    h = hashlib.sha256()
    # the limits that change what is read and inferred (settings.py) count like rule source
    h.update(SETTINGS.extraction_values().encode())
    for p in rule_files():
        h.update(p.relative_to(_ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
