"""HTML news pages: the main text and metadata via trafilatura.

trafilatura drops scripts, styles, navigation, cookie and subscription banners and other page
furniture; we lay its paragraphs out one per block (blank line between) so offsets stay simple.
Anything that survives and is still furniture ("Share on Twitter") is marked by boilerplate rules.
"""

from __future__ import annotations

import logging
import re

import trafilatura

from ..models import Document
from .builder import TextBuilder, squeeze
from .text import decode_bytes
from settings import SETTINGS

# trafilatura logs every page it finds too short at WARNING; our callers get a clear error instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

MAX_HTML_BYTES = SETTINGS.max_html_bytes


class NoMainText(ValueError):
    """The page has no extractable article text."""


def read_html_bytes(data: bytes, path: str = "") -> Document:
    """Main text, title, outlet, date and URL of an HTML page."""
    if len(data) > MAX_HTML_BYTES:
        raise NoMainText(f"{len(data) // (1024 * 1024)} MB of HTML is over the {MAX_HTML_BYTES // (1024 * 1024)} MB page limit")
    html = decode_bytes(data)
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, deduplicate=False,
        )
    except Exception as e:  # trafilatura/lxml raise many types on broken markup
        raise NoMainText(f"the HTML could not be parsed ({type(e).__name__}: {e})") from None
    body = (getattr(result, "text", "") or "") if result is not None else ""
    if not body.strip():
        body = _fallback_text(html)
    if not body.strip():
        raise NoMainText("no article text found in the HTML page")

    title = squeeze(getattr(result, "title", "") or "") if result is not None else ""
    builder = TextBuilder()
    paragraphs = _blocks(body)
    # The headline carries figures too ("... with 81.6% disease-free survival"), so it belongs in the text.
    if title and not any(p == title for p in paragraphs[:3]):
        builder.add(title)
    for p in paragraphs:
        builder.add(p)
    text = builder.text()
    meta = {}
    if result is not None:
        meta = {
            "source": squeeze(result.sitename or result.hostname or ""),
            "published": (result.date or "")[:10],
            "url": result.url or "",
        }
    return Document(id=Document.make_id(text), text=text, title=title, kind="news", path=path, **meta)


_TABLE_RULE = re.compile(r"^\|(\s*:?-{2,}:?\s*\|)+$")


def _blocks(body: str) -> list[str]:
    """trafilatura's lines as paragraphs; consecutive table rows kept together as one block, one row
    per line with cells joined by " | " (as the JATS reader writes tables), markdown rules dropped."""
    out: list[str] = []
    in_table = False
    for line in body.split("\n"):
        line = squeeze(line)
        if not line or _TABLE_RULE.match(line):
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            row = " | ".join(squeeze(c) for c in line[1:-1].split("|"))
            if in_table:
                out[-1] += "\n" + row
            else:
                out.append(row)
            in_table = True
            continue
        in_table = False
        out.append(line)
    return out


_FURNITURE = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "iframe",
              "svg", "button", "select")


def _fallback_text(html: str) -> str:
    """Visible text of a page too short for trafilatura's article detection, page furniture dropped."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.document_fromstring(html)
        for el in list(tree.iter(*_FURNITURE)):
            el.drop_tree()
        _, text, _ = trafilatura.baseline(lxml_html.tostring(tree, encoding="unicode"))
    except Exception:  # broken markup: nothing we can trust
        return ""
    return text or ""
