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
"""

from __future__ import annotations

from bisect import bisect_left
import re
from functools import lru_cache

from .candidate import Candidate
from .scan import scan_words, variants
from .endpoints import (
    canonical_mentions, canonical_name, colon_label, is_generic, nearest_before, noun_of_figure, object_after, right_after,
    subject_before,
)

_NUMW = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|\d+(?:\.\d+)?)"
_PERIOD = r"(?:years?|months?|weeks?|days?|hours?)"
TIMEPOINT = re.compile(
    rf"(?i:\b{_NUMW}[- ](?:year|month|week|day|hour)(?![- ]old)\b"
    rf"|\b(?:at|after|by|over|during|through|within|up\s+to|for)\s+(?:the\s+first\s+|the\s+)?(?:a|one|{_NUMW})\s+{_PERIOD}(?:\s+(?:of|after|from)\s+(?:diagnosis|randomi[sz]ation|treatment|surgery|follow-up|baseline))?"
    rf"|\b(?:at|by|on|after|until)\s+(?:week|month|day|year|visit|cycle)\s+\d+"
    rf"|\b(?:at|by)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:study|treatment|trial|follow-up|intervention|therapy)"
    rf"|\bafter\s+(?:the\s+)?[\w-]+\s+(?:infusion|induction|course|cycle|consolidation)\b"
    rf"|\b(?:at\s+)?baseline\b)"
)
_ARM_NOUN = r"(?:group|arm|cohort|trial|study|population|recipients|users|patients|participants|controls|condition)s?"
_ARM_AFTER = re.compile(
    rf"^[\s,%]*(?:\)\s*)?(?:(?:was|were)\s+)?(?:in|among|for|with|on|receiving)\s+(?P<arm>(?:our|this|the\s+present|the\s+current)\s+(?:study|trial|cohort)"
    rf"|(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,4}}?\s+{_ARM_NOUN}\b"
    rf"|(?:the\s+)?(?:placebo|control|intervention|usual[- ]care|sham)\b)",
    re.I,
)
_ARM_BEFORE = re.compile(
    rf"(?:in|among|with|for)\s+(?P<arm>(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,3}}?\s+{_ARM_NOUN})\s*(?:,|:|was|were|of)?\s*$",
    re.I,
)
_RESPECTIVELY = re.compile(
    r"\b(?:in|among|for|with)\s+(?P<list>(?:the\s+)?[^;()]{3,120}?)\s*,?\s+respectively\b", re.I
)
_CORRESPONDING = re.compile(r"\bcorresponding\s+(?:values?|figures?|rates?|estimates?)\s+(?:for|of)\s+(?P<ep>[^,;]+?)\s+(?:were|was)\b", re.I)
_COMPARED = re.compile(
    rf"\b(?:as\s+)?(?:compared\s+(?:with|to)|versus|vs\.?|relative\s+to|than)\s+(?:those\s+(?:in|receiving|given|on)\s+|patients\s+(?:in|receiving|given|on)\s+)?"
    rf"(?P<arm>(?:the\s+)?[\w\-./+]+(?:\s+[\w\-./+]+){{0,4}}?(?:\s+{_ARM_NOUN})?)(?=\s*(?:[,;.)]|$|\())",
    re.I,
)
_BACKGROUND_VERB = re.compile(r"\b(?:is|are|occur|occurs|remains?|has|have|affects?|accounts?)\b", re.I)
_STUDY_VERB = re.compile(
    r"\b(?:was|were|had|showed|received|achieved|reported|randomi[sz]ed|enrolled|our|we|this\s+study|the\s+study|in\s+the\s+\w+\s+group|"
    r"than\s+(?:the\s+)?(?:controls?|placebo)|as\s+(?:the\s+)?(?:controls?|placebo))\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _clean_arm(text: str) -> str:
    return _ARTICLE.sub("", re.sub(r"\s+", " ", text.strip(" ,;"))).strip()


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
        _timepoints(norm, sent, group)
        _corresponding(norm, sent, group, previous)
        _comparators(norm, sent, group)
        _sentence_arms(norm, sent, group)
        _background(norm, sent, group, headings)
        _thresholds(norm, group)
        previous = [c for c in group if c.kind in {"estimate", "count"}] or previous


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


def _carry_over(norm: str, c: Candidate, previous: list[Candidate], abbreviations: dict[str, str]) -> None:
    """'Median number of 30-day page views was 499.5 ...; there was no evidence of a treatment effect
    (P=0.38)': a figure whose own phrase names only a comparison measures what the sentence (or the
    figures before it) measure."""
    if c.kind not in {"estimate", "count", "p_value"} or (c.endpoint_text and not is_generic(_ARTICLE.sub("", c.endpoint_text))):
        return
    s_lo = c.sentence[0]
    same = [p for p in previous if p.sentence == c.sentence and p.endpoint and not is_generic(p.endpoint_text)]
    if same:
        c.endpoint, c.endpoint_text = same[-1].endpoint, same[-1].endpoint_text
        return
    verb = _FIRST_VERB.search(norm, s_lo, c.start)
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
        if c.kind in {"estimate", "count", "background"}:
            if prev is not None and prev.endpoint and prev.unit == c.unit and prev.measure == c.measure:
                if not c.endpoint or _VERSUS_NEXT.match(norm[prev.end:c.start]):
                    c.endpoint, c.endpoint_text = prev.endpoint, prev.endpoint_text
            prev = c


_LIST_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _distribute_lists(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    """'the concentration of dust, endotoxin, and fungi (1.92 (...); 2.86 (...); 1.75 (...))' and
    'the response time for gas and stool were 5.4 h and 4.9 h, respectively': N figures that got the
    same endpoint from a phrase ending in a list of N outcomes take the outcomes in order."""
    figures = [c for c in group if c.kind in {"estimate", "count", "background"} and c.endpoint_text]
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


def _endpoint(norm: str, c: Candidate, abbreviations: dict[str, str]) -> None:
    if "endpoint" in c.fixed or c.kind in {"sample_size", "eligibility"}:
        return
    s_lo, s_hi = c.sentence
    hit = None
    if c.kind == "count":
        hit = _count_endpoint(norm, c)
        if hit:
            c.endpoint, c.endpoint_text = hit
            return
    if c.kind == "estimate" and c.unit == "%":
        share = _SHARE_HAD.match(norm, c.end, s_hi)
        if share:
            # "74% of 142 sexually active subjects had HPV infection": what the share had
            _set_endpoint(c, share.group("what"), abbreviations)
            return
    after = right_after(norm, c.value_end if c.kind != "count" else c.end, s_hi)
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
    r"\s*(?:\([^()]*\)\s*)?(?:of\s+(?!the\s+(?:total|sample|planned|target))[^,;()\[\]]{1,80}?\s+)?"
    r"(?:had|were|was|achieved|attained|experienced|developed|reported|remained|became|required)\s+"
    r"(?:(?:a|an|the|at\s+least\s+one|any|no)\s+)?(?P<what>[^,;()\[\]]{3,70}?)\s*(?=[,;.()\[\]]|\s(?:and|or)\s+\d|\s(?:of\s+whom|who|which|whereas|while|at|after|during|by|within|compared|versus|vs\.?|than|in\s+the)\s|$)"
)


def _set_endpoint(c: Candidate, text: str, abbreviations: dict[str, str]) -> None:
    c.endpoint_text = text
    c.endpoint = canonical_name(text, abbreviations) or _expand(text, abbreviations)


_CHANGE_BEFORE = re.compile(r"\b(?:decrease|increase|reduction|improvement|change|difference|decline|rise|fall|gain|loss)s?\s+(?:of|by)\s+$", re.I)


def _after_change(norm: str, c: Candidate) -> tuple[int, int] | None:
    """'an average decrease of 3.6 points in anxiety-levels' -> 'anxiety-levels'."""
    tail = norm[max(c.sentence[0], c.start - 5):c.start].rstrip()
    if not (tail.endswith(" of") or tail.endswith(" by")) or not _CHANGE_BEFORE.search(norm, max(c.sentence[0], c.start - 40), c.start):
        return None
    return object_after(norm, c.value_end, c.sentence[1])


def _colon(norm: str, c: Candidate) -> tuple[int, int] | None:
    return colon_label(norm, c.sentence[0], c.start)


def _of_figure(norm: str, c: Candidate) -> tuple[int, int] | None:
    return noun_of_figure(norm, c.sentence[0], c.start)


# Phrases tied to the figure by syntax, tried before the looser "nearest mention" rules.
_PHRASE_RULES = (_after_change, _colon, _of_figure)


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
    for lo, hi in ((c.inner[0], c.inner[1]), (c.end, min(s_hi, c.end + 90))):
        if hi <= lo:
            continue
        m = _ARM_AFTER.match(norm[lo:hi])
        if m:
            c.arm = _clean_arm(m.group("arm"))
            return
    m = _ARM_BEFORE.search(norm[max(s_lo, c.start - 60):c.start])
    if m and c.kind in {"estimate", "count"}:
        c.arm = _clean_arm(m.group("arm"))


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
    figures = [c for c in group if c.end <= m.start() and c.kind in {"estimate", "count", "adverse_event"}]
    figures = figures[-len(arms):] if len(figures) >= len(arms) else figures
    if len(figures) != len(arms):
        return
    for c, arm in zip(figures, arms):
        c.arm = arm
    if len(arms) == 2:
        figures[0].comparator, figures[1].comparator = arms[1], arms[0]


def _corresponding(norm: str, sent: tuple[int, int], group: list[Candidate], previous: list[Candidate]) -> None:
    m = _CORRESPONDING.search(norm, sent[0], sent[1])
    if not m:
        return
    after = [c for c in group if c.start >= m.end() and c.kind == "estimate"]
    before = [c for c in group if c.end <= m.start() and c.kind == "estimate"] or previous
    if not after or len(before) < len(after):
        return
    template = before[-len(after):]
    ep = m.group("ep").strip()
    for c, t in zip(after, template):
        c.arm, c.comparator = c.arm or t.arm, c.comparator or t.comparator
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
        if c.timepoint or c.kind in {"sample_size", "eligibility", "follow_up", "threshold"}:
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
        if before and c.start - before[-1].end() < 80:
            c.timepoint = before[-1].group(0)
            continue
        if len(tps) == 1 and tps[0].start() > c.end and c.kind not in {"p_value"}:
            c.timepoint = tps[0].group(0)


_TIME_WORDS = variants("year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "baseline",
                       "end", "infusion", "induction", "course", "cycle", "consolidation", "visit")


@lru_cache(maxsize=8)
def _all_timepoints(norm: str) -> tuple[list[re.Match[str]], list[int]]:
    """The text's timepoint mentions in text order, with their start offsets for bisecting."""
    matches = sorted(scan_words(norm, _TIME_WORDS, TIMEPOINT, 60, 40), key=lambda m: m.start())
    return matches, [m.start() for m in matches]


