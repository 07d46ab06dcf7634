"""Fixtures for the dashboard tests: a realistic small store from the seeds, a hostile one, an AppTest factory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from events.output import store as store_mod
from tests.dashboard import dash_stores

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "page.py")


@pytest.fixture(scope="package")
def seed_store_path(tmp_path_factory) -> Path:
    return dash_stores.seed_store(tmp_path_factory.mktemp("seedstore"))


@pytest.fixture(scope="package")
def seed(seed_store_path) -> store_mod.Store:
    return store_mod.read(seed_store_path)


@pytest.fixture(scope="package")
def hostile_store_path(tmp_path_factory) -> Path:
    return dash_stores.hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="package")
def hostile(hostile_store_path) -> store_mod.Store:
    return store_mod.read(hostile_store_path)


@pytest.fixture
def app(monkeypatch):
    """``app(store_path, q="Kazan", ...)`` -> an AppTest that has run once with those query parameters."""
    from streamlit.testing.v1 import AppTest

    def make(store_path: Path, **params):
        monkeypatch.setattr(sys, "argv", ["app.py", "--store", str(store_path)])
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        return at

    return make
