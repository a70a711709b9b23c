"""Endpoint qualifiers that exclude each other: a "systolic" figure is no "diastolic" one.

Each group lists patterns (case-insensitive unless written with capitals only); a figure naming one
member of a group is not the figure of a source naming another member of the same group.
"""

from __future__ import annotations

EXCLUSIVE: list[tuple[str, ...]] = [
    (r"(?i:\bsystolic\b)", r"(?i:\bdiastolic\b)"),
    (r"(?i:\bcomplete (response|remission))", r"(?i:\bpartial (response|remission))", r"(?i:\b(overall|objective) response)"),
    (r"(?i:\bfasting\b)", r"(?i:\bpost-?prandial\b)"),
    (r"\bLDL\b", r"\bHDL\b"),
]
