"""A figure as it is sent to the browser: drawn once by plotly.js inside Streamlit, not twice.

    st.plotly_chart(wire.figure(fig), ...)

Streamlit (1.67) draws each new chart, then right away hands plotly.js a JSON copy of the same
figure (``Plotly.react``; it applies its theme that way, even with ``theme=None``). plotly.js
compares the copy with what it drew, and three things in a figure make the copy look changed, so
that everything is drawn a second time (at 2,000 marks about a third of a second on this 2-core
machine; the chart only becomes visible after it):

- the template: an object, compared by identity, and a new template means recomputing everything;
- ``meta`` objects (the layout's and each trace's): compared by identity too;
- data arrays, when ``layout.datarevision`` is not set (a new array is new data), and typed
  arrays always (plotly.py sends numpy arrays as typed arrays: ``dashboard.traces`` gives SVG traces lists).

``figure`` changes a figure so that it draws the same (the template's settings are written into
the layout, its axes, shapes, annotations and traces, where the figure does not set them itself),
holds each ``meta`` object in a one-element list (plotly.js compares lists by ``datarevision``),
and has a ``datarevision``: a digest of the figure, so one with other data is still drawn anew.
Exports of such a figure (``exports.for_export``) set their template again.
"""

from __future__ import annotations

import hashlib

import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BasePlotlyType

# Template settings for kinds of subplot: written out only when the figure has one.
SUBPLOTS = ("polar", "ternary", "scene", "geo", "mapbox", "map", "smith", "coloraxis")
AXES = ("xaxis", "yaxis")


def figure(fig: go.Figure) -> go.Figure:
    """``fig`` made ready to send, in place (and returned): no template (its settings written out),
    ``meta`` objects in one-element lists (read them with ``meta``), a ``datarevision``.

    In place because a copy of a figure of 2,000 marks costs a sixth of building it. Doing it twice
    changes nothing more.
    """
    template = fig.layout.template
    if template is not None:
        fig.layout.template = None
        present = fig.layout.to_plotly_json()
        for key, value in template.layout.to_plotly_json().items():
            if key in AXES:  # the template's xaxis is every x axis's
                for name in [k for k in present if k.startswith(key)] or [key]:
                    # a line colour set in the axis (not in a template) turns its line on: keep it as it was
                    _defaults(fig.layout[name], {"showline": value.get("showline", False), **value})
            elif key.endswith("defaults"):  # e.g. shapedefaults: each shape's
                for item in fig.layout[key[: -len("defaults")] + "s"] or ():
                    _defaults(item, value)
            elif key not in SUBPLOTS or key in present:
                _defaults(fig.layout, {key: value})
        seen: dict[str, int] = {}
        for trace in fig.data:  # the template's traces of a type, in turn
            items = template.data[trace.type] or ()
            if items:
                item = items[seen.get(trace.type, 0) % len(items)].to_plotly_json()
                item.pop("type", None)
                _defaults(trace, item)
            seen[trace.type] = seen.get(trace.type, 0) + 1
    for trace in fig.data:
        if isinstance(trace.meta, dict):
            trace.meta = [trace.meta]
    if isinstance(fig.layout.meta, dict):
        fig.layout.meta = [fig.layout.meta]
    fig.layout.datarevision = None
    fig.layout.datarevision = hashlib.blake2b(pio.to_json(fig, validate=False).encode(), digest_size=8).hexdigest()
    return fig


def meta(spec_meta) -> dict:
    """A ``meta`` dict (the layout's or a trace's), whether ``figure`` has put it in a list or not."""
    if isinstance(spec_meta, (list, tuple)):
        return spec_meta[0] if spec_meta else {}
    return spec_meta or {}


def _defaults(obj, values: dict) -> None:
    """Set each of ``values`` on the plotly object ``obj`` where ``obj`` does not set it (recursively)."""
    for key, value in values.items():
        current = obj[key]
        if isinstance(value, dict) and isinstance(current, BasePlotlyType):
            _defaults(current, value)
        elif current is None:
            obj[key] = value
