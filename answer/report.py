"""A fact-check report of a whole text: every figure and every statement with its verdict, the
source figure and the cited passage, plus what was not checked. Markdown, CSV and JSON out.

The checking is verify's, paragraph by paragraph (so a sentence keeps the context of the paragraph
that names its study); this module only cuts the text, gathers the verdicts per sentence and
renumbers the citations across the whole report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Literal, Optional

from pydantic import BaseModel, Field

from extract import sentence_spans
from extract.models import Citation, Document, Status, Verdict

from .sentence_figures import MAX_CHARS

RowType = Literal["figure", "statement"]
_SEVERITY = {"contradicted": 3, "misleading": 2, "not_found": 1, "supported": 0}

# The verdicts in words, as a fact-check would print them.
STATUS_WORDS = {
    "supported": "supported by the sources",
    "contradicted": "contradicted by the sources",
    "misleading": "misleading as worded",
    "not_found": "not in the sources",
}


class ReportRow(BaseModel):
    """One checked figure, or one statement without figures that the sources decide."""

    n: int = Field(description="Row number in the report, from 1.")
    type: RowType
    sentence: str = Field(description="The sentence of the checked text that holds it.")
    start: int = Field(description="Offset of the sentence in the checked text.")
    end: int
    figure: str = Field("", description="The figure as written ('' for a statement).")
    figure_start: int = Field(0, description="Offset of the figure in the checked text.")
    figure_end: int = 0
    status: str
    status_words: str
    explanation: str = Field("", description="Why; [n] markers point into Report.citations.")
    source_figure: str = ""
    citation: Optional[Citation] = None
    mark_start: int = Field(0, description="Where the deciding source figure sits inside citation.quote.")
    mark_end: int = 0


class Unchecked(BaseModel):
    """A sentence the report could not decide: no figure, and no source sentence states it."""

    sentence: str
    start: int
    end: int
    reason: str


class Report(BaseModel):
    title: str = ""
    doc_id: str = Field("", description="The indexed document reported on, when one was picked.")
    verdict: str = Field("not_found", description="The most serious status among the rows.")
    counts: dict[str, int] = Field(default_factory=dict, description="Rows per status.")
    rows: list[ReportRow] = Field(default_factory=list)
    unchecked: list[Unchecked] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


def report_text(text: str, idx, *, title: str = "") -> Report:
    """The report on a pasted text (a paragraph or a whole article)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("report needs some text: paste a paragraph or an article, or name an indexed document")
    return _report(text, _sentences(text, []), idx, title=title)


def report_document(doc: Document, idx) -> Report:
    """The report on a document (an indexed news story): its citable sentences only, checked
    against the other sources (a story does not confirm itself)."""
    rep = _report(doc.text, _sentences(doc.text, doc.boilerplate), SourcesWithout(idx, doc.id), title=doc.title)
    return rep.model_copy(update={"doc_id": doc.id})


class SourcesWithout:
    """The index as verify sees it, minus one document (the one being checked)."""

    def __init__(self, idx, doc_id: str):
        self.idx, self.doc_id = idx, doc_id

    def contents(self):
        docs, claims = self.idx.contents()
        return [d for d in docs if d.id != self.doc_id], [c for c in claims if c.doc_id != self.doc_id]

    def documents(self):
        return [d for d in self.idx.documents() if d.id != self.doc_id]

    def document(self, doc_id: str):
        return None if doc_id == self.doc_id else self.idx.document(doc_id)

    def claims(self, doc_id: str | None = None):
        return [c for c in self.idx.claims(doc_id) if c.doc_id != self.doc_id]

    def search(self, query: str, k: int = 10, **kw):
        hits = self.idx.search(query, k=k + 10, **kw)
        return [h for h in hits if h.doc_id != self.doc_id][:k]

    def passage_containing(self, doc_id: str, start: int, end: int):
        return self.idx.passage_containing(doc_id, start, end)


def _sentences(text: str, boilerplate) -> list[tuple[int, int]]:
    spans = [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()]
    return [(s, e) for s, e in spans if not any(b.start < e and s < b.end for b in boilerplate)]


