"""Endpoint names: canonical names for the common ones, the text as written otherwise.

`find_endpoint` looks right after the figure first ("81.6% disease-free survival rate"), then
for the nearest mention before it in the sentence ("Two-year disease-free survival was 81.6%"),
then falls back to the subject of the clause ("The mean size of the capsulorhexis was 4.6 mm").
Phrases tied to the figure by syntax come before that looser search (attribution.py orders them):
"label: figure" (`colon_label`), "a daily decline of 34%" (`noun_of_figure`), "a decrease of 3.6
points in anxiety" (`object_after`). A phrase is cut where a time or comparison phrase with a
number starts ("physical activity at 12 months for the modified CHAMPS"), after the last bracketed
figure ("..., or societal costs (£675"), and is refused when it names only a comparison or a
measure ("no evidence of a treatment effect", "a hazard ratio": `is_generic`, `_names_no_outcome`),
a verdict ("were similar"), a group ("Group D0.3") or who was measured ("intervention participants").
Abbreviations defined in the text are expanded when they are the whole endpoint ("EFS").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .scan import variants, word_hits
from .vocab import endpoints as vocab_endpoints, measures as vocab_measures, units, populations, sections, time as vocab_time, treatments
from typing import Optional

# (canonical name, long forms as a case-insensitive pattern, abbreviations in exact case), read
# from the one endpoint table (extract/vocab/endpoints.py)
_ENDPOINTS: list[tuple[str, str, tuple[str, ...]]] = [
    (e.name, e.long, e.abbreviations) for e in vocab_endpoints.ENDPOINTS if e.canonical
]
CANONICAL: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"(?i:\b(?:{long})\b)" + "".join(rf"|(?<![\w-]){a}(?![\w-])" for a in abbrs)))
    for name, long, abbrs in _ENDPOINTS
]


def _first_words(long: str) -> set[str]:
    # every literal word of the long forms ("relapses?" gives relapse and relapses): a match must
    # start at one of them, so the word index finds every candidate position
    words = set()
    for m in re.finditer(r"(?<![A-Za-z])([A-Za-z]{3,})(\?)?", re.sub(r"\\[sbwd]|\(\?[:!<=]+", " ", long)):
        words.add(m.group(1))
        if m.group(2):
            words.add(m.group(1)[:-1])
    if "leuka?emia" in long:
        words |= {"leukemia", "leukaemia"}
    return words


_ABBREVIATIONS = {name: abbrs for name, _, abbrs in _ENDPOINTS}


def endpoint_abbreviations() -> dict[str, str]:
    """{'OS': 'overall survival', 'SAEs': 'serious adverse events', ...}: the endpoint abbreviations
    in their exact case, with the canonical name claims carry (the vocabulary's table)."""
    return vocab_endpoints.endpoint_abbreviations()


_MATCHERS: list[tuple[str, re.Pattern[str], frozenset[str]]] = []
for _name, _long, _abbrs in _ENDPOINTS:
    _firsts = _first_words(_long) | ({"survival", "surviving"} if _long.startswith("(?:survival") else set())
    _MATCHERS.append((_name, re.compile(rf"(?:{_long})\b", re.I), variants(*_firsts, *_abbrs)))

_SKIP_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _name, _pattern, _firsts in _MATCHERS:
    for _w in _firsts:
        _BY_FIRST.setdefault(_w, []).append((_name, _pattern))
_ALL_FIRSTS = frozenset(_BY_FIRST)


@lru_cache(maxsize=8)
def _all_mentions(norm: str) -> tuple[list[int], list[tuple[int, int, str]]]:
    # one pass per pattern over the whole text, then range queries by bisection
    found = set()
    for s, e in word_hits(norm, _ALL_FIRSTS):
        word = norm[s:e]
        for name, pattern in _BY_FIRST.get(word.lower(), ()):
            if word in _ABBREVIATIONS[name]:
                # an abbreviation must stand alone ("OS", not "OS-1" or "DOS")
                if not ((s > 0 and (norm[s - 1].isalnum() or norm[s - 1] == "-")) or (e < len(norm) and (norm[e].isalnum() or norm[e] == "-"))):
                    found.add((s, e, name))
                continue
            m = pattern.match(norm, s)
            if m:
                found.add((m.start(), m.end(), name))
    found = sorted(found)
    return [f[0] for f in found], found


def canonical_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every canonical endpoint mention inside norm[lo:hi]."""
    starts, found = _all_mentions(norm)
    i = bisect_left(starts, lo)
    out = []
    while i < len(found) and found[i][0] < hi:
        if found[i][1] <= hi:
            out.append(found[i])
        i += 1
    return out


def canonical_name(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """The canonical name for an endpoint as written, or '' when it is not a common one."""
    t = text.strip()
    if abbreviations and t in abbreviations:
        t = abbreviations[t]
    return _canonical_name(t)


@lru_cache(maxsize=4096)
def _canonical_name(t: str) -> str:
    if len(t) > 60:
        return ""
    for name, p in CANONICAL:
        if p.fullmatch(t) or p.fullmatch(re.sub(r"\s+rates?$", "", t)):
            return name
    return ""


def nearest_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int, str]]:
    mentions = canonical_mentions(norm, lo, pos)
    if mentions and ("(" in norm[mentions[0][0]:pos] or "[" in norm[mentions[0][0]:pos]):
        # "The overall response rate was 64% (18% complete response-CR) and 69%": a mention inside
        # a bracket that closed before the figure qualifies another figure
        blanked = _blank_brackets(norm[lo:pos])
        mentions = [m for m in mentions if blanked[m[0] - lo:m[1] - lo].strip()]
    if not mentions:
        return None
    # the mention ending nearest the figure; of mentions overlapping it, the longest
    # ("event-free survival rate": event-free survival, not survival)
    near = max(mentions, key=lambda m: (m[1], m[1] - m[0]))
    overlapping = [m for m in mentions if m[0] < near[1] and near[0] < m[1]]
    return max(overlapping, key=lambda m: (m[1] - m[0], m[1]))


def right_after(norm: str, pos: int, hi: int) -> Optional[tuple[int, int, str]]:
    """A canonical endpoint within a few words after the figure: '81.6% disease-free survival rate'."""
    window = norm[pos:min(hi, pos + 40)]
    lead = re.match(r"^\s*(?:\w+\s+){0,1}", window)
    mentions = canonical_mentions(norm, pos, min(hi, pos + 40))
    mentions = [m for m in mentions if m[0] <= pos + (lead.end() if lead else 0) + 1]
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m[0], -(m[1] - m[0])))




_PRONOUNS = {"there", "it", "this", "these", "we", "they", "that", "which", "most", "many", "few", "some", "both", "all"}
_VERB = re.compile(
    r"was|were|is|are|reached|achieved|showed|improved|increased|decreased|reduced|declined|rose|fell|remained|"
    r"averaged|totalled|totaled|equalled|:"
)
_LEAD_WORDS = {
    "however", "overall", "moreover", "furthermore", "similarly", "thus", "also", "and", "but", "whereas", "while",
    "respectively", "there", "was", "were", "no", "the", "a", "an", "mean", "median", "average", "total", "our", "their",
    "its", "this", "these", "both", "all", "estimated", "adjusted", "crude", "absolute", "relative", "significant",
    "significantly", "corresponding", "it", "we", "they", "less", "more", "fewer", "greater", "lower", "higher",
    "or", "only", "just", "not", "although", "though", "because", "since", "if", "yet", "statistically",
    "had", "has", "have",
}
_TRAIL_WORDS = {
    "was", "were", "is", "are", "of", "by", "to", "in", "with", "for", "at", "and", "or", "a", "an", "the", "than",
    "from", "on", "showed", "reached", "increased", "decreased", "reduced", "improved", "declined", "rose", "fell",
    "had", "has", "have", "significantly", "respectively", "vs", "vs.", "versus", "=", "only", "not",
}
_TAIL_CUT = {"compared", "vs", "vs.", "versus", "than", "among", "at", "after", "during", "within", "over", "relative"}
_TOKEN = re.compile(r"\S+")
_DIGIT_TOKEN = re.compile(r"^[^A-Za-z]*\d[^A-Za-z]*$|^[^A-Za-z]*\d[^A-Za-z]?[A-Za-z]?$")


def _named_number(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """'CIN grade 3 or worse', 'type 2 diabetes': a number that belongs to the name before it."""
    return i > 0 and tokens[i - 1][0].rstrip(",") in vocab_endpoints.NUMBERED_NAME_WORDS


def _words(text: str) -> list[tuple[str, int, int]]:
    """(bare lower-case word, start, end) of each token, punctuation around it left out of the word;
    a word that a comma closes is marked with a trailing ',' in its lower-case form."""
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        comma = text[e - 1] == ","
        while e > s and text[e - 1] in ",;:.":
            e -= 1
        if e > s:
            out.append((text[s:e].lower() + ("," if comma else ""), s, e))
        elif comma and out and not out[-1][0].endswith(","):
            out[-1] = (out[-1][0] + ",", out[-1][1], out[-1][2])  # "type ," after a blanked bracket
    return out


def _strip_lead(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while tokens:
        first = tokens[0][0].rstrip(",")
        if first in _LEAD_WORDS:
            tokens = tokens[1:]
        elif len(tokens) > 2 and (first, tokens[1][0].rstrip(",")) in _LEAD_PAIRS:
            tokens = tokens[2:]  # "at least moderate-intensity physical activity"
        else:
            break
    return tokens


_LEAD_PAIRS = {("at", "least"), ("at", "most"), ("up", "to")}


_TIME_UNITS = vocab_time.TIME_WORDS
_PRE_CUT = {"at", "after", "during", "within", "over", "by", "from", "until", "till", "through", "compared"}


def _tidy(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    # "physical activity at 12 months for the modified CHAMPS", "protein C levels by day 1 compared
    # with placebo": a time or comparison phrase that carries a number ends the endpoint, before
    # the words after the last figure are taken
    for i in range(1, len(tokens)):
        if tokens[i][0].rstrip(",") in _PRE_CUT and any(t[0].rstrip(",") in _TIME_UNITS for t in tokens[i + 1:i + 4]):
            tokens = tokens[:i]
            break
    # only the words after the last figure belong to this figure's endpoint ("grade 3" is a name, not a figure)
    for i in range(len(tokens) - 1, -1, -1):
        if _DIGIT_TOKEN.match(tokens[i][0].rstrip(",")) and not _named_number(tokens, i):
            tokens = tokens[i + 1:]
            # "38 percent had blood disorders": the unit word belongs to the figure
            if tokens and tokens[0][0].lower().rstrip(",") == "percent":
                tokens = tokens[1:]
            elif len(tokens) > 1 and tokens[0][0].lower() == "per" and tokens[1][0].lower().rstrip(",") == "cent":
                tokens = tokens[2:]
            break
    # "With naltrexone block, the hydromorphone Cmax": the phrase after the last comma
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i][0].endswith(","):
            if not _weak(_strip_lead(tokens[i + 1:])):
                tokens = tokens[i + 1:]
            break
    tokens = _strip_lead(tokens)
    # arms and timepoints are attributed on their own: "HbA1c in the metformin group at 6 months"
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i][0].rstrip(",") in _TAIL_CUT and i >= 1:
            tokens = tokens[:i]
    # "fewer treatment delays in the CI arm": the arm is attributed on its own
    if tokens and tokens[-1][0].rstrip(",") in {"group", "arm", "groups", "arms", "cohort", "condition", "conditions"}:
        for i in range(len(tokens) - 2, 0, -1):
            if tokens[i][0] in {"in", "among", "with", "for"}:
                tokens = tokens[:i]
                break
    while tokens and (tokens[-1][0].rstrip(",") in _TRAIL_WORDS):
        tokens = tokens[:-1]
    if len(tokens) > 10:
        # a phrase cut to its last ten words may start mid-way, on a preposition
        tokens = tokens[-10:]
        # "led to greater improvement in X": the verb, preposition and comparative are no part of X
        while tokens and (tokens[0][0].rstrip(",") in _PREPOSITIONS | _LEAD_WORDS | {"led", "resulted"}
                          or _VERB.fullmatch(tokens[0][0].rstrip(","))):
            tokens = tokens[1:]
    return tokens


def _blank_brackets(text: str) -> str:
    """Closed brackets (nested ones too) replaced by spaces, so offsets stay put."""
    prev = None
    while prev != text:
        prev = text
        text = _SKIP_PAREN.sub(lambda m: " " * len(m.group(0)), text)
    return text


_PREPOSITIONS = {"in", "among", "with", "at", "after", "for", "during", "compared", "than", "from", "by", "to", "on", "based",
                 "over", "throughout", "until", "till", "between", "versus", "vs", "vs.", "of"}
_UNITS_AND_MEASURES = units.UNIT_WORDS | {"not", "only"}
_COMPARATIVES = {"similar", "comparable", "higher", "lower", "greater", "smaller", "shorter", "longer", "better", "worse",
                 "superior", "inferior", "equivalent", "identical", "strong", "stronger", "weaker", "weak",
                 "frequent", "common", "prevalent", "approached", "larger", "faster", "slower"}
_POPULATION_NOUNS = frozenset(populations.PEOPLE)
_NOT_ENDPOINTS = {"months", "weeks", "years", "days", "period", "time", "detected", "group", "groups", "patients", "participants"}


def _weak(tokens: list[tuple[str, int, int]]) -> bool:
    """Too little to name an endpoint: nothing, a pronoun, an arm phrase, a lone adverb or time unit."""
    if not tokens or tokens[-1][2] - tokens[0][1] < 3:
        return True
    first = tokens[0][0].rstrip(",")
    if len(tokens) == 1 and first in _UNITS_AND_MEASURES:
        return True
    if len(tokens) <= 3 and tokens[-1][0].rstrip(",") in _POPULATION_NOUNS:
        return True  # "intervention participants": who was measured, not what
    if first in _COMPARATIVES:
        return True  # "were similar", "was shorter with omission of the flap": a verdict, not an outcome
    if first in {"group", "arm", "cohort"}:
        return True  # "Group D0.3": an arm, attributed on its own
    if len(tokens) > 1 and first.endswith("ed") and tokens[1][0] in _PREPOSITIONS:
        return True  # "(were) obtained in Group B": a passive verb, the subject names the outcome
    if first in _PREPOSITIONS or (len(tokens) == 1 and (first in _PRONOUNS or first in _NOT_ENDPOINTS or first.endswith("ly"))):
        return True
    return tokens[-1][0].rstrip(",") in {"group", "arm", "groups", "arms"}


_EXPOSURE_LINKS = {"associated", "linked", "correlated"}


def subject_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """What a figure measures, from the words before it: 'The mean size of X was 4.6' -> 'size of X';
    'There were no differences in social care costs (£95, ...' -> 'differences in social care costs'."""
    before = _blank_brackets(norm[lo:pos])
    # inside an open bracket ("...systolic (2.17 mmHg"), the endpoint is named just before the bracket
    open_at = max(before.rfind("("), before.rfind("["))
    in_bracket = open_at >= 0
    if in_bracket:
        before = before[:open_at]
    cut = max(before.rfind(";"), before.rfind(". "), before.rfind(": "))
    clause_lo = cut + 1 if cut >= 0 else 0
    tokens = _words(before[clause_lo:])
    verbs = [i for i, (w, _, _) in enumerate(tokens) if _VERB.fullmatch(w.rstrip(","))]
    options = []
    object_first = exposure = False
    if verbs:
        after_verb = _tidy(tokens[verbs[-1] + 1:])
        head = tokens[:verbs[0]]
        before_verb = [] if any(_DIGIT_TOKEN.match(t[0].rstrip(",")) and not _named_number(head, i)
                                for i, t in enumerate(head)) else _tidy(head)
        # inside a bracket the figure qualifies what the clause says after its verb ("showed a
        # reduction in systolic (2.54 ..."); otherwise it completes the subject ("The size of X was 4.6")
        # "reduced HbA1c by 1.2%": the object of the verb
        object_first = in_bracket or (tokens and tokens[-1][0] in {"by", "to"} and verbs[-1] < len(tokens) - 2)
        options = [after_verb, before_verb] if object_first else [before_verb, after_verb]
        if verbs[0] + 1 < len(tokens) and tokens[verbs[0] + 1][0] in _EXPOSURE_LINKS:
            # "Aspiration thrombectomy was associated with an increase in the risk of stroke 0.6% versus
            # 0.4% (RR ...": the subject is the exposure; the outcome is what the object is 'of' or 'in',
            # before the object's first figure
            obj = tokens[verbs[0] + 2:]
            if obj and obj[0][0] in {"with", "to"}:
                obj = obj[1:]
            first = next((i for i, t in enumerate(obj) if _DIGIT_TOKEN.match(t[0].rstrip(",")) and not _named_number(obj, i)), len(obj))
            obj = obj[:first]
            k = max((i for i, t in enumerate(obj[:-1]) if t[0] in {"of", "in", "for"}), default=-1)
            options = [_tidy(obj[k + 1:])]
            exposure = True
    if not exposure:
        options.append(_tidy(tokens[-12:]))  # (after an exposure's link these words hold the exposure)
    chosen = next((o for o in options if not _weak(o)), [])
    if not chosen:
        return None
    if in_bracket and options and chosen is options[0] and object_first:
        # "a reduction in systolic (2.54 mmHg", "relationship between salt intake and both systolic
        # (2.17 mmHg": the bracket qualifies the last noun phrase of the object
        k = max((i for i, t in enumerate(chosen[:-1]) if t[0] in {"in", "both", "either", "on"}), default=-1)
        if k >= 0 and not _weak(chosen[k + 1:]):
            chosen = chosen[k + 1:]
    start, end = lo + clause_lo + chosen[0][1], lo + clause_lo + chosen[-1][2]
    # "X (figure), Y (figure), or Z": only the words after the last bracketed figure
    close = max(norm.rfind(")", start, end), norm.rfind("]", start, end))
    if close >= 0 and not re.search(r"\d", norm[max(norm.rfind("(", start, close), norm.rfind("[", start, close)) + 1:close]):
        close = -1  # "(g/g)": a unit in brackets, not a figure
    if close >= 0:
        rest = _tidy(_words(norm[close + 1:end].lstrip(" ,;")))
        while len(rest) > 1 and rest[0][0] in _PREPOSITIONS:
            rest = rest[1:]  # "..., by corresponding author (P=0.35)"
        if not rest:
            return None
        if _weak(rest):
            return None
        offset = end - len(norm[close + 1:end].lstrip(" ,;"))
        start, end = offset + rest[0][1], offset + rest[-1][2]
    if end - start < 3:
        return None
    return start, end


_SECTION_WORDS = {"results", "result", "conclusions", "conclusion", "methods", "background", "objective", "objectives",
                  "findings", "interpretation", "design", "setting", "outcomes", "main outcome measures", "abstract"}
_GENERIC = re.compile(
    r"^(?:(?:no|any|a|an|the|statistically|significant|significantly|overall|evidence\s+of|clear|treatment|intervention|"
    r"between[- ]group|between[- ]groups|group)\s+)*"
    r"(?:differences?|effects?|interactions?|associations?|changes?|improvements?|results?|trend|benefit|impact)$",
    re.I,
)


def is_generic(text: str) -> bool:
    """A phrase that names a comparison, not an outcome: 'no evidence of a treatment effect', 'differences'."""
    return bool(_GENERIC.match(text.strip()))


def colon_label(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """'[adjusted mean glucose change from baseline: -1.22 mmol/L': the label before a colon that
    the figure follows; section headings ('RESULTS:') and measure names ('OR:') are not labels."""
    base = max(lo, pos - 110)
    window = norm[base:pos].rstrip()
    if not window.endswith(":"):
        return None
    window = window[:-1].rstrip()
    # the label starts after the last bracket, clause mark or comma before the colon (a missing comma
    # must not move the start: rfind's -1 + 2 cut the first letter of a sentence-initial label)
    comma = window.rfind(", ")
    label_at = max(max(window.rfind(ch) for ch in ":;[]().") + 1, comma + 2 if comma >= 0 else 0)
    label = window[label_at:]
    if len(label.strip()) < 3 or (label.strip().isupper() and len(label.strip()) > 5):
        return None
    tokens = _words(label)
    # "Maternal event rate was similar: 10.9% vs 7.1%": a clause before the colon names its subject
    verb = next((i for i, t in enumerate(tokens) if i > 0 and _VERB.fullmatch(t[0].rstrip(","))), None)
    if verb is not None:
        tokens = tokens[:verb]
    tokens = _tidy(tokens)
    if _weak(tokens) or all(w[0].rstrip(",") in _SECTION_WORDS for w in tokens):
        return None
    start, end = base + label_at + tokens[0][1], base + label_at + tokens[-1][2]
    return None if _names_no_outcome(norm[start:end]) else (start, end)


_BRACKET_LABEL = re.compile(r"(?:^|[(\[;]\s*)(?P<label>[A-Za-z][^:;()\[\]%=]{2,60}?)\s*:\s")
_STAT_LABEL = re.compile(r"\b(?:CI|SD|SE|SEM|IQR|OR|HR|RR|RD|MD|SMD|NNT|NNH|P|n|N)\b|(?i:confidence|interval|range|ratio)")


def bracket_label(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """'(CIN grade 3 or worse: 259 of 19 999 vs 272 of 20,106; 0.96, 0.81-1.14; CIN grade 2 or worse: ...':
    inside a bracket, the label that opens the nearest labelled segment before the figure names it."""
    before = norm[max(lo, pos - 160):pos]
    blanked = _blank_brackets(before)
    open_at = max(blanked.rfind("("), blanked.rfind("["))
    if open_at < 0:
        return None
    base = max(lo, pos - 160) + open_at
    last = None
    for m in _BRACKET_LABEL.finditer(norm, base, pos):
        last = m
    if last is None:
        return None
    label = last.group("label")
    label = re.split(r"\s+(?:in|among|aged|for)\s+", label)[0].strip()
    if _STAT_LABEL.search(label) or _weak(_words(label)) or _names_no_outcome(label) or not_an_outcome(label):
        return None
    start = last.start("label")
    return start, start + len(label)


_NOUN_OF = re.compile(r"(?:\b(?:a|an|the|with|of)\s+)(?!(?:a|an|the)\s)(?P<np>(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)\s+of\s+$", re.I)


def noun_of_figure(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """'with a daily decline of 34%': the noun phrase the figure is 'of'; a bare 'decrease of' or
    'difference of' names no outcome, so it does not count."""
    if not norm[max(lo, pos - 5):pos].rstrip().endswith(" of"):
        return None  # cheap test first: most figures do not follow "of"
    m = _NOUN_OF.search(norm, max(lo, pos - 60), pos)
    if not m or m.end() != pos:
        return None
    np_text = m.group("np")
    if _weak(_words(np_text)) or _names_no_outcome(np_text):
        return None
    return m.start("np"), m.end("np")


_IN_OUTCOME = re.compile(
    r"^\s*(?:points?|units?|percentage\s+points?|%|mm\s*Hg|mmHg|kg|cm|mm)?\s*(?:in|on)\s+(?P<np>(?:the\s+)?[A-Za-z][\w/-]*(?:\s+[A-Za-z][\w/-]*){0,3})",
)
_POPULATION = re.compile(r"\b(?:groups?|arms?|cohorts?|patients|participants|subjects|children|women|men|adults|infants|"
                         r"controls?|placebo|intervention|condition|trial|study|period|phase|those|each|both|all|either|"
                         r"year|years|month|months|week|weeks|day|days)\b", re.I)


def object_after(norm: str, pos: int, hi: int) -> Optional[tuple[int, int]]:
    """'a decrease of 3.6 points in anxiety-levels': the outcome named right after the figure by
    'in' or 'on', unless that phrase is a group or a time ('34% in the placebo group')."""
    m = _IN_OUTCOME.match(norm[pos:min(hi, pos + 80)])
    if not m:
        return None
    np_text = m.group("np")
    np_text = re.split(r"\s+(?:and|or|but|compared|versus|vs|than|at|after|during|from|with|among|in|for|of)\b", np_text)[0]
    if _POPULATION.search(np_text) or _weak(_words(np_text)):
        return None
    start = pos + m.start("np")
    if np_text.lower().startswith("the "):
        start += 4
        np_text = np_text[4:]
    return start, start + len(np_text.rstrip(" ,;."))


_MEASURE_WORDS = re.compile(
    r"^(?:(?:adjusted|unadjusted|crude|mean|median|average|total|overall|relative|absolute|estimated|pooled|%|percent(?:age)?|"
    r"hazard|odds|risk|rate|ratio|ratios|hr|or|rr|arr|aor|ahr|irr|difference|differences|change|changes|increase|decrease|"
    r"reduction|decline|rise|fall|gain|loss|improvement|value|values|score|level|levels|effect|size|point|points|"
    r"treatment|estimate|coefficient|beta|of|a|an|the|in)\s*)+$",
    re.I,
)


def _names_no_outcome(text: str) -> bool:
    """Only measure words ('a hazard ratio', 'mean % increase', 'decrease'): the outcome is elsewhere."""
    return is_generic(text) or bool(_MEASURE_WORDS.match(text.strip()))


_TREATMENT_STEM = re.compile(rf"[a-z]{{2,}}{treatments.INN_STEMS_RE}$")
_MEASURE_TAIL = re.compile(r"\b(?:hazard|odds|risk|rate)\s+ratios?$|\brelative\s+risks?$|\bmean\s+differences?$", re.I)
_WHO_GROUP = {"group", "groups", "arm", "arms", "cohort"} | set(populations.PEOPLE)
# "children who ...", "patients receiving ...": a phrase about the people, not what was measured
_WHO_LINK = {"who", "receiving", "treated", "given", "taking", "assigned", "randomized", "randomised", "allocated"}
# a phrase that ends on a conjunction ("even better when") was cut from a clause
_CLAUSE_LINKS = {"when", "where", "if", "because", "while", "whereas", "although", "that", "than"}
# words between a clause's verb and what it says was measured: "had more", "was associated with a lower",
# "were similar based on"
_CLAUSE_FILLER = {"not", "more", "less", "higher", "lower", "greater", "fewer", "a", "an", "the", "significantly", "similar",
                  "comparable", "associated", "with", "based", "on", "in", "of", "to", "better", "worse", "any", "no", "also"}


@lru_cache(maxsize=8192)
def not_an_outcome(text: str, arms: tuple[str, ...] = ()) -> bool:
    """A phrase that names no outcome: one that ends on the measure ('obtained an overall odds ratio'),
    the analysis or its model ('using a fixed-effects model'), a relative clause ('which performed ...'),
    a treatment, an arm or a group ('Tricyclics', 'placebo', 'thrice-weekly therapy', 'the hypertensive
    group'), a lone participle ('observed'), or a clause with its verb."""
    t = re.sub(r"\s+", " ", text.strip(" ,;:.()[]"))
    words = t.lower().split()
    if not words:
        return True
    first_is_word = not t.split()[0].isupper()  # "WHO score" is a name, "who" a relative pronoun
    low = " ".join(words)
    if (first_is_word and words[0] in vocab_endpoints.NOT_OUTCOME_HEADS) or low in vocab_endpoints.NOT_OUTCOME_WORDS \
            or low in vocab_endpoints.TREATMENT_NAMES or words[-1] in vocab_endpoints.TREATMENT_HEADS or words[-1] in _WHO_GROUP:
        return True
    if any(w in vocab_endpoints.CLAUSE_VERBS for w in words) or (len(words) == 1 and words[0].endswith("ed")) \
            or (words[0] in _WHO_GROUP and len(words) > 1 and words[1] in _WHO_LINK) \
            or words[-1] in _CLAUSE_LINKS:  # "children who received placebo", "Patients receiving X": who, not what
        return True
    if _MEASURE_TAIL.search(low) or _names_no_outcome(low) or all(_TREATMENT_STEM.search(w) for w in words):
        return True
    return any(a and low == a.strip().lower() for a in arms)


@lru_cache(maxsize=8192)
def outcome_in_phrase(text: str, arms: tuple[str, ...] = ()) -> Optional[tuple[int, int]]:
    """(start, end) inside `text` of the part that names an outcome: all of it, or for a clause the words
    after its verb ('metformin group had more non-severe hypoglycaemic episodes' -> 'non-severe
    hypoglycaemic episodes') or else its subject ('maternal event rate was similar' -> 'maternal event
    rate'); None when no part does."""
    if not not_an_outcome(text, arms):
        return 0, len(text)
    tokens = [(m.group(0).lower().strip(",;:."), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    verbs = [i for i, t in enumerate(tokens) if t[0] in vocab_endpoints.CLAUSE_VERBS]
    if not verbs:
        return None
    last = verbs[-1]
    after = tokens[last + 1:]
    while after and after[0][0] in _CLAUSE_FILLER:
        after = after[1:]
    prev = verbs[-2] + 1 if len(verbs) > 1 else 0
    before = tokens[prev:last]
    while before and before[0][0] in {"that", "the", "a", "an"}:
        before = before[1:]
    for part in (after, before):
        if part:
            a, b = part[0][1], part[-1][2]
            if not not_an_outcome(text[a:b], arms) and not _weak(_words(text[a:b])):
                return a, b
    return None


_PREDICTOR_LINK = re.compile(rf"\s{vocab_endpoints.PREDICTOR_LINK}\s+(?:(?:a|an|the)\s+)?(?P<what>[A-Za-z][^,;.()\[\]]{{1,60}}?)\s*"
                             rf"(?=[,;.()\[\]]|\s{vocab_endpoints.OUTCOME_TRAIL}\b|$)")


def outcome_after_predictors(norm: str, pos: int, hi: int) -> Optional[tuple[int, int]]:
    """'fewer baseline symptoms (odds ratio 1.32, ...), less widespread disease (1.51, ...), and use of X
    (0.57, ...) were predictive of better OTU': a figure in a list of predictors measures the outcome the
    list is said to predict; the words before its bracket name the predictor, not the outcome."""
    m = _PREDICTOR_LINK.search(norm, pos, hi)
    if m is None:
        return None
    # only brackets and list items between the figure and the link: no clause of its own in between
    between = _blank_brackets(norm[pos:m.start()])
    if re.search(r"[;.]\s|\b(?:was|were|is|are|had|has|have)\b", between):
        return None
    what = _tidy(_words(m.group("what")))
    if len(what) > 1 and _weak(what) and what[0][0] in _COMPARATIVES:
        what = what[1:]  # "predictive of better OTU": the direction is no part of the outcome
    if _weak(what):
        return None
    return m.start("what") + what[0][1], m.start("what") + what[-1][2]


_LINK_BEFORE_COLON = re.compile(rf"\s{vocab_endpoints.PREDICTOR_LINK}\s+(?:(?:a|an|the)\s+)?(?P<what>[A-Za-z][^,;.:()\[\]]{{1,80}}?)\s*:")


def outcome_before_predictors(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """'X were also associated with other unexplained syndromes: teeth grinding (OR 1.8, ...), facial trauma
    (OR 2.1, ...)': the outcome is named before a colon that opens the list of predictors and their figures."""
    m = None
    for m in _LINK_BEFORE_COLON.finditer(norm, lo, pos):
        pass
    if m is None or re.search(r"[;.]\s|\b(?:was|were|is|are|had|has|have)\b", _blank_brackets(norm[m.end():pos])):
        return None
    what = _tidy(_words(m.group("what")))
    if len(what) > 1 and what[0][0] in vocab_endpoints.OUTCOME_WRAPPERS and what[1][0] == "of":
        what = what[2:]  # "the reporting of X": X is the outcome
    if not what or _weak(what):
        return None
    return m.start("what") + what[0][1], m.start("what") + what[-1][2]


# The figures coordinated after a figure's bracket ("0.06 (CI) and 0.05 (CI)"), then the change they are:
# "-unit increase in BMI", "weight gain in adults"
_COORDINATED_FIGURES = re.compile(r"(?:\s*(?:,|and|or)\s*[-\u2212]?\d[\d.]*\s*(?:[a-z%]{1,5}\s*)?[(\[][^)\]]*[)\]])*")
_CHANGE_AFTER = re.compile(rf"(?:-?\s*(?:units?|points?))?\s+{vocab_measures.CHANGE_NOUNS_RE}s?(?=\s+(?:in|on)\s)", re.I)
_NOUN_CHANGE_AFTER = re.compile(
    rf"\s+(?P<np>[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+{vocab_measures.CHANGE_NOUNS_RE})(?=\s+(?:in|over|among|at|during|for)\b|\s*[,;.]|$)")


def outcome_after_figures(norm: str, pos: int, hi: int) -> Optional[tuple[int, int]]:
    """'a 0.06 (95% CI ...) and 0.05 (95% CI ...)-unit increase in BMI', '0.22 kg (95% CI ...) weight gain in
    adults': the outcome is named after the figure and the figures coordinated with it, by the change they are."""
    at = _COORDINATED_FIGURES.match(norm, pos, hi).end()
    m = _CHANGE_AFTER.match(norm, at, hi)
    if m:
        return object_after(norm, m.end(), hi)
    m = _NOUN_CHANGE_AFTER.match(norm, at, hi)
    if m and not _weak(_words(m.group("np"))) and not _POPULATION.search(m.group("np")):
        return m.start("np"), m.end("np")
    return None


_ITEM_START = re.compile(r"[)\]]\s*(?:,\s*(?:and\s+|or\s+)?|;\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")
_AGAINST = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|than|relative\s+to)(?=\W)", re.I)
_MEASURE_HEADS = {"odds", "risk", "risks", "rate", "rates", "ratio", "ratios", "difference", "differences", "hazard", "likelihood"}
_ITEM_TRAIL = {"less", "more", "greater", "fewer", "lower", "higher", "than", "at", "least", "of", "or", "and", "the"}


def list_item_before(norm: str, lo: int, pos: int) -> Optional[tuple[int, int]]:
    """'... mortality 2.8% versus 3.2% (RR, 0.89; ...), reinfarction 1.3% versus 1.4% (RR, 0.93; ...)', 'cerebral
    palsy (...; RR 0.68 ...), psychomotor development index less than 70 (...; RR 0.83 ...)': in a list
    whose items each carry their figures, the item that opens after the last closed figure bracket names
    the figure (a mention before that bracket belongs to an earlier item)."""
    before = _blank_brackets(norm[lo:pos])
    open_at = max(before.rfind("("), before.rfind("["))
    anchor = open_at if open_at >= 0 else len(before)
    last = None
    for m in _ITEM_START.finditer(norm, lo, lo + anchor):
        last = m
    if last is None:
        return None
    # the bracket the item follows held a figure: it closes the item before
    close = last.start()
    opened = max(norm.rfind("(", lo, close), norm.rfind("[", lo, close))
    if opened < 0 or not re.search(r"\d", norm[opened:close]):
        return None
    item = norm[last.end():lo + anchor]
    tokens = _words(item)
    # "all-cause 6 month mortality": the words after a time inside the item name the outcome (the time
    # is the figure's timepoint); any other number ends the name
    for i in range(len(tokens) - 2, -1, -1):
        if _DIGIT_TOKEN.match(tokens[i][0]) and tokens[i + 1][0].rstrip(",") in _TIME_UNITS:
            tokens = tokens[i + 2:]
            break
    for i, t in enumerate(tokens):
        if _DIGIT_TOKEN.match(t[0].rstrip(",")) and not _named_number(tokens, i):
            tokens = tokens[:i]
            break
    for i, t in enumerate(tokens):
        if t[0][:1] in "([":
            tokens = tokens[:i]  # "low levels of MRD (<5x10-4": a bracket inside the item ends its name
            break
    while tokens and tokens[-1][0].rstrip(",") in _ITEM_TRAIL | _TRAIL_WORDS:
        tokens = tokens[:-1]
    words = {t[0].rstrip(",") for t in tokens}
    # "(...), as compared with 49.4% (...)", "or had low levels of X": a comparison or a clause, not an item
    if words & (vocab_endpoints.CLAUSE_VERBS | sections.COMPARISON_WORDS | {"as", "had", "has", "have"}):
        return None
    # "compared with monotherapy (RR 1.58, ...) or aliskiren alone (1.67, ...)": items of a comparison are arms
    against = None
    for against in _AGAINST.finditer(norm, lo, opened):
        pass
    if against is not None and not re.search(r"\d", norm[against.end():opened]):
        return None
    tokens = _strip_lead(tokens)
    if not tokens or len(tokens) > 6 or _weak(tokens) or _names_no_outcome(" ".join(t[0] for t in tokens)):
        return None
    if tokens[-1][0] in _MEASURE_HEADS or any(t[0].endswith("ly") for t in tokens):
        return None  # "and borderline significantly increased odds at 12 months (OR ...": a verdict, no outcome
    start, end = last.end() + tokens[0][1], last.end() + tokens[-1][2]
    return None if not_an_outcome(norm[start:end]) else (start, end)

