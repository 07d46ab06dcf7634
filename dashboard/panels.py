"""The panels below the chart: an event in detail (every quote highlighted in its article), the
exports (slide images, CSV, JSON, TimelineJS; built when downloaded), and adding articles
(saved in the user's inbox, then the store is rebuilt).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import access, data, detail, exports, images, uploads, wire
from dashboard.detail import md
from dashboard.loaders import Shown, image_server, load_text, read_source, render_image
from events.output import export, filters
from events.output import store as store_mod

log = logging.getLogger(__name__)

MAX_PICK = 100  # events offered in the event picker (the table's first rows; a click picks any other)


def progress_bar():
    bar = st.progress(0.0, text="Starting…")
    return lambda done, total, what: bar.progress(
        done / total if total else 1.0, text=f"{what or 'working'}: {done} of {total}"
    )


def event_panel(view: Shown, table: pd.DataFrame) -> None:
    """The event picker and, for the picked event, its card: dates, status, actors, and every quote
    highlighted in its article."""
    event_id = _event_picker(view, table)
    if not event_id:
        return
    input_dir = view.meta.get("input_dir") or ""
    row = access.find(view.p, event_id)
    if row is None:
        return
    try:
        mentions = access.mentions_for(view.path, [event_id])
    except store_mod.StoreError as exc:  # a damaged mentions.parquet: say so, keep the page up
        st.error(md(str(exc)))
        return
    shown = detail.event_view(
        view.rows(np.array([row])),
        mentions,
        view.documents,
        event_id,
        Path(input_dir) if input_dir else None,
        read_text=functools.partial(read_source, view.meta, view.version),
    )
    if shown is not None:
        with st.container(border=True):
            _event_card(shown)


def _event_picker(view: Shown, table: pd.DataFrame) -> str | None:
    """A select box of the table's first events (and the picked one, wherever it is); the picked id."""
    labels = dict(zip(table["event_id"].astype(str), table["title"].astype(str)))
    choices = table["event_id"].tolist()[:MAX_PICK]
    current = st.session_state.get("event")
    row = access.find(view.p, current) if current else None
    if current and row is None:
        st.session_state["event"] = None
    elif current and current not in labels:
        labels[current] = str(view.p.table.column("title")[row].as_py())
        choices = [current] + choices
    st.selectbox(
        "Event detail",
        [None] + choices,
        key="event",
        placeholder="Click a point, pick a row or choose…",
        format_func=lambda i: "—" if i is None else detail.plain(labels.get(i, i), 120),
        help=f"Offers the table's first {MAX_PICK:,} events; click a point or a table row for any other."
        if len(table) > MAX_PICK
        else None,
    )
    return st.session_state.get("event")


def _event_card(view: detail.EventView) -> None:
    st.markdown(f"### {md(view.title)}")
    st.markdown(
        md(
            f"{view.date} · precision: {view.precision} · basis: {view.basis} · status: {view.status}"
            f" · category: {view.category}" + (" · lasted over the period" if view.is_span else "")
        )
    )
    if view.date_conflict:
        st.caption("Its mentions disagree on the date; each mention's own date is shown below.")
    st.caption(
        md(
            f"Actors: {', '.join(view.actors) or '—'} · place: {view.location or '—'} · "
            f"sources: {', '.join(view.sources) or '—'}"
        )
    )
    articles = detail.by_article(view.mentions)
    st.caption(
        f"{len(view.mentions)} mention{'' if len(view.mentions) == 1 else 's'} in "
        f"{len(articles)} article{'' if len(articles) == 1 else 's'}:"
    )
    for k, art in enumerate(articles):
        n = len(art.mentions)
        with st.expander(md(f"{detail.plain(art.header, 160)} ({n} mention{'' if n == 1 else 's'})"), expanded=k == 0):
            for m in art.mentions:
                st.markdown(
                    md(f"date: {m.date} · basis: {m.basis}" + (f' · from "{m.date_text}"' if m.date_text else ""))
                )
                if m.found:
                    st.markdown(detail.highlight(m.before, m.found, m.after))
                else:
                    st.markdown(f"> {md(m.quote)}")
                    st.caption(md(f"Shown without its document: {m.problem}."))


