"""Metadata inference for documents that arrive without it: kind, cited journal, drug, condition, study.

Pure functions of the text (and title); the readers call `infer_metadata`, which only fills fields
that are still empty, and a sidecar `<file>.meta.json` overrides everything inferred here.

- kind: counts of cues. Press release: wire services, "FOR IMMEDIATE RELEASE", forward-looking
  statements, media contacts. Journal: section headings (Abstract, Methods, Results...), "et al.",
  DOIs, "we randomly assigned". News: "said", "told", "(Reuters)", "researchers report",
  "published in". The strongest family wins; no cue at all leaves the reader's fallback.
- cites (news and press releases only): the journal the story says it reports ("Source: New England
  Journal of Medicine", "published in NEJM", "in The Lancet", "JAMA Oncology"), normalised to the full
  journal name by `normalise_journal`.
- drug: the most mentioned international nonproprietary name (-mab, -nib, -parib, -platin,
  -leucel ...; title mentions count three times), else a capitalised brand name right after "drug"
  ("its drug, Tremfya").
- condition: the most mentioned disease from a vocabulary (else "<words> cancer|carcinoma|leukemia|
  lymphoma|syndrome"), qualified by the most mentioned biomarker ("KMT2A-rearranged",
  "HER2-positive") and population ("infants", "children") when they recur, e.g.
  "KMT2A-rearranged acute lymphoblastic leukemia in infants".

The study key (the grouping rule): `[journal-]drug-[population-][marker-]disease`, each part a short
normalised slug, e.g. "nejm-blinatumomab-infant-kmt2a-all" for a news story citing NEJM and for the
NEJM paper itself (its own journal stands in for the cited one). Documents group when the key is
equal, i.e. when drug and condition (and, where known, the journal) agree. Without both a drug and a
disease we set no key: grouping on a condition alone would merge unrelated trials.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .models import Document
from .vocab import populations, treatments

HEAD_CHARS = 100_000  # inference reads the start of long texts only (a 50 MB file must stay fast)
KIND_CHARS = 12_000  # what kind of text it is shows in its first pages (and the cue patterns are slow)


# ---------------------------------------------------------------- cheap pre-checks for patterns

def _split_top(pattern: str) -> list[str]:
    """Split a pattern at its top-level '|'."""
    parts, depth, cur = [], 0, ""
    for i, ch in enumerate(pattern):
        escaped = i > 0 and pattern[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        if ch == "|" and depth == 0 and not escaped:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return parts + [cur]


def _required_words(alternative: str) -> tuple[str, ...]:
    """The runs of letters that every match of the alternative contains."""
    a = re.sub(r"\(\?<?[=!][^)]*\)", "", alternative)   # lookarounds match no text
    a = re.sub(r"\(\?-i:([^)]*)\)", r"\1", a)          # scoped flags keep their text
    a = re.sub(r"\[[^\]]*\]\??", " ", a)                  # classes may vary
    while True:                                            # groups (innermost first) may vary
        b = re.sub(r"\([^()]*\)\??", " ", a)
        if b == a:
            break
        a = b
    a = re.sub(r"\\[a-zA-Z]|.\?", " ", a)              # escapes and optional characters
    return tuple(w.lower() for w in re.findall(r"[A-Za-z]{2,}", a))


def _cues(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Per alternative of a pattern, the lower-case words every match contains ((), if unknowable).

    Running dozens of case-insensitive patterns over a paper is slow and most of their words are
    absent, so a substring pre-check on the lower-cased text skips them.
    """
    cues = tuple(_required_words(alt) for alt in _split_top(pattern))
    return cues if all(cues) else ()


def _may_match(cues: tuple[tuple[str, ...], ...], lowered: str) -> bool:
    return not cues or any(all(w in lowered for w in words) for words in cues)


# ---------------------------------------------------------------- journals

@dataclass(frozen=True)
class Journal:
    name: str
    key: str
    pattern: re.Pattern[str]
    cues: tuple[tuple[str, ...], ...]


def _j(name: str, key: str, pattern: str, flags: int = re.I) -> Journal:
    return Journal(name, key, re.compile(pattern, flags), _cues(pattern))


