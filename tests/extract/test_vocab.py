"""The vocabulary tables (extract/vocab/): each table is read by the packages that need it, so one
edit reaches extraction, question reading, ranking and verification alike.

Every test goes through the code that reads a table, on real wording, so it fails when a reader
keeps its own copy that disagrees with the table.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from answer.figure_context import CONTROL_RE
from answer.intent import classify, measure_of, timepoint_of
from answer.numbers import find_numbers
from answer.verify import _EXCLUSIVE, _months_per
from answer.vocabulary import content_words, endpoint_key, populations_asked, topic_terms
from extract import extract_text_claims
from extract.endpoints import canonical_name
from extract.estimates import measure_before
from extract.metadata import infer_drug
from extract.numbers import parse_number
from extract.vocab import abbreviations, arms, doses, endpoints, grades, measures, numbers, populations, qualifiers
from extract.vocab import time as vocab_time
from extract.vocab import treatments
from index.claim_match import QueryFacets, timepoints_in_months

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- endpoints

def test_endpoint_table_pcr_is_pathological_complete_response_in_every_reader():
    # the extractor, the question reader and ranking all read "pCR" from the one table
    assert canonical_name("pCR") == "pathological complete response"
    assert endpoint_key("What was the pCR rate?") == "pathological complete response"
    assert QueryFacets.of("What was the pCR rate?").mentions("pathological complete response")
    # the polymerase chain reaction is "PCR", in capitals
    assert "polymerase" in content_words("measured by PCR")
    assert "polymerase" not in content_words("the pCR rate")


def test_endpoint_table_rows_are_unique_and_read_by_extraction_and_questions():
    names = [e.name for e in endpoints.ENDPOINTS]
    assert len(names) == len(set(names))
    abbrs = [a for e in endpoints.ENDPOINTS for a in e.abbreviations]
    assert len(abbrs) == len(set(abbrs))
    for e in endpoints.ENDPOINTS:
        if e.canonical and e.long:
            # the canonical name as a source writes it is read back as itself, and as its key
            assert canonical_name(e.name) == e.name, e.name
        if e.reading_key != endpoints.SAMPLE_SIZE_KEY:  # read from a sentence about enrolment, not a name
            assert endpoint_key(e.name) == e.reading_key, e.name
    assert endpoint_key("Patients who survived two years") == "overall survival"
    assert endpoint_key("The 2-year leukemia-free survival") == "leukemia-free survival"


def test_abbreviation_table_keeps_case():
    assert abbreviations.long_form("ALL") == "acute lymphoblastic leukemia"
    assert abbreviations.long_form("all") == ""
    assert abbreviations.long_form("mrd") == "minimal residual disease"
    assert abbreviations.long_form("OS") == "overall survival"
    assert "lymphoblastic" in content_words("Infants with ALL")
    assert "lymphoblastic" not in content_words("all infants")


# ---------------------------------------------------------------- measures

def test_measure_table_read_in_sources_questions_and_ranking():
    text = "The adjusted aHR was 0.71"
    assert measure_before(text, text.index("0.71"), 0) == "hazard ratio"
    assert measure_of("What was the hazard ratio for death?") == "hazard ratio"
    assert measure_of("What was the mean difference in weight?") == "mean difference"
    assert measure_of("What percentage of patients relapsed?") == "proportion"
    assert {"hazard ratio"} <= QueryFacets.of("What was the HR for OS?").measures
    assert "proportion" in QueryFacets.of("What was the response rate?").measures
    assert measures.RATIO_MEASURES == {"hazard ratio", "odds ratio", "risk ratio", "rate ratio"}


# ---------------------------------------------------------------- numbers and time

def test_number_word_table_read_by_every_number_reader():
    assert numbers.word_value("twenty-four") == 24
    assert numbers.word_value("Thirty six") == 36
    assert numbers.word_value("survival") is None
    assert parse_number("Twenty-seven") == 27
    assert [n.canonical for n in find_numbers("seventeen of forty infants")] == ["17", "40"]
    assert timepoint_of("the two-year survival") == "2 year"
    assert timepoints_in_months("at twenty-four months") == {24.0}


def test_time_table_one_conversion_to_months():
    assert vocab_time.months_per("years") == 12
    assert vocab_time.months_per("yr") == 12
    assert abs(vocab_time.months_per("weeks") * 52 - 12) < 0.05
    assert vocab_time.months_per("mmHg") is None
    # verify and ranking use the same conversion: 104 weeks is two years in both
    assert _months_per("weeks") == vocab_time.months_per("week")
    assert timepoints_in_months("104 weeks") == timepoints_in_months("2 years") == {24.0}


# ---------------------------------------------------------------- doses, grades

def test_dose_table_patterns():
    import re

    assert re.fullmatch(doses.DOSE_UNITS, "mg/kg")
    assert re.search(doses.SCHEDULE, "given twice daily for 3 weeks")
    assert re.search(doses.SCHEDULE, "every 3 weeks")
    claims = extract_text_claims("Mean systolic pressure fell by 5.2 mmHg in the treated group.")
    assert any(c.unit.replace(" ", "") == "mmHg" for c in claims)


def test_grade_table_read_by_adverse_event_rule():
    import re

    assert re.fullmatch(grades.GRADE_NUMBER, "IV")
    claims = extract_text_claims("In total, 12 grade 3 or higher adverse events occurred among 40 patients.")
    ae = [c for c in claims if c.kind == "adverse_event"]
    assert ae and ae[0].value == 12 and ae[0].grade.startswith("grade 3")


# ---------------------------------------------------------------- treatments, arms, populations

def test_treatment_table_read_by_metadata_questions_and_arms():
    assert infer_drug("Patients received blinatumomab after induction. Blinatumomab was well tolerated.") == "blinatumomab"
    assert topic_terms("Does dapagliflozin reduce deaths?") == ["dapagliflozin"]
    assert "medicine" in treatments.NOT_DRUGS and "medicine" not in topic_terms("internal medicine ward")
    claims = extract_text_claims("Vomiting occurred in 11% with ondansetron and 30% with placebo.")
    assert any("ondansetron" in (c.arm or "") for c in claims)


def test_arm_table_names_no_study():
    assert "interfant" not in arms.CONTROL.lower()
    assert CONTROL_RE.search("compared with 49.4% in the ABC-06 trial")
    assert CONTROL_RE.search("in the historical controls")
    assert classify("What was survival with placebo?").arm == "control"


def test_population_table_read_by_questions():
    assert populations_asked("How many girls were enrolled?") == ["girls"]
    assert [name for name, _, _ in populations.POPULATIONS][:2] == ["infants", "children"]
    claims = extract_text_claims("A total of 30 infants were enrolled.")
    assert any(c.kind == "sample_size" and c.value == 30 for c in claims)


def test_qualifier_table_read_by_verify():
    assert len(_EXCLUSIVE) == len(qualifiers.EXCLUSIVE)
    systolic, diastolic = _EXCLUSIVE[0]
    assert systolic.search("systolic blood pressure") and not diastolic.search("systolic blood pressure")


# ---------------------------------------------------------------- one edit, four readers

_FOUR_READERS = textwrap.dedent("""
    import json, tempfile
    from pathlib import Path
    from extract import extract_text_claims
    from answer.intent import classify
    from index.claim_match import QueryFacets
    from answer import verify
    from index import ClaimIndex, HashingEmbedder

    claims = extract_text_claims("ADRs were 15% vs 20%.")
    d = Path(tempfile.mkdtemp())
    (d / "a.txt").write_text("Results. Of the 120 patients, adverse events were reported in 18 (15%).\\n")
    idx = ClaimIndex.build(d, d / ".index", embedder=HashingEmbedder())
    print(json.dumps({
        "extraction": claims[0].endpoint if claims else "",
        "question": classify("What proportion of patients had ADRs?").endpoint,
        "ranking": QueryFacets.of("Which ADRs were seen?").mentions("adverse events"),
        "verify": [verify("ADRs were reported in 25% of patients.", idx).verdict,
                   verify("ADRs were reported in 15% of patients.", idx).verdict],
    }))
