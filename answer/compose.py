"""Compose an answer from claims and passages, deterministically, with [n] citations to exact spans.

Every answer passes the grounding check before it is returned; one that fails becomes an abstention.
Figure sentences are written from claim fields; the composer tries the richest wording first and
falls back to plainer ones, so a figure the extractor mis-attached (a CI from another sentence)
is dropped rather than shown.
"""

from __future__ import annotations

import re

from extract.models import Answer, Claim, SearchHit

from .corpus_view import CitationList, CorpusView, check_citations, view_of
from .flags import flags_for
from .grounding import ungrounded_numbers
from .intent import Intent, classify
from .numbers import find_numbers, format_value
from .select import CONTEXT_KINDS, claim_timepoint, claims_for, is_control, sentences_with_terms

NOT_IN_SOURCES = "Not in the sources"
NEAREST_K = 3


# ---- figures as text -------------------------------------------------------------------------

def value_text(c: Claim) -> str:
    """The figure as the source writes it, with its unit."""
    if c.value_text:
        v = c.value_text.strip()
        if c.unit and c.unit not in {"%", "percent"} and c.unit not in v and not v.endswith("%"):
            v += f" {c.unit}"
    else:
        v = format_value(c.value) if c.value is not None else ""
        if c.unit in {"%", "percent"}:
            v += "%"
        elif c.unit:
            v += f" {c.unit}"
    if c.qualifier and not v.startswith(c.qualifier):
        v = f"{c.qualifier} {v}"
    return v


def as_written(value: float, quote: str) -> str:
    """A bound as the source writes it ('92.0', not '92'), found among the quote's numbers."""
    target = format_value(value)
    for n in find_numbers(quote, words=False):
        if n.canonical == target:
            return n.text
    return target


def spread_text(c: Claim) -> str:
    """'(95% CI, 60.8 to 92.0)' or '(range, 3.9 to 48.2)' or ''."""
    if c.ci_low is not None and (c.ci_high is not None or c.ci_high_open):
        level = f"{format_value(c.ci_level)}% CI" if c.ci_level else "CI"
        high = "not reached" if c.ci_high_open or c.ci_high is None else as_written(c.ci_high, c.quote)
        return f" ({level}, {as_written(c.ci_low, c.quote)} to {high})"
    if c.range_low is not None and c.range_high is not None:
        return (f" ({c.range_kind or 'range'}, {as_written(c.range_low, c.quote)} to "
                f"{as_written(c.range_high, c.quote)})")
    return ""


def endpoint_label(c: Claim, key: str, view: CorpusView) -> str:
    tp = c.timepoint.strip() if c.timepoint else ""
    name = key or c.endpoint or c.endpoint_text
    if c.measure in {"median", "mean"} and c.measure not in name.lower():
        name = f"{c.measure} {name}"
    if tp and re.match(r"^\S+-(year|month|week|day)s?$", tp, re.I):
        label = f"{tp} {name}"  # "two-year overall survival"
    elif tp:
        label = f"{name} {tp}"  # "overall survival at 2 years"
    else:
        label = name
    return label[:1].upper() + label[1:]


def arm_phrase(c: Claim, control: bool) -> str:
    if not c.arm:
        return ""
    if re.match(r"(our|this|the) study$", c.arm, re.I):
        return " in the study"
    if control:
        if re.match(r"(the|a|an)\b", c.arm, re.I):
            return f" in {c.arm}"
        if re.search(r"\b(trial|study|cohort|group|arm|controls?)$", c.arm, re.I):
            return f" in the {c.arm}"
        return f" in the {c.arm} group"
    return f" with {c.arm}"


def figure_variants(c: Claim) -> list[str]:
    """Richest first: value with its spread, then the bare value."""
    v = value_text(c)
    spread = spread_text(c)
    return [v + spread, v] if spread else [v]


# ---- answer assembly -----------------------------------------------------------------------

