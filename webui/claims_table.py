"""Claims as a table for display, filtering and download (CSV / JSON)."""

from __future__ import annotations

import json

import pandas as pd

from extract.models import Claim, Document

# Column order of the evidence table; the document columns come from the claim's Document.
COLUMNS = [
    "document", "source", "source_kind", "study", "kind", "endpoint", "measure", "value_text", "value",
    "unit", "ci_low", "ci_high", "ci_level", "p_value", "timepoint", "arm", "comparator", "n",
    "denominator", "quote", "endpoint_text", "doc_id", "start", "end", "id",
    "study_title", "drug",  # added later: at the end, so the CSV's columns keep their places
]

# Filters offered above the table: label -> column.
FILTERS = {
    "Study": "study_title",
    "Document": "document",
    "Endpoint": "endpoint",
    "Measure": "measure",
    "Claim kind": "kind",
    "Source kind": "source_kind",
}


def claims_frame(claims: list[Claim], docs: dict[str, Document]) -> pd.DataFrame:
    """One row per claim, joined with its document's title, outlet, kind and study."""
    rows = []
    for c in claims:
        d = docs.get(c.doc_id)
        row = c.model_dump()
        row.update(
            document=d.title if d else c.doc_id,
            source=d.source if d else "",
            source_kind=d.kind if d else "",
            study=d.study if d else "",
            study_title=(d.study_title or d.study) if d else "",
            drug=d.drug if d else "",
        )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS) if rows else pd.DataFrame(columns=COLUMNS)
    return frame.reset_index(drop=True)


def filter_options(frame: pd.DataFrame, column: str) -> list[str]:
    """Distinct non-empty values of a column, sorted, for a multiselect."""
    values = frame[column].dropna().astype(str)
    return sorted(v for v in values.unique() if v)


def apply_filters(frame: pd.DataFrame, chosen: dict[str, list[str]]) -> pd.DataFrame:
    """Rows whose value in each filtered column is one of the chosen values (empty choice = all)."""
    mask = pd.Series(True, index=frame.index)
    for column, values in chosen.items():
        if values:
            mask &= frame[column].astype(str).isin(values)
    return frame[mask]


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def to_json(claims: list[Claim], ids: set[str]) -> bytes:
    """The chosen claims in the contract's own JSON form (as `python -m extract` prints them)."""
    chosen = [c.model_dump(mode="json") for c in claims if c.id in ids]
    return json.dumps(chosen, ensure_ascii=False, indent=1).encode("utf-8")


EMPTY = "—"  # one mark for 'not stated', in every column
# The extractor's kinds of figure, in words.
KIND_WORDS = {"estimate": "estimate", "count": "count", "sample_size": "sample size", "follow_up": "follow-up",
              "adverse_event": "adverse event", "p_value": "p-value", "threshold": "threshold",
              "background": "background"}
SOURCE_KIND_WORDS = {"news": "news", "journal": "journal", "press-release": "press release", "other": "other"}


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return EMPTY
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).strip()
    return text or EMPTY


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: every cell text, 'not stated' always the same mark, kinds in words, the CI
    as the source writes it. The raw frame stays what the downloads hold."""
    from .forest import ci_as_written

    out = frame.copy()
    out["ci"] = [ci_as_written(q, lo, hi) if pd.notna(lo) and pd.notna(hi) else EMPTY
                 for q, lo, hi in zip(frame["quote"], frame["ci_low"], frame["ci_high"])]
    out["kind"] = frame["kind"].map(lambda k: KIND_WORDS.get(k, str(k).replace("_", " ")))
    out["source_kind"] = frame["source_kind"].map(lambda k: SOURCE_KIND_WORDS.get(k, str(k)))
    n = frame["n"].map(lambda v: f"{int(v)}" if pd.notna(v) and float(v).is_integer() else v)
    out["n"] = n
    for column in out.columns:
        if column not in {"id", "doc_id", "start", "end"}:
            out[column] = out[column].map(_cell)
    return out
