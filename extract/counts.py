"""Counts and sample sizes.

    24 of 49 (49.0%)     12/40 (30%)     28 patients (93%)     615 (39%)
    A total of 30 infants ... were given     Thirty patients were randomized     (n = 1574)
    All 30 patients received ...     relapses occur in two-thirds of patients

"n of N (x%)" and "n (x%)" are one claim each: kind `count`, measure `proportion`, value = the
percentage, n = the count, denominator = N when stated. "n participants" is a `sample_size`
unless it counts a subgroup in brackets ("(16 patients)") or an outcome ("28 patients developed
...", "All 30 patients received the full course"), which are `count`s. Group sizes carry their
arm: "education (n = 76)", "(intervention n = 53, ...)", "221 and 113 in vaccine and control
arms, respectively", "291 in the prophylaxis group".
"""

from __future__ import annotations

import re

from .candidate import Candidate, Sentences, Taken
from .numbers import COUNT_NUM, FRACTION, NUM, PCT, WORD_NUM, parse_count, parse_fraction, parse_number, pct_end
from .scan import scan, scan_words, variants
from .vocab import numbers as number_words, populations
from extract.models import ClaimKind

_NOUN = populations.COUNTED_NOUNS
_COUNT_WORD = rf"(?:{COUNT_NUM}|{WORD_NUM})"
_NOUN_I = rf"(?i:{_NOUN})"
N_OF_N = re.compile(
    rf"(?P<n>{NUM})\s*(?:of|out\s+of|/)\s*(?:the\s+|all\s+)?(?P<d>{NUM})(?P<noun>(?:\s+[\w-]+){{0,3}}?)?\s*"
    rf"(?:\(\s*(?P<pct>{NUM})\s?{PCT}\s*\)|,\s*(?P<pct2>{NUM})\s?{PCT}|\[\s*(?P<pct3>{NUM})\s?{PCT}\s*\])?"
)
N_PCT = re.compile(
    rf"(?P<n>{_COUNT_WORD})(?P<noun>\s+(?:[a-z][\w-]*\s+){{0,2}}?{_NOUN})?\s*[(\[]\s*(?P<pct>{NUM})\s?{PCT}\s*[)\]\s,;]"
)
SAMPLE = re.compile(
    rf"(?P<pre>\b(?:[Aa]\s+)?total\s+of\s+|\b[Aa]ll\s+(?:the\s+)?|\b[Oo]verall,?\s+)?(?P<n>{_COUNT_WORD})"
    rf"(?P<mid>\s+(?:[A-Za-z][\w\u2010-]*\s+){{0,3}}?){_NOUN_I}\b"
)
N_EQUALS = re.compile(rf"\b[nN]\s*=\s*(?P<n>{COUNT_NUM})(?:\s*[,;]\s*(?P<pct>{NUM})\s?{PCT})?")
# "221 and 113 in vaccine and control arms, respectively"
PAIR_IN_ARMS = re.compile(
    rf"(?P<a>{NUM})\s+and\s+(?P<b>{NUM})\s+(?:were\s+)?(?:in|to)\s+(?:the\s+)?(?P<x>[\w\-./+]+)\s+and\s+(?:the\s+)?(?P<y>[\w\-./+]+)\s+"
    rf"(?P<noun>groups?|arms?)\s*,?\s*respectively"
)
# "Thirty-six (19 placebo, 17 arimoclomol) were included"
N_SPLIT = re.compile(
    rf"(?P<n>{NUM}|{WORD_NUM})\s*\((?P<a>{NUM})\s+(?P<x>[\w-]+),\s*(?P<b>{NUM})\s+(?P<y>[\w-]+)\)\s+(?:were|was)\s+"
    rf"(?:included|randomi[sz]ed|enrolled|analy[sz]ed|assigned|allocated)"
)
# Counted things that are not people (nor the clusters a trial randomises): "15 randomized trials",
# "1027 monitor readings", "at 97 hospitals". They are never a sample size.
_NOT_PEOPLE = re.compile(rf"(?i:\b(?:{'|'.join(populations.NOT_PEOPLE)})$)")
_SITE_NOUN = re.compile(r"(?i:hospitals|cent(?:re|er)s|sites|units|clinics|practices|wards|health\s+cent(?:re|er)s)$")
# "291 in the prophylaxis group", "were randomised to ... (n = 76)", "115 to each of groups A-C, 114 to group D"
N_IN_GROUP = re.compile(
    rf"(?P<n>{COUNT_NUM})\s+(?:were\s+)?(?:in|to)\s+(?:each\s+of\s+)?(?:the\s+(?P<arm>[\w\-./+]+(?:\s+[\w\-./+]+){{0,3}}?\s+(?:group|arm))\b"
    rf"|(?P<label>groups?\s+[A-Z0-9](?:\s*(?:-|to|and)\s*[A-Z0-9])?)(?![\w-]))")
