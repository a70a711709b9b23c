"""Attribution: which endpoint, timepoint, arm and comparator each figure belongs to.

Conventions (the gold file follows them):
- arm / comparator are written as in the text without the leading preposition or article:
  "81.6% in our study" -> arm "our study"; "49.4% ... in the Interfant-06 trial" -> arm
  "Interfant-06 trial". When a sentence compares two arms on one endpoint, each figure's
  comparator is the other arm.
- "A and B in the X and Y groups, respectively" assigns arms in order.
- "the corresponding values for OS were A and B" gives A and B the arms and timepoint of the
  previous pair of figures.
- timepoint as written: "Two-year", "at 24 months", "within a year", "after the blinatumomab infusion".
- A figure in a sentence that describes the disease rather than the study (present tense,
  no study verbs) is kind `background`.
- A figure with no arm of its own takes the one group its sentence is about ("The metformin group
  gained less weight (between-group difference ...)"); "compared with the control group" or
  "between the intervention and control arms" gives a comparative figure its comparator.
- N figures after a list of N outcomes ("dust, endotoxin, and fungi (1.92 ...; 2.86 ...; 1.75 ...)",
  "gas and stool were A and B, respectively") take the outcomes in order.
- A figure whose own phrase names only a comparison ("no evidence of a treatment effect (P=0.38)")
  measures what the sentence's earlier figures, or its subject, measure.
- A bare percentage behind a comparison sign with no CI or verb ("HbA1c ≥7.5%") is a `threshold`.
- Two per-arm figures take each other's arm as comparator only when the text sets them against each
  other ("compared with", "versus", "than") or lists them with "respectively"; "38.5 in the control
  group and 38.7 in the intervention group" reports each arm with no comparator.
- In "Group B than Group A (4.00 vs. 3.04)" the figure after "vs" is the other group's; with no
  other group named it gets no arm. A figure in the bracket right after a group ("Group P1.5
  (55.3%)") is that group's; a ratio "favoring arimoclomol" is arimoclomol's.
- "respectively" with no list of groups takes, in order, the groups the sentence (or the one before)
  just gave figures for.
- A timepoint that opens the sentence ("At six months the intervention group ...") covers all its
  figures; "from baseline to 12 months" is "12 months"; "baseline" as a covariate or subgroup
  ("adjusting for baseline ALSFRS-R", "high baseline miR-21") is no timepoint.
"""

from __future__ import annotations

from bisect import bisect_left
import re
from functools import lru_cache

from .candidate import Candidate
from .scan import scan_words, variants
from .vocab import measures, numbers as number_words, populations, time as vocab_time, treatments
from .endpoints import (
    bracket_label, canonical_mentions, canonical_name, colon_label, is_generic, nearest_before, not_an_outcome, noun_of_figure, object_after,
    list_item_before, outcome_after_figures, outcome_after_predictors, outcome_before_predictors, outcome_in_phrase, right_after, subject_before,
)
from .vocab import endpoints as vocab_endpoints
from extract.models import ClaimKind, Measure

