"""Check the figures of a sentence against the sources: supported, contradicted, misleading, not found.

Each figure of the checked text is read like a source claim (same extractor, same rules), then
matched against the corpus claims of the documents the text is about:

1. the same endpoint, timepoint and arm with the same value (or the source value rounded to the
   precision written) -> supported;
2. else the value stands in the sources but means something else (a CI bound, another arm, another
   endpoint or timepoint, a composite outcome) -> misleading, with the claim it really belongs to;
3. else the sources give this endpoint another value -> contradicted, with the source's value;
4. else -> not_found.

`supported` is only ever given by rule 1, so a contradicted or misleading figure cannot pass.
"""

from __future__ import annotations

import re

from extract.models import Citation, Claim, FigureCheck, Verdict
from extract.vocab import qualifiers, time as vocab_time

from .corpus_view import CitationList, CorpusView, view_of
from .figure_context import Reading, arm_relation, compatible
from .relative_change import check_change, relative_changes
from .intent import timepoint_words
from .numbers import canonical_number, find_numbers, rounds_to, same_number, written_figure
from .select import CONTEXT_KINDS, sentences_with_terms
from .sentence_figures import MAX_CHARS, MAX_FIGURES, SKIP_NUMBER_RE, Figure, figures_of, inside_brackets
from .value_match import qualifier_of, value_matches
from .vocabulary import content_words, pretty, stems, topic_terms

SEARCH_K = 8
RERANK_DOCS = 3
WORDING_MATCH = 0.6  # share of a figure's clause words a source sentence must hold to stand in for an endpoint
VALUE_ANCHORED_WORDING = 0.34  # enough when the sentence also states the very number
RAW_WORDING_MATCH = 0.5  # for a number no structured claim holds
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
    inside = {id(f): ch for f in all_figures for ch in changes if ch.start <= f.claim.start < ch.end}
    figures = [f for f in all_figures if id(f) not in inside]
    candidates = _candidate_claims(view, idx, sentence, topics)

    checks: list[FigureCheck] = []
    for f in figures:
        if missing:
            checks.append(_check(f, "not_found", f"The sources do not mention {', '.join(missing)}."))
            continue
        check = check_figure(f, candidates, view, cits, sentence)
        if check.status == "contradicted" and isinstance(candidates, _FoundBySearch) \
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
        check = check_change(ch, sentence, candidates, view, cits)
        if check.status == "not_found":
            for f in (f for f in all_figures if inside.get(id(f)) is ch):
                as_figure = check_figure(f, candidates, view, cits, sentence)
                if as_figure.status != "not_found":
                    check = as_figure
                    break
        checks.append(check)
    checks.sort(key=lambda c: c.start)
    if not checks:
        checks_text, verdict = _check_statement(sentence, view, cits, missing)
        return Verdict(sentence=sentence, verdict=verdict, figures=[], citations=cits.items, explanation=checks_text)

    verdict = max((c.status for c in checks), key=lambda s: _SEVERITY[s])
    counts = {s: sum(c.status == s for c in checks) for s in _SEVERITY}
    summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n)
    limit = (f" Only the first {MAX_FIGURES} figures were checked." if len(checks) == MAX_FIGURES else "")
    if len(sentence) > MAX_CHARS:
        limit += f" Only the first {MAX_CHARS} characters were checked."
    return Verdict(sentence=sentence, verdict=verdict, figures=checks, citations=cits.items,
                   explanation=f"{len(checks)} figure(s): {summary}.{limit}")


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
        hits = idx.search(sentence, k=SEARCH_K)
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


def _written(claim: Claim) -> str:
    return written_figure(claim.value_text, claim.quote, claim.value)


