"""Forest plot of comparable estimates: one chart per endpoint, measure and timepoint, each row an
arm of a study with its stated confidence interval.

Only results drawn with their CI are comparable at a glance: background figures, counts, p-values,
single adverse events and estimates without an interval are left out (the evidence table has them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import pandas as pd

# Ratios are read on a log scale around the no-effect line at 1.
RATIO_MEASURES = {"hazard ratio", "odds ratio", "risk ratio", "rate ratio", "relative risk"}
# Measures a forest plot can set side by side (a value with an interval on one scale).
PLOTTED_MEASURES = {"proportion", "median", "mean", "mean difference", "risk difference"} | RATIO_MEASURES
# Words that name the study's own arm without naming the drug ('our study'); the drug is shown instead.
_UNNAMED_ARM = {"", "our study", "this study", "the study", "study", "study arm", "our trial", "this trial"}
# One colour meaning on every chart: the kind of source the figure is quoted from.
SOURCE_KINDS = ["journal", "press-release", "news", "other"]
SOURCE_COLOURS = ["#1c7ed6", "#7048e8", "#e8590c", "#868e96"]
_KIND_WORDS = {"journal": "journal", "press-release": "press release", "news": "news", "other": "other source"}


@dataclass(frozen=True)
class Group:
    """Estimates of one endpoint, measure and timepoint: the only ones drawn on one axis."""

    endpoint: str
    measure: str
    timepoint: str
    unit: str
    rows: pd.DataFrame

    @property
    def title(self) -> str:
        when = f"{self.timepoint} " if self.timepoint else ""
        return f"{when}{self.endpoint}".strip()

    @property
    def axis_title(self) -> str:
        if self.measure in RATIO_MEASURES:
            return f"{self.measure} (log scale; 1 = no difference)"
        if self.measure == "proportion":
            return f"{self.endpoint}, % of patients"
        unit = self.unit or "as stated"
        return f"{self.measure} {self.endpoint}, {unit}"


def plottable(frame: pd.DataFrame) -> pd.DataFrame:
    """Estimates with an endpoint, a plotted measure, a value and both CI bounds around it."""
    if frame.empty:
        return frame
    has = frame["value"].notna() & frame["ci_low"].notna() & frame["ci_high"].notna()
    keep = (has & (frame["kind"] == "estimate") & (frame["endpoint"].fillna("").astype(str) != "")
            & frame["measure"].isin(PLOTTED_MEASURES))
    rows = frame[keep]
    inside = (rows["ci_low"] <= rows["value"]) & (rows["value"] <= rows["ci_high"])
    return rows[inside]


def _when(timepoint: object) -> str:
    return " ".join(str(timepoint or "").lower().split())


def _arm_label(row) -> str:
    arm = str(row.get("arm") or "").strip()
    if arm.lower() in _UNNAMED_ARM:
        drug = str(row.get("drug") or "").strip()
        return f"{drug} (this study)" if drug else "this study's arm"
    return arm


def comparable_groups(frame: pd.DataFrame) -> list[Group]:
    """The groups to draw, the largest first; each holds rows of one endpoint, measure and timepoint."""
    rows = plottable(frame)
    if rows.empty:
        return []
    rows = rows.assign(when=rows["timepoint"].map(_when))
    groups = []
    for (endpoint, measure, when), g in rows.groupby(["endpoint", "measure", "when"], sort=True):
        g = g.copy()
        g["arm_label"] = [_arm_label(r) for r in g.to_dict("records")]
        studies = g["study"].fillna("").astype(str)
        several = studies.nunique() > 1
        source = g["source"].where(g["source"].fillna("").astype(str) != "", g["document"])
        kinds = g["source_kind"].map(lambda k: _KIND_WORDS.get(k, str(k)))
        prefix = (g["drug"].fillna("").astype(str).where(g["drug"].fillna("").astype(str) != "", studies) + ": "
                  if several else "")
        g["row"] = prefix + g["arm_label"] + " · " + source.astype(str) + " (" + kinds + ")"
        g["row"] = _unique(list(g["row"]))
        g["ci"] = [ci_as_written(q, lo, hi) for q, lo, hi in zip(g["quote"], g["ci_low"], g["ci_high"])]
        g = g.sort_values(["arm_label", "source_kind", "row"], kind="stable",
                          key=lambda col: col.astype(str).str.lower())
        unit = next((u for u in g["unit"].fillna("").astype(str) if u), "")
        timepoint = next((t for t in g["timepoint"].fillna("").astype(str) if t), "")
        groups.append(Group(endpoint=str(endpoint), measure=str(measure), timepoint=timepoint, unit=unit,
                            rows=g.reset_index(drop=True)))
    return sorted(groups, key=lambda grp: (-len(grp.rows), grp.endpoint, grp.timepoint))


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def ci_as_written(quote: str, low: float, high: float) -> str:
    """The interval with its bounds as the source writes them ('60.8 to 92.0', not '60.8 to 92')."""
    written = [m.group() for m in _NUMBER.finditer(str(quote or ""))]
    for i, w in enumerate(written):
        if float(w) == low:
            hi = next((h for h in written[i + 1:] if float(h) == high), None)
            if hi is not None:
                return f"{w} to {hi}"
    return f"{low:g} to {high:g}"


def _unique(labels: list[str]) -> list[str]:
    """Row labels are the chart's categories: two equal labels would draw on one line."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def forest_chart(group: Group) -> alt.LayerChart:
    """Points with their CI as a line, coloured by the kind of source (the same colours on every chart)."""
    rows = group.rows
    ratio = group.measure in RATIO_MEASURES
    if ratio:
        scale = alt.Scale(type="log")
        axis = alt.Axis(format=".2~f", title=group.axis_title, tickCount=5)
    elif group.measure == "proportion":
        scale = alt.Scale(domain=[0, 100])
        axis = alt.Axis(format="d", title=group.axis_title, values=list(range(0, 101, 20)))
    else:
        scale = alt.Scale(zero=False, nice=True)
        axis = alt.Axis(format="~g", title=group.axis_title, tickCount=6)
    # One explicit row order for both layers (a field sort is resolved per layer and drops rows).
    y = alt.Y("row:N", title=None, sort=list(rows["row"]), axis=alt.Axis(labelLimit=360))
    colour = alt.Color("source_kind:N", title="quoted from",
                       scale=alt.Scale(domain=SOURCE_KINDS, range=SOURCE_COLOURS),
                       legend=alt.Legend(orient="bottom", labelExpr="replace(datum.label, '-', ' ')"))
    tooltip = [alt.Tooltip("value_text:N", title="figure"), alt.Tooltip("ci:N", title="95% CI as stated"),
               alt.Tooltip("arm_label:N", title="arm"), alt.Tooltip("document:N"), alt.Tooltip("quote:N")]
    base = alt.Chart(rows)
    ci = base.mark_rule(strokeWidth=2).encode(x=alt.X("ci_low:Q", scale=scale, axis=axis), x2="ci_high:Q", y=y,
                                              color=colour)
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("value:Q", scale=scale, axis=axis), y=y, color=colour, tooltip=tooltip)
    layers = [ci, points]
    if ratio:
        layers.append(alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q"))
    # A height per row (a step): a fixed pixel height drew every row on one line in Streamlit.
    return alt.layer(*layers).properties(height={"step": 40}, title=group.title)
