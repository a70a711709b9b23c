"""Compose an answer from claims and passages, deterministically, with [n] citations to exact spans.

Every answer passes the grounding check before it is returned; one that fails becomes an abstention.
Figure sentences are written from claim fields; the composer tries the richest wording first and
falls back to plainer ones, so a figure the extractor mis-attached (a CI from another sentence)
is dropped rather than shown.
"""

from __future__ import annotations

import re

from extract.models import Answer, Claim, ClaimKind, Measure, SearchHit

from . import select
from .corpus_view import CitationList, CorpusView, check_citations, view_of
from .flags import flags_for
from .grounding import ungrounded_numbers
from .intent import Intent, classify, control_named_as_trial, count_subject
from .numbers import find_numbers, format_value
from .phrasing import (
    arm_phrase,
    difference,
    endpoint_label,
    figure_variants,
    same_measure,
    value_text,
)
from .select import (
    claim_timepoint,
    claims_for,
    closest_sentences,
    is_control,
    sentences_with_terms,
    subgroup_of,
)
from .studies import Scope, resolve
from .vocabulary import (
    ENDPOINTS,
    ENROLMENT_VERB_RE,
    content_words,
    names_population,
    populations_asked,
    stems,
    topic_terms,
)
from settings import SETTINGS

NOT_IN_SOURCES = "Not in the sources"
NEAREST_K = SETTINGS.nearest_k
CLOSEST_LEAD = "The closest passage says:"
GROUNDING_FAILED = "failed the grounding check"
UNCHECKED = ("This is a quotation of the closest passage, not checked against the question: read it to see "
             "whether it answers what you asked.")
# Words that say how a question is asked, not what about: a passage need not hold them.
_ASKING_WORDS = {"often", "occur", "occurred", "occurs", "happen", "happened", "tell", "give", "know", "like",
                 "reduce", "reduced", "increase", "increased", "change", "changed", "better", "worse", "effect",
                 "effective", "work", "did", "does", "main", "key", "findings", "incidence", "frequency"}
_MAIN_RESULTS_RE = re.compile(r"\b(main|key|primary|principal|overall)\s+(results?|findings?|outcomes?)\b|"
                              r"\bwhat did (the|this|it) (study|trial)\s+(find|show)|\bresults of\b", re.I)
_WHAT_IS_RE = re.compile(r"^\s*(what|who)\s+(is|are)\s+(an?\s+|the\s+)?(?P<thing>[^?]{2,60}?)\s*\??\s*$", re.I)


# ---- answer assembly -----------------------------------------------------------------------

def _abstain(question: str, intent: Intent, view: CorpusView, idx, reason: str) -> Answer:
    nearest: list[SearchHit] = []
    try:
        hits = view.known(idx.search(question, k=NEAREST_K + 3))
    except Exception:  # a failed search must not turn an abstention into a crash
        hits = []
    for h in hits:
        doc = view.documents.get(h.doc_id)
        if doc is not None and doc.is_citable(h.start, h.end):
            nearest.append(h)
        if len(nearest) == NEAREST_K:
            break
    if view.documents and not view.claims:
        reason += (" The index holds no extracted figures at all: it may predate the extractor; rebuild it with "
                   "`python -m index build`.")
    text = f"{NOT_IN_SOURCES}: {reason} The nearest passages are shown below; none of them answers the question."
    return Answer(question=question, text=text, abstained=True, intent=intent.kind, nearest=nearest)


def _finish(question: str, intent: Intent, view: CorpusView, idx, text: str, citations: CitationList,
            claims: list[Claim]) -> Answer:
    if intent.kind == "comparison" and claims and not any(c.arm or is_control(c, view) for c in claims):
        # a comparison answered in figures of which none says its group reads as one group's result
        # ("Mortality was 2.6%" for "A vs B"): the sentences that state them are quoted instead
        spans = list(dict.fromkeys((*view.claim_sentence(c), c.doc_id) for c in claims))
        return _answer_quoting(question, intent, view, idx, spans[:3], "The sources say:")
    docs = []
    for c in citations.items:
        d = view.documents[c.doc_id]
        if d not in docs:
            docs.append(d)
    flags = flags_for(view, docs, citations) if intent.kind in {"figure", "comparison", "count", "list"} else []
    if ungrounded_numbers(text + "\n" + "\n".join(flags), citations.items):
        return _abstain(question, intent, view, idx,
                        "an answer was composed but failed the grounding check, so it is not shown.")
    check_citations(citations.items, view)
    return Answer(question=question, text=text, citations=citations.items, claims=claims, abstained=False,
                  intent=intent.kind, flags=flags)


def _first_grounded(variants: list[tuple[str, CitationList, list[Claim]]]) -> tuple[str, CitationList, list[Claim]] | None:
    for text, cits, claims in variants:
        if not ungrounded_numbers(text, cits.items):
            return text, cits, claims
    return None


def _group_by_value(claims: list[Claim]) -> list[list[Claim]]:
    """Claims stating the same value, in source order; the first of each group is the richest."""
    groups: dict[float | None, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.value, []).append(c)
    return list(groups.values())


