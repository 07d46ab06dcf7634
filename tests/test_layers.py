"""The picture of what imports what in docs/design.md is the code's: each package of ``events/`` (and the
app) imports only the packages its line names, and every one of those lines points down the stages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = {"records", "settings", "resources"}
# the order the data flows, bottom first; a package may import only those before it (and the base)
ORDER = [
    "text",
    "reading",
    "temporal",
    "parsing",
    "extraction",
    "merging",
    "output",
    "engine",
    "pipeline",
    "cli",
    "dashboard",
]
UPWARD: set[tuple[str, str]] = set()  # no line reaches up


def package_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("").parts
    if rel[0] == "dashboard":
        return "dashboard"
    return "cli" if rel[1] == "__main__" else rel[1]


def imports() -> dict[str, set[str]]:
    """Package -> the ``events`` packages it imports (anywhere in its modules, function bodies too)."""
    out: dict[str, set[str]] = {}
    for path in list((ROOT / "events").rglob("*.py")) + list((ROOT / "dashboard").rglob("*.py")):
        src = package_of(path)
        if src in BASE | {"__init__"}:
            continue
        found = out.setdefault(src, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "events" and len(parts) > 1 and parts[1] != package_of(path):
                    found.add("cli" if parts[1] == "__main__" else parts[1])
    return out


def picture() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(dashboard +->.*?)```", text, re.S).group(1)
    out = {}
    for line in block.strip().splitlines():
        name, _, targets = line.partition("->")
        out[name.strip()] = {t.strip() for t in targets.split(",") if t.strip() and t.strip() != "(nothing)"}
    return out


def test_the_design_picture_is_the_code():
    assert picture() == imports()


def test_every_package_imports_only_the_stages_below_it():
    for src, targets in imports().items():
        for target in targets - BASE:
            if (src, target) in UPWARD:
                continue
            assert ORDER.index(target) < ORDER.index(src), f"{src} imports {target}, a stage beside or above it"
