"""What the app's URL and widgets hold, as plain values: command-line arguments, the view, the filters.

The URL's query parameters mirror the filters (``events.output.filters.to_query``) and the view
(``lane``, ``color``, ``mode``, ``event``; for the brief ``show=all`` and ``strip=undated``), so a view
can be shared and reopened. Widgets are keyed
``f_*``; ``widget_state(filters, view)`` gives their values and ``filters_from_widgets(state)`` reads
them back. No Streamlit here: the app passes ``st.session_state`` and ``st.query_params`` in.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.style import COLOR_FIELDS, LANE_FIELDS
from events.output import filters

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORE = ROOT / "store"
DEFAULT_INPUT = ROOT / "seeds"
MODES = ("analyst", "brief")
SHOWS = ("summary", "all")  # what the brief draws: the story's key happenings, or every event
STRIPS = ("none", "undated")  # the brief's undated strip: left out, or drawn


@dataclass(frozen=True)
class Args:
    store: Path
    input_dir: Path | None  # the folder to build from when the store is missing (the default store only)


def parse_args(argv: list[str]) -> Args:
    """``streamlit run dashboard/app.py -- --store STORE_DIR``; without --store, ROOT/store built from seeds/."""
    p = argparse.ArgumentParser(prog="dashboard/app.py", add_help=False)
    p.add_argument("--store", type=Path, default=None)
    args, _ = p.parse_known_args(argv)
    if args.store is None:
        return Args(DEFAULT_STORE, DEFAULT_INPUT)
    return Args(args.store, None)


@dataclass(frozen=True)
class View:
    lane_by: str = "category"
    color_by: str = "status"
    mode: str = "analyst"
    event: str = ""
    show: str = "summary"
    strip: str = "none"


_VIEW_KEYS = {
    "lane_by": "lane",
    "color_by": "color",
    "mode": "mode",
    "event": "event",
    "show": "show",
    "strip": "strip",
}
_VIEW_CHOICES = {"lane_by": LANE_FIELDS, "color_by": COLOR_FIELDS, "mode": MODES, "show": SHOWS, "strip": STRIPS}


STREAMLIT_KEYS = ("embed", "embed_options")  # query parameters Streamlit itself reads


def view_from_query(params) -> tuple[View, list[str]]:
    """The view from query parameters; bad values are dropped with a message each, and parameters the page
    does not know are named in one message."""
    kwargs, problems = {}, []
    known = set(_VIEW_KEYS.values()) | set(filters.QUERY_KEYS) | set(STREAMLIT_KEYS)
    unknown = [str(k) for k in (params.keys() if hasattr(params, "keys") else ()) if str(k) not in known]
    if unknown:
        shown = ", ".join(repr(k[:40]) for k in unknown[:10]) + (", ..." if len(unknown) > 10 else "")
        problems.append(f"Ignored {len(unknown):,} URL parameter(s) this page does not know: {shown}")
    for name, key in _VIEW_KEYS.items():
        value = _last(params, key)
        if value is None or value == "":
            continue
        choices = _VIEW_CHOICES.get(name)
        if choices is not None and value not in choices:
            problems.append(f"Ignored ?{key}={value!r}: expected one of {list(choices)}")
            continue
        kwargs[name] = value[:200]
    return View(**kwargs), problems


def to_query(f: filters.Filters, view: View) -> dict[str, str | list[str]]:
    """The query parameters for these filters and view (only what differs from the defaults)."""
    out = filters.to_query(f)
    default = View()
    for name, key in _VIEW_KEYS.items():
        value = getattr(view, name)
        if value != getattr(default, name):
            out[key] = value
    return out


# ---- widgets --------------------------------------------------------------------------------

WIDGETS = {  # widget key -> Filters field
    "f_from": "date_from",
    "f_to": "date_to",
    "f_q": "q",
    "f_actors": "actors",
    "f_categories": "categories",
    "f_statuses": "statuses",
    "f_outlets": "outlets",
    "f_precisions": "precisions",
    "f_min_sources": "min_sources",
    "f_undated": "include_undated",
}
VIEW_WIDGETS = {"v_lane": "lane_by", "v_color": "color_by"}


def widget_state(f: filters.Filters, view: View) -> dict:
    """Widget-state values for every filter and view widget."""
    out = {}
    for key, name in WIDGETS.items():
        value = getattr(f, name)
        out[key] = list(value) if isinstance(value, tuple) else value
    for key, name in VIEW_WIDGETS.items():
        out[key] = getattr(view, name)
    return out


def filters_from_widgets(state) -> tuple[filters.Filters, list[str]]:
    """Filters from widget values; a reversed date range is swapped, with a message."""
    kwargs, problems = {}, []
    for key, name in WIDGETS.items():
        value = state.get(key) if hasattr(state, "get") else None
        if value is None:
            continue
        if isinstance(value, list):
            value = tuple(value)
        if name == "min_sources":
            value = min(max(0, int(value)), filters.MAX_MIN_SOURCES)
        if name == "q":
            value = str(value).strip()[:200]
        kwargs[name] = value
    a, b = kwargs.get("date_from"), kwargs.get("date_to")
    if isinstance(a, dt.date) and isinstance(b, dt.date) and a > b:
        kwargs["date_from"], kwargs["date_to"] = b, a
        problems.append(f"The date range was reversed; showing {b} to {a}")
    try:
        return filters.Filters(**kwargs), problems
    except ValueError as exc:  # e.g. a value a stale URL put in a widget
        return filters.Filters(), problems + [f"Filters reset: {exc}"]


def view_from_widgets(state, view: View) -> View:
    return replace(view, **{name: state.get(key, getattr(view, name)) for key, name in VIEW_WIDGETS.items()})


def _last(params, key: str) -> str | None:
    if hasattr(params, "get_all"):
        values = params.get_all(key)
        return str(values[-1]) if values else None
    value = params.get(key) if hasattr(params, "get") else None
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else None
    return None if value is None else str(value)
