"""Units: of a dose and its schedule, and of a measured value."""

from __future__ import annotations

# Units of a dose ("10 mg/kg", "2 g/m2", "50 mcg")
DOSE_UNITS = r"(?:mg/kg|mg/m2|mg/m²|g/m2|g/kg|µg/kg|mcg/kg|mg|mcg|µg|g|IU|U|mL|ml)"
# How it is given: "0.2 mg oral clonidine", "intravenous iron" (a route names no arm of its own)
ROUTES = r"(?:oral|intravenous|iv|subcutaneous|intramuscular|topical|inhaled|intranasal|intrathecal|sublingual|transdermal)"
# How often it is given ("twice daily", "q3w", "every 3 weeks")
SCHEDULE = r"(?i:once|twice|three\s+times)\s+(?:a\s+)?(?:daily|day|weekly|week)|\bq\d+[dhw]\b|\bevery\s+\d+\s+(?:days?|weeks?|hours?)\b|\b(?:daily|weekly|b\.?i\.?d\.?|t\.?i\.?d\.?)\b"

# Units a measured value is written with (after the number), the percent sign and word apart (see
# extract/numbers.PCT). A longer unit comes before the shorter one it starts with.
MEASUREMENT_UNITS = (
    r"percentage points?|per\s+(?:1000|100|10,000|100,000|100 000)\s*[\w-]*(?:\s+[\w-]+)?|mm\s?Hg|mmHg|mmol/[lL]|"
    r"mg/d[lL]|g/d[lL]|kg/m2|[\u00b5\u03bc]mol/[lL]|nmol/[lL]|pg/m[lL]|ng/m[lL]|U/[lL]|IU/kg|beats/min|bpm|/min|s/h|"
    r"kg|mg|ml|mL|g|cm|mm|m|points?|months?|years?|weeks?|days?|hours?|h|minutes?|min|seconds?|s|reps|steps"
)
# Lower-case unit and measure words that alone do not name an outcome
UNIT_WORDS = frozenset({"mmhg", "mm", "cm", "kg", "g", "mg", "ml", "l", "%", "h", "min", "points", "odds", "risk ratio",
                        "sd", "mmol/l", "mg/dl", "percent", "times", "fold"})

# Words before a number that make it a label, not a result: "grade 3", "type 1", "phase 3",
# "stage II", "day 14", "week 12", "cycle 2" (a schedule point or a name is never checked as a result)
# "6-minute walk distance", "24-hour urine", "12-lead ECG", "10-item scale": a number joined to one of
# these units and followed by a noun names a test or a sample, it is no result (day/week/month/year
# compounds are timepoints, read as such; "5-point" is often a result and is not here)
COMPOUND_MODIFIER_UNITS = r"(?:minutes?|min|hours?|hr|h|items?|leads?|questions?|domains?|metres?|meters?|m)"
NUMBER_LABELS = r"(?:grades?|stages?|phases?|types?|days?|weeks?|cycles?|visits?|versions?|levels?|class(?:es)?|step)"
# A number followed by these is a generation or a line of treatment ("third-generation", "2nd-line")
ORDINAL_NAMES = r"(?:generation|line)"
# Ages and age limits: "aged 18 to 65", "younger than 1 year of age", "median age was 55"
AGE_BEFORE = r"(?:aged|ages?(?:\s+(?:was|were|of|between|from))?|older than|younger than|between)"
AGE_AFTER = r"(?:years?|months?)[\s-]+(?:of[\s-]+age|old)"
# What a percentage is the strength of ("0.375% ropivacaine", "1% cream", "2% solution"): a concentration, not a result
FORMULATIONS = r"(?:cream|gel|ointment|solution|lotion|spray|drops?|eye\s*drops?|mouthwash|foam|patch|suspension|saline|" \
               r"glucose|dextrose|\bd5?w|lidocaine|w/v|w/w)"
