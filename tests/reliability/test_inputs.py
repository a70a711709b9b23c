"""Bad input through the readers: every malformed or hostile file gets a clear refusal or a correct
reading, never a crash (issue 8, "Bad input"). The CLI path is in test_reliability_cli_inputs.py."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest

from extract.models import Document
from extract.readers import UnsupportedFile, read_document
from tests.reliability_inputs import CASES, ODD_FILENAMES, ODD_NUMBERS_TEXT, InputCase, seed_text


def assert_clear_message(message: str, case: InputCase, path: Path) -> None:
    """A refusal a user can act on: one line, names the file, says what is wrong."""
    assert message.strip(), "empty error message"
    assert "\n" not in message.strip(), f"message is not one line: {message!r}"
    assert len(message) < 500, f"message too long to read: {message[:200]!r}..."
    assert path.name in message, f"message does not name the file: {message!r}"
    assert "Traceback" not in message
    if case.reject_words:
        assert any(w.lower() in message.lower() for w in case.reject_words), (
            f"message does not say why ({' / '.join(case.reject_words)}): {message!r}")


def assert_offsets_sound(doc: Document) -> None:
    """Spans the reader produced point inside the text."""
    n = len(doc.text)
    for span in [*doc.boilerplate, *doc.pages, *doc.sections]:
        assert 0 <= span.start <= span.end <= n, f"span {span} outside text of length {n}"
    assert doc.id == Document.make_id(doc.text), "document id is not derived from its text"


def params():
    for case in CASES:
        marks = [pytest.mark.slow] if case.slow else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", params())
def test_reader_refuses_clearly_or_reads_correctly(case: InputCase, tmp_path: Path):
    path = tmp_path / case.filename
    path.write_bytes(case.make())
    try:
        doc = read_document(path)
    except UnsupportedFile as err:
        assert case.expect in ("reject", "either"), f"{case.id} must be read, but was refused: {err}"
        assert_clear_message(str(err), case, path)
        return
    # Any other exception type propagates and fails the test: callers only catch UnsupportedFile.
    assert case.expect in ("ingest", "either"), f"{case.id} must be refused, but was read ({len(doc.text)} chars)"
    assert case.check is not None
    case.check(doc)
    assert_offsets_sound(doc)


@pytest.mark.parametrize("name", ODD_FILENAMES, ids=lambda n: re.sub(r"\W+", "_", n)[:30])
def test_odd_file_names_are_read(name: str, tmp_path: Path):
    path = tmp_path / name
    path.write_text(seed_text(), encoding="utf-8")
    doc = read_document(path)
    assert doc.text == seed_text()
    assert Path(doc.path).name == name
    assert not (tmp_path / "pwned").exists()


def test_traversal_path_reads_the_file_it_names(tmp_path: Path):
    """`a/../b.txt` is read as b.txt (no surprise), and a traversal to a missing file is a clear refusal."""
    (tmp_path / "a").mkdir()
    target = tmp_path / "b.txt"
    target.write_text(seed_text(), encoding="utf-8")
    doc = read_document(tmp_path / "a" / ".." / "b.txt")
    assert doc.text == seed_text()
    missing = tmp_path / "a" / ".." / ".." / "no-such-dir" / "x.txt"
    with pytest.raises(UnsupportedFile) as err:
        read_document(missing)
    assert "x.txt" in str(err.value)


@pytest.mark.parametrize("make", [
    lambda p: p.mkdir(),
    lambda p: None,
    lambda p: p.symlink_to(p.parent / "nowhere.txt"),
], ids=["directory", "missing", "dangling-symlink"])
def test_not_a_file_is_refused(make, tmp_path: Path):
    path = tmp_path / "thing.txt"
    make(path)
    with pytest.raises(UnsupportedFile) as err:
        read_document(path)
    assert "thing.txt" in str(err.value)


@pytest.mark.parametrize("make", [
    lambda p: os.mkfifo(p),
    lambda p: p.symlink_to("/dev/zero"),
    lambda p: p.symlink_to("/dev/urandom"),
    lambda p: (p.parent / "file").write_text("x") or p.symlink_to(p.parent / "file" / "child.txt"),
], ids=["fifo", "dev-zero", "dev-urandom", "under-a-file"])
def test_special_files_are_refused_without_blocking(make, tmp_path: Path):
    """A named pipe or a device behind a .txt name would block or never end if read: refuse it."""
    path = tmp_path / "story.txt"
    make(path)
    with pytest.raises(UnsupportedFile) as err:
        read_document(path)
    assert "story.txt" in str(err.value)


def test_broken_sidecar_is_a_clear_refusal_or_ignored(tmp_path: Path):
    """A malformed NAME.meta.json must not crash ingestion with a raw JSONDecodeError."""
    path = tmp_path / "story.txt"
    path.write_text(seed_text(), encoding="utf-8")
    (tmp_path / "story.meta.json").write_bytes(b"{not json \xff")
    try:
        doc = read_document(path)
    except UnsupportedFile as err:
        assert "meta.json" in str(err) or "story" in str(err)
        return
    assert doc.text == seed_text()


def test_sidecar_with_wrong_types_is_a_clear_refusal_or_ignored(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(seed_text(), encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"kind": "tweet", "title": ["a", "list"], "boilerplate": "x"}')
    try:
        doc = read_document(path)
    except UnsupportedFile as err:
        assert "story" in str(err)
        return
    assert doc.text == seed_text()


# ---- figures written in odd formats: the extractor must keep offsets exact and invent nothing ----

_NUM = re.compile(r"[−-]?\d+(?:[.,·]\d+)*(?:e[+-]?\d+)?", re.I)


def _numbers_in(quote: str) -> list[float]:
    """Every number the quote could be read as stating (decimal dot/comma/middle dot, thin-space thousands)."""
    import unicodedata

    out: list[float] = []
    # "100 × 10⁹" (a threshold in scientific notation) states 1e11
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    for m in re.finditer(r"(\d+(?:[.·]\d+)?)\s*[×x]\s*10(?:\^(-?\d+)|([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+))", quote):
        exp = int(m.group(2) or m.group(3).translate(sup))
        out.append(float(m.group(1).replace("·", ".")) * 10.0 ** exp)
    q = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in quote)
    q = unicodedata.normalize("NFKC", q).replace("\u2212", "-")
    q = re.sub(r"(?<=\d)[\u2009\u202f\u00a0 ](?=\d{3}\b)", "", q)
    for m in _NUM.finditer(q):
        s = m.group().replace("−", "-")
        for candidate in {s.replace("·", ".").replace(",", "."), s.replace("·", ".").replace(",", ""),
                          s.replace(".", "").replace(",", ".")}:
            try:
                out.append(float(candidate))
            except ValueError:
                pass
    # a leading-dot decimal like "HR=.45"
    out += [float("0" + m.group()) for m in re.finditer(r"(?<!\d)\.\d+", q)]
    return out


def _stated(value: float, quote: str) -> bool:
    nums = _numbers_in(quote)
    # arithmetic on stated numbers is allowed: "3 of 30" may carry its proportion, 10%
    m = re.search(r"(\d+)\s*(?:of|/)\s*(\d+)", quote)
    if m and int(m.group(2)):
        nums.append(100 * int(m.group(1)) / int(m.group(2)))
    return any(math.isclose(value, x, rel_tol=1e-6, abs_tol=1e-9) or math.isclose(value, x / 100, rel_tol=1e-6)
               or math.isclose(value, x * 100, rel_tol=1e-6) or math.isclose(value, -x, rel_tol=1e-6) for x in nums)


def _counts_in(quote: str) -> set[int]:
    """Integers the quote states, read exactly (thousands separators allowed)."""
    import unicodedata

    q = unicodedata.normalize("NFKC", "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in quote))
    return {int(re.sub(r"[,\s\u2009\u202f.]", "", m.group())) for m in re.finditer(r"\d+(?:[,\s\u2009\u202f.]\d{3})*", q)}


def claim_problems(text: str, claims) -> list[str]:
    """Offsets that do not give the quote, non-finite numbers, and figures the quote does not state."""
    problems = []
    for c in claims:
        if text[c.start:c.end] != c.quote:
            problems.append(f"offsets do not match quote: {c.quote!r}")
        for name in ("value", "ci_low", "ci_high"):
            v = getattr(c, name)
            if v is None:
                continue
            if not math.isfinite(v):
                problems.append(f"{name}={v} is not a finite number (quote {c.quote!r})")
            elif any(ch.isdigit() for ch in c.quote) and not _stated(v, c.quote):
                problems.append(f"{name}={v} is not a figure stated in {c.quote!r}")
        for name in ("n", "denominator"):
            v = getattr(c, name)
            # counts are read exactly: an integer stated in the quote, never one rounded through a float
            if v is not None and v not in _counts_in(c.quote):
                problems.append(f"{name}={v} is not a count stated in {c.quote!r}")
    return problems


def test_odd_number_formats_keep_offsets_and_invent_nothing():
    from extract import extract_text_claims

    claims = extract_text_claims(ODD_NUMBERS_TEXT, doc_id="odd")
    assert len(claims) >= 10, f"only {len(claims)} figures found in ten sentences of figures"
    problems = claim_problems(ODD_NUMBERS_TEXT, claims)
    assert not problems, "\n".join(problems)


def test_lancet_middle_dot_decimal_is_read_as_a_decimal():
    """'95·2%' is 95.2 percent (The Lancet's style), never 95 or 2."""
    from extract import extract_text_claims

    text = "Two-year event-free survival was 95·2% (95% CI 88·1–98·0) with blinatumomab."
    values = {c.value for c in extract_text_claims(text)}
    assert values & {95.2, 0.952}, f"95·2% not read as 95.2: {values}"
    assert not values & {95.0, 2.0, 88.0, 1.0}, f"a middle-dot decimal was split: {values}"
