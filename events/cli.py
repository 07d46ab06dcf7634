"""Command line: ``python -m events build|export``. A thin layer over events.pipeline and events.output.export."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

from events.output import export, filters, store
from events.records import PRECISIONS, STATUSES
from events.settings import ROWS_PER_PART


class OneLineFormatter(logging.Formatter):
    """Every log record as one line: a line break (or other control character) in a message, from a file
    name say, is written as an escape, so no one can start a log line of their own with a file name."""

    def format(self, record: logging.LogRecord) -> str:
        from events.reading.ingest import one_line

        return one_line(super().format(record))


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a date; use YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m events", description="Dated events out of news articles.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read INPUT_DIR and write the event store")
    b.add_argument("input_dir", type=Path, help="folder of .txt/.md/.html articles (optional manifest.csv)")
    b.add_argument(
        "inbox",
        type=Path,
        nargs="?",
        default=None,
        help="a folder of articles added later (the dashboard's Add articles saves into "
        "$EVENTS_DATA_DIR/inbox, default ~/.local/share/events-timeline/inbox), read after "
        "INPUT_DIR; its documents' ids start with 'inbox-'",
    )
    b.add_argument("--out", type=Path, required=True, help="store folder to write (replaced atomically)")
    b.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes for the per-document stage (default: the machine's cores)",
    )
    b.add_argument(
        "--strict",
        action="store_true",
        help="exit 2 when any file was skipped or the manifest or overrides had problems",
    )
    b.add_argument("--overrides", default="", help="analyst overrides file (default INPUT_DIR/overrides.toml)")
    b.add_argument("--max-file-bytes", type=int, default=5_000_000, help="skip larger files")
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the per-document stage runs: local processes (--jobs) or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        default="",
        help="Dask scheduler address (tcp://HOST:8786); with --engine dask and none, a local cluster",
    )
    b.add_argument(
        "--rows-per-part",
        type=int,
        default=ROWS_PER_PART,
        metavar="N",
        help="a table of more rows is written as a folder of Parquet parts of N rows "
        f"(NAME.parquet/part-00000.parquet ...; default {ROWS_PER_PART:,})",
    )
    b.add_argument(
        "--allow-empty",
        action="store_true",
        help="write an empty store when no document could be read (by default such a build keeps the "
        "previous store and exits 2)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar or info lines")
    b.add_argument(
        "--log-file",
        type=Path,
        metavar="FILE",
        help="also write the build's log to FILE (appended), down to debug lines: the traceback of every "
        "failure the build went on past (a document skipped, a page's metadata not read ...)",
    )

    e = sub.add_parser("export", help="write the (filtered) events of a store as csv, json or timelinejs")
    e.add_argument("--store", type=Path, required=True)
    e.add_argument("--format", choices=export.FORMATS, required=True)
    e.add_argument("--out", type=Path, required=True, help="file to write ('-' for standard output)")
    e.add_argument("--force", action="store_true", help="overwrite --out if it exists (never a file of the store)")
    e.add_argument("--from", dest="date_from", type=_date, help="events ending on or after this date")
    e.add_argument("--to", dest="date_to", type=_date, help="events starting on or before this date")
    e.add_argument("--q", default="", help="text to search in titles, descriptions, actors, places")
    e.add_argument("--actor", action="append", default=[], help="repeatable")
    e.add_argument("--category", action="append", default=[], help="repeatable")
    e.add_argument("--status", action="append", default=[], choices=STATUSES, help="repeatable")
    e.add_argument("--outlet", action="append", default=[], help="repeatable")
    e.add_argument("--precision", action="append", default=[], choices=PRECISIONS, help="repeatable")
    e.add_argument("--min-sources", type=int, default=1)
    e.add_argument("--no-undated", action="store_true", help="leave out undated events")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "build":
        return cmd_build(args)
    return cmd_export(args)


def cmd_build(args) -> int:
    from events import pipeline
    from events import settings as settings_mod

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(message)s"))
    handler.setLevel(logging.WARNING if args.quiet else logging.INFO)
    logging.basicConfig(level=handler.level, handlers=[handler])
    try:
        log_file = _log_file(args.log_file)
    except OSError as exc:
        print(f"error: cannot write the log file {args.log_file} ({exc.strerror or exc})", file=sys.stderr)
        return 2
    with log_file:
        return _build(args, pipeline, settings_mod)


def _build(args, pipeline, settings_mod) -> int:
    try:
        cfg = settings_mod.make(
            jobs=args.jobs if args.jobs is not None else (os.cpu_count() or 1),
            strict=args.strict,
            overrides=args.overrides,
            max_file_bytes=args.max_file_bytes,
            engine=args.engine,
            scheduler=args.scheduler,
            rows_per_part=args.rows_per_part,
            inbox=str(args.inbox or ""),
            allow_empty=args.allow_empty,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.input_dir.is_dir():
        print(f"error: input folder {args.input_dir} does not exist or is not a folder", file=sys.stderr)
        return 2
    if args.inbox is not None and not args.inbox.is_dir():
        print(f"note: the inbox folder {args.inbox} does not exist; built from {args.input_dir} alone", file=sys.stderr)
    progress = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        progress = lambda it, **kw: tqdm(it, file=sys.stderr, **kw)  # noqa: E731
    try:
        result = pipeline.build(args.input_dir, args.out, cfg, progress, built_at=dt.datetime.now(dt.timezone.utc))
    except store.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if result.changes is not None:
        print(f"changes: {result.changes.summary()}")
    print(f"{result.summary()}; store at {args.out}")
    if cfg.strict and (result.skipped or result.problems):
        return 2
    return 0


@contextmanager
def _open_log(path: Path):
    """Every log record of the build into ``path`` while it runs: debug lines (tracebacks) of the program's
    own loggers, info and above of any."""
    fh = logging.FileHandler(path, encoding="utf-8")
    fh.setLevel(logging.DEBUG)
    fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    fh.addFilter(lambda r: r.levelno >= logging.INFO or r.name.split(".")[0] in ("events", "dashboard"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(fh)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(fh)
        root.setLevel(level)
        fh.close()


def _log_file(path: Path | None):
    """The context in which the build logs into ``path`` too (nothing to do without one). Opens the file now:
    an OSError here is the user's to hear before the build starts."""
    if path is None:
        return nullcontext()
    Path(path).open("a", encoding="utf-8").close()
    return _open_log(path)