def check_figure(f: Figure, candidates: list[Claim], view: CorpusView, cits: CitationList,
                 text: str = "") -> FigureCheck:
    written = _written(f.claim)
    qualifier = qualifier_of(f.claim, text) if text else (f.claim.qualifier or "")
    r = f.reading
    usable = [c for c in candidates if c.value is not None and c.kind != "p_value"]
    # "16 of 30" is a count and a percentage at once: sources giving either can state it
    fraction = f.claim.n is not None and bool(f.claim.denominator)
    comparable = [c for c in usable if compatible(view.reading(c).unit_class, r.unit_class)
                  or fraction and view.reading(c).unit_class in {"count", "percent"}]

    if r.key:
        same_key = [c for c in comparable if view.reading(c).key == r.key]
    else:
        same_key = [c for _, c in _by_wording(f, comparable, view) if _ >= WORDING_MATCH]
    same_key = [c for c in same_key if not _qualifier_conflict(f, c, view)]
    same_time = [c for c in same_key if not r.timepoint or view.reading(c).timepoint in {r.timepoint, ""}]
    same_arm = [c for c in same_time if arm_relation(r, view.reading(c)) == "same"]
    if r.arm or r.control:
        # A figure the sentence gives for one group is not decided by a source figure that has no
        # group while its sentence gives the same endpoint for several ("50%, 21% and 11%,
        # respectively"): which one is whose is unknown, so it neither supports nor contradicts.
        same_arm = [c for c in same_arm if not _unattributed_in_list(c, view)]

    def matches(c: Claim) -> str:
        return figure_matches(f.claim, written, c, qualifier)

    # Rule 1: same endpoint, timepoint and arm, same value. A source that names the timepoint
    # decides before one that names none (a headline's "81.6%" cannot support "at five years").
    explicit = [c for c in same_arm if not r.timepoint or view.reading(c).timepoint == r.timepoint]
    if r.timepoint:
        other_time = [c for c in same_key if view.reading(c).timepoint not in {r.timepoint, ""}
                      and arm_relation(r, view.reading(c)) == "same" and figure_matches(f.claim, written, c)]
        if other_time and not any(figure_matches(f.claim, written, c) for c in explicit):
            c = other_time[0]
            return _decided(f, "misleading", c, view, cits,
                            f"{_source_figure(c)} is given at {timepoint_words(view.reading(c).timepoint)}, "
                            f"not at {timepoint_words(r.timepoint)}.")
    ordered = explicit + [c for c in same_arm if c not in explicit]
    if not r.key:
        # Without a known endpoint, the same number in the abstract the sentence is about, in a
        # sentence sharing a third of its words, stands in for the endpoint match.
        ordered += [c for score, c in _by_wording(f, comparable, view, with_title=True)
                    if score >= VALUE_ANCHORED_WORDING and c not in ordered
                    and arm_relation(r, view.reading(c)) == "same" and figure_matches(f.claim, written, c) == "exact"
                    and not ((r.arm or r.control) and _unattributed_in_list(c, view))
                    and not _qualifier_conflict(f, c, view)]
    for how in ("exact", "rounded", "bound", "approx"):
        for c in ordered:
            if matches(c) == how:
                why = {"exact": f"The source states {_source_figure(c)}.",
                       "rounded": f"Supported as a rounded value: the source states {_source_figure(c)}.",
                       "bound": f"Supported: the source states {_source_figure(c)}, which is {qualifier} {written}.",
                       "approx": f"Supported as an approximation ({(qualifier + ' ') if qualifier else ''}"
                                 f"{written}): the source states {_source_figure(c)}."}[how]
                return _decided(f, "supported", c, view, cits, why)

    # Rule 2: the number stands in the sources but means something else.
    misleading = _misread(f, written, same_arm, same_key, comparable, view)
    if misleading:
        c, why = misleading
        return _decided(f, "misleading", c, view, cits, why)

    # Without a known endpoint the match above rests on wording alone: a sentence that states the
    # very number in the same words outweighs it.
    if not r.key:
        raw = _raw_mention(f, written, candidates, view, cits)
        if raw is not None:
            return raw
    # Rule 3: the sources give this endpoint (same timepoint and arm) another value. Thresholds and
    # background figures ("HbA1c < 7%") are not results, so they never contradict one.
    results = [c for c in same_arm if c.kind not in CONTEXT_KINDS and not c.qualifier]
    if results:
        c = results[0]
        return _decided(f, "contradicted", c, view, cits,
                        f"The source gives {_source_figure(c)}, not {f.claim.value_text or written}.")
    if same_key and r.timepoint and not same_time:
        return _check(f, "not_found", "The sources report this endpoint only at other timepoints.")
    # Rule 4: a number the extractor left unstructured, in a source sentence about the same thing.
    raw = _raw_mention(f, written, candidates, view, cits)
    if raw is not None:
        return raw
    return _check(f, "not_found", "No source states this figure or another value for it.")


def _months_per(unit: str) -> float | None:
    return vocab_time.months_per(unit)


def figure_matches(figure: Claim, written: str, c: Claim, qualifier: str = "") -> str:
    """value_matches, extended to how news writes two kinds of figures:
    - "28 of 30": the same count, or the percentage the source gives for it (28/30 = 93.3% is "93%");
    - a duration in other units: "about two years" against 26.3 months is compared in years
      (2.2, which rounds to 2), "5 years" against 26.3 months is not."""
    if figure.n is not None and figure.denominator:
        if c.n is not None and c.n == figure.n and c.denominator in {None, figure.denominator}:
            return "exact"
        if c.unit in {"%", "percent"} and c.value is not None and figure.value is not None \
                and not c.qualifier and c.kind not in CONTEXT_KINDS and c.n in {None, figure.n}:
            # a percentage the source gives for this count; never a bound or a background figure
            # ("less than 40%" is no reading of "12 of 30")
            return "rounded" if rounds_to(_written(c).rstrip("% "), figure.value) or \
                same_number(_written(c).rstrip("% "), figure.value) else ""
        if c.n is None and c.unit in {"", None} and c.kind in {"count", "sample_size"} and c.value == figure.n:
            return "exact"
        return ""
    mine, theirs = _months_per(figure.unit), _months_per(c.unit)
    if mine and theirs and mine != theirs and c.value is not None:
        return value_matches(written, c.value * theirs / mine, qualifier)
    return value_matches(written, c.value, qualifier)