_NUMW = rf"(?:{number_words.words_pattern()}|\d+(?:\.\d+)?)"
_PERIOD = vocab_time.PERIOD
TIMEPOINT = re.compile(
    # "1 year younger than their current age" is an age difference, not a time of measurement
    rf"(?i:\b{_NUMW}[- ](?:year|month|week|day|hour|h)(?![- ]old)\b(?!s?\s+(?:younger|older|of\s+age)\b)"
    rf"|\b(?:at|after|by|over|during|through|within|up\s+to|for|in\s+the\s+first)\s+(?:the\s+first\s+|the\s+)?(?:a|one|{_NUMW})\s+{_PERIOD}\b(?:\s+(?:of|after|from)\s+(?:diagnosis|randomi[sz]ation|treatment|surgery|follow-up|baseline))?"
    # "4 h after the administration", "6 months after surgery"
    rf"|\b{_NUMW}\s+{_PERIOD}\s+(?:after|post)\b"
    # "from baseline to 12 months": the change is measured at 12 months
    rf"|(?<=\bbaseline\sto\s){_NUMW}\s+{_PERIOD}\b|(?<=\bbaseline\sto\s)(?:week|month|day|year)\s+\d+"
    rf"|\b(?:at|by|on|after|until)\s+(?:week|month|day|year|visit|cycle)\s+\d+"
    # "At endpoint (week 24, last observation carried forward)"
    rf"|(?<=\()(?:week|month|day)\s+\d+\b"
    rf"|\b(?:at|by)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:study|treatment|trial|follow-up|intervention|therapy)"
    rf"|\bafter\s+(?:the\s+)?[\w-]+\s+(?:infusion|induction|course|cycle|consolidation)\b"
    rf"|\bat\s+(?:enrol?ment|randomi[sz]ation|diagnosis|discharge|admission)\b"
    # "at baseline", "Baseline PRA was comparable (...)"; not the origin of a change ("change from
    # baseline", "25.71 % of the baseline"), nor a baseline value used as a covariate or to form
    # subgroups ("adjusting for riluzole and baseline ALSFRS-R", "patients with high baseline miR-21")
    rf"|\bat\s+baseline\b"
    rf"|(?<!\bfrom\s)(?<!\bfor\s)(?<!\bwith\s)(?<!\bby\s)(?<!\bof\s)(?<!\bthe\s)(?<!\bhigh\s)(?<!\blow\s)(?<!\band\s)(?<!\bor\s)"
    rf"\bbaseline\b(?!\s+to\b)(?!\s+(?:and|or)\s+(?:serial|follow))"
    rf")"
)
_ARM_NOUN = r"(?:group|arm|cohort|trial|study|population|recipients|users|patients|participants|controls|condition)s?"
_ARM_AFTER = re.compile(
    rf"^[\s,%]*(?:\)\s*)?(?:(?:was|were)\s+)?(?:in|among|for|with|on|receiving)\s+(?P<arm>(?:our|this|the\s+present|the\s+current)\s+(?:study|trial|cohort)"
    # "in group B", "for the CI therapy", "with bolus therapy": a treatment named after the figure
    rf"|[Gg]roup\s+[A-Z0-9][\w.]{{0,4}}?(?=[\s,;)\]]|\.\s|$)"
    rf"|(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,2}}?\s+therapy\b"
    rf"|(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,4}}?\s+{_ARM_NOUN}\b"
    rf"|(?:the\s+)?(?:placebo|control|intervention|usual[- ]care|sham)\b)",
    re.I,
)
# A treatment named right after the figure ("11% with ondansetron", "0% for quinine + SP", "38 percent
# of those receiving standard chemotherapy", "36 percent of Keytruda patients"). Only words that look
# like a treatment count: "patients with diabetes" names the population, "with the Hamilton scale" the
# instrument, and neither is an arm.
_DRUG_SUFFIX = re.compile(
    rf"[a-z]{{2,}}(?:{treatments.INN_STEMS_RE}|{treatments.LOOSE_ENDINGS_RE})$"
    # common drugs with no telling ending
    rf"|^(?:{'|'.join(sorted(treatments.KNOWN_DRUGS))})$"
)
# common words with a drug's ending that are no drug
_NOT_DRUG = treatments.NOT_DRUGS
_TREATMENT_WORD = (
    r"(?:chemo(?:therapy)?|surgery|radiotherapy|radiation|immunotherapy|placebo|"
    r"[A-Za-z][\w-]*(?:\s+(?:\+|plus)\s+[A-Za-z][\w-]*)?)(?![\w-])"
)
_TREATMENT_AFTER = re.compile(
    r"^[\s,%]*(?:\)\s*)?(?:(?:was|were)\s+)?(?:"
    r"(?:with|on|receiving|given|taking|for)\s+"
    # "of those receiving standard chemotherapy", "for patients given second-line chemotherapy"
    r"|(?:of|for|among|in)\s+(?:the\s+)?(?:patients|participants|subjects|women|men|children|adults|those|people)\s+"
    r"(?:on|receiving|given|taking|treated\s+with|assigned\s+to|randomi[sz]ed\s+to)\s+"
    # "of Keytruda patients": the treatment that names the people
    r"|(?P<of>of|for|among|in)\s+(?:the\s+)?(?=\S+(?:\s+\S+)?\s+(?:patients|participants|subjects|women|men|users|recipients)\b))"
    r"(?P<mod>(?:standard|usual|conventional|second-line|first-line|adjuvant|oral|intravenous|high-dose|low-dose)\s+)?"
    rf"(?P<arm>{_TREATMENT_WORD})(?P<rest>\s+(?:patients|participants|subjects|women|men|users|recipients)\b)?"
    # not one of two treatments sharing the figure ("0% for Cotrifazid and mefloquine")
    r"(?!\s*,?\s+(?:and|or)\s+[A-Za-z])"
)
# "20.1% of the patients in the group receiving A and B had ...", "19.1% in the group receiving C": the
# group is defined by what it received, and "A and B" there is one combined treatment, not two arms
_GROUP_RECEIVING = re.compile(
    r"^[\s,%]*(?:\)\s*)?(?:(?:was|were)\s+)?(?:(?:of|for|among)\s+(?:the\s+)?(?:patients|participants|subjects|women|men|"
    r"children|adults|those|people)\s+)?(?:in|among)\s+the\s+(?:group|arm)\s+(?:who\s+(?:received|were\s+given|took)|receiving|"
    r"given|taking|treated\s+with|assigned\s+to|randomi[sz]ed\s+to|allocated\s+to)\s+"
    r"(?P<arm>[A-Za-z][\w\-./+]*(?:\s+(?:and|plus|\+|with)\s+[A-Za-z][\w\-./+]*|\s+[A-Za-z][\w\-./+]*){0,4}?)"
    r"(?=\s*(?:[,;.)]|\b(?:had|has|have|was|were|showed|compared|versus|vs|than|and\s+\d)\b|$))",
    re.I,
)
_NOT_ARM_AFTER_WORD = re.compile(
    # the population's condition or a measuring instrument, not a treatment
    r"^(?:'s|\u2019s|\s+(?:disease|syndrome|cancer|lymphoma|leukemia|leukaemia|scale|score|questionnaire|index|tests?|"
    r"inventory|assay|criteria|classification|rating|method|technique|equation)\b)",
    re.I,
)
_NOT_BRAND = frozenset(
    "type grade stage group day week month year phase arm cohort class level visit cycle table figure asian african "
    "hispanic european american black white caucasian latino english chinese japanese indian medicare medicaid "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def _is_treatment(word: str) -> bool:
    """A drug or treatment: chemotherapy and the like, a generic drug name by its ending, or a brand
    name (capitalised)."""
    first = re.split(r"\s+", word)[0]
    low = first.lower()
    if re.fullmatch(r"chemo(?:therapy)?|surgery|radiotherapy|radiation|immunotherapy|placebo", low):
        return True
    if low in _NOT_DRUG or low in _NOT_BRAND:
        return False
    if _DRUG_SUFFIX.search(low) and first.islower():
        return True
    # a brand name: capitalised with lower-case letters after ("Keytruda", "Cotrifazid"), not an acronym
    return bool(re.fullmatch(r"[A-Z][a-z][a-z0-9-]+", first))


def _treatment_after(text: str) -> str:
    """The treatment named at the start of `text` (right after a figure), or ''."""
    m = _TREATMENT_AFTER.match(text)
    if not m or not _is_treatment(m.group("arm")) or _NOT_ARM_AFTER_WORD.match(text[m.end("arm"):]):
        return ""
    if m.group("of") and not m.group("rest"):
        return ""  # "of chemotherapy" alone: what the share is of, not who
    arm = (m.group("mod") or "") + m.group("arm") + (m.group("rest") or "")
    return _clean_arm(arm)


_ARM_BEFORE = re.compile(
    rf"(?:in|among|with|for)\s+(?P<arm>(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,3}}?\s+{_ARM_NOUN})\s*(?:,|:|was|were|of)?\s*$",
    re.I,
)
_RESPECTIVELY = re.compile(
    r"\b(?:in|among|for|with)\s+(?P<list>(?:the\s+)?[^;()]{3,120}?)\s*,?\s+respectively\b", re.I
)
_CORRESPONDING = re.compile(r"\bcorresponding\s+(?:values?|figures?|rates?|estimates?)\s+(?:for|of)\s+(?P<ep>[^,;]+?)\s+(?:were|was)\b", re.I)
_COMPARED = re.compile(
    rf"\b(?:as\s+)?(?P<kw>compared\s+(?:with|to)|versus|vs\.?|relative\s+to|than)\s+(?P<who>those\s+(?:in|receiving|given|on)\s+|patients\s+(?:in|receiving|given|on)\s+|(?:in|among)\s+(?=(?:the\s+)?\S+(?:\s+\S+){0,3}?\s+(?:group|arm|cohort)\b|[Gg]roup\s))?"
    rf"(?P<arm>(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,4}}?(?:\s+{_ARM_NOUN})?)(?=\s*(?:[,;.)\[]|$|\())",
    re.I,
)
_ROLE_ARM = re.compile(r"^(?:placebo|controls?|usual[- ]care|standard(?:[- ]of)?[- ]care|sham|no\s+treatment)$", re.I)


def _compared_arm(m: re.Match) -> str:
    """The comparator named by a _COMPARED match, or '' when it is no group: 'than' compares
    anything ("younger than their current age"), so after it only a group noun, a role (placebo,
    controls) or people ("those who filled fewer prescriptions") name a comparator."""
    arm = _clean_arm(m.group("arm"))
    if not arm or len(arm) <= 2 or re.match(rf"^(?:[-+\u2212\d.%]|{_NUMW}\s+(?:percent|per\s+cent)\b)", arm, re.I):
        return ""
    if re.search(r"\s[-+\u2212]?[\d.]+$", arm) and not re.match(r"(?:group|arm|cohort|stage|grade|phase|type)\b", arm, re.I):
        return ""  # "(etanercept 0.41 vs. placebo 0.18)": the next figure, not a group called "placebo 0"
    people = re.match(r"(?:those|people|patients|participants|subjects|women|men|children|infants|non-?users)\b", arm, re.I)
    if m.group("kw").lower() == "than" and not (m.group("who") or people or _ROLE_ARM.match(arm) or re.search(rf"\b{_ARM_NOUN}$", arm, re.I)):
        return ""
    return arm


_BACKGROUND_VERB = re.compile(r"\b(?:is|are|occur|occurs|remains?|has|have|affects?|accounts?)\b", re.I)
_STUDY_VERB = re.compile(
    r"\b(?:was|were|had|showed|received|achieved|reported|randomi[sz]ed|enrolled|our|we|this\s+study|the\s+study|in\s+the\s+\w+\s+group|"
    r"than\s+(?:the\s+)?(?:controls?|placebo)|as\s+(?:the\s+)?(?:controls?|placebo))\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _clean_arm(text: str) -> str:
    return _ARTICLE.sub("", re.sub(r"\s+", " ", text.strip(" ,;.")).strip()).strip()


_NOT_ONE_ARM = re.compile(
    # "enrolled in the study", "in two 20-subject groups", "in both groups": the whole sample or
    # several groups at once, not the one group a figure belongs to
    rf"^(?:the\s+)?{_ARM_NOUN}$|^(?:the\s+)?(?:study|trial)\s+(?:patients|participants|population)$|(?:groups|arms|cohorts)$",
    re.I,
)


_PEOPLE_IN = re.compile(r"^(?:patients|participants|subjects|those|women|men|children|infants)\s+(?:in|on|receiving|given|treated\s+with)\s+(?:the\s+)?", re.I)


def _one_arm(text: str) -> str:
    """The cleaned arm ('patients in the bolus arm' -> 'bolus arm'), or '' when the phrase names
    the whole sample or several groups."""
    arm = _PEOPLE_IN.sub("", _clean_arm(text))
    return "" if _NOT_ONE_ARM.search(arm) else arm


def attribute(norm: str, cands: list[Candidate], abbreviations: dict[str, str], headings: list[tuple[int, str]]) -> None:
    """Fill endpoint, timepoint, arm, comparator (and background kind) on `cands` in place."""
    by_sentence: dict[tuple[int, int], list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: c.start):
        by_sentence.setdefault(c.sentence, []).append(c)
    previous: list[Candidate] = []
    for sent, group in sorted(by_sentence.items()):
        for c in group:
            _endpoint(norm, c, abbreviations)
            _arm(norm, c)
        _inherit_endpoints(norm, group)
        _distribute_lists(norm, sent, group)
        for c in group:
            _carry_over(norm, c, previous + group[:group.index(c)], abbreviations)
        _respectively(norm, sent, group)
        _respectively_named_before(norm, sent, group, previous)
        _timepoints(norm, sent, group)
        _corresponding(norm, sent, group, previous)
        _comparators(norm, sent, group)
        _favoured(norm, sent, group)
        _sentence_arms(norm, sent, group)
        _share_timepoint_in_pairs(norm, group)
        for c in group:
            _outcome_only(c, abbreviations)
        _from_sentences_before(norm, group, previous, abbreviations)
        _background(norm, sent, group, headings)
        _thresholds(norm, group)
        previous = [c for c in group if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT}] or previous
    _primary_outcome(norm, cands, abbreviations, headings)


def attribute_endpoints(norm: str, cands: list[Candidate], abbreviations: dict[str, str],
                        others: list[Candidate] = ()) -> None:
    """Endpoint only (for p-values that stand alone: 'nausea (P = 0.037)'); `others` are the
    figures already attributed, for a p-value whose own clause names no outcome."""
    others = sorted(others, key=lambda o: o.start)
    for c in cands:
        _endpoint(norm, c, abbreviations)
        earlier = [o for o in others if o.end <= c.start and o.endpoint and o.sentence[0] >= c.sentence[0]]
        _carry_over(norm, c, earlier, abbreviations)


_FIRST_VERB = re.compile(r"\s(?:was|were|occurred|did|had|showed|decreased|increased|improved|declined|remained)\s")


_EXPOSURE_LINK = re.compile(r"(?:\w+ly\s+)?(?:associated|linked|correlated)\s+(?:with|to)\b", re.I)


def _carry_over(norm: str, c: Candidate, previous: list[Candidate], abbreviations: dict[str, str]) -> None:
    """'Median number of 30-day page views was 499.5 ...; there was no evidence of a treatment effect
    (P=0.38)': a figure whose own phrase names only a comparison measures what the sentence (or the
    figures before it) measure."""
    if c.kind not in {ClaimKind.ESTIMATE, ClaimKind.COUNT, ClaimKind.P_VALUE} or (c.endpoint_text and not is_generic(_ARTICLE.sub("", c.endpoint_text))):
        return
    s_lo = c.sentence[0]
    same = [p for p in previous if p.sentence == c.sentence and p.endpoint and not is_generic(p.endpoint_text)]
    if same:
        c.endpoint, c.endpoint_text = same[-1].endpoint, same[-1].endpoint_text
        return
    verb = _FIRST_VERB.search(norm, s_lo, c.start)
    if verb and _EXPOSURE_LINK.match(norm, verb.end()):
        return  # "one daily serving of X was associated with a 0.06 (...) increase": the subject is the exposure
    if verb:
        subj = subject_before(norm, s_lo, verb.start() + 1)
        if subj is not None and not is_generic(norm[subj[0]:subj[1]]):
            _set_endpoint(c, norm[subj[0]:subj[1]], abbreviations)


_VERSUS_NEXT = re.compile(r"^\s*(?:(?:in|among|for|with)\s+[^,;()\[\]]{0,40}?\s+)?(?:versus|vs\.?|compared\s+(?:with|to))\s*$", re.I)


def _inherit_endpoints(norm: str, group: list[Candidate]) -> None:
    """'2.12 mmHg (...) at 3 months and 1.34 mmHg (...) at 6 months': a later figure of a list with
    no endpoint of its own measures what the figure before it measures; so does the figure after
    'versus' ('a daily decline of 34% in the placebo group versus 29% in the iNO group')."""
    prev = None
    for c in group:
        if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT, ClaimKind.BACKGROUND}:
            if prev is not None and prev.endpoint and prev.unit == c.unit and prev.measure == c.measure:
                if not c.endpoint or _VERSUS_NEXT.match(norm[prev.end:c.start]):
                    c.endpoint, c.endpoint_text = prev.endpoint, prev.endpoint_text
            prev = c


