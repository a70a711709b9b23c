"""Plain text in any common encoding."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes


def decode_bytes(data: bytes) -> str:
    """Decode bytes: UTF-8 (with or without BOM) first, then charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot detect the text encoding (binary file?)")
        text = str(best)
    if "\x00" in text:
        raise ValueError("binary content (NUL bytes)")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path) -> str:
    return decode_bytes(path.read_bytes())
