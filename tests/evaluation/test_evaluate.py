"""The extraction evaluation: gold well-formed, matching and metric arithmetic, the CLI, and the
issue's targets on real abstracts (the last test fails until the extractor reaches them)."""

from __future__ import annotations

import json
import re

import pytest

from evaluation import extraction as evaluate
from evaluation import gold as eval_gold
from evaluation.compare import measures_equal, names_equal, numbers_equal, p_values_equal, parse_p_value, timepoints_equal
from evaluation.gold import EI_GOLD, EI_KINDS, GoldError, load_ei_gold, load_seed_gold
from evaluation.match import FIELDS, SEED_FIELDS, ScoredDoc, evaluate_documents, match_claims
from evaluation.yun import evaluate_yun, load_yun, stated
from extract.models import Claim
from extract.normalise import normalise
from tests.conftest import require_eval

GOLD_KEYS = {"file", "kind", "quote", "endpoint", "measure", "value", "ci_low", "ci_high", "ci_level", "p_value",
             "timepoint", "arm", "comparator", "n", "denominator", "sd"}


@pytest.fixture(scope="module")
def ei_gold():
    require_eval("evidence_inference", "ev2_test_abstracts")
    return {g.doc_id: g for g in load_ei_gold()}


def numbers_in(text: str) -> set[float]:
    return {abs(float(x.replace(",", ""))) for x in re.findall(r"\d[\d,]*(?:\.\d+)?|\.\d+", normalise(text))}


def claim_at(text: str, quote: str, **fields) -> Claim:
    """An extracted-looking claim on the one occurrence of `quote` in a real abstract (a space in
    `quote` stands for any run of spaces, thin or not)."""
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split(" ")), text)
    assert m, quote
    return Claim(doc_id="t", start=m.start(), end=m.end(), quote=m.group(0), **fields)


# ---- the gold file --------------------------------------------------------------------------

def test_gold_rows_have_every_field_and_known_kinds():
    rows = [json.loads(line) for line in EI_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["file"] for r in rows}) >= 24
    for r in rows:
        assert set(r) == GOLD_KEYS, r
        assert r["kind"] in EI_KINDS, r
        assert (r["ci_low"] is None) == (r["ci_high"] is None), r


def test_gold_quotes_are_unique_substrings_and_figures_are_in_them(ei_gold):
    n_ci = 0
    for g in ei_gold.values():
        for c in g.claims:
            assert g.text[c.start:c.end] == c.quote
            assert g.text.count(c.quote) == 1, c.quote
            written = numbers_in(c.quote)
            for attr in ("ci_low", "ci_high", "sd"):
                v = getattr(c, attr)
                assert v is None or abs(v) in written, (g.doc_id, attr, v, c.quote)
            # a denominator may be stated earlier in the sentence ("Of the 232 enrolled, 208 (89.7%)")
            assert c.denominator is None or c.denominator in numbers_in(g.text[max(0, c.start - 120):c.end]), c.quote
            if c.value is not None and any(ch.isdigit() for ch in c.quote) and c.kind != "sample_size":
                assert abs(c.value) in written, (g.doc_id, c.value, c.quote)
            n_ci += c.ci_low is not None
    assert n_ci >= 50  # the abstracts were chosen for their estimates with CIs


def test_a_bad_gold_row_is_refused_with_its_line(tmp_path):
    require_eval("evidence_inference", "ev2_test_abstracts")
    bad = tmp_path / "g.jsonl"
    bad.write_text(json.dumps({"file": "PMC4771973.abst", "kind": "estimate", "quote": "0.999 (95% CI"}) + "\n")
    with pytest.raises(GoldError, match=r"g.jsonl:1: quote .* is not in the text"):
        load_ei_gold(bad)
    bad.write_text(json.dumps({"file": "PMC4771973.abst", "kind": "estimate", "quote": "p<0.001"}) + "\n")
    with pytest.raises(GoldError, match="more than once"):
        load_ei_gold(bad)


