"""The build as a whole: publication dates, streaming passes, the store."""

import datetime as dt

import pandas as pd
import pytest

from events import pipeline
from events.settings import Settings


def test_seeds_without_manifest_get_inferred_dates_never_today(seeds_store_no_manifest):
    docs = pd.read_parquet(seeds_store_no_manifest / "documents.parquet").set_index("doc_id")
    assert (docs["published_basis"] == "inferred").all()
    assert docs["published_reason"].str.len().gt(20).all()
    # the latest full date the folder states ("October 26, 2025") is the lower bound for all ...
    assert docs.loc["004_c8231a1d60e4378b", "published"] == dt.date(2025, 10, 26)
    # ... and one that reports "on Oct. 31" as done was published on or after it
    assert docs.loc["003_d65d78ee2db551f0", "published"] == dt.date(2025, 10, 31)
    assert "raised to 2025-10-31" in docs.loc["003_d65d78ee2db551f0", "published_reason"]
    assert not any(d.year >= 2026 for d in docs["published"])


def _folder(tmp_path, texts):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_planned_later_date_does_not_raise_the_estimate(tmp_path):
    inp = _folder(
        tmp_path,
        {
            "a.txt": "The ministry said on March 3, 2025 that the talks had ended.\n",
            "b.txt": "The two presidents will meet on March 20 in Geneva, officials said.\n",
        },
    )
    result = pipeline.run(inp)
    b = next(d for d in result.documents if d.doc_id == "b")
    assert b.published == dt.date(2025, 3, 3) and b.published_basis == "inferred"
    assert "raised" not in b.published_reason


def test_a_reported_later_date_raises_the_estimate(tmp_path):
    inp = _folder(
        tmp_path,
        {
            "a.txt": "The ministry said on March 3, 2025 that the talks had ended.\n",
            "b.txt": "The Washington Post reported on March 12 that the talks had collapsed.\n",
        },
    )
    result = pipeline.run(inp)
    b = next(d for d in result.documents if d.doc_id == "b")
    assert b.published == dt.date(2025, 3, 12)


def test_the_build_log_gives_each_estimated_date_once_with_its_final_reason(tmp_path, caplog):
    import logging

    inp = _folder(
        tmp_path,
        {
            "a.txt": "The ministry said on March 3, 2025 that the talks had ended.\n",
            "b.txt": "The Washington Post reported on March 12 that the talks had collapsed.\n",
        },
    )
    with caplog.at_level(logging.INFO, logger="events"):
        pipeline.run(inp)
    lines = [r.getMessage() for r in caplog.records if "publication date" in r.getMessage()]
    assert sorted(line.split(":")[0] for line in lines) == ["a", "b"]
    b = next(line for line in lines if line.startswith("b:"))
    # the estimate was raised by what the text reports: the one line says the final date and why
    assert b.startswith("b: publication date 2025-03-12 (inferred):") and "raised to 2025-03-12" in b


def test_documents_keep_metadata_not_text_after_extraction(tmp_path):
    inp = _folder(tmp_path, {"a.txt": "Officials said on March 3, 2025 that the talks had ended.\n"})
    result = pipeline.run(inp)
    assert result.documents[0].text == "" and result.documents[0].n_chars > 0
    assert result.mentions and result.mentions[0].quote.startswith("Officials said")


def test_a_worker_sends_back_a_processed_document_without_its_text_and_a_waiting_one_with_it():
    from events.records import Document

    dated = Document(
        "a",
        "a.txt",
        "Officials said on March 3, 2025 that the talks had ended.\n",
        published=dt.date(2025, 3, 4),
        published_basis="given",
    )
    done = pipeline.first_pass(dated)
    assert done.outcome and done.doc.text == "" and done.doc.published == dt.date(2025, 3, 4)
    undated = Document("b", "b.txt", "The two presidents will meet on Tuesday in Geneva, officials said.\n")
    waiting = pipeline.first_pass(undated)
    assert waiting.outcome is None and waiting.doc.text == undated.text  # processed later, from its text


def test_body_blanks_furniture_and_keeps_offsets():
    from events.records import Document

    text = "Headline\nRead more\nThe ministry said on March 3.\nPingback: x\n"
    keep = [(0, 8), (19, 48)]
    doc = Document(doc_id="d", path="d.txt", text=text, regions=tuple(keep))
    out = pipeline.body(doc)
    assert len(out) == len(text)
    assert out[0:8] == "Headline" and out[19:48] == "The ministry said on March 3."
    assert out[9:18].strip() == "" and out.count("\n") == text.count("\n")
    assert "Pingback" not in out and "Read more" not in out


