"""Our reading rules for clinical wording: endpoint names, arms, abbreviations and topic terms.

Questions, checked sentences and extracted claims name the same endpoint in different words
("survived two years", "2-year OS", "overall survival"). Both sides are reduced to the same key here,
so matching never depends on one extractor's vocabulary alone.
"""

from __future__ import annotations

import re

# Order matters: the more specific pattern first ("disease-free survival" before "survival").
ENDPOINTS: list[tuple[str, re.Pattern[str]]] = [
    ("mrd-negative or low mrd", re.compile(r"mrd[- ]negativ\w*\W+(\w+\W+){0,8}?or\W+(\w+\W+){0,4}?low\W+(levels? of )?mrd|"
                                           r"either\s+(were\s+)?mrd[- ]negative|negative or low(-level)? mrd", re.I)),
    ("low mrd", re.compile(r"low(-level)?\W+(levels? of )?(mrd|minimal residual disease)", re.I)),
    ("disease-free survival", re.compile(r"alive and (free of disease|disease[- ]free)|disease[- ]free survival|"
                                         r"\bDFS\b|disease[- ]free", re.I)),
    ("event-free survival", re.compile(r"event[- ]free survival|\bEFS\b|event[- ]free", re.I)),
    ("progression-free survival", re.compile(r"progression[- ]free survival|\bPFS\b|progression[- ]free", re.I)),
    ("relapse-free survival", re.compile(r"relapse[- ]free survival|\bRFS\b|relapse[- ]free", re.I)),
    ("recurrence-free survival", re.compile(r"recurrence[- ]free", re.I)),
    ("overall survival", re.compile(r"overall survival|\bOS\b|surviv(al|ed|e|ing)|\balive\b|\blived\b|"
                                    r"\b(more|extra|additional) (years?|months?)\b", re.I)),
    ("mrd-negative", re.compile(r"mrd[- ]negativ|negative for (minimal|measurable) residual disease|undetectable (mrd|minimal residual)", re.I)),
    ("minimal residual disease", re.compile(r"\bMRD\b|(minimal|measurable) residual disease", re.I)),
    ("complete remission", re.compile(r"complete (remission|response)", re.I)),
    ("response rate", re.compile(r"response rate|responded|objective response|\bORR\b|overall response", re.I)),
    ("serious adverse events", re.compile(r"serious adverse|\bSAEs?\b", re.I)),
    ("toxic effects", re.compile(r"toxic effects?|toxicit", re.I)),
    ("adverse events", re.compile(r"adverse (events?|effects?|reactions?)|side[- ]effects?", re.I)),
    ("relapse", re.compile(r"relaps|recurren", re.I)),
    ("mortality", re.compile(r"mortality|\bdeaths?\b|\bdied\b|fatal", re.I)),
    ("reproduction number", re.compile(r"(?i:reproduct(ion|ive) number|R\s*naught)|\bR[_(]?0\)?(?![\w.])|"
                                       r"\bR[t(]?\)? values?\b")),
    ("incubation period", re.compile(r"incubation (period|time|duration)", re.I)),
    ("serial interval", re.compile(r"serial interval", re.I)),
    ("asymptomatic", re.compile(r"asymptomatic|no symptoms|without symptoms", re.I)),
    ("sensitivity", re.compile(r"\bsensitivity\b", re.I)),
    ("specificity", re.compile(r"\bspecificity\b", re.I)),
    ("case fatality", re.compile(r"case[- ]fatality", re.I)),
    ("follow-up", re.compile(r"(?i:follow[- ]?up)|\bFU\b")),
    ("dose", re.compile(r"\bdos(e|es|ing|age)\b|mg/", re.I)),
    ("sample size", re.compile(r"\b(patients|infants|children|participants|subjects|people|adults|women|men)\b.{0,40}"
                               r"\b(enrolled|treated|received|randomi[sz]ed|included|given|were given|administered)\b|"
                               r"\b(enrolled|treated|included|randomi[sz]ed)\b.{0,30}\b(patients|infants|children|participants)\b|"
                               r"\b(administered|given)\b.{0,60}\bto\s+\d+\s+(patients|infants|children|participants)\b", re.I)),
]

# Claim.kind values that carry a sample size, whatever the endpoint text says.
SAMPLE_SIZE_KINDS = {"sample_size"}

# Common clinical abbreviations, so "measured by PCR" matches "polymerase chain reaction".
ABBREVIATIONS = {
    "pcr": "polymerase chain reaction",
    "mrd": "minimal residual disease",
    "os": "overall survival",
    "dfs": "disease-free survival",
    "efs": "event-free survival",
    "pfs": "progression-free survival",
    "ci": "confidence interval",
    "hr": "hazard ratio",
    "or": "odds ratio",
    "rr": "risk ratio",
    "all": "acute lymphoblastic leukemia",
    "aml": "acute myeloid leukemia",
    "hsct": "hematopoietic stem-cell transplantation",
    "sae": "serious adverse event",
    "ae": "adverse event",
    "nejm": "new england journal of medicine",
    "fda": "food and drug administration",
    "rct": "randomised controlled trial",
}

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

