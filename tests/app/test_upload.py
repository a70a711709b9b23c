"""Upload in the app (AppTest) on a private corpus copy and index: a good file becomes citable,
bad files get a clear message and leave nothing behind."""

from __future__ import annotations

import hashlib
import json

from tests.app.test_harness import answer_blocks, cited_spans, md_text, page_text, show, writable_app  # noqa: F401

STORY = (
    "Zanubrutinib Trial Reports Response in Lymphoma\n\n"
    "In the ALPINE-X trial, 204 patients with relapsed lymphoma were randomly assigned. "
    "The overall response rate was 78.3% (95% CI, 71.2 to 84.4) with zanubrutinib, "
    "as compared with 62.5% (95% CI, 55.0 to 69.6) with ibrutinib.\n"
)


def upload(at, *files: tuple[str, bytes, str], kind: str = "") -> None:
    show(at, "Upload")
    at.file_uploader(key="upload_files").set_value(list(files))
    if kind:
        at.selectbox(key="upload_kind").set_value(kind)
    at.button(key="FormSubmitter:upload_form-Add to the index").click().run()
    assert not at.exception, at.exception


def test_uploaded_story_is_indexed_and_answers_with_a_citation(writable_app):
    at, corpus = writable_app
    shipped = sorted(p.name for p in corpus.iterdir())
    upload(at, ("alpine-x.txt", STORY.encode(), "text/plain"), kind="news")
    assert [md_text(s.value) for s in at.success] == [
        "Added 1 document(s): Zanubrutinib Trial Reports Response in Lymphoma"]
    # the page is drawn again after an add (so the study pickers know the new document); the
    # message stays, the finished progress bar goes
    assert not at.get("progress")
    saved = corpus / "uploads" / (hashlib.sha256(STORY.encode()).hexdigest()[:16] + ".txt")
    assert saved.read_text() == STORY
    assert sorted(p.name for p in corpus.iterdir()) == sorted(shipped + ["uploads"])

    show(at, "Documents")
    assert "Zanubrutinib Trial Reports Response in Lymphoma" in set(at.dataframe[0].value["document"])
    assert "3 documents in the index" in page_text(at)

    show(at, "Chat")
    at.chat_input(key="chat_input").set_value("What was the overall response rate with zanubrutinib?").run()
    [shown] = answer_blocks(at)
    assert "78.3%" in shown
    assert any("78.3% (95% CI, 71.2 to 84.4)" in m for m in cited_spans(at))
    assert any("Zanubrutinib Trial Reports Response in Lymphoma" in e.label and "news" in e.label for e in at.expander)

    # the same bytes again: recognised, not indexed twice
    upload(at, ("copy-of-alpine-x.txt", STORY.encode(), "text/plain"))
    assert [md_text(i.value) for i in at.info] == ["1 document(s) were already in the index."]


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_html_and_pdf_uploads_are_added_and_script_is_not_kept(writable_app):
    at, corpus = writable_app
    page = ("<html><head><title>Zanubrutinib in lymphoma</title></head><body><h1>Zanubrutinib in lymphoma</h1>"
            "<p>The overall response rate was 78.3% (95% CI, 71.2 to 84.4) with zanubrutinib.</p>"
            "<script>alert(1)</script><img src=x onerror=alert(1)></body></html>")
    paper = "Acalabrutinib in CLL\n\nProgression-free survival at 24 months was 87.2% with acalabrutinib."
    upload(at, ("story.html", page.encode(), "text/html"), ("paper.pdf", _pdf(paper), "application/pdf"),
           kind="journal")
    [done] = [md_text(s.value) for s in at.success]
    assert done.startswith("Added 2 document(s): ")
    assert sorted(p.suffix for p in (corpus / "uploads").glob("*") if not p.name.endswith(".meta.json")) == [".html", ".pdf"]
    show(at, "Documents")
    docs = at.dataframe[0].value
    added = docs[docs["kind of source"] == "Journal paper or abstract"]
    assert len(added) == 2
    text = "\n".join(h.value for h in at.html)
    assert "<script>" not in text and "<img" not in text


def test_bad_files_get_a_clear_message_and_leave_nothing(writable_app):
    at, corpus = writable_app
    upload(
        at,
        ("notes.docx", b"PK\x03\x04 not for us", "application/octet-stream"),
        ("empty.txt", b"", "text/plain"),
        ("fake.pdf", b"this is not a PDF at all", "application/pdf"),
        ("binary.txt", bytes(range(256)) * 8, "text/plain"),
    )
    errors = [md_text(e.value) for e in at.error]
    assert errors[0].startswith("notes.docx: unsupported file type (.docx); upload ")
    assert all(s in errors[0] for s in (".txt", ".html", ".pdf", ".xml"))
    assert errors[1] == "empty.txt: the file is empty"
    assert any(e.startswith("fake.pdf: not added — ") for e in errors), errors
    assert not any("uploads/" in e for e in errors), errors  # named as uploaded, not by our hash name
    assert any(e.startswith("binary.txt: not added — ") for e in errors), errors
    assert len(errors) == 4 and not at.success
    assert not list((corpus / "uploads").glob("*")), "refused files must not stay in corpus/uploads"
    show(at, "Documents")
    assert len(at.dataframe[0].value) == 2


def test_oversized_file_is_refused_before_saving(writable_app):
    at, corpus = writable_app
    upload(at, ("huge.txt", b"a" * (20 * 1024 * 1024 + 1), "text/plain"))
    assert [md_text(e.value) for e in at.error] == ["huge.txt: 20.0 MB is over the 20 MB upload limit"]
    assert not (corpus / "uploads").exists()


def test_submit_without_files_asks_for_one(writable_app):
    at, _ = writable_app
    show(at, "Upload")
    at.button(key="FormSubmitter:upload_form-Add to the index").click().run()
    assert [w.value for w in at.warning] == ["Choose at least one file first."]


def test_simultaneous_saves_of_the_same_bytes_leave_one_intact_file(tmp_path):
    """Two sessions uploading the same file at the same moment: both saves succeed, the stored file
    holds exactly the uploaded bytes and no temporary file is left beside it. Repeated, because a
    collision on a shared temporary name only shows when the two writes overlap."""
    import threading

    from webui.uploads import save_upload

    # Large enough (4 MB) that two writes overlap; each round uses different bytes so it writes anew.
    for round_no in range(15):
        data = (f"round {round_no}\n".encode() + STORY.encode()) * 20_000
        folder = tmp_path / f"round-{round_no}" / "uploads"
        start = threading.Barrier(2)
        results, errors = [], []

        def save(name: str) -> None:
            start.wait()
            try:
                results.append(save_upload(name, data, folder, kind="news"))
            except Exception as exc:  # noqa: BLE001 - the failure we are looking for
                errors.append(exc)

        threads = [threading.Thread(target=save, args=(n,)) for n in ("a.txt", "b.txt")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        expected = folder / (hashlib.sha256(data).hexdigest()[:16] + ".txt")
        assert [r.path for r in results] == [expected, expected] and not any(r.error for r in results)
        assert expected.read_bytes() == data
        assert sorted(p.name for p in folder.iterdir()) == sorted([expected.name, expected.stem + ".meta.json"])
        assert json.loads((folder / (expected.stem + ".meta.json")).read_text()) == {"kind": "news"}
