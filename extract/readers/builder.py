"""Assemble a document's text paragraph by paragraph, recording section and page spans as it grows.

Readers of structured formats (HTML, PDF, XML) build the text themselves, so every span they record
points into exactly the string that becomes Document.text.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from ..models import Span

PARAGRAPH_BREAK = "\n\n"
# ASCII whitespace only: no-break and thin spaces are part of what the source wrote ("12\u202f345").
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def squeeze(text: str) -> str:
    """Collapse runs of layout whitespace (spaces, tabs, newlines) into one space."""
    return _SPACES.sub(" ", text).strip()


class TextBuilder:
    """Paragraphs joined by blank lines; spans recorded against the final text."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.sections: list[Span] = []
        self.pages: list[Span] = []

    def __len__(self) -> int:
        return self._length

    def add(self, paragraph: str, *, heading: str = "") -> tuple[int, int] | None:
        """Append a paragraph (optionally headed by a line of its own); returns its span or None if empty."""
        paragraph = paragraph.strip()
        heading = heading.strip()
        if heading and paragraph:
            paragraph = f"{heading}\n{paragraph}"
        elif heading:
            paragraph = heading
        if not paragraph:
            return None
        if self._parts:
            self._parts.append(PARAGRAPH_BREAK)
            self._length += len(PARAGRAPH_BREAK)
        start = self._length
        self._parts.append(paragraph)
        self._length += len(paragraph)
        return start, self._length

    def _next_start(self) -> int:
        return self._length + (len(PARAGRAPH_BREAK) if self._parts else 0)

    @contextmanager
    def section(self, label: str) -> Iterator[None]:
        """Record everything added inside the block as one section span (skipped when empty)."""
        start = self._next_start()
        yield
        if self._length > start:
            self.sections.append(Span(start=start, end=self._length, label=label))

    @contextmanager
    def page(self, label: str) -> Iterator[None]:
        """Record everything added inside the block as one page span (a page without text gets none)."""
        start = self._next_start()
        yield
        if self._length > start:
            self.pages.append(Span(start=start, end=self._length, label=label))

    def text(self) -> str:
        return "".join(self._parts)

    def section_spans(self) -> list[Span]:
        """Sections in text order (an enclosing section before the ones nested in it)."""
        return sorted(self.sections, key=lambda s: (s.start, -s.end))