# Longest names first: "The Lancet Oncology" must not be read as "The Lancet".
JOURNALS: list[Journal] = [
    _j("NEJM Evidence", "nejm-evid", r"\bNEJM\s+Evidence\b"),
    _j("New England Journal of Medicine", "nejm",
       r"\b(?:the\s+)?New\s+England\s+Journal\s+of\s+Medicine\b|\bN\.?\s?Engl\.?\s?J\.?\s?Med\b|\bNEJM\b"),
    _j("The Lancet Oncology", "lancet-oncol", r"\b(?:The\s+)?Lancet\s+Oncol(?:ogy)?\b"),
    _j("The Lancet Haematology", "lancet-haematol", r"\b(?:The\s+)?Lancet\s+Haematol(?:ogy)?\b"),
    _j("The Lancet Neurology", "lancet-neurol", r"\b(?:The\s+)?Lancet\s+Neurol(?:ogy)?\b"),
    _j("The Lancet Infectious Diseases", "lancet-infect-dis", r"\b(?:The\s+)?Lancet\s+Infect(?:ious)?\s+Dis(?:eases)?\b"),
    _j("The Lancet Diabetes & Endocrinology", "lancet-diabetes-endocrinol",
       r"\b(?:The\s+)?Lancet\s+Diabetes\s+(?:&|and)\s+Endocrinol(?:ogy)?\b"),
    _j("The Lancet Respiratory Medicine", "lancet-respir-med", r"\b(?:The\s+)?Lancet\s+Respir(?:atory)?\s+Med(?:icine)?\b"),
    _j("The Lancet", "lancet", r"\b(?:The\s+)?Lancet\b(?!\s+(?:Oncol|Haematol|Neurol|Infect|Diabetes|Respir|Gastro|Psych|Public|Global|HIV|Rheum|Child|Digital|Healthy|Planet|Microbe|Regional))"),
    _j("JAMA Oncology", "jama-oncol", r"\bJAMA\s+(?i:Oncol(?:ogy)?\b)", 0),
    _j("JAMA Internal Medicine", "jama-intern-med", r"\bJAMA\s+(?i:Intern(?:al)?\s+Med(?:icine)?\b)", 0),
    _j("JAMA Pediatrics", "jama-pediatr", r"\bJAMA\s+(?i:Pediatr(?:ics)?\b)", 0),
    _j("JAMA Network Open", "jama-netw-open", r"\bJAMA\s+(?i:Netw(?:ork)?\s+Open\b)", 0),
    _j("JAMA Surgery", "jama-surg", r"\bJAMA\s+(?i:Surg(?:ery)?\b)", 0),
    _j("JAMA Neurology", "jama-neurol", r"\bJAMA\s+(?i:Neurol(?:ogy)?\b)", 0),
    _j("JAMA Cardiology", "jama-cardiol", r"\bJAMA\s+(?i:Cardiol(?:ogy)?\b)", 0),
    _j("JAMA Dermatology", "jama-dermatol", r"\bJAMA\s+(?i:Dermatol(?:ogy)?\b)", 0),
    _j("JAMA", "jama", r"\bJAMA\b(?!\s+(?i:Oncol|Intern|Pediatr|Netw|Surg|Neurol|Cardiol|Dermatol|Psychiatry|Ophthalmol|Otolaryngol))|"
                       r"\bJournal\s+of\s+the\s+American\s+Medical\s+Association\b", 0),
    _j("Journal of Clinical Oncology", "jco", r"\bJournal\s+of\s+Clinical\s+Oncology\b|\bJ\.?\s?Clin\.?\s?Oncol\b|\bJCO\b"),
    _j("Journal of the National Cancer Institute", "jnci",
       r"\bJournal\s+of\s+the\s+National\s+Cancer\s+Institute\b|\bJ\s?Natl\s?Cancer\s?Inst\b|\bJNCI\b"),
    _j("Annals of Internal Medicine", "ann-intern-med", r"\bAnnals\s+of\s+Internal\s+Medicine\b|\bAnn\s+Intern\s+Med\b"),
    _j("Annals of Oncology", "ann-oncol", r"\bAnnals\s+of\s+Oncology\b|\bAnn\s+Oncol\b"),
    _j("Nature Medicine", "nat-med", r"\bNature\s+Medicine\b|\bNat\s+Med\b"),
    _j("Clinical Cancer Research", "clin-cancer-res", r"\bClinical\s+Cancer\s+Research\b|\bClin\s+Cancer\s+Res\b"),
    _j("Cancer Discovery", "cancer-discov", r"\bCancer\s+Discovery\b|\bCancer\s+Discov\b"),
    _j("BMJ", "bmj", r"\bBMJ\b(?!\s+Open)|\bBritish\s+Medical\s+Journal\b", 0),
    _j("BMJ Open", "bmj-open", r"\bBMJ\s+Open\b", 0),
    _j("PLOS Medicine", "plos-med", r"\bPLOS\s+Med(?:icine)?\b"),
    _j("PLOS ONE", "plos-one", r"\bPLO[Ss]\s+ONE\b"),
    _j("Critical Care", "crit-care", r"\bCritical\s+Care\b(?!\s+Medicine)|\bCrit\s+Care\b(?!\s+Med)"),
    _j("Circulation", "circulation", r"\b(?:journal|published\s+in|Source:)\s+Circulation\b"),
    _j("Blood", "blood", r"\b(?:the\s+journal|published\s+(?:online\s+)?in|Source:)\s+Blood\b"),
    _j("Nature", "nature", r"\b(?:the\s+journal|published\s+(?:online\s+)?in|Source:)\s+Nature\b(?!\s+(?:Medicine|Communications|Reviews))"),
    _j("Science", "science", r"\b(?:the\s+journal|published\s+(?:online\s+)?in|Source:)\s+Science\b(?!\s+Translational)"),
    _j("Science Translational Medicine", "sci-transl-med", r"\bScience\s+Translational\s+Medicine\b|\bSci\s+Transl\s+Med\b"),
]