# "95% (n = 19)": a percentage with its count
PCT_N = re.compile(rf"(?P<pct>{NUM})\s?{PCT}\s*\(\s*n\s*=\s*(?P<n>{NUM})\s*\)")
# A number of participants that is an outcome, not a sample: "16 patients" after an endpoint,
# "N patients developed / died / achieved ..."
_OUTCOME_AFTER = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:had\s+(?:a\s+|an\s+)?(?:complete|partial|response|remission|relapse|events?|adverse|serious|grade|toxic)|"
    r"developed|experienced|died|relapsed|achieved|responded|became|had\s+to\b|were\s+(?:MRD|alive|dead|free)|"
    r"received\s+the\s+(?:full|complete|entire|planned))",
    re.I,
)
# a subgroup or the people an outcome happened to: "including 1307 men", "26 episodes in 22 children"
_SUBGROUP_BEFORE = re.compile(r"(?:\b(?P<sub>including|among\s+them|of\s+these)\s+|\d[\d,]*\s+(?:[A-Za-z][\w-]*\s+){1,3}in\s+)$", re.I)
_PCT_AFTER_N = re.compile(rf"\s*[(\[]\s*{NUM}\s?{PCT}\s*[)\]]")
# The randomisation story: the verbs that make a number of people a sample size.
_STORY_VERB = populations.STORY_VERBS
_STORY_AFTER = re.compile(rf"\s*(?:[(\[]\s*{NUM}\s?{PCT}\s*[)\]]\s*)?(?:were\s+|was\s+|had\s+been\s+)?{_STORY_VERB}\b", re.I)
# "4432 were randomized", "of whom 96 (25%) were assigned to", "315 (62%) completed the study"
RANDOMISED = re.compile(
    rf"(?<![\w.,])(?P<n>{_COUNT_WORD})\s*(?:[(\[]\s*{NUM}\s?{PCT}\s*[)\]]\s*(?:were\s+|was\s+)?|(?:were|was|had\s+been)\s+){_STORY_VERB}\b", re.I)
# "16,750 and 16,743, respectively, attended the second screen": two arms' sizes told in one breath
PAIR_STORY = re.compile(
    rf"(?<![\w.,])(?P<a>{COUNT_NUM})\s+and\s+(?P<b>{COUNT_NUM})(?:\s+[a-z]+)?,?\s+respectively,?\s+(?:were\s+|had\s+)?{_STORY_VERB}\b", re.I)
# "We obtained follow-up for 822 subjects, 597 of whom underwent ... and are included in this analysis"
OF_WHOM = re.compile(rf"(?<![\w.,])(?P<n>{COUNT_NUM})\s+of\s+whom\b")
_INCLUDED_LATER = re.compile(r"\b(?:included|analy[sz]ed|analysis|randomi[sz]ed|assigned|allocated)\b", re.I)
# The verbs that make the people of a clause the ones an outcome happened to ("... and 9 in group B died")
_OUTCOME_VERBS = r"died|developed|experienced|relapsed|responded|suffered|progressed|recurred|reached|achieved"
_CLAUSE_OUTCOME = re.compile(rf"[^;.]*?\b(?P<verb>{_OUTCOME_VERBS})\b", re.I)
# "33,851 women from the cytology group and 32,998 from the HPV-testing group": the second size of a
# coordination that leaves out the noun (and the verb) of the first
ELLIPTICAL = re.compile(
    rf"(?<![\w.,])(?P<n1>{COUNT_NUM})\s+(?P<noun>{populations.PEOPLE_RE}\s+)?(?:(?:were|was|randomly|randomi[sz]ed|assigned|allocated|"
    rf"eligible)\s+){{0,3}}(?P<prep>in|from|to|among)\s+(?:the\s+)?[^,;()\[\]\d]{{1,50}}?\s+and\s+(?P<n2>{COUNT_NUM})\s+"
    rf"(?:were\s+)?(?P=prep)\s+(?:the\s+)?(?P<arm>[A-Za-z][\w\-./+]*(?:\s+(?!(?:were|was|had|{_OUTCOME_VERBS})\b)[A-Za-z][\w\-./+]*){{0,3}})")
