"""Figures read from whitespace-aligned tables (pandoc simple and multiline tables).

The snippets are excerpts of trial texts of the Yun 2024 set (../shared/eval/rct_numeric_results_yun2024),
quoted as they stand in the markdown, with a line of prose around them as in the files.
"""

from __future__ import annotations

from extract import extract_claims, extract_text_claims
from extract.models import Document
from extract.normalise import normalise
from extract.tables import find_tables

# PMC115849, Table 1 (abridged): a baseline table with per-arm sizes in a second header row.
BASELINE = """The study enrolled patients at 67 sites. ::::table-wrap
::: caption
Baseline patient characteristics
:::

  **Characteristic**                                                                         **Placebo**     **Etoricoxib 90 mg**   **Naproxen 1000 mg**
  ------------------------------------------------------------------------------------------ --------------- ---------------------- ----------------------
                                                                                             **(N = 357)**   **(N = 353)**          **(N = 181)**
  % women                                                                                   82              81                     82
  Mean age [yrs] (SD)                                                                      52 (12)         53 (12)                52 (12)
  % taking rheumatoid arthritis medications:                                                                                       
   Corticosteroids                                                                           57              54                     59
   Methotrexate                                                                              59              55                     62
  Mean patient global assessment of disease activity (100 mm visual analog scale) ^‡^ (SD)   65 (19)         66 (20)                65 (19)

^‡^ Higher score corresponds to greater disease activity.:::: ## Efficacy The percentage of patients who achieved ACR20 was 40.9% in the placebo group.
"""

# PMC115849, Table 2 (abridged): differences with 95% CIs; some CIs wrap onto a second line.
DIFFERENCES = """::: caption
Mean (95% confidence interval) efficacy differences between treatments
over 12 weeks
:::

                                                                      **Etoricoxib vs placebo**   **Naproxen vs placebo**   **Etoricoxib vs naproxen**
  ------------------------------------------------------------------- --------------------------- ------------------------- ----------------------------
  **Primary endpoints**                                                                                                     
  Patient global assessment of disease activity (100 mmVAS) ‡         -9.93^*^ (-12.96,          -10.0^*^ (-13.7,         0.09 (-3.61, 3.79)
                                                                      -6.90)                      -6.32)                    
  Serum C-reactive protein (ratio between treatments)                 1.11† (1.00, 1.23)          0.99 (0.87, 1.13)         1.12 (0.99, 1.27)

^\\*^p < 0.001 versus placebo
"""

# PMC3508963, Tables 1 and 2 (abridged): 'n (%)' cells, sub-items in a second column, a P column,
# and a last row that pandoc glued to the next paragraph.
GROUPS = """::: caption
Demographic characteristics of patients
:::

                                            **Group I**                   **Group II**    ***P*-value**   
  ----------------------------------------- ----------------------------- --------------- --------------- -------
  Sex                                       Male                          71.7 %          28.3 %          0.559
                                            Female                        75 %            25 %             
  age                                       35.23 ± 12.37                 37.71 ± 11.08   0.104           
  Hydronephrosis                            left kidney                   52 (43.3 %)     52 (43.3 %)     0.684
                                            right kidney                  57 (47.5 %)     53 (44.2 %)      
::: caption
Comparison of the mean value of pain reduction between two groups
:::

                **Group I**   **Group II**   ***P*-value**
  ------------- ------------- -------------- ---------------
  primary VAS   9.65 ± 0.88   9.74 ± 0.63    0.365
  VAS^30^       1.13 ± 1.15   2.23 ± 1.57    0.0001:::: 108 patients (90 %) in group I responded to lidocaine successfully whereas in group II, 84 patients (70 %) responded properly to morphine.
"""

# PMC5498715 (abridged): two 'mean ± SD' figures in one cell.
TWO_IN_A_CELL = """::: caption
Scores after the intervention (control group in parentheses)
:::

  **Variable**                             **Group A**                                   **Group B**
  ---------------------------------------- --------------------------------------------- ---------------------------------------------
  Total Physical activity (Met-min/Week)   361.33±98.11 (477.85±108.91)                  487.33±111.47 (453.57±60.87)
  Sedentary behavior (hour/day)            5.61±2.65 (5.45±2.04)                         5.28±2.34 (5.75±2.34)
"""


def quotes_hold(text: str, claims) -> None:
    for c in claims:
        assert text[c.start:c.end] == c.quote, c


def claim_at(claims, quote: str, arm: str):
    found = [c for c in claims if c.quote == quote and c.arm == arm]
    assert len(found) == 1, [(c.quote, c.arm, c.kind) for c in claims if c.quote == quote]
    return found[0]


def test_finds_the_table_block_and_its_columns():
    tables = find_tables(normalise(BASELINE))
    assert len(tables) == 1
    t = tables[0]
    assert t.caption == "Baseline patient characteristics"
    assert len(t.columns) == 4
    block = BASELINE[t.start:t.end]
    assert block.lstrip().startswith("**Characteristic**") and block.rstrip().endswith("65 (19)")


