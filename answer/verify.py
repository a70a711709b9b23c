"""Check the figures of a sentence against the sources: supported, contradicted, misleading, not found.

Each figure of the checked text is read like a source claim (same extractor, same rules), then
matched against the corpus claims of the study the text is about by the verdict rules of
verdict_rules.py, tried in their stated order (the first that decides wins). Multiples, differences
in percentage points and relative changes are checked against the two groups' figures
(relative_change.py). The verdict is the most serious status among the figures; `counts` gives every
status (worst first) and `not_checked` the statements of the text that no figure covers, each with
the nearest source sentence, so a verdict on the figures is not read as a verdict on them.
`supported` is only given when a rule finds the same quantity with the same value.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from extract import sentence_spans
from extract.vocab.measures import RATIO_MEASURES
from extract.models import Claim, ClaimKind, FigureCheck, Status, UncheckedStatement, Verdict

from .corpus_view import CitationList, CorpusView, view_of
from .figure_context import is_filler
from .relative_change import change_fits, check_change, relative_changes
from .select import sentences_with_terms
from .value_match import qualifier_of
from .sentence_figures import MAX_CHARS, MAX_FIGURES, Figure, figures_of
from .verdict_rules import check_figure, figure_span
from .vocabulary import content_words, stems, topic_terms

from settings import SETTINGS

SEARCH_K = SETTINGS.verify_search_k
RERANK_DOCS = SETTINGS.verify_rerank_docs
_NEGATION_RE = re.compile(r"\b(not|no|never|none|neither|nor|without|failed to|did not|didn't|wasn't|weren't)\b", re.I)
_SEVERITY = {"contradicted": 3, "misleading": 2, "not_found": 1, "supported": 0}


def verify(sentence: str, idx) -> Verdict:
    """Verdict on every figure of `sentence` (a sentence or a paragraph) against the index `idx`."""
    if not isinstance(sentence, str) or not sentence.strip():
        raise ValueError("verify() needs a non-empty sentence, e.g. 'Two-year overall survival was 93%.'")
    view = view_of(idx)
    cits = CitationList(view)
    topics = sorted(set(topic_terms(sentence, view.drug_names)))
    missing = [t for t in topics if t not in view.lower_text]
    changes = relative_changes(sentence[:MAX_CHARS])
    # "three times" is checked as a multiple of two source figures; as a figure of its own only
    # when that cannot be done (a source may state the multiple itself: "five times more likely")
    all_figures = figures_of(sentence)
    # by the value's own offsets: "lowered hypersalivation by 19.4 percentage points" is one quote
    inside = {id(f): ch for f in all_figures for ch in changes if ch.start <= figure_span(f)[1] < ch.end}
    figures = [f for f in all_figures if id(f) not in inside]
    candidates = _candidate_claims(view, idx, sentence, topics)

    checks: list[FigureCheck] = []
    for f in figures:
        if missing:
            checks.append(_check(f, "not_found", f"The sources do not mention {', '.join(missing)}."))
            continue
        check = check_figure(f, candidates, view, cits, sentence)
        if check.status == Status.CONTRADICTED and isinstance(candidates, _FoundBySearch) \
                and _reported_by_other_studies(check.claim, view):
            # "The median follow-up was 61 months" with several studies indexed and none named: the
            # nearest study's 18.5 months does not make 61 wrong
            check = check.model_copy(update={
                "status": "not_found", "explanation": "Not decided: the sentence does not name its study, and "
                f"the closest study found by search, which gives {check.source_figure}, may not be the one meant."})
        checks.append(check)
    for ch in changes:
        if missing:
            checks.append(FigureCheck(figure=ch.phrase, start=ch.start, end=ch.end, status="not_found",
                                      explanation=f"The sources do not mention {', '.join(missing)}."))
            continue
        # "reduced ... by 44%": a source that states the relative change itself decides first
        stated = [check_figure(f, candidates, view, cits, sentence) for f in all_figures
                  if inside.get(id(f)) is ch] if ch.kind == "relative" else []
        stated = [c for c in stated if c.status == Status.SUPPORTED]
        check = stated[0] if stated else check_change(ch, sentence, candidates, view, cits)
        if check.status == Status.NOT_FOUND:
            for f in (f for f in all_figures if inside.get(id(f)) is ch):
                as_figure = check_figure(f, candidates, view, cits, sentence)
                # "32 percentage points" read as a percentage is no figure of an arm: only a source
                # that states the difference itself decides it
                if as_figure.status != Status.NOT_FOUND and (ch.kind == "ratio" or as_figure.status == Status.SUPPORTED):
                    check = as_figure
                    break
        if check.status == Status.NOT_FOUND and ch.kind == "ratio":
            check = stated_ratio_check(ch, sentence, checks) or check
        checks.append(check)
    checks.sort(key=lambda c: c.start)
    if not checks:
        checks_text, verdict = _check_statement(sentence, view, cits, missing)
        return Verdict(sentence=sentence, verdict=verdict, figures=[], citations=cits.items, explanation=checks_text)

    unchecked = [] if missing else unchecked_statements(sentence[:MAX_CHARS], checks, view, cits)
    verdict = max((c.status for c in checks), key=lambda s: _SEVERITY[s])
    if verdict == "supported" and all(_is_sample_size(c, view) for c in checks) \
            and any(_same_clause(sentence, u.start, c.start) for u in unchecked for c in checks):
        # "out of 84 patients treated, a negligible fraction had QT prolongation": the number studied
        # is right, what the same clause says of them is not checked - no verdict on the sentence
        verdict = "not_found"
    counts = {s: n for s in WORST_FIRST if (n := sum(c.status == s for c in checks))}
    if unchecked:
        counts["not_checked"] = len(unchecked)
    summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items())
    limit = (f" Only the first {MAX_FIGURES} figures were checked." if len(checks) == MAX_FIGURES else "")
    if len(sentence) > MAX_CHARS:
        limit += f" Only the first {MAX_CHARS} characters were checked."
    return Verdict(sentence=sentence, verdict=verdict, figures=checks, citations=cits.items,
                   explanation=f"{len(checks)} figure(s): {summary}.{limit}", counts=counts, not_checked=unchecked)


def _same_clause(text: str, a: int, b: int) -> bool:
    """Do offsets a and b lie in one main clause (no '.', ';' or ':' between them)?"""
    lo, hi = min(a, b), max(a, b)
    return not re.search(r"[.;:](?:\s|$)", text[lo:hi])


def _is_sample_size(check: FigureCheck, view: CorpusView) -> bool:
    return check.claim is not None and (check.claim.kind == ClaimKind.SAMPLE_SIZE
                                        or view.reading(check.claim).key == "sample size")


def stated_ratio_check(ch, sentence: str, checks: list[FigureCheck]) -> FigureCheck | None:
    """'more than fivefold (relative risk 5.35)': a multiple set beside a ratio the sources support is
    checked against that ratio."""
    s0, s1 = next(((a, b) for a, b in sentence_spans(sentence) if a <= ch.start < b), (0, len(sentence)))
    for c in checks:
        if c.status != Status.SUPPORTED or c.claim is None or not (s0 <= c.start < s1) \
                or c.claim.measure not in RATIO_MEASURES or c.claim.value is None:
            continue
        q = qualifier_of(SimpleNamespace(qualifier="", start=ch.start), sentence)
        fits = change_fits(ch.factor, c.claim.value, q)
        said = f"{q} {ch.phrase}" if q else ch.phrase
        return FigureCheck(figure=ch.phrase, start=ch.start, end=ch.end, claim=c.claim, citation=c.citation,
                           status="supported" if fits else "contradicted", source_figure=c.source_figure,
                           explanation=f"The source states a {c.claim.measure} of {c.source_figure}, which "
                                       f"{'is' if fits else 'is not'} \u201c{said}\u201d.")
    return None


# ---- statements no figure covers ------------------------------------------------------------------

WORST_FIRST = ("contradicted", "misleading", "not_found", "supported")
_CLAUSE_CUT_RE = re.compile(r"[;:,]\s+|\s+(?:and|but|while|whereas|although|though)\s+|\.\s+")
MIN_STATEMENT_WORDS = 2


def unchecked_statements(text: str, checks: list[FigureCheck], view: CorpusView,
                         cits: CitationList) -> list[UncheckedStatement]:
    """Clauses of `text` that hold none of the checked figures but say something ("no serious side
    effects were seen", "the drug cured the disease"): listed as not checked, with the nearest source
    sentence, so that a verdict on the figures is not read as a verdict on them."""
    cuts = [0] + [p for m in _CLAUSE_CUT_RE.finditer(text) for p in (m.start(), m.end())] + [len(text)]
    # the nearest sentence is sought in the documents that decided the figures (all of them is slow
    # on a large index, and another study's sentence is not near)
    doc_ids = sorted({c.citation.doc_id for c in checks if c.citation is not None})
    out = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        clause = text[a:b].strip(" .")
        if not clause or any(a <= c.start < b for c in checks):
            continue
        terms = content_words(clause)
        if len(terms) < MIN_STATEMENT_WORDS:
            continue
        start = a + text[a:b].find(clause)
        # the words that say what happened find the nearest sentence, not "infants" or "patients"
        wanted = [t for t in terms if not is_filler(t)] or terms
        nearest = sentences_with_terms(view, wanted, doc_ids=doc_ids) if doc_ids else []
        citation = None
        if nearest:
            _, doc_id, s, e = nearest[0]
            n = cits.add(doc_id, s, e)  # add first: `items` is a copy
            citation = cits.items[n - 1]
        out.append(UncheckedStatement(statement=clause, start=start, end=start + len(clause), nearest=citation))
    return out


# ---- matching ------------------------------------------------------------------------------------

def _candidate_claims(view: CorpusView, idx, sentence: str, topics: list[str]) -> list[Claim]:
    """Claims of the study the sentence is about: the one whose documents name its drug or disease,
    else the study of the best search hit.

    With one study in the index that is every claim; with many, matching a figure against
    another study's numbers would find coincidences, not evidence.
    """
    studies = {view.study_of(d) for d in view.documents.values()}
    if len(studies) <= 1:
        return view.claims
    named = {view.study_of(d) for d in view.documents.values() if all(t in d.text.lower() for t in topics)}
    if topics and len(named) == 1:
        return [c for c in view.claims if view.study_of(view.documents[c.doc_id]) in named]
    by_name = _study_named_by_rare_words(view, sentence)
    if by_name is not None:
        return [c for c in view.claims if view.study_of(view.documents[c.doc_id]) == by_name]
    try:
        hits = view.known(idx.search(sentence, k=SEARCH_K))
    except Exception:
        hits = []
    docs: list = []
    for h in hits:
        doc = view.documents.get(h.doc_id)
        # Among several studies naming the drug, the search decides; others never do.
        if doc is not None and doc not in docs and (not topics or not named or view.study_of(doc) in named):
            docs.append(doc)
    if not docs:
        return []
    # Re-rank the first few by their best sentence's share of the checked sentence's words (title
    # included): the abstract that states the same things in the same words is the one it is about.
    words = stems(sentence)
    def overlap(doc) -> float:
        title = view.title_stems(doc.id)
        return max((len(words & (view.span_stems(doc.id, s, e) | title)) / max(1, len(words))
                    for s, e in view.sentences(doc.id)), default=0.0)
    top = docs[:RERANK_DOCS]
    best = max(top, key=lambda d: (overlap(d), -top.index(d)))
    study = view.study_of(best)
    # found by search only: good enough to support a figure, not to contradict it (see verify)
    return _FoundBySearch(c for c in view.claims if view.study_of(view.documents[c.doc_id]) == study)


def _reported_by_other_studies(claim: Claim | None, view: CorpusView) -> bool:
    """Do other indexed studies report this claim's endpoint too? Then a sentence that names no
    study could be about any of them."""
    if claim is None:
        return True
    key = view.reading(claim).key
    if not key:
        return True
    return len(view.studies_by_key.get(key, set()) - {view.study_of(view.documents[claim.doc_id])}) > 0


class _FoundBySearch(list):
    """Candidate claims of a study the sentence does not name, picked by search among several."""


def _study_named_by_rare_words(view: CorpusView, sentence: str) -> str | None:
    """The one study whose documents hold the sentence's rare words ("memantine", "AGO-ETC"):
    words of five or more letters that only a few of the indexed documents use. None when no such
    word singles out one study."""
    docs = list(view.documents.values())
    if len(docs) < 3:
        return None
    texts = view.lower_texts
    rare = [w for w in set(content_words(sentence)) if len(w) >= 5 and not w.isdigit()
            and 0 < sum(w in t for t in texts.values()) <= max(1, len(docs) // 5)]
    if not rare:
        return None
    score: dict[str, int] = {}
    for d in docs:
        hits = sum(w in texts[d.id] for w in rare)
        if hits:
            key = view.study_of(d)
            score[key] = max(score.get(key, 0), hits)
    best = max(score.values(), default=0)
    winners = [k for k, v in score.items() if v == best]
    return winners[0] if best and len(winners) == 1 else None


def _check(f: Figure, status: str, explanation: str) -> FigureCheck:
    figure, start, end = figure_span(f)
    return FigureCheck(figure=figure, start=start, end=end, status=status, explanation=explanation)


# ---- statements without figures -------------------------------------------------------------------

def _check_statement(sentence: str, view: CorpusView, cits: CitationList, missing: list[str]) -> tuple[str, str]:
    """A claim without numbers is supported when one source sentence states all of its content."""
    if missing:
        return f"The sources do not mention {', '.join(missing)}.", "not_found"
    terms = content_words(sentence)
    if len(terms) < 2:
        return "Too little to check: the sentence names no figure and almost no content.", "not_found"
    found = [t for t in sentences_with_terms(view, terms) if t[0] >= 0.99]
    if not found:
        return "No source sentence states this.", "not_found"
    negated = bool(_NEGATION_RE.search(sentence))
    for _, doc_id, s, e in found:
        text = view.documents[doc_id].text[s:e]
        n = cits.add(doc_id, s, e)
        if bool(_NEGATION_RE.search(text)) == negated:
            return f"Stated in the sources [{n}].", "supported"
    return f"The source states the opposite [{cits.items[-1].n}].", "contradicted"
