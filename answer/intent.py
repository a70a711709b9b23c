"""What a question asks for: a figure, a comparison, a count, a list, a method or a source.

Rules, not a model: the question forms users type are few, and a rule that misfires can be read
and fixed. The intent also carries the endpoint, timepoint and arm the question names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.vocab import arms, measures
from extract.vocab.numbers import NUMBER_WORDS

from .vocabulary import ENDPOINTS, content_words, endpoint_key, topic_terms

_SOURCE_RE = re.compile(r"\b(where|which journal|what journal|in what journal)\b.*\b(publish|report|appear)|"
                        r"\b(source|journal|publication)\b.*\?*$|\bpublished\b", re.I)
_METHOD_RE = re.compile(r"^\s*how\s+(was|were|is|are|did|do|does)\b(?!.*\bmany\b)(?!.*\bmuch\b)(?!.*\blong\b)", re.I)
_COUNT_RE = re.compile(r"\bhow many\b|\bnumber of\b|\bhow much\b", re.I)
# "How much did anxiety fall?", "how much longer did they live?": an amount of change, a figure like
# any other, never a count of patients
_AMOUNT_OF_CHANGE_RE = re.compile(
    r"\bhow much\s+(?:(?:" + "|".join(measures.CHANGE_COMPARATIVES) + r")\b|(?:\w+\s+){1,6}?(?:"
    + "|".join(measures.CHANGE_VERBS_ASKED) + r")\b)", re.I)
_LIST_RE = re.compile(r"^\s*(which|what)\s+(\w+\s+){0,3}?(events|effects|reactions|toxicities|outcomes|endpoints|"
                      r"complications|infections)\b|\blist\b|\bwhat were the\b.*\b(events|effects)\b", re.I)
_COMPARE_RE = re.compile(r"\bcompared?\b|\bversus\b|\bvs\.?\b|\bthan\b|\bagainst\b|\bcontrols?\b|\bdifference\b", re.I)
# "two-year", "24 months"; never an age ("younger than 1 year of age", "aged 18 years", "5-year-old").
_TIMEPOINT_RE = re.compile(r"(?<![\d.,·])(?<!aged )(?<!than )(?<!age )\b(\d+|" + "|".join(NUMBER_WORDS) +
                           r")[- ](?:(?:more|extra|additional) )?(year|month|week|day)s?\b(?!\s+of age)(?![- ]old)", re.I)
_CONTROL_ARM_RE = re.compile(arms.CONTROL_QUESTION + "|" + arms.NAMED_TRIAL, re.I)
_NAMED_TRIAL_RE = re.compile(arms.NAMED_TRIAL, re.I)
_CONTROL_WORDS_RE = re.compile(arms.CONTROL_QUESTION, re.I)
_DESIGN_RE = re.compile(r"\bplacebo[- ]controlled\b|\b(?:double|single)[- ]blind\b", re.I)
_METHOD_VERB_RE = re.compile(r"\b(measured|assessed|determined|detected|evaluated|defined|given|administered|"
                             r"collected|analy[sz]ed|monitored|diagnosed|tested|designed|conducted|treated)\b", re.I)


def control_named_as_trial(question: str) -> str:
    """The trial name that alone made the question ask about the comparison group ('Interfant-06
    trial'), or '' when a control word (placebo, control group) says so or no trial is named. The
    caller keeps the reading only when the sources call that trial a comparison group: "in the
    ABC-123 trial" is usually the study itself."""
    grouped = _DESIGN_RE.sub(" ", question)
    if _CONTROL_WORDS_RE.search(grouped):
        return ""
    m = _NAMED_TRIAL_RE.search(grouped)
    return m.group().rsplit(None, 1)[0] if m else ""


@dataclass
class Intent:
    kind: str  # figure | comparison | count | list | method | source
    endpoint: str = ""
    timepoint: str = ""
    arm: str = ""  # "control" when the question asks about the comparator only
    terms: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    verb: str = ""
    measure: str = ""  # "hazard ratio", "odds ratio", "median", ... when the question names one
    doc_ids: frozenset[str] | None = None  # the documents about the drug/disease the question names
    # A count question about something that is not the study population ("how many infants had
    # seizures?"): the words naming it. Never answered with the number of patients studied.
    subject: list[str] = field(default_factory=list)
    question: str = ""  # the question as read (a follow-up completed), for the scored claim match


def timepoint_of(text: str) -> str:
    """'two-year' / '2 years' -> '2 year'; '' when the text names no timepoint."""
    m = _TIMEPOINT_RE.search(text)
    if not m:
        return ""
    num = m.group(1).lower()
    num = str(NUMBER_WORDS.get(num, num))
    return f"{num} {m.group(2).lower()}"


def timepoints_of(text: str) -> set[str]:
    """Every timepoint a text names, as timepoint_of writes them."""
    return {timepoint_of(m.group()) for m in _TIMEPOINT_RE.finditer(text)}


# Abbreviations only in capitals: "OR" is an odds ratio, "or" is a conjunction.
_MEASURE_RE = [(name, re.compile(pattern)) for name, pattern in measures.QUESTION_MEASURES]
RATIO_MEASURES = measures.RATIO_MEASURES


def measure_pattern(measure: str) -> re.Pattern[str] | None:
    """The words by which a text names `measure` ('hazard ratio' -> 'hazard ratio' or 'HR')."""
    return dict(_MEASURE_RE).get(measure)


def measure_of(text: str) -> str:
    """The summary measure a question names, or ''."""
    return next((name for name, pattern in _MEASURE_RE if pattern.search(text)), "")


def timepoint_words(tp: str) -> str:
    """'2 year' -> '2 years', '1 month' -> '1 month': a canonical timepoint for display."""
    num, _, unit = tp.partition(" ")
    return f"{num} {unit}s" if unit and num != "1" else tp


def classify(question: str) -> Intent:
    q = question.strip()
    terms = content_words(q)
    topics = topic_terms(q)
    ep = endpoint_key(q)
    # "What was <outcome> with <group> vs <group>?": the endpoint is the outcome's, never a word of a
    # group's name ("... with follow-up and education vs standard information" asks no follow-up)
    groups = _VS_GROUPS_RE.search(q)
    if groups and ep:
        ep = endpoint_key(q[:groups.start()])
    if ep == "sample size" and not _COUNT_RE.search(q):
        # "Among all 300 randomised participants, what was the rate of stroke?": the number
        # randomised frames the question; the endpoint is what else it names, if anything
        other = endpoint_key(dict(ENDPOINTS)["sample size"].sub(" ", q))
        ep = other or ep
    tp = timepoint_of(q)
    verb_m = _METHOD_VERB_RE.search(q)
    verb = verb_m.group(1).lower() if verb_m else ""
    # "for the control group" names the group asked about; it compares only with another comparison word
    # a design word ("in the placebo-controlled period") names no group
    grouped = _DESIGN_RE.sub(" ", q)
    unnamed = _CONTROL_ARM_RE.sub(" ", grouped)
    arm = "control" if _CONTROL_ARM_RE.search(grouped) and not _COMPARE_RE.search(unnamed) else ""
    subject: list[str] = []

    if _SOURCE_RE.search(q) and not ep:
        kind = "source"
    elif _COUNT_RE.search(q) and not (_AMOUNT_OF_CHANGE_RE.search(q) and not re.search(r"\bhow many\b", q, re.I)):
        kind = "count"
        if not ep:
            subject = count_subject(terms)
            if not subject:
                ep = "sample size"  # "how many infants were in the study?": the number of patients
        elif ep == "sample size" and count_subject(terms) and _EVENT_COUNT_RE.search(q):
            # "number of patients who received at least one transfusion": patients with an event,
            # not the number enrolled
            ep, subject = "", count_subject(terms)
    elif _METHOD_RE.search(q) and verb:
        kind = "method"
    elif _LIST_RE.search(q):
        kind = "list"
    elif _COMPARE_RE.search(unnamed if arm else q) and ep:
        kind = "comparison"
    else:
        kind = "figure"
    return Intent(kind=kind, endpoint=ep, timepoint=tp, arm=arm, terms=terms, topics=topics, verb=verb,
                  measure=measure_of(q), subject=subject if kind == "count" and not ep else [], question=q)


# where the groups of a "<outcome> with A vs B" question start: a "with" before "vs"/"versus"
_VS_GROUPS_RE = re.compile(r"\b(with|in|among|receiving)\b(?=[^?]*\b(vs\.?|versus)\b)", re.I)
# an event the counted patients had: "at least one", "who developed", "requiring", "with any"
_EVENT_COUNT_RE = re.compile(r"\bat least (one|1)\b|\bwho (had|developed|experienced|required|needed)\b|"
                             r"\brequir(ed|ing)\b|\bwith (any|an?)\b", re.I)


# Words a question about the number of patients studied uses besides the patients' description.
_POPULATION_RE = re.compile(
    r"^(infants?|bab(y|ies)|children|child|kids?|neonates?|newborns?|patients?|participants?|subjects?|people|"
    r"persons?|individuals?|adults?|women|men|volunteers?|cases?|number|total|overall|younger|older|aged?|"
    r"years?|months?|weeks?|days?|old|took|take|taking|part|got|get|include[sd]?|including|enroll?(ed|ment)?|"
    r"treat(ed|ment)?|receiv(e|ed|ing)|randomi[sz]ed|given|studied|recruited|analy[sz]ed|evaluated|assigned|"
    r"allocated|participated|involved|there|trial|study|cohort|sample|size|group|arm|newly|diagnosed|"
    # verbs that introduce what the patients had, not part of its name
    r"ha(d|ve|s|ving)|develop(ed|s)?|experienc(e|ed|es)|suffer(ed|s)?|show(ed|s)?|present(ed|s)?|got|reported)$", re.I)


def count_subject(terms: list[str]) -> list[str]:
    """The words of a count question that name something other than the patients studied:
    ['seizures'] for "How many infants had seizures?", [] for "How many infants were treated?".
    Words describing the population (its disease, the drug) are removed later, against the corpus."""
    return [t for t in terms if not _POPULATION_RE.match(t)]
