"""The undated strip's axis, shared by the chart of each event (dashboard.figures) and the density
(dashboard.density): a second x axis at the right with no dates and no ticks, and its heading."""

from __future__ import annotations

import plotly.graph_objects as go


def axis(fig: go.Figure, domain: tuple[float, float], font_size: int, heading: str) -> None:
    """Give the strip the plot's width share ``domain`` (the dated axis ends just before it), and head it."""
    a, b = domain
    fig.update_layout(
        xaxis=dict(domain=[0, a - 0.015]),
        xaxis2=dict(
            domain=[a, b],
            anchor="y",
            type="linear",
            range=[0, 1],
            fixedrange=True,
            showgrid=False,
            zeroline=False,
            showticklabels=False,
            ticks="",
            showline=False,
            title=dict(text="no date<br>in the text", font=dict(size=font_size - 2, color="#555"), standoff=4),
        ),
    )
    fig.add_annotation(
        xref="x2 domain",
        yref="paper",
        x=0.5,
        y=1.0,
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        text=f"<b>{heading}</b>",
        font=dict(size=font_size - 1, color="#555"),
        name="undated-title",
    )
