"""Fetch one PubMed record by PMID or DOI from NCBI E-utilities (efetch XML), for the existing
PubMed reader to read.

I/O at the edge: this module only turns an identifier into the record's XML bytes; reading them is
extract.readers' job, indexing them index's. The base URL is a setting (EVIDENCE_DESK_EUTILS), so
tests and mirrors can point elsewhere; nothing here runs unless a user asks for a record.
"""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

from lxml import etree

EUTILS_ENV = "EVIDENCE_DESK_EUTILS"
DEFAULT_EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
TIMEOUT_S = 10
MAX_BYTES = 5 * 1024 * 1024  # one abstract record is a few kilobytes

_PMID = re.compile(r"^(?:pmid\s*:?\s*)?(\d{1,9})$", re.I)
_DOI = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


class PubMedFetchError(Exception):
    """A record that could not be fetched; the message is one line that says what to do."""


def eutils_base() -> str:
    return os.environ.get(EUTILS_ENV, "").strip().rstrip("/") or DEFAULT_EUTILS


def parse_identifier(text: str) -> tuple[str, str]:
    """('pmid', '37133127') or ('doi', '10.1056/NEJMoa2214171'); ValueError for anything else."""
    raw = " ".join(str(text or "").split())
    if m := _PMID.match(raw):
        return "pmid", m.group(1)
    if m := _DOI.match(raw):
        return "doi", m.group(1).rstrip(".")
    raise ValueError(f"{raw!r} is neither a PubMed id (digits, e.g. 37133127) nor a DOI (e.g. 10.1056/NEJMoa2214171)")


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "evidence-desk/1 (PubMed record fetch)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise PubMedFetchError(f"PubMed answered {e.code} ({e.reason}) for {url}; check the id and try again.") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise PubMedFetchError(f"Could not reach PubMed at {eutils_base()} ({reason}): this machine seems to be "
                               "offline; save the record's XML from pubmed.ncbi.nlm.nih.gov and upload it instead.") from None
    if len(data) > MAX_BYTES:
        raise PubMedFetchError(f"PubMed sent more than {MAX_BYTES // (1024 * 1024)} MB for one record; not added.")
    return data


def pmid_for_doi(doi: str, *, base: str | None = None, timeout: float = TIMEOUT_S) -> str:
    """The PMID of a DOI, by an esearch on the [doi] field."""
    base = base or eutils_base()
    query = urllib.parse.urlencode({"db": "pubmed", "term": f"{doi}[doi]", "retmode": "json"})
    data = _get(f"{base}/esearch.fcgi?{query}", timeout)
    try:
        ids = json.loads(data)["esearchresult"]["idlist"]
    except (ValueError, KeyError, TypeError):
        raise PubMedFetchError("PubMed's search answer could not be read; try the PMID instead of the DOI.") from None
    if not ids:
        raise PubMedFetchError(f"PubMed has no record with the DOI {doi}.")
    return str(ids[0])


def fetch_pubmed_xml(identifier: str, *, base: str | None = None, timeout: float = TIMEOUT_S) -> tuple[str, bytes]:
    """(pmid, efetch XML of that one record). PubMedFetchError with a one-line message on failure;
    ValueError when the identifier is neither a PMID nor a DOI."""
    kind, value = parse_identifier(identifier)
    base = base or eutils_base()
    pmid = value if kind == "pmid" else pmid_for_doi(value, base=base, timeout=timeout)
    query = urllib.parse.urlencode({"db": "pubmed", "id": pmid, "retmode": "xml"})
    data = _get(f"{base}/efetch.fcgi?{query}", timeout)
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise PubMedFetchError(f"PubMed's answer for PMID {pmid} is not XML; try again later.") from None
    if root.tag != "PubmedArticleSet" or root.find("PubmedArticle") is None:
        raise PubMedFetchError(f"PubMed has no article with PMID {pmid}.")
    return pmid, data
