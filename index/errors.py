"""Errors raised by the index; each message says what to run to fix the problem."""

from __future__ import annotations

from pathlib import Path


class IndexLoadError(RuntimeError):
    """The index folder is missing, corrupt, or built with other settings; the message names the fix."""


class IndexInputError(ValueError):
    """Bad input from the caller (empty query, k out of range, unknown document id)."""


def rebuild_hint(index_dir: Path | str | None = None) -> str:
    import settings

    # named unless it is the repo's own .index: a folder given by EVIDENCE_DESK_INDEX is named too,
    # so the command works in a shell where that variable is not set
    option = ""
    if index_dir is not None and Path(index_dir).resolve() != (settings.REPO / ".index").resolve():
        option = f" --index {index_dir}"
    return f"Rebuild it with: python -m index build{option}"
