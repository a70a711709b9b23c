"""Numbers as news stories write them: "55 percent" / "55 per cent", grade ranges that are not
counts, and compound number words with "thousand". The sentences marked (news NN) are quoted from
the HealthStory news sample (fakehealth_news_sample, line NN of the jsonl)."""

from extract import extract_text_claims


def _claims(text):
    return extract_text_claims(text)


def _pct(text):
    return [c for c in _claims(text) if c.unit == "%"]


def test_percent_word_reads_both_arms():
    # news 4: "percent" as a word is a percentage like "%", quoted as written
    text = ("Among women receiving talazoparib, 55 percent had blood disorders, mostly anemia, "
            "compared with 38 percent of those receiving standard chemotherapy.")
    got = _pct(text)
    assert [(c.value, c.quote, c.value_text) for c in got] == [
        (55.0, "55 percent", "55 percent"), (38.0, "38 percent", "38 percent")]
    assert all(c.kind == "estimate" and c.measure == "proportion" for c in got)
    assert all(text[c.start:c.end] == c.quote for c in got)


def test_percent_word_same_figures_as_percent_sign():
    text = ("Self-reported rates of abstinence from smoking at six months after enrollment in the randomized "
            "controlled trial were 36 percent in the multiple email group compared with 26.5 percent in the "
            "single email group.")  # news 13
    words = _pct(text)
    signs = _pct(text.replace(" percent", "%"))
    assert [(c.value, c.arm, c.endpoint) for c in words] == [(c.value, c.arm, c.endpoint) for c in signs]
    assert [(c.value, c.arm) for c in words] == [(36.0, "multiple email group"), (26.5, "single email group")]


def test_percent_word_decimal_and_relative_change():
    keytruda = ("Severe side effects were reported in 16.5 percent of the Keytruda patients, compared with "
                "nearly half of the chemotherapy group.")  # news 15
    assert [(c.value, c.quote) for c in _pct(keytruda)][0] == (16.5, "16.5 percent")
    cabo = "The drug reduced by 87 percent the risk of disease progression or death."  # news 66
    (c,) = _pct(cabo)
    assert (c.value, c.quote, c.measure) == (87.0, "87 percent", "percent change")


def test_percent_after_a_count_in_news():
    text = "The disease remained stable in 23 other patients, or 21 percent, and worsened in three."  # news 66
    assert [(c.value, c.quote) for c in _pct(text)] == [(21.0, "21 percent")]


def test_per_cent_and_count_with_percent_in_brackets():
    (c,) = _pct("Of the 40 patients, 12 (30 per cent) responded.")
    assert (c.kind, c.value, c.n, c.value_text, c.quote) == ("count", 30.0, 12, "30 per cent", "12 (30 per cent)")


def test_percent_confidence_level_is_not_a_figure():
    claims = _claims("The hazard ratio was 0.6 (95 percent confidence interval, 0.4 to 0.9).")
    assert [(c.value, c.ci_low, c.ci_high, c.ci_level) for c in claims] == [(0.6, 0.4, 0.9, 95.0)]


def test_percentage_points_and_percentile_are_not_percent():
    text = "Scores rose by 5 percentage points; she was in the 90th percentile. Percent changes were small."
    assert _pct(text) == []


def test_grade_range_upper_end_is_not_a_count():
    # PMC2365957, found by the red team: "grade 2–4 adverse events" gave "4 adverse events"
    for text in ("Grade 2-4 adverse events occurred in 57% of patients.",
                 "FPV/r100-treated patients experienced fewer treatment-related grade 2\u20134 adverse events (15% vs 57%).",
                 "Grade 3 or 4 adverse events were seen in 20 patients.",
                 "Grades 3-5 toxicities occurred in 12% of patients.",
                 "Grade 3/4 side effects were rare."):
        claims = _claims(text)
        assert not [c for c in claims if c.kind == "adverse_event"], text
        assert not [c for c in claims if c.value in (3.0, 4.0, 5.0)], text


def test_adverse_event_counts_still_read_beside_grades():
    claims = [c for c in _claims("There were 34 adverse events and 12 grade 3 adverse events.") if c.kind == "adverse_event"]
    assert [(c.value, c.grade) for c in claims] == [(34.0, ""), (12.0, "grade 3")]


def test_thousands_in_words():
    (c,) = _claims("One thousand two hundred eighty-four patients were enrolled.")
    assert (c.kind, c.value, c.n, c.value_text) == ("sample_size", 1284.0, 1284, "One thousand two hundred eighty-four")
    values = [c.value for c in _claims("Two hundred and twelve patients and one thousand women were enrolled.")]
    assert values == [212.0, 1000.0]


def test_percent_before_a_group_noun_is_not_a_sample_size():
    # news 26 and 54: "34 percent lower in women" was read as 34 women
    for text, value in (
            ("Put another way, the risk of cancer returning in the original or the opposite breast was 34 percent "
             "lower in women on 10 years of letrozole compared with those who stopped after five.", 34.0),
            ("After two months, average pain scores dropped 41 percent for women assigned vitamin D treatment, "
             "while no difference in pain was reported in the placebo group.", 41.0)):
        claims = _claims(text)
        assert not [c for c in claims if c.kind == "sample_size"], text
        assert [c.value for c in claims if c.unit == "%"] == [value], text
