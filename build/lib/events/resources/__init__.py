"""One small loader for the rule and vocabulary files kept beside this module.

Every vocabulary (month names, triggers, hedges, gazetteers, boilerplate patterns)
is a TOML file under ``events/resources/``. Code asks for it by name::

    from events.resources import load
    months = load("temporal/months")      # events/resources/temporal/months.toml
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path_of(name: str) -> Path:
    """The file behind a resource name ("temporal/months" -> .../temporal/months.toml)."""
    p = ROOT / f"{name}.toml"
    if not p.is_file():
        known = sorted(str(q.relative_to(ROOT).with_suffix("")) for q in ROOT.rglob("*.toml"))
        raise FileNotFoundError(f"No resource named {name!r}. Expected one of {known}")
    return p


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Parse a resource file once and return its contents (treat as read-only)."""
    with path_of(name).open("rb") as fh:
        return tomllib.load(fh)


def names() -> list[str]:
    """Every resource name, for the test that runs each file's examples."""
    return sorted(str(q.relative_to(ROOT).with_suffix("")) for q in ROOT.rglob("*.toml"))