def _chunks(text: str, sentences: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Consecutive sentences grouped by paragraph (a blank line or a line break between them),
    merged up to verify's character limit, so a sentence is checked with its paragraph's context."""
    groups: list[list[tuple[int, int]]] = []
    for s, e in sentences:
        if groups:
            first, last = groups[-1][0][0], groups[-1][-1][1]
            same_paragraph = "\n" not in text[last:s]
            if same_paragraph and e - first <= MAX_CHARS:
                groups[-1].append((s, e))
                continue
        groups.append([(s, e)])
    return groups


_REF = re.compile(r"\[(\d{1,3})\]")


class _Citations:
    """The report's citations, numbered once across all chunks."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._by_span: dict[tuple[str, int, int], int] = {}

    def add(self, c: Citation) -> int:
        key = (c.doc_id, c.start, c.end)
        if key not in self._by_span:
            self.items.append(c.model_copy(update={"n": len(self.items) + 1}))
            self._by_span[key] = len(self.items)
        return self._by_span[key]

    def renumber(self, explanation: str, verdict: Verdict) -> str:
        local = {c.n: self.add(c) for c in verdict.citations}
        return _REF.sub(lambda m: f"[{local.get(int(m.group(1)), m.group(1))}]", explanation)


def _report(text: str, sentences: list[tuple[int, int]], idx, *, title: str) -> Report:
    from .verify import verify

    cits = _Citations()
    rows: list[ReportRow] = []
    unchecked: list[Unchecked] = []
    for group in _chunks(text, sentences):
        a, b = group[0][0], group[-1][1]
        verdict = verify(text[a:b], idx)
        for f in verdict.figures:
            s, e = next(((s, e) for s, e in group if s <= a + f.start < e), (a, b))
            citation, mark = None, (0, 0)
            if f.citation is not None:
                n = cits.add(f.citation)
                citation = cits.items[n - 1]
                if f.claim is not None and f.citation.start <= f.claim.start and f.claim.end <= f.citation.end:
                    mark = (f.claim.start - f.citation.start, f.claim.end - f.citation.start)
            rows.append(ReportRow(
                n=0, type="figure", sentence=text[s:e], start=s, end=e, figure=f.figure,
                figure_start=a + f.start, figure_end=a + f.end, status=f.status,
                status_words=STATUS_WORDS.get(f.status, f.status), explanation=cits.renumber(f.explanation, verdict),
                source_figure=f.source_figure, citation=citation, mark_start=mark[0], mark_end=mark[1]))
        with_figures = {(s, e) for s, e in group if any(s <= a + f.start < e for f in verdict.figures)}
        for s, e in group:
            if (s, e) in with_figures:
                continue
            statement = verify(text[s:e], idx)
            if statement.verdict == Status.NOT_FOUND:
                unchecked.append(Unchecked(sentence=text[s:e], start=s, end=e, reason=statement.explanation))
                continue
            citation = cits.items[cits.add(statement.citations[0]) - 1] if statement.citations else None
            rows.append(ReportRow(
                n=0, type="statement", sentence=text[s:e], start=s, end=e, status=statement.verdict,
                status_words=STATUS_WORDS.get(statement.verdict, statement.verdict),
                explanation=cits.renumber(statement.explanation, statement), citation=citation))
    rows.sort(key=lambda r: (r.start, r.figure_start))
    rows = [r.model_copy(update={"n": i}) for i, r in enumerate(rows, start=1)]
    counts = {s: sum(r.status == s for r in rows) for s in _SEVERITY if any(r.status == s for r in rows)}
    verdict = max((r.status for r in rows), key=lambda s: _SEVERITY[s], default="not_found")
    return Report(title=title, verdict=verdict, counts=counts, rows=rows, unchecked=unchecked,
                  citations=cits.items)


# ---- output ------------------------------------------------------------------------------------------

def summary(rep: Report) -> str:
    """One line: the verdict and the count per status, plus what was not checked."""
    parts = [f"{n} {STATUS_WORDS[s]}" for s, n in rep.counts.items()]
    figures = sum(r.type == "figure" for r in rep.rows)
    line = f"{figures} figure(s) and {len(rep.rows) - figures} statement(s) checked"
    if parts:
        line += ": " + ", ".join(parts)
    return line + f"; {len(rep.unchecked)} sentence(s) not checked."


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """Source text made literal in Markdown, on one line (edge spaces kept: pieces are joined)."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _marked_md(text: str, a: int, b: int) -> str:
    if b <= a:
        return _md(text)
    return f"{_md(text[:a])}**{_md(text[a:b])}**{_md(text[b:])}"


def to_markdown(rep: Report) -> str:
    """The report as Markdown, ready to paste into a fact-check."""
    out = [f"# Fact-check report{': ' + _md(rep.title).strip() if rep.title else ''}", "",
           f"**Overall: {STATUS_WORDS.get(rep.verdict, rep.verdict)}.** {summary(rep)}", ""]
    if rep.rows:
        out += ["## Checked", ""]
    for r in rep.rows:
        what = f"“{_md(r.figure)}”" if r.type == "figure" else "Statement"
        out.append(f"{r.n}. {what}: **{r.status_words}**")
        out.append(f"   - In the text: “{_marked_md(r.sentence, r.figure_start - r.start, r.figure_end - r.start)}”")
        if r.source_figure:
            out.append(f"   - Source figure: {_md(r.source_figure)}")
        if r.explanation:
            out.append(f"   - Why: {_md(r.explanation)}")
        if r.citation:
            c = r.citation
            where = f"{_md(c.title or c.doc_id)} ({_md(c.kind or 'source')}), characters {c.start}–{c.end}"
            out.append(f"   - Source [{c.n}]: {where}")
            out.append(f"   - Passage: “{_marked_md(c.quote, r.mark_start, r.mark_end)}”")
        out.append("")
    out += ["## Not checked", ""]
    if rep.unchecked:
        out += [f"- “{_md(u.sentence).strip()}” — {_md(u.reason).strip()}" for u in rep.unchecked]
    else:
        out.append("Every sentence was checked.")
    return "\n".join(out) + "\n"


CSV_COLUMNS = ["row", "type", "sentence", "figure", "verdict", "verdict_in_words", "source_figure", "explanation",
               "source_title", "source_kind", "doc_id", "start", "end", "passage", "figure_in_passage"]


def to_csv(rep: Report) -> str:
    """One line per figure or statement, then one per sentence not checked (verdict 'not checked')."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in rep.rows:
        c = r.citation
        w.writerow([r.n, r.type, r.sentence, r.figure, r.status, r.status_words, r.source_figure, r.explanation,
                    c.title if c else "", c.kind if c else "", c.doc_id if c else "", c.start if c else "",
                    c.end if c else "", c.quote if c else "", c.quote[r.mark_start:r.mark_end] if c else ""])
    for u in rep.unchecked:
        w.writerow(["", "not checked", u.sentence, "", "not_checked", "not checked", "", u.reason] + [""] * 7)
    return buf.getvalue()


def to_json(rep: Report) -> str:
    return json.dumps(rep.model_dump(mode="json"), ensure_ascii=False)
