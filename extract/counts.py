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
from .numbers import FRACTION, NUM, PCT, WORD_NUM, parse_count, parse_fraction, parse_number, pct_end
from .scan import scan, scan_words, variants
from .vocab import numbers as number_words, populations

_NOUN = populations.COUNTED_NOUNS
_COUNT_WORD = rf"(?:{NUM}|{WORD_NUM})"
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
N_EQUALS = re.compile(rf"\b[nN]\s*=\s*(?P<n>{NUM})(?:\s*[,;]\s*(?P<pct>{NUM})\s?{PCT})?")
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
_SITE_NOUN = re.compile(r"(?i:hospitals|cent(?:re|er)s|sites|units|clinics|practices|wards|health\s+cent(?:re|er)s)$")
# "291 in the prophylaxis group", "were randomised to ... (n = 76)"
N_IN_GROUP = re.compile(rf"(?P<n>{NUM})\s+(?:were\s+)?(?:in|to)\s+the\s+(?P<arm>[\w\-./+]+(?:\s+[\w\-./+]+){{0,3}}?\s+(?:group|arm))\b")
# "95% (n = 19)": a percentage with its count
PCT_N = re.compile(rf"(?P<pct>{NUM})\s?{PCT}\s*\(\s*n\s*=\s*(?P<n>{NUM})\s*\)")
# A number of participants that is an outcome, not a sample: "16 patients" after an endpoint,
# "N patients developed / died / achieved ..."
_OUTCOME_AFTER = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:had\s+(?:a\s+|an\s+)?(?:complete|partial|response|remission|relapse|events?|adverse|serious|grade|toxic)|"
    r"developed|experienced|died|relapsed|achieved|responded|became|were\s+(?:MRD|alive|dead|free)|"
    r"received\s+the\s+(?:full|complete|entire|planned))",
    re.I,
)
FRACTION_OF = re.compile(rf"(?P<frac>{FRACTION})\s+of\b")
_NOUN_WORDS = variants(*_NOUN[3:-1].split("|"))
_PCT_CLOSE = re.compile(r"(?:%|(?i:per\s?cent))\s*[)\]]")
_OF_TRIGGER = re.compile(r"\d\s*(?:out\s+of|of|/)\s*(?:the\s+|all\s+)?\d")
_FRACTION_WORDS = variants(*number_words.DENOMINATORS)
_N_WORDS = variants("n")
_GROUP_WORDS = variants("group", "arm")
# a digit or a number word: the cheap test before the sample-size pattern runs in a window
_ANY_NUMBER = re.compile(r"\d|(?i:" + "|".join(number_words.NUMBER_WORDS) + ")")
_RESPECTIVELY_WORDS = variants("respectively")
_INCLUDED_WORDS = variants("included", "randomized", "randomised", "enrolled", "analyzed", "analysed", "assigned", "allocated")

_DATE_PART = re.compile(r"/\d")
_DATE_BEFORE = re.compile(r"\d/$")

_ENROL = re.compile(
    r"\b(?:randomi[sz]ed|randomly|enrolled|enrol|enroll|recruited|included|assigned|allocated|total\s+of|participated|"
    r"were\s+given|were\s+treated|was\s+given|administered|studied|screened|underwent|comprised|consisted|entered|"
    r"completed|analy[sz]ed|received|traced|followed|assessed|evaluated|surveyed|interviewed|examined)\b", re.I)


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
        if n < 10 and _SITE_NOUN.search(m.group(0)):
            continue  # "conducted at eight hospitals": where, not how many were studied
        if re.search(rf"{PCT}\s+of\s+(?:the\s+)?$", norm[max(sent[0], m.start("n") - 20):m.start("n")]):
            continue  # "74% of 142 subjects": the denominator of a proportion
        pre = (m.group("pre") or "").strip().lower()
        # a number of participants is a sample size unless it counts a subgroup "(16 patients)" or an
        # outcome ("28 patients developed ...", "All 30 patients received the full course")
        kind = "sample_size"
        if _in_brackets(norm, sent[0], m.start("n")):
            kind = "count"  # "(628 women)" describes a sample given before it
        if _OUTCOME_AFTER.match(norm, m.end(), sent[1]):
            kind = "count"
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
        n = _to_int(m.group("n"))
        if n is None:
            continue
        c = Candidate(
            start=m.start(), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
            value=float(n), measure="count", n=n, arm=re.sub(r"^(?:the)\s+", "", m.group("arm")), sentence=sent,
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
        if n is None:
            continue
        c = Candidate(
            start=m.start(), end=m.end(), kind="sample_size", value_start=m.start("n"), value_end=m.end("n"),
            value=float(n), measure="count", n=n, sentence=sent, inner=(m.end(), m.end()),
        )
        c.arm = _arm_of_n(norm, m.start(), sent[0])
        if m.group("pct"):
            # "(n = 615, 39% of patients)": a count with its share
            c.kind, c.measure, c.unit, c.value = "count", "proportion", "%", parse_number(m.group("pct"))
            c.value_start, c.value_end = m.start("pct"), pct_end(norm, m.end("pct"))
        out.append(c)
        taken.add(c.start, c.end)
    return out


_ARM_LABEL_IN_BRACKET = re.compile(r"[(\[,;]\s*(?P<arm>[A-Za-z][\w\-./+]*(?:\s+[A-Za-z][\w\-./+]*){0,3})\s*[:,]?\s*$")
_ARM_BEFORE_BRACKET = re.compile(
    r"(?:\b(?:to|or|and|with|versus|vs\.?|received|receiving)\s+|[,;:(]\s*)(?P<arm>(?:(?:the|an?)\s+)?[A-Za-z][\w\-./+]*(?:\s+[\w\-./+]+){0,5}?)\s*[(\[]\s*$"
)


_BARE_NUMBER_WORD = re.compile(r"(?:^|\s)[\d.,%]+(?:\s|$)")


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
