"""The rules fingerprint covers every module whose change alters stored claims or metadata, and
nothing else (evaluation code, the contract and views do not force a rebuild)."""

from __future__ import annotations

from extract.version import rule_files


def test_fingerprint_covers_rules_metadata_readers_and_vocabulary_only():
    names = {p.relative_to(p.parents[1]).as_posix() if p.parent.name in {"vocab", "readers"} else p.name
             for p in rule_files()}
    # a metadata rule change gives stale study keys: it must be noticed like a claim rule change
    assert {"metadata.py", "endpoints.py", "attribution.py", "vocab/endpoints.py", "vocab/numbers.py",
            "readers/html.py"} <= names
    assert not {"models.py", "version.py", "evaluate.py", "display.py", "pipeline.py"} & names