def _grounded(text: str, flags: list[str], citations: CitationList) -> bool:
    return not ungrounded_numbers(text + "\n" + "\n".join(flags), citations.items)


def _abstain(question: str, intent: Intent, view: CorpusView, idx, reason: str) -> Answer:
    nearest: list[SearchHit] = []
    try:
        hits = idx.search(question, k=NEAREST_K + 3)
    except Exception:  # a failed search must not turn an abstention into a crash
        hits = []
    for h in hits:
        doc = view.documents.get(h.doc_id)
        if doc is not None and doc.is_citable(h.start, h.end):
            nearest.append(h)
        if len(nearest) == NEAREST_K:
            break
    text = f"{NOT_IN_SOURCES}: {reason} The nearest passages are shown below; none of them answers the question."
    return Answer(question=question, text=text, abstained=True, intent=intent.kind, nearest=nearest)


def _finish(question: str, intent: Intent, view: CorpusView, idx, text: str, citations: CitationList,
            claims: list[Claim]) -> Answer:
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
    """'Two-year overall survival was 93.3% (95% CI, ...) with X [1], as compared with 65.8% ... [1].'"""
    cits = CitationList(view)
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
        label = endpoint_label(head, key, view) if i == 0 else "Another source gives"
        verb = " was " if i == 0 else " "
        parts.append(f"{label}{verb}{fig}{arm_phrase(head, not study)} {marks}")
        used.extend(group)
    text = "; ".join(parts)
    if study and control:
        ctrl = _group_by_value(control)[0]
        head = ctrl[0]
        fig = figure_variants(head)[0 if rich else -1]
        marks = "".join(f"[{cits.cite_claim(c)}]" for c in ctrl)
        text += f", as compared with {fig}{arm_phrase(head, True)} {marks}"
        used.extend(ctrl)
    return text + ".", cits, used


