"""audit(): a news story's figures against the other sources of its study, journal sources first."""

from __future__ import annotations

import shutil

import pytest

from answer import UnknownDocument, audit
from index import ClaimIndex, HashingEmbedder

# A journal-style abstract of the same study, written for this test: the figures of the NEJM
# paper the news stories report, plus one deliberate difference (median follow-up 24.1 months).
JOURNAL_TEXT = """Blinatumomab Added to Chemotherapy in Infant Lymphoblastic Leukemia

ABSTRACT

BACKGROUND: KMT2A-rearranged acute lymphoblastic leukemia in infants has a poor outcome.

METHODS: We added one postinduction course of blinatumomab to Interfant-06 chemotherapy in 30 infants \
with newly diagnosed KMT2A-rearranged ALL; historical controls from the Interfant-06 trial served as comparators.

RESULTS: The median follow-up was 24.1 months (range, 3.9 to 48.2). Two-year disease-free survival was 81.6% \
in our study (95% confidence interval [CI], 60.8 to 92.0), as compared with 49.4% (95% CI, 42.5 to 56.0) in the \
Interfant-06 trial; the corresponding values for overall survival were 93.3% (95% CI, 75.9 to 98.3) and 65.8% \
(95% CI, 58.9 to 71.8).

CONCLUSIONS: Blinatumomab added to chemotherapy was safe in infants with KMT2A-rearranged ALL.
"""
JOURNAL_META = ('{"title": "Blinatumomab Added to Chemotherapy in Infant Lymphoblastic Leukemia", '
                '"source": "New England Journal of Medicine", "kind": "journal", '
                '"study": "nejm-blinatumomab-infant-kmt2a-all"}')


@pytest.fixture(scope="module")
def idx(tmp_path_factory, corpus_dir):
    return ClaimIndex.build(corpus_dir, tmp_path_factory.mktemp("answer-audit") / "index", embedder=HashingEmbedder())


@pytest.fixture(scope="module")
def idx_with_journal(tmp_path_factory, corpus_dir):
    work = tmp_path_factory.mktemp("answer-audit-journal")
    corpus = work / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "nejm-blinatumomab-abstract.txt").write_text(JOURNAL_TEXT, encoding="utf-8")
    (corpus / "nejm-blinatumomab-abstract.meta.json").write_text(JOURNAL_META, encoding="utf-8")
    return ClaimIndex.build(corpus, work / "index", embedder=HashingEmbedder())


def news_doc(idx, source):
    return next(d for d in idx.documents() if d.source == source)


def test_shipped_news_compared_with_the_other_story_and_says_no_journal(idx):
    dpn = news_doc(idx, "Daily Pharmacy News")
    mdn = news_doc(idx, "Medical Dialogues")
    a = audit(dpn.id, idx)
    assert a.compared_with == [mdn.id]
    assert any("No journal source" in n for n in a.notes)
    rows = {r.figure.quote: r for r in a.rows}
    dfs = rows["81.6% in our study (95% confidence interval [CI], 60.8 to 92.0)"]
    assert dfs.status == "agrees" and dfs.other.doc_id == mdn.id
    assert rows["A total of 30 infants"].status == "agrees"
    assert rows["93.3% (95% CI, 75.9 to 98.3)"].status == "only_here"
    for r in a.rows:
        if r.citation is not None:
            other = idx.document(r.citation.doc_id)
            assert other.text[r.citation.start:r.citation.end] == r.citation.quote


def test_journal_source_comes_first_and_decides(idx_with_journal):
    idx = idx_with_journal
    dpn = news_doc(idx, "Daily Pharmacy News")
    journal = next(d for d in idx.documents() if d.kind == "journal")
    a = audit(dpn.id, idx)
    assert a.compared_with[0] == journal.id
    assert not any("No journal source" in n for n in a.notes)
    rows = {r.figure.quote: r for r in a.rows}
    for quote in ("81.6% in our study (95% confidence interval [CI], 60.8 to 92.0)", "49.4% (95% CI, 42.5 to 56.0)",
                  "93.3% (95% CI, 75.9 to 98.3)", "65.8% (95% CI, 58.9 to 71.8)"):
        assert rows[quote].status == "agrees", (quote, rows[quote].explanation)
        assert rows[quote].other.doc_id == journal.id
    follow_up = rows["26.3 months (range, 3.9 to 48.2)"]
    assert follow_up.status == "differs" and follow_up.other.value == 24.1
    assert "24.1" in follow_up.citation.quote


def test_unknown_document_is_a_clear_error(idx):
    with pytest.raises(UnknownDocument, match="no document"):
        audit("not-a-doc", idx)


def test_a_unique_id_prefix_is_accepted(idx):
    dpn = news_doc(idx, "Daily Pharmacy News")
    assert audit(dpn.id[:8], idx).doc_id == dpn.id