def _figure_sentences(view: CorpusView, intent: Intent, claims: list[Claim], rich: bool) -> tuple[str, CitationList, list[Claim]]:
    """One sentence per study; each names the study when the claims come from more than one."""
    cits = CitationList(view)
    by_study: dict[str, list[Claim]] = {}
    for c in claims:
        by_study.setdefault(view.study_of(view.documents[c.doc_id]), []).append(c)
    sentences, used = [], []
    for study_claims in list(by_study.values())[:3]:
        text, group_used = _study_sentence(view, intent, study_claims, rich, cits)
        if len(by_study) > 1:
            doc = view.documents[study_claims[0].doc_id]
            text = f"In \u201c{doc.study_title or doc.title}\u201d: {text[:1].lower() + text[1:]}"
        sentences.append(text)
        used.extend(group_used)
    return " ".join(sentences), cits, used


def _study_sentence(view: CorpusView, intent: Intent, claims: list[Claim], rich: bool,
                    cits: CitationList) -> tuple[str, list[Claim]]:
    """'Two-year overall survival was 93.3% (95% CI, ...) in the study [1], as compared with 65.8% ... [1].'"""
    study = [c for c in claims if not is_control(c, view)]
    control = [c for c in claims if is_control(c, view)]
    key = intent.endpoint
    parts: list[str] = []
    used: list[Claim] = []
    main_groups = _group_by_value(study or control)
    for i, group in enumerate(main_groups[:3]):
        head = group[0]
        fig = figure_variants(head)[0 if rich else -1]
        marks = "".join(f"[{cits.cite_claim(c)}]" for c in group)
        # every figure carries its own endpoint, timepoint and measure: a second value of the same
        # label from another source says so; one of another timepoint or measure names it
        label = endpoint_label(head, key)
        first = main_groups[0][0]
        if i == 0:
            parts.append(f"{label} was {fig}{arm_phrase(head, not study)} {marks}")
        elif label == endpoint_label(first, key) and head.doc_id != first.doc_id:
            parts.append(f"another source gives {fig}{arm_phrase(head, not study)} {marks}")
        else:
            parts.append(f"{_lower_first(label)} was {fig}{arm_phrase(head, not study)} {marks}")
        used.extend(group)
    text = "; ".join(parts)
    # the comparison group's figure only beside a figure of the same measure: a percentage is not
    # compared with an odds ratio
    control = [c for c in control if not study or same_measure(c, main_groups[0][0])]
    if study and control:
        ctrl = _group_by_value(control)[0]
        head = ctrl[0]
        fig = figure_variants(head)[0 if rich else -1]
        marks = "".join(f"[{cits.cite_claim(c)}]" for c in ctrl)
        text += f", as compared with {fig}{arm_phrase(head, True)} {marks}"
        used.extend(ctrl)
        if intent.kind == "comparison":
            text += difference(main_groups[0][0], head)
    return text + ".", used


