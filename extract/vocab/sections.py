"""Section labels of structured abstracts and the words that name an endpoint's role.

Labels written inline in capitals ("RESULTS At 24 hours", "DESIGN, SETTING, AND PARTICIPANTS
Randomized ...") are headings, never words of a sentence; "the coprimary endpoint" names the role of
an endpoint, never the endpoint itself.
"""

from __future__ import annotations

SECTION_WORDS = frozenset({
    "ABSTRACT", "BACKGROUND", "CONTEXT", "INTRODUCTION", "OBJECTIVE", "OBJECTIVES", "AIM", "AIMS", "PURPOSE", "DESIGN",
    "SETTING", "SETTINGS", "PARTICIPANTS", "PATIENTS", "SUBJECTS", "INTERVENTION", "INTERVENTIONS", "EXPOSURE", "EXPOSURES",
    "MAIN", "OUTCOME", "OUTCOMES", "MEASURE", "MEASURES", "MEASUREMENTS", "METHODS", "METHOD", "RESULTS", "FINDINGS",
    "CONCLUSION", "CONCLUSIONS", "RELEVANCE", "INTERPRETATION", "FUNDING", "TRIAL", "REGISTRATION", "DATA", "SOURCES",
    "STUDY", "SELECTION", "EXTRACTION", "SYNTHESIS", "SEARCH", "STRATEGY", "CRITERIA", "COLLECTION", "ANALYSIS",
    "AUTHORS'", "AUTHORS", "REVIEW", "TABULATION", "INTEGRATION", "LIMITATIONS", "SIGNIFICANCE", "IMPORTANCE", "EVIDENCE",
})
# words that join section words inside one label ("MAIN OUTCOMES AND MEASURES")
SECTION_JOINERS = frozenset({"AND", "OF"})

# "the (second) coprimary endpoint", "primary outcome", "main efficacy end point": a role, not a name
ROLE_LABEL = (
    r"^(?:(?:the|a|an|its|our|first|second|third|other|each|both|key|main)\s+)*(?:c?o-?)?(?:co-?primary|primary|secondary|"
    r"exploratory|tertiary|composite|main|principal)\s+(?:efficacy\s+|safety\s+)?(?:end[- ]?points?|outcomes?|measures?)$"
)

# Words that end the walk from an interval back to its estimate: the number before them belongs to
# another figure ("9.6% in women vs 5.3% in men (OR ...)": the OR is not 9.6).
COMPARISON_WORDS = frozenset({"vs", "versus", "compared", "whereas", "while", "respectively", "than", "v"})