_UNIT_AFTER_RE = re.compile(r"\s*(%|percent|per cent|[a-zA-Z]+)")


def _others_of_same_kind(sent: str, number) -> bool:
    """Does the sentence state another number with the same unit word after it?"""
    def unit(n) -> str:
        m = _UNIT_AFTER_RE.match(sent, n.end)
        u = m.group(1).lower() if m else ""
        return "%" if u in {"%", "percent", "per"} else u
    mine = unit(number)
    return any(n.canonical != number.canonical and unit(n) == mine and not inside_brackets(sent, n.start)
               and not SKIP_NUMBER_RE.match(sent[n.end:n.end + 15]) for n in find_numbers(sent, words=False))


# Endpoints our keys do not tell apart, named by words that exclude each other: "systolic" blood
# pressure is not "diastolic", a "complete response" is not the "overall response".
_EXCLUSIVE = [[re.compile(p) for p in group] for group in qualifiers.EXCLUSIVE]


def _qualifier_conflict(f: Figure, c: Claim, view: CorpusView) -> bool:
    """Does the checked figure name one of a set of exclusive qualifiers and the source figure another?"""
    theirs = f"{c.endpoint} {c.endpoint_text}".strip()
    if not theirs:  # no endpoint extracted: the words just before the figure
        doc = view.documents[c.doc_id]
        s0, _ = view.claim_sentence(c)
        theirs = doc.text[max(s0, c.start - 60):c.start]
    mine = f.clause
    for group in _EXCLUSIVE:
        have = [i for i, p in enumerate(group) if p.search(mine)]
        other = [i for i, p in enumerate(group) if p.search(theirs)]
        if have and other and not set(have) & set(other):
            return True
    return False


def _unattributed_in_list(c: Claim, view: CorpusView) -> bool:
    """A claim with no arm whose sentence holds other figures of the same endpoint and kind."""
    rc = view.reading(c)
    if c.arm or rc.arm or rc.control:
        return False
    s, e = view.claim_sentence(c)
    return any(o is not c and s <= o.start and o.end <= e and o.value != c.value
               and view.reading(o).key == rc.key and view.reading(o).unit_class == rc.unit_class
               for o in view.claims_by_doc.get(c.doc_id, ()))


def _raw_mention(f: Figure, written: str, candidates: list[Claim], view: CorpusView,
                 cits: CitationList) -> FigureCheck | None:
    """Support from a sentence that states the very number, when no structured claim holds it."""
    words = stems(_figure_clause(f))
    if len(words) < 2 or f.reading.key in {"sample size"}:
        return None
    doc_ids = sorted({c.doc_id for c in candidates}) or sorted(view.documents)
    target = canonical_number(written)
    best = None
    for doc_id in doc_ids:
        text = view.documents[doc_id].text
        for s, e in view.sentences(doc_id):
            sent = text[s:e]
            hit = [n for n in find_numbers(sent, words=False) if n.canonical == target
                   and not inside_brackets(sent, n.start) and not SKIP_NUMBER_RE.match(sent[n.end:n.end + 15])]
            if not hit:
                continue
            if f.reading.unit_class == "percent" and not re.match(r"\s*(%|percent|per cent)", sent[hit[0].end:], re.I):
                continue
            # Wording alone cannot tell whose number it is when the sentence gives others of the
            # same kind ("10.3 months for Keytruda and 7.4 months for chemotherapy"): no support.
            if _others_of_same_kind(sent, hit[0]):
                continue
            score = len(words & (view.span_stems(doc_id, s, e) | view.title_stems(doc_id))) / len(words)
            if score >= RAW_WORDING_MATCH and (best is None or score > best[0]):
                best = (score, doc_id, s, e)
    if best is None:
        return None
    _, doc_id, s, e = best
    n = cits.add(doc_id, s, e)
    figure, start, end = _figure_span(f)
    return FigureCheck(figure=figure, start=start, end=end, status="supported", citation=cits.items[n - 1],
                       source_figure=written,
                       explanation=f"The source sentence states {written} in the same terms.")