def _answer_figure(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    claims = claims_for(view, intent)
    if not claims:
        context = claims_for(view, intent, allow_context=True)
        if context:
            return _answer_context(question, intent, view, idx, context)
        what = f"the {intent.measure} of {intent.endpoint}" if intent.measure else (intent.endpoint or "this")
        when = " at that timepoint" if intent.timepoint and claims_for(view, Intent("figure", intent.endpoint)) else ""
        return _abstain(question, intent, view, idx, f"the indexed documents report no figure for {what}{when}.")
    if intent.kind != "count":  # counts are chosen by their own rules (patients, not percentages)
        claims = _matching(view, intent, idx, claims)
    if intent.kind == "comparison" and claims and not any(c.arm or is_control(c, view) for c in claims):
        # a comparison asked, and no figure says which group it is of: never shown as one group's
        return _abstain(question, intent, view, idx, "the figures found do not say which group they are of.")
    if not claims:
        # figures of the endpoint exist, but none is close to what was asked (another clause,
        # another comparison): never relabel them; the closest passage may still be quoted
        return _abstain(question, intent, view, idx,
                        "no figure in the indexed documents matches what the question asks closely enough.")
    # a subgroup's figure is not the trial's: unless the question names the subgroup, figures of the
    # whole trial are preferred, and a subgroup's figure is only ever shown in its own sentence
    asked = stems(question)
    sub = {c.id: subgroup_of(view, c) for c in claims}
    unasked = [c for c in claims if sub[c.id] and not (stems(sub[c.id]) - _SUBGROUP_FRAME) <= asked]
    if unasked:
        whole = [c for c in claims if c not in unasked]
        if whole:
            claims = whole
        else:
            spans = list(dict.fromkeys((*view.claim_sentence(c), c.doc_id) for c in claims))
            return _answer_quoting(question, intent, view, idx, spans[:3], "The sources give it for a subgroup:")
    percent_only = False
    if intent.kind == "count" and intent.endpoint == "sample size" and not any(c.kind == ClaimKind.SAMPLE_SIZE for c in claims):
        # "How many patients were randomised?" is answered by the number studied, never by a count
        # of patients who had an event ("Three patients discontinued")
        return _abstain(question, intent, view, idx, "the indexed documents state no number of patients studied here.")
    if intent.kind == "count" and intent.endpoint == "sample size":
        claims = [c for c in claims if c.kind == ClaimKind.SAMPLE_SIZE]
        if dict(ENDPOINTS)["sample size"].search(question):
            # "how many were randomised / enrolled": a number in a sentence that says patients were
            # randomised, enrolled or treated, never one of another clause ("Three patients discontinued")
            claims = [c for c in claims if ENROLMENT_VERB_RE.search(view.sentence_text(c))]
            if not claims:
                return _abstain(question, intent, view, idx,
                                "the indexed documents state no number of patients randomised or enrolled here.")
    if intent.kind == "count":
        counts = [c for c in claims if c.measure in {Measure.COUNT, Measure.NONE} or c.kind in {ClaimKind.COUNT, ClaimKind.SAMPLE_SIZE, ClaimKind.ADVERSE_EVENT}]
        # "How many infants survived?" when the sources give survival as a percentage: say so and
        # give the percentages with their arms, never "93.3% infants survived"
        percent_only = not counts
        claims = counts or claims
    if intent.timepoint:
        exact = [c for c in claims if claim_timepoint(c, view) == intent.timepoint]
        # Sources without a timepoint may repeat the figure; they join only with the same value.
        values = {c.value for c in exact}
        claims = exact + [c for c in claims if c not in exact and c.value in values]
    if intent.kind == "count" and percent_only:
        lead = "The sources give a percentage, not a number of patients: "
        chosen = _first_grounded([(lead + _lower_first(text), cits, used) for text, cits, used in
                                  (_figure_sentences(view, intent, claims, rich=True),
                                   _figure_sentences(view, intent, claims, rich=False))])
    elif intent.kind == "count" and not _plain_count_question(question, intent):
        # "How many patients received placebo in the memantine trial?": the question's own words
        # (an arm, a trial, an event) must not be written around a number as if the source said
        # them; the sentences that give the numbers are quoted instead
        spans = list(dict.fromkeys((*view.claim_sentence(c), c.doc_id) for c in claims))
        return _answer_quoting(question, intent, view, idx, spans[:3], "The sources say:")
    elif intent.kind == "count":
        chosen = _first_grounded([_count_sentence(question, view, claims)])
    elif intent.measure == "proportion" and all(c.kind == ClaimKind.ADVERSE_EVENT for c in claims):
        # a count of events ("Ten serious adverse events were reported") is quoted, so the reader
        # sees that it counts events, not patients, and no percentage is made up from it
        spans = list(dict.fromkeys((*view.claim_sentence(c), c.doc_id) for c in claims))
        return _answer_quoting(question, intent, view, idx, spans[:3], "The sources give a count, not a percentage:")
    elif intent.measure == "proportion" and all(view.reading(c).unit_class == "count" for c in claims):
        text, cits, used = _figure_sentences(view, intent, claims, rich=False)
        chosen = _first_grounded([("The sources give a number of patients, not a percentage: " + text, cits, used)])
    elif _unlabelled_values(view, claims):
        # several values of one study with no group named ("41%, 33% and 20%, respectively" read
        # without its arms): never a bare list of numbers; the sentences that state them are quoted
        spans = list(dict.fromkeys((*view.claim_sentence(c), c.doc_id) for c in claims))
        return _answer_quoting(question, intent, view, idx, spans[:3], "The sources say:")
    else:
        chosen = _first_grounded([_figure_sentences(view, intent, claims, rich=True),
                                  _figure_sentences(view, intent, claims, rich=False)])
    if chosen is None:
        return _abstain(question, intent, view, idx,
                        "an answer was composed but failed the grounding check, so it is not shown.")
    text, cits, used = chosen
    return _finish(question, intent, view, idx, text, cits, used)


def _matching(view: CorpusView, intent: Intent, idx, claims: list[Claim]) -> list[Claim]:
    """The claims whose scored match with the question reaches select.CLAIM_MATCH, best first."""
    question = intent.question
    terms = [t for t in content_words(question) if t.lower() not in _ASKING_WORDS]
    asked = _asked_about(question, terms)
    m = _GROUPS_START_RE.search(question)
    groups = content_words(question[m.end():]) if m else []
    matches = select.match_claims(view, intent, claims, asked, groups, similarity=_similarity_to(question, idx))
    if select.CLAIM_CALIBRATION is not None:
        select.CLAIM_CALIBRATION[question] = [round(x.score, 3) for x in matches]
        return [x.claim for x in matches]
    # the margin is to the best figure of the same study: a question naming no study is answered
    # by every study that reports the endpoint
    best: dict[str, float] = {}
    for x in matches:
        study = view.study_of(view.documents[x.claim.doc_id])
        best.setdefault(study, x.score)
    kept = [x.claim for x in matches if x.score >= select.CLAIM_MATCH
            and x.score >= best[view.study_of(view.documents[x.claim.doc_id])] - select.CLAIM_MARGIN]
    # a sentence giving both arms' figures is kept whole: one arm's figure alone is half an answer
    sentences = {(c.doc_id, view.claim_sentence(c)) for c in kept}
    kept += [x.claim for x in matches if x.claim not in kept and (x.claim.doc_id, view.claim_sentence(x.claim)) in sentences]
    # source order among the kept ones (the composer groups by study and arm)
    return sorted(kept, key=lambda c: select.source_rank(view, c))


# words of a subgroup clause that do not name the subgroup
_SUBGROUP_FRAME = stems("in among for the subgroup subset stratum of patients participants subjects those with who "
                        "aged older younger without analysis analyses")


def _unlabelled_values(view: CorpusView, claims: list[Claim]) -> bool:
    """True when one study gives different values for the endpoint and some of them name no group
    (neither an arm nor the comparison group), so an answer would list them unlabelled."""
    by_study: dict[str, list[Claim]] = {}
    for c in claims:
        by_study.setdefault(view.study_of(view.documents[c.doc_id]), []).append(c)
    for group in by_study.values():
        labelled = {c.value for c in group if c.arm or is_control(c, view)}
        values = {c.value for c in group}
        if len(values) > 1 and values - labelled:
            return True
    return False


def _lower_first(text: str) -> str:
    """'Two-year overall survival ...' -> 'two-year overall survival ...' (acronyms such as 'MRD' kept)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[0].isupper() and not text[1].isupper() else text


def _plain_count_question(question: str, intent: Intent) -> bool:
    """'How many infants were treated?', 'How many patients were MRD-negative?': only the population,
    how it was studied and the endpoint, so the answer may repeat the question's words."""
    if intent.arm or intent.timepoint:
        return False
    # the endpoint's own words may go ("were MRD-negative"); the sample-size pattern spans whole
    # clauses ("patients with small cell lung cancer were randomised"), so there only the
    # population and enrolment words may
    pattern = dict(ENDPOINTS).get(intent.endpoint) if intent.endpoint != "sample size" else None
    rest = pattern.sub(" ", question) if pattern is not None else question
    return not count_subject(content_words(rest))


def _count_sentence(question: str, view: CorpusView, claims: list[Claim]) -> tuple[str, CitationList, list[Claim]]:
    """'30 infants were treated [1][2].' — the question's own words after 'how many'."""
    cits = CitationList(view)
    m = re.search(r"\bhow many\s+(.*?)\s*\??\s*$", question, re.I)
    rest = m.group(1) if m else ""
    rest = re.sub(r"^(were|was|are|is|did)\s+", "", rest, flags=re.I)
    # "how many babies did the study include": keep "babies", not the question's word order
    rest = re.split(r"\s+(?:did|do|does)\s+", rest, maxsplit=1, flags=re.I)[0]
    parts, used = [], []
    for group in _group_by_value(claims)[:3]:
        marks = "".join(f"[{cits.cite_claim(c)}]" for c in group)
        head = group[0]
        v, said = value_text(head), rest
        if head.n is not None and head.measure == Measure.PROPORTION and head.quote.startswith(format_value(head.n)):
            # "28 patients (93%)": a count question is answered with the count, its share beside it.
            v = head.quote
            noun = re.match(r"\d+\s+([a-z]+)", head.quote)
            if noun and said.lower().startswith(noun.group(1).lower()):
                said = said[len(noun.group(1)):].lstrip()
        parts.append(f"{v} {said} {marks}".replace("  ", " ") if said else f"{v} {marks}")
        used.extend(group)
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] + "."
    return text, cits, used