def _answer_figure(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    claims = claims_for(view, intent)
    if not claims:
        context = claims_for(view, intent, allow_context=True)
        if context:
            return _answer_context(question, intent, view, idx, context)
        what = intent.endpoint or "this"
        when = " at that timepoint" if intent.timepoint and claims_for(view, Intent("figure", intent.endpoint)) else ""
        return _abstain(question, intent, view, idx, f"the indexed documents report no figure for {what}{when}.")
    if intent.kind == "count":
        counts = [c for c in claims if c.measure in {"count", ""} or c.kind in {"count", "sample_size", "adverse_event"}]
        claims = counts or claims
    if intent.timepoint:
        exact = [c for c in claims if claim_timepoint(c, view) == intent.timepoint]
        # Sources without a timepoint may repeat the figure; they join only with the same value.
        values = {c.value for c in exact}
        claims = exact + [c for c in claims if c not in exact and c.value in values]
    if intent.kind == "count":
        chosen = _first_grounded([_count_sentence(question, view, claims)])
    else:
        chosen = _first_grounded([_figure_sentences(view, intent, claims, rich=True),
                                  _figure_sentences(view, intent, claims, rich=False)])
    if chosen is None:
        return _abstain(question, intent, view, idx,
                        "an answer was composed but failed the grounding check, so it is not shown.")
    text, cits, used = chosen
    return _finish(question, intent, view, idx, text, cits, used)


def _count_sentence(question: str, view: CorpusView, claims: list[Claim]) -> tuple[str, CitationList, list[Claim]]:
    """'30 infants were treated [1][2].' — the question's own words after 'how many'."""
    cits = CitationList(view)
    m = re.search(r"\bhow many\s+(.*?)\s*\??\s*$", question, re.I)
    rest = m.group(1) if m else ""
    rest = re.sub(r"^(were|was|are|is|did)\s+", "", rest, flags=re.I)
    parts, used = [], []
    for group in _group_by_value(claims)[:3]:
        marks = "".join(f"[{cits.cite_claim(c)}]" for c in group)
        v = value_text(group[0])
        parts.append(f"{v} {rest} {marks}".replace("  ", " ") if rest else f"{v} {marks}")
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
    cits = CitationList(view)
    parts = []
    for s, e, doc_id in hits:
        n = cits.add(doc_id, s, e)
        parts.append(f"\u201c{view.documents[doc_id].text[s:e].strip()}\u201d [{n}]")
    text = f"{lead} " + "; ".join(parts)
    return _finish(question, intent, view, idx, text, cits, [])


def _answer_method(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    terms = [t for t in intent.terms if t != intent.verb]
    found = sentences_with_terms(view, terms, require=intent.verb)
    best = [f for f in found if f[0] >= 0.99]
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


def _clause_with(sentence: str, verb: str) -> str:
    """The clause of the sentence that holds the verb, verbatim, without its final full stop."""
    clauses = re.split(r"(?:;|,\s+(?:and|but|while|whereas)\s+)", sentence)
    for cl in clauses:
        if re.search(rf"\b{re.escape(verb)}\b", cl, re.I):
            return cl.strip().rstrip(".")
    return sentence.strip().rstrip(".")


_SOURCE_SENTENCE_RE = re.compile(r"^\s*(?i:source)\s*:|\b(?i:published (in|online in))\b|"
                                 r"\b(?i:reported|appeared|appears) in (the )?[A-Z][a-z]+ (Journal|[A-Z])")


def _answer_source(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    hits = []
    for doc_id in sorted(view.documents, key=lambda d: (view.documents[d].kind != "journal", d)):
        doc = view.documents[doc_id]
        for s, e in view.sentences(doc_id):
            if _SOURCE_SENTENCE_RE.search(doc.text[s:e]):
                hits.append((s, e, doc_id))
    if not hits:
        return _abstain(question, intent, view, idx, "no passage in the indexed documents says where it was published.")
    return _answer_quoting(question, intent, view, idx, hits[:4], "The sources say:")


_AE_KINDS = {"adverse_event"}


def _answer_list(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    items = [c for c in view.claims if c.kind in _AE_KINDS and c.kind not in CONTEXT_KINDS]
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
    found = sentences_with_terms(view, [t for t in intent.terms if t not in {"which", "what"}])
    best = [(s, e, d) for score, d, s, e in found if score >= 0.99][:2]
    if not best:
        return _abstain(question, intent, view, idx, "the indexed documents list no such events.")
    return _answer_quoting(question, intent, view, idx, best, "The sources say:")


def _answer_passage(question: str, intent: Intent, view: CorpusView, idx) -> Answer:
    """No endpoint we know: quote a sentence only when it holds every content word of the question."""
    if len(intent.terms) >= 2:
        found = sentences_with_terms(view, intent.terms)
        best = [(s, e, d) for score, d, s, e in found if score >= 0.99][:2]
        if best:
            return _answer_quoting(question, intent, view, idx, best, "The sources say:")
    return _abstain(question, intent, view, idx, "no passage in the indexed documents answers this question.")


def ask(question: str, idx) -> Answer:
    """Answer `question` from the index `idx`, or abstain; never a figure that no source states."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("ask() needs a non-empty question, e.g. 'What was the median follow-up?'")
    question = question.strip()
    view = view_of(idx)
    intent = classify(question)
    missing = [t for t in intent.topics if t not in view.lower_text]
    if missing:
        return _abstain(question, intent, view, idx,
                        f"the indexed documents do not mention {', '.join(sorted(set(missing)))}.")
    if intent.kind == "source":
        return _answer_source(question, intent, view, idx)
    if intent.kind == "method":
        return _answer_method(question, intent, view, idx)
    if intent.kind == "list":
        return _answer_list(question, intent, view, idx)
    if intent.endpoint:
        return _answer_figure(question, intent, view, idx)
    return _answer_passage(question, intent, view, idx)


