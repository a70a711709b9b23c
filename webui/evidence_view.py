"""Evidence table (filter, download) and forest plot, both over idx.claims()."""

from __future__ import annotations

import streamlit as st

from .claims_table import FILTERS, apply_filters, claims_frame, display_frame, filter_options, to_csv, to_json
from .forest import comparable_groups, forest_chart
from .render import esc

MAX_FOREST_CHARTS = 12

# Where a figure comes from first (study, document), then the figure and what it is.
TABLE_COLUMNS = ["study_title", "document", "value_text", "endpoint", "measure", "ci", "timepoint", "arm",
                 "comparator", "n", "p_value", "kind", "quote", "source_kind"]
TABLE_CONFIG = {
    "study_title": st.column_config.TextColumn("Study", width="medium"),
    "document": st.column_config.TextColumn("Document", width="medium"),
    "value_text": st.column_config.TextColumn("Figure", width="small"),
    "endpoint": "Endpoint",
    "measure": "Measure",
    "ci": "95% CI",
    "timepoint": "When",
    "arm": "Arm",
    "comparator": "Compared with",
    "n": "Patients",
    "p_value": "p-value",
    "kind": "Kind of figure",
    "quote": st.column_config.TextColumn("Quote", width="large"),
    "source_kind": "Kind of source",
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
    chosen = {}
    # Collapsed: on a phone six stacked filters came before any data.
    with st.expander("Filter the figures", expanded=any(st.session_state.get(f"filter-{c}") for c in FILTERS.values())):
        cols = st.columns(3)
        for i, (label, column) in enumerate(FILTERS.items()):
            chosen[column] = cols[i % 3].multiselect(label, filter_options(frame, column), key=f"filter-{column}")
    shown = apply_filters(frame, chosen)
    st.caption(f"{len(shown)} of {len(frame)} claims")
    st.dataframe(display_frame(shown), column_order=TABLE_COLUMNS, hide_index=True, key="claims_table",
                 column_config=TABLE_CONFIG)
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(shown), file_name="claims.csv", mime="text/csv",
                         key="dl_csv")
    right.download_button("Download JSON", to_json(claims, set(shown["id"])), file_name="claims.json",
                          mime="application/json", key="dl_json")


FOREST_ALL = "All comparable estimates"
# Narrow screens (phones) get the table instead of the chart: a forest plot needs width for its labels.
FOREST_CSS = """<style>
@media (max-width: 640px) { .st-key-forest_charts { max-height: 0; overflow: hidden; visibility: hidden; } }
@media (min-width: 641px) { .st-key-forest_tables { max-height: 0; overflow: hidden; visibility: hidden; } }
.ed-forest-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.ed-forest-table th, .ed-forest-table td { border-bottom: 1px solid #dee2e6; padding: 0.25rem 0.4rem;
  text-align: left; vertical-align: top; }
</style>"""


def forest_view(idx) -> None:
    _, frame = _frame(idx)
    groups = comparable_groups(frame)
    if not groups:
        st.info("No comparable estimates yet: a forest plot needs results stated with a confidence interval.")
        return
    endpoints = sorted({g.endpoint for g in groups})
    choice = FOREST_ALL
    if len(endpoints) > 1:
        choice = st.selectbox("Endpoint", [FOREST_ALL, *endpoints], key="forest_endpoint")
    shown = [g for g in groups if choice in (FOREST_ALL, g.endpoint)][:MAX_FOREST_CHARTS]
    st.caption("Only estimates of the same endpoint, measure and timepoint share a chart. Dot = the figure as "
               "stated, line = its 95% confidence interval; colour = the kind of source it is quoted from.")
    st.html(FOREST_CSS)
    with st.container(key="forest_charts"):
        for i, g in enumerate(shown):
            st.altair_chart(forest_chart(g), key=f"forest_chart_{i}", width="stretch")
    with st.container(key="forest_tables"):
        for g in shown:
            st.html(forest_table_html(g))
    with st.expander("The estimates as a table"):
        for i, g in enumerate(shown):
            st.dataframe(g.rows, column_order=["row", "value_text", "ci", "quote"], hide_index=True,
                         key=f"forest_rows_{i}",
                         column_config={"row": "arm · source", "value_text": "figure", "ci": "95% CI as stated",
                                        "quote": "quote"})


def forest_table_html(g) -> str:
    rows = "".join(f"<tr><td>{esc(r['row'])}</td><td><b>{esc(r['value_text'] or r['value'])}</b></td>"
                   f"<td>{esc(r['ci'])}</td></tr>" for r in g.rows.to_dict("records"))
    return (f'{FOREST_CSS}<div style="font-weight:600">{esc(g.title)} ({esc(g.measure)})</div>'
            f'<table class="ed-forest-table"><thead><tr><th>arm · source</th><th>figure</th>'
            f"<th>95% CI</th></tr></thead><tbody>{rows}</tbody></table>")
