"""Adverse-event grades and severity words."""

from __future__ import annotations

# A grade number, Arabic or Roman ("3", "III", "IV")
GRADE_NUMBER = r"(?:[1-5]|I{1,3}V?|IV|V)"
# Words that grade or qualify an adverse event ("serious", "treatment-related")
SEVERITY = (r"serious|severe|treatment[- ]related|drug[- ]related|treatment[- ]emergent|fatal|major|minor|mild|moderate|"
            r"nonserious|non-serious")
# "or higher": an open grade range
OR_HIGHER = r"(?:higher|worse|greater|above)"
