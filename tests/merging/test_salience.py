"""Salience: corroboration, date references, position and specificity rank events; the seeds' store has it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from events.merging import salience
from events.merging.merge import merge
from events.records import Document, Mention

D = dt.date.fromisoformat
BLAST = "An explosion aboard the Deepwater Horizon drilling rig in the Gulf of Mexico killed 11 workers."
SINK = "The Deepwater Horizon sank to the bottom of the Gulf after burning for 36 hours."
HEARING = "A congressional panel questioned executives from three oil companies about the rig."


def doc(doc_id: str, published: str, n_chars: int = 4000) -> Document:
    return Document(
        doc_id=doc_id, path=f"{doc_id}.txt", text="", published=D(published), published_basis="given", n_chars=n_chars
    )


def mention(
    mid: str, doc_id: str, quote: str, day: str | None, terms: tuple[str, ...], at: int = 0, category: str = "strike"
) -> Mention:
    return Mention(
        mention_id=mid,
        doc_id=doc_id,
        char_start=at,
        char_end=at + len(quote),
        quote=quote,
        date_start=D(day) if day else None,
        date_end=D(day) if day else None,
        precision="day" if day else "",
        basis="explicit" if day else "undated",
        category=category,
        key_terms=terms,
        title=quote[:40],
    )


def scored(mentions: list[Mention], docs: list[Document]) -> dict[str, float]:
    events, placed = merge(mentions)
    by_quote = {e.description: e for e in salience.score(events, placed, docs)}
    return {q: e.salience for q, e in by_quote.items()}


def test_an_event_many_documents_report_and_look_back_to_outranks_a_single_report():
    docs = [doc("a", "2010-04-21"), doc("b", "2010-04-22"), doc("c", "2010-05-10"), doc("d", "2010-05-12")]
    terms = ("Deepwater", "Horizon", "explosion", "rig", "workers")
    ms = [
        mention("m1", "a", BLAST, "2010-04-20", terms),
        mention("m2", "b", BLAST, "2010-04-20", terms),
        mention("m3", "c", BLAST, "2010-04-20", terms, at=2500),
        mention(
            "m4", "d", HEARING, "2010-05-12", ("congressional", "panel", "executives"), at=2500, category="meeting"
        ),
    ]
    s = scored(ms, docs)
    assert s[BLAST] > s[HEARING]


def test_date_references_count_documents_not_sentences_and_later_ones_again():
    docs = [doc("a", "2010-04-21"), doc("c", "2010-05-10")]
    terms = ("Deepwater", "Horizon")
    ms = [
        mention("m1", "a", BLAST, "2010-04-20", terms),
        mention("m2", "a", SINK, "2010-04-20", terms, at=300),
        mention("m3", "c", SINK, "2010-04-20", terms),
    ]
    refs = salience.date_references(docs, ms)
    cfg = salience._cfg()
    # two documents (c counted again: published weeks later), and a, published the day after, in part
    assert refs["day", D("2010-04-20")] == 2 + cfg["later_weight"] * 1 + cfg["published_weight"] * 1
    docs.append(doc("b", "2010-04-21"))  # published the day after, without a word of that day: coverage all the same
    assert (
        salience.date_references(docs, ms)["day", D("2010-04-20")]
        == 2 + cfg["later_weight"] + cfg["published_weight"] * 2
    )


def test_a_date_referred_to_in_any_clause_counts_not_only_dates_of_events():
    # "Since the April 20 explosion, ..." dates no event of its own, but looks back to the day all the same
    c = dataclasses.replace(doc("c", "2010-05-10"), date_refs=(("day", D("2010-04-20")), ("day", D("2010-05-09"))))
    refs = salience.date_references([doc("a", "2010-04-21"), c], [mention("m1", "a", BLAST, "2010-04-20", ())])
    cfg = salience._cfg()
    assert refs["day", D("2010-04-20")] == 2 + cfg["later_weight"] + cfg["published_weight"]
    assert refs["day", D("2010-05-09")] == 1 + cfg["published_weight"]  # c is published the day after


def test_key_dates_put_a_day_the_collection_looks_back_to_over_a_merely_busy_day():
    cfg = salience._cfg()
    later = D("2010-04-20") + dt.timedelta(days=cfg["later_days"] + 1)
    published = {"a": D("2010-04-21"), "b": later, "c": later, "d": D("2010-06-02"), "e": D("2010-06-02")}
    refs = {
        "a": [("day", D("2010-04-20"))],
        "b": [("day", D("2010-04-20"))],
        "c": [("day", D("2010-04-20")), ("month", D("2010-04-01"))],
        # three reports of a day, all from the day itself and the day after: busy, not looked back to
        "d": [("day", D("2010-06-01"))],
        "e": [("day", D("2010-06-01"))],
        "f": [("day", D("2010-06-01"))],
    }
    published["f"] = D("2010-06-01")
    ranked = salience.key_dates(refs, published)
    assert [d for d, _ in ranked] == [D("2010-04-20"), D("2010-06-01")]  # days only, the month is no key date
    assert ranked[0][1] > ranked[1][1]


def test_the_lead_sentence_and_a_precise_date_score_higher():
    docs = [doc("a", "2010-04-23"), doc("b", "2010-04-23")]
    early = mention("m1", "a", SINK, "2010-04-22", ("Deepwater", "sank"), at=0)
    late = dataclasses.replace(
        mention("m2", "b", HEARING, "2010-04-22", ("congressional", "panel"), at=3500), category="meeting"
    )
    s = scored([early, late], docs)
    assert s[SINK] > s[HEARING]
    undated = mention("m3", "b", HEARING, None, ("congressional", "panel"), at=0, category="meeting")
    s = scored([early, undated], docs)
    assert s[SINK] > s[HEARING]


def test_the_seed_store_ranks_every_event_and_keeps_the_column(seeds_store):
    from events.output import store

    events = store.read(seeds_store).events
    assert "salience" in events and (events["salience"] > 0).all()
    top = events.sort_values("salience", ascending=False).head(5)
    assert (top["precision"] != "").all()  # the most salient events are dated ones


def test_what_was_said_is_read_from_the_categories_file():
    from events.resources import load

    kinds = {name: spec.get("kind") for name, spec in load("categories")["category"].items()}
    assert salience.communication() == {name for name, kind in kinds.items() if kind == "communication"}
    assert {
        "statement",
        "report",
        "assessment",
    } <= salience.communication() and "strike" not in salience.communication()
