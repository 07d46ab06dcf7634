import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TE3 = ROOT / "corpora" / "te3" / "TBAQ-cleaned"  # TempEval-3 gold, vendored (corpora/te3/README.md)

# Hypothesis keeps its example database and caches in the temporary folder, not in the working tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-event-timeline")

# Scope "package": tests/ is the root package, so each store below is built once per run.


@pytest.fixture(scope="package")
def seeds_store(tmp_path_factory):
    """The store built once from seeds/ (with its manifest), reused by read-only tests."""
    from events import pipeline

    out = tmp_path_factory.mktemp("seeds") / "store"
    pipeline.build(SEEDS, out)
    return out


@pytest.fixture(scope="package")
def seeds_store_no_manifest(tmp_path_factory):
    """The store built from the seed articles with the manifest removed (publication dates inferred)."""
    from events import pipeline

    base = tmp_path_factory.mktemp("seeds-nomanifest")
    inp = base / "input"
    inp.mkdir()
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, inp / p.name)
    out = base / "store"
    pipeline.build(inp, out)
    return out


# No test writes into the working tree: what a run adds to it (untracked or ignored) fails the run.
_BUILD_LEFTOVERS = (".venv", ".venv-lock", ".pytest_cache", ".ruff_cache", "__pycache__")


def _tree_additions() -> set[str] | None:
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None  # not a git checkout
    paths = {line[3:] for line in out.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {p for p in paths if not any(part in _BUILD_LEFTOVERS for part in Path(p).parts)}


_BEFORE = _tree_additions()


def pytest_sessionfinish(session, exitstatus):
    after = _tree_additions()
    if _BEFORE is None or after is None or not (new := sorted(after - _BEFORE)):
        return
    session.config.get_terminal_writer().line(f"\nTests wrote into the working tree: {', '.join(new)}", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
