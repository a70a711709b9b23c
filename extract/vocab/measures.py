"""Summary measures and the words that name them.

`MEASURES` is read nearest-first before a value in a source (the earlier row wins a tie, so the
specific name comes first); `QUESTION_MEASURES` is how a question asks for one (first row that
matches). Abbreviations only in capitals: "OR" is an odds ratio, "or" is a conjunction.
"""

from __future__ import annotations

HAZARD_RATIO = r"(?i:\bhazard\s+ratios?\b)|\ba?HRs?\b"
ODDS_RATIO = r"(?i:\bodds\s+ratios?\b)|\ba?ORs?\b"
RATE_RATIO = r"(?i:\b(?:incidence\s+)?rate\s+ratios?\b)|\bIRRs?\b"
RISK_RATIO = r"(?i:\b(?:relative\s+risks?|risk\s+ratios?)\b)|\ba?RRs?\b"
MEAN_DIFFERENCE = r"(?i:\b(?:mean|average)\s+(?:\w+\s+){0,2}?differences?\b|\bdifferences?\s+in\s+(?:the\s+)?means?\b)|\b(?:W|S)?MDs?\b"
RISK_DIFFERENCE = r"(?i:\b(?:absolute\s+)?risk\s+differences?\b|\babsolute\s+(?:\w+\s+)?(?:difference|reduction)\b)|\bARR\b|\bRD\b"
MEDIAN = r"(?i:\bmedian\b)"
MEAN = r"(?i:\b(?:mean|average)\b)"

# (pattern, measure) in precedence order, read before a value in a source
MEASURES: list[tuple[str, str]] = [
    (HAZARD_RATIO, "hazard ratio"),
    (ODDS_RATIO, "odds ratio"),
    (RATE_RATIO, "rate ratio"),
    (RISK_RATIO, "risk ratio"),
    (MEAN_DIFFERENCE, "mean difference"),
    (RISK_DIFFERENCE, "risk difference"),
    (r"(?i:\bdifferences?\b)", "difference"),
    (MEDIAN, "median"),
    (MEAN, "mean"),
    (r"(?i:\b(?:incidence|event)\s+rates?\b|\brates?\b)", "rate"),
]

# The labels a statistical expression writes beside its estimate ("HR 0.81", "[RR], 0.76",
# "standard mean difference = 0.11"), matched whole by the grammar (extract.statexpr); first row wins.
# Measures the contract has no name for (NNT, NNH) are read as labels but name no measure.
EXPRESSION_LABELS: list[tuple[str, str]] = [
    (HAZARD_RATIO + r"|(?i:relative\s+hazards?)|\bRH\b", "hazard ratio"),
    (ODDS_RATIO, "odds ratio"),
    (RATE_RATIO, "rate ratio"),
    (RISK_RATIO, "risk ratio"),
    (r"(?i:standardi[sz]ed\s+mean\s+differences?|standard\s+mean\s+differences?|(?:weighted\s+)?mean\s+differences?)|\b[WS]?MDs?\b",
     "mean difference"),
    (RISK_DIFFERENCE, "risk difference"),
    (r"(?i:number\s+needed\s+to\s+(?:treat|harm))|\bNN[TH]\b", ""),
    (r"(?i:likelihood\s+ratios?)|\bLR\b", "ratio"),
    (r"(?i:(?:regression\s+)?coefficients?)|\u03b2", "regression coefficient"),
]

RATIO_MEASURES = frozenset({"hazard ratio", "odds ratio", "risk ratio", "rate ratio"})

# A ratio named just before a figure in a checked sentence, and the measure each spelling stands for.
RATIO_NAMES: dict[str, str] = {
    "hazard ratio": "hazard ratio", "hr": "hazard ratio", "ahr": "hazard ratio",
    "odds ratio": "odds ratio", "or": "odds ratio", "aor": "odds ratio",
    "risk ratio": "risk ratio", "rr": "risk ratio", "relative risk": "risk ratio",
    "rate ratio": "rate ratio",
}

# (measure, pattern) as a question asks for it; the first row that matches is the question's measure.
QUESTION_MEASURES: list[tuple[str, str]] = [
    ("hazard ratio", HAZARD_RATIO),
    ("odds ratio", ODDS_RATIO),
    ("risk ratio", RISK_RATIO),
    ("rate ratio", r"(?i:rate ratio)"),
    ("median", MEDIAN),
    ("mean difference", r"(?i:\bmean difference\b)"),
    ("mean", MEAN),
    ("risk difference", r"(?i:risk difference|absolute (risk )?difference)"),
    ("proportion", r"(?i:\b(percentage|proportion|percent|share|fraction)\b|%)"),
]
# Ranking reads a question more loosely: a "rate" asks for a proportion, "how many" for a count.
PROPORTION_IN_RANKING = r"(?i:\b(percent(age)?|proportion|rate|how many of|what share|share|fraction)\b|%)"
COUNT_QUESTION = r"(?i:\b(how many|number of|count)\b)"

# A change and its direction: the nouns that name one ("a decrease of 3.6 points") and the verbs
# that report one ("fell by 4.5 hours")
CHANGE_NOUNS = ("decrease", "increase", "reduction", "improvement", "change", "difference", "decline", "rise", "fall",
                "gain", "loss")
CHANGE_NOUNS_RE = "(?:" + "|".join(CHANGE_NOUNS) + ")"
CHANGE_VERBS = ("increased", "decreased", "reduced", "improved", "lowered", "raised", "rose", "fell", "declined",
                "dropped", "shortened", "prolonged", "lengthened")
# Words that qualify a statistic's name without naming an outcome ("pooled RR per one SD increment: 1.06"):
# a label made of them and a statistic's name labels the figure's kind, not what was measured
STAT_MODIFIERS = frozenset({"pooled", "adjusted", "unadjusted", "crude", "overall", "summary", "multivariable", "multivariate"})
# The same verbs as a question asks with them ("how much did anxiety fall?"), and the comparatives
# that ask for an amount of change ("how much longer", "how much further").
CHANGE_VERBS_ASKED = ("increase", "decrease", "reduce", "improve", "lower", "raise", "rise", "fall", "decline",
                      "drop", "shorten", "prolong", "lengthen", "change", "gain", "lose", "differ")
CHANGE_COMPARATIVES = ("more", "less", "further", "longer", "shorter", "higher", "lower", "greater", "smaller",
                       "better", "worse", "faster", "slower", "earlier", "later")
