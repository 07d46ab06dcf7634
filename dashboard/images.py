"""PNG and SVG of a figure, rendered server-side by kaleido with the system's Chromium.

Kaleido 1.x drives a Chrome it finds on PATH (or at ``$BROWSER_PATH``); on Debian that is
``/usr/bin/chromium``. ``start()`` opens kaleido's sync server once (the app keeps it with
``st.cache_resource``), after which an export costs a fraction of a second instead of a Chromium
start. Without Chromium, ``render`` raises ``ExportUnavailable`` whose message says how to get it.
"""

from __future__ import annotations

import logging
import os
import shutil

import pandas as pd
import plotly.graph_objects as go

from dashboard.exports import SLIDE
from events.output import dates as store_dates

log = logging.getLogger(__name__)

IMAGE_FORMATS = ("png", "svg")
CHROME_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HOW_TO_GET_CHROME = (
    "PNG and SVG export renders the chart with Chromium, which was not found. On Debian or Ubuntu: "
    "`sudo apt-get install -y chromium` (or set `BROWSER_PATH` to a Chrome or Chromium), then restart the app. "
    "CSV, JSON and TimelineJS exports work without it."
)


class ExportUnavailable(RuntimeError):
    """Images cannot be rendered here; the message says why and what to do."""


def chrome_path() -> str | None:
    """The Chrome or Chromium kaleido will use, or None."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in CHROME_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def start() -> bool:
    """Start kaleido's long-lived server (once per process). False when there is no Chromium."""
    if chrome_path() is None:
        return False
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    return True


def render(
    fig: go.Figure,
    fmt: str = "png",
    *,
    width: int = SLIDE["width"],
    height: int = SLIDE["height"],
    scale: float = SLIDE["scale"],
) -> bytes:
    """The figure as PNG or SVG bytes."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}; expected one of {list(IMAGE_FORMATS)}")
    if chrome_path() is None:
        raise ExportUnavailable(HOW_TO_GET_CHROME)
    import kaleido

    try:
        data = kaleido.calc_fig_sync(fig, opts=dict(format=fmt, width=width, height=height, scale=scale))
    except Exception as exc:  # kaleido's errors come from a browser process; say what happened
        log.debug(f"rendering a {fmt} with kaleido failed", exc_info=True)
        raise ExportUnavailable(
            f"Rendering the {fmt.upper()} failed ({type(exc).__name__}: {exc}). " + HOW_TO_GET_CHROME
        ) from exc
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def newest_article(documents: pd.DataFrame) -> str | None:
    """The newest publication date among the documents (ISO), the date a slide's "as of" names:
    what the events are known from, not when the store was built. None when no date is known."""
    if "published" not in documents or documents.empty:
        return None
    days = store_dates.as_dates(documents["published"]).dropna()
    return max(days).isoformat() if len(days) else None