_LIST_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _distribute_lists(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    """'the concentration of dust, endotoxin, and fungi (1.92 (...); 2.86 (...); 1.75 (...))' and
    'the response time for gas and stool were 5.4 h and 4.9 h, respectively': N figures that got the
    same endpoint from a phrase ending in a list of N outcomes take the outcomes in order."""
    figures = [c for c in group if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT, ClaimKind.BACKGROUND} and c.endpoint_text]
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and figures[j + 1].endpoint_text == figures[i].endpoint_text:
            j += 1
        run = figures[i:j + 1]
        i = j + 1
        if len(run) < 2:
            continue
        first = run[0]
        bracket = max(norm.rfind("(", sent[0], first.start), norm.rfind("[", sent[0], first.start))
        one_bracket = bracket >= 0 and not re.search(r"[)\]]", norm[bracket:first.start]) and ";" in norm[first.end:run[-1].start]
        respectively = re.search(r"\brespectively\b", norm[run[-1].end:sent[1]])
        if not (one_bracket or respectively):
            continue
        anchor = bracket if one_bracket else first.start
        head = norm[sent[0]:anchor]
        verb = None if one_bracket else re.search(r"\s+(?:was|were|of|:)\s*$", head)
        if verb:
            head = head[:verb.start()]
        elif not one_bracket:
            continue
        items = _trailing_list(head)
        if len(items) != len(run):
            continue
        ep_at = norm.rfind(first.endpoint_text, sent[0], anchor)
        item0 = sent[0] + items[0][0]
        prefix = norm[ep_at:item0] if 0 <= ep_at < item0 else ""
        for c, (a, b) in zip(run, items):
            c.endpoint_text = head[a:b]
            c.endpoint = canonical_name(prefix + c.endpoint_text) or prefix + c.endpoint_text


def _trailing_list(head: str) -> list[tuple[int, int]]:
    """Offsets (into head) of the items of the list that ends head: 'dust, endotoxin, and fungi'."""
    head = head.rstrip()
    last_and = max(head.rfind(" and "), head.rfind(" or "))
    if last_and < 0 or not re.fullmatch(r"\s+(?:and|or)\s+[\w-]+(?:\s+[\w-]+)?", head[last_and:]):
        return []
    last = head[last_and:].split(None, 1)[1].strip() if last_and >= 0 else ""
    if not last:
        return []
    width = len(last.split())
    parts = [p for p in _LIST_ITEM_SPLIT.split(head[:last_and].rstrip(" ,"))]
    # the earlier items are comma-separated segments; the first one also holds the words before
    # the list ("the concentration of dust"), so keep only as many words as the last item has
    earlier = []
    pos = last_and
    for p in reversed(parts):
        at = head.rfind(p, 0, pos)
        if at < 0:
            return []
        earlier.insert(0, (at, at + len(p)))
        pos = at
        if len(p.split()) > width or not re.search(r",\s*$", head[:at]):
            break
    if not earlier:
        return []
    a, b = earlier[0]
    words = [w for w in re.finditer(r"[\w-]+", head[a:b]) if w.group(0).lower() not in {"both", "either", "the"}]
    if not words:
        return []
    earlier[0] = (a + words[-min(width, len(words))].start(), b)
    last_start = head.find(last, last_and)
    out = earlier + [(last_start, last_start + len(last))]
    if any(len(head[x:y].split()) > 3 or head[x:y].lower() in {"the", "a", "an"} for x, y in out):
        return []
    return out


def _from_sentences_before(norm: str, group: list[Candidate], previous: list[Candidate], abbreviations: dict[str, str]) -> None:
    """'... heterogeneity in the relative detection of CIN3. At round one the relative detection was 0.93
    (0.52-1.64)': a figure with a CI whose own sentence names no outcome measures the outcome just talked
    about: the outcome of a risk or detection phrase in its sentence or the one or two before, else that
    of the last figure before it with the same measure."""
    for c in group:
        if c.kind != ClaimKind.ESTIMATE or c.ci_low is None or c.endpoint or "endpoint" in c.fixed:
            continue
        lo = c.sentence[0]
        for _ in range(2):  # the two sentences before, figures or not
            stop = norm.rfind(". ", 0, max(0, lo - 2))
            lo = stop + 2 if stop >= 0 else 0
        last = None
        for m in _OUTCOME_OF.finditer(norm, lo, c.start):
            last = m
        what = _until_verb(last.group("what")) if last is not None else ""
        if what and not not_an_outcome(what):
            _set_endpoint(c, what, abbreviations)
            continue
        same = [p for p in previous + group[:group.index(c)] if p.endpoint and p.measure == c.measure and p.start < c.start]
        if same and c.measure:
            c.endpoint, c.endpoint_text = same[-1].endpoint, same[-1].endpoint_text


_PRIMARY = re.compile(vocab_endpoints.PRIMARY_OUTCOME)
_PRIMARY_CUT = re.compile(r"\s*(?:[.;(\[]|\b(?:at|over|after|during|within|from|by|measured|assessed|defined)\b)", re.I)


def _primary_outcome(norm: str, cands: list[Candidate], abbreviations: dict[str, str], headings: list[tuple[int, str]]) -> None:
    """'MAIN OUTCOME MEASURE Change in ADAS-Cog scores over 18 months. RESULTS ... improved 0.26 points
    (95% CI ...)': a figure with a CI after the one main outcome the abstract defines, whose own sentence
    names no outcome, measures that outcome. Two definitions, or a list, name no single outcome."""
    # a sentence that defines it, or the text after a blanked 'MAIN OUTCOME MEASURE(S)' label
    starts = [m.end() for m in _PRIMARY.finditer(norm)] + [pos for pos, name in headings if name == "main"]
    if len(starts) != 1:
        return
    at = starts[0]
    while at < len(norm) and norm[at] in " \t:":
        at += 1
    cut = _PRIMARY_CUT.search(norm, at)
    end = cut.start() if cut else min(len(norm), at + 80)
    what = norm[at:end].strip(" ,:")
    words = what.lower().split()
    if (not what or len(words) > 10 or re.search(r",|\band\b|\bor\b", what) or not_an_outcome(what)
            or any(w in vocab_endpoints.CLAUSE_VERBS for w in words)):
        return
    start = at + norm[at:].find(what)
    for c in cands:
        if c.kind == ClaimKind.ESTIMATE and c.ci_low is not None and not c.endpoint and "endpoint" not in c.fixed and c.start > end:
            _set_endpoint(c, norm[start:start + len(what)], abbreviations)


