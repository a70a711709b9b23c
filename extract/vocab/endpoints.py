"""Endpoints: one row per name, in reading precedence (the more specific name first).

Each row gives
- `name`: the canonical name an extracted claim carries ("overall survival");
- `key`: the reading key questions, checked sentences and claims are reduced to when they are
  matched (several names share one: "complete response" is read as "complete remission");
- `long`: how a source writes the name (case-insensitive regex, whole words);
- `abbreviations`: in their exact case ("pCR" is pathological complete response, "PCR" is not);
- `synonyms`: everyday wording that names the endpoint in a question or a news sentence ("survived",
  "alive"), too loose to name an endpoint in a source (case-insensitive regex, no word boundaries added);
- `cased`: extra case-sensitive patterns for the same reading (e.g. "R0");
- `canonical`: False for topics a question can ask about that are not endpoint names of claims
  ("dose", "sample size").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    name: str
    key: str = ""
    long: str = ""
    abbreviations: tuple[str, ...] = ()
    synonyms: str = ""
    cased: str = ""
    canonical: bool = True

    @property
    def reading_key(self) -> str:
        return self.key or self.name.lower()


_SURV = r"(?:survival|surviving)"
_MRD = r"(?:MRD|minimal\s+residual\s+disease)"

ENDPOINTS: list[Endpoint] = [
    Endpoint("MRD-negative or low MRD", key="mrd-negative or low mrd", canonical=False,
             synonyms=r"mrd[- ]negativ\w*\W+(\w+\W+){0,8}?or\W+(\w+\W+){0,4}?low\W+(levels? of )?mrd|"
                      r"either\s+(were\s+)?mrd[- ]negative|negative or low(-level)? mrd"),
    Endpoint("low MRD", key="low mrd", long=rf"low(?:\s+levels?\s+of)?\s+{_MRD}",
             synonyms=r"low(-level)?\W+(levels? of )?(mrd|minimal residual disease)"),
    Endpoint("disease-free survival", long=rf"disease[- ]free\s+{_SURV}", abbreviations=("DFS",),
             synonyms=r"alive and (free of disease|disease[- ]free)|disease[- ]free"),
    Endpoint("event-free survival", long=rf"event[- ]free\s+{_SURV}", abbreviations=("EFS",), synonyms=r"event[- ]free"),
    Endpoint("progression-free survival", long=rf"progression[- ]free\s+{_SURV}", abbreviations=("PFS",),
             synonyms=r"progression[- ]free"),
    Endpoint("relapse-free survival", long=rf"relapse[- ]free\s+{_SURV}", abbreviations=("RFS",), synonyms=r"relapse[- ]free"),
    Endpoint("recurrence-free survival", long=rf"recurrence[- ]free\s+{_SURV}", synonyms=r"recurrence[- ]free"),
    Endpoint("leukemia-free survival", long=rf"leuka?emia[- ]free\s+{_SURV}", abbreviations=("LFS",)),
    Endpoint("metastasis-free survival", long=rf"metastasis[- ]free\s+{_SURV}", abbreviations=("MFS",)),
    Endpoint("overall survival", long=rf"overall\s+{_SURV}", abbreviations=("OS",)),
    Endpoint("survival", key="overall survival", long=rf"{_SURV}(?:\s+rates?)?",
             synonyms=r"surviv(al|ed|e|ing)|\balive\b|\blived\b|\b(more|extra|additional) (years?|months?)\b"),
    Endpoint("MRD negativity", key="mrd-negative",
             long=rf"{_MRD}[- ]negativ(?:e|ity)|negative\s+(?:for\s+)?{_MRD}",
             synonyms=r"mrd[- ]negativ|negative for (minimal|measurable) residual disease|undetectable (mrd|minimal residual)"),
    Endpoint("minimal residual disease", long=r"minimal\s+residual\s+disease", abbreviations=("MRD",),
             synonyms=r"(minimal|measurable) residual disease"),
    Endpoint("pathological complete response", long=r"pathologic(?:al)?\s+complete\s+response", abbreviations=("pCR",)),
    Endpoint("complete remission", long=r"complete\s+(?:remission|hematologic(?:al)?\s+remission)", abbreviations=("CR", "CRh"),
             synonyms=r"complete (remission|response)"),
    Endpoint("complete response", key="complete remission", long=r"complete\s+responses?"),
    Endpoint("objective response rate", key="response rate", long=r"objective\s+response(?:\s+rates?)?", abbreviations=("ORR",)),
    Endpoint("overall response rate", key="response rate", long=r"overall\s+response(?:\s+rates?)?"),
    Endpoint("response rate", long=r"response\s+rates?", synonyms=r"responded"),
    Endpoint("serious adverse events", long=r"serious\s+adverse\s+(?:events?|effects?|reactions?)", abbreviations=("SAE", "SAEs"),
             synonyms=r"serious adverse"),
    Endpoint("toxic effects", canonical=False, synonyms=r"toxic effects?|toxicit"),
    Endpoint("adverse events", long=r"adverse\s+(?:events?|effects?|reactions?)", abbreviations=("AE", "AEs", "TEAE", "TEAEs"),
             synonyms=r"side[- ]effects?"),
    Endpoint("relapse", long=r"(?:cumulative\s+incidence\s+of\s+)?relapses?(?![- ]free)|relapse\s+rates?", synonyms=r"relaps|recurren"),
    Endpoint("recurrence", key="relapse", long=r"recurrences?(?![- ]free)"),
    # before mortality, whose "fatal" would read it
    Endpoint("case fatality", canonical=False, synonyms=r"case[- ]fatality"),
    Endpoint("all-cause mortality", key="mortality", long=r"all[- ]cause\s+(?:mortality|death)"),
    Endpoint("mortality", long=r"mortality(?:\s+rates?)?|deaths?|died|death\s+rates?", synonyms=r"fatal"),
    Endpoint("reproduction number", canonical=False, synonyms=r"reproduct(ion|ive) number|R\s*naught",
             cased=r"\bR[_(]?0\)?(?![\w.])|\bR[t(]?\)? values?\b"),
    Endpoint("incubation period", canonical=False, synonyms=r"incubation (period|time|duration)"),
    Endpoint("serial interval", canonical=False, synonyms=r"serial interval"),
    Endpoint("asymptomatic", canonical=False, synonyms=r"asymptomatic|no symptoms|without symptoms"),
    Endpoint("sensitivity", canonical=False, synonyms=r"\bsensitivity\b"),
    Endpoint("specificity", canonical=False, synonyms=r"\bspecificity\b"),
    Endpoint("follow-up", canonical=False, synonyms=r"follow[- ]?up", cased=r"\bFU\b"),
    Endpoint("dose", canonical=False, synonyms=r"\bdos(e|es|ing|age)\b|mg/"),
    # the number of patients studied: a sentence that says who was enrolled, treated or given something
    Endpoint("sample size", canonical=False,
             synonyms=r"\b(patients|infants|children|participants|subjects|people|adults|women|men)\b.{0,40}"
                      r"\b(enrolled|treated|received|randomi[sz]ed|included|given|were given|administered)\b|"
                      r"\b(enrolled|treated|included|randomi[sz]ed)\b.{0,30}\b(patients|infants|children|participants)\b|"
                      r"\b(administered|given)\b.{0,60}\bto\s+\d+\s+(patients|infants|children|participants)\b"),
]

# The reading key of claims whose kind carries a sample size, whatever their endpoint text says.
SAMPLE_SIZE_KEY = "sample size"


def endpoint_abbreviations() -> dict[str, str]:
    """{'OS': 'overall survival', 'pCR': 'pathological complete response', ...} in exact case."""
    return {a: e.name for e in ENDPOINTS for a in e.abbreviations}


# Words after which a number is part of a name, not a figure: "CIN grade 3 or worse", "type 2 diabetes",
# "stage 3 disease", "phase 2", "class III".
NUMBERED_NAME_WORDS = frozenset({"grade", "grades", "stage", "stages", "type", "types", "class", "phase", "level", "tier",
                                 "step", "cin", "gold", "nyha", "who"})

# Phrases that a loose search can take from a clause but that name no outcome: the analysis, its model, a
# relative clause ("using a fixed-effects model", "Analysis of the different doses", "which performed ..."):
# refused when they open the phrase; the words of NOT_OUTCOME_WORDS when they are the whole phrase.
NOT_OUTCOME_HEADS = frozenset({"analysis", "analyses", "model", "models", "summary", "pooling", "meta-analysis",
                               "heterogeneity", "subgroup", "subgroups", "random", "fixed", "random-effects",
                               "fixed-effects", "using", "which", "that", "who", "those", "when", "whereas", "while"})
NOT_OUTCOME_WORDS = frozenset({"finding", "findings", "result", "results", "reduction", "reductions", "high", "low",
                               "gain", "loss", "comparison", "comparisons", "interaction", "benefit"})
# Verbs that make a phrase a clause ("those in the usual care group deteriorated", "which performed even
# better when"): a clause is not an endpoint name.
CLAUSE_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "resulted", "performed", "deteriorated",
                          "found", "observed", "seen", "showed", "obtained", "reported", "mobilized", "mobilised",
                          "occurred", "led", "suggested", "yielded", "demonstrated"})
# Nouns that name a treatment or a class of them, not what was measured ("Tricyclics", "selective serotonin
# reuptake inhibitors", "thrice-weekly therapy"): the last word of the phrase, or the whole phrase
TREATMENT_HEADS = frozenset({"therapy", "therapies", "inhibitors", "antagonists", "agonists", "blockers", "antidepressants",
                             "tricyclics", "regimen", "regimens"})
TREATMENT_NAMES = frozenset({"placebo", "control", "controls", "treatment", "treatments", "drugs", "usual care", "sham",
                             "standard care", "intervention"})
# Nouns after which "of X" names the outcome: "the relative risk of non-vertebral fracture", "detection of CIN3"
OUTCOME_OF_HEADS = r"(?:risk|risks|incidence|rate|rates|odds|hazard|detection|occurrence|frequency|prevalence|likelihood|number|ratio)"
# How an abstract defines its main outcome before the results: "MAIN OUTCOME MEASURE Change in X over 18
# months", "The primary end point was prevention of X at 24 hours": a result figure whose own sentence
# names no outcome measures that one (when exactly one is defined)
PRIMARY_OUTCOME = (r"(?:\bMAIN\s+OUTCOME\s+MEASURES?\b\s*:?|\bPRIMARY\s+OUTCOME\s+MEASURES?\b\s*:?|"
                   r"\b(?i:the\s+)?(?i:primary|main)\s+(?i:(?:efficacy\s+)?(?:outcome|end\s?-?point)(?:\s+measure)?s?)\s*(?::|(?i:was|were|is|are))\s)")
# How a sentence says the items listed before it are predictors of an outcome named after the list ("fewer
# baseline symptoms (OR 1.32 ...), and use of X (0.57 ...) were predictive of better OTU")
PREDICTOR_LINK = (r"(?:were|was|are|is)\s+(?:(?:all|each|both|also|[a-z]+ly)\s+)*"
                  r"(?:predictive|predictors?|independent\s+predictors?|prognostic|risk\s+factors?|associated)\s+(?:of|for|with)")
# Words that open a clause after the outcome a link names ("associated with X after adjusting for Y",
# "predictive of X independent of age"): the outcome ends before them
# Nouns that wrap an outcome without naming it: "associated with the reporting of X" measures X
OUTCOME_WRAPPERS = ("reporting", "presence", "occurrence", "development")
OUTCOME_TRAIL = (r"(?:after|when|among|during|independent(?:ly)?\s+of|compared|than|but|whereas|while|adjusting|"
                 r"regardless|irrespective|even\s+after)")

