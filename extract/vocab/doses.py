"""Dose and schedule units, and measurement units a figure can carry."""

from __future__ import annotations

# Units of a dose ("10 mg/kg", "2 g/m2", "50 mcg")
DOSE_UNITS = r"(?:mg/kg|mg/m2|mg/m²|g/m2|g/kg|µg/kg|mcg/kg|mg|mcg|µg|g|IU|U|mL|ml)"
# How often it is given ("twice daily", "q3w", "every 3 weeks")
SCHEDULE = r"(?i:once|twice|three\s+times)\s+(?:a\s+)?(?:daily|day|weekly|week)|\bq\d+[dhw]\b|\bevery\s+\d+\s+(?:days?|weeks?|hours?)\b|\b(?:daily|weekly|b\.?i\.?d\.?|t\.?i\.?d\.?)\b"

# Units a measured value is written with (after the number)
MEASUREMENT_UNITS = (
    r"%|mm\s?Hg|mmHg|mmol/[lL]|mg/d[lL]|g/d[lL]|kg/m2|kg|g|mg|ml|mL|cm|mm|points?|months?|years?|weeks?|days?|hours?|"
    r"percentage points?|(?i:per\s?cent)|per\s+(?:1000|100|10,000|100,000|100 000)\s*[\w-]*(?:\s+[\w-]+)?|[µμ]mol/[lL]|"
    r"nmol/[lL]|pg/m[lL]|ng/m[lL]|bpm|beats/min|/min|s/h|U/[lL]"
)
# Lower-case unit and measure words that alone do not name an outcome
UNIT_WORDS = frozenset({"mmhg", "mm", "cm", "kg", "g", "mg", "ml", "l", "%", "h", "min", "points", "odds", "risk ratio",
                        "sd", "mmol/l", "mg/dl", "percent", "times", "fold"})