def _until_verb(text: str) -> str:
    """'CIN2 differed between phases' -> 'CIN2': a phrase ends where its clause's verb starts."""
    words = text.split()
    for i, w in enumerate(words[1:], 1):
        if w.lower() in vocab_endpoints.CLAUSE_VERBS or (w.lower().endswith("ed") and len(w) > 4):
            return " ".join(words[:i])
    return text


def _outcome_only(c: Candidate, abbreviations: dict[str, str]) -> None:
    """The endpoint as written, cut to the part that names an outcome, or unknown when no part does (a
    later pass may have taken a clause, an arm or the analysis from the sentence's subject)."""
    text = c.endpoint_text
    if "endpoint" in c.fixed or not text or c.endpoint != text:
        return  # no endpoint, or a canonical one the vocabulary named
    part = outcome_in_phrase(text, (c.arm, c.comparator))
    if part == (0, len(text)):
        return
    if part is not None:
        _set_endpoint(c, text[part[0]:part[1]], abbreviations)
    else:
        c.endpoint = c.endpoint_text = ""


def _endpoint(norm: str, c: Candidate, abbreviations: dict[str, str]) -> None:
    """The endpoint by the first rule that names one; a phrase that names no outcome (a clause, an arm, the
    analysis, the measure) is replaced by the outcome a risk phrase of the clause names, else left unknown
    (the figures before it in the sentence may lend theirs later: `_carry_over`)."""
    _first_endpoint(norm, c, abbreviations)
    had = c.endpoint_text
    _outcome_only(c, abbreviations)
    if not had or c.endpoint_text:
        return
    before = nearest_before(norm, c.sentence[0], c.start)
    if before is not None:
        c.endpoint, c.endpoint_text = before[2], norm[before[0]:before[1]]
        return
    span = _outcome_of(norm, c)
    if span is not None:
        _set_endpoint(c, norm[span[0]:span[1]], abbreviations)


_OUTCOME_OF = re.compile(
    rf"\b{vocab_endpoints.OUTCOME_OF_HEADS}\s+of\s+(?:an?\s+|the\s+|any\s+)?(?P<what>[A-Za-z][\w/-]*(?:\s+(?!(?:for|in|among|with|"
    rf"compared|than|versus|vs|from|at|after|during|by|when|and|or|was|were)\b)[\w/-]+){{0,4}})", re.I)


def _outcome_of(norm: str, c: Candidate) -> tuple[int, int] | None:
    """'reductions in the relative risk of non-vertebral fracture for both alendronate (RR=0.86': the
    outcome a risk, rate or incidence phrase of the clause before the figure is 'of'."""
    lo = max(c.sentence[0], norm.rfind(";", c.sentence[0], c.start) + 1)
    last = None
    for m in _OUTCOME_OF.finditer(norm, lo, c.start):
        last = m
    if last is None or not_an_outcome(last.group("what")):
        return None
    return last.start("what"), last.end("what")


def _first_endpoint(norm: str, c: Candidate, abbreviations: dict[str, str]) -> None:
    if "endpoint" in c.fixed or c.kind in {ClaimKind.SAMPLE_SIZE, ClaimKind.ELIGIBILITY}:
        return
    s_lo, s_hi = c.sentence
    hit = None
    if c.kind == ClaimKind.COUNT:
        hit = _count_endpoint(norm, c)
        if hit:
            c.endpoint, c.endpoint_text = hit
            return
    if c.kind == ClaimKind.ESTIMATE and c.unit == "%":
        share = _SHARE_HAD.match(norm, c.end, s_hi)
        if share:
            # "74% of 142 sexually active subjects had HPV infection": what the share had
            _set_endpoint(c, share.group("what"), abbreviations)
            return
    if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT} and (c.unit == "%" or c.denominator is None):
        verb = _SHARE_VERB.match(norm, c.end, s_hi)
        if verb and canonical_name(verb.group("what"), abbreviations):
            _set_endpoint(c, verb.group("what"), abbreviations)
            return
    after = right_after(norm, c.value_end if c.kind != ClaimKind.COUNT else c.end, s_hi)
    if after is not None and not re.search(r"\d", norm[c.end:after[0]]):
        c.endpoint, c.endpoint_text = after[2], norm[after[0]:after[1]]
        return
    for rule in _PHRASE_RULES:
        span = rule(norm, c)
        if span is not None:
            _set_endpoint(c, norm[span[0]:span[1]], abbreviations)
            return
    before = nearest_before(norm, s_lo, c.start)
    # "adverse events were headache (5.1 %) and diarrhea (3.9 %)": a word right before the bracket
    # that opens on the figure names it, unless that word is the canonical mention itself
    bracket = _OPENS_ON_FIGURE.search(norm, max(s_lo, c.start - 40), c.value_start + 1)
    if before is not None and bracket is not None and bracket.start("word") >= before[1] + 2:
        subj = subject_before(norm, s_lo, c.start)
        if subj is not None and subj[0] >= before[1]:
            text = norm[subj[0]:subj[1]]
            c.endpoint_text = text
            c.endpoint = canonical_name(text, abbreviations) or _expand(text, abbreviations)
            return
    if before is not None:
        c.endpoint, c.endpoint_text = before[2], norm[before[0]:before[1]]
        return
    subj = subject_before(norm, s_lo, c.start)
    if subj is not None:
        text = norm[subj[0]:subj[1]]
        c.endpoint_text = text
        c.endpoint = canonical_name(text, abbreviations) or _expand(text, abbreviations)


_SHARE_HAD = re.compile(
    r"\s*[)\]]?\s*(?:\([^()]*\)\s*)?(?:of\s+(?!the\s+(?:total|sample|planned|target))[^,;()\[\]]{1,80}?\s+"
    # "Two of 53 (4%; 95% CI ...) children who received placebo had bleeding": the people the share is of
    rf"|(?:{populations.PEOPLE_RE}|those)\s+(?:who|that|receiving|given|treated|in|on|assigned)\b[^,;()\[\]]{{1,60}}?\s+)?"
    r"(?:had|were|was|achieved|attained|experienced|developed|reported|remained|became|required)\s+"
    r"(?:(?:a|an|the|at\s+least\s+one|any|no)\s+)?(?P<what>(?:[^,;()\[\]<]|<(?![A-Za-z/!])){3,70}?)\s*(?=[,;.()\[\]]|<[A-Za-z/!]|\s(?:and|or)\s+\d|\s(?:of\s+whom|who|which|whereas|while|at|after|during|by|within|compared|versus|vs\.?|than|in\s+the)\s|$)"
)


# "6% of patients given drug X died", "97 (6.3%) of 1531 participants in group A died": the people the
# figure is of, then a verb that is itself an outcome the endpoint table knows ("died" -> mortality)
_SHARE_VERB = re.compile(
    r"\s*[)\]]?\s*(?:of\s+[^,;()\[\]]{1,80}?\s+)?(?P<what>[a-z]+ed)\b"
    r"(?=\s*(?:[,;.]|\s(?:and|or|compared|versus|vs\.?|than|within|after|during|by|at|in)\b|$))",
    re.I,
)


def _set_endpoint(c: Candidate, text: str, abbreviations: dict[str, str]) -> None:
    c.endpoint_text = text
    c.endpoint = canonical_name(text, abbreviations) or _expand(text, abbreviations)


_CHANGE_BEFORE = re.compile(rf"\b{measures.CHANGE_NOUNS_RE}s?\s+(?:of|by)\s+$", re.I)


def _after_change(norm: str, c: Candidate) -> tuple[int, int] | None:
    """'an average decrease of 3.6 points in anxiety-levels' -> 'anxiety-levels'."""
    tail = norm[max(c.sentence[0], c.start - 5):c.start].rstrip()
    if not (tail.endswith(" of") or tail.endswith(" by")) or not _CHANGE_BEFORE.search(norm, max(c.sentence[0], c.start - 40), c.start):
        return None
    return object_after(norm, c.value_end, c.sentence[1])


