"""Safe XML parsing and element text for the PubMed and JATS readers."""

from __future__ import annotations

from lxml import etree

from .builder import squeeze


class BadXml(ValueError):
    """Malformed XML, or XML of a kind we do not read."""


def parse_xml(data: bytes) -> etree._Element:
    """Parse without network, DTDs or entity expansion (no XXE, no billion laughs)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise BadXml(f"malformed XML ({e})") from None
    if root is None:
        raise BadXml("malformed XML (no root element)")
    _strip_namespaces(root)
    return root


def _strip_namespaces(root: etree._Element) -> None:
    # JATS may come namespaced (e.g. from OAI-PMH); the element names are what we match on.
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]


def records_of(root: etree._Element, tag: str) -> list[etree._Element]:
    """`root` itself when it is a `tag` element, else its `tag` children (a *Set wrapper)."""
    return [root] if root.tag == tag else root.findall(tag)


def single_record(root: etree._Element, tag: str, wrapper: str, plural: str) -> etree._Element:
    """The one `tag` record of the file; several are refused whole, so nothing is half-ingested."""
    records = records_of(root, tag)
    if not records:
        raise BadXml(f"a {wrapper} without a <{tag}> record")
    if len(records) > 1:
        raise BadXml(f"{len(records)} {plural} in one file; save one record per file")
    return records[0]


def text_of(el: etree._Element | None, skip: tuple[str, ...] = ()) -> str:
    """All text inside an element, whitespace squeezed; subelements named in `skip` left out."""
    if el is None:
        return ""
    if not skip:
        return squeeze("".join(el.itertext()))
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return squeeze("".join(parts))


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def iso_date(year: str, month: str = "", day: str = "") -> str:
    """'2024', '2024-05' or '2024-05-02' from the parts as XML gives them ('May' or '05')."""
    year = (year or "").strip()
    if not (len(year) == 4 and year.isdigit()):
        return ""
    month = (month or "").strip()
    m = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower(), 0)
    if not 1 <= m <= 12:
        return year
    day = (day or "").strip()
    d = int(day) if day.isdigit() else 0
    return f"{year}-{m:02d}-{d:02d}" if 1 <= d <= 31 else f"{year}-{m:02d}"
