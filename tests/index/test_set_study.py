"""ClaimIndex.set_document_study: a document's study and kind changed as a new generation, claims
and passages untouched, kept when the index is opened again; bad input refused with a message."""

from __future__ import annotations

import pytest

from tests.index_fixtures import copy_corpus


def test_study_and_kind_are_written_as_a_new_generation_and_survive_a_reopen(tmp_path):
    from index import ClaimIndex, IndexInputError

    idx = ClaimIndex.build(copy_corpus(tmp_path / "corpus"), tmp_path / "index")
    doc = idx.documents()[0]
    claims_before = idx.claims(doc.id)
    generation = idx.manifest.generation
    new = idx.set_document_study(doc.id, "my-study", kind="journal", study_title="My study")
    assert (new.study, new.kind, new.study_title) == ("my-study", "journal", "My study")
    assert idx.manifest.generation == generation + 1
    assert idx.claims(doc.id) == claims_before and new.text == doc.text
    with pytest.raises(IndexInputError, match="no document with id"):
        idx.set_document_study("nope", "x")
    with pytest.raises(ValueError):
        idx.set_document_study(doc.id, "x", kind="blog")
    idx.close()
    again = ClaimIndex.open(tmp_path / "index")
    try:
        kept = again.document(doc.id)
        assert (kept.study, kept.kind, kept.study_title) == ("my-study", "journal", "My study")
        assert again.check() == []
    finally:
        again.close()