def _answer_context(question: str, intent: Intent, view: CorpusView, idx, claims: list[Claim]) -> Answer:
    """A figure the sources give only as background, quoted as such."""
    cits = CitationList(view)
    head = claims[0]
    n = cits.cite_claim(head)
    sentence = view.sentence_text(head).strip()
    text = (f"The sources give this only as background, not as a result of the study reported: "
            f"\u201c{sentence}\u201d [{n}]")
    return _finish(question, intent, view, idx, text, cits, [head])


def _answer_quoting(question: str, intent: Intent, view: CorpusView, idx, hits: list[tuple[int, int, str]],
                    lead: str) -> Answer:
    """An answer that quotes the passages that state it, each with its citation."""
    # a table cell ("25") or a run-on span of a damaged text says nothing quoted on its own
    hits = [(s, e, d) for s, e, d in hits if _quotable(view.documents[d].text[s:e])]
    if not hits:
        return _abstain(question, intent, view, idx, "no sentence of the indexed documents states this.")
    cits = CitationList(view)
    parts = []
    for s, e, doc_id in hits:
        n = cits.add(doc_id, s, e)
        parts.append(f"\u201c{view.documents[doc_id].text[s:e].strip()}\u201d [{n}]")
    text = f"{lead} " + "; ".join(parts)
    return _finish(question, intent, view, idx, text, cits, [])


MAX_QUOTE = 700


def _quotable(text: str) -> bool:
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 4 and len(text) <= MAX_QUOTE