# "Ninety-three participants each were allocated to A, and 93 to B": the second arm of the allocation
AND_N_TO = re.compile(rf"\band\s+(?P<n>{COUNT_NUM})\s+to\s+(?:the\s+|an?\s+)?(?P<arm>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}})")
# the cheap test before the pattern runs: a verb of the story after 'were', 'was', 'been' or 'N (x%)'
_STORY_BEFORE = re.compile(r"(?:\bwere|\bwas|\bbeen|%\s*[)\]])\s+(?:randomly\s+)?[a-z]", re.I)
_STORY_WORDS = variants(*populations.STORY_WORDS)
_ALLOCATION = re.compile(r"\b(?:randomi[sz]ed|randomly|assigned|allocated)\b", re.I)
FRACTION_OF = re.compile(rf"(?P<frac>{FRACTION})\s+of\b")
_NOUN_WORDS = variants(*_NOUN[3:-1].split("|"))
_PCT_CLOSE = re.compile(r"(?:%|(?i:per\s?cent))\s*[)\]]")
_OF_TRIGGER = re.compile(r"\d\s*(?:out\s+of|of|/)\s*(?:the\s+|all\s+)?\d")
_FRACTION_WORDS = variants(*number_words.DENOMINATORS)
_N_WORDS = variants("n")
_GROUP_WORDS = variants("group", "arm", "groups")
# a digit or a number word: the cheap test before the sample-size pattern runs in a window
_ANY_NUMBER = re.compile(r"\d|(?i:" + "|".join(number_words.NUMBER_WORDS) + ")")
_RESPECTIVELY_WORDS = variants("respectively")
_WHOM_WORDS = variants("whom")
_INCLUDED_WORDS = variants("included", "randomized", "randomised", "enrolled", "analyzed", "analysed", "assigned", "allocated")

# The participation story of a survey or cohort: "2,118 eligible subjects responded", "1,524 (72%) of 2,118
# eligible subjects": people who were invited and then took part are samples, not responders to a treatment
_INVITED = re.compile(rf"(?i:\b(?:{'|'.join(populations.INVITED)})\b)")
_PARTICIPATES = re.compile(rf"\s*(?:[(\[][^)\]]*[)\]]\s*)?(?i:{'|'.join(populations.PARTICIPATION_VERBS)})\b")
_SHARE_OF_INVITED = re.compile(
    rf"\s*of\s+(?:the\s+|all\s+)?{COUNT_NUM}\s+(?:[\w-]+\s+){{0,2}}?(?i:{'|'.join(populations.INVITED)})\b")
# "90 of 107 women referred for colposcopy", "98 of 120 patients enrolled": a share of people the story
# names by its verb is two sizes, the part and the whole
_OF_PEOPLE_STORY = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,2}}?{populations.PEOPLE_RE}\s+(?:who\s+)?(?:were\s+|had\s+been\s+)?{populations.STORY_VERBS}\b", re.I)
# a rate's or a ratio's base is not a sample: "per 100 women", "two matched control subjects per patient"
_PER_BEFORE = re.compile(r"\bper\s+$", re.I)
# ("two subjects per group" is the size of each group)
_PER_AFTER = re.compile(r"\s+per\s+(?!(?:each\s+)?(?:group|arm|cohort|dose\s+group|treatment\s+group)\b)[a-z]", re.I)
# "Of 120 enrolled, 98 completed the study": a bare number whose verb is the story's, opening a clause
BARE_STORY = re.compile(
    rf"(?:(?<=,\s)|(?<=^)|(?<=;\s)|(?<=\.\s))(?P<n>{COUNT_NUM}|{WORD_NUM})\s+(?:{'|'.join(populations.BARE_STORY_VERBS)})(?=\s+"
    r"(?:the|all|their|both|treatment|follow-up)\b)", re.I | re.M)
_BARE_STORY_WORDS = variants(*populations.BARE_STORY_VERBS)

_DATE_PART = re.compile(r"/\d")
_DATE_BEFORE = re.compile(r"\d/$")

_ENROL = re.compile(
    r"\b(?:randomi[sz]ed|randomly|enrolled|enrol|enroll|recruited|included|assigned|allocated|total\s+of|participated|"
    r"were\s+given|were\s+treated|was\s+given|administered|studied|screened|underwent|comprised|consisted|entered|"
    r"completed|analy[sz]ed|received|traced|followed|assessed|evaluated|surveyed|interviewed|examined|eligible|attended)\b", re.I)


def _to_int(text: str) -> int | None:
    return parse_count(text)


def _in_brackets(norm: str, lo: int, pos: int) -> bool:
    before = norm[lo:pos]
    return before.count("(") + before.count("[") > before.count(")") + before.count("]")


