"""What a figure means, read from the words around it: endpoint, arm, composite outcome, unit class.

The extractor's fields come first; these rules fill what it leaves empty and catch the two readings a
fact-checker cares most about: which arm a figure belongs to ("as compared with 49.4% in the
Interfant-06 trial") and whether an outcome is composite ("either were MRD-negative or had low MRD").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.models import Claim, ClaimKind, Measure
from extract.vocab import arms, measures, populations, units

from .intent import timepoint_of
from .vocabulary import ENDPOINTS, endpoint_key, nearest_endpoint_after, nearest_endpoint_before

CONTROL_RE = re.compile(arms.CONTROL, re.I)
# "as compared with 49.4%" is the comparison group; "less than 40%" is a bound, not a comparison.
_COMPARED_BEFORE_RE = re.compile(r"(compared (with|to)|versus|\bvs\.?|(?<!less )(?<!more )(?<!fewer )(?<!greater )"
                                 r"(?<!rather )\bthan( in)?|against)\s*$", re.I)
_IN_CONTROL_AFTER_RE = re.compile(r"^[\s,]*(?:(?:seen|observed|reported|recorded|achieved|found)\s+)?"
                                  r"(in|among|for|with|on)\s+(the\s+)?[^,;]{0,30}?(" + CONTROL_RE.pattern + ")", re.I)
_EITHER_OR_RE = re.compile(r"\beither\b[^.;]{0,160}?\bor\b", re.I)
_POPULATION_AFTER_RE = re.compile(rf"\s+({populations.PEOPLE_RE})\b", re.I)
_POPULATION_END_RE = re.compile(rf"\b({populations.PEOPLE_RE}|{'|'.join(populations.COUNTED)})\s*$", re.I)
_POPULATION_BEFORE_RE = re.compile(r"(\bout of|\bof|\bamong|\bin|\bincluding|\benrolled|\btotal of|^|[.;:]\s*)\s*$", re.I)
# the verb that makes "16 infants became MRD-negative" a count of an outcome
_OUTCOME_VERB_RE = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:who\s+)?(?:became|achieved|attained|reached|had|developed|"
                              r"experienced|died|relapsed|responded|survived|remained|were|was)\b", re.I)
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NEXT_FIGURE_RE = re.compile(r"\d+(?:\.\d+)?\s*%|;")
_TIME_UNIT_RE = re.compile(r"^\s*(months?|years?|weeks?|days?|mo)\b", re.I)


@dataclass(frozen=True)
class Reading:
    """Our reading of one figure: the canonical endpoint, timepoint, arm and unit class."""

    key: str
    timepoint: str
    control: bool
    unit_class: str  # percent | count | time | number | ratio
    composite: str = ""  # the "either ... or ..." wording when the outcome is composite
    arm: str = ""  # the arm's name when one is written ("nateglinide"); "" for the study arm unnamed


# Words that say "an arm" without naming it; "our study" is the study arm, unnamed.
_ARM_FILLER = {"the", "a", "an", "our", "this", "study", "group", "groups", "arm", "arms", "patients", "trial",
               "cohort", "participants", "subjects", "receiving", "treated", "given", "who", "received", "those",
               "in", "with", "of", "on", "and", "plus", "combination", "treatment", "therapy", "control", "controls",
               "historical"}
_DOSE_ROUTE = rf"(?:\d+(?:\.\d+)?\s*{units.DOSE_UNITS}\s+)?(?:{units.ROUTES}\s+)?"  # "0.2 mg oral clonidine"
_ARM_AFTER_RE = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:with|among|on|receiving|given|to)\s+(?:the\s+)?" + _DOSE_ROUTE +
                           r"(?P<arm>(?:[A-Za-z]|\d+(?:\.\d+)?-[A-Za-z])[\w-]*(?:\s+(?!group\b|arm\b|and\b|or\b|versus\b|vs\b|compared\b|"
                           r"was\b|were\b|at\b|after\b)[A-Za-z][\w-]*){0,2})", re.I)
_ARM_AFTER_POPULATION_RE = re.compile(r"^\s*(?:who\s+(?:received|took|were\s+given)|on|given|receiving|taking|treated\s+with|"
                                      r"assigned\s+to|randomi[sz]ed\s+to)\s+(?:the\s+)?(?P<arm>[A-Za-z][\w-]*(?:\s+(?!group\b|arm\b|and\b|or\b|"
                                      r"had\b|was\b|were\b|compared\b|versus\b|vs\b)[A-Za-z][\w-]*){0,1})", re.I)
_ARM_IN_GROUP_RE = re.compile(r"^\s*(?:\([^()]*\)\s*)?in\s+the\s+(?P<arm>[A-Za-z0-9][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)\s+"
                              r"(group|arm)\b", re.I)
_ARM_LEAD_RE = re.compile(r"(?:\b(?:among|in|of|for)\s+(?:the\s+)?(?:women|men|patients|participants|people|those|"
                          r"children|infants|adults|subjects)\s+(?:who\s+(?:received|took|were\s+given)\s+|receiving\s+|"
                          r"on\s+|given\s+|taking\s+|treated\s+with\s+)|^\s*(?:With|On|Under)\s+)(?:the\s+)?"
                          # "With 0.2 mg oral clonidine, ...": the dose and route come before the arm's name
                          + _DOSE_ROUTE +
                          r"(?P<arm>(?:[A-Za-z]|\d+(?:\.\d+)?-[A-Za-z])[\w-]*)(?=[^.;]*,)"
                          # "The placebo group had 4347 episodes": the group is the subject of the clause
                          r"|(?:^|[.;]\s+|,\s+(?:and|while|whereas)\s+)(?:in\s+)?the\s+(?P<subject>(?:[A-Za-z]|\d+-[A-Za-z])[\w-]*)\s+"
                          r"(?:group|arm|cohort)\s+(?:had|showed|experienced|reported|achieved|obtained|was|were)\b[^.;,]*$",
                          re.M | re.I)
_ARM_LETTER_RE = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:in|for|with)\s+(?P<noun>(?i:arm|group|cohort))\s+(?P<arm>[A-Z0-9]{1,2}|[IVX]{1,4})\b")
_ARM_BEFORE_RE = re.compile(r"(?:^|[(,;:]\s*|\band\s+|\bor\s+)(?P<arm>[A-Za-z][\w-]+)\s*(?:\(\s*)?(?:n\s*=\s*)?$")
# "In the Interfant-06 trial, overall survival was 65.8%": a clause that opens by naming its group.
_ARM_LEADING_RE = re.compile(r"\W*(?:in|among|with)\s+(?:the\s+)?(?P<arm>(?:[A-Za-z]|\d+(?:\.\d+)?-[A-Za-z])[\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)"
                             r"\s+(?:trial|group|arm|cohort|study)\b", re.I)
_ARM_PAREN_RE = re.compile(r"(?P<arm>[A-Za-z][\w-]+)\s*\(\s*(?:n\s*=\s*)?$")  # "nateglinide (n = 133)"
_NOT_ARM = {"was", "were", "of", "is", "be", "to", "than", "by", "at", "in", "from", "rate", "survival", "p",
            "ci", "range", "iqr", "sd", "mean", "median", "total", "respectively", "vs", "versus", "about",
            "approximately", "nearly", "only", "all", "and", "or", "with", "n", "had", "for", "a", "the",
            "reach", "have", "baseline", "patients", "participants", "eyes", "reported", "observed", "seen",
            "found", "noted", "occurred", "included", "received", "recorded", "documented", "mrd"}


def is_filler(word: str) -> bool:
    """A word that names a group or population, not what happened to it ('patients', 'the', 'given')."""
    w = word.lower()
    return w in _ARM_FILLER or w in populations.PEOPLE or w + "s" in populations.PEOPLE or w in populations.OBSERVED_VERBS


def arm_name(raw: str) -> str:
    """'the nateglinide group' -> 'nateglinide'; 'our study' -> ''."""
    words = [w for w in re.findall(r"[a-z0-9][\w-]*", raw.lower()) if w not in _ARM_FILLER]
    return " ".join(words)


def _arm_from_context(text: str, start: int, end: int, s0: int) -> str:
    after = text[end:end + 80]
    # "30 infants with KMT2A-rearranged ALL": after a population, "with" names the condition.
    population = _POPULATION_END_RE.search(text[start:end])
    # "one in ten patients on placebo", "a third of children given placebo": the group after the population
    pop = _POPULATION_AFTER_RE.match(re.sub(r"^\s+of\s+(?:the\s+)?", " ", after))
    if pop:
        rest = re.sub(r"^\s+of\s+(?:the\s+)?", " ", after)[pop.end():]
        m = _ARM_AFTER_POPULATION_RE.match(rest)
        if m and m.group("arm").split()[0].lower() not in _NOT_ARM | _ARM_FILLER:
            return m.group("arm")
    m = _ARM_LETTER_RE.match(after)
    if m:
        return f"{m.group('noun').lower()}-{m.group('arm')}"  # "12.7 months in arm A": 'arm-a' ('a' alone reads as an article)
    for pattern in ((_ARM_IN_GROUP_RE,) if population else (_ARM_IN_GROUP_RE, _ARM_AFTER_RE)):
        m = pattern.match(after)
        if m and m.group("arm").split()[0].lower() not in _NOT_ARM:
            return m.group("arm")
    m = _ARM_PAREN_RE.search(text[max(s0, start - 40):start])
    if m and m.group("arm").lower() not in _NOT_ARM:
        return m.group("arm")
    m = _ARM_BEFORE_RE.search(text[max(s0, start - 40):start])
    if m and m.group("arm").lower() not in _NOT_ARM and m.group("arm").lower() not in _ARM_FILLER:
        return m.group("arm")
    m = _ARM_LEADING_RE.match(text, s0, start)
    if m and m.group("arm").lower() not in _NOT_ARM | _ARM_FILLER:
        return m.group("arm") + " " + m.group(0).split()[-1]
    return ""


_BEFORE_TREATMENT_RE = re.compile(arms.BEFORE_TREATMENT, re.I)
_TREATED_ROLE_RE = re.compile(rf"(?:{arms.TREATED_ROLES})(?:\s+(?:{arms.TREATED_ROLES}))*", re.I)


def arm_relation(a: Reading, b: Reading) -> str:
    """'same' or 'other' arm of figure `a` and source claim `b`; 'unknown' for a total against an arm."""
    if a.control != b.control:
        return "other"
    if bool(_BEFORE_TREATMENT_RE.search(a.arm)) != bool(_BEFORE_TREATMENT_RE.search(b.arm)):
        return "other"  # "with the training" is not the column "before the training"
    if a.control and b.control:
        return "same"  # "historical controls" and "the Interfant-06 trial" name the one comparison group
    if a.arm and b.arm:
        ta, tb = _arm_words(a.arm), _arm_words(b.arm)
        if ta & tb or _abbreviates(a.arm, tb) or _abbreviates(b.arm, ta):
            return "same"
        # a source's "intervention group" is the treated arm, whatever the sentence calls its treatment
        # (not the converse: a sentence's "intervention" may be any of a source's named arms)
        return "same" if _TREATED_ROLE_RE.fullmatch(b.arm) else "other"
    if b.arm and not a.arm and "sample size" in {a.key, b.key}:
        return "unknown"  # a total is not contradicted by one arm's size
    return "same"


def _arm_words(arm: str) -> set[str]:
    """Words of an arm's name; a lettered arm ('arm-a', 'group-ii') by its letter, as a source's 'Group II'."""
    return {re.sub(r"^(?:arm|group|cohort)-", "", w) for w in arm.split()}


def _abbreviates(name: str, words: set[str]) -> bool:
    """Is one of `words` the initials of `name` ('tap' of 'transversus abdominis plane')?"""
    parts = [w for w in re.split(r"[\s-]+", name) if w]
    initials = "".join(w[0] for w in parts)
    return len(initials) >= 2 and any(len(w) >= 2 and w.isalpha() and initials.startswith(w) and len(w) >= len(parts) - 1
                                      for w in words)


def _tail(text: str, end: int, limit: int = 140) -> str:
    """Words after a figure up to the next figure or clause end, brackets removed."""
    tail = _PARENS_RE.sub(" ", text[end:end + limit])
    m = _NEXT_FIGURE_RE.search(tail)
    return tail[: m.start()] if m else tail


def unit_class(claim: Claim, text: str = "", end: int | None = None) -> str:
    unit = (claim.unit or "").lower()
    vt = claim.value_text or ""
    if claim.kind in {ClaimKind.SAMPLE_SIZE, ClaimKind.COUNT, ClaimKind.ADVERSE_EVENT} or claim.measure == Measure.COUNT:
        if "%" not in vt and unit not in {"%", "percent"}:
            return "count"
    if "%" in vt or unit in {"%", "percent", "per cent"} or claim.measure in {"proportion", "percentage"}:
        return "percent"
    if claim.kind == ClaimKind.FOLLOW_UP or unit in {"months", "month", "years", "year", "weeks", "days"}:
        return "time"
    if end is not None and text and _TIME_UNIT_RE.match(text[end:end + 12]):
        return "time"
    if claim.measure in measures.RATIO_MEASURES:
        return "ratio"
    return "number"


def compatible(a: str, b: str) -> bool:
    """Unit classes that can state the same figure (a bare number may be a count or a percent)."""
    # A bare number may be a count, a ratio or a time, never a percentage: "11 countries" is not "11%".
    return a == b or "number" in {a, b} and not {"percent"} & {a, b}


_ARM_IN_CLAUSE_RE = re.compile(r"\b(?:randomi[sz]ed|assigned|allocated)\s+to\s+(?:receive\s+)?(?:the\s+)?(?P<arm>[A-Za-z][\w-]*)|"
                               r"\b(?:treated with|were given|was given|received|receiving)\s+(?:the\s+)?(?P<arm2>[A-Za-z][\w-]*)",
                               re.I)


def read_claim(claim: Claim, text: str, sentence: tuple[int, int], *, checked: bool = False) -> Reading:
    """Our reading of a claim in `text` (the document's text, or with `checked` a sentence to verify,
    where "40 patients were randomized to X" names the arm later in the clause)."""
    s0, s1 = sentence
    key = _endpoint_of(claim, text, sentence)
    composite = ""
    # A figure followed closely by "either A or B" counts both (the 93% of "28 patients (93%) either
    # were MRD-negative or had low levels of MRD"); figures inside the either/or are its parts.
    after = text[claim.end: min(s1, claim.end + 220)]
    m = _EITHER_OR_RE.search(after)
    if m and m.start() <= 40 and key and key != "sample size":
        wider = endpoint_key(after)
        key = wider if wider and " or " in wider else f"{key} (either/or)"
        # Quote the alternatives up to the end of the endpoint named after "or".
        ends = [pm.end() for _, pattern in ENDPOINTS for pm in pattern.finditer(after, m.end())
                if pm.start() < m.end() + 60]
        composite = after[m.start(): min(ends) if ends else m.end()]

    uclass = unit_class(claim, text, claim.end)
    if uclass == "time" or key == "follow-up":
        timepoint = timepoint_of(claim.timepoint)  # "26.3 months" is the figure itself, not its timepoint
    else:
        timepoint = (timepoint_of(claim.timepoint) or timepoint_of(claim.quote)
                     or timepoint_of(_clause(text, sentence, claim.start, claim.end)) or timepoint_of(text[s0:s1]))

    # "was 158.52 with phase I externship program": a quote that runs past its value holds the group
    # named after it, read from the value's end
    vt = claim.value_text or ""
    at = claim.quote.find(vt) if vt else -1
    value_end = claim.start + at + len(vt) if at >= 0 else claim.end
    arm_text = compared_group_before(text, s0, claim.start) or claim.arm or \
        _arm_from_context(text, claim.start, claim.end, s0) or \
        (value_end < claim.end and _arm_from_context(text, claim.start, value_end, s0)) or ""
    if claim.arm and arm_text == claim.arm:
        # the extractor's "Transversus" is "Transversus abdominis plane" in the text: the whole name
        # meets the source's "TAP group"
        written = _arm_from_context(text, claim.start, value_end, s0)
        if len(written) > len(claim.arm) and written.lower().startswith(claim.arm.lower()):
            arm_text = written
    if not arm_text:
        # "Among women receiving talazoparib, 38 percent ...", "With Keytruda, 36 percent ...":
        # news often names the group before its figure
        lead = list(_ARM_LEAD_RE.finditer(text, s0, claim.start))
        named = (lead[-1].group("arm") or lead[-1].group("subject")) if lead else ""
        if named and named.lower() not in _NOT_ARM | _ARM_FILLER:
            arm_text = named
    if not arm_text and checked:
        # up to the next figure, and whole words only: "..., compared with 66% of children treated with
        # chemotherapy" names the group of the 66%, not of the figure before it
        window = _NEXT_FIGURE_RE.search(text, claim.end, min(s1, claim.end + 80))
        m = _ARM_IN_CLAUSE_RE.search(text, claim.end, window.start() if window else min(s1, claim.end + 80))
        if m and re.match(r"[\w-]", text[m.end():m.end() + 1]):
            m = None
        if m and (m.group("arm") or m.group("arm2")).lower() not in _NOT_ARM | _ARM_FILLER:
            arm_text = m.group("arm") or m.group("arm2")
    control = _is_control(claim, text, s0, arm_text)
    if not control and claim.arm:
        # the extractor's "chemotherapy" is "chemotherapy alone" in the text: the comparison group
        written = _arm_from_context(text, claim.start, claim.end, s0)
        control = bool(CONTROL_RE.search(written)) and written.lower().startswith(claim.arm.lower())
    # a column header of filler words only ("Plus") still names a group other than the study arm's
    # ("our study" is the study arm, unnamed)
    arm = arm_name(arm_text) or (claim.arm.strip().lower() if claim.arm and not control
                                 and not re.search(r"\b(our|this|present|study|trial)\b", claim.arm, re.I) else "")
    return Reading(key=key, timepoint=timepoint, control=control, unit_class=uclass, composite=composite, arm=arm)


# "..., compared to the midazolam group (17.5 and 17.5%, respectively)", "lower than that for the
# midazolam group 165 ± 34.5": the group named after the comparison word owns the figures that follow it
_COMPARED_GROUP_RE = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|than(?:\s+(?:that|those))?(?:\s+(?:in|for|of|with))?)"
                                r"\s+(?:the\s+)?(?P<arm>(?:[A-Za-z]|\d+(?:\.\d+)?-[A-Za-z])[\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+(?:group|arm)\s*"
                                r"(?:\(\s*(?:[\d.]+\s*%?\s*(?:and|,)\s*)*)?$", re.I)


def compared_group_before(text: str, s0: int, start: int) -> str:
    """The comparison group named right before a figure ('than that for the midazolam group 165')."""
    m = _COMPARED_GROUP_RE.search(text[max(s0, start - 80):start])
    if not m or m.group("arm").split()[0].lower() in _NOT_ARM | _ARM_FILLER:
        return ""
    return m.group("arm")


def _endpoint_of(claim: Claim, text: str, sentence: tuple[int, int]) -> str:
    """The canonical endpoint of a claim: its kind, the extractor's endpoint, or the words around it."""
    s0, s1 = sentence
    before = text[max(s0, claim.start - 80): claim.start]
    if claim.kind == ClaimKind.SAMPLE_SIZE:
        # "MRD-negative (16 patients)": a count of patients with an outcome, not the study's size.
        return (nearest_endpoint_before(before[-40:]) if before.rstrip().endswith("(") else "") or "sample size"
    if claim.kind == ClaimKind.FOLLOW_UP:
        return "follow-up"
    if claim.kind == ClaimKind.ADVERSE_EVENT and claim.endpoint and not endpoint_key(claim.endpoint):
        # "fever [4 events]" is one kind of event; "four infections" and "infection [4]" the same one
        return f"adverse event: {_singular(claim.endpoint.lower())}"
    if claim.denominator and claim.n is not None:
        # "28 of 30 infants were MRD-negative or had low MRD": patients with the outcome named
        # after the fraction (most specific name first), not the number studied
        clause_after = re.split(r"[;:]", text[claim.end:min(s1, claim.end + 120)])[0]
        outcome = endpoint_key(clause_after)
        if outcome and outcome != "sample size":
            return outcome
    population = _POPULATION_AFTER_RE.match(text, claim.end)
    is_share = "%" in (claim.value_text or "") or (claim.unit or "") in {"%", "percent"}
    if (population or _POPULATION_END_RE.search(claim.quote)) and _POPULATION_BEFORE_RE.search(before[-30:]) \
            and not is_share:
        # "16 infants became MRD-negative": patients counted by an outcome stated right after them,
        # not the number studied
        after = text[population.end() if population else claim.end:min(s1, claim.end + 80)]
        m = _OUTCOME_VERB_RE.match(after)
        outcome = endpoint_key(re.split(r"[;:,]", after)[0]) if m else ""
        if outcome and outcome != "sample size":
            return outcome
        return "sample size"  # "out of 84 patients treated with ...": the number studied, not an outcome
    window = text[max(s0, claim.start - 60):claim.start]
    named = claim.endpoint_text or claim.endpoint
    extractor_key = endpoint_key(claim.endpoint, claim.endpoint_text) or endpoint_key(claim.quote)
    # a name that ends in the window may start before it ("Disease-free survival was 81.6% with
    # blinatumomab, almost double the 49.4%": the window starts inside "Disease-free")
    nearest = nearest_endpoint_before(text[max(s0, claim.start - 100):claim.start], within=len(window))
    # The endpoint named just before the figure owns it, unless the extractor's own endpoint is
    # written there too ("Assuming a serial interval of 6-9 days, ... R(0) value of 5.7" is R0).
    if extractor_key and (named and named.lower() in window.lower() or not nearest):
        key = extractor_key
    elif nearest:
        key = nearest
    else:
        # One named right after the figure ("95% of infants survived"), not any word of the clause
        # ("11% had QT prolongation ... danger zone for sudden cardiac death").
        key = nearest_endpoint_after(re.split(r"[;:]", text[claim.end:min(s1, claim.end + 40)])[0])
    if key == "overall survival" and not re.search(r"overall|\bOS\b", f"{claim.endpoint} {claim.endpoint_text}", re.I):
        # A bare "survival rate" after "three-year event-free" is event-free survival.
        specific = nearest_endpoint_before(before)
        if specific.endswith("-free survival"):
            key = specific
    return key