def _colon(norm: str, c: Candidate) -> tuple[int, int] | None:
    span = colon_label(norm, c.sentence[0], c.start)
    if span:
        # "pooled RR per one SD increment: 1.06 [...]": a label that names the statistic is not the outcome
        words = [w for w in re.findall(r"[A-Za-z][\w-]*", norm[span[0]:span[1]]) if w.lower() not in measures.STAT_MODIFIERS]
        if words and _STAT_NAMES.match(words[0]):
            return None
    return span



def _bracket_label(norm: str, c: Candidate) -> tuple[int, int] | None:
    return bracket_label(norm, c.sentence[0], c.start)


def _of_figure(norm: str, c: Candidate) -> tuple[int, int] | None:
    return noun_of_figure(norm, c.sentence[0], c.start)


# "FIM=1.3", "BBS = 4.2": a scale's label written as the figure's name (not a statistic's label)
_LABEL_EQUALS = re.compile(r"(?P<label>\b[A-Za-z][A-Za-z0-9-]{1,15})\s*=\s*$")
_STAT_NAMES = re.compile(r"(?i:p|n|sd|se|sem|ci|i2|r|hr|or|rr|irr|rd|md|smd|wmd|ahr|aor|arr|nnt|nnh|lr|rh|coefficient|difference|ratio|risk|mean|median|effects?|estimates?|size|change|value)$")


def _label_equals(norm: str, c: Candidate) -> tuple[int, int] | None:
    m = _LABEL_EQUALS.search(norm, max(c.sentence[0], c.start - 20), c.start)
    if m is None or _STAT_NAMES.match(m.group("label")):
        return None
    return m.start("label"), m.end("label")


# "Alendronate reduced clinical fractures from 312 ... (RH, 0.86 ...)", "X increased transfusion of red
# blood cells by 28.4%": the object of an effect verb before the figure is what the figure measures
_EFFECT_OBJECT = re.compile(
    r"(?<!\bwith\s)(?<!\ban\s)(?<!\ba\s)(?<!\bthe\s)"  # "with increased risk of": an adjective, not an effect verb
    r"\b(?:significantly\s+|substantially\s+|markedly\s+)?(?:increased|reduced|decreased|improved|lowered|raised|prevented|"
    r"doubled|halved)\s+(?:the\s+)?(?:(?:risk|rate|odds|incidence|rates|risks)\s+of\s+)?"
    r"(?!(?:in|by|from|at|with|to|among|for|of|after|during|over|than|more|less|significantly)\b)(?P<obj>[a-z][a-z0-9 /-]{2,60}?)"
    r"(?=\s+(?:by|from|in|among|with|to|compared|versus|vs|than|at|after|during|over)\b|\s*[,;(])")


_EFFECT_VERBS = ("increased", "reduced", "decreased", "improved", "lowered", "raised", "prevented", "doubled", "halved")


def _effect_object(norm: str, c: Candidate) -> tuple[int, int] | None:
    clause = norm[c.sentence[0]:c.start]
    if not any(v in clause for v in _EFFECT_VERBS):
        return None  # the cheap test first: most figures have no effect verb before them
    m = None
    for m in _EFFECT_OBJECT.finditer(norm, c.sentence[0], c.start):
        pass
    between = norm[m.end():c.start] if m is not None else ""
    if m is None or re.search(r"\d", between) and not re.match(r"\s+(?:by|from)\s+", between):
        return None
    if re.search(r"\band\s+[A-Za-z][\w-]*(?:\s+[\w-]+)?\s+by\s*$", between):
        return None  # "reduced glucose by 217 mg/dL and HbA1c by 1.2%": the figure has its own object
    return m.start("obj"), m.end("obj")


_FOR_AFTER = re.compile(
    r"\s*[)\]]?\s*for\s+(?:the\s+)?(?P<np>[A-Za-z][\w+/-]*(?:\s+(?:and\s+)?(?!(?:and|in|at|among|with|compared|versus|vs|"
    r"than|from|during|after|was|were)\b)[\w+/-]+){0,3}?)(?=\s*[,;.)\]]|\s+(?:and|in|at|among|with|compared|versus|vs|than|"
    r"from|during|after)\b|\s*$)")


def _for_after(norm: str, c: Candidate) -> tuple[int, int] | None:
    """'the relative detection was 2.00 (95% CI 1.44-2.77) for CIN2, 2.08 (1.47-2.95) for CIN3': a ratio
    whose outcome is named after it by 'for', unless that phrase is a group, a time or a treatment."""
    if c.measure not in measures.RATIO_MEASURES and c.ci_low is None:
        return None
    m = _FOR_AFTER.match(norm, c.end, c.sentence[1])
    if m is None or re.match(r"\s+(?:versus|vs\.?|compared)\b", norm[m.end("np"):m.end("np") + 12]):
        return None  # "0.96 (...) for teaching versus nonteaching hospitals": the arms compared
    np_text = m.group("np")
    if re.match(r"(?i:an?\s)|.*(?<![A-Za-z])\d", np_text) or _FOR_NOT_OUTCOME.search(np_text) or not_an_outcome(np_text) \
            or _is_treatment(np_text) and not np_text.isupper():
        return None
    return m.start("np"), m.end("np")


_FOR_NOT_OUTCOME = re.compile(r"\b(?:doses?|mg|regimens?|groups?|arms?|patients|participants|subjects|women|men|children|adults|those|each|both|all|"
                              r"every|per|year|years|month|months|week|weeks|day|days|comparison|trend|interaction|"
                              r"trials?|studies|analysis)\b", re.I)


# Phrases tied to the figure by syntax, tried before the looser "nearest mention" rules.
def _predicted(norm: str, c: Candidate) -> tuple[int, int] | None:
    return outcome_after_predictors(norm, c.end, c.sentence[1])


def _predicted_before(norm: str, c: Candidate) -> tuple[int, int] | None:
    return outcome_before_predictors(norm, c.sentence[0], c.start)


def _change_after(norm: str, c: Candidate) -> tuple[int, int] | None:
    return outcome_after_figures(norm, c.end, c.sentence[1])


def _list_item(norm: str, c: Candidate) -> tuple[int, int] | None:
    return list_item_before(norm, c.sentence[0], c.start)


_PHRASE_RULES = (_for_after, _after_change, _colon, _bracket_label, _label_equals, _of_figure, _effect_object, _predicted, _predicted_before, _list_item, _change_after)


_OPENS_ON_FIGURE = re.compile(r"(?P<word>[A-Za-z][\w-]*)\s*[(\[]\s*(?:[A-Za-z]+\s*[=:,]?\s*)?-?[\d.]")


def _expand(text: str, abbreviations: dict[str, str]) -> str:
    """An endpoint that is only a defined abbreviation ('CHI3L1', 'HRs') is named in full; inside a
    longer phrase ('new HPV genotype', 'QALYs estimated from the SF-36') it stays as written."""
    if len(text.split()) > 1:
        return text

    def repl(m: re.Match) -> str:
        word = m.group(0)
        if word not in abbreviations and word.endswith("s") and word[:-1] in abbreviations:
            return abbreviations[word[:-1]]  # "HRs" for the heart rate (HR) of each patient
        return abbreviations.get(word, word)

    return re.sub(r"\b[A-Za-z][\w-]*\b", repl, text) if abbreviations else text


def _count_endpoint(norm: str, c: Candidate) -> tuple[str, str] | None:
    """'28 patients (93%) either were MRD-negative (...) or had low levels of MRD' -> both, joined by 'or'."""
    s_hi = c.sentence[1]
    clause_end = s_hi
    m = re.search(r";|\.\s|,\s+(?:and|but|whereas|while)\s|\bwhereas\b", norm[c.end:s_hi])
    if m:
        clause_end = c.end + m.start()
    tail = norm[c.end:clause_end]
    verb = re.match(r"^\s*(?:either\s+)?(?:had|have|were|was|developed|experienced|achieved|became|showed|reported|received|attained|"
                    r"relapsed|died|required|underwent|completed|remained)\b|^\s*(?:either\s+)?(?:were|was)\s+", tail)
    if not verb:
        return None
    mentions = [m for m in canonical_mentions(norm, c.end, clause_end)]
    # keep outermost mentions, in order
    mentions.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for mm in mentions:
        if kept and mm[0] < kept[-1][1]:
            continue
        kept.append(mm)
    if kept:
        if re.match(r"^\s*either\b", tail) and len(kept) >= 2:
            return " or ".join(k[2] for k in kept[:2]), norm[kept[0][0]:kept[1][1]]
        return kept[0][2], norm[kept[0][0]:kept[0][1]]
    pred = re.match(r"\s*(?:either\s+)?(?:\w+)\s+(?P<what>(?:the\s+|a\s+|an\s+)?[^,;()\[\]]{3,70}?)\s*(?=[,;.()\[\]]|$)", tail)
    if pred:
        what = _ARTICLE.sub("", pred.group("what").strip())
        return what, what
    return None


