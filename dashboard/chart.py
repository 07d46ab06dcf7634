"""The timeline for a filter mask: each event, or counts per lane per time bin when too many are in view.

Plain functions, no Streamlit (the app and bench/lod_app.py draw the same figure):

    fig = chart.figure(p, keep, f, lane_by="category", color_by="status")

Up to ``lod.MAX_POINTS`` marks in view are drawn one by one with ``figures.timeline`` (SVG: WebGL
takes seconds to start where the browser renders in software), with the ``style.MAX_UNDATED``
most corroborated undated events in the strip at the right; more marks are drawn as a density
(``density.density_figure``) with the undated counted per lane. The undated strip gets what is left of
``lod.MAX_POINTS`` after the dated marks (at least ``UNDATED_AT_LEAST``), so a redraw stays as
quick as the threshold promises.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard import access, density, figures, listing, lod, marks, style
from events.output import filters
from events.output.filters import Filters

UNDATED_AT_LEAST = 100  # undated marks drawn in the strip however many dated ones there are


def figure(
    p: access.Prepared,
    keep: np.ndarray,
    f: Filters,
    lane_by: str = "category",
    color_by: str = "status",
    color_order: list[str] | None = None,
    look: style.Look = style.ANALYST,
    undated: bool = True,
    view: tuple | None = None,
) -> go.Figure:
    """The chart of the rows ``keep`` (``filters.mask(p, f)``) over ``f``'s dates; ``undated=False``
    leaves the undated strip out (the wall screen's); ``view`` (first, last day): the dates shown first,
    as given (the brief's), else where most marks are."""
    undated_too = undated and f.include_undated
    pl = lod.plan(p, f.date_from, f.date_to, lane_by, keep=keep)
    undated = keep & (p.start == filters.NO_DAY)
    if pl.level == "points":
        idx = np.flatnonzero(keep & ~undated)
        budget = int(np.clip(pl.max_points - pl.n_marks, UNDATED_AT_LEAST, style.MAX_UNDATED))
        if undated_too:
            idx = np.union1d(idx, listing.undated_first(p, keep, budget))
        rows = access.rows(p, access.as_mask(len(p), idx), columns=marks.columns_for(lane_by, color_by))
        return figures.timeline(
            rows,
            lane_by=lane_by,
            color_by=color_by,
            look=look,
            level="svg",
            color_order=color_order,
            max_undated=budget,
            n_undated=int(undated.sum()),
            undated=undated_too,
            window=(f.date_from, f.date_to),
            view=view,
        )
    d = lod.density(p, lane_by, pl, keep=keep)
    und = lod.undated_counts(p, lane_by, keep, list(d["lane"].cat.categories)) if undated_too else None
    big = look is style.BRIEF
    return density.density_figure(
        d,
        pl,
        lane_field=lane_by,
        undated=und,
        font_size=look.font_size,
        height_per_lane=look.height_per_lane if big else 52,
    )
