"""Evidence table (filter, download) and forest plot, both over idx.claims()."""

from __future__ import annotations

import streamlit as st

from .claims_table import FILTERS, apply_filters, claims_frame, filter_options, to_csv, to_json
from .forest import endpoint_choices, forest_chart, forest_rows, plottable

# The figure first; where it comes from last (the quote is the proof, the document its address).
TABLE_COLUMNS = ["value_text", "endpoint", "measure", "ci_low", "ci_high", "timepoint", "arm", "comparator", "n",
                 "p_value", "kind", "quote", "document", "source_kind"]
TABLE_CONFIG = {
    "value_text": st.column_config.TextColumn("figure", width="small"),
    "kind": "claim kind",
    "source_kind": "source kind",
    "quote": st.column_config.TextColumn("quote", width="large"),
    "document": st.column_config.TextColumn("document", width="medium"),
}


def _frame(idx):
    with_docs = {d.id: d for d in idx.documents()}
    claims = idx.claims()
    return claims, claims_frame(claims, with_docs)


def table_view(idx) -> None:
    claims, frame = _frame(idx)
    if frame.empty:
        st.info("The index holds no claims yet. Add documents in the Upload tab.")
        return
    cols = st.columns(3)
    chosen = {}
    for i, (label, column) in enumerate(FILTERS.items()):
        chosen[column] = cols[i % 3].multiselect(label, filter_options(frame, column), key=f"filter-{column}")
    shown = apply_filters(frame, chosen)
    st.caption(f"{len(shown)} of {len(frame)} claims")
    st.dataframe(shown, column_order=TABLE_COLUMNS, hide_index=True, key="claims_table", column_config=TABLE_CONFIG)
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(shown), file_name="claims.csv", mime="text/csv",
                         key="dl_csv", icon=":material/download:")
    right.download_button("Download JSON", to_json(claims, set(shown["id"])), file_name="claims.json",
                          mime="application/json", key="dl_json", icon=":material/download:")


def forest_view(idx) -> None:
    _, frame = _frame(idx)
    endpoints = endpoint_choices(frame) if not frame.empty else []
    if not endpoints:
        st.info("No estimates with an endpoint and a value in the index yet.")
        return
    endpoint = st.selectbox("Endpoint", endpoints, key="forest_endpoint")
    rows = plottable(frame)
    measures = sorted(rows[rows["endpoint"] == endpoint]["measure"].unique())
    measure = st.selectbox("Measure", measures, key="forest_measure") if len(measures) > 1 else measures[0]
    data = forest_rows(frame, endpoint, measure)
    st.caption(f"{len(data)} estimates of {endpoint} ({measure}); colour = arm, shape = kind of source, "
               "line = confidence interval as stated")
    st.altair_chart(forest_chart(data, measure), key="forest_chart")
    st.dataframe(data, column_order=["row", "value_text", "ci", "quote"], hide_index=True,
                 column_config={"row": "arm · source", "value_text": "figure"})
