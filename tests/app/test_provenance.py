"""Issue 16 in the app (AppTest): a near-duplicate of a source whose figures disagree is a visible
warning in the chat answer, the verify card and the document view, naming where each copy came
from; the Documents tab shows every document's provenance (file, how and when added, sha256)."""

from __future__ import annotations

import hashlib
import re

from tests.app.test_harness import md_text, show, writable_app  # noqa: F401
from tests.app.test_remove import SHIPPED, ask, documents
from tests.app.test_upload import upload


def impostor_of(text: str) -> str:
    """The same story (same title line) with every percentage in the body changed."""
    head, body = text.split("\n", 1)
    return head + "\n" + re.sub(r"(\d+(?:\.\d+)?)%", lambda m: f"{float(m.group(1)) + 2:g}%", body)


def warnings(at) -> list[str]:
    return [md_text(w.value) for w in at.warning]


def test_a_disputed_copy_is_a_warning_in_chat_verify_and_documents_with_provenance(writable_app):
    at, corpus = writable_app
    original = (corpus / SHIPPED).read_text(encoding="utf-8")
    fake = impostor_of(original)
    assert fake != original
    upload(at, ("impostor.txt", fake.encode(), "text/plain"), kind="news")

    docs = documents(at)
    shipped = docs[docs["file"].str.endswith(SHIPPED)].iloc[0]
    uploaded = docs[docs["sha256"] == hashlib.sha256(fake.encode()).hexdigest()].iloc[0]
    assert shipped["sha256"] == hashlib.sha256((corpus / SHIPPED).read_bytes()).hexdigest()
    assert shipped["added"].startswith("from the corpus folder, ") and shipped["added"].endswith(" UTC")
    assert uploaded["added"].startswith("uploaded in the app, ")

    # the document view: where it came from, and the warning naming the other copy
    at.selectbox(key="doc_select").set_value(shipped["id"]).run()
    captions = [md_text(c.value) for c in at.caption]
    assert any(c.startswith(f"File: {SHIPPED} · from the corpus folder") and shipped["sha256"] in c for c in captions)
    [warning] = [w for w in warnings(at) if w.startswith("Disputed copy")]
    assert "different figures" in warning and uploaded["id"] in warning and "uploaded in the app" in warning

    # verify: a figure of the story is checked against one of the two copies, and the card warns
    sentence = next(s for s in re.split(r"(?<=\.)\s+", original.split("\n", 1)[1]) if re.search(r"\d+%", s))
    show(at, "Verify")
    at.text_area(key="verify_text").input(sentence)
    at.button(key="verify_go").click().run()
    assert not at.exception, at.exception
    verdict, _ = at.session_state["verify_result"]
    cited = {f.citation.doc_id for f in verdict.figures if f.citation is not None}
    assert cited & {shipped["id"], uploaded["id"]}, cited
    assert any(w.startswith("Disputed copy") for w in warnings(at)), warnings(at)

    # chat: an answer citing either copy carries the warning
    answer = ask(at, "What was the three-year event-free survival rate of KMT2A-rearranged ALL in infants?")
    assert {c.doc_id for c in answer.citations} & {shipped["id"], uploaded["id"]}, answer.text
    assert any(w.startswith("Disputed copy") for w in warnings(at)), warnings(at)


def test_source_text_in_the_warning_stays_text(writable_app):
    """A copy's title with Markdown and a web address is shown literally, never as a link."""
    at, corpus = writable_app
    story = ("Trial **results** at www.example.org [here](javascript:alert(1))\n\n"
             "In the trial, 41 of 120 patients (34.2%) had a response; median survival was 9.8 months.\n")
    upload(at, ("a.txt", story.encode(), "text/plain"), kind="news")
    upload(at, ("b.txt", story.replace("34.2%", "39.2%").encode(), "text/plain"), kind="news")
    docs = documents(at)
    first = docs[docs["sha256"] == hashlib.sha256(story.encode()).hexdigest()].iloc[0]
    at.selectbox(key="doc_select").set_value(first["id"]).run()
    raw = [w.value for w in at.warning if "Disputed copy" in w.value]
    assert raw, [w.value for w in at.warning]
    assert "](" not in raw[0] and "**" not in raw[0] and "www.example" not in raw[0]  # escaped, no autolink
    assert "Trial **results** at www" in md_text(raw[0]).replace("\u2060", "")
