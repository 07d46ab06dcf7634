"""Reading the store ahead when the server starts (dashboard.warm)."""

from __future__ import annotations

import threading

from dashboard import access, warm
from events.output import filters
from events.output import store as store_mod


def test_the_store_is_read_once_whoever_asks_first(seed_store_path, monkeypatch, capsys):
    calls, release = [], threading.Event()
    real = access.load

    def slow_load(path, *a, **kw):
        calls.append(path)
        release.wait(10)  # a page asks while the read ahead is still going
        return real(path, *a, **kw)

    monkeypatch.setattr(access, "load", slow_load)
    monkeypatch.setattr(warm, "_kept", {})
    thread = warm.start(["--store", str(seed_store_path)])
    assert thread is not None
    got = []
    page = threading.Thread(
        target=lambda: got.append(warm.events(str(seed_store_path), store_mod.version_of(seed_store_path)))
    )
    page.start()
    release.set()
    thread.join(30)
    page.join(30)
    assert calls == [str(seed_store_path)]  # one read, not two
    assert len(got[0]) == len(store_mod.read(seed_store_path).events)
    assert warm.events(str(seed_store_path), store_mod.version_of(seed_store_path)) is got[0]
    assert f"{len(got[0]):,} events read ahead from {seed_store_path}" in capsys.readouterr().err


def test_a_new_store_version_is_read_again_and_the_old_one_let_go(seed_store_path, monkeypatch):
    monkeypatch.setattr(warm, "_kept", {})
    a = warm.events(str(seed_store_path), "v1")
    b = warm.events(str(seed_store_path), "v2")
    assert a is not b and list(warm._kept) == [(str(seed_store_path), "v2")]


def test_no_store_yet_means_nothing_to_read(tmp_path):
    assert warm.start(["--store", str(tmp_path / "none")]) is None


def test_a_damaged_store_is_left_for_the_page_to_report(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(warm, "_kept", {})
    (tmp_path / store_mod.META).write_text("{}", encoding="utf-8")  # a store.json, but no tables
    thread = warm.start(["--store", str(tmp_path)])
    thread.join(30)
    assert "the store was not read ahead" in capsys.readouterr().err


def test_the_text_columns_are_read_ahead_once_and_ready_to_search(seed_store_path, monkeypatch, capsys):
    calls, release = [], threading.Event()
    real = access.complete

    def slow_complete(p):
        calls.append(len(p))
        release.wait(10)  # the first search comes while the text is still being read ahead
        return real(p)

    monkeypatch.setattr(access, "complete", slow_complete)
    monkeypatch.setattr(warm, "_kept", {})
    monkeypatch.setattr(warm, "_kept_text", {})
    version = store_mod.version_of(seed_store_path)
    thread = warm.start(["--store", str(seed_store_path)])
    got = []
    page = threading.Thread(target=lambda: got.append(warm.text(str(seed_store_path), version)))
    page.start()
    release.set()
    thread.join(30)
    page.join(30)
    assert len(calls) == 1  # one read of the text, not two
    full = got[0]
    assert not full.deferred and "description" in full.table.column_names
    assert "actors_text" in full._cache  # what the search joins is joined already
    assert warm.text(str(seed_store_path), version) is full
    assert filters.text_hit(full, "kazan").any()
    assert "the events' text read ahead in" in capsys.readouterr().err