def _arm(norm: str, c: Candidate) -> None:
    if c.arm:
        return
    s_lo, s_hi = c.sentence
    # between the value and its CI ("81.6% in our study (95% CI ...)"), right after the value when
    # the quote runs on ("was 499.5 in the social media arm"), then right after the quote
    for lo, hi in ((c.inner[0], c.inner[1]), (c.value_end, c.end), (c.end, min(s_hi, c.end + 90))):
        if hi <= lo:
            continue
        m = _GROUP_RECEIVING.match(norm[lo:hi])
        if m:
            c.arm = _clean_arm(m.group("arm"))
            if c.arm:
                return
        m = _ARM_AFTER.match(norm[lo:hi])
        if m:
            c.arm = _one_arm(m.group("arm"))
            if c.arm:
                return
        c.arm = _treatment_after(norm[lo:hi])
        if c.arm:
            return
    if c.kind not in {ClaimKind.ESTIMATE, ClaimKind.COUNT}:
        return
    # "than Group P1.5 (55.3%, ...)", "in the metformin group (1.04 IU/kg ...)": the group named
    # right before the bracket that opens on the figure
    lo = max(s_lo, c.start - 60)
    named = [(at, a) for at, a in _arm_mentions(norm, lo, c.start) if re.fullmatch(r"\s*[(\[]\s*", norm[at:c.value_start])]
    # "in Group B than Group A (4.00 vs. 3.04)": a bracketed pair holds both groups' figures
    pair = re.match(r"\s*(?:%|[A-Za-z/]+)?\s*,?\s*(?:vs\.?|versus)\s*[-\u2212+]?\d", norm[c.end:s_hi])
    if named and not pair:
        c.arm = named[-1][1]
        return
    # "in favour of acupuncture (mean difference 1.2, ...) compared with sham (0.3, ...)", "higher with
    # ibuprofen (45%; ...) than with placebo (30%; ...)": a treatment or role named right before the
    # bracket that holds the figure (after its label) owns that figure
    m = _TREATMENT_BEFORE_FIGURE.search(norm, lo, c.start)
    if m and not pair:
        arm = _clean_arm(m.group("arm"))
        # "more adverse effects than placebo (1.53, ...)": a figure after a bare comparison is the contrast,
        # its group the comparator; only a group's own value (a share, a mean) belongs to it
        contrast = re.fullmatch(r"than|versus|vs\.?|compared\s+(?:with|to)", m.group("kw"), re.I) and c.measure not in _ONE_GROUP_MEASURES
        if not contrast and (_is_treatment(arm) or _ROLE_ARM.match(arm) or re.search(rf"\b{_ARM_NOUN}$", arm, re.I)):
            c.arm = arm
            return
    m = _ARM_BEFORE.search(norm[lo:c.start])
    if m:
        c.arm = _one_arm(m.group("arm"))


_ONE_GROUP_MEASURES = {"proportion", "mean", "median", "rate", "count"}
_TREATMENT_BEFORE_FIGURE = re.compile(
    r"\b(?P<kw>in\s+favou?r\s+of|(?:than\s+)?with|than|versus|vs\.?|compared\s+(?:with|to)|receiving|given)\s+(?:the\s+)?"
    r"(?P<arm>[A-Za-z][\w\-./+]*(?:\s+[A-Za-z0-9][\w\-./+]*){0,2}?)\s*[(\[]\s*(?:[A-Za-z][A-Za-z -]{0,30}?[\s,:=]+)?$")


def _comparative(c: Candidate) -> bool:
    """A ratio or a difference compares two groups by itself; a proportion or mean describes one."""
    return "ratio" in c.measure or "difference" in c.measure


def _in_vs_pair(norm: str, group: list[Candidate], c: Candidate) -> bool:
    """Whether c is one side of 'A vs B' ('(18% vs. 33%, p=0.12)')."""
    i = group.index(c)
    return (i > 0 and bool(_PAIR_VS.match(norm[group[i - 1].end:c.start]))) or (
        i + 1 < len(group) and bool(_PAIR_VS.match(norm[c.end:group[i + 1].start])))


def _split_list(text: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+", text)
    return [p for p in (x.strip() for x in parts) if p]


def _respectively(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    m = _RESPECTIVELY.search(norm, sent[0], sent[1])
    if not m:
        return
    arms = _split_list(m.group("list"))
    if len(arms) < 2:
        return
    # "in the group 1 and 2" / "in the A and B groups": share the noun between items
    noun = re.search(rf"\s({_ARM_NOUN})$", arms[-1])
    head = re.match(rf"^(?:the\s+)?({_ARM_NOUN})\s", arms[0], re.I)
    if head:
        arms = [arms[0]] + [a if a.lower().startswith(head.group(1).lower()) else f"{head.group(1)} {a}" for a in arms[1:]]
    elif noun:
        # "the placebo and etoricoxib groups" -> "placebo group", "etoricoxib group"
        word = noun.group(1)
        single = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        arms[-1] = arms[-1][: len(arms[-1]) - len(word)] + single
        arms = [a if re.search(rf"{_ARM_NOUN}$", a) else f"{a} {single}" for a in arms]
    arms = [_clean_arm(a) for a in arms]
    figures = [c for c in group if c.end <= m.start() and c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT, ClaimKind.ADVERSE_EVENT}]
    figures = figures[-len(arms):] if len(figures) >= len(arms) else figures
    if len(figures) != len(arms):
        return
    for c, arm in zip(figures, arms):
        c.arm = arm
    if len(arms) == 2:
        figures[0].comparator, figures[1].comparator = arms[1], arms[0]


_RESPECTIVELY_WORD = re.compile(r"\brespectively\b", re.I)


def _respectively_named_before(norm: str, sent: tuple[int, int], group: list[Candidate], previous: list[Candidate]) -> None:
    """'randomized to memantine (n = 342) or placebo (n = 335); completion rates were 79.8 and 81.2 %,
    respectively', 'The median survival was 25 weeks in the bolus arm and 30 weeks for the CI therapy.
    The overall response rate was 64% (18% CR) and 69% (30% CR) respectively': with no groups listed
    before 'respectively', the figures take in order the groups the sentence (or the one before)
    has just given figures for; a figure in brackets goes with the figure it qualifies."""
    resp = _RESPECTIVELY_WORD.search(norm, sent[0], sent[1])
    if not resp or _RESPECTIVELY.search(norm, sent[0], sent[1]):
        return
    figures = [c for c in group if c.end <= resp.start() and c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT}]
    if len(figures) < 2 or any(c.arm for c in figures):
        return
    runs = _top_level_runs(norm, figures)
    for source in ([c for c in group if c.end <= figures[0].start and c.arm], [c for c in previous if c.arm]):
        arms = list(dict.fromkeys(c.arm for c in source))
        if len(arms) >= 2:
            break
    else:
        return
    if len(arms) != len(runs):
        return
    for run, arm in zip(runs, arms):
        for c in run:
            c.arm = arm


def _top_level_runs(norm: str, figures: list[Candidate]) -> list[list[Candidate]]:
    """'64% (18% complete response) and 69% (30% CR)' -> [[64%, 18%], [69%, 30%]]: each figure that
    opens no bracket starts a run, the bracketed ones join the run before them."""
    runs: list[list[Candidate]] = []
    depth_at = figures[0].start
    depth = 0
    for c in figures:
        gap = norm[depth_at:c.start]
        depth += gap.count("(") + gap.count("[") - gap.count(")") - gap.count("]")
        depth_at = c.start
        if depth <= 0 or not runs:
            runs.append([c])
        else:
            runs[-1].append(c)
    return runs


def _corresponding(norm: str, sent: tuple[int, int], group: list[Candidate], previous: list[Candidate]) -> None:
    m = _CORRESPONDING.search(norm, sent[0], sent[1])
    if not m:
        return
    after = [c for c in group if c.start >= m.end() and c.kind == ClaimKind.ESTIMATE]
    before = [c for c in group if c.end <= m.start() and c.kind == ClaimKind.ESTIMATE] or previous
    if not after or len(before) < len(after):
        return
    template = before[-len(after):]
    ep = m.group("ep").strip()
    # "A in X, as compared with B in Y; the corresponding values for OS were C and D": C and D are
    # set against each other as A and B were
    against = len(template) == 2 and bool(_SETS_AGAINST.search(norm, template[0].end, template[1].start))
    for i, (c, t) in enumerate(zip(after, template)):
        c.arm, c.comparator = c.arm or t.arm, c.comparator or t.comparator
        if against and not c.comparator and template[1 - i].arm != c.arm:
            c.comparator = template[1 - i].arm
        c.timepoint = t.timepoint or c.timepoint
        c.endpoint_text = ep
        c.endpoint = canonical_name(ep) or ep


