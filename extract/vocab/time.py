"""Time units: how they are written and their one conversion to months."""

from __future__ import annotations

DAYS_PER_YEAR = 365.25
WEEKS_PER_YEAR = DAYS_PER_YEAR / 7

# months in one unit; the keys are singular, lower case
MONTHS_PER: dict[str, float] = {
    "year": 12.0, "yr": 12.0, "month": 1.0, "mo": 1.0,
    "week": 12 / WEEKS_PER_YEAR, "wk": 12 / WEEKS_PER_YEAR,
    "day": 12 / DAYS_PER_YEAR, "hour": 12 / DAYS_PER_YEAR / 24, "h": 12 / DAYS_PER_YEAR / 24,
}

# Regex alternations of the units as a timepoint writes them
PERIOD = r"(?:years?|months?|weeks?|days?|hours?|h)"
PERIOD_OR_SHORT = r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)"

# Words that mark when something was measured, not what ("at 12 months", "at baseline")
TIME_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "h", "min",
                        "minutes", "baseline", "follow-up", "enrolment", "enrollment", "discharge"})


def months_per(unit: str) -> float | None:
    """Months in one `unit` ('weeks' -> 0.23, 'yrs' -> 12); None for a unit that is not a time."""
    u = (unit or "").lower().strip()
    if u.endswith("s") and u[:-1] in MONTHS_PER:
        u = u[:-1]
    return MONTHS_PER.get(u)

# A table row label that says only when, or which statistic, a row's cells give ("Baseline",
# "Posttreatment (mean±SD)", "Week 12", "n (%)"): the measure is named by the section row above it
ROW_WHEN_OR_STATISTIC = (r"(?:baseline|pre-?(?:treatment|test|intervention|operative)|post-?(?:treatment|test|intervention|"
                         r"operative)|before|after|follow-?up|end of (?:treatment|study)|week|month|day|year|visit|"
                         r"mean|median|sd|se|iqr|n|range|change|±|\d|[-–()%±,.:\s]|\*+)+")