def _comparators(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    by_endpoint: dict[str, list[Candidate]] = {}
    for c in group:
        if c.kind in {"estimate", "count", "background"} and c.arm and c.measure not in {"hazard ratio", "odds ratio", "risk ratio", "rate ratio"}:
            by_endpoint.setdefault(c.endpoint, []).append(c)
    for items in by_endpoint.values():
        arms = list(dict.fromkeys(c.arm for c in items))
        if len(arms) == 2:
            for c in items:
                if not c.comparator:
                    c.comparator = arms[1] if c.arm == arms[0] else arms[0]
    for c in group:
        if c.comparator or c.kind not in {"estimate", "count"}:
            continue
        m = _COMPARED.search(norm, c.end, sent[1])
        if m is None:
            m = _COMPARED.search(norm, sent[0], c.start)
        if m is not None:
            arm = _clean_arm(m.group("arm"))
            if arm and arm != c.arm and not re.match(r"^[\d.%]", arm) and len(arm) > 2:
                c.comparator = arm


_ARM_MENTION = re.compile(
    r"\b(?:[Gg]roup\s+(?P<letter>[A-Z][\w.]{0,4})\b"
    r"|(?P<treated>[\w-]+)[- ]treated\s+(?:patients|participants|subjects|group)"
    # "intervention participants had ...", not "severely deficient placebo patients" (a subgroup)
    r"|(?:^|(?<=[,;:(.]\s)|(?<=\b[Tt]he\s)|(?<=\bin\s)|(?<=\bof\s)|(?<=\bto\s)|(?<=\bfor\s)|(?<=\bamong\s))"
    r"(?P<role>[Ii]ntervention|[Cc]ontrol|[Pp]lacebo|[Tt]reatment|[Ee]xperimental|[Uu]sual[- ]care)\s+(?:participants|patients|subjects)"
    r"|(?P<named>(?:[\w./+-]+\s+){0,2}?[\w./+-]+)\s+(?:group|arm)(?!s)\b)"
)
_NOT_ARMS = {"both", "two", "each", "all", "either", "treatment", "combined treatment", "study", "the", "same", "other", "age",
             "one", "three", "four", "a", "this", "that", "which", "every", "per"}
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?P<a>[\w./+-]+(?:\s+[\w./+-]+)?)\s+and\s+(?:the\s+)?(?P<b>[\w./+-]+)\s+(?:groups|arms)\b", re.I)


