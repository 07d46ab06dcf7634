"""What the page reads, cached: the events once per store version, their text columns, the filters'
choices, the store's meta and documents, key dates, article texts; Kaleido's Chromium kept warm;
and ``Shown``, the store with what passes the filters.

Cached functions take every input as an argument (the store's path and version) and their results are
never mutated.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from dashboard import access, chart, data, detail, images, listing, style, warm
from events.merging import keydates, salience
from events.output import dates, filters, tables
from events.output import store as store_mod

log = logging.getLogger(__name__)


@st.cache_resource(max_entries=2, show_spinner="Reading the event store…")
def load_events(path: str, version: str) -> access.Prepared:
    """The events, once per store version (a rebuild changes the version). Never mutated. Read
    ahead when the server started (``warm``)."""
    return warm.events(path, version)


@st.cache_resource(max_entries=2, show_spinner="Reading the events' text…")
def load_text(path: str, version: str) -> access.Prepared:
    """The events with their long text columns (for a text search), once per store version. Read
    ahead when the server started (``warm``)."""
    return warm.text(path, version)


@st.cache_resource(max_entries=2, show_spinner=False)
def store_choices(path: str, version: str) -> tuple[dict, tuple]:
    """The filters' choices (``listing.options``) and the dates' bounds of the whole store. Never mutated."""
    p = load_events(path, version)
    return listing.options(p), listing.date_bounds(p)


@st.cache_resource(max_entries=2, show_spinner=False)
def load_small(path: str, version: str) -> tuple[dict, pd.DataFrame]:
    """The store's meta and its documents table without the documents' text (detail reads the files)."""
    real = Path(version or path)
    try:
        meta = json.loads((real / store_mod.META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise store_mod.StoreError(f"{path}: {store_mod.META} cannot be read ({exc}); rebuild the store") from None
    docs_path = real / "documents.parquet"
    try:
        columns = [c for c in pq.read_schema(store_mod.table_files(docs_path)[0]).names if c != "text"]  # file or parts
        documents = pd.read_parquet(docs_path, columns=columns)
    except Exception as exc:  # pyarrow's errors for a missing or damaged file are many; all mean the same here
        log.debug(f"{docs_path}: reading it failed", exc_info=True)
        raise store_mod.StoreError(f"{path}: documents.parquet cannot be read ({exc}); rebuild the store") from None
    return meta, dates.typed(documents)


def image_server() -> bool:
    """Whether images can be rendered here (a Chromium exists). Kaleido's Chromium is started on the first
    export, not on page load: starting it costs a core for a second or two while the first chart draws."""
    return images.chrome_path() is not None


@st.cache_resource(show_spinner=False)
def started_image_server() -> bool:
    """Kaleido's Chromium, started once per process and kept warm. False without Chromium."""
    return images.start()


def render_image(fig, fmt: str, **kw) -> bytes:
    started_image_server()
    return images.render(fig, fmt, **kw)


@st.cache_data(show_spinner=False, max_entries=4)
def key_dates(path: str, version: str) -> list:
    """The collection's key dates (events.merging.salience.key_dates) from its documents' date references
    and each day's most salient event; none for a store built before date references were kept."""
    refs, published = tables.date_refs(load_small(path, version)[1])
    if not any(refs.values()):
        return []
    return salience.key_dates(refs, published, best=best_days(path, version))


def best_days(path: str, version: str) -> dict:
    """Each day's most salient event (events.merging.keydates.best_by_day); {} for a store without salience."""
    events = Path(version or path) / "events.parquet"
    try:
        ev = pd.read_parquet(events, columns=["date_start", "precision", "salience"])
    except Exception:  # a store written before salience was kept: the key dates rank without it
        log.debug(f"{events}: no salience to rank key dates with", exc_info=True)
        return {}
    return keydates.best_by_day(dates.as_dates(ev["date_start"]), ev["precision"], ev["salience"].fillna(0.0))


def read_source(meta: dict, version: str, input_dir, rel_path: str) -> str | None:
    """A document of the store, from its input folder or (``.inbox/...``) the inbox it was read from."""
    from events.pipeline import source_file

    folder, rel = source_file(meta, rel_path)
    return read_document(str(folder), rel, version) if folder else None


@st.cache_data(max_entries=128, show_spinner=False)
def read_document(input_dir: str, rel_path: str, version: str) -> str | None:
    return detail.document_text(Path(input_dir), rel_path)


class Shown:
    """The store and what passes the filters (``keep``), with the counts and the rows pages need."""

    def __init__(
        self, p: access.Prepared, keep: np.ndarray, path: str, version: str, meta: dict, documents: pd.DataFrame
    ):
        self.p, self.keep, self.path, self.version, self.meta, self.documents = p, keep, path, version, meta, documents
        n, u = int(keep.sum()), int((keep & (p.start == filters.NO_DAY)).sum())
        self.counts = {"total": len(p), "shown": n, "dated": n - u, "undated": u}

    def rows(self, idx: np.ndarray) -> pd.DataFrame:
        return access.rows(self.p, access.as_mask(len(self.p), idx))

    def figure(self, f, lane_by: str, color_by: str, color_order, look=style.ANALYST, undated: bool = True):
        """The timeline (each event) or the density (counts per bin), by how many marks are in view."""
        return chart.figure(self.p, self.keep, f, lane_by, color_by, color_order, look, undated=undated)

    def source_note(self) -> str:
        return data.source_line(len(self.documents), listing.options(self.p, self.keep)["outlets"])
