"""Cut a document into passages: runs of whole sentences sized for MiniLM, never over boilerplate.

A passage is what is embedded and cited, so it holds exact offsets
(`doc.text[p.start:p.end] == p.text`) and never includes a span marked as boilerplate.
"""

from __future__ import annotations

import re

from extract.models import Document, Passage, content_id

from .extraction import sentence_spans
from settings import SETTINGS

MAX_SENTENCES = SETTINGS.passage_sentences
# MiniLM truncates at 256 word pieces; numbers and rare words split into several pieces,
# so keep an estimated margin (see estimate_pieces).
MAX_PIECES = SETTINGS.passage_max_pieces
PASSAGE_SCHEME = f"sentences<={MAX_SENTENCES},pieces<={MAX_PIECES},v1"

_PIECE = re.compile(r"[A-Za-z]+|\d|[^\sA-Za-z\d]")


def estimate_pieces(text: str) -> int:
    """A cheap upper-ish estimate of word pieces: long words split, each digit and symbol counts."""
    n = 0
    for m in _PIECE.finditer(text):
        tok = m.group()
        n += 1 + (len(tok) - 1) // 6 if tok[0].isalpha() else 1
    return n


def citable_segments(doc: Document) -> list[tuple[int, int]]:
    """The text between boilerplate spans, as (start, end) offsets."""
    cuts = sorted((b.start, b.end) for b in doc.boilerplate)
    out, pos = [], 0
    for s, e in cuts:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < len(doc.text):
        out.append((pos, len(doc.text)))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _split_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split an over-long sentence at whitespace so the model sees all of it."""
    if estimate_pieces(text[s:e]) <= MAX_PIECES:
        return [(s, e)]
    out, start = [], s
    words = [m.end() for m in re.finditer(r"\S+", text[s:e])]
    last = start
    for w_end in words:
        end = s + w_end
        if estimate_pieces(text[start:end]) > MAX_PIECES and last > start:
            out.append(_trim(text, start, last))
            start = last
        last = end
    out.append(_trim(text, start, e))
    return [(a, b) for a, b in out if b > a]


def citable_sentences(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, segment number) of each sentence piece that lies outside boilerplate."""
    segments = citable_segments(doc)
    spans = sentence_spans(doc.text)
    out = []
    for seg_no, (seg_s, seg_e) in enumerate(segments):
        for s, e in spans:
            s, e = max(s, seg_s), min(e, seg_e)
            if e <= s:
                continue
            # a sentence never runs over a line break: paragraphs are separate in news pages
            for m in re.finditer(r"[^\n]+", doc.text[s:e]):
                ps, pe = _trim(doc.text, s + m.start(), s + m.end())
                if pe > ps:
                    out.extend((a, b, seg_no) for a, b in _split_long(doc.text, ps, pe))
    out.sort()
    return out


def make_passages(doc: Document) -> list[Passage]:
    """Group consecutive citable sentences into passages of at most MAX_SENTENCES / MAX_PIECES."""
    text = doc.text
    passages: list[Passage] = []
    group: list[tuple[int, int]] = []
    group_seg = -1

    def flush():
        if group:
            s, e = group[0][0], group[-1][1]
            passages.append(Passage(id=content_id(doc.id, s, e), doc_id=doc.id, start=s, end=e, text=text[s:e]))
            group.clear()

    for s, e, seg in citable_sentences(doc):
        if group and (seg != group_seg or len(group) >= MAX_SENTENCES
                      or estimate_pieces(text[group[0][0]:e]) > MAX_PIECES):
            flush()
        group.append((s, e))
        group_seg = seg
    flush()
    return passages


def embed_text(doc: Document, passage: Passage) -> str:
    """What the model sees for a passage: its text only (the title is not repeated; see the
    SciFact evaluation for the comparison)."""
    return passage.text
