"""Our reading rules for clinical wording: endpoint names, arms, abbreviations and topic terms.

Questions, checked sentences and extracted claims name the same endpoint in different words
("survived two years", "2-year OS", "overall survival"). Both sides are reduced to the same key here,
so matching never depends on one extractor's vocabulary alone.
"""

from __future__ import annotations

import re

from extract.vocab import endpoints as vocab_endpoints, populations, treatments
from extract.vocab.abbreviations import long_form

def _reading_pattern(e: vocab_endpoints.Endpoint) -> re.Pattern[str]:
    # a source's long form, the everyday synonyms, and the abbreviations in their case (an
    # all-capital one also in lower case: "os", "mrd"; "pCR" is never "PCR")
    loose = "|".join(p for p in (rf"\b(?:{e.long})\b" if e.long else "", e.synonyms) if p)
    parts = [f"(?i:{loose})"] if loose else []
    for a in e.abbreviations:
        parts.append(rf"\b{re.escape(a)}\b")
        if a.isupper():
            parts.append(rf"\b{re.escape(a.lower())}\b")
    if e.cased:
        parts.append(e.cased)
    return re.compile("|".join(parts))


# (reading key, pattern), the more specific first ("disease-free survival" before "survival"); read
# from the one endpoint table (extract/vocab/endpoints.py)
ENDPOINTS: list[tuple[str, re.Pattern[str]]] = [(e.reading_key, _reading_pattern(e)) for e in vocab_endpoints.ENDPOINTS]

# Claim.kind values that carry a sample size, whatever the endpoint text says.
SAMPLE_SIZE_KINDS = {"sample_size"}

STOP_WORDS = set("""
a an the of in on at to for from by with without and or but nor as is are was were be been being has have had
do does did this that these those it its their there than then so such which who whom whose what when where why
how many much more most less least very also into onto over under after before during between among about
per vs versus compared comparison study studies trial trials patient patients people result results
report reported reports show showed shows shown found find finds researchers investigators according
group groups arm arms data value values rate rates level levels use used using say said says
percent per cent total all both each either any some no not only one two three year years month months
week weeks day days i we you he she they them our your his her my me us will would could should can may might
""".split())

_DISEASE_WORDS = re.compile(treatments.DISEASES, re.I)


def pretty(key: str) -> str:
    """A canonical key for display: abbreviations upper-cased ('mrd-negative' -> 'MRD-negative')."""
    return re.sub(r"\bmrd\b", "MRD", key)


def endpoint_key(*texts: str) -> str:
    """The canonical endpoint named in the first text that names one, or ''."""
    for text in texts:
        if not text:
            continue
        for key, pattern in ENDPOINTS:
            if pattern.search(text):
                return key
    return ""


def nearest_endpoint_before(text: str, within: int | None = None) -> str:
    """The endpoint named closest to the end of `text` (the words just before a figure).

    `within`: only names that end in the last `within` characters count; the text before lets a
    name that starts earlier be read whole ("disease-free survival", not its last word)."""
    found = [(m.start(), m.end(), rank, key) for rank, (key, pattern) in enumerate(ENDPOINTS)
             if key != "sample size" for m in pattern.finditer(text)
             if within is None or m.end() > len(text) - within]
    # "survival" inside "disease-free survival" is not a name of its own; a composite ("MRD-negative
    # ... or low MRD") does not swallow the plain name at its end, which is what a figure after it counts
    found = [f for f in found
             if not any(g[0] <= f[0] and f[1] <= g[1] and (g[1] - g[0]) > (f[1] - f[0]) and " or " not in g[3]
                        for g in found)]
    best = max(found, key=lambda f: (f[1], f[0], -f[2]), default=None)
    return best[3] if best else ""


def nearest_endpoint_after(text: str) -> str:
    """The endpoint named closest to the start of `text` (the words just after a figure)."""
    best: tuple[int, int] | None = None
    key_at = ""
    for rank, (key, pattern) in enumerate(ENDPOINTS):
        if key == "sample size":
            continue
        m = pattern.search(text)
        if m and (best is None or (m.start(), rank) < best):
            best, key_at = (m.start(), rank), key
    return key_at


def endpoint_keys_in(text: str) -> list[str]:
    """All canonical endpoints the text names, most specific first, without overlaps."""
    keys: list[str] = []
    taken: list[tuple[int, int]] = []
    for key, pattern in ENDPOINTS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if key not in keys:
                keys.append(key)
    return keys


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())


def stem(word: str) -> str:
    """A crude stem, enough to match 'measured'/'measure', 'infants'/'infant'."""
    w = word.lower()
    for suffix in ("ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w[:-1] if len(w) > 4 and w.endswith("e") else w  # "decrease" meets "decreased"


def stems(text: str) -> set[str]:
    """Stems of the content words, hyphenated words also split ('anxiety-levels' -> anxiety, level)."""
    out = set()
    text = re.sub(r"\b([A-Za-z]{1,2})\((\w{1,3})\)", r"\1\2", text)  # "R(0)" is written "R0" elsewhere
    for w in content_words(text):
        out.add(stem(w))
        if "-" in w:
            out.update(stem(p) for p in w.split("-") if len(p) >= 3 and p not in STOP_WORDS and not p.isdigit())
    return out


_DEFINED_ABBREV_RE = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,6})\(([A-Z][A-Za-z0-9]{1,7})\)")