_MAY_NAME_ARM = re.compile(r"[Gg]roup|\barms?\b|treated|(?:intervention|control|placebo|treatment|experimental|care)\s+(?:participants|patients|subjects)")


def _arm_mentions(norm: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(offset, arm) of each group named in norm[lo:hi]: 'the metformin group', 'Group B',
    'memantine-treated patients', 'intervention participants'."""
    out = []
    for m in _ARM_MENTION.finditer(norm, lo, hi):
        if m.group("letter"):
            arm = "Group " + m.group("letter").rstrip(".")
        else:
            arm = m.group("treated") or m.group("role") or m.group("named")
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


def _sentence_arms(norm: str, sent: tuple[int, int], group: list[Candidate]) -> None:
    """'The metformin group gained less weight (between-group difference -2.6 kg ...)', 'Compared with
    the control group, girls in the intervention group were more likely ... (ARR 1.33 ...)': a figure
    with no arm of its own belongs to the one group its sentence is about, against the other."""
    todo = [c for c in group if not c.arm and c.kind in {"estimate", "count"}]
    if not todo or not _MAY_NAME_ARM.search(norm, sent[0], sent[1]):
        return
    between = _BETWEEN.search(norm, sent[0], sent[1])
    if between:
        arm, comparator = _clean_arm(between.group("a")), _clean_arm(between.group("b"))
    else:
        mentions = _arm_mentions(norm, sent[0], sent[1])
        compared = [m for m in _COMPARED.finditer(norm, sent[0], sent[1])]
        comp_spans = [(m.start("arm"), m.end("arm")) for m in compared]
        comparators = {a for at, a in mentions if any(s < at <= e for s, e in comp_spans)}
        comparators |= {_clean_arm(m.group("arm")) for m in compared if _clean_arm(m.group("arm")).lower() in {"placebo", "control", "usual care"}}
        arms = list(dict.fromkeys(a for at, a in mentions if a not in comparators))
        if len(arms) != 1:
            return
        arm = arms[0]
        comparator = next(iter(comparators)) if len(comparators) == 1 else ""
    for c in todo:
        other = _COMPARED_OPENS.search(norm, max(sent[0], c.start - 50), c.start)
        if other and comparator and _clean_arm(other.group("arm")).lower() == comparator.lower():
            # "... in the metformin group (1.04 IU/kg ...) compared with placebo (1.36 IU/kg ...)"
            c.arm = comparator
            continue
        c.arm = arm
        # only a comparative figure (a ratio or a difference) has a comparator of its own
        comparative = "ratio" in c.measure or "difference" in c.measure
        if comparative and comparator and not c.comparator and comparator.lower() != arm.lower():
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
        if c.kind != "estimate" or c.qualifier not in _SYMBOLS or c.ci_low is not None or c.p_value or c.unit != "%":
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
            if c.kind == "estimate":
                c.kind = "background"