def _answer_method(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    terms = [t for t in intent.terms if t != intent.verb]
    found = sentences_with_terms(view, terms, require=intent.verb, doc_ids=_doc_ids(intent))
    best = [f for f in found if f[0] >= 0.99 and _verb_used(view.documents[f[1]].text[f[2]:f[3]], intent.verb)]
    if not best:
        return _abstain(question, intent, view, idx, "no passage in the indexed documents says how this was done.")
    cits = CitationList(view)
    parts = []
    for _, doc_id, s, e in best[:2]:
        text = view.documents[doc_id].text[s:e]
        clause = _clause_with(text, intent.verb)
        n = cits.add(doc_id, s, e)
        parts.append(f"{clause} [{n}]")
    return _finish(question, intent, view, idx, "According to the sources, " + "; ".join(parts) + ".", cits, [])


def _verb_used(text: str, verb: str) -> bool:
    """The verb as a verb: "given that relapses occur" is a conjunction, not how a drug was given."""
    return bool(re.search(rf"\b{re.escape(verb)}\b(?!\s+that\b)", text, re.I))


def _clause_with(sentence: str, verb: str) -> str:
    """The clause of the sentence that holds the verb, verbatim, without its final full stop."""
    clauses = re.split(r"(?:;|,\s+(?:and|but|while|whereas)\s+)", sentence)
    chosen = next((cl for cl in clauses if _verb_used(cl, verb)), sentence).strip().rstrip(".")
    # It follows "According to the sources," so "A total of..." reads "a total of..." (acronyms kept).
    if len(chosen) > 1 and chosen[0].isupper() and not chosen[1].isupper():
        chosen = chosen[0].lower() + chosen[1:]
    return chosen


_SOURCE_SENTENCE_RE = re.compile(r"^\s*(?i:source)\s*:|\b(?i:published (in|online in))\b|"
                                 r"\b(?i:reported|appeared|appears) in (the )?[A-Z][a-z]+ (Journal|[A-Z])")


def _answer_source(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    hits = []
    doc_ids = _doc_ids(intent) or sorted(view.documents)
    for doc_id in sorted(doc_ids, key=lambda d: (view.documents[d].kind != "journal", d)):
        doc = view.documents[doc_id]
        for s, e in view.sentences(doc_id):
            if _SOURCE_SENTENCE_RE.search(doc.text[s:e]):
                hits.append((s, e, doc_id))
    if not hits:
        return _abstain(question, intent, view, idx, "no passage in the indexed documents says where it was published.")
    return _answer_quoting(question, intent, view, idx, hits[:4], "The sources say:")


_AE_KINDS = {"adverse_event"}


def _answer_list(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    items = [c for c in view.claims if c.kind in _AE_KINDS and (intent.doc_ids is None or c.doc_id in intent.doc_ids)]
    if intent.endpoint == "serious adverse events":
        serious = [c for c in items if "serious" in view.sentence_text(c).lower()]
        items = serious or items
    cits = CitationList(view)
    if len(items) >= 2:
        parts = []
        for c in items:
            name = c.endpoint_text or c.endpoint or "event"
            if view.key_of(c) in {"serious adverse events", "adverse events"} and name.lower() in {"serious adverse events", "adverse events"}:
                continue
            n = cits.cite_claim(c)
            parts.append(f"{name} ({value_text(c)}) [{n}]")
        if parts:
            text = "The sources list: " + ", ".join(parts) + "."
            if not ungrounded_numbers(text, cits.items):
                return _finish(question, intent, view, idx, text, cits, items)
    found = sentences_with_terms(view, [t for t in intent.terms if t not in {"which", "what"}],
                                 doc_ids=_doc_ids(intent))
    best = [(s, e, d) for score, d, s, e in found if score >= 0.99][:2]
    if not best:
        return _abstain(question, intent, view, idx, "the indexed documents list no such events.")
    return _answer_quoting(question, intent, view, idx, best, "The sources say:")


def _answer_subject_count(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    """"How many infants had seizures?" when no endpoint of ours names seizures: quote the sentences
    that name them together with an extracted figure, so the reader sees whether the number counts
    patients or events; otherwise abstain. Never the number of patients studied (a count of all
    infants is not a count of infants with seizures)."""
    found = sentences_with_terms(view, intent.subject, doc_ids=_doc_ids(intent))
    with_figures = []
    for score, doc_id, s, e in found:
        if score < 0.99:
            break
        if any(s <= c.start and c.end <= e and c.value is not None
               and c.kind not in {ClaimKind.SAMPLE_SIZE, ClaimKind.ELIGIBILITY, ClaimKind.THRESHOLD} for c in view.claims_by_doc.get(doc_id, ())):
            with_figures.append((s, e, doc_id))
    if not with_figures:
        return _abstain(question, intent, view, idx,
                        f"the indexed documents give no count for \u201c{' '.join(intent.subject)}\u201d.")
    return _answer_quoting(question, intent, view, idx, with_figures[:2], "The sources say:")


def _answer_passage(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    """No endpoint we know: quote a sentence only when it holds every content word of the question."""
    # the closest passage (ranked by what the question asks, results before aims) answers it, if any
    return _abstain(question, intent, view, idx, "no passage in the indexed documents answers this question.")


def ask(question: str, idx, history: list[Answer] | None = None) -> Answer:
    """Answer `question` from the index `idx`, or abstain; never a figure that no source states.

    `history`: the conversation's earlier answers, oldest first, so a follow-up ("and for the
    control group?", "what about overall survival?") is read against the previous question's study,
    endpoint and arm; the answer then says how it understood the question."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("ask() needs a non-empty question, e.g. 'What was the median follow-up?'")
    question = question.strip()
    view = view_of(idx)
    from .conversation import understand

    followup = understand(question, history or [], view)
    if followup is None:
        return _ask(question, question, idx, view, None)
    answer = _ask(question, followup.question, idx, view, followup.doc_ids)
    answer.text = f"Understood as: \u201c{followup.question}\u201d. " + answer.text
    return answer


def _ask(question: str, read_as: str, idx, view: CorpusView, carried: frozenset[str] | None) -> Answer:
    """`read_as` is the question as understood (a follow-up completed from the conversation);
    `carried` the documents the conversation was about, when the question names no study itself."""
    intent = classify(read_as)
    intent.topics = topic_terms(read_as, view.drug_names)
    trial = control_named_as_trial(read_as)
    if intent.arm == "control" and trial and not _compared_with(view, trial):
        intent.arm = ""  # "in the ABC-123 trial": the study itself, not a comparison group
    scope = resolve(read_as, view, intent.topics)
    if scope.missing:
        return _abstain(question, intent, view, idx,
                        f"no indexed document mentions {', '.join(repr(t) for t in sorted(set(scope.missing)))} "
                        "(allowing for case, hyphens and typos).")
    if scope.doc_ids is not None and not scope.doc_ids:
        return _abstain(question, intent, view, idx,
                        f"no indexed document mentions {' and '.join(sorted(set(intent.topics + scope.names)))} together.")
    intent.doc_ids = scope.doc_ids if scope.doc_ids is not None else carried
    answer = _answer_in_scope(question, read_as, intent, view, idx, scope)
    if answer.abstained and answer.intent != "scope" and GROUNDING_FAILED not in answer.text:
        closest = _closest_passage(question, read_as, intent, view, idx, scope)
        if closest is not None:
            return closest
    return answer


def _compared_with(view: CorpusView, trial: str) -> bool:
    """Whether some source's figures name `trial` as their arm or comparison group."""
    needle = " ".join(re.findall(r"[a-z0-9]+", trial.lower()))
    return any(needle in " ".join(re.findall(r"[a-z0-9]+", f"{c.arm} {c.comparator}".lower()))
               for c in view.claims if c.arm or c.comparator)


def _answer_in_scope(question: str, read_as: str, intent: Intent, view: CorpusView, idx, scope: Scope) -> Answer:
    groups = populations_asked(_outside_outcome(read_as))
    if groups and intent.kind in {"figure", "comparison", "count"}:
        # A figure from a study of infants does not answer a question about adults or girls.
        pool = intent.doc_ids if intent.doc_ids is not None else frozenset(view.documents)
        about = frozenset(d for d in pool if all(names_population(_population_text(view.documents[d]), g)
                                                  for g in groups))
        if not about:
            a = _abstain(question, intent, view, idx, f"no indexed study reports results for {' and '.join(groups)}.")
            a.intent = "scope"  # a population no study has: never answered from the closest passage
            return a
        intent.doc_ids = about
    if _MAIN_RESULTS_RE.search(read_as) and not intent.endpoint:
        return _answer_main_results(question, intent, view, idx)
    if _WHAT_IS_RE.match(read_as) and not intent.endpoint:
        return _answer_what_is(question, read_as, intent, view, idx)
    if intent.kind == "count" and intent.subject:
        # "the disease and the drug of the study" describe the patients, not what they had
        described = " ".join(f"{d.condition} {d.drug}" for d in view.documents.values()).lower()
        intent.subject = [w for w in intent.subject if w not in described]
        if not intent.subject:
            intent.endpoint = "sample size"
        else:
            return _answer_subject_count(question, intent, view, idx)
    if intent.kind == "source":
        return _answer_source(question, intent, view, idx)
    if intent.kind == "method":
        return _answer_method(question, intent, view, idx)
    if intent.kind == "list":
        return _answer_list(question, intent, view, idx)
    if intent.endpoint:
        return _answer_figure(question, intent, view, idx)
    return _answer_passage(question, intent, view, idx)


# ---- quoted answers: the closest passage, main results, what a thing is ----------------------------

def _question_terms(read_as: str, intent: Intent, scope: Scope) -> list[str]:
    """The question's words a passage should hold: not the study's name (the scope holds it), not
    the words that only say how the question is asked."""
    # the drugs and conditions that chose the study are in every sentence of it that matters: what
    # the passage must hold besides them is what the question asks about them
    name_words = {w.lower() for n in scope.names + intent.topics for w in re.findall(r"[A-Za-z0-9]+", n)}
    return [t for t in content_words(read_as) if t.lower() not in name_words and t.lower() not in _ASKING_WORDS]


def _quote_answer(question: str, intent_kind: str, view: CorpusView, spans: list[tuple[str, int, int]],
                  lead: str, flags: list[str]) -> Answer | None:
    spans = [(d, s, e) for d, s, e in spans if _quotable(view.documents[d].text[s:e])]
    if not spans:
        return None
    cits = CitationList(view)
    parts = []
    for doc_id, s, e in spans:
        n = cits.add(doc_id, s, e)
        parts.append(f"\u201c{view.documents[doc_id].text[s:e].strip()}\u201d [{n}]")
    text = f"{lead} " + "; ".join(parts)
    if ungrounded_numbers(text, cits.items):
        return None
    check_citations(cits.items, view)
    return Answer(question=question, text=text, citations=cits.items, claims=[], abstained=False,
                  intent=intent_kind, flags=flags)


def _closest_passage(question: str, read_as: str, intent: Intent, view: CorpusView, idx, scope: Scope) -> Answer | None:
    """No claim answers, but a sentence holds most of what the question asks: quote it, verbatim and
    marked as unchecked, with its figures listed. None when no sentence is close enough."""
    terms = _question_terms(read_as, intent, scope)
    if not terms and _YES_NO_RE.match(read_as):
        # "Is it better than chemotherapy?": the sentence that sets the study against what it names
        terms = list(intent.topics)
    if not terms:
        return None
    try:
        hits = view.known(idx.search(read_as, k=10))
    except Exception:  # a failed search leaves the abstention as it is
        hits = []
    found = closest_sentences(view, terms, doc_ids=_doc_ids(intent), hits=hits, timepoint=intent.timepoint,
                               similarity=_similarity_to(read_as, idx), focus=_asked_about(read_as, terms),
                               focus_similarity=_similarity_to(_outcome_of(read_as), idx),
                               endpoint=intent.endpoint, measure=intent.measure,
                               required=tuple(intent.subject), limit=1)
    if not found:
        return None
    if found[0][0] < select.PASSAGE_COVERAGE:
        return None
    if select.CALIBRATION is not None:  # the evaluation records how close each quoted passage was
        select.CALIBRATION[question] = found[0][0]
    _, doc_id, s, e = found[0]
    figures = [m.text for m in find_numbers(view.documents[doc_id].text[s:e], words=False)]
    flags = [UNCHECKED + (f" Figures in it: {', '.join(dict.fromkeys(figures))}." if figures else "")]
    return _quote_answer(question, "passage", view, [(doc_id, s, e)], CLOSEST_LEAD, flags)


_GROUPS_START_RE = re.compile(r"\b(with|in|among|for|on|after|versus|vs\.?|compared|between|receiving|given)\b", re.I)


def _asked_about(question: str, terms: list[str]) -> list[str]:
    """The terms of what the question asks ('What was <endpoint> with <arm> vs <arm>?'): those before
    the first word that starts naming groups."""
    body = re.sub(r"^\s*(what|how|which)\s+(was|were|is|are|did|does|do|many|much|often)\s+(the\s+)?", "", question, flags=re.I)
    m = _GROUPS_START_RE.search(body)
    head = body[:m.start()] if m else body
    head_words = {w.lower() for w in content_words(head)}
    return [t for t in terms if t.lower() in head_words]


def _outside_outcome(question: str) -> str:
    """The question without the outcome it asks about: "the odds of clinical pregnancy" is an
    outcome, "in pregnant women" a population ("What was <outcome> with/in <groups>?")."""
    body = re.sub(r"^\s*(what|which)\s+(was|were|is|are)\s+(the\s+)?", "", question, flags=re.I)
    if body == question:
        return question  # not the "what was <outcome> ..." form: every word may name the population
    m = _GROUPS_START_RE.search(body)
    return body[m.start():] if m else ""


def _outcome_of(question: str) -> str:
    """The outcome a question asks about, in its words ('What was <outcome> with A vs B?' -> <outcome>);
    the whole question when it has no groups."""
    body = re.sub(r"^\s*(what|which)\s+(was|were|is|are)\s+(the\s+)?", "", question, flags=re.I)
    m = _OUTCOME_END_RE.search(body)
    return body[:m.start()].strip() if body != question and m and m.start() > 0 else question


# where the outcome of "What was <outcome> with A vs B?" ends ("fall in diastolic BP" keeps its "in")
_OUTCOME_END_RE = re.compile(r"\b(with|among|receiving|given|versus|vs\.?|compared|between)\b|"
                             r"\b(in|for|on)\s+(the\s+)?[\w-]+\s+(group|arm|patients|participants)\b", re.I)


_SENTENCE_VECTORS: dict[int, dict[str, object]] = {}


def _similarity_to(question: str, idx):
    """Cosine similarity of the question to sentences with the index's own embedding model (the
    question's vector is the one search already computed); None when the index has no model."""
    embedder = getattr(idx, "embedder", None)
    query_vector = getattr(idx, "_query_vector", None)
    if embedder is None or query_vector is None:
        return None

    cache = _SENTENCE_VECTORS.setdefault(id(idx), {})

    def similarity(texts: list[str]) -> list[float]:
        try:
            q = query_vector(question)[0]
            new = [t for t in dict.fromkeys(texts) if t not in cache]
            if new:
                if len(cache) > 50_000:  # bounded: a long-running app asks about many sentences
                    cache.clear()
                cache.update(zip(new, embedder.encode(new)))
            return [float(cache[t] @ q) for t in texts]
        except Exception:  # ranking by meaning is a refinement; without it, coverage decides
            return [0.0] * len(texts)

    return similarity


def _study_docs(intent: Intent, view: CorpusView, idx, question: str) -> list[str]:
    """The documents in scope, or the study of the best search hit when the question names none."""
    if intent.doc_ids is not None:
        return sorted(intent.doc_ids)
    try:
        hits = view.known(idx.search(question, k=5))
    except Exception:
        return []
    if not hits:
        return []
    # the study of the best hit, all its sources (a news story and the paper it reports)
    top = view.documents[hits[0].doc_id]
    return [top.id] + [d.id for d in view.same_study(top)]


_YES_NO_RE = re.compile(r"^\s*(is|are|was|were|did|does|do|can|could|has|have|had)\b", re.I)
_PRIMARY_RE = re.compile(r"\bprimary\b", re.I)


def _answer_main_results(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    """The primary endpoint's results per arm, as the sources state them; else the first result
    sentences with figures of the study."""
    spans = []
    for doc_id in _study_docs(intent, view, idx, question)[:3]:
        text = view.documents[doc_id].text
        with_figures = []
        for s, e in view.sentences(doc_id):
            claims = [c for c in view.claims_by_doc.get(doc_id, ()) if s <= c.start and c.end <= e
                      and c.value is not None and c.kind not in {ClaimKind.SAMPLE_SIZE, ClaimKind.BACKGROUND, ClaimKind.THRESHOLD, ClaimKind.ELIGIBILITY}]
            if claims:
                with_figures.append((doc_id, s, e, bool(_PRIMARY_RE.search(text[s:e]))))
        primary = [x for x in with_figures if x[3]]
        # a headline is not a result sentence; a sentence giving the study and its comparison
        # group's figures is the result per arm
        body = [x for x in with_figures if not _is_title(view.documents[doc_id], x[1], x[2])]
        per_arm = [x for x in body if _arms_in(view, doc_id, x[1], x[2]) >= 2]
        spans.extend((d, s, e) for d, s, e, _ in (primary or per_arm or body)[:2])
    if spans:
        a = _quote_answer(question, "main results", view, spans[:3], "The main results, as the sources state them:", [])
        if a is not None:
            return a
    return _abstain(question, intent, view, idx, "no passage in the indexed documents states results of this study.")


def _is_title(doc, start: int, end: int) -> bool:
    return doc.text[start:end].strip() == doc.title.strip() or start == 0 and not doc.text[start:end].rstrip().endswith(".")


def _arms_in(view: CorpusView, doc_id: str, start: int, end: int) -> int:
    """How many groups (study, comparison) the result figures of a sentence belong to."""
    claims = [c for c in view.claims_by_doc.get(doc_id, ()) if start <= c.start and c.end <= end and c.value is not None]
    return len({(is_control(c, view), c.arm) for c in claims})


def _answer_what_is(question: str, read_as: str, intent: Intent, view: CorpusView, idx) -> Answer:
    """'What is blinatumomab?': the first sentences of the sources that name it, quoted."""
    thing = _WHAT_IS_RE.match(read_as).group("thing")
    wanted = stems(thing)
    if not wanted:
        return _abstain(question, intent, view, idx, "the question names nothing to look up.")
    spans = []
    for doc_id in sorted(intent.doc_ids if intent.doc_ids is not None else view.documents,
                         key=lambda d: (view.documents[d].kind != "journal", d)):
        naming = [(s, e) for s, e in view.sentences(doc_id) if wanted <= view.span_stems(doc_id, s, e)]
        body = [(s, e) for s, e in naming if not _is_title(view.documents[doc_id], s, e)]
        if body or naming:
            spans.append((doc_id, *(body or naming)[0]))
        if len(spans) == 2:
            break
    if spans:
        a = _quote_answer(question, "definition", view, spans, "The sources say:", [])
        if a is not None:
            return a
    return _abstain(question, intent, view, idx, f"no indexed document says what {thing} is.")


def _population_text(doc) -> str:
    """Where a source says whom it studied: its title and study description, the condition, and its
    opening (a later passing mention, "as in older patients", is not the study's population)."""
    return " ".join([doc.title, doc.study_title, doc.condition, doc.text[:1000]])


def _doc_ids(intent: Intent) -> list[str] | None:
    return sorted(intent.doc_ids) if intent.doc_ids is not None else None