# Phrases that tie a journal mention to the story ("published in", "Source:"), which outweigh a
# passing mention of another journal.
_CITE_CUE = re.compile(r"(published\s+(?:online\s+)?(?:\w+\s+){0,3}in|reported\s+in|appear(?:s|ed)?\s+in|"
                       r"Source\s*:|journal|according\s+to|in\s+the\s+issue\s+of|study\s+in)\W*(?:the\s+)?$", re.I)


def normalise_journal(name: str) -> str:
    """The full name of a known journal ('N Engl J Med' -> 'New England Journal of Medicine'), else the name tidied."""
    name = re.sub(r"\s+", " ", name or "").strip()
    # PubMed/NLM title styles: "Lancet (London, England)", "The Lancet. Oncology",
    # "Journal of clinical oncology : official journal of the American Society of Clinical Oncology".
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = name.split(" : ")[0]
    name = re.sub(r"\.\s+(?=[A-Za-z])", " ", name).strip().rstrip(".")
    if not name:
        return ""
    for j in JOURNALS:
        m = j.pattern.search(name)
        if m and (m.end() - m.start()) >= 0.6 * len(name.removeprefix("The ").strip()):
            return j.name
    return name


def journal_key(name: str) -> str:
    """Short slug of a journal for study keys ('New England Journal of Medicine' -> 'nejm')."""
    full = normalise_journal(name)
    for j in JOURNALS:
        if j.name == full:
            return j.key
    slug = _slug(full)
    return slug if len(slug) <= 24 else slug[:25].rsplit("-", 1)[0]


def cited_journal(text: str) -> str:
    """The journal a news story says it reports, as its full name, or ''."""
    scores: Counter[str] = Counter()
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    for j in JOURNALS:
        if not _may_match(j.cues, lowered):
            continue
        for m in j.pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            cue = _CITE_CUE.search(text[max(0, m.start() - 40):m.start()])
            scores[j.name] += 3 if cue else 1
    if not scores:
        return ""
    return scores.most_common(1)[0][0]


# ---------------------------------------------------------------- kind

_PRESS_STRONG = re.compile(r"PR\s?Newswire|Business\s?Wire|GLOBE\s?NEWSWIRE|ACCESSWIRE|FOR IMMEDIATE RELEASE", re.I)
_PRESS_WEAK = re.compile(r"forward-looking statements?|^\s*(?:Media|Investor)s?\s+(?:Contacts?|Relations)\b|"
                         r"^\s*About\s+[A-Z][\w&.,\- ]{1,60}$|\bannounced today\b|\(NASDAQ:|\(NYSE:", re.I | re.M)
