"""A fingerprint of the claim rules, so an index built with other rules is noticed and rebuilt.

Claims are stored in the index at ingest time; when the rules change, stored claims go stale
without any error. The index manifest records this fingerprint and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

# Modules that do not change what is extracted: the contract, file readers, evaluation and views.
_NOT_RULES = {"models.py", "version.py", "evaluate.py", "display.py", "__main__.py", "pipeline.py",
              "metadata.py"}


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """sha256 (16 hex digits) over the source of the extraction rule modules."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        if p.name in _NOT_RULES or p.name.startswith("eval_"):
            continue
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
