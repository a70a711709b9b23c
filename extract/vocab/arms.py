"""Words that name a control or comparison arm (never a study's own name)."""

from __future__ import annotations

# Another trial named by its code ("the XYZ-06 trial"): a historical comparison, whatever its name
NAMED_TRIAL = r"\b[a-z][a-z0-9]*-\d{2,4}\s+(?:trial|study|protocol|cohort)s?\b"
# Read in a checked sentence or a source: "as compared with 49.4% in the historical controls"
CONTROL = (NAMED_TRIAL + r"|historical|\bcontrols?\b|placebo|standard (care|therapy|treatment)|comparator|usual care|"
           r"chemotherapy alone|\bsham\b|untreated|control (arm|group)|"
           # "treatment as usual (TAU)": usual care by another name; TAU in capitals only ("tau" is a protein)
           r"treatment as usual|(?-i:\bTAU\b)")
# A question that asks about the comparator only
CONTROL_QUESTION = r"\b(historical controls?|control (arm|group)|placebo|standard (care|therapy)|chemotherapy alone|comparator)\b"
# Role words an arm is named by in a source ("the intervention group", "usual care participants")
ARM_ROLES = r"placebo|control|intervention|usual[- ]care|sham"
# Role words that name the treated arm without naming its treatment ("the intervention group",
# "experimental arm"): the same arm as a sentence's group named by its drug or programme
TREATED_ROLES = r"intervention|interventional|experimental|active|treated|exposed|study"
# A group measured before the treatment ("Before the training, n (%)", "pre-test", "baseline"): the
# same people, but not the treatment's result
# ("change from baseline" is a result)
BEFORE_TREATMENT = r"\b(?:before|pre-?(?:training|treatment|intervention|test|operative|op)|(?<!from )baseline)\b"
