"""Add from PubMed: E-utilities-shaped answers (esearch JSON, efetch PubMed XML) served from a local
HTTP server on loopback, never the outside network; the record is read by the existing PubMed reader
and indexed; offline, one clear line."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

import pytest

from tests.app.test_harness import md_text, show, writable_app  # noqa: F401
from tests.app.test_studies import eval_file

PMID = "29899952"  # our own number for the served record; the abstract text is real (Evidence Inference)
DOI = "10.22037/test.2018.1"


def abstract_parts() -> tuple[str, str]:
    text = eval_file("evidence_inference", "ev2_test_abstracts", "PMC5977143.abst").read_text()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[1]
    body = " ".join(ln for ln in lines[2:] if not ln.startswith("ABSTRACT"))
    return title, body


def pubmed_xml() -> bytes:
    title, body = abstract_parts()
    return (
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" '
        '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n'
        f'<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{PMID}</PMID>'
        '<Article PubModel="Print"><Journal><Title>Bulletin of emergency and trauma</Title>'
        '<JournalIssue><PubDate><Year>2018</Year><Month>Apr</Month></PubDate></JournalIssue></Journal>'
        f'<ArticleTitle>{escape(title)}</ArticleTitle><Abstract><AbstractText>{escape(body)}</AbstractText></Abstract>'
        '</Article></MedlineCitation><PubmedData><ArticleIdList>'
        f'<ArticleId IdType="pubmed">{PMID}</ArticleId><ArticleId IdType="doi">{DOI}</ArticleId>'
        '</ArticleIdList></PubmedData></PubmedArticle></PubmedArticleSet>\n'
    ).encode("utf-8")


class EUtils(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        EUtils.requests.append(self.path)
        if url.path.endswith("/esearch.fcgi"):
            ids = [PMID] if q.get("term") == f"{DOI}[doi]" else []
            body, kind = json.dumps({"esearchresult": {"count": str(len(ids)), "idlist": ids}}).encode(), "application/json"
        elif url.path.endswith("/efetch.fcgi") and q.get("id") == PMID and q.get("db") == "pubmed":
            body, kind = pubmed_xml(), "text/xml"
        elif url.path.endswith("/efetch.fcgi"):
            body, kind = b'<?xml version="1.0" ?>\n<PubmedArticleSet></PubmedArticleSet>\n', "text/xml"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def eutils_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EUtils)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/entrez/eutils"
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/entrez/eutils"


def test_identifiers_are_read_or_refused_with_the_forms_they_take():
    from index.pubmed_fetch import parse_identifier

    assert parse_identifier(" 37133127 ") == ("pmid", "37133127")
    assert parse_identifier("PMID: 37133127") == ("pmid", "37133127")
    assert parse_identifier("https://doi.org/10.1056/NEJMoa2214171") == ("doi", "10.1056/NEJMoa2214171")
    assert parse_identifier("doi:10.1056/NEJMoa2214171.") == ("doi", "10.1056/NEJMoa2214171")
    with pytest.raises(ValueError, match="neither a PubMed id"):
        parse_identifier("blinatumomab")


def test_fetch_by_pmid_and_by_doi_is_read_by_the_pubmed_reader(tmp_path):
    from extract.readers import read_document
    from index.pubmed_fetch import PubMedFetchError, fetch_pubmed_xml

    with eutils_server() as base:
        pmid, data = fetch_pubmed_xml(PMID, base=base)
        assert pmid == PMID
        assert fetch_pubmed_xml(f"doi:{DOI}", base=base) == (PMID, data)
        with pytest.raises(PubMedFetchError, match="no record with the DOI"):
            fetch_pubmed_xml("10.9999/none", base=base)
        with pytest.raises(PubMedFetchError, match="no article with PMID 1"):
            fetch_pubmed_xml("1", base=base)
    path = tmp_path / "record.xml"
    path.write_bytes(data)
    doc = read_document(path)
    title, body = abstract_parts()
    assert doc.title == title and "95% (n = 19)" in doc.text and doc.kind == "journal"


def test_offline_is_one_clear_line():
    from index.pubmed_fetch import PubMedFetchError, fetch_pubmed_xml

    with pytest.raises(PubMedFetchError) as e:
        fetch_pubmed_xml(PMID, base=closed_port_url(), timeout=3)
    message = str(e.value)
    assert "\n" not in message and message.startswith("Could not reach PubMed") and "upload it instead" in message


def test_add_from_pubmed_in_the_app(writable_app, monkeypatch):
    at, corpus = writable_app
    with eutils_server() as base:
        monkeypatch.setenv("EVIDENCE_DESK_EUTILS", base)
        show(at, "Upload")
        at.text_input(key="pubmed_id").input(PMID)
        at.button(key="pubmed_go").click().run()
        assert not at.exception, at.exception
    title, _ = abstract_parts()
    assert [md_text(s.value) for s in at.success] == [f"Added 1 document(s): {title}"]
    saved = list((corpus / "uploads").glob("*.xml"))
    assert len(saved) == 1 and saved[0].read_bytes() == pubmed_xml()
    assert json.loads(saved[0].with_suffix(".meta.json").read_text())["kind"] == "journal"

    monkeypatch.setenv("EVIDENCE_DESK_EUTILS", closed_port_url())
    at.text_input(key="pubmed_id").input("37133127")
    at.button(key="pubmed_go").click().run()
    [error] = [md_text(e.value) for e in at.error]
    assert error.startswith("Could not reach PubMed") and "offline" in error