def export_rows(path: str, version: str, keep: np.ndarray, fmt: str, **kw) -> bytes | str:
    """The export of every kept row with every column (the text ones read once per store version,
    ``load_text``), built when the download is asked for."""
    return export.render(access.rows(load_text(path, version), keep), fmt, **kw)


def slide_image(view: Shown, f, build, title: str, as_of: str, fmt: str, **kw) -> bytes:
    """The chart drawn for a slide (``build()``: its labels placed for 1920×1080), dressed and
    rendered when the download is asked for (not on every rerun)."""
    fig = build()
    meta = wire.meta(fig.layout.meta)
    counts = data.counts_line(view.counts)
    if meta.get("layout") == "rows":  # the summary
        counts = f"Summary: {meta.get('n_events', 0):,} key happenings of {view.counts['shown']:,} events"
    slide = exports.for_export(
        fig, title=title, subtitle=f"{f.describe()} · {counts}", as_of=as_of, source_note=view.source_note()
    )
    return render_image(slide, fmt, **kw)


SLIDE_SHOWS = {"summary": "the story's key happenings", "all": "every event in view"}


def export_panel(view: Shown, f, build, name, as_of) -> None:
    """The exports; ``build(summary, strip)`` draws the slide's chart: the summary (one happening a row) or
    every event, with or without the undated strip."""
    title = st.text_input("Title on the image", value="Event timeline", max_chars=120, key="x_title")
    c = view.counts
    left, right = st.columns(2)
    shows = left.radio(
        "The slide shows", list(SLIDE_SHOWS), format_func=SLIDE_SHOWS.get, horizontal=True, key="x_slide"
    )
    strip = right.checkbox("Undated strip", value=False, key="x_strip", help="the undated events beside the axis")
    image = functools.partial(slide_image, view, f, functools.partial(build, shows == "summary", strip), title, as_of)
    st.write("Slide-size images (1920×1080 at scale 2), with the title, the filters, the date and a source note:")
    cols = st.columns(5)
    if image_server():
        for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
            col.download_button(
                f"{fmt.upper()} image",
                data=functools.partial(image, fmt),
                file_name=f"{name}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"dl_{fmt}",
            )
    else:
        st.warning(images.HOW_TO_GET_CHROME)
    meta = {"filters": f.describe(), "query": filters.to_query(f), "as_of": as_of, "events": c["shown"]}
    for col, fmt, ext, mime in (
        (cols[2], "csv", "csv", "text/csv"),
        (cols[3], "json", "json", "application/json"),
        (cols[4], "timelinejs", "timeline.json", "application/json"),
    ):
        col.download_button(
            f"{fmt.upper() if fmt != 'timelinejs' else 'TimelineJS'}",
            data=functools.partial(
                export_rows, view.path, view.version, view.keep, fmt, meta=meta, title=title, subtitle=f.describe()
            ),
            file_name=f"{name}.{ext}",
            mime=mime,
            on_click="ignore",
            key=f"dl_{fmt}",
        )
    if image_server() and st.button("Preview the PNG"):
        try:
            st.image(image("png", scale=1), caption="PNG preview (scale 1)")
        except images.ExportUnavailable as exc:
            st.error(str(exc))