def _timepoints(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    quotes = [(c.start, c.end) for c in group]
    matches, starts = _all_timepoints(norm)
    # Only the sentence's own timepoints: scanning every timepoint of the text per sentence made
    # long texts quadratic.
    in_sentence = matches[bisect_left(starts, sent[0]):bisect_left(starts, sent[1])]
    tps = [m for m in in_sentence if m.end() <= sent[1]
           and not any(s < m.end() and m.start() < e for s, e in quotes)]
    if not tps:
        return
    for c in group:
        if c.timepoint or c.kind in {ClaimKind.SAMPLE_SIZE, ClaimKind.ELIGIBILITY, ClaimKind.FOLLOW_UP, ClaimKind.THRESHOLD}:
            continue
        # right after the figure ("90% within 2 years"), else the nearest before in the clause
        near_after = [m for m in tps if 0 <= m.start() - c.end <= 25 and not re.search(r"\d", norm[c.end:m.start()])]
        if near_after:
            c.timepoint = norm[near_after[0].start():near_after[0].end()]
            continue
        if c.endpoint_text:
            # "Two-year disease-free survival": the timepoint that qualifies the endpoint mention
            ep_at = norm.rfind(c.endpoint_text, sent[0], c.start + 1)
            if ep_at >= 0:
                q = [m for m in tps if 0 <= ep_at - m.end() <= 3]
                if q:
                    c.timepoint = q[-1].group(0)
                    continue
        before = [m for m in tps if m.end() <= c.start and not re.search(r";", norm[m.end():c.start])]
        if before and (c.start - before[-1].end() < 80 or _opens_sentence(norm, sent, before[-1], group)):
            c.timepoint = before[-1].group(0)
            continue
        if len(tps) == 1 and tps[0].start() > c.end and c.kind not in {ClaimKind.P_VALUE} and _same_clause(norm, group, c, tps[0]):
            c.timepoint = tps[0].group(0)


def _opens_sentence(norm: str, sent: tuple[int, int], tp: re.Match, group: list[Candidate]) -> bool:
    """'At six months the intervention group showed a reduction in systolic (2.54 ...) and diastolic
    (3.95 ...) BP', 'At endpoint (week 24, ...), memantine-treated patients ...': a timepoint that
    opens the sentence, before any figure, sets the time of all its figures."""
    lead = norm[sent[0]:tp.start()]
    # at most two words before it ("At endpoint (week 24"), not "Researchers found that at one year"
    return len(re.findall(r"[A-Za-z]+", lead)) <= 2 and not re.search(r"\d", lead) and all(c.start >= tp.end() for c in group)


# Words that open a new clause with its own time ("despite the lower insulin dose at end of trial").
_CLAUSE_BREAK = re.compile(r";|\b(?:despite|while|whereas|although|but)\b", re.I)


def _same_clause(norm: str, group: list[Candidate], c: Candidate, tp: re.Match) -> bool:
    """Whether the timepoint after c still speaks of c: no clause break between, and it does not
    qualify the outcome of a later figure ("in-hospital death (RR 4.10 ...) and all-cause 6 month
    mortality (3.21 ...)")."""
    if _CLAUSE_BREAK.search(norm, c.end, tp.start()):
        return False
    for o in group:
        if o is not c and o.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT} and 0 <= o.start - tp.end() <= 60 and o.endpoint_text \
                and norm.find(o.endpoint_text, tp.end(), o.start) >= 0:
            return False
    return True


def _share_timepoint_in_pairs(norm: str, group: list[Candidate]) -> None:
    """'lower insulin dose at end of trial in the metformin group (1.04 ...) compared with placebo
    (1.36 ...)': the second figure of a comparison is measured when the first one is."""
    figures = [c for c in group if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT}]
    for a, b in zip(figures, figures[1:]):
        if a.timepoint and not b.timepoint and a.endpoint == b.endpoint and a.arm and b.arm and a.arm != b.arm \
                and not _CLAUSE_BREAK.search(norm, a.end, b.start) and _SETS_AGAINST.search(norm, a.end, b.start):
            b.timepoint = a.timepoint


_TIME_WORDS = variants("year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "h", "baseline",
                       "enrolment", "enrollment", "randomisation", "randomization", "diagnosis", "discharge", "admission",
                       "end", "infusion", "induction", "course", "cycle", "consolidation", "visit")


@lru_cache(maxsize=8)
def _all_timepoints(norm: str) -> tuple[list[re.Match[str]], list[int]]:
    """The text's timepoint mentions in text order, with their start offsets for bisecting."""
    matches = sorted(scan_words(norm, _TIME_WORDS, TIMEPOINT, 60, 40), key=lambda m: m.start())
    return matches, [m.start() for m in matches]


# Words that set one figure against another. Two per-arm figures only listed side by side ("38.5 in
# the control group and 38.7 in the intervention group") report each arm; "81.6% in our study,
# compared with 49.4% in the Interfant-06 trial", a p-value that closes the pair ("-1.65 kg/m2 in the
# intervention group and +0.05 kg/m2 in the control group, p = 0.0005": the two were tested against
# each other) and a "respectively" list of two groups (see _respectively) make each the other's
# comparator.
_CLOSING_P = re.compile(r"[^;\d]{0,60}?[,(\[]\s*[Pp]\s*(?:[=<>\u2264\u2265]|-?values?\b)")
_SETS_AGAINST = re.compile(r"\b(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|than|relative\s+to|as\s+opposed\s+to|against)(?=\W)", re.I)


def _comparators(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    by_endpoint: dict[str, list[Candidate]] = {}
    for c in group:
        if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT, ClaimKind.BACKGROUND} and c.arm and c.measure not in {Measure.HAZARD_RATIO, Measure.ODDS_RATIO, Measure.RISK_RATIO, Measure.RATE_RATIO}:
            by_endpoint.setdefault(c.endpoint, []).append(c)
    for items in by_endpoint.values():
        arms = list(dict.fromkeys(c.arm for c in items))
        if len(arms) != 2 or not (_SETS_AGAINST.search(norm, items[0].end, items[-1].start)
                                  or _CLOSING_P.match(norm, items[-1].end, sent[1])):
            continue
        for c in items:
            if not c.comparator:
                c.comparator = arms[1] if c.arm == arms[0] else arms[0]
    for c in group:
        if c.comparator or c.kind not in {ClaimKind.ESTIMATE, ClaimKind.COUNT}:
            continue
        if not c.arm and _in_vs_pair(norm, group, c):
            # "PFS (3.5 vs. 12.7 months) compared to patients with low miR-21": one side of a pair
            # with no arm of its own cannot say which side of the comparison it is on
            continue
        # the comparison after the figure ("... (HR 0.8) compared with placebo"), else the one before it
        after = [a for a in map(_compared_arm, _COMPARED.finditer(norm, c.end, sent[1])) if a]
        before = [a for a in map(_compared_arm, _COMPARED.finditer(norm, sent[0], c.start)) if a]
        for arm in after[:1] + before[:1]:
            if arm != c.arm:
                c.comparator = arm
                break


_ARM_MENTION = re.compile(
    r"\b(?:[Gg]roup\s+(?P<letter>[A-Z][\w.]{0,4})\b"
    r"|(?P<treated>[\w-]+)[- ]treated\s+(?:patients|participants|subjects|group)"
    # "intervention participants had ...", not "severely deficient placebo patients" (a subgroup)
    r"|(?:^|(?<=[,;:(.]\s)|(?<=\b[Tt]he\s)|(?<=\bin\s)|(?<=\bof\s)|(?<=\bto\s)|(?<=\bfor\s)|(?<=\bamong\s))"
    r"(?P<role>[Ii]ntervention|[Cc]ontrol|[Pp]lacebo|[Tt]reatment|[Ee]xperimental|[Uu]sual[- ]care)\s+(?:participants|patients|subjects|condition)"
    # "men in the intervention significantly improved": the role word alone, as the group's name
    r"|(?<=\bin\sthe\s)(?P<bare>intervention|control|placebo)(?=\s*[,;.()]|\s+(?:\w+ly|was|were|had|has|showed|is|are)\b)"
    # not "less in group" of "less in group A (10.0 days)": that is the lettered group above
    r"|(?P<named>(?:[\w./+-]+\s+){0,2}?[\w./+-]+)\s+(?:group|arm)(?!s)\b(?!\s+(?:[A-Z][\d.]*|\d[\w.]*|[IVX]+)\b))"
)
_NOT_ARMS = {"both", "two", "each", "all", "either", "treatment", "combined treatment", "study", "the", "same", "other", "age",
             "one", "three", "four", "a", "this", "that", "which", "every", "per"}
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?P<a>[\w./+-]+(?:\s+[\w./+-]+)?)\s+and\s+(?:the\s+)?(?P<b>[\w./+-]+)\s+(?:groups|arms)\b", re.I)


