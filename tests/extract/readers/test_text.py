"""Plain text: encodings, verbatim text, boilerplate in the shipped news, sections of PMC-derived texts,
and walking files and folders."""

from __future__ import annotations

import json

import pytest

from extract.readers import UnsupportedFile, iter_supported_files, read_document
from extract.readers.text import decode_bytes, NotText

SEED_TEXT = "Two-year disease-free survival was 81.6% (95% CI, 60.8 to 92.0) in “our study” – 30 infants, 5×10−4.\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32", b""),
])
def test_unicode_encodings_decode_to_the_same_text(encoding, prefix):
    assert decode_bytes(prefix + SEED_TEXT.encode(encoding)) == SEED_TEXT


def test_windows_and_latin1_text_decode_exactly():
    cp1252 = "Dr. Müller said: “the naïve cohort did well” – 81.6% survival, € 2 million.\n" * 3
    assert decode_bytes(cp1252.encode("cp1252")) == cp1252
    latin1 = "Hôpital Necker, São Paulo: 15 µg ± 2; fever 38.5 °C in ½ of cases.\n" * 3
    assert decode_bytes(latin1.encode("latin-1")) == latin1


def test_newlines_are_normalised_and_nothing_else_changes():
    raw = "Title\r\n\r\nLine one  with  spaces\rLine two\u00a0nbsp\n"
    assert decode_bytes(raw.encode()) == "Title\n\nLine one  with  spaces\nLine two\u00a0nbsp\n"


@pytest.mark.parametrize("data", [b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 20, bytes(range(256)) * 40,
                                  b"PK\x03\x04" + b"\x00\x14\x00\x08" * 200])
def test_binary_is_not_text(data):
    with pytest.raises(NotText, match="binary|encoding"):
        decode_bytes(data)


def test_empty_and_unsupported_files_get_one_line_reasons(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\r\n\t ")
    image = tmp_path / "figure.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    for path, words in ((empty, "empty"), (blank, "empty"), (image, "unsupported file type '.png'"),
                        (tmp_path / "missing.txt", "not a file")):
        with pytest.raises(UnsupportedFile) as err:
            read_document(path)
        message = str(err.value)
        assert words in message and path.name in message and "\n" not in message


def test_shipped_corpus_reads_as_shipped(corpus_dir):
    """Text verbatim, sidecar metadata wins, and exactly the page furniture is marked."""
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = read_document(path)
        meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
        assert doc.text == path.read_text(encoding="utf-8")
        for key, value in meta.items():
            assert getattr(doc, key) == value, key
        marked = [(doc.text[b.start:b.end], b.label) for b in doc.boilerplate]
        if path.name.startswith("daily-pharmacy-news"):
            assert marked == [("Daily Pharmacy News", "masthead"),
                              ("Get your free subscription started now. Just enter your email address below.",
                               "subscription")]
        else:
            assert [label for _, label in marked] == ["disclaimer", "note"]
            assert marked[0][0].startswith("Disclaimer: This website is primarily for healthcare professionals.")
            assert marked[0][0].endswith("For more details, read our Full Disclaimer here.")
            assert marked[1][0].startswith("NOTE: Join us in combating medical misinformation.")
        # Nothing that states a figure is marked.
        for b in doc.boilerplate:
            assert "%" not in doc.text[b.start:b.end]


def test_news_furniture_is_marked_but_reporting_is_not(tmp_path):
    story = "\n\n".join([
        "Drug X cuts relapse by 30%",
        "By Steven Reinberg",
        "HealthDay Reporter",
        "Advertisement",
        "The trial enrolled 400 patients, and 81.6% were alive at two years, researchers said.",
        "FILE PHOTO - A hospital building is shown in Irvine, California, U.S., January 24, 2017.",
        "More information",
        "Write to Jane Doe at jane.doe@example.com",
        "Share on Twitter",
        "Reporting by Jane Doe; Editing by John Roe",
    ])
    path = tmp_path / "story.txt"
    path.write_text(story, encoding="utf-8")
    doc = read_document(path)
    labels = {doc.text[b.start:b.end]: b.label for b in doc.boilerplate}
    assert labels["By Steven Reinberg"] == "byline"
    assert labels["Advertisement"] in ("advertisement", "masthead")
    assert labels["Share on Twitter"] == "share"
    assert "Write to Jane Doe at jane.doe@example.com" in labels
    assert "Reporting by Jane Doe; Editing by John Roe" in labels
    for citable in ("Drug X cuts relapse by 30%", "The trial enrolled 400 patients"):
        i = doc.text.index(citable)
        assert doc.is_citable(i, i + len(citable))
    assert doc.title == "Drug X cuts relapse by 30%"


def test_pmc_plain_text_sections_and_title(tmp_path):
    text = ("TITLE: \nEffects of lornoxicam on the physiology of severe sepsis\n\n\n\n"
            "ABSTRACT.METHODS:\nA total of 40 patients were randomly assigned.\n\n"
            "ABSTRACT.RESULTS::\nMortality was 35% vs 40% (P > 0.05).\n\n"
            "BODY.STATISTICAL ANALYSIS:\nWe used t-tests.\n")
    path = tmp_path / "PMC1.abst"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == text
    assert doc.title == "Effects of lornoxicam on the physiology of severe sepsis"
    assert doc.kind == "journal"
    assert [s.label for s in doc.sections] == ["ABSTRACT.METHODS", "ABSTRACT.RESULTS", "BODY.STATISTICAL ANALYSIS"]
    results = doc.sections[1]
    assert doc.text[results.start:results.end] == "ABSTRACT.RESULTS::\nMortality was 35% vs 40% (P > 0.05)."


def test_sidecar_overrides_and_bad_sidecar_is_reported(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Researchers said 81.6% of 30 infants with acute lymphoblastic leukemia (ALL) survived "
                    "on blinatumomab, as published in The Lancet.", encoding="utf-8")
    inferred = read_document(path)
    assert inferred.cites == "The Lancet" and inferred.drug == "blinatumomab"
    path.with_name("story.meta.json").write_text(json.dumps({"cites": "New England Journal of Medicine",
                                                            "title": "Given"}), encoding="utf-8")
    doc = read_document(path)
    assert (doc.cites, doc.title, doc.drug) == ("New England Journal of Medicine", "Given", "blinatumomab")
    path.with_name("story.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UnsupportedFile, match="story.meta.json is not valid JSON"):
        read_document(path)


def test_iter_supported_files_walks_folders_and_explains_skips(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("x")
    (tmp_path / "news" / "a.meta.json").write_text("{}")
    (tmp_path / "news" / "b.html").write_text("<p>x</p>")
    (tmp_path / "news" / "c.docx").write_bytes(b"PK")
    (tmp_path / "news" / ".hidden.txt").write_text("x")
    (tmp_path / "news" / ".git").mkdir()
    (tmp_path / "news" / ".git" / "config.txt").write_text("x")
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.4")
    got = list(iter_supported_files([tmp_path / "news", tmp_path / "paper.pdf", tmp_path / "nope.txt"]))
    names = [(p.name, err) for p, err in got]
    assert names[:2] == [("a.txt", None), ("b.html", None)]
    assert names[2][0] == "c.docx" and "unsupported file type '.docx'" in names[2][1]
    assert names[3] == ("paper.pdf", None)
    assert names[4][0] == "nope.txt" and "no such file" in names[4][1]
    assert len(names) == 5