def cmd_export(args) -> int:
    try:
        st = store.read(args.store)
        f = filters.Filters(
            date_from=args.date_from,
            date_to=args.date_to,
            q=args.q,
            actors=tuple(args.actor),
            categories=tuple(args.category),
            statuses=tuple(args.status),
            outlets=tuple(args.outlet),
            precisions=tuple(args.precision),
            min_sources=args.min_sources,
            include_undated=not args.no_undated,
        )
    except (store.StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out_problem = _export_target_problem(args.out, args.store, args.force)
    if out_problem:
        print(f"error: {out_problem}", file=sys.stderr)
        return 2
    rows = filters.apply(st.events, f)
    text = export.render(
        rows, args.format, meta={"filters": f.describe(), "store": str(args.store)}, subtitle=f.describe()
    )
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"{len(rows)} events written to {args.out}", file=sys.stderr)
    return 0


def _export_target_problem(out: Path, store_path: Path, force: bool = False) -> str:
    """Why ``--out`` cannot be written ('' when it can be, or is standard output): a folder, a file of the
    store itself, or a file that exists (``--force`` overwrites it)."""
    if str(out) == "-":
        return ""
    if out.is_dir():
        return f"--out {out} is a folder; give a file name (e.g. {out / 'events.csv'})"
    target = out.resolve()
    for own in (Path(store_path).resolve(), store.versions_dir(Path(store_path).absolute()).resolve()):
        if target.is_relative_to(own):
            return f"--out {out} is a file of the store {store_path}; write the export outside the store"
    if out.exists() and not force:
        return f"--out {out} exists; pass --force to overwrite it, or choose another file"
    parent = out.parent
    if not parent.is_dir():
        what = "is a file" if parent.exists() else "does not exist"
        return f"cannot write {out}: the folder {parent} {what}; create it first or choose another --out"
    return ""
