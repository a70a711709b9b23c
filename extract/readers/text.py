"""Plain text in any common encoding: bytes -> str, kept verbatim apart from newlines.

The text of a .txt file is the document text as written (only the BOM is dropped and CRLF/CR become
LF), so offsets published for the file by others (e.g. Evidence Inference spans) stay valid.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..models import Span


class NotText(ValueError):
    """The bytes are not text in any encoding we recognise."""


_BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

# Control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))

_WESTERN = {"cp1252", "latin_1", "iso8859_15", "ascii"}

SAMPLE = 1 << 16


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when mostly-ASCII text shows the zero-byte pattern of UTF-16."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.6 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.6 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def _control_ratio(sample: bytes) -> float:
    return sample.translate(_CONTROL_TABLE).count(0) / max(1, len(sample))


def decode_bytes(data: bytes) -> str:
    """Decode bytes: BOM, UTF-8, BOM-less UTF-16, then cp1252/charset detection. Raises NotText."""
    text = _decode(data)
    sample = text[:SAMPLE]
    if sum(1 for ch in sample if ch in _CONTROL_CHARS) > 0.01 * max(1, len(sample)):
        raise NotText("binary content (control characters), not a text file")
    return text


_CONTROL_CHARS = frozenset(chr(b) for b in _CONTROL) | {"\x7f"}


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as e:
                raise NotText(f"declares {encoding} with a byte-order mark but does not decode as it ({e.reason})") from None
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise NotText("binary content (NUL bytes), not a text file")
        try:
            return normalise_newlines(data.decode(encoding))
        except UnicodeDecodeError:
            raise NotText("binary content (NUL bytes), not a text file") from None
    if _control_ratio(sample) > 0.01:
        raise NotText("binary content (control bytes), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if "\x00" in text:
        raise NotText("binary content (NUL bytes), not a text file")
    return normalise_newlines(text)


def _decode_legacy(data: bytes) -> str:
    results = from_bytes(data[: 4 * SAMPLE])
    best = results.best()
    if best is None:
        raise NotText("cannot detect the text encoding (binary file?)")
    # Detection cannot tell Western code pages apart on short text (Latin-1 text came back as the
    # Baltic cp775); when cp1252 reads it as cleanly as the winner, cp1252 is by far the likelier.
    western = [r for r in results if r.encoding in _WESTERN and r.chaos <= best.chaos + 0.01]
    encoding = "cp1252" if western else best.encoding
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            raise NotText(f"does not decode as the detected encoding {best.encoding}") from None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path) -> str:
    return decode_bytes(path.read_bytes())


# Section headings as PMC-derived plain texts write them ("ABSTRACT.RESULTS:", "BODY.METHODS:") and
# as authors type them on their own line ("RESULTS:", "Methods:").
_HEADING = re.compile(
    r"^(?:(?P<part>ABSTRACT|BODY)\.(?P<name>[^\n:]{1,100})|(?P<plain>[A-Z][A-Za-z ,&/\-]{2,60})):{1,2}[ \t]*$",
    re.M,
)
_KNOWN_PLAIN = re.compile(
    r"^(abstract|background|introduction|objectives?|aims?|purpose|methods?|materials and methods|design|"
    r"setting|participants|patients|interventions?|main outcome measures?|outcomes?|results?|findings|"
    r"conclusions?|interpretation|discussion|trial registration|funding|limitations)$",
    re.I,
)


def text_sections(text: str, limit: int = 2_000_000) -> list[Span]:
    """Section spans from heading lines; a section runs from its heading to the next heading."""
    heads: list[tuple[int, str]] = []
    for m in _HEADING.finditer(text, 0, min(len(text), limit)):
        if m.group("part"):
            label = f"{m.group('part')}.{m.group('name').strip().upper()}"
        elif _KNOWN_PLAIN.match(m.group("plain").strip()):
            label = m.group("plain").strip().upper()
        else:
            continue
        heads.append((m.start(), label))
    spans = []
    for i, (start, label) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append(Span(start=start, end=end, label=label))
    return spans


_TITLE_LINE = re.compile(r"^TITLE:[ \t]*\n+[ \t]*(?P<title>[^\n]+)", re.M)


def labelled_title(text: str) -> str:
    """The title of a PMC-derived text ("TITLE:" then the title on the next line), else ''."""
    m = _TITLE_LINE.match(text)
    return m.group("title").strip() if m else ""
