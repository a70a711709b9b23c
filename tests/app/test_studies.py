"""Studies in the app (AppTest): a news story and its journal abstract uploaded one after the other
are linked to one study, and the audit compares the story with the paper, in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.test_harness import md_text, page_text, show, writable_app  # noqa: F401

REPO = Path(__file__).resolve().parents[2]


def eval_file(*parts: str) -> Path:
    """A file of the shared evaluation data (read in place, never copied into the repo)."""
    for root in (REPO.parent / "shared" / "eval", REPO.parent.parent / "shared" / "eval"):
        if root.joinpath(*parts).exists():
            return root.joinpath(*parts)
    pytest.fail(f"evaluation data {'/'.join(parts)} not found beside the repo")


# A real randomised-trial abstract (Evidence Inference 2.0 test set) is the journal source; the news
# story is ours: one figure copied right (95%), one wrong (60% where the paper says 50%).
JOURNAL = ("evidence_inference", "ev2_test_abstracts", "PMC5977143.abst")
NEWS = (
    "Old heart drug gets bowels moving after surgery\n\n"
    "Patients given oral pyridostigmine after abdominal surgery recovered from ileus sooner. "
    "In the trial of 40 patients, 95% of those given pyridostigmine responded to treatment within 24 hours. "
    "In the starch group, only 60% responded within 24 hours.\n"
)
STUDY_NAME = "Pyridostigmine for ileus after abdominal surgery"


def upload(at, name: str, data: bytes, *, kind: str, study: str | None = None, new_study: str = "") -> None:
    show(at, "Upload")
    at.file_uploader(key="upload_files").set_value([(name, data, "text/plain")])
    at.selectbox(key="upload_kind").set_value(kind)
    if study is not None:
        at.selectbox(key="upload-study").set_value(study)
    if new_study:
        at.text_input(key="upload-study-name").input(new_study)
    at.button(key="FormSubmitter:upload_form-Add to the index").click().run()
    assert not at.exception, at.exception


def doc_titled(at, corpus_words: str):
    import os

    from index import ClaimIndex
    from webui.resources import index_dir  # noqa: F401  (the env points the app at the test index)

    idx = ClaimIndex.open(os.environ["EVIDENCE_DESK_INDEX"])
    try:
        return next(d for d in idx.documents() if corpus_words in d.title)
    finally:
        idx.close()


def test_news_and_journal_linked_in_upload_then_audited_in_words(writable_app):
    at, corpus = writable_app
    journal = eval_file(*JOURNAL).read_bytes()
    upload(at, "ileus-story.txt", NEWS.encode(), kind="news", new_study=STUDY_NAME)
    assert [md_text(s.value) for s in at.success][0].startswith("Added 1 document(s)")
    # the study is offered by name for the second upload
    options = at.run().selectbox(key="upload-study").options
    assert STUDY_NAME in options
    upload(at, "pyridostigmine.abst", journal, kind="journal", study="pyridostigmine-for-ileus-after-abdominal-surgery")

    news = doc_titled(at, "Old heart drug")
    paper = doc_titled(at, "Pyridostigmine")
    assert news.study == paper.study == "pyridostigmine-for-ileus-after-abdominal-surgery"
    assert (news.kind, paper.kind) == ("news", "journal")
    assert news.study_title == STUDY_NAME
    # kept in the sidecar, so a rebuild keeps the link
    side = json.loads(next((corpus / "uploads").glob("*.abst")).with_suffix(".meta.json").read_text())
    assert side["study"] == paper.study and side["kind"] == "journal"

    show(at, "Documents")
    at.selectbox(key="doc_select").set_value(news.id).run()
    audit = next(d.value for d in at.dataframe if "figure in this story" in d.value.columns)
    said = dict(zip(audit["figure in this story"], audit["what the other sources say"]))
    assert said["95%"] == "agrees with the journal"
    assert said["60%"] == "differs: the journal says 50%"
    # compared with the paper's figure for the same group (starch), not another 50% that names none
    passages = dict(zip(audit["figure in this story"], audit["passage"]))
    assert "in the starch group, only 50% (n = 10) responded" in passages["60%"]
    assert "only_here" not in page_text(at) and "No journal source" not in page_text(at)


def test_study_set_in_documents_tab_and_audit_note_shown(writable_app):
    at, corpus = writable_app
    upload(at, "ileus-story.txt", NEWS.encode(), kind="news")
    news = doc_titled(at, "Old heart drug")
    show(at, "Documents")
    at.selectbox(key="doc_select").set_value(news.id).run()
    # alone in its study: the audit says so in a note, and every figure is 'only in this story'
    assert "No other source of this study is in the index" in page_text(at)
    audit = next(d.value for d in at.dataframe if "figure in this story" in d.value.columns)
    assert set(audit["what the other sources say"]) == {"only in this story"}

    upload(at, "pyridostigmine.abst", eval_file(*JOURNAL).read_bytes(), kind="journal")
    paper = doc_titled(at, "Pyridostigmine")
    show(at, "Documents")
    for doc in (news, paper):
        at.selectbox(key="doc_select").set_value(doc.id).run()
        at.selectbox(key=f"doc-{doc.id}-study").set_value("\x00new")
        at.text_input(key=f"doc-{doc.id}-study-name").input(STUDY_NAME)
        at.button(key=f"doc-{doc.id}-save").click().run()
        assert not at.exception, at.exception
        assert any("Saved:" in md_text(s.value) for s in at.success)
    at.selectbox(key="doc_select").set_value(news.id).run()
    audit = next(d.value for d in at.dataframe if "figure in this story" in d.value.columns)
    said = dict(zip(audit["figure in this story"], audit["what the other sources say"]))
    assert said["95%"] == "agrees with the journal" and said["60%"] == "differs: the journal says 50%"
    table = next(d.value for d in at.dataframe if "kind of source" in d.value.columns)
    assert set(table[table["study"] == STUDY_NAME]["kind of source"]) == {"News story", "Journal paper or abstract"}


def badge_labels(at) -> list[str]:
    return [md_text(p.proto.popover.label) for p in at.get("popover")]


def test_badge_follows_the_study_when_its_journal_paper_is_linked(writable_app):
    at, _ = writable_app
    question = "How many patients responded to pyridostigmine within 24 hours?"
    upload(at, "ileus-story.txt", NEWS.encode(), kind="news", new_study=STUDY_NAME)
    show(at, "Chat")
    at.chat_input(key="chat_input").set_value(question).run()
    [label] = badge_labels(at)
    assert "news only" in label and "historical" not in label  # not the shipped study's caveats
    upload(at, "pyridostigmine.abst", eval_file(*JOURNAL).read_bytes(), kind="journal",
           study="pyridostigmine-for-ileus-after-abdominal-surgery")
    show(at, "Chat")
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception, at.exception
    first, second = badge_labels(at)
    assert "news only" not in second and "journal source" in second and "randomised" in second, second