# Endings that mark a drug or disease name: a sentence naming one the sources never mention is off topic.
_DRUG_ENDINGS = ("mab", "nib", "tinib", "ciclib", "parib", "lisib", "stat", "statin", "vir", "pril", "sartan",
                 "olol", "azole", "cillin", "mycin", "cycline", "floxacin", "platin", "taxel", "rubicin",
                 "tide", "glutide", "gliflozin", "gliptin", "parin", "xaban", "semide", "dronate",
                 "quine", "oxacin", "umab", "cept", "kinra", "zumab", "ximab", "glinide", "glitazone", "lukast",
                 "conazole", "dipine", "setron", "triptan", "prazole", "tidine", "oxetine", "pramine", "zepam",
                 "zolam", "caine", "clazide", "formin", "parinux", "grel", "plase", "leucel", "tecan", "rubicin")
_DISEASE_WORDS = re.compile(r"^(\w+(oma|omas|itis|emia|aemia|osis|pathy)|cancer|cancers|diabetes|melanoma|"
                            r"covid(-19)?|influenza|hiv|hepatitis|asthma|alzheimer'?s?|parkinson'?s?|"
                            r"stroke|myeloma|sclerosis|arthritis|psoriasis|obesity|hypertension|depression|"
                            r"schizophrenia|malaria|tuberculosis|sepsis)$", re.I)
_KNOWN_DRUGS = {"pembrolizumab", "nivolumab", "aspirin", "metformin", "insulin", "ibuprofen", "paracetamol",
                "acetaminophen", "remdesivir", "dexamethasone", "hydroxychloroquine", "ivermectin",
                "chemotherapy", "placebo", "vaccine", "warfarin", "heparin", "tamoxifen", "rituximab"}


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
    return found


def content_words(text: str) -> list[str]:
    """Words that carry the meaning of a statement, abbreviations expanded."""
    out: list[str] = []
    for token in re.findall(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", text):
        w = token.lower()
        # Only upper-case tokens are abbreviations: "ALL" is a leukemia, "all" is a stop word.
        if w in ABBREVIATIONS and (token.isupper() or w in {"mrd", "pcr", "nejm"}):
            out.extend(x for x in words(ABBREVIATIONS[w]) if x not in STOP_WORDS)
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
        if base in _KNOWN_DRUGS or base in known or base.endswith(_DRUG_ENDINGS) or _DISEASE_WORDS.match(base):
            out.append(base)
    return out


def expand_abbreviations(text: str) -> str:
    """Lower-cased text with known abbreviations followed by their long forms."""
    def repl(m: re.Match[str]) -> str:
        w = m.group(0)
        long = ABBREVIATIONS.get(w.lower())
        return f"{w} {long}" if long and (w.isupper() or w.lower() in {"mrd", "pcr"}) else w

    return re.sub(r"\b[A-Za-z]{2,5}\b", repl, text).lower()


# Who a question asks about, and the words by which a source names that group. A question about
# adults is not answered by a study in infants; a question about children is (infants are children).
POPULATIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(asked, re.I), re.compile(named, re.I)) for name, asked, named in [
        ("infants", r"\b(infants?|bab(y|ies)|neonates?|newborns?)\b",
         r"\b(infants?|bab(y|ies)|neonat\w*|newborns?)\b"),
        ("children", r"\b(child|children|kids?|paediatric|pediatric)\b",
         r"\b(child|children|kids?|paediatric|pediatric|infants?|bab(y|ies)|neonat\w*|newborns?|adolescents?)\b"),
        ("adolescents", r"\b(adolescents?|teenagers?|teens?)\b", r"\b(adolescen\w*|teenagers?)\b"),
        ("adults", r"\b(adults?|grown-ups?)\b", r"\badults?\b"),
        ("older adults", r"\b(elderly|older (adults|people|patients))\b",
         r"\b(elderly|older (adults|people|patients)|aged (6|7|8)\d)\b"),
        ("women", r"\b(women|woman|females?)\b", r"\b(women|woman|females?)\b"),
        ("men", r"\b(men|man|males?)\b", r"\b(men|man|males?)\b"),
        ("girls", r"\bgirls?\b", r"\b(girls?|females?)\b"),
        ("boys", r"\bboys?\b", r"\b(boys?|males?)\b"),
        ("pregnant women", r"\bpregnan\w*", r"\bpregnan\w*"),
    ]
}


def populations_asked(question: str) -> list[str]:
    """The patient groups a question names ("adults", "girls"), most specific first."""
    return [name for name, (asked, _) in POPULATIONS.items() if asked.search(question)]


def names_population(text: str, population: str) -> bool:
    return bool(POPULATIONS[population][1].search(text))
