"""A light English suffix stripper for BM25 (plurals and common inflections).

Deliberately conservative: it only has to make 'infants'/'infant' and 'treated'/'treatment'
meet, not be a linguistic stemmer.
"""

from __future__ import annotations

_KEEP = frozenset({"was", "has", "is", "this", "its", "us", "series", "analysis", "status", "virus", "bias",
                   "diagnosis", "prognosis", "sepsis", "metastasis", "fibrosis", "basis", "mellitus", "versus",
                   "corpus", "stress", "less", "loss", "process", "access", "success", "mass", "class"})


def stem(word: str) -> str:
    if len(word) <= 3 or word in _KEEP:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word