# The verbs by which a sentence says how many patients a study took in ("were randomised", "were
# given", "enrolled"): what makes a number of patients the study's size rather than an event's count.
ENROLMENT_VERB_RE = re.compile(r"\b(enrol?l(ed|ing)?|randomi[sz]ed|random(ly)? assigned|assigned|allocated|recruited|"
                               r"included|treated|received|given|administered|studied|participated|took part)\b", re.I)


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines, 'preconception counselling (PCC)' -> {'pcc': '...'}; initials must fit."""
    found = {}
    for m in _DEFINED_ABBREV_RE.finditer(text):
        abbr = m.group(2)
        letters = [ch.lower() for ch in abbr if ch.isalpha()]
        words = m.group(1).split()
        for k in range(1, len(words) + 1):
            cand = words[-k:]
            initials = "".join(w[0].lower() for w in cand)
            if initials == "".join(letters) or initials.replace("-", "") == "".join(letters):
                found[abbr.lower()] = " ".join(cand).lower()
                break
        else:
            # Abbreviations built of symbols, not initials: "urinary sodium (UNa)" is U + Na (the
            # element), "serum creatinine (SCr)" S + Cr. Each capital starts one word; the first must
            # give the first word's initial, and the words must be as many as the capitals.
            parts = re.findall(r"[A-Z][a-z]?", abbr)
            if 2 <= len(parts) <= len(words) and "".join(parts) == abbr and len(parts) < len(abbr):
                cand = words[-len(parts):]
                if cand[0][0].lower() == parts[0][0].lower() and all(w.lower() not in STOP_WORDS for w in cand):
                    found[abbr.lower()] = " ".join(cand).lower()
            long = _letters_in_order(abbr, words) if abbr.lower() not in found else ""
            if long:
                found[abbr.lower()] = long
    return found


def _spelled(letters: list[str], cand: list[str], li: int, wi: int) -> bool:
    """letters[li:] spelled in order by cand[wi:], each word giving one letter or more."""
    if wi == len(cand):
        return li == len(letters)
    pos = 0
    for t in range(li, len(letters)):
        pos = cand[wi].find(letters[t], pos) + 1
        if not pos:
            return False
        if _spelled(letters, cand, t + 1, wi + 1):
            return True
    return False


def _letters_in_order(abbr: str, words: list[str]) -> str:
    """The shortest run of the last words that spells `abbr` in order, as Schwartz & Hearst (2003)
    read definitions: the first letter starts the first word, every word gives at least one letter
    ('Preconception counselling (PCC)' is P-re-C-onception C-ounselling); '' when none does."""
    letters = [ch.lower() for ch in abbr if ch.isalnum()]
    for k in range(2, min(len(words), len(letters)) + 1):
        cand = [w.lower() for w in words[-k:]]
        if cand[0][0] != letters[0] or any(w in STOP_WORDS for w in cand):
            continue
        if _spelled(letters, cand, 0, 0):
            return " ".join(cand)
    return ""


def content_words(text: str) -> list[str]:
    """Words that carry the meaning of a statement, abbreviations expanded."""
    out: list[str] = []
    for token in re.findall(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", text):
        w = token.lower()
        # Abbreviations in their case: "ALL" is a leukemia, "all" is a stop word.
        long = long_form(token)
        if long:
            out.extend(x for x in words(long) if x not in STOP_WORDS)
            continue
        if w in STOP_WORDS or w.isdigit() or len(w) < 3:
            continue
        out.append(w)
    return out


def topic_terms(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Drug and disease names in the text: the words that say what a statement is about.

    `known` adds names the corpus itself declares (each document's `drug` metadata).
    """
    out = []
    for w in words(text):
        base = w.split("-")[0] if "-" in w else w
        if len(base) < 5 and base not in {"hiv", "copd"}:
            continue
        if base in treatments.KNOWN_DRUGS or base in treatments.TREATMENT_WORDS or base in known \
                or base.endswith(treatments.INN_STEMS) or _DISEASE_WORDS.match(base):
            out.append(base)
    return out


def expand_abbreviations(text: str) -> str:
    """Lower-cased text with known abbreviations followed by their long forms."""
    def repl(m: re.Match[str]) -> str:
        w = m.group(0)
        long = long_form(w)
        return f"{w} {long}" if long else w

    return re.sub(r"\b[A-Za-z]{2,5}\b", repl, text).lower()


# Who a question asks about, and the words by which a source names that group. A question about
# adults is not answered by a study in infants; a question about children is (infants are children).
POPULATIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(asked, re.I), re.compile(named, re.I)) for name, asked, named in populations.POPULATIONS
}


def populations_asked(question: str) -> list[str]:
    """The patient groups a question names ("adults", "girls"), most specific first."""
    return [name for name, (asked, _) in POPULATIONS.items() if asked.search(question)]


def names_population(text: str, population: str) -> bool:
    return bool(POPULATIONS[population][1].search(text))