def test_baseline_cells_are_background_with_sd_and_sizes_per_arm():
    claims = extract_text_claims(BASELINE, "d")
    quotes_hold(BASELINE, claims)
    sizes = {c.arm: c.n for c in claims if c.kind == "sample_size" and c.quote.startswith("N =")}
    assert sizes == {"Placebo": 357, "Etoricoxib 90 mg": 353, "Naproxen 1000 mg": 181}
    age = claim_at(claims, "53 (12)", "Etoricoxib 90 mg")
    assert (age.kind, age.measure, age.value, age.sd) == ("background", "mean", 53, 12)
    assert age.endpoint_text == "Mean age [yrs] (SD)" and age.endpoint == "age [yrs]"
    women = claim_at(claims, "81", "Etoricoxib 90 mg")
    assert (women.measure, women.unit, women.value) == ("proportion", "%", 81)
    # markup is cleaned from the label; the SD stays in the cell's own span
    pga = claim_at(claims, "66 (20)", "Etoricoxib 90 mg")
    assert pga.endpoint_text == "Mean patient global assessment of disease activity (100 mm visual analog scale) (SD)"
    assert pga.sd == 20


def test_rows_under_a_heading_ending_in_a_colon_are_its_sub_items():
    claims = extract_text_claims(BASELINE, "d")
    steroids = claim_at(claims, "54", "Etoricoxib 90 mg")
    assert steroids.endpoint_text == "% taking rheumatoid arthritis medications: Corticosteroids"
    assert "corticosteroids" in steroids.endpoint
    methotrexate = claim_at(claims, "62", "Naproxen 1000 mg")
    assert methotrexate.endpoint_text.endswith(": Methotrexate")


def test_sentence_rules_do_not_read_table_lines_but_still_read_the_prose_around_them():
    claims = extract_text_claims(BASELINE, "d")
    t = find_tables(normalise(BASELINE))[0]
    inside = [c for c in claims if t.start <= c.start < t.end]
    # every claim inside the table is one cell (or the size in a header cell), never a run of cells
    assert inside and all("  " not in c.quote.strip() for c in inside)
    # and each figure is claimed once: by the table reader, not again by a sentence rule
    for text in (BASELINE, GROUPS):
        spans = sorted((c.start, c.end) for c in extract_text_claims(text, "d"))
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), text[:40]
    assert {c.quote for c in claims if c.start >= t.end} >= {"40.9%"}
    # "67 sites" is where the trial ran, not how many people it studied (issue 15: units that are not people)
    assert not any(c.kind == "sample_size" and c.quote.endswith("sites") for c in claims)


def test_results_table_gives_estimates_with_ci_and_keeps_a_wrapped_ci_out_of_the_quote():
    claims = extract_text_claims(DIFFERENCES, "d")
    quotes_hold(DIFFERENCES, claims)
    crp = claim_at(claims, "0.99 (0.87, 1.13)", "Naproxen vs placebo")
    assert (crp.kind, crp.value, crp.ci_low, crp.ci_high, crp.ci_level) == ("estimate", 0.99, 0.87, 1.13, 95.0)
    assert crp.endpoint_text == "Serum C-reactive protein (ratio between treatments)"
    wrapped = claim_at(claims, "-9.93^*^ (-12.96,", "Etoricoxib vs placebo")
    assert wrapped.value == -9.93 and wrapped.ci_low is None  # the upper bound is on the next line
    # the continuation line '-6.90)' is not a figure of its own
    assert not any(c.quote.startswith("-6.90") for c in claims)
    assert not any(c.kind == "background" for c in claims)


def test_counts_with_percentages_groups_p_values_and_a_glued_paragraph():
    claims = extract_text_claims(GROUPS, "d")
    quotes_hold(GROUPS, claims)
    right = claim_at(claims, "53 (44.2 %)", "Group II")
    assert (right.kind, right.n, right.value, right.unit) == ("background", 53, 44.2, "%")
    assert right.endpoint_text == "Hydronephrosis: right kidney"
    female = claim_at(claims, "25 %", "Group II")
    assert female.endpoint_text == "Sex: Female"
    # a row whose label spans two columns still gives each figure its own arm
    assert claim_at(claims, "35.23 ± 12.37", "Group I").sd == 12.37
    assert claim_at(claims, "37.71 ± 11.08", "Group II").value == 37.71
    p = [c for c in claims if c.kind == "p_value" and c.quote == "0.684"]
    assert len(p) == 1 and p[0].endpoint_text == "Hydronephrosis: left kidney"
    # a results table (no baseline word in its caption) gives estimates
    vas = claim_at(claims, "2.23 ± 1.57", "Group II")
    assert (vas.kind, vas.measure, vas.value, vas.sd) == ("estimate", "mean", 2.23, 1.57)
    # the prose glued after the last row is read by the sentence rules
    after = [c for c in claims if c.quote.startswith("108 patients")]
    assert after and after[0].n == 108 and after[0].value == 90


def test_a_cell_with_two_figures_gives_two_claims_on_their_own_spans():
    claims = extract_text_claims(TWO_IN_A_CELL, "d")
    quotes_hold(TWO_IN_A_CELL, claims)
    b = [c for c in claims if c.arm == "Group B" and c.endpoint_text.startswith("Total Physical")]
    assert [(c.quote, c.value, c.sd) for c in b] == [("487.33±111.47", 487.33, 111.47), ("453.57±60.87", 453.57, 60.87)]


def test_document_claims_hold_their_quotes_and_prose_dashes_are_no_table():
    text = BASELINE + "\nA line of dashes ---------- is not a rule.\n\n" + GROUPS
    doc = Document(id=Document.make_id(text), text=text, kind="journal")
    claims = extract_claims(doc)
    quotes_hold(text, claims)
    assert len(find_tables(normalise(text))) == 3
    assert all(c.doc_id == doc.id and c.id for c in claims)
