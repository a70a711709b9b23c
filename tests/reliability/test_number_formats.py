"""Issue 16, finding 3: a figure written with a decimal comma, full-width digits or Arabic-Indic
digits and separators is the same number as its ASCII form, in checked sentences and in sources.

The sentences are the gold seed sentences whose verdict does not depend on the format; each is
rewritten in every format and must get the verdict the ASCII sentence gets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from answer import verify
from extract import extract_claims
from extract.normalise import normalise
from extract.readers import read_document
from index import ClaimIndex, HashingEmbedder

GOLD = json.loads((Path(__file__).parents[1] / "gold" / "answer_verify_seeds.json").read_text())
_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?![\d.])")


def decimal_comma(text: str) -> str:
    return _DECIMAL.sub(r"\1,\2", text)


def full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else "\uff0e" if c == "." and i and text[i - 1].isdigit()
                   else "\uff05" if c == "%" else c for i, c in enumerate(text))


def arabic_indic(text: str) -> str:
    out = []
    for i, c in enumerate(text):
        if c.isascii() and c.isdigit():
            out.append(chr(0x0660 + int(c)))
        elif c == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append("\u066b")
        elif c == "%":
            out.append("\u066a")
        else:
            out.append(c)
    return "".join(out)


FORMATS = {"decimal comma": decimal_comma, "full-width": full_width, "arabic-indic": arabic_indic}
DECIMAL_CASES = [c for c in GOLD["cases"] if _DECIMAL.search(c["sentence"])]


@pytest.fixture(scope="module")
def idx(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("formats") / "index", embedder=HashingEmbedder())


def test_formats_keep_the_length_so_offsets_stay_exact():
    for case in GOLD["cases"]:
        for name, rewrite in FORMATS.items():
            text = rewrite(case["sentence"])
            assert len(normalise(text)) == len(text), name


def test_there_are_decimal_cases():
    assert len(DECIMAL_CASES) >= 5


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_checked_sentences_in_other_number_formats_get_the_same_verdict(idx, fmt):
    wrong = []
    for case in DECIMAL_CASES:
        plain = verify(case["sentence"], idx)
        other = verify(FORMATS[fmt](case["sentence"]), idx)
        if other.verdict != plain.verdict:
            wrong.append((FORMATS[fmt](case["sentence"]), plain.verdict, other.verdict))
    assert not wrong, wrong


def test_decimal_comma_lists_references_and_thousands_are_not_decimals():
    for text in ("1,234 patients", "trials1,2 showed", "as shown [1,2]", "groups (3,4)", "doses 1,2,3"):
        assert normalise(text) == text


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sources_in_other_number_formats_give_the_same_claim_values(corpus_dir, tmp_path, fmt):
    src = next(p for p in sorted(Path(corpus_dir).glob("*.txt")) if _DECIMAL.search(p.read_text(encoding="utf-8")))
    plain = read_document(src)
    other_path = tmp_path / src.name
    other_path.write_text(FORMATS[fmt](plain.text), encoding="utf-8")
    other = read_document(other_path)
    values = sorted(c.value for c in extract_claims(plain) if c.value is not None)
    other_claims = extract_claims(other)
    assert sorted(c.value for c in other_claims if c.value is not None) == values
    for c in other_claims:  # offsets point into the text as written
        assert other.text[c.start:c.end] == c.quote