def find_n_of_n(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan(norm, _OF_TRIGGER, N_OF_N, 2, 70):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        pct_key = next((k for k in ("pct", "pct2", "pct3") if m.group(k)), None)
        n, d = _to_int(m.group("n")), _to_int(m.group("d"))
        if n is None or d is None or n > d or d == 0:
            continue
        if _DATE_PART.match(norm, m.end("d")) or _DATE_BEFORE.search(norm, max(0, m.start() - 3), m.start()):
            continue  # "01/03/2010" is a date
        if pct_key is None and norm[m.start("n"):m.end("d")].find("/") < 0 and not re.match(
                r"\s*(?:of|out of)\s+(?:the\s+|all\s+)?\d[\d,]*\s+[a-z]", norm[m.end("n"):m.end("n") + 40]):
            continue  # "3 of 5" without a noun or percentage is too often a score or a dose
        story = None if pct_key else _OF_PEOPLE_STORY.match(norm, m.end("d"), sent[1])
        if story and not _CLAUSE_OUTCOME.match(norm, story.end(), sent[1]):
            for key in ("n", "d"):
                k = _to_int(m.group(key))
                out.append(Candidate(start=m.start(key), end=m.end(key), kind="sample_size", value_start=m.start(key),
                                     value_end=m.end(key), value=float(k), measure="count", n=k, sentence=sent,
                                     inner=(m.end(key), m.end(key))))
            taken.add(m.start(), m.end("d"))
            continue
        end = m.end()
        if pct_key:
            # the value runs to the end of its "%" or "percent"
            value, vs, ve = parse_number(m.group(pct_key)), m.start(pct_key), pct_end(norm, m.end(pct_key)) or m.end(pct_key)
        else:
            value, vs, ve = round(100.0 * n / d, 10), m.start(), m.end("d")
            end = m.end("d")
        c = Candidate(
            start=m.start(), end=end, kind="count", value_start=vs, value_end=ve, value=value, measure="proportion",
            unit="%", n=n, denominator=d, sentence=sent, inner=(m.end("d"), m.end("d")),
        )
        if not pct_key:
            c.value_start, c.value_end = m.start(), m.end("d")
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_n_pct(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan_words(norm, _N_WORDS, PCT_N, 14, 12):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        c = Candidate(
            start=m.start(), end=m.end(), kind="count", value_start=m.start("pct"), value_end=pct_end(norm, m.end("pct")),
            value=parse_number(m.group("pct")), measure="proportion", unit="%", n=_to_int(m.group("n")), sentence=sent,
            inner=(m.end(), m.end()),
        )
        out.append(c)
        taken.add(c.start, c.end)
    for m in scan(norm, _PCT_CLOSE, N_PCT, 80, 4):
        end = m.end() - (1 if norm[m.end() - 1] in " ,;" else 0)
        sent = sents.within(m.start(), end)
        if sent is None or taken.overlaps(m.start(), end):
            continue
        n = _to_int(m.group("n"))
        if n is None:
            continue
        if re.match(rf"\s?{PCT}\s+(?!of\b)[A-Za-z]", norm[m.end("pct"):m.end("pct") + 20]):
            continue  # "151 adults (76% women, ...)": a sample and a baseline share, not a count's proportion
        # "2.5 (10%)" is not a count; "12 months (30%)" is a duration
        follow = norm[m.end("n"):m.start("pct")]
        if re.search(r"\b(?:months?|years?|weeks?|days?|hours?|mg|kg|ml)\b", follow, re.I):
            continue
        c = Candidate(
            start=m.start(), end=end, kind="count", value_start=m.start("pct"), value_end=pct_end(norm, m.end("pct")),
            value=parse_number(m.group("pct")), measure="proportion", unit="%", n=n, sentence=sent,
            inner=(m.end("n"), m.start("pct")),
        )
        if _SHARE_OF_INVITED.match(norm, end, sent[1]):
            # "1,524 (72%) of 2,118 eligible subjects": the people who took part, a sample size
            c.kind, c.measure, c.unit, c.value = "sample_size", "count", "", float(n)
            c.value_start, c.value_end = m.start("n"), m.end("n")
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_sample_sizes(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    out = []
    for m in scan_words(norm, _NOUN_WORDS, SAMPLE, 50, 2, needs=_ANY_NUMBER):
        sent = sents.within(m.start("n"), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")):
            continue
        mid = m.group("mid") or ""
        # "12 patients" as the tail of "(..., 12 patients)" after a threshold is a count, not a sample;
        # "34 percent lower in women" is a percentage, not 34 women
        if re.search(r"\b(?:of|per|percent|cent|than|to|mg|years?|months?|weeks?|days?)\b", mid):
            continue
        n = _to_int(m.group("n"))
        if n is None or n < 2:
            continue  # "1 children" is a list index or a dose, not a group
        if _PER_BEFORE.search(norm, max(sent[0], m.start("n") - 5), m.start("n")) or _PER_AFTER.match(norm, m.end(), sent[1]):
            continue  # "per 100 women", "two control subjects per patient": the base of a rate or ratio
        if n < 10 and _SITE_NOUN.search(m.group(0)) or _NOT_PEOPLE.search(m.group(0)):
            continue  # "conducted at eight hospitals", "15 randomized trials": not how many people were studied
        if re.search(rf"{PCT}\s+of\s+(?:the\s+)?$", norm[max(sent[0], m.start("n") - 20):m.start("n")]):
            continue  # "74% of 142 subjects": the denominator of a proportion
        pre = (m.group("pre") or "").strip().lower()
        # a number of participants is a sample size unless it counts a subgroup "(16 patients)" or an
        # outcome ("28 patients developed ...", "All 30 patients received the full course")
        kind = "sample_size"
        if re.match(r"\s+(?:in|among|from|with)\s", mid) and _elided_unit_not_people(norm, sent[0], m.start("n")):
            continue  # "32 articles were included: 20 in children": 20 articles, not 20 children
        if _in_brackets(norm, sent[0], m.start("n")) and not _size_in_brackets(norm, sent, m.start("n"), m.end()):
            kind = "count"  # "(628 women)" describes a sample given before it
        if _INVITED.search(mid) and _PARTICIPATES.match(norm, m.end(), sent[1]):
            pass  # "2,118 eligible subjects responded": invited people taking part, the sample
        elif _OUTCOME_AFTER.match(norm, m.end(), sent[1]) or re.search(r"\b(?:incident|new|confirmed)\b", mid, re.I) and m.group(0).lower().endswith("cases"):
            kind = "count"  # "1008 confirmed incident cases of prostate cancer" are events
        if kind == "sample_size" and not _INVITED.search(mid) and _outcome_later(norm, m.end(), sent[1]):
            kind = "count"  # "14 patients in group A and 9 in group B died": the people an outcome happened to
        sub = _SUBGROUP_BEFORE.search(norm, max(sent[0], m.start("n") - 60), m.start("n"))
        if sub and sub.group("sub") and not any(c.kind == ClaimKind.SAMPLE_SIZE and c.sentence == sent for c in out):
            sub = None  # "237 datasets including 59,995 individuals": the people are the total, not a subgroup
        if re.search(r"\b[nN]\s*=\s*$", norm[max(sent[0], m.start("n") - 6):m.start("n")]):
            kind = "sample_size"  # "(n = 6,257 women)": a group's size, in brackets or not
        elif kind == "sample_size" and (sub
                                      or _PCT_AFTER_N.match(norm, m.end(), sent[1]) and not _STORY_AFTER.match(norm, m.end(), sent[1])):
            kind = "count"  # "including 1307 men with ...", "episodes in 22 children", "4 patients (7.8%) in the control group"
        start = m.start("pre") if pre.startswith(("a total", "total")) else m.start("n")
        c = Candidate(
            start=start, end=m.end(), kind=kind, value_start=m.start("n"), value_end=m.end("n"), value=float(n),
            measure="count", n=n, sentence=sent, inner=(m.end("n"), m.end()),
        )
        if pre.startswith("all") and kind == "count":
            c.denominator = n
        out.append(c)
        taken.add(c.start, c.end)
    for m in scan_words(norm, _GROUP_WORDS, N_IN_GROUP, 70, 2):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")) or not _ENROL.search(norm, sent[0], sent[1]):
            continue
        if re.search(r"\b(?:from|to)\s+$", norm[max(sent[0], m.start() - 6):m.start()]):
            continue  # "reduced fractures from 312 in the placebo group to 272 in ...": events, not group sizes
        n = _to_int(m.group("n"))
        if n is None or n < 2 or norm[max(sent[0], m.start() - 1):m.start()] == ":":
            continue  # "(3:1 in group 1 and 2:1 in group 2)": an allocation ratio, not a size
        if _outcome_later(norm, m.end(), sent[1]):
            continue  # "301 patients in group A and 358 in group B reached this endpoint"
        c = Candidate(
            start=m.start(), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
            value=float(n), measure="count", n=n, arm=re.sub(r"^(?:the)\s+", "", m.group("arm") or m.group("label")), sentence=sent,
            inner=(m.end("n"), m.end("n")),
        )
        out.append(c)
        taken.add(c.start, c.end)
    for m in scan_words(norm, _RESPECTIVELY_WORDS, PAIR_IN_ARMS, 90, 2):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        noun = m.group("noun").rstrip("s")
        arms = [f"{m.group('x')} {noun}", f"{m.group('y')} {noun}"]
        for key, arm, other in (("a", arms[0], arms[1]), ("b", arms[1], arms[0])):
            n = _to_int(m.group(key))
            out.append(Candidate(
                start=m.start(key), end=m.end(key), kind="sample_size", value_start=m.start(key), value_end=m.end(key),
                value=float(n) if n is not None else None, measure="count", n=n, arm=arm, comparator=other, sentence=sent,
                inner=(m.end(key), m.end(key)),
            ))
        taken.add(m.start(), m.end())
    for m in scan_words(norm, _INCLUDED_WORDS, N_SPLIT, 90, 2):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        for key, arm in (("n", ""), ("a", m.group("x")), ("b", m.group("y"))):
            n = _to_int(m.group(key))
            out.append(Candidate(
                start=m.start(key), end=m.end(key), kind="sample_size",
                value_start=m.start(key), value_end=m.end(key), value=float(n) if n is not None else None,
                measure="count", n=n, arm=arm, sentence=sent, inner=(m.end(key), m.end(key)),
            ))
        taken.add(m.start(), m.end())
    for m in scan_words(norm, _N_WORDS, N_EQUALS, 2, 30):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start(), m.end()):
            continue
        n = _to_int(m.group("n"))
        if n is None or _n_counts_units(norm, sent[0], m.start(), m.end(), n):
            continue
        c = Candidate(
            start=m.start(), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
            value=float(n), measure="count", n=n, sentence=sent, inner=(m.end(), m.end()),
        )
        c.arm = _arm_of_n(norm, m.start(), sent[0])
        if _event_clause(norm, sent[0], m.start()):
            c.kind = "count"  # "required in group A (n = 10)": the people an event happened to
        if m.group("pct"):
            # "(n = 615, 39% of patients)": a count with its share
            c.kind, c.measure, c.unit, c.value = "count", "proportion", "%", parse_number(m.group("pct"))
            c.value_start, c.value_end = m.start("pct"), pct_end(norm, m.end("pct"))
        out.append(c)
        taken.add(c.start, c.end)
    return out


# The last thing a number counts before a position: "Thirty-two original articles", "16 contrasts of ..."
_NOT_PEOPLE_WORD = re.compile(rf"(?i:{'|'.join(populations.NOT_PEOPLE)})")
_PEOPLE_WORD = re.compile(rf"(?i:{populations.PEOPLE_RE})")
_UNIT_COUNT = re.compile(rf"(?P<n>{COUNT_NUM}|{WORD_NUM})\s+(?:(?!(?:in|among|from|with|of|to)\s)[A-Za-z][\w-]*\s+){{0,2}}?"
                         rf"(?P<noun>{_NOT_PEOPLE_WORD.pattern}|{_PEOPLE_WORD.pattern})\b")
_ALLOCATED_TO = re.compile(r"\b(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+(?:\w+\s+){0,3}?to\b", re.I)


def _outcome_later(norm: str, pos: int, hi: int) -> bool:
    """The clause after pos goes on to an outcome verb before any verb of the randomisation story."""
    m = _CLAUSE_OUTCOME.match(norm, pos, hi)
    return m is not None and not _ENROL.search(norm, pos, m.start("verb"))


def _last_unit(norm: str, lo: int, pos: int) -> tuple[int | None, str]:
    """(count, noun) of the last 'N <unit>' before pos in the sentence whose noun is people or a unit
    that is not people; (None, '') when there is none."""
    last: tuple[int | None, str] = (None, "")
    for u in _UNIT_COUNT.finditer(norm, lo, pos):
        noun = u.group("noun")
        if _NOT_PEOPLE_WORD.fullmatch(noun) or _PEOPLE_WORD.fullmatch(noun):
            last = (_to_int(u.group("n")), noun)
    return last


def _elided_unit_not_people(norm: str, lo: int, pos: int) -> bool:
    """'20 in children' after '32 articles were included': the number counts the sentence's last unit."""
    _, noun = _last_unit(norm, lo, pos)
    return bool(noun) and bool(_NOT_PEOPLE_WORD.fullmatch(noun))


# "Patients ... who experienced serious hypoglycaemia (n = 34) had higher ...": a relative clause defines a
# subgroup that is then compared, a size; only an event told of a group counts people
_EVENT_IN_GROUP = re.compile(rf"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b{populations.EVENT_IN_GROUP}\b", re.I)


def _event_clause(norm: str, lo: int, start: int) -> bool:
    """The clause before an 'n =' tells an event that happened to people, and nothing of the
    randomisation story: the n counts those people, not a group that was studied."""
    clause_lo = max(lo, norm.rfind(";", lo, start) + 1)
    return bool(_EVENT_IN_GROUP.search(norm, clause_lo, start)) and not _ENROL.search(norm, clause_lo, start)


def _n_counts_units(norm: str, lo: int, start: int, end: int, n: int) -> bool:
    """'16 contrasts ... (aripiprazole [n = 3], olanzapine [n = 5])': an 'n =' no larger than the trials or
    contrasts the sentence just counted divides those units, not people. '(15 cohort studies, n = 25,745'
    (the n right after the units) and 'n = 211 patients' are people."""
    if _PEOPLE_WORD.match(norm, end + 1) or re.search(rf"(?i:{'|'.join(populations.NOT_PEOPLE)}),?\s*$", norm[max(lo, start - 20):start]):
        return False
    count, noun = _last_unit(norm, lo, start)
    return bool(noun) and bool(_NOT_PEOPLE_WORD.fullmatch(noun)) and count is not None and n <= count


def _story_size(m: re.Match, n: int, sent: tuple[int, int]) -> Candidate:
    """The size a randomisation-story match states: the number `n` (group "n") and the words after it."""
    return Candidate(start=m.start("n"), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
                     value=float(n), measure="count", n=n, sentence=sent, inner=(m.end("n"), m.end()))


def _size_in_brackets(norm: str, sent: tuple[int, int], n_start: int, end: int) -> bool:
    """'assigned to WBRT plus SRS (65 patients) or SRS alone (67 patients)', '10 randomised controlled
    studies (4814 participants)': a bracket holding only 'N people' is a size when it follows an arm of the
    allocation or the trials a pooled analysis counts."""
    open_at = max(norm.rfind("(", sent[0], n_start), norm.rfind("[", sent[0], n_start))
    if open_at < 0 or norm[open_at + 1:n_start].strip():
        return False
    before = norm[sent[0]:open_at].rstrip()
    if re.match(r"\s*[)\]]", norm[end:end + 3]):
        return bool(_ALLOCATED_TO.search(before)) or bool(re.search(rf"(?i:{'|'.join(populations.NOT_PEOPLE)})$", before))
    # "a meta-analysis of 13 randomised trials of X and stroke risk (45,549 individuals, 2314 strokes)": the
    # people pooled from the trials the clause counts, first in a bracket of totals
    _, noun = _last_unit(norm, sent[0], open_at)
    return bool(re.match(r"\s*[,;]", norm[end:end + 3])) and bool(noun) and bool(_NOT_PEOPLE_WORD.fullmatch(noun))


_ARM_LABEL_IN_BRACKET = re.compile(r"[(\[,;]\s*(?P<arm>[A-Za-z][\w\-./+]*(?:\s+[A-Za-z][\w\-./+]*){0,3})\s*[:,]?\s*$")
_ARM_BEFORE_BRACKET = re.compile(
    r"(?:\b(?:to|or|and|with|versus|vs\.?|received|receiving)\s+|[,;:(]\s*)(?P<arm>(?:(?:the|an?)\s+)?[A-Za-z][\w\-./+]*(?:\s+[\w\-./+]+){0,5}?)\s*[(\[]\s*$"
)


_BARE_NUMBER_WORD = re.compile(r"(?:^|\s)[\d.,%]+(?:\s|$)")


def find_randomised_sizes(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """Sample sizes told by the randomisation story without a noun: '4432 were randomized',
    'of whom 96 (25%) were assigned to', '315 (62%) completed the study', '..., and 93 to a seated
    control activity'. Runs before the 'n (x%)' counts so that such a number is a size, not a count."""
    out = []
    for m in scan_words(norm, _STORY_WORDS, RANDOMISED, 40, 2, needs=_STORY_BEFORE):
        sent = sents.within(m.start("n"), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")):
            continue
        n = _to_int(m.group("n"))
        before = norm[max(sent[0], m.start("n") - 12):m.start("n")]
        if n is None or n < 2 or re.search(r"(?:\d\s*|[%/]\s*|\bof\s+|\bper\s+|-)$", before):
            continue  # "25% of 40 were", "1 of 2 randomised" are shares; a number inside a figure is not a size
        c = _story_size(m, n, sent)
        out.append(c)
        taken.add(c.start, c.end)
    for m in scan_words(norm, _BARE_STORY_WORDS, BARE_STORY, 40, 40):
        sent = sents.within(m.start("n"), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")):
            continue
        n = _to_int(m.group("n"))
        if n is None or n < 2:
            continue
        out.append(_story_size(m, n, sent))
        taken.add(m.start("n"), m.end())
    for m in scan_words(norm, _RESPECTIVELY_WORDS, PAIR_STORY, 60, 40):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("a"), m.end("b")):
            continue
        for key in ("a", "b"):
            n = _to_int(m.group(key))
            out.append(Candidate(start=m.start(key), end=m.end(key), kind="sample_size", value_start=m.start(key),
                                 value_end=m.end(key), value=float(n) if n is not None else None, measure="count", n=n,
                                 sentence=sent, inner=(m.end(key), m.end(key))))
        taken.add(m.start("a"), m.end("b"))
    for m in scan_words(norm, _WHOM_WORDS, OF_WHOM, 20, 2):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")) or not _INCLUDED_LATER.search(norm, m.end(), sent[1]):
            continue
        n = _to_int(m.group("n"))
        if n is None or n < 2:
            continue
        out.append(_story_size(m, n, sent))
        taken.add(m.start("n"), m.end("n"))
    for m in scan(norm, re.compile(r"\band\s+\d"), AND_N_TO, 2, 80):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("n"), m.end("n")) or not _ALLOCATION.search(norm, sent[0], m.start()):
            continue
        # the first arm of the same allocation must be a size too ("Ninety-three participants each were allocated")
        if not any(c.kind == ClaimKind.SAMPLE_SIZE and sent[0] <= c.start < m.start() for c in out) and not re.search(
                rf"(?:{NUM}|{WORD_NUM})\s+(?:[\w-]+\s+){{0,2}}?(?:each\s+)?(?:were|was)\s+(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\b",
                norm[sent[0]:m.start()]):
            continue
        n = _to_int(m.group("n"))
        if n is None:
            continue
        c = Candidate(start=m.start("n"), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
                      value=float(n), measure="count", n=n, arm=m.group("arm"), sentence=sent, inner=(m.end("n"), m.end("n")))
        out.append(c)
        taken.add(c.start, c.end)
    return out


def _arm_of_n(norm: str, n_start: int, lo: int) -> str:
    """The group an 'n = 76' belongs to: '(intervention n = 53' or 'peer-led education (n = 76)'."""
    before = norm[max(lo, n_start - 80):n_start]
    m = _ARM_LABEL_IN_BRACKET.search(before) or _ARM_BEFORE_BRACKET.search(before)
    if m is None or _BARE_NUMBER_WORD.search(m.group("arm")):
        return ""  # "(12 months, n = 40)": a number, not a group
    return re.sub(r"^(?:(?:the|an?|to|or|and)\s+)+", "", m.group("arm"), flags=re.I)


def find_fractions(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'two-thirds of patients' -> a proportion of 66.67%."""
    out = []
    for m in scan_words(norm, _FRACTION_WORDS, FRACTION_OF, 8, 6):
        sent = sents.within(m.start(), m.end("frac"))
        if sent is None or taken.overlaps(m.start(), m.end("frac")):
            continue
        f = parse_fraction(m.group("frac"))
        if f is None:
            continue
        c = Candidate(
            start=m.start(), end=m.end("frac"), kind="estimate", value_start=m.start(), value_end=m.end("frac"),
            value=round(100.0 * f, 2), measure="proportion", unit="%", sentence=sent, inner=(m.end(), m.end()),
        )
        out.append(c)
        taken.add(c.start, c.end)
    return out


def find_elliptical_sizes(norm: str, sents: Sentences, taken: Taken) -> list[Candidate]:
    """'33,851 women from the cytology group and 32,998 from the HPV-testing group', '... were eligible':
    the second number of a coordination whose first is a number of people takes its noun, so it is a
    size too, unless the clause goes on to an outcome ('4 patients in group A and 7 in group B died')."""
    out = []
    for m in scan(norm, re.compile(r"\band\s+\d"), ELLIPTICAL, 160, 80):
        sent = sents.within(m.start(), m.end())
        if sent is None or taken.overlaps(m.start("n2"), m.end("n2")):
            continue
        if not (m.group("noun") or _ENROL.search(norm, sent[0], sent[1])):
            continue  # "nine in the cytology group and seven in the HPV group": events, no people named
        if not m.group("noun") and _elided_unit_not_people(norm, sent[0], m.start("n1")):
            continue  # "32 articles were included: 20 in children and 12 in adults"
        if _outcome_later(norm, m.end("n1"), sent[1]):
            continue
        n = _to_int(m.group("n2"))
        if n is None or n < 2:
            continue
        arm = m.group("arm").rstrip(".,;:")
        end = m.start("arm") + len(arm)
        out.append(Candidate(start=m.start("n2"), end=end, kind="sample_size", value_start=m.start("n2"),
                             value_end=m.end("n2"), value=float(n), measure="count", n=n, arm=arm, sentence=sent,
                             inner=(m.end("n2"), m.end("n2"))))
        taken.add(m.start("n2"), end)
    return out
