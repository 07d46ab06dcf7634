"""The density figure: a heat strip per lane (counts per time bin) when too many events are in view
to draw one by one (``dashboard.lod.plan``), with the undated counted in a column of their own.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import strip
from dashboard.hover import short
from dashboard.lod import Plan
from dashboard.style import TEMPLATE, UNDATED_DOMAIN

COLORSCALE = [[0.0, "#DCE9F5"], [0.35, "#8FB5DA"], [0.7, "#4C78A8"], [1.0, "#1F3552"]]


def density_figure(
    d: pd.DataFrame,
    plan: Plan,
    *,
    lane_field: str = "category",
    height_per_lane: int = 52,
    font_size: int = 13,
    undated: pd.DataFrame | None = None,
) -> go.Figure:
    """A heat strip per lane (one ``go.Heatmap``): only the bins travel to the browser.

    ``undated`` (``undated_counts``): drawn as one more column at the right edge, on an x axis of
    its own that holds no dates, titled "undated"; never at a date.
    """
    names = list(d["lane"].cat.categories) if len(d) else []
    edges = plan.edges
    nb = len(edges) - 1
    fig = go.Figure(_heatmap(d, plan, names))
    fig.update_layout(
        template=TEMPLATE,
        height=int(min(900, max(380, 150 + height_per_lane * len(names)))),
        font=dict(size=font_size, family="Arial, Helvetica, sans-serif", color="#222"),
        margin=dict(l=10, r=10, t=40, b=10),
        plot_bgcolor="#FFFFFF",
        xaxis=dict(
            type="date",
            showgrid=True,
            gridcolor="#E6E6E6",
            title=None,
            range=[str(edges[0]), str(edges[-1])] if nb else None,
        ),
        yaxis=dict(autorange="reversed", fixedrange=True, title=None, ticks="", automargin=True),
        annotations=[_note(plan, font_size)],
        meta={
            "level": "density",
            "n_events": plan.n_events,
            "n_marks": plan.n_marks,
            "n_undated": plan.n_undated,
            "unit": plan.unit,
            "bins": nb,
            "lanes": names,
            "lane_field": lane_field,
        },
    )
    if undated is not None and len(undated):
        _undated_column(fig, undated, names, font_size)
    return fig


def _note(plan: Plan, font_size: int) -> dict:
    """The line above the chart: how many events are counted, and how to see each one."""
    note = (
        f"{plan.n_events:,} events in view: counts per {plan.unit}. Narrow the dates or filters to "
        f"{plan.max_points:,} or fewer to see each event."
    )
    return dict(
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text=html.escape(note),
        font=dict(size=font_size - 1, color="#555"),
    )


def _heatmap(d: pd.DataFrame, plan: Plan, names: list[str]) -> go.Heatmap:
    """The counts as a lanes × bins grid (empty bins blank), each cell's hover naming its dates."""
    edges = plan.edges
    nb = len(edges) - 1
    z = np.full((len(names), nb), np.nan)
    if len(d):
        bi = np.searchsorted(edges, d["bin_start"].to_numpy("datetime64[D]"))
        z[d["lane"].cat.codes.to_numpy(), bi] = d["count"].to_numpy()
    labels = [f"{edges[i]} – {edges[i + 1] - 1}" if plan.unit != "day" else str(edges[i]) for i in range(nb)]
    zmax = float(np.nanpercentile(z, 98)) if len(d) else 1.0
    return go.Heatmap(
        z=[[None if np.isnan(v) else int(v) for v in row] for row in z],
        x=[str(e) for e in edges],
        y=[html.escape(short(n, 28)) for n in names],
        customdata=[labels] * len(names),
        colorscale=COLORSCALE,
        zmin=1,
        zmax=max(zmax, 2.0),
        xgap=0,
        ygap=3,
        hovertemplate="%{y}<br>%{customdata}: %{z:,} event(s)<extra></extra>",
        colorbar=dict(title=dict(text=f"events per {plan.unit}"), thickness=12),
        name="density",
        meta={"role": "density"},
    )


def _undated_column(fig: go.Figure, undated: pd.DataFrame, names: list[str], font_size: int) -> None:
    rows = list(names) + [n for n in undated["lane"] if n not in names]
    by = dict(zip(undated["lane"], undated["count"]))
    counts = [int(by[n]) if n in by else None for n in rows]
    fig.add_trace(
        go.Heatmap(
            z=[[c] for c in counts],
            x=[0.5],
            y=[html.escape(short(n, 28)) for n in rows],
            xaxis="x2",
            yaxis="y",
            colorscale=[[0.0, "#EEEEEE"], [1.0, "#9A9A9A"]],
            showscale=False,
            xgap=0,
            ygap=3,
            text=[[f"{c:,}" if c else ""] for c in counts],
            texttemplate="%{text}",
            textfont=dict(size=font_size - 1, color="#333"),
            hovertemplate="%{y}<br>undated (no date in the text): %{z:,} event(s)<extra></extra>",
            name="undated",
            meta={"role": "undated"},
        )
    )
    strip.axis(fig, UNDATED_DOMAIN, font_size, "undated")
    fig.update_layout(height=int(max(fig.layout.height or 0, min(900, 150 + 52 * len(rows)))))
    fig.layout.meta = {**fig.layout.meta, "n_undated_drawn": int(sum(c or 0 for c in counts))}