def add_panel(meta: dict, path) -> None:
    """Upload or paste articles: saved in the user's inbox, then the store is rebuilt from both."""
    input_dir = Path(meta.get("input_dir") or "")
    if not meta.get("input_dir") or not input_dir.is_dir():
        st.info("This store does not name an input folder that exists here, so articles cannot be added to it.")
        return
    last_changes(meta)
    st.write(
        "New articles are saved in your own data folder (not among the store's articles; set "
        "EVENTS_DATA_DIR to choose it), and the store is rebuilt from both."
    )
    with st.form("add_articles", clear_on_submit=True):
        files = st.file_uploader(
            f"Article files ({', '.join(uploads.ALLOWED_SUFFIXES)}; up to {uploads.MAX_UPLOAD_MB} MB each)",
            type=[s[1:] for s in uploads.ALLOWED_SUFFIXES],
            accept_multiple_files=True,
            max_upload_size=uploads.MAX_UPLOAD_MB,
        )
        text = st.text_area("…or paste an article's text", height=160, key="add_text")
        c1, c2, c3 = st.columns(3)
        title = c1.text_input("Title", key="add_title")
        outlet = c2.text_input("Outlet", key="add_outlet")
        published = c3.date_input("Publication date (optional)", value=None, format="YYYY-MM-DD", key="add_date")
        submitted = st.form_submit_button("Add and rebuild")
    if not submitted:
        return
    inbox = uploads.inbox_dir()
    saved, errors = _save_articles(inbox, files, text, dict(title=title, outlet=outlet, published=published))
    for e in errors:
        st.error(md(e))
    if not saved:
        st.info("Nothing was added.")
        return
    _rebuild(input_dir, Path(path), inbox, saved, errors)


def _save_articles(inbox: Path, files, text: str, fields: dict) -> tuple[list[str], list[str]]:
    """Save the uploaded files and the pasted text in ``inbox``: the names saved, and what went wrong."""
    saved, errors = [], []
    for up in files or []:
        try:
            saved.append(uploads.save_upload(inbox, up.name, up.getvalue()).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
        except OSError as exc:  # the data folder cannot be written: say so without its path
            errors.append(f"{up.name}: cannot be saved ({exc.strerror or type(exc).__name__})")
    if text and text.strip():
        try:
            saved.append(uploads.save_pasted(inbox, text, **fields).name)
        except uploads.UploadError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"the pasted text cannot be saved ({exc.strerror or type(exc).__name__})")
    return saved, errors


def _rebuild(input_dir: Path, store: Path, inbox: Path, saved: list[str], errors: list[str]) -> None:
    """Rebuild the store with the saved articles, then rerun the page with what changed as its message and a
    line for every file of the batch that was not added (``errors``: those that could not even be saved)."""
    with st.status(md(f"Saved {', '.join(saved)}; rebuilding the store…"), expanded=True) as s:
        try:
            result = uploads.rebuild(
                input_dir, store, progress_bar(), built_at=dt.datetime.now(dt.timezone.utc), inbox=inbox
            )
        except Exception as exc:  # the old store stays whole; say what failed
            log.debug(f"rebuilding the store {store} failed", exc_info=True)
            s.update(label="The rebuild failed; the store is unchanged", state="error")
            st.error(md(f"{type(exc).__name__}: {exc}"))
            return
        s.update(label="Store rebuilt", state="complete")
    added, problems = uploads.batch_lines(saved, errors, result)
    summary = result.summary() + (f"; {result.changes.summary()}" if result.changes else "")
    st.session_state["flash"] = " ".join([*added, summary])
    st.session_state["flash_errors"] = problems
    st.rerun()


def last_changes(meta: dict) -> None:
    """What the last rebuild changed (kept in the store's meta), as a line and a table."""
    from events.merging import changes as changes_mod

    found = changes_mod.from_meta(meta)
    if found is None or found.first:
        return
    st.markdown("**Last rebuild**, " + md(f"{found.summary()}."))
    rows = [
        {
            "change": changes_mod.LABELS[c.kind],
            "event": c.event_id,
            "title": c.title,
            "before": c.before,
            "after": c.after,
        }
        for k in changes_mod.KINDS
        for c in getattr(found, k)
    ]
    if rows:
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            key="changes_table",
            column_config={"title": st.column_config.TextColumn("Title", width="large")},
        )
        shown, total = len(rows), sum(found.counts().values())
        if total > shown:
            st.caption(f"The first {shown:,} of {total:,} changes; the build log lists them all.")
