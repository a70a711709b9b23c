"""Sentence boundaries survive the notations of clinical abstracts."""

from __future__ import annotations

from extract import sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_boundaries_survive_p_values_cis_abbreviations_and_decimals():
    text = ("Mortality fell (P = .03). The HR was 0.79 (95% CI, 0.66 to 0.96) vs. placebo, as Smith et al. found. "
            "Risk was 24\u00b77% in one arm, e.g. in the first. Next sentence here.")
    assert sentences(text) == [
        "Mortality fell (P = .03).",
        "The HR was 0.79 (95% CI, 0.66 to 0.96) vs. placebo, as Smith et al. found.",
        "Risk was 24\u00b77% in one arm, e.g. in the first.",
        "Next sentence here.",
    ]


def test_thin_spaces_and_brackets():
    text = "Survival was 81.6%\u2009(95%\u2009CI 60.8\u201392.0. Interval printed badly). Then a new one."
    got = sentences(text)
    assert got[-1] == "Then a new one."
    assert len(got) == 2


def test_lines_headings_and_quotations():
    text = ("ABSTRACT.RESULTS:\nA total of 40 patients.\n# Abstract ## Results 1171 patients were screened. "
            'The study shows: "The median follow-up was 26.3 months."')
    assert sentences(text) == [
        "ABSTRACT.RESULTS:",
        "A total of 40 patients.",
        "# Abstract",
        "## Results",
        "1171 patients were screened.",
        "The study shows:",
        '"The median follow-up was 26.3 months."',
    ]


def test_offsets_index_the_original_text():
    text = "\u00a0 First one.\u2003Second\u00a0one. "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second\u00a0one."]
    assert sentence_spans("") == [] and sentence_spans("   ") == []


def test_a_subscript_on_its_own_line_inside_brackets_continues_the_sentence():
    # PMC5093191 as distributed: "M_diff" and "p_adj" lost their subscripts to line breaks
    text = ("Compared to the control condition, men in the intervention significantly improved their 6-min walk "
            "distance (M\ndiff\u2009=\u200949.98\u00a0m, p\nadj\u2009=\u20090.001), leg strength (M\ndiff\u2009=\u2009"
            "21.82\u00a0kg, p\nadj\u2009=\u20090.001).\nNo other outcome differed.\n(Table\n2 shows the rest.)")
    assert sentences(text) == [
        text[:text.index(".\nNo") + 1],
        "No other outcome differed.",
        "(Table",  # a digit after the break: a new line, cut as before
        "2 shows the rest.)",
    ]
