"""One settings object for a build, validated: defaults in one place, bad values explained."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

APP_NAME = "events-timeline"
SUFFIXES = (".txt", ".md", ".html", ".htm")
ROWS_PER_PART = 250_000  # a store table with more rows is written as a folder of Parquet parts


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = 5_000_000  # larger files are skipped with a word
    jobs: int = 1  # worker processes for the per-document stage
    strict: bool = False  # exit non-zero when any file was skipped
    overrides: str = ""  # path of the analyst's overrides file ("" = INPUT_DIR/overrides.toml if present)
    engine: str = "local"  # "local" or "dask"
    scheduler: str = ""  # dask scheduler address, with engine="dask"
    rows_per_part: int = ROWS_PER_PART  # store tables with more rows: NAME.parquet/part-00000.parquet ...
    inbox: str = ""  # a folder of articles the user added, read after the input folder ("" = none)
    allow_empty: bool = False  # a build that reads no document writes an empty store (else it keeps the last)

    def __post_init__(self):
        if not isinstance(self.max_file_bytes, int) or self.max_file_bytes <= 0:
            raise ValueError(f"max_file_bytes must be a positive whole number, not {self.max_file_bytes!r}")
        if not isinstance(self.jobs, int) or self.jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {self.jobs!r}")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"engine must be one of ['local', 'dask'], not {self.engine!r}")
        check_rows_per_part(self.rows_per_part)


def check_rows_per_part(rows_per_part) -> None:
    """Raise ValueError unless rows_per_part is a whole number of rows, 1 or more (store.write checks it too)."""
    if not isinstance(rows_per_part, int) or isinstance(rows_per_part, bool) or rows_per_part < 1:
        raise ValueError(f"rows_per_part must be a whole number of rows, 1 or more, not {rows_per_part!r}")


def make(**kwargs) -> Settings:
    """Settings from keyword arguments; an unknown key raises an error listing the valid ones."""
    valid = [f.name for f in fields(Settings)]
    unknown = sorted(set(kwargs) - set(valid))
    if unknown:
        raise ValueError(f"Unknown setting(s) {unknown}; expected some of {valid}")
    return Settings(**kwargs)


def user_data_dir(env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    """The user's data folder, outside any repository: ``$EVENTS_DATA_DIR``, else
    ``$XDG_DATA_HOME/events-timeline``, else ``~/.local/share/events-timeline`` (the XDG default)."""
    if env.get("EVENTS_DATA_DIR"):
        return Path(env["EVENTS_DATA_DIR"]).expanduser()
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser() / APP_NAME
    return (home or Path.home()) / ".local" / "share" / APP_NAME


def default_inbox(env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    """Where the dashboard saves the articles a user adds: ``inbox`` in ``user_data_dir``."""
    return user_data_dir(env, home) / "inbox"