LATER_ARTICLE = (
    "A Russian Il-76 transport plane landed in Caracas last week, officials said on Monday. "
    "The Kremlin said on Tuesday that it would keep supplying Venezuela with air-defence systems. "
    "Maduro thanked Putin for the Oreshnik offer.\n"
)


def test_an_article_dated_later_than_the_others_re_dates_no_existing_event(tmp_path):
    import shutil

    from tests.conftest import SEEDS

    inp, out = tmp_path / "input", tmp_path / "store"
    shutil.copytree(SEEDS, inp)
    first = pipeline.build(inp, out)
    assert first.changes.first and "no previous store" in first.changes.summary()
    (inp / "later.txt").write_text(LATER_ARTICLE, encoding="utf-8")
    with (inp / "manifest.csv").open("a", encoding="utf-8") as fh:
        fh.write("later,Russia keeps arming Venezuela,Wire,,2025-11-03\n")
    second = pipeline.build(inp, out)

    before = {d.doc_id: (d.published, d.published_basis) for d in first.documents}
    after = {d.doc_id: (d.published, d.published_basis) for d in second.documents}
    assert after.pop("later") == (dt.date(2025, 11, 3), "given")
    assert after == before  # no seed's publication date moved to the newcomer's
    old = {m.mention_id: (m.date_start, m.date_end, m.precision) for m in first.mentions}
    moved = [
        m.quote
        for m in second.mentions
        if m.mention_id in old and old[m.mention_id] != (m.date_start, m.date_end, m.precision)
    ]
    assert moved == []
    old_events = {e.mention_ids: (e.date_start, e.date_end, e.precision) for e in first.events}
    for e in second.events:  # an event made of the same mentions as before keeps its date
        if e.mention_ids in old_events:
            assert old_events[e.mention_ids] == (e.date_start, e.date_end, e.precision), e.title
    # what changed is reported, in the build's result and beside the store
    ch = second.changes
    new_ids = {m.event_id for m in second.mentions if m.doc_id == "later"}
    # only an undated event the newcomer tells with a date of its own takes that date
    assert not ch.first and all(c.before == "undated" and c.event_id in new_ids for c in ch.redated)
    added = {c.event_id for c in ch.added}
    assert added and added <= {e.event_id for e in second.events}
    assert added <= new_ids
    import json

    meta = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert meta["changes"]["summary"] == ch.summary() and meta["changes"]["counts"]["added"] == len(ch.added)


def test_documents_keep_every_date_their_body_refers_to_in_any_clause(tmp_path):
    from events.output import tables

    text = (
        "Since the April 20 explosion, BP has spent $3 billion on the spill, the company said on Monday.\n"
        "Engineers worked for three days on the cap. Shares fell in April.\n"
    )
    inp = _folder(tmp_path, {"a.txt": text, "manifest.csv": "doc_id,published\na,2010-06-09\n"})
    result = pipeline.run(inp)
    (doc,) = result.documents
    refs = set(doc.date_refs)
    # the subordinate "April 20" dates no event of the sentence, but the article looks back to it all the same
    assert ("day", dt.date(2010, 4, 20)) in refs and ("day", dt.date(2010, 6, 7)) in refs
    assert ("month", dt.date(2010, 4, 1)) in refs
    assert all(p != "" for p, _ in refs) and len(refs) == 3  # "for three days" is a duration: no date
    frame = tables.documents_frame(result.documents)
    assert tables.date_refs(frame)[0]["a"] == sorted(refs, key=lambda r: (r[1], r[0]))


# ---- a build that reads nothing replaces nothing ------------------------------------------------------------

FUEL = "Russia delivered fuel to Venezuela on Oct. 30, 2025, officials said.\n"
RADAR = "Russia shipped radar systems to Venezuela on Nov. 2, 2025, officials said.\n"


def _two_articles(folder):
    folder.mkdir()
    (folder / "fuel.txt").write_text(FUEL, encoding="utf-8")
    (folder / "radar.txt").write_text(RADAR, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "settings, why",
    [
        (Settings(max_file_bytes=10), "fuel.txt: too large: 69 bytes, over the limit of 10 bytes"),
        (Settings(), "the folder holds no .txt, .md or .html file"),
    ],
    ids=["every file skipped", "no file at all"],
)
def test_a_build_that_reads_no_document_keeps_the_previous_store(tmp_path, settings, why):
    from events.output import store

    folder = _two_articles(tmp_path / "in")
    out = tmp_path / "store"
    pipeline.build(folder, out)
    before = store.read(out)
    if "holds no" in why:
        for f in folder.iterdir():
            f.unlink()
    with pytest.raises(pipeline.NothingRead, match="no document was read") as caught:
        pipeline.build(folder, out, settings)
    assert why in str(caught.value) and f"the store at {out} is kept as it was" in str(caught.value)
    after = store.read(out)
    assert after.path == before.path and len(after.events) == len(before.events) > 0