_MAY_NAME_ARM = re.compile(r"[Gg]roup|\barms?\b|treated|(?:intervention|control|placebo|treatment|experimental|care)\s+(?:participants|patients|subjects|condition)"
                           r"|\bin\sthe\s(?:intervention|control|placebo)\b")


def _arm_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(offset, arm) of each group named in norm[lo:hi]: 'the metformin group', 'Group B',
    'memantine-treated patients', 'intervention participants'."""
    out = []
    for m in _ARM_MENTION.finditer(norm, lo, hi):
        if m.group("letter"):
            arm = "Group " + m.group("letter").rstrip(".")
        else:
            arm = m.group("treated") or m.group("role") or m.group("bare") or m.group("named")
            words = arm.split()
            # "in the oral pyridostigmine group": the words after the last article or preposition
            cut = max((i for i, w in enumerate(words) if w.lower() in {"the", "in", "of", "to", "with", "for", "and", "a", "an",
                                                                         "our", "than", "vs", "versus", "between", "among", "both"}),
                      default=-1)
            arm = " ".join(words[cut + 1:])
        if not arm or arm.lower() in _NOT_ARMS or re.fullmatch(r"[\d.]+", arm):
            continue
        out.append((m.end(), arm))
    return out


def _sentence_groups(norm: str, sent: tuple[int, int], comparative_only: bool) -> tuple[str, str] | None:
    """(the group the sentence is about, the group it is set against or '') or None when the
    sentence does not single out one group. A sentence naming two groups singles one out only for
    figures that are comparative themselves (`comparative_only`): "women in the hypnotherapy group
    had 41% fewer hot flashes ..., while those in the control group ... a 10% drop" gives each group
    its own figures."""
    between = _BETWEEN.search(norm, sent[0], sent[1])
    if between:
        return _clean_arm(between.group("a")), _clean_arm(between.group("b"))
    mentions = _arm_mentions(norm, sent[0], sent[1])
    compared = [m for m in _COMPARED.finditer(norm, sent[0], sent[1])]
    comp_spans = [(m.start("arm"), m.end("arm")) for m in compared]
    comparators = {a for at, a in mentions if any(s < at <= e for s, e in comp_spans)}
    comparators |= {_clean_arm(m.group("arm")) for m in compared if _clean_arm(m.group("arm")).lower() in {"placebo", "control", "usual care"}}
    arms = list(dict.fromkeys(a for at, a in mentions if a not in comparators))
    if len(arms) == 2 and not comparators and comparative_only:
        # "memantine-treated patients significantly outperformed placebo-treated patients": the
        # subject group against the one right after the comparison word
        first_end = next(at for at, a in mentions if a == arms[0])
        second_end = next(at for at, a in mentions if a == arms[1])
        second_at = norm.rfind(arms[1], first_end, second_end)
        if second_at >= 0 and _OBJECT_OF_COMPARISON.search(norm, first_end, second_at):
            return arms[0], arms[1]
    if len(arms) != 1:
        return None
    if len(comparators) == 1:
        return arms[0], next(iter(comparators))
    # "Compared with their peers in the study, students in the simulator group ...": a comparison
    # group that is no "X group"
    named = [a for a in map(_compared_arm, compared) if a and a.lower() != arms[0].lower()]
    return arms[0], (named[0] if len(named) == 1 and not comparators else "")


_FAVOURED = re.compile(
    r"(?<!\bnot\s)\b(?:in\s+)?favou?r(?:ed|ing|s)?\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:men|women|patients|participants|subjects|children|those)\s+(?:in|on|receiving|given)\s+(?:the\s+)?)?"
    r"(?P<arm>[\w./+-]+(?:\s+[\w./+-]+){0,2}?(?:\s+(?:group|arm))?)"
    r"(?:\s+over\s+(?:the\s+)?(?P<other>[\w./+-]+(?:\s+[\w./+-]+)?(?:\s+(?:group|arm))?))?"
    r"(?=\s*[,;.)\]]|\s+(?:with|was|were|and|but|in|at|from|through|for)\b|\s*$)",
    re.I,
)


def _favoured(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    """'survival favored arimoclomol with a hazard ratio of 0.77', 'the estimated treatment difference
    favoring SPN-804 over placebo was -10.2': a ratio or difference with no group of its own belongs
    to the group it favours (against the one it is favoured over)."""
    todo = [c for c in group if not c.arm and c.kind == ClaimKind.ESTIMATE and _comparative(c)]
    if not todo:
        return
    found = [m for m in _FAVOURED.finditer(norm, sent[0], sent[1]) if _one_arm(m.group("arm"))]
    if len(found) != 1:
        return
    m = found[0]
    for c in todo:
        c.arm = _one_arm(m.group("arm"))
        if m.group("other") and not c.comparator:
            c.comparator = _one_arm(m.group("other"))


_OBJECT_OF_COMPARISON = re.compile(
    r"\b(?:outperform\w*|superior\s+to|inferior\s+to|than|compared\s+(?:with|to)|versus|vs\.?)\s+"
    r"(?:(?:in|among|with)\s+)?(?:the\s+|those\s+(?:in|on)\s+the\s+)?\Z", re.I)
# "(91% vs 61.5%)", "(4.00 vs. 3.04; P = 0.023)": the figure after 'vs' is the other group's
_PAIR_VS = re.compile(r"^\s*(?:%|[A-Za-z/]+)?\s*,?\s*(?:vs\.?|versus)\s*$", re.I)


def _sentence_arms(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    """'The metformin group gained less weight (between-group difference -2.6 kg ...)', 'Compared with
    the control group, girls in the intervention group were more likely ... (ARR 1.33 ...)': a figure
    with no arm of its own belongs to the one group its sentence is about, against the other; in
    'more blastocysts in Group B than Group A (4.00 vs. 3.04)' the figure after 'vs' is the other's."""
    todo = [c for c in group if not c.arm and c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT}]
    if not todo or not _MAY_NAME_ARM.search(norm, sent[0], sent[1]):
        return
    found = _sentence_groups(norm, sent, comparative_only=all(_comparative(c) for c in todo))
    if found is None:
        return
    arm, comparator = found
    figures = [c for c in group if c.kind in {ClaimKind.ESTIMATE, ClaimKind.COUNT}]
    for c in todo:
        other = _COMPARED_OPENS.search(norm, max(sent[0], c.start - 50), c.start)
        if other and comparator and _clean_arm(other.group("arm")).lower() == comparator.lower():
            # "... in the metformin group (1.04 IU/kg ...) compared with placebo (1.36 IU/kg ...)"
            c.arm = comparator
            continue
        i = figures.index(c)
        if i > 0 and not _comparative(c) and _PAIR_VS.match(norm[figures[i - 1].end:c.start]):
            c.arm = comparator  # '' when the other group is not named
            continue
        c.arm = arm
        # only a comparative figure (a ratio or a difference) has a comparator of its own
        if _comparative(c) and comparator and not c.comparator and comparator.lower() != arm.lower():
            c.comparator = comparator


_COMPARED_OPENS = re.compile(
    r"(?:compared\s+(?:with|to)|versus|vs\.?|than)\s+(?:in\s+)?(?P<arm>(?:the\s+)?[\w./+-]+(?:\s+(?:group|arm))?)\s*[(\[]\s*$", re.I
)


_SYMBOLS = {"<", ">", "<=", ">=", "\u2264", "\u2265"}
_RESULT_VERB_BEFORE = re.compile(r"\b(?:was|were|is|are|of|reached|achieved|had|in|to|by)\s*$", re.I)


def _thresholds(norm: str, group: list[Candidate]) -> None:
    """'type 2 diabetes (HbA1c ≥7.5%)', 'protein C levels ≤ 40% of normal': a bare percentage behind
    a comparison sign, with no CI, no p-value and no verb stating it as a result, is a cut-off."""
    for c in group:
        if c.kind != ClaimKind.ESTIMATE or c.qualifier not in _SYMBOLS or c.ci_low is not None or c.p_value or c.unit != "%":
            continue
        sign_at = norm.rfind(c.qualifier, max(c.sentence[0], c.value_start - 6), c.value_start)
        if sign_at < 0 or _RESULT_VERB_BEFORE.search(norm, max(c.sentence[0], sign_at - 20), sign_at):
            continue
        c.kind, c.measure = "threshold", "threshold"
        c.endpoint = c.endpoint_text = c.arm = c.comparator = ""


def _background(norm: str, sent: tuple[int, int], group: list[Candidate], headings: list[tuple[int, str]]) -> None:
    section = ""
    for pos, name in headings:
        if pos <= sent[0]:
            section = name
    text = norm[sent[0]:sent[1]]
    generic = _BACKGROUND_VERB.search(text) and not _STUDY_VERB.search(text)
    if section in {"background", "introduction"} or generic:
        for c in group:
            if c.kind == ClaimKind.ESTIMATE:
                c.kind = "background"