_JOURNAL_HEADINGS = re.compile(
    r"^(?:(?:ABSTRACT|BODY)\.[A-Z][^\n:]{0,100}|abstract|background|introduction|methods?|materials and methods|results?|"
    r"conclusions?|discussion|trial registration|statistical analysis|TITLE)\s*:{0,2}\s*$", re.I | re.M)
_JOURNAL_CUES = re.compile(r"\bet al\.|\bdoi:\s*10\.\d{4,9}/|\b10\.\d{4,9}/\S+|\bwe (?:randomly|enrolled|conducted|assessed|"
                           r"performed|included|analy[sz]ed)\b|\bwere randomi[sz]ed\b|\brandomly assigned\b|"
                           r"\bTable\s+\d\b|\bP\s?[<=>]\s?0?\.\d|\bsignificant(?:ly)?\b|\bparticipants\b|\brandomi[sz]ed\b|"
                           r"\bcompared (?:with|to) (?:the )?(?:placebo|control)", re.I)
_NEWS_CUES = re.compile(r"\(Reuters\)|\(AP\)|\bHealthDay\b|\b(?:said|says|told)\b|\baccording to\b|\bresearchers (?:report|found|said)\b|"
                        r"\binvestigators (?:write|wrote|report)\b|\bthe study (?:was published|found|shows?|showed)\b|"
                        r"\bpublished (?:online )?in\b|\bnew study\b|\bstudy (?:finds|suggests)\b|\breporting that\b|"
                        r"\bDr\. [A-Z]", re.I)


def infer_kind(text: str, fallback: str = "other") -> str:
    """news | journal | press-release from cue counts; `fallback` when no cue decides."""
    head = text[:KIND_CHARS]
    if _PRESS_STRONG.search(head):
        return "press-release"
    press = len(_PRESS_WEAK.findall(head))
    # Headings are strong evidence of a paper; the other journal cues also occur in careful news.
    journal = 3 * len(_JOURNAL_HEADINGS.findall(head)) + min(len(_JOURNAL_CUES.findall(head)), 20)
    news = min(len(_NEWS_CUES.findall(head)), 20)
    if press >= 2 and press * 2 >= news:
        return "press-release"
    if journal >= 6 and journal > 2 * news:
        return "journal"
    if news >= 1 and news >= journal / 2:
        return "news"
    return fallback


# ---------------------------------------------------------------- drug

# a drug's international name, by its WHO stem (the vocabulary's table)
_INN = re.compile(rf"\b[A-Za-z][a-z]{{2,}}{treatments.INN_STEMS_RE}\b")
_NOT_DRUGS = treatments.NOT_DRUGS
_BRAND = re.compile(r"\b(?:drug|medicine|medication|treatment|therapy),?\s+(?:called\s+|named\s+|known as\s+)?"
                    r"([A-Z][a-z]{3,}[a-z])\b")
_BRAND_STOP = {"The", "This", "That", "These", "Those", "Trial", "Study", "Patients", "But", "And", "When", "With", "While",
               "Table", "Figure", "Group", "Groups", "Arm", "After", "Before", "During", "Phase"}