def test_an_empty_store_is_written_when_asked_for(tmp_path):
    from events.output import store

    folder = _two_articles(tmp_path / "in")
    out = tmp_path / "store"
    pipeline.build(folder, out)
    result = pipeline.build(folder, out, Settings(max_file_bytes=10, allow_empty=True))
    assert result.documents == [] and len(result.skipped) == 2
    assert store.read(out).events.empty


# ---- --jobs, --out and the inbox against the input folder ----------------------------------------------------


def test_pool_size_is_capped_at_the_documents_and_the_cores():
    assert pipeline.pool_size(1_000, documents=5, cores=2) == 2
    assert pipeline.pool_size(1_000, documents=1, cores=8) == 1
    assert pipeline.pool_size(4, documents=100, cores=8) == 4
    assert pipeline.pool_size(4, documents=0, cores=8) == 1


def test_a_thousand_jobs_for_two_documents_start_no_more_processes_than_documents(tmp_path, monkeypatch):
    folder = _two_articles(tmp_path / "in")
    asked = []
    monkeypatch.setattr(pipeline, "local_mapper", lambda jobs: (asked.append(jobs), (map, lambda: None))[1])
    result = pipeline.run(folder, Settings(jobs=1_000))
    assert asked and asked[0] <= 2 and len(result.documents) == 2


def test_an_out_folder_inside_the_input_folder_is_refused_before_any_work(tmp_path, monkeypatch):
    from events.output import store

    folder = _two_articles(tmp_path / "in")
    monkeypatch.setattr(pipeline, "run", lambda *a, **k: pytest.fail("the pipeline ran"))
    with pytest.raises(store.StoreError, match="is inside the input folder") as caught:
        pipeline.build(folder, folder / "store")
    assert str(caught.value) == (
        f"--out {folder / 'store'} is inside the input folder {folder}; the store would be read as input by the "
        "next build. Choose a store folder outside it"
    )
    assert not (folder / "store").exists()


def test_an_inbox_inside_the_input_folder_is_read_once_as_the_inbox(tmp_path):
    folder = _two_articles(tmp_path / "in")
    (folder / "inbox").mkdir()
    (folder / "inbox" / "added.txt").write_text(
        "Two Russian warships arrived in Havana on Nov. 4, 2025, the navy said.\n", encoding="utf-8"
    )
    result = pipeline.run(folder, Settings(inbox=str(folder / "inbox")))
    assert sorted(d.doc_id for d in result.documents) == ["fuel", "inbox-added", "radar"]
    assert result.skipped == []


# ---- overrides and dates that used to crash after the work -----------------------------------------------------


@pytest.mark.parametrize("text", ["merge = 5\n", "override = 5\n", "merge = true\n"])
def test_an_overrides_file_of_the_wrong_shape_is_named_before_the_work_and_the_build_goes_on(
    tmp_path, monkeypatch, caplog, text
):
    folder = _two_articles(tmp_path / "in")
    (folder / "overrides.toml").write_text(text, encoding="utf-8")
    key = text.split()[0]
    real_run = pipeline.run

    def run(*args, **kwargs):
        assert f"{folder / 'overrides.toml'}:1: {key} must be a list" in caplog.text  # said before the work
        return real_run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", run)
    with caplog.at_level("WARNING"):
        result = pipeline.build(folder, tmp_path / "store")
    assert len(result.documents) == 2 and result.events
    assert [p for p in result.problems if "overrides.toml:1:" in p]


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_a_publication_date_at_the_calendars_end_builds(tmp_path, published):
    folder = _two_articles(tmp_path / "in")
    (folder / "manifest.csv").write_text(
        f"doc_id,title,outlet,url,published\nfuel,,,,{published}\nradar,,,,{published}\n", encoding="utf-8"
    )
    result = pipeline.build(folder, tmp_path / "store")
    assert len(result.documents) == 2 and all(d.published_basis != "given" for d in result.documents)
    assert [p for p in result.problems if f"published '{published}' is outside the dates" in p]
