"""Clinical abbreviations outside the endpoint table, in exact case ("ALL" is a leukemia, "all" a word).

Endpoint abbreviations live with their endpoints (endpoints.py); `ABBREVIATIONS` is both together.
"""

from __future__ import annotations

from .endpoints import endpoint_abbreviations

GENERAL: dict[str, str] = {
    "PCR": "polymerase chain reaction",
    "CI": "confidence interval",
    "HR": "hazard ratio",
    "OR": "odds ratio",
    "RR": "risk ratio",
    "ALL": "acute lymphoblastic leukemia",
    "AML": "acute myeloid leukemia",
    "HSCT": "hematopoietic stem-cell transplantation",
    "NEJM": "new england journal of medicine",
    "FDA": "food and drug administration",
    "RCT": "randomised controlled trial",
}

ABBREVIATIONS: dict[str, str] = {**GENERAL, **endpoint_abbreviations()}

# Abbreviations also written in lower case ("mrd", "pcr"); the others are words when not capitalised.
ALSO_LOWER_CASE = frozenset({"MRD", "PCR", "NEJM"})


def long_form(token: str) -> str:
    """The long form of an abbreviation as written, or ''."""
    if token in ABBREVIATIONS:
        return ABBREVIATIONS[token]
    up = token.upper()
    return ABBREVIATIONS.get(up, "") if up in ALSO_LOWER_CASE else ""
