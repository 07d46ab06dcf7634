"""A timeline dressed for a slide (title, filters, "as of", source note at 1920×1080) and the
toolbar's own download at the same size. Rendering to PNG/SVG is ``dashboard.images``.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from dashboard import labels, wire
from dashboard.hover import short
from dashboard.style import COLORS, SLIDER_HINT, TEMPLATE, ZOOM_HINT

SLIDE = dict(width=1920, height=1080, scale=2)


NOTE_CHARS = 170  # the slide's source note is wrapped at about this many characters a line


def for_export(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    as_of: str,
    source_note: str,
    width: int = SLIDE["width"],
    height: int = SLIDE["height"],
) -> go.Figure:
    """A copy of a timeline dressed for a slide: title, a filter line, "as of" and a source note.

    Also of a figure made ready for the browser (``wire.figure``): the template is set again."""
    out = go.Figure(fig)
    rows = wire.meta(fig.layout.meta).get("layout") == "rows"  # the summary: the dates' axis on top
    out.update_layout(
        template=TEMPLATE,
        colorway=list(COLORS),
        width=width,
        height=height,
        font=dict(size=20, family="Arial, Helvetica, sans-serif", color="#222"),
        title=dict(
            text=f"<b>{html.escape(title, quote=False)}</b><br><span style='font-size:18px;color:#555'>"
            f"{html.escape(short(subtitle, 150), quote=False)}</span>",
            x=0.02,
            xanchor="left",
            y=0.97,
        ),
        margin=dict(l=30, r=40, t=170, b=150),
        legend=dict(yref="container", y=1 - 92 / height, yanchor="top", font=dict(size=18))
        if rows
        else dict(y=1.01, font=dict(size=18)),
        legend2=dict(yref="container", y=0.075, font=dict(size=16)),
        hoverlabel=None,
    )
    out.update_xaxes(rangeslider=dict(visible=False), rangeselector=dict(visible=False))
    out.add_annotation(
        xref="paper",
        yref="paper",
        x=0,
        y=-0.17,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=16, color="#555"),
        text="<br>".join(
            html.escape(line, quote=False) for line in labels.wrap(f"As of {as_of}. {source_note}", NOTE_CHARS, 2)
        ),
    )
    _slide_sizes(out, n_lanes=0 if rows else len(fig.layout.yaxis.tickvals or ()))  # rows: dates keep their size
    return out


def _slide_sizes(out: go.Figure, n_lanes: int) -> None:
    """Text and marks a little larger on a slide than on a laptop; no hint about the range slider."""
    for a in out.layout.annotations:  # the undated strip's title, readable on a slide
        if a.name == "undated-title":
            a.font.size = 17
    if "xaxis2" in out.layout and out.layout["xaxis2"].domain is not None:
        out.update_layout(xaxis2_title_font_size=15)
    if n_lanes:
        out.update_yaxes(tickfont=dict(size=18 if n_lanes <= 10 else 16))
    for t in out.data:
        if wire.meta(t.meta).get("role") == "note":
            t.name = t.name.replace(SLIDER_HINT, "").replace(ZOOM_HINT, "")
    for t in out.data:  # marks a little larger on a slide than on a laptop
        role = wire.meta(t.meta).get("role", "")
        if role in ("anchors", "undated") and t.type != "heatmap" and t.marker.size is not None:
            t.marker.size = np.asarray(t.marker.size, dtype=float) * 1.4
        elif role.endswith("-bars") and t.line.width:
            t.line.width = t.line.width * 1.4


def toolbar_config(filename: str) -> dict:
    """The Plotly toolbar's own download: same name and slide size as the server-side export."""
    return {
        "displaylogo": False,
        "scrollZoom": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, **SLIDE},
    }
