"""Removing a document in the app (AppTest) on a private corpus copy and index: an upload leaves the
index, the sources, the evidence table, the answers and corpus/uploads; a shipped document leaves the
index only and the page says it returns on a rebuild."""

from __future__ import annotations

from tests.reliability_index_checks import assert_index_whole
from tests.app.test_harness import md_text, show, writable_app  # noqa: F401
from tests.app.test_upload import upload

# The title carries Markdown and HTML: every message that names it must show it literally.
TITLE = "Zanubrutinib *Trial* <b>Reports</b> [Response](javascript:alert(1)) in Lymphoma"
STORY = (
    f"{TITLE}\n\n"
    "In the ALPINE-X trial, 204 patients with relapsed lymphoma were randomly assigned. "
    "The overall response rate was 78.3% (95% CI, 71.2 to 84.4) with zanubrutinib, "
    "as compared with 62.5% (95% CI, 55.0 to 69.6) with ibrutinib.\n"
)
QUESTION = "What was the overall response rate with zanubrutinib?"
SHIPPED = "medical-dialogues_blinatumomab-infant-all.txt"


def documents(at):
    show(at, "Documents")
    return next(d.value for d in at.dataframe if "file" in d.value.columns)


def sources(at) -> str:
    """The sidebar's list of sources, as shown."""
    return "\n".join(md_text(e.value) for kind in (at.sidebar.markdown, at.sidebar.caption) for e in kind)


def ask(at, question: str):
    show(at, "Chat")
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception, at.exception
    return at.session_state["chat_history"][-1]["answer"]


def remove(at, doc_id: str) -> list[str]:
    """Select the document, read the confirmation, tick it, press the button. Returns the
    confirmation text and the tick box's label as sent to the page (Markdown source)."""
    show(at, "Documents")
    at.selectbox(key="doc_select").set_value(doc_id).run()
    [form] = [e for e in at.expander if e.label == "Remove this document from the index"]
    [confirmation] = [m.value for m in form.markdown]
    label = at.checkbox(key=f"remove_ok-{doc_id}").label
    assert at.button(key="remove_doc").disabled, "the button must wait for the tick"
    at.checkbox(key=f"remove_ok-{doc_id}").check().run()
    assert not at.button(key="remove_doc").disabled
    at.button(key="remove_doc").click().run()
    assert not at.exception, at.exception
    return [confirmation, label]


def test_removing_an_upload_takes_it_out_of_index_sources_table_answers_and_folder(writable_app):
    at, corpus = writable_app
    index_dir = corpus.parent / "index"
    upload(at, ("alpine-x.txt", STORY.encode(), "text/plain"), kind="news")
    docs = documents(at)
    [doc_id] = docs[docs["document"] == TITLE]["id"]
    uploads = corpus / "uploads"
    assert sorted(p.suffix for p in uploads.iterdir()) == [".json", ".txt"]  # the file and its kind sidecar
    assert "3 documents in the index" in sources(at) and TITLE in sources(at)
    before = ask(at, QUESTION)
    assert doc_id in {c.doc_id for c in before.citations} and "78.3%" in before.text

    sent = remove(at, doc_id)
    confirmation, label = map(md_text, sent)
    assert label == f"Yes, remove {TITLE}"
    assert confirmation.startswith(f"“{TITLE}” was uploaded. Removing it takes it out of the index and deletes its file")
    assert "does not bring it back" in confirmation
    assert [md_text(s.value) for s in at.success] == [f"Removed “{TITLE}” from the index and deleted its uploaded file."]
    raw = "\n".join(sent + [m.value for kind in (at.markdown, at.success, at.caption) for m in kind])
    assert "[Response](" not in raw and "<b>" not in raw and "*Trial*" not in raw, "the title must be escaped"

    # gone from the index on disk, the uploads folder, the sources list, the documents and evidence tables
    assert doc_id not in assert_index_whole(index_dir)
    assert not list(uploads.iterdir())
    assert "2 documents in the index" in sources(at) and TITLE not in sources(at)
    assert doc_id not in set(documents(at)["id"])
    show(at, "Evidence table")
    table = next(d.value for d in at.dataframe if "quote" in d.value.columns)
    assert len(table) > 0 and TITLE not in set(table["document"])
    assert not any("78.3%" in q for q in table["quote"])

    # the same question now cites nothing from the removed story; no other source mentions
    # zanubrutinib, so it abstains
    after = ask(at, QUESTION)
    assert doc_id not in {c.doc_id for c in after.citations}
    assert after.abstained, after.text
    assert "78.3%" not in after.text
    # the earlier answer's citation is still readable and says its source is gone
    assert any(w.value.startswith("This source is no longer in the index") for w in at.warning)


def test_removing_a_shipped_document_says_it_returns_on_a_rebuild(writable_app):
    at, corpus = writable_app
    index_dir = corpus.parent / "index"
    docs = documents(at)
    [doc_id] = docs[docs["file"].str.endswith(SHIPPED)]["id"]
    [title] = docs[docs["id"] == doc_id]["document"]
    assert title in sources(at)

    confirmation = md_text(remove(at, doc_id)[0])
    assert "shipped corpus file" in confirmation and "removed from the index only" in confirmation
    assert "returns when the index is rebuilt" in confirmation
    [done] = [md_text(s.value) for s in at.success]
    assert done == (f"Removed “{title}” from the index. Its file is part of the shipped corpus, so it returns when "
                    "the index is rebuilt.")

    assert (corpus / SHIPPED).exists(), "a shipped file is never deleted"
    assert doc_id not in assert_index_whole(index_dir)
    assert list(documents(at)["id"]) == [d for d in docs["id"] if d != doc_id]
    assert "1 document in the index" in sources(at) and title not in sources(at)
    # the selection moved on to a document that is still there
    assert at.selectbox(key="doc_select").value != doc_id
