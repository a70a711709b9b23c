"""Forest plot of the estimates for one endpoint: point and CI per arm and source."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Ratios are read on a log scale around the no-effect line at 1.
RATIO_MEASURES = {"hazard ratio", "odds ratio", "risk ratio", "rate ratio", "relative risk"}


def plottable(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims that have an endpoint, a measure and a numeric value."""
    keep = frame["value"].notna() & (frame["endpoint"].astype(str) != "") & (frame["measure"].astype(str) != "")
    return frame[keep]


def endpoint_choices(frame: pd.DataFrame) -> list[str]:
    """Endpoints with at least one plottable estimate, those with CIs first."""
    rows = plottable(frame)
    if rows.empty:
        return []
    with_ci = rows.assign(has_ci=rows["ci_low"].notna() & rows["ci_high"].notna())
    order = with_ci.groupby("endpoint")["has_ci"].sum().sort_values(ascending=False, kind="stable")
    return list(order.index)


def forest_rows(frame: pd.DataFrame, endpoint: str, measure: str) -> pd.DataFrame:
    """The rows to draw, with a readable label per row (arm, timepoint, source and its kind)."""
    rows = plottable(frame)
    rows = rows[(rows["endpoint"] == endpoint) & (rows["measure"] == measure)].copy()
    arm = rows["arm"].where(rows["arm"].astype(str) != "", "arm not stated")
    when = rows["timepoint"].where(rows["timepoint"].astype(str) != "", "")
    rows["arm_label"] = arm
    source = rows["source"].where(rows["source"] != "", rows["document"])
    rows["row"] = (arm + when.map(lambda t: f" · {t}" if t else "") + " · " + source
                   + " (" + rows["source_kind"].astype(str) + ")")
    rows = rows.sort_values(["arm_label", "source_kind", "row"], kind="stable",
                            key=lambda col: col.astype(str).str.lower())
    rows["ci"] = [
        f"{lo:g} to {hi:g}" if pd.notna(lo) and pd.notna(hi) else "no CI stated"
        for lo, hi in zip(rows["ci_low"], rows["ci_high"])
    ]
    return rows


def forest_chart(rows: pd.DataFrame, measure: str) -> alt.LayerChart:
    """Points coloured by arm, shaped by source kind (news vs journal), CI as a horizontal rule."""
    scale = alt.Scale(type="log") if measure in RATIO_MEASURES else alt.Scale(zero=False)
    # One explicit row order for both layers (a field sort is resolved per layer and drops rows).
    y = alt.Y("row:N", title=None, sort=list(dict.fromkeys(rows["row"])), axis=alt.Axis(labelLimit=420))
    tooltip = [
        alt.Tooltip("value_text:N", title="figure"),
        alt.Tooltip("ci:N", title="CI"),
        alt.Tooltip("arm_label:N", title="arm"),
        alt.Tooltip("timepoint:N"),
        alt.Tooltip("document:N"),
        alt.Tooltip("quote:N"),
    ]
    base = alt.Chart(rows)
    ci = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("ci_low:Q", scale=scale, title=measure), x2="ci_high:Q", y=y, color=alt.Color("arm_label:N", title="arm")
    )
    points = base.mark_point(filled=True, size=90).encode(
        x=alt.X("value:Q", scale=scale, title=measure),
        y=y,
        color=alt.Color("arm_label:N", title="arm"),
        shape=alt.Shape("source_kind:N", title="source kind"),
        tooltip=tooltip,
    )
    layers = [ci, points]
    if measure in RATIO_MEASURES:
        layers.append(alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q"))
    return alt.layer(*layers).properties(height=max(120, 34 * len(rows)))