def _singular(name: str) -> str:
    """'infections' -> 'infection'; 'sepsis', 'stress' unchanged."""
    words = name.split()
    if words and len(words[-1]) > 4 and words[-1].endswith("s") and not words[-1].endswith(("ss", "is", "us")):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _is_control(claim: Claim, text: str, s0: int, arm_text: str) -> bool:
    """Whether the figure belongs to the comparison group."""
    if claim.arm and arm_text == claim.arm:
        # "compared with their peers", "versus no simulator-based training": a group introduced by a
        # comparison word is the comparison group, whatever its name
        introduced = re.search(r"(?:compared\s+(?:with|to)|versus|\bvs\.?)\s+(?:the\s+)?" + re.escape(claim.arm),
                               text[s0:claim.start], re.I)
        return bool(CONTROL_RE.search(claim.arm) or introduced)
    if arm_text and CONTROL_RE.search(arm_text):
        return True
    if _COMPARED_BEFORE_RE.search(text[max(s0, claim.start - 40): claim.start].rstrip()):
        return True  # "as compared with 49.4%"
    return bool(_IN_CONTROL_AFTER_RE.match(_tail(text, claim.end)))  # "49.4% (95% CI, ...) in the Interfant-06 trial"


def _clause(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The clause of the sentence that holds [start, end): split at ';' and ', as compared'."""
    s0, s1 = sentence
    sent = text[s0:s1]
    cuts = [0] + [m.end() for m in re.finditer(r";|,\s+(?=as compared|compared|whereas|while|but)", sent)] + [len(sent)]
    rel = start - s0
    for a, b in zip(cuts, cuts[1:]):
        if a <= rel < b:
            return sent[a:b]
    return sent


# ---- lettered arms ("Group I", "arm B"): whose treatment, read from where the source defines them ----

_LETTERED_RE = re.compile(r"^\s*(?P<noun>(?i:group|arm|cohort))\s+(?P<letter>[A-Z]|[IVX]{1,4}|\d)\s*$")


def lettered_arm(raw: str) -> tuple[str, str] | None:
    """('group', 'II') for a source arm written 'Group II'; None for an arm named by its treatment."""
    m = _LETTERED_RE.match(raw or "")
    return (m.group("noun").lower(), m.group("letter")) if m else None


def lettered_definitions(text: str, noun: str) -> dict[str, str]:
    """The words a source defines each lettered arm with ('Group I (n = 30, laser group) received laser
    therapy'): from the label to the next label of the same kind or the sentence's end, first time only."""
    label_re = re.compile(rf"\b(?i:{noun})\s+([A-Z]|[IVX]{{1,4}}|\d)\b(?![\w-])")
    out: dict[str, str] = {}
    marks = list(label_re.finditer(text))
    for i, m in enumerate(marks):
        letter = m.group(1)
        if letter in out:
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        window = text[m.end():min(end, m.end() + 160)]
        window = re.split(r"(?<=[a-z)\]])\.\s", window)[0]
        # a definition says what the group received, or gives it in brackets right after the label
        if re.match(r"\s*(?:\(|:|,?\s*(?:who\s+)?(?:received|were\s+given|was\s+given|were\s+treated|was\s+treated|"
                    r"were\s+assigned|was\s+assigned|were\s+allocated|was\s+presented|underwent|took)\b)", window, re.I):
            out[letter] = window
    return out


def lettered_arm_relation(sentence_arm: Reading, raw_arm: str, text: str, start: int | None = None) -> str:
    """'same' when the sentence's group shares treatment words with this lettered arm's definition more
    than with any other's (a definition that names a control word is the comparison group's); 'other'
    when another lettered arm fits better; '' when the source does not tell."""
    lettered = lettered_arm(raw_arm)
    if not lettered or not sentence_arm.arm:
        return ""
    noun, letter = lettered
    if start is not None:
        # the label written nearest before the figure must be its own: "earlier in Group II (...) than
        # Group I (4.84 ...)" gives 4.84 to Group I whatever the claim's arm says
        before = list(re.finditer(rf"\b(?i:{noun})\s+([A-Z]|[IVX]{{1,4}}|\d)\b(?![\w-])", text[max(0, start - 160):start]))
        if before and before[-1].group(1) != letter:
            return ""
    defs = lettered_definitions(text, noun)
    if letter not in defs or len(defs) < 2:
        return ""
    mine = {w for w in re.findall(r"[a-z][a-z-]{2,}", sentence_arm.arm.lower()) if not is_filler(w)}

    def score(definition: str) -> int:
        if CONTROL_RE.search(definition) and not sentence_arm.control:
            return -1  # "placebo laser therapy" is not the group named "laser therapy"
        words = {w for w in re.findall(r"[a-z][a-z-]{2,}", definition.lower()) if not is_filler(w)}
        return len(mine & words)

    scores = {k: score(v) for k, v in defs.items()}
    best = max(v for k, v in scores.items() if k != letter)
    if scores[letter] > 0 and scores[letter] > best:
        return "same"
    return "other" if best > scores[letter] else ""
