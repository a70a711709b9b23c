"""The grounding check: no number reaches the reader unless a cited passage states it.

Runs on every answer before it is shown. A number passes when it stands in one of the answer's
cited quotes (after normalising 81·6, unicode minus, NBSP, thousands separators and number words),
or when it is inside a marked computation: `{computed: ...}` whose operands are themselves grounded.
Citation markers `[n]` are not figures and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.models import Citation

from .numbers import NumberMention, find_numbers

# Text the composer wraps around arithmetic it did itself on cited numbers, e.g. a difference.
COMPUTED_OPEN = "{computed: "
COMPUTED_CLOSE = "}"
_COMPUTED_RE = re.compile(r"\{computed: ([^{}]*)\}")
_MARKER_RE = re.compile(r"\[(\d+)\]")
_QUOTED_RE = re.compile("\u201c([^\u201c\u201d]+)\u201d")


@dataclass(frozen=True)
class Ungrounded:
    """A number in the answer text that no cited quote states."""

    text: str
    start: int
    end: int
    reason: str


def mark_computed(expression: str) -> str:
    """Wrap a computation on cited numbers so the check knows the result is derived."""
    return f"{COMPUTED_OPEN}{expression}{COMPUTED_CLOSE}"


def _masked(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(n: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(s <= n.start and n.end <= e for s, e in spans)


_CI_LEVEL_AFTER_RE = re.compile(r"\s*%\s*(CI\b|confidence|credible)", re.I)


def _role(text: str, n: NumberMention) -> str:
    return "ci_level" if _CI_LEVEL_AFTER_RE.match(text, n.end) else "figure"


def ungrounded_numbers(text: str, citations: list[Citation]) -> list[Ungrounded]:
    """Numbers in `text` that are neither in a cited quote nor in a marked computation."""
    # A sentence quoted verbatim from a cited passage may hold brackets of its own ("fever [4
    # events], infection [4]"): text there, not our citation markers. Its numbers are checked as usual.
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)
              if any(m.group(1).strip() in c.quote for c in citations)]
    marker_matches = [m for m in _MARKER_RE.finditer(text)
                      if not any(s <= m.start() and m.end() <= e for s, e in quoted)]
    markers = [(m.start(), m.end()) for m in marker_matches]
    computed = _masked(text, _COMPUTED_RE)
    # A confidence level ("95% CI") grounds only a confidence level: a "95%" survival figure is not
    # stated by a passage whose only 95 is the level of its intervals.
    cited_numbers = {(n.canonical, _role(c.quote, n)) for c in citations for n in find_numbers(c.quote)}
    cited_markers = {c.n for c in citations}
    problems: list[Ungrounded] = []
    for m in marker_matches:
        if int(m.group(1)) not in cited_markers:
            problems.append(Ungrounded(m.group(), m.start(), m.end(), "citation marker without a citation"))
    for n in find_numbers(text):
        if _inside(n, markers):
            continue
        if _inside(n, computed):
            # The result of a computation may be new, but every operand it names must be grounded:
            # operands are written before "=", the result after it.
            expr_span = next((s, e) for s, e in computed if s <= n.start and n.end <= e)
            eq = text.find("=", expr_span[0], expr_span[1])
            if eq != -1 and n.start > eq:
                continue
        if (n.canonical, _role(text, n)) not in cited_numbers:
            problems.append(Ungrounded(n.text, n.start, n.end, "not stated in any cited passage"))
    return problems


def is_grounded(text: str, citations: list[Citation]) -> bool:
    return not ungrounded_numbers(text, citations)
