"""The index manifest: what an index folder was built with, checked before anything is loaded.

A changed schema, model or dimension would silently mix incompatible vectors or rows, so any
mismatch refuses to load and names the command that rebuilds the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from .errors import IndexLoadError, rebuild_hint

SCHEMA_VERSION = 3  # 3: segments (meta.sqlite + dense.faiss per segment, segments.json)
MANIFEST_NAME = "manifest.json"


class Manifest(BaseModel):
    """Describes one generation of an index folder."""

    schema_version: int = SCHEMA_VERSION
    model_name: str
    dimension: int
    vector_recipe: str = Field("fp32", description="How the passage vectors were computed (index/embedder.py "
                               "RECIPES: 'fp32', 'bf16-autocast' or 'onnx-int8'); adds use the same recipe or are refused. "
                               "Indexes from before this field were all fp32.")
    vector_index: str = Field("flat", description="FAISS structure of dense.faiss: 'flat' (exact) or 'ivfN' "
                              "(approximate, N lists); see index/dense.py.")
    passage_scheme: str = Field(description="How documents were cut into passages; a change means a rebuild.")
    extractor_version: str = Field("", description="Fingerprint of the claim rules the stored claims came from.")
    corpus_hash: str = Field(description="sha256 over the sorted document ids.")
    documents: int = 0
    passages: int = 0
    claims: int = 0
    generation: int = 0
    corpus_dir: str = ""
    files: dict[str, tuple[int, int]] = Field(default_factory=dict,
                                              description="relative path -> (size, crc32) of each data file.")


def file_checksums(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, crc32) of every file in a generation folder except the manifest itself.

    crc32 rather than a cryptographic hash: it guards against torn or damaged files, not tampering,
    and it reads ~1 GB/s, so checking a 100k-passage index on load costs a fraction of a second.
    """
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != MANIFEST_NAME:
            crc = 0
            with open(p, "rb") as f:
                while block := f.read(1 << 22):
                    crc = zlib.crc32(block, crc)
            out[p.relative_to(folder).as_posix()] = (p.stat().st_size, crc)
    return out


def verify_files(folder: Path, manifest: Manifest, index_dir: Path) -> None:
    """Raise IndexLoadError when a data file is missing, extra, truncated or altered."""
    if not manifest.files:
        return
    found = file_checksums(folder)
    for name, expected in manifest.files.items():
        got = found.get(name)
        if got is None:
            raise IndexLoadError(f"index at {index_dir} is incomplete: {name} is missing. {rebuild_hint(index_dir)}")
        if tuple(got) != tuple(expected):
            what = "truncated or extended" if got[0] != expected[0] else "damaged (checksum mismatch)"
            raise IndexLoadError(f"index at {index_dir} is corrupt: {name} is {what}. {rebuild_hint(index_dir)}")


def corpus_hash(doc_ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(doc_ids)).encode("utf-8")).hexdigest()


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write manifest.json via a temporary file and os.replace, so it is never half-written."""
    tmp = folder / (MANIFEST_NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(manifest.model_dump_json(indent=2))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / MANIFEST_NAME)


def read_manifest(folder: Path, index_dir: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest.model_validate(data)
    except FileNotFoundError:
        raise IndexLoadError(f"index at {index_dir} has no manifest ({path} missing). {rebuild_hint(index_dir)}")
    except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as e:
        raise IndexLoadError(
            f"index manifest {path} is corrupt ({type(e).__name__}). {rebuild_hint(index_dir)}"
        ) from e


def check_compatible(manifest: Manifest, *, model_name: str, dimension: int, passage_scheme: str,
                     extractor_version: str, index_dir: Path) -> None:
    """Raise IndexLoadError when the index was built with different settings than this code uses."""
    problems = []
    if manifest.schema_version != SCHEMA_VERSION:
        problems.append(f"schema version {manifest.schema_version} (this code reads {SCHEMA_VERSION})")
    if manifest.model_name != model_name:
        problems.append(f"model '{manifest.model_name}' (this code uses '{model_name}')")
    if manifest.dimension != dimension:
        problems.append(f"dimension {manifest.dimension} (the model gives {dimension})")
    if manifest.passage_scheme != passage_scheme:
        problems.append(f"passage scheme '{manifest.passage_scheme}' (this code uses '{passage_scheme}')")
    if manifest.extractor_version != extractor_version:
        # Stored claims come from the rules at ingest time: other rules mean stale claims.
        problems.append(f"claim rules '{manifest.extractor_version or 'unknown'}' (this code has '{extractor_version}')")
    if problems:
        raise IndexLoadError(
            f"index at {index_dir} was built with " + "; ".join(problems) + f". {rebuild_hint(index_dir)}"
        )