# ---- field comparison ---------------------------------------------------------------------

def test_field_comparisons():
    assert numbers_equal(0.79, 0.79) and numbers_equal(0.8, 0.80) and not numbers_equal(0.79, 0.8)
    assert numbers_equal(None, None) and not numbers_equal(None, 0.0)
    assert parse_p_value("p\nadj\u2009=\u20090.001") == ("=", 0.001)
    assert p_values_equal("P = .007", "p=0.007") and p_values_equal("p<0.001", "P < 0.001")
    assert not p_values_equal("p<0.001", "p=0.001")
    assert names_equal("hba1c", "mean HbA1c change") and names_equal("30-day page views", "30\u2010day page views")
    assert names_equal("overall survival", "Survival")
    assert names_equal("mace|major adverse cardiovascular events", "rate of major adverse cardiovascular events")
    assert not names_equal("mace|major adverse cardiovascular events", "adverse events")
    assert not names_equal("hba1c", "weight") and not names_equal("sf-36 mental component", "sf-36 physical component")
    assert measures_equal("mean difference", "difference") and measures_equal("risk ratio", "Relative risk")
    assert not measures_equal("risk ratio", "risk difference") and not measures_equal("mean", "difference")
    assert timepoints_equal("6 months", "six-month") and timepoints_equal("12 months", "at 12 months")
    assert not timepoints_equal("6 months", "12 months")


# ---- matching and metrics on hand-made claims over a real abstract --------------------------

def test_matching_and_metric_arithmetic(ei_gold):
    g = ei_gold["PMC4771973.abst"]
    text = g.text
    extracted = [
        # right figure, right CI, right endpoint
        claim_at(text, "0.012 mm (95% CI −0.003 to 0.026)", kind="estimate", value=0.012, ci_low=-0.003,
                 ci_high=0.026, endpoint="change in the mean carotid IMT", p_value="p=0.11"),
        # right value, wrong CI bound, wrong endpoint
        claim_at(text, "−0.42% (95% CI −0.62% to −0.23%)", kind="estimate", value=-0.42, ci_low=-0.62,
                 ci_high=-0.32, endpoint="weight"),
        # a sample size, right
        claim_at(text, "412 participants", kind="sample_size", n=412),
        # spurious: an eligibility threshold reported as an estimate
        claim_at(text, "≥7.5%", kind="estimate", value=7.5),
        # outside the scored kinds: ignored
        claim_at(text, "1 g twice daily", kind="dose", value=1),
    ]
    pairs, lone_gold, lone_pred = match_claims(g.claims, extracted[:4])
    assert sorted(p[1].start for p in pairs) == sorted(e.start for e in extracted[:3])
    assert [e.quote for e in lone_pred] == ["≥7.5%"]
    assert len(lone_gold) == len(g.claims) - 3

    ev = evaluate_documents([ScoredDoc(g.doc_id, text, g.claims, extracted)], kinds_scored=EI_KINDS)
    gold_ci = sum(c.ci_low is not None for c in g.claims)
    vci = ev.fields["value+CI"]
    assert (vci.gold, vci.pred, vci.tp) == (gold_ci, 2, 1)
    assert vci.precision == 0.5 and vci.recall == pytest.approx(1 / gold_ci)
    assert vci.f1 == pytest.approx(2 * 0.5 * (1 / gold_ci) / (0.5 + 1 / gold_ci))
    val = ev.fields["value"]
    assert (val.pred, val.tp) == (3, 2)  # 0.012 and -0.42 right, 7.5 spurious (the sample size has no value)
    ep = ev.fields["endpoint"]
    assert (ep.pred, ep.tp, ep.matched) == (2, 1, 2) and ep.accuracy == 0.5
    assert ev.fields["p_value"].tp == 1
    ss = ev.fields["sample size"]
    assert (ss.gold, ss.pred, ss.tp) == (1, 1, 1)
    assert ev.kinds["estimate"].pred == 3 and ev.kinds["estimate"].tp == 2
    per_kind = ev.kind_fields["estimate"]["value+CI"]
    assert (per_kind.gold, per_kind.pred, per_kind.tp) == (gold_ci, 2, 1)
    assert ev.kind_fields["count"]["value"].pred == 0 and ev.kind_fields["sample_size"]["sample size"].tp == 1
    assert "dose" not in ev.kinds
    assert not ev.bad_spans
    fields_missed = {m.field for m in ev.mismatches}
    assert {"value+CI", "endpoint", "missed", "spurious"} <= fields_missed


