"""Text that reaches a terminal or a JSON report: printable, one line where it must be.

Documents are untrusted: a title or passage holding ESC [ ... sequences could recolour, move the
cursor or retitle the user's terminal, so human output passes through `printable`. A file name that
is not valid UTF-8 cannot go into JSON or SQLite as it is; `display_path` shows it with escapes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# CSI / OSC / other escape sequences first (so their parameters go too), then any other C0/C1
# control character except tab and newline, and the bidirectional overrides that reorder text.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` without terminal escape sequences and control characters (tab and newline kept)."""
    return _CONTROL.sub("", _ESCAPES.sub("", text))


def is_utf8_name(path: str | Path) -> bool:
    """False for a name with bytes that are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_path(path: str | Path) -> str:
    """The path as valid UTF-8 text: undecodable bytes shown as \\xNN."""
    raw = os.fsencode(os.fspath(path))
    return raw.decode("utf-8", errors="backslashreplace")


# GitHub-flavoured Markdown (remark-gfm, which Streamlit uses) turns "www.x", "https://x" and
# "a@b.c" in plain text into links even after backslash-escaping, because it links the parsed text.
# A word joiner (U+2060, invisible, no width) at the point each pattern needs breaks the link and
# leaves the text as it reads.
_WJ = "\u2060"
_AUTOLINK_POINTS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=[a-z]:)(?=//)|(?<=[\w.+-])(?=@[\w-]+\.)"
                              r"|(?<=mailto)(?=:)|(?<=xmpp)(?=:)")


def no_autolinks(text: str) -> str:
    """`text` as Markdown shows it, but with no auto-linked web address or e-mail address in it."""
    return _AUTOLINK_POINTS.sub(_WJ, text)
