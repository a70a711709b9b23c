"""Safe HTML and Markdown for source text.

Source text (uploaded or crawled) is untrusted: it may hold <script>, event handlers or Markdown
links to javascript:. Everything from a source goes through `html.escape` before it is wrapped in
our own tags, and through `escape_markdown` before it reaches any Streamlit call that parses
Markdown (labels, captions). Offsets are never shifted by escaping: we cut the raw text at span
boundaries first and escape each piece afterwards.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from answer.grounding import COMPUTED_OPEN
from index.terminal import no_autolinks

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it is the only way to
# be sure that no construct (links, emphasis, HTML, Streamlit's :color[] and $math$) survives.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&^%@;,?/])")

CSS = """
<style>
.ed-text { white-space: pre-wrap; line-height: 1.7; font-size: 0.95rem; }
.ed-text mark { padding: 0.05em 0.15em; border-radius: 0.25em; }
.ed-text mark.ed-cite { background: #ffe066; box-shadow: 0 0 0 2px #f59f00; }
.ed-text mark.ed-claim { background: #d0ebff; }
.ed-text mark.ed-claim.ed-cite { background: #ffe066; }
.ed-text mark.ed-figure { font-weight: 700; text-decoration: underline 2px #1c7ed6; }
.ed-text mark.supported { background: #d3f9d8; } .ed-text mark.contradicted { background: #ffe3e3; }
.ed-text mark.misleading { background: #fff3bf; } .ed-text mark.not_found { background: #e9ecef; }
.ed-text .ed-boiler { color: #868e96; background: #f1f3f5; text-decoration: line-through dotted; }
.ed-text .ed-label { font-size: 0.65em; font-weight: 600; text-transform: uppercase;
  margin-left: 0.3em; padding: 0 0.3em; border-radius: 0.2em; background: #1c7ed6; color: white;
  vertical-align: middle; }
.ed-text .ed-boiler .ed-label { background: #868e96; }
.ed-answer { line-height: 1.6; white-space: pre-wrap; }
.ed-answer sup.ed-ref { font-weight: 700; color: #1c7ed6; }
.ed-answer sup.ed-ref a { color: inherit; text-decoration: none; }
.ed-anchor { display: block; position: relative; top: -4rem; visibility: hidden; }
.ed-computed { font-style: italic; border-bottom: 1px dashed #868e96; }
.ed-computed::before { content: "computed: "; font-size: 0.8em; color: #868e96; }
.ed-card { border-left: 0.35rem solid #adb5bd; padding: 0.3rem 0.7rem; margin: 0.3rem 0; }
.ed-card.supported { border-color: #2f9e44; }
.ed-card.contradicted { border-color: #e03131; }
.ed-card.misleading { border-color: #f08c00; }
.ed-card.not_found { border-color: #868e96; }
.ed-status { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; }
.ed-status.supported { color: #2f9e44; } .ed-status.contradicted { color: #e03131; }
.ed-status.misleading { color: #f08c00; } .ed-status.not_found { color: #868e96; }
</style>
""".strip()


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally (for labels and captions); one line; web and
    e-mail addresses from sources are not turned into links (issue 16)."""
    return _MD_SPECIAL.sub(r"\\\1", no_autolinks(" ".join(str(text).split())))


def esc(text: object) -> str:
    """HTML-escape, quotes included (the result may land in an attribute); no auto-links."""
    return html.escape(no_autolinks(str(text)), quote=True)


@dataclass(frozen=True)
class Mark:
    """A range of the text to highlight. `css` picks the style; `label` is shown after the span
    (displaCy-like) and `title` on hover; both are escaped when rendered."""

    start: int
    end: int
    css: str
    label: str = ""
    title: str = ""
    anchor: str = ""


def highlight(text: str, marks: list[Mark], *, offset: int = 0) -> str:
    """Escaped `text` with each mark wrapped in <mark>/<span>. Marks may overlap: the text is cut
    at every boundary and each piece carries the classes of all marks covering it.

    `offset` is the document offset of text[0], so marks can stay in document coordinates.
    """
    n = len(text)
    starts: dict[int, list[tuple[int, Mark]]] = {}
    for i, m in enumerate(marks):
        s, e = max(0, m.start - offset), min(n, m.end - offset)
        if s < e:
            starts.setdefault(s, []).append((i, m))
    cuts = sorted({0, n, *starts, *(min(n, m.end - offset) for ms in starts.values() for _, m in ms)})
    active: dict[int, Mark] = {}  # marks covering the current piece, in input order
    out: list[str] = []
    # One sweep over the cut points keeps long documents with many claims linear in practice.
    for a, b in zip(cuts, cuts[1:]):
        for i, m in starts.get(a, []):
            active[i] = m
        for i in [i for i, m in active.items() if m.end - offset <= a]:
            del active[i]
        piece = esc(text[a:b])
        if not active:
            out.append(piece)
            continue
        covering = [active[i] for i in sorted(active)]
        classes = " ".join(sorted({c for m in covering for c in m.css.split()}))
        titles = "; ".join(dict.fromkeys(m.title for m in covering if m.title))
        anchor = next((m.anchor for m in covering if m.anchor and max(0, m.start - offset) == a), "")
        ident = f' id="{esc(anchor)}"' if anchor else ""
        hover = f' title="{esc(titles)}"' if titles else ""
        tag = "span" if all("ed-boiler" in m.css for m in covering) else "mark"
        # displaCy-style: a mark's label follows its last piece
        labels = "".join(f'<span class="ed-label">{esc(m.label)}</span>'
                         for m in covering if m.label and min(n, m.end - offset) == b)
        out.append(f'<{tag} class="{esc(classes)}"{hover}{ident}>{piece}{labels}</{tag}>')
    return "".join(out)


def text_block(inner_html: str) -> str:
    """Wrap already-escaped HTML in the styled, whitespace-preserving block."""
    return f'{CSS}<div class="ed-text">{inner_html}</div>'


_REF = re.compile(r"\[(\d{1,3})\]")
# answer/ marks arithmetic on cited figures as "{computed: 93.3 - 65.8 = 27.5}"; shown as such.
_COMPUTED = re.compile(re.escape(esc(COMPUTED_OPEN)) + r"([^{}]*)\}")


_QUOTED = re.compile("(\u201c[^\u201c\u201d]*\u201d)")


def inline_html(text: str, ref_prefix: str = "") -> str:
    """Escaped text from answer/ with its [n] markers as superscripts and computed arithmetic set apart.

    Brackets inside a verbatim quotation ("fever [4 events], infection [4]") are the source's own
    text, not our citation markers, and stay as written."""
    pieces = _QUOTED.split(esc(text))  # odd positions are quotations
    # With a prefix, a marker is a link to its citation (an anchor id="{prefix}-{n}" drawn with it).
    ref = (rf'<sup class="ed-ref"><a href="#{esc(ref_prefix)}-\1" title="go to citation \1">[\1]</a></sup>'
           if ref_prefix else r'<sup class="ed-ref">[\1]</sup>')
    body = "".join(p if i % 2 else _REF.sub(ref, p) for i, p in enumerate(pieces))
    return _COMPUTED.sub(r'<span class="ed-computed" title="computed from the cited figures">\1</span>', body)


def answer_html(text: str, ref_prefix: str = "") -> str:
    """An answer's text as a styled block (see inline_html)."""
    return f'{CSS}<div class="ed-answer">{inline_html(text, ref_prefix)}</div>'


def context_window(text: str, start: int, end: int, *, chars: int = 300) -> tuple[int, int]:
    """Bounds of a window around [start, end) widened to whitespace, for showing a span in context
    when no passage is available."""
    a = max(0, start - chars)
    b = min(len(text), end + chars)
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b