def test_a_claim_whose_quote_is_not_its_span_is_reported(ei_gold):
    g = ei_gold["PMC5818014.abst"]
    c = claim_at(g.text, "0.77", kind="estimate", value=0.77).model_copy(update={"quote": "0.78"})
    ev = evaluate_documents([ScoredDoc(g.doc_id, g.text, g.claims, [c])])
    assert len(ev.bad_spans) == 1


def test_perfect_extractor_scores_one_through_the_cli(monkeypatch, capsys):
    """The CLI end to end with a stand-in extractor that returns the gold itself."""
    require_eval("evidence_inference", "ev2_test_abstracts")
    gold = {g.doc_id: g.claims for g in load_ei_gold()}
    echo = lambda text, doc_id="": gold[doc_id]  # noqa: E731
    monkeypatch.setattr(evaluate, "_extractors", lambda: (None, echo))
    assert evaluate.main(["--set", "ei", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["ei"]
    assert out["documents"] >= 24
    assert all(t["met"] for t in out["targets"])
    assert out["fields"]["value+CI"]["precision"] == 1.0 and out["fields"]["endpoint"]["recall"] == 1.0
    assert evaluate.main(["--set", "ei", "--show-errors"]) == 0
    table = capsys.readouterr().out
    assert "value+CI" in table and "NOT MET" not in table and "mismatches" in table


def test_cli_says_what_is_missing(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(eval_gold, "EI_GOLD", tmp_path / "none.jsonl")
    monkeypatch.setattr(evaluate, "load_ei_gold", lambda: load_ei_gold(tmp_path / "none.jsonl"))
    monkeypatch.setattr(evaluate, "_extractors", lambda: (None, lambda text, doc_id="": []))
    assert evaluate.main(["--set", "ei"]) == 2
    assert "gold file not found" in capsys.readouterr().err


def test_extractor_crash_is_reported_not_fatal(monkeypatch, capsys):
    require_eval("evidence_inference", "ev2_test_abstracts")

    def broken(text, doc_id=""):
        raise ValueError("boom")

    monkeypatch.setattr(evaluate, "_extractors", lambda: (None, broken))
    assert evaluate.main(["--set", "ei"]) == 0
    out = capsys.readouterr().out
    assert "ValueError: boom" in out and "NOT MET" in out


# ---- the seed gold (the extractor engineer's tests/gold/seeds_claims.json) ----------------

def test_seed_gold_is_read_and_scored():
    gold = load_seed_gold()
    assert len(gold) == 2 and sum(len(g.claims) for g in gold) >= 20
    for g in gold:
        assert all(g.text[c.start:c.end] == c.quote for c in g.claims)
    # a stand-in extractor that returns the gold with one CI bound wrong and one claim dropped
    first = gold[0]
    with_ci = next(i for i, c in enumerate(first.claims) if c.ci_low is not None)
    wrong = first.claims[with_ci].model_copy(update={"ci_low": first.claims[with_ci].ci_low + 1})
    dropped = next(i for i, c in enumerate(first.claims) if i != with_ci and c.kind != "estimate")
    extracted = {g.doc_id: list(g.claims) for g in gold}
    extracted[first.doc_id][with_ci] = wrong
    del extracted[first.doc_id][dropped]
    kinds = {c.kind for g in gold for c in g.claims}
    ev = evaluate.score_gold_docs(gold, lambda g: extracted[g.doc_id], kinds, FIELDS + SEED_FIELDS)
    n_ci = sum(c.ci_low is not None for g in gold for c in g.claims)
    vci = ev.fields["value+CI"]
    assert (vci.gold, vci.pred, vci.tp) == (n_ci, n_ci, n_ci - 1)
    total = sum(len(g.claims) for g in gold)
    assert (ev.fields["kind"].gold, ev.fields["kind"].pred, ev.fields["kind"].tp) == (total, total - 1, total - 1)
    assert ev.fields["unit"].recall is not None


def test_seeds_set_through_the_cli(capsys):
    """`--set seeds` reads the corpus, runs the real extractor and scores the seed-only fields too."""
    assert evaluate.main(["--set", "seeds", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    seeds = out["seeds"]
    assert seeds["documents"] == 2 and {"range", "unit", "qualifier", "grade"} <= set(seeds["fields"])
    assert seeds["fields"]["kind"]["gold"] == sum(len(g.claims) for g in load_seed_gold())
    assert "extractor_errors" not in out


# ---- the Yun 2024 gold ----------------------------------------------------------------------

def test_yun_scoring_on_a_real_trial():
    require_eval("rct_numeric_results_yun2024")
    texts, items = load_yun()
    assert len(texts) == 120 and len(items) > 1000
    pmcid = "PMC2667135"
    text = texts[pmcid]
    assert stated(text, 25.4) and stated(text, 13.5) and not stated(text, 23.34)  # SD computed by the authors
    mine = [it for it in items if it.pmcid == pmcid]
    start = text.index("mean of 25.4 days")
    claims = [
        Claim(doc_id=pmcid, start=start, end=start + 17, quote="mean of 25.4 days", kind="estimate", measure="mean",
              value=25.4, endpoint="courses of study antibiotics"),
        Claim(doc_id=pmcid, start=0, end=1, quote=text[0], kind="sample_size", n=103),
        Claim(doc_id=pmcid, start=0, end=1, quote=text[0], kind="count", n=999, denominator=97),
    ]
    ev = evaluate_yun({pmcid: text}, mine, lambda t, d: claims)
    assert ev.recall["mean"].tp == 1 and ev.recall_outcome["mean"].tp == 1
    # arm sizes repeat on every outcome of the trial but count once: 103 and 97
    assert (ev.recall["group size"].gold, ev.recall["group size"].tp) == (2, 2)
    assert ev.recall["events"].tp == 0
    assert (ev.precision["events"].pred, ev.precision["events"].tp) == (1, 0)
    assert (ev.precision["group size"].pred, ev.precision["group size"].tp) == (2, 2)
    assert ev.recall_stated["SD"].gold < ev.recall["SD"].gold  # 23.34 and 9.49 are not in the text


def test_real_extractor_runs_on_yun_trials_without_stalling():
    """A few real trial texts (one with a wide markdown table that once sent a CI regex into
    catastrophic backtracking): every text is extracted within the time limit, numbers are found."""
    require_eval("rct_numeric_results_yun2024")
    from extract import extract_text_claims

    texts, items = load_yun()
    some = {k: texts[k] for k in ("PMC3136370", "PMC2667135", "PMC1216327", "PMC2363753")}
    errors: list[str] = []
    ev = evaluate_yun(some, items, lambda t, d: evaluate._safe(extract_text_claims, errors, 10.0, d, t, d))
    assert not errors, errors
    assert ev.recall_stated["group size"].recall and ev.recall_stated["group size"].recall > 0.5


# ---- the targets on real abstracts (fails until the extractor reaches them) ----------

def test_extractor_meets_targets_on_real_abstracts():
    require_eval("evidence_inference", "ev2_test_abstracts")
    errors: list[str] = []
    ev = evaluate.run_ei(errors)
    assert not errors, errors[:5]
    assert not ev.bad_spans, [c.quote for c in ev.bad_spans[:5]]
    failed = [f"{t.name} {t.value} < {t.threshold}" for t in evaluate.ei_targets(ev) if not t.met]
    assert not failed, failed
