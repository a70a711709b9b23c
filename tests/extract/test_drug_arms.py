"""A treatment named right after a figure is that figure's arm ("11% with ondansetron"), unless the
words name the population's condition or a measuring instrument. Sentences are real: from the
red-team corpus (FakeHealth news, Evidence Inference abstracts) or trimmed from them."""

import pytest

from extract import extract_text_claims


def _arms(text: str) -> dict[str, tuple[str, str]]:
    """quote -> (arm, comparator) of the text's per-arm figures."""
    return {c.quote: (c.arm, c.comparator) for c in extract_text_claims(text) if c.kind in {"estimate", "count"}}


@pytest.mark.parametrize("text, expected", [
    # news15: the Keytruda figure and the chemotherapy figure must be told apart
    ("After 18 months, 36 percent of Keytruda patients were alive, compared with 20.5 percent of chemotherapy patients.",
     {"36 percent": ("Keytruda patients", "chemotherapy patients"), "20.5 percent": ("chemotherapy patients", "Keytruda patients")}),
    # news04, with "%" for "percent"
    ("Blood disorders occurred in 55% of women on talazoparib and 38% on chemotherapy.",
     {"55%": ("talazoparib", ""), "38%": ("chemotherapy", "")}),
    ("In addition, 32 percent of the women receiving talazoparib had other side effects, compared with "
     "38 percent of those on standard chemotherapy.",
     # "compared with" sets the two arms against each other on one endpoint: each is the other's comparator
     {"32 percent": ("talazoparib", "standard chemotherapy"), "38 percent": ("standard chemotherapy", "talazoparib")}),
    # PMC1713262: a generic name and a combination; a figure two treatments share gets neither
    ("Clinical failure rate on day 14 was equivalent for the three groups (0% for Cotrifazid and mefloquine; 1% for quinine + SP).",
     {"0%": ("", ""), "1%": ("quinine + SP", "")}),
    ("Anaemia at day 28 was 32% (39/123) for Cotrifazid and 34% (42/123) for mefloquine.",
     {"39/123": ("Cotrifazid", ""), "42/123": ("mefloquine", "")}),
    # PMC5836868: -gliptin
    ("Hypoglycaemia was reported in a similar proportion of patients (6.7% with alogliptin and 6.5% with placebo).",
     {"6.7%": ("alogliptin", ""), "6.5%": ("placebo", "")}),
    # news74: a brand name against a therapy
    ("The recurrence rate was 6% with Avastin compared with 42% for laser therapy.",
     {"6%": ("Avastin", "laser therapy"), "42%": ("laser therapy", "Avastin")}),
    # the case the brief names: a months figure per drug
    ("Median survival was 10.3 months with Keytruda versus 7.4 months with chemotherapy.",
     {"10.3 months": ("Keytruda", "chemotherapy"), "7.4 months": ("chemotherapy", "Keytruda")}),
    ("Postoperative nausea occurred in 11% with ondansetron and 21% with placebo.",
     {"11%": ("ondansetron", ""), "21%": ("placebo", "")}),
])
def test_treatment_after_figure_is_its_arm(text, expected):
    got = _arms(text)
    for quote, arm in expected.items():
        assert got[quote] == arm, (quote, got)


@pytest.mark.parametrize("text, quote", [
    # the population's condition, not an arm
    ("Remission occurred in 40% of patients with Crohn's disease.", "40%"),
    ("Mortality was 12% in patients with diabetes.", "12%"),
    # a measuring instrument (news60)
    ("Sensitivity was 95 percent with HPV tests, compared with 65 percent with Pap tests.", "65 percent"),
    # a day, not a drug (news20)
    ("Shares of the company rose 18 percent on Friday after the data were released.", "18 percent"),
    # no treatment word: ordinary words with a drug's ending
    ("The rate was 15% with baseline values above 10.", "15%"),
])
def test_no_arm_from_condition_instrument_or_ordinary_word(text, quote):
    assert _arms(text)[quote][0] == ""