def infer_drug(text: str, title: str = "") -> str:
    """The drug the document is about ('blinatumomab'), or ''."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for weight, part in ((3, title), (1, text[:HEAD_CHARS])):
        for m in _INN.finditer(part):
            word = m.group(0).lower()
            if word in _NOT_DRUGS or word.endswith(("peptide", "nucleotide")):
                continue
            counts[word] += weight
            first.setdefault(word, m.start() if weight == 1 else -1)
    if counts:
        return max(counts, key=lambda w: (counts[w], -first[w]))
    brands = Counter(m.group(1) for m in _BRAND.finditer(text[:HEAD_CHARS]) if m.group(1) not in _BRAND_STOP)
    return brands.most_common(1)[0][0] if brands else ""


# ---------------------------------------------------------------- condition

@dataclass(frozen=True)
class Disease:
    name: str
    key: str
    pattern: re.Pattern[str]
    cues: tuple[tuple[str, ...], ...]  # per alternative, the lower-case words a match must contain


def _d(name: str, key: str, pattern: str) -> Disease:
    return Disease(name, key, re.compile(pattern, re.I), _cues(pattern))


DISEASES: list[Disease] = [
    _d("acute lymphoblastic leukemia", "all", r"\b(?:acute\s+|infant\s+)?lymphoblastic\s+leuka?emia\b|(?-i:\bB-ALL\b)|(?-i:\bALL\b)(?=\s*\))"),
    _d("acute myeloid leukemia", "aml", r"\bacute\s+myelo(?:id|genous)\s+leuka?emia\b|(?-i:\bAML\b)"),
    _d("chronic lymphocytic leukemia", "cll", r"\bchronic\s+lymphocytic\s+leuka?emia\b|(?-i:\bCLL\b)"),
    _d("chronic myeloid leukemia", "cml", r"\bchronic\s+myelo(?:id|genous)\s+leuka?emia\b|(?-i:\bCML\b)"),
    _d("multiple myeloma", "myeloma", r"\bmultiple\s+myeloma\b|\bmyeloma\b"),
    _d("diffuse large B-cell lymphoma", "dlbcl", r"\bdiffuse\s+large\s+B[- ]cell\s+lymphoma\b|(?-i:\bDLBCL\b)"),
    _d("Hodgkin lymphoma", "hodgkin", r"(?<!non-)(?<!non )\bHodgkin(?:'s)?\s+(?:lymphoma|disease)\b"),
    _d("non-Hodgkin lymphoma", "nhl", r"\bnon[- ]Hodgkin(?:'s)?\s+lymphoma\b|(?-i:\bNHL\b)"),
    _d("myelodysplastic syndromes", "mds", r"\bmyelodysplastic\s+syndromes?\b|(?-i:\bMDS\b)"),
    _d("non-small cell lung cancer", "nsclc", r"\bnon[- ]small[- ]cell\s+lung\s+(?:cancer|carcinoma)\b|(?-i:\bNSCLC\b)"),
    _d("small cell lung cancer", "sclc", r"(?<!non-)(?<!non )\bsmall[- ]cell\s+lung\s+cancer\b|(?-i:\bSCLC\b)"),
    _d("lung cancer", "lung-cancer", r"\blung\s+cancers?\b"),
    _d("triple-negative breast cancer", "tnbc", r"\btriple[- ]negative\s+breast\s+cancer\b|(?-i:\bTNBC\b)"),
    _d("breast cancer", "breast-cancer", r"\bbreast\s+cancers?\b"),
    _d("prostate cancer", "prostate-cancer", r"\bprostate\s+cancers?\b"),
    _d("colorectal cancer", "colorectal-cancer", r"\bcolo(?:rectal|n)\s+cancers?\b|\bcolorectal\s+carcinoma\b"),
    _d("pancreatic cancer", "pancreatic-cancer", r"\bpancreatic\s+(?:cancer|adenocarcinoma)\b"),
    _d("ovarian cancer", "ovarian-cancer", r"\bovarian\s+cancers?\b"),
    _d("gastric cancer", "gastric-cancer", r"\b(?:gastric|stomach)\s+cancers?\b"),
    _d("esophageal cancer", "esophageal-cancer", r"\bo?esophageal\s+(?:cancer|carcinoma)\b"),
    _d("hepatocellular carcinoma", "hcc", r"\bhepatocellular\s+carcinoma\b|\bliver\s+cancer\b|(?-i:\bHCC\b)"),
    _d("renal cell carcinoma", "rcc", r"\brenal[- ]cell\s+carcinoma\b|\bkidney\s+cancer\b|(?-i:\bRCC\b)"),
    _d("urothelial carcinoma", "urothelial", r"\burothelial\s+(?:carcinoma|cancer)\b|\bbladder\s+cancer\b"),
    _d("head and neck cancer", "head-neck-cancer", r"\bhead\s+and\s+neck\s+(?:cancer|squamous)"),
    _d("cervical cancer", "cervical-cancer", r"\bcervical\s+cancers?\b"),
    _d("endometrial cancer", "endometrial-cancer", r"\bendometrial\s+cancers?\b"),
    _d("thyroid cancer", "thyroid-cancer", r"\bthyroid\s+cancers?\b"),
    _d("melanoma", "melanoma", r"\bmelanomas?\b"),
    _d("glioblastoma", "glioblastoma", r"\bglioblastoma\b"),
    _d("mesothelioma", "mesothelioma", r"\bmesothelioma\b"),
    _d("neuroblastoma", "neuroblastoma", r"\bneuroblastoma\b"),
    _d("plaque psoriasis", "psoriasis", r"\b(?:plaque\s+)?psoriasis\b"),
    _d("rheumatoid arthritis", "ra", r"\brheumatoid\s+arthritis\b"),
    _d("type 2 diabetes", "t2d", r"\btype\s+2\s+diabetes\b"),
    _d("type 1 diabetes", "t1d", r"\btype\s+1\s+diabetes\b"),
    _d("heart failure", "heart-failure", r"\bheart\s+failure\b"),
    _d("atrial fibrillation", "af", r"\batrial\s+fibrillation\b"),
    _d("Alzheimer's disease", "alzheimers", r"\bAlzheimer(?:'s|s)?\s+disease\b"),
    _d("Parkinson's disease", "parkinsons", r"\bParkinson(?:'s|s)?\s+disease\b"),
    _d("multiple sclerosis", "ms", r"\bmultiple\s+sclerosis\b"),
    _d("COVID-19", "covid-19", r"(?-i:\bCOVID[- ]?19\b)|(?-i:\bSARS-CoV-2\b)"),
    _d("HIV infection", "hiv", r"(?-i:\bHIV\b)"),
    _d("hepatitis C", "hcv", r"\bhepatitis\s+C\b|(?-i:\bHCV\b)"),
    _d("sepsis", "sepsis", r"\b(?:severe\s+)?sepsis\b|\bseptic\s+shock\b"),
    _d("asthma", "asthma", r"\basthma\b"),
    _d("chronic obstructive pulmonary disease", "copd", r"\bchronic\s+obstructive\s+pulmonary\s+disease\b|(?-i:\bCOPD\b)"),
    _d("atopic dermatitis", "atopic-dermatitis", r"\batopic\s+dermatitis\b|\beczema\b"),
    _d("Crohn's disease", "crohns", r"\bCrohn(?:'s|s)?\s+disease\b"),
    _d("ulcerative colitis", "uc", r"\bulcerative\s+colitis\b"),
    _d("obesity", "obesity", r"\bobesity\b"),
    _d("migraine", "migraine", r"\bmigraines?\b"),
    _d("malaria", "malaria", r"\bmalaria\b"),
    _d("tuberculosis", "tb", r"\btuberculosis\b"),
    _d("osteoporosis", "osteoporosis", r"\bosteoporosis\b"),
    _d("schizophrenia", "schizophrenia", r"\bschizophrenia\b"),
    _d("major depressive disorder", "mdd", r"\bmajor\s+depressive\s+disorder\b"),
    _d("chronic kidney disease", "ckd", r"\bchronic\s+kidney\s+disease\b|(?-i:\bCKD\b)"),
    _d("stroke", "stroke", r"\b(?:ischa?emic\s+)?stroke\b"),
]
_GENERIC_DISEASE = re.compile(r"\b([a-z]+(?:-[a-z]+)?\s(?:cancer|carcinoma|leuka?emia|lymphoma|sarcoma|syndrome))\b")
_GENERIC_STOP = {"the", "a", "an", "of", "with", "and", "or", "for", "in", "to", "from", "this", "that", "their", "its",
                 "advanced", "early", "late", "stage", "other", "any", "some", "more", "most", "all", "had", "have", "has",
                 "patients", "who", "than", "as", "by", "on", "is", "was", "were", "be", "are", "such", "treat", "fight",
                 "prevent", "lowered", "lower", "against", "cause", "causes", "caused", "without", "into", "about", "not",
                 "your", "our", "his", "her", "new", "common", "deadly", "aggressive", "rare", "many", "every", "each"}
_MARKER = re.compile(r"\b([A-Z][A-Z0-9]{1,7}(?:/[A-Z0-9]{2,7})?)(?:-\s?|\s)(rearranged|positive|negative|mutated|mutant|"
                     r"mutation-positive|amplified|overexpressing)\s+")
_POPULATIONS = [(name, key, re.compile(pattern)) for name, key, pattern in populations.STUDY_POPULATIONS]


@dataclass(frozen=True)
class Condition:
    """What the document is about: the disease plus the recurring biomarker and population."""

    disease: str = ""
    disease_key: str = ""
    marker: str = ""
    population: str = ""
    population_key: str = ""

    @property
    def text(self) -> str:
        if not self.disease:
            return ""
        words = f"{self.marker} {self.disease}" if self.marker else self.disease
        return f"{words} in {self.population}" if self.population else words

    @property
    def key(self) -> str:
        if not self.disease_key:
            return ""
        marker = _slug(self.marker.rsplit("-", 1)[0]) if self.marker else ""
        return "-".join(p for p in (self.population_key, marker, self.disease_key) if p)


def infer_condition(text: str, title: str = "") -> Condition:
    """The disease most mentioned (title counts three times), with its recurring marker and population."""
    head = text[:HEAD_CHARS]
    counts: Counter[int] = Counter()
    for weight, part in ((3, title), (1, head)):
        lowered = part.lower()
        taken: list[tuple[int, int]] = []
        for i, d in enumerate(DISEASES):
            if not _may_match(d.cues, lowered):
                continue
            for m in d.pattern.finditer(part):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue  # "non-small cell lung cancer" is not also a "lung cancer"
                taken.append((m.start(), m.end()))
                counts[i] += weight
    if counts:
        best = DISEASES[max(counts, key=lambda i: (counts[i], -i))]
        disease, key, disease_re = best.name, best.key, best.pattern
    else:
        generic = Counter(
            g.lower() for g in (m.group(1) for m in _GENERIC_DISEASE.finditer(f"{title}\n{head}"))
            if g.split()[0].split("-")[0].lower() not in _GENERIC_STOP
        )
        top = generic.most_common(1)
        if not top or top[0][1] < 2:  # a single passing mention is not what the document is about
            return Condition()
        disease = top[0][0]
        key = _slug(disease)
        disease_re = re.compile(re.escape(disease), re.I)
    # A biomarker qualifies the disease only where it is written onto it ("KMT2A-rearranged ALL",
    # "HER2-positive breast cancer"); "MRD-negative" patients are an outcome, not a disease subtype.
    both = f"{title}\n{head}"
    markers: Counter[str] = Counter()
    if disease_re is not None:
        for m in _MARKER.finditer(both):
            if disease_re.match(both, m.end()) or both.startswith(key.upper(), m.end()):
                markers[f"{m.group(1)}-{m.group(2)}"] += 1
    marker = markers.most_common(1)[0][0] if markers else ""
    population, population_key = "", ""
    best_pop = 0
    head_lower = head.lower()
    for name, pkey, pattern in _POPULATIONS:
        n = 3 * len(pattern.findall(title.lower())) + len(pattern.findall(head_lower))
        if n >= 3 and n > best_pop:
            population, population_key, best_pop = name, pkey, n
    return Condition(disease, key, marker, population, population_key)


# ---------------------------------------------------------------- study key and the whole record

def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def study_key(journal: str, drug: str, condition: Condition) -> str:
    """'[journal-]drug-[population-][marker-]disease', or '' without both a drug and a disease."""
    if not drug or not condition.key:
        return ""
    return "-".join(p for p in (journal_key(journal), _slug(drug), condition.key) if p)


def infer_metadata(doc: Document, kind_fallback: str = "other") -> Document:
    """A copy of `doc` with empty metadata fields filled in from its text; filled fields are kept."""
    text, title = doc.text, doc.title
    update: dict[str, str] = {}
    kind = doc.kind if doc.kind != "other" else infer_kind(text, kind_fallback)
    if kind != doc.kind:
        update["kind"] = kind
    cites = doc.cites
    if not cites and kind in ("news", "press-release", "other"):
        cites = cited_journal(f"{title}\n{text[:HEAD_CHARS]}")
        if cites:
            update["cites"] = cites
    drug = doc.drug or infer_drug(text, title)
    if drug and not doc.drug:
        update["drug"] = drug
    condition = infer_condition(text, title)
    if not doc.condition and condition.text:
        update["condition"] = condition.text
    if not doc.study:
        journal = doc.source if kind == "journal" else cites
        key = study_key(journal, drug, condition)
        if key:
            update["study"] = key
            if not doc.study_title:
                where = normalise_journal(journal)
                update["study_title"] = f"{drug} in {condition.text}" + (f" ({where})" if where else "")
    return doc.model_copy(update=update) if update else doc