def _misread(f: Figure, written: str, same_arm: list[Claim], same_key: list[Claim], comparable: list[Claim],
             view: CorpusView) -> tuple[Claim, str] | None:
    r = f.reading
    # A confidence bound quoted as the estimate (exact matches only: bounds are never rounded in reports).
    for c in comparable:
        for bound, name in ((c.ci_low, "lower"), (c.ci_high, "upper")):
            if same_number(written, bound):
                cr = view.reading(c)
                return c, (f"{written} is the {name} bound of the confidence interval of "
                           f"{_describe(c, cr)} ({_source_figure(c)}), not an estimate.")
    for how in ("exact", "rounded"):
        for c in comparable:
            if c in same_arm or figure_matches(f.claim, written, c) != how:
                continue
            if c.kind in CONTEXT_KINDS and same_arm:
                continue  # a background figure ("90% relapse within 2 years") is no reading of this one
            cr = view.reading(c)
            same_endpoint = (r.key and cr.key == r.key) or (not r.key and c in same_key)
            if same_endpoint and arm_relation(r, cr) == "other":
                if cr.control:
                    who = "the comparison group" + (f" ({c.arm})" if c.arm else "")
                else:
                    who = f"the {cr.arm} arm" if cr.arm else "the study group"
                return c, (f"{_source_figure(c)} is the figure for {who}: {_describe(c, cr)}; "
                           "the sentence gives it for another arm.")
            if r.key and cr.key == r.key and r.timepoint and cr.timepoint and cr.timepoint != r.timepoint:
                return c, (f"{_source_figure(c)} is given at {timepoint_words(cr.timepoint)}, "
                           f"not at {timepoint_words(r.timepoint)}.")
            if cr.composite and r.key and r.key != cr.key:
                return c, (f"{_source_figure(c)} counts patients who {cr.composite.strip()}: "
                           f"a composite outcome, not {pretty(r.key)} alone.")
            if r.key and cr.key and cr.key != r.key:
                return c, f"{_source_figure(c)} is {_describe(c, cr)}, not {pretty(r.key)}."
            if r.key and not cr.key and how == "exact" and r.unit_class != "count":
                return c, f"{_source_figure(c)} stands in the sources for something else: \u201c{c.quote}\u201d."
    return None


def _by_wording(f: Figure, comparable: list[Claim], view: CorpusView, *,
                with_title: bool = False) -> list[tuple[float, Claim]]:
    """(share of the figure's clause words its source sentence holds, claim), best first."""
    words = stems(_figure_clause(f))
    if len(words) < 2:
        return []
    scored = []
    for c in comparable:
        s, e = view.claim_sentence(c)
        have = view.span_stems(c.doc_id, s, e)
        if with_title:
            have = have | view.title_stems(c.doc_id)
        score = len(words & have) / len(words)
        if score > 0:
            scored.append((score, c))
    return sorted(scored, key=lambda t: (-t[0], t[1].doc_id, t[1].start))


def _figure_clause(f: Figure) -> str:
    parts = re.split(r"[;,]\s+", f.clause)
    for p in parts:
        if f.claim.quote and f.claim.quote in p:
            return p
    return f.clause


def _describe(c: Claim, r: Reading) -> str:
    what = pretty(r.key) or c.endpoint or c.endpoint_text or "another measure"
    parts = [what]
    if r.timepoint:
        parts.insert(0, r.timepoint.replace(" ", "-"))
    if c.arm:
        parts.append(f"in {c.arm}")
    return " ".join(parts)


def _source_figure(c: Claim) -> str:
    figure = (c.value_text or c.quote).strip()
    if c.n is not None and str(c.n) not in figure and str(c.n) in c.quote:
        return c.quote.strip()  # "28 patients (93%)", not "93%", when the count is part of the figure
    if _months_per(c.unit) and c.unit.lower() not in figure.lower():
        # "26.3 months": a duration is read with its unit, as the source writes them together
        m = re.match(re.escape(figure) + r"[\s-]*" + re.escape(c.unit), c.quote.strip(), re.I)
        figure = m.group() if m else figure
    return figure


def _figure_span(f: Figure) -> tuple[str, int, int]:
    """The figure as written in the checked text and its offsets: '129' of '129 patients'."""
    c = f.claim
    i = c.quote.find(c.value_text) if c.value_text else -1
    if i >= 0:
        return c.value_text, c.start + i, c.start + i + len(c.value_text)
    return c.quote, c.start, c.end


def _check(f: Figure, status: str, explanation: str) -> FigureCheck:
    figure, start, end = _figure_span(f)
    return FigureCheck(figure=figure, start=start, end=end, status=status, explanation=explanation)


def _decided(f: Figure, status: str, c: Claim, view: CorpusView, cits: CitationList, explanation: str) -> FigureCheck:
    n = cits.cite_claim(c)
    citation: Citation = cits.items[n - 1]
    figure, start, end = _figure_span(f)
    return FigureCheck(figure=figure, start=start, end=end, status=status, explanation=explanation, claim=c,
                       citation=citation, source_figure=_source_figure(c))


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
