"""Recognise news-page boilerplate (subscription prompts, disclaimers, NOTE/contact paragraphs,
share buttons) as spans of the text, so it is kept for display but never cited."""

from __future__ import annotations

import re

from .models import Span

# Each rule: a label and a pattern that a whole paragraph (or line) must match at its start.
_PARAGRAPH_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("subscription", re.compile(r"^(get your free subscription|subscribe\b|sign up\b|already a subscriber|"
                                r"enter your email|register (now|today|for free))", re.I)),
    ("disclaimer", re.compile(r"^(disclaimer\s*:|this website is primarily for healthcare professionals)", re.I)),
    ("note", re.compile(r"^note\s*:", re.I)),
    ("contact", re.compile(r"^(contact( us)?\s*:|for (media|press) (inquiries|enquiries)|email us at)", re.I)),
    ("share", re.compile(r"^(share( this)?( article| story)?\s*[:|]?\s*$|share on (facebook|twitter|x|linkedin)|"
                         r"(facebook|twitter|linkedin|email|print)(\s*[|/·]\s*(facebook|twitter|linkedin|email|print))+\s*$)", re.I)),
    ("masthead", re.compile(r"^(daily pharmacy news|advertisement|read more\s*:?$|related (articles|stories)\s*:?$)\s*$", re.I)),
    ("cookie", re.compile(r"^(we use cookies|this site uses cookies|accept (all )?cookies)", re.I)),
    # Page furniture seen in real news stories (fakehealth sample): ad slots, bylines, photo
    # captions, author contact lines, section stubs. None of them states a study figure.
    ("advertisement", re.compile(r"^(advertisement( continue reading the main story)?|ad|continue reading the main story|"
                                 r"story continues below advertisement)\s*$", re.I)),
    ("byline", re.compile(r"^([Bb]y( [A-Z][\w.'\-]+){1,4}( and( [A-Z][\w.'\-]+){1,4})?|HealthDay Reporter|"
                          r"([A-Z]\w+ )?([Ss]taff )?([Rr]eporter|[Cc]orrespondent|[Ww]riter))\s*$")),
    ("caption", re.compile(r"^(file photo\b|photo\s*$|photo:|image:|\(photo:|credit:|getty images\s*$)", re.I)),
    ("contact", re.compile(r"^(write to .{2,60} at \S+@\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w{2,30}|follow (us|me|him|her) on)\s*$", re.I)),
    ("furniture", re.compile(r"^(more information|en español|corrections (&|and) amplifications|_{3,}|-{3,}|\*{3,}|"
                             r"copyright\b.*|©.*|all rights reserved\.?|our standards:.*|"
                             r"reporting by .{2,120}(editing by .{2,120})?)\s*$", re.I)),
]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line-delimited paragraph, surrounding whitespace excluded."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def find_boilerplate(text: str) -> list[Span]:
    """Spans of paragraphs that are page furniture rather than reporting."""
    out: list[Span] = []
    for s, e in paragraph_spans(text):
        para = text[s:e]
        for label, pattern in _PARAGRAPH_RULES:
            if pattern.search(para):
                out.append(Span(start=s, end=e, label=label))
                break
    return out
