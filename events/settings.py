"""One settings object for a build, validated: defaults in one place, bad values explained."""

from __future__ import annotations

from dataclasses import dataclass, fields

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