""")


def _read_with(repo: Path) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", _FOUR_READERS], cwd=repo, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "TOKENIZERS_PARALLELISM": "false"})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_one_endpoint_abbreviation_edit_reaches_extraction_questions_ranking_and_verify(tmp_path):
    """'ADRs' (adverse drug reactions) is added to the adverse-event row of the endpoint table, in a
    copy of the code; nothing else changes. Before, no reader knows it; after, all four do."""
    for part in ("extract", "answer", "index", "settings.py"):
        src = REPO / part
        (shutil.copytree(src, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__")) if src.is_dir()
         else shutil.copy(src, tmp_path / part))
    table = tmp_path / "extract" / "vocab" / "endpoints.py"
    text = table.read_text()
    row = 'abbreviations=("AE", "AEs", "TEAE", "TEAEs")'
    assert text.count(row) == 1
    table.write_text(text.replace(row, 'abbreviations=("AE", "AEs", "TEAE", "TEAEs", "ADR", "ADRs")'))

    before, after = _read_with(REPO), _read_with(tmp_path)
    assert before == {"extraction": "ADRs", "question": "", "ranking": False, "verify": ["not_found", "not_found"]}
    assert after == {"extraction": "adverse events", "question": "adverse events", "ranking": True,
                     "verify": ["contradicted", "supported"]}
