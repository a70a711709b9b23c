"""Treatments: drug-name endings, drugs with no telling ending, and words that only look like drugs.

`INN_STEMS` are the endings of international nonproprietary names (WHO stems): a word ending in one
names a drug wherever it stands. `LOOSE_ENDINGS` are chemical endings common in ordinary words too
("-ine", "-ol", "-ate"): they count only where a treatment is expected ("11% with ondansetron"), and
never for the words in `NOT_DRUGS`.
"""

from __future__ import annotations

INN_STEMS: tuple[str, ...] = tuple(sorted({
    "mab", "umab", "zumab", "ximab", "nib", "tinib", "ciclib", "parib", "lisib", "degib", "zomib", "lidomide",
    "stat", "statin", "vastatin", "vir", "pril", "sartan", "olol", "azole", "conazole", "cillin", "mycin", "cycline",
    "floxacin", "oxacin", "platin", "taxel", "rubicin", "tecan", "citabine", "trexate", "fluorouracil", "leucel",
    "tide", "glutide", "gliflozin", "gliptin", "glinide", "glitazone", "parin", "parinux", "xaban", "gatran",
    "semide", "thiazide", "clazide", "dronate", "quine", "kinra", "cept", "lukast", "dipine", "setron", "triptan",
    "prazole", "tidine", "oxetine", "pramine", "zepam", "azepam", "zolam", "caine", "formin", "grel", "plase",
    "nersen", "siran", "oxicam", "profen", "coxib", "asone", "isolone", "olone",
}, key=lambda s: (-len(s), s)))
INN_STEMS_RE = "(?:" + "|".join(INN_STEMS) + ")"

LOOSE_ENDINGS: tuple[str, ...] = ("ine", "ol", "one", "ide", "ate", "pam", "lam", "zole", "afil", "[a-z]ib", "flozin")
LOOSE_ENDINGS_RE = "(?:" + "|".join(LOOSE_ENDINGS) + ")"

# Drugs whose names have no telling ending
KNOWN_DRUGS = frozenset({
    "aspirin", "insulin", "warfarin", "acetaminophen", "paracetamol", "heparin", "vitamin", "levodopa", "lithium",
    "oxygen", "ketamine", "lidocaine", "metformin", "ibuprofen", "remdesivir", "dexamethasone", "hydroxychloroquine",
    "ivermectin", "tamoxifen", "rituximab", "pembrolizumab", "nivolumab",
})
# Treatments that are no drug name but say what a statement is about
TREATMENT_WORDS = frozenset({"chemotherapy", "placebo", "vaccine"})

# Ordinary words with a drug's ending
NOT_DRUGS = frozenset(
    "baseline guideline decline online routine medicine discipline machine engine magazine nine line urine intestine "
    "uterine define combine examine determine fine vaccine intravenous saline alone one none done gone phone ozone zone "
    "someone anyone everyone tone bone hormone protocol alcohol cholesterol school pool tool symbol patrol control "
    "side wide inside outside aside decide provide guide divide tide suicide worldwide nationwide "
    "rate date state late estimate moderate adequate separate immediate ultimate intermediate approximate "
    "accurate appropriate candidate climate private update "
    "peptide nucleotide polypeptide oligonucleotide dipeptide tripeptide except concept accept intercept precept "
    "percept receptor".split()
)

# Disease names: with a drug, the words that say what a statement is about
DISEASES = (r"^(\w+(oma|omas|itis|emia|aemia|osis|pathy)|cancer|cancers|diabetes|melanoma|"
            r"covid(-19)?|influenza|hiv|hepatitis|asthma|alzheimer'?s?|parkinson'?s?|"
            r"stroke|myeloma|sclerosis|arthritis|psoriasis|obesity|hypertension|depression|"
            r"schizophrenia|malaria|tuberculosis|sepsis)$")
