"""Passages: exact offsets, never over boilerplate, sized for MiniLM."""

from __future__ import annotations

from extract.models import Document, Span
from index.extraction import _fallback_sentence_spans
from index.lexical import tokenize
from index.passages import MAX_PIECES, MAX_SENTENCES, estimate_pieces, make_passages


def test_passages_of_shipped_docs_are_exact_citable_and_sized(shipped_docs):
    for doc in shipped_docs:
        passages = make_passages(doc)
        assert passages, doc.path
        for p in passages:
            assert doc.text[p.start:p.end] == p.text
            assert p.text == p.text.strip() and p.text
            assert doc.is_citable(p.start, p.end), (doc.path, p.start, p.end)
            assert estimate_pieces(p.text) <= MAX_PIECES
        # passages do not overlap and keep document order
        assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))


def test_boilerplate_text_is_in_no_passage(shipped_docs):
    for doc in shipped_docs:
        assert doc.boilerplate, "seeds carry a subscription prompt or disclaimer"
        covered = "".join(p.text for p in make_passages(doc))
        for b in doc.boilerplate:
            assert doc.text[b.start:b.end] not in covered


def test_the_seed_results_sentence_lands_in_one_passage(shipped_docs):
    doc = next(d for d in shipped_docs if "daily-pharmacy" in d.path)
    sentence = "Two-year disease-free survival was 81.6% in our study"
    holding = [p for p in make_passages(doc) if sentence in p.text]
    assert len(holding) == 1


def test_sentence_groups_respect_the_limits():
    text = " ".join(f"Sentence number {i} reports 12.{i}% of patients." for i in range(10))
    doc = Document(id="d", text=text)
    passages = make_passages(doc)
    assert len(passages) == 4  # 10 sentences in windows of at most 3
    assert all(p.text.count("Sentence") <= MAX_SENTENCES for p in passages)


def test_an_overlong_sentence_is_split_at_whitespace():
    text = "word " * 600 + "end."
    doc = Document(id="d", text=text)
    passages = make_passages(doc)
    assert len(passages) > 1
    assert all(estimate_pieces(p.text) <= MAX_PIECES for p in passages)
    assert all(text[p.start:p.end] == p.text for p in passages)


def test_boilerplate_in_the_middle_splits_passages():
    text = "First finding was 10%. Subscribe now for more. Second finding was 20%."
    start = text.index("Subscribe")
    doc = Document(id="d", text=text, boilerplate=[Span(start=start, end=start + len("Subscribe now for more."))])
    texts = [p.text for p in make_passages(doc)]
    assert texts == ["First finding was 10%.", "Second finding was 20%."]


def test_fallback_splitter_keeps_decimals_inside_sentences():
    text = "DFS was 81.6% at 2 years. OS was 93.3%.\nNext line"
    spans = _fallback_sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["DFS was 81.6% at 2 years.", "OS was 93.3%.", "Next line"]


def test_tokenizer_keeps_figures_and_trial_names():
    toks = tokenize("Two-year DFS was 81.6% vs Interfant-06; infants' CD19 responses")
    assert "81.6%" in toks and "interfant" in toks and "06" in toks and "cd19" in toks
    assert "response" in toks and "infant" in toks  # light stemming
    assert "was" not in toks  # stop word
