"""Salience is importance: independent reports, later articles looking back, topicality; no weight for vague dates,
background lines, retellings or readers' messages. The seeds' store has it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from events.merging import salience
from events.merging.merge import merge
from events.records import Document, Event, Mention
from events.resources import load

D = dt.date.fromisoformat
BLAST = "An explosion aboard the Deepwater Horizon drilling rig in the Gulf of Mexico killed 11 workers."
SINK = "The Deepwater Horizon sank to the bottom of the Gulf after burning for 36 hours."
HEARING = "A congressional panel questioned executives from three oil companies about the rig."
TOPICAL = [
    "BP began drilling a relief well to stop the oil leaking from its ruptured well in the Gulf of Mexico.",
    "Oil from the ruptured BP well washed ashore on the Louisiana coast, officials said.",
    "The Coast Guard said BP's containment dome failed to stop the oil leak from the well.",
    "BP said the cost of the oil spill response in the Gulf of Mexico had reached $930 million.",
    "Engineers pumped heavy drilling mud into the leaking BP well in the Gulf in the top kill attempt.",
]
OFF_TOPIC = "The New York Yankees beat the Boston Red Sox 5-3 at Fenway Park behind two home runs by Alex Rodriguez."
DIGEST_BP = "BP shares fell 3 percent in London as the cost of the Gulf of Mexico oil spill mounted."
READER = '1733 Paul Bertoni in Petionville e-mails: "At around 10pm last night, a neighbor asked us for help."'


def doc(doc_id: str, published: str, n_chars: int = 4000, outlet: str = "") -> Document:
    return Document(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        text="",
        published=D(published),
        published_basis="given",
        n_chars=n_chars,
        outlet=outlet,
    )


def mention(
    mid: str,
    doc_id: str,
    quote: str,
    day: str | None,
    terms: tuple[str, ...] = (),
    at: int = 0,
    category: str = "strike",
    precision: str = "day",
) -> Mention:
    start = D(day) if day else None
    end = start
    if start and precision == "year":
        end = start.replace(month=12, day=31)
    return Mention(
        mention_id=mid,
        doc_id=doc_id,
        char_start=at,
        char_end=at + len(quote),
        quote=quote,
        date_start=start,
        date_end=end,
        precision=precision if day else "",
        basis="explicit" if day else "undated",
        category=category,
        key_terms=terms,
        title=quote[:40],
    )


def event(eid: str, ms: list[Mention]) -> Event:
    """One event told by ``ms`` (built by hand, so each test says exactly which mentions tell what)."""
    first = ms[0]
    docs = tuple(dict.fromkeys(m.doc_id for m in ms))
    return Event(
        event_id=eid,
        date_start=first.date_start,
        date_end=first.date_end,
        precision=first.precision,
        basis=first.basis,
        is_span=False,
        title=first.title,
        description=first.quote,
        actors=(),
        category=first.category,
        status="reported",
        location="",
        sources=docs,
        source_count=len(docs),
        mention_ids=tuple(m.mention_id for m in ms),
    )


def scores(groups: dict[str, list[Mention]], docs: list[Document]) -> dict[str, float]:
    events = [event(eid, ms) for eid, ms in groups.items()]
    mentions = [m for ms in groups.values() for m in ms]
    return {e.event_id: e.salience for e in salience.score(events, mentions, docs)}


def told_by(eid: str, quote: str, day: str, docs: list[Document], precision: str = "day") -> list[Mention]:
    return [mention(f"{eid}{i}", d.doc_id, quote, day, precision=precision, at=2000) for i, d in enumerate(docs)]


def test_a_year_told_by_two_documents_does_not_outrank_a_day_told_by_five():
    docs = [doc(f"d{i}", "2008-09-16") for i in range(7)]
    s = scores(
        {
            "lehman": told_by("l", "Lehman Brothers filed for bankruptcy protection.", "2008-09-15", docs[:5]),
            "year": told_by("y", "Lehman Brothers lost money this year.", "2008-01-01", docs[5:], precision="year"),
        },
        docs,
    )
    assert s["lehman"] > s["year"]
    # nor when the vague one is told by five and the precise one by two: vagueness earns nothing
    s = scores(
        {
            "lehman": told_by("l", "Lehman Brothers filed for bankruptcy protection.", "2008-09-15", docs[:2]),
            "year": told_by("y", "Lehman Brothers lost money this year.", "2008-01-01", docs[2:], precision="year"),
        },
        docs,
    )
    assert s["lehman"] > s["year"]


def test_a_readers_message_counts_for_nothing():
    docs = [doc("a", "2010-01-14"), doc("b", "2010-01-14"), doc("live", "2010-01-14")]
    news = [mention("n1", "a", TOPICAL[0], "2010-01-13"), mention("n2", "b", TOPICAL[0], "2010-01-13")]
    alone = scores({"news": news}, docs)["news"]
    # the same event with a reader's message merged into it scores the same: the message is no third report
    with_reader = scores({"news": [*news, mention("r1", "live", READER, "2010-01-13")]}, docs)["news"]
    assert with_reader == alone
    # an event told only by readers' messages scores nothing, every term 0
    only = [e for e in [event("reader", [mention("r1", "live", READER, "2010-01-13")])]]
    terms = salience.explain(only, [mention("r1", "live", READER, "2010-01-13")], docs)
    assert set(terms["reader"].values()) == {0.0}


def test_an_off_topic_item_in_a_digest_ranks_below_the_story():
    docs = [doc(f"d{i}", "2010-05-20") for i in range(len(TOPICAL))] + [doc("digest", "2010-05-20")]
    groups = {f"t{i}": [mention(f"m{i}", f"d{i}", q, "2010-05-19")] for i, q in enumerate(TOPICAL)}
    groups["sport"] = [mention("ms", "digest", OFF_TOPIC, "2010-05-19")]
    groups["digest_bp"] = [mention("mb", "digest", DIGEST_BP, "2010-05-19")]
    s = scores(groups, docs)
    assert all(s["sport"] < s[k] for k in s if k != "sport")
    terms = salience.explain([event(k, v) for k, v in groups.items()], [m for v in groups.values() for m in v], docs)
    assert terms["sport"]["topicality"] < min(terms[f"t{i}"]["topicality"] for i in range(len(TOPICAL)))


def test_background_lines_in_later_articles_are_no_new_reports():
    # the same day told by three articles the day after (news), or in passing by three articles weeks later
    early = [doc(f"e{i}", "2010-04-21") for i in range(3)]
    late = [doc(f"l{i}", "2010-06-10") for i in range(3)]
    s = scores(
        {"news": told_by("n", BLAST, "2010-04-20", early), "background": told_by("b", SINK, "2010-04-22", late)},
        early + late,
    )
    assert s["news"] > s["background"]
    terms = salience.explain(
        [event("b", told_by("b", SINK, "2010-04-22", late))], told_by("b", SINK, "2010-04-22", late), late
    )["b"]
    assert terms["reports"] == 0 and terms["lookback"] > 0 and terms["background"] < 0


def test_later_articles_looking_back_add_to_the_reports():
    early = [doc("e0", "2010-04-21"), doc("e1", "2010-04-21")]
    late = [doc("l0", "2010-06-10"), doc("l1", "2010-07-01")]
    docs = early + late
    s = scores(
        {
            "remembered": told_by("r", BLAST, "2010-04-20", early) + told_by("x", BLAST, "2010-04-20", late),
            "forgotten": told_by("f", SINK, "2010-04-20", early),
        },
        docs,
    )
    assert s["remembered"] > s["forgotten"]


def test_a_retelling_of_the_same_days_news_ranks_below_another_event_of_that_day():
    docs = [doc(f"d{i}", "2010-01-13") for i in range(6)]
    quake = "A 7.0-magnitude earthquake struck Haiti, devastating the capital Port-au-Prince."
    retold = "A devastating earthquake of magnitude 7.0 struck Haiti and the capital Port-au-Prince."
    other = "The United Nations said its headquarters in Haiti had collapsed, with many staff missing."
    groups = {
        "quake": told_by("q", quake, "2010-01-12", docs[:3]),
        "retold": told_by("r", retold, "2010-01-12", docs[3:4]),
        "other": told_by("o", other, "2010-01-12", docs[4:5]),
    }
    terms = salience.explain([event(k, v) for k, v in groups.items()], [m for v in groups.values() for m in v], docs)
    assert terms["quake"]["retold"] == 0.0  # the day's most important event is no retelling
    assert terms["retold"]["retold"] < terms["other"]["retold"] <= 0.0
    s = scores(groups, docs)
    assert s["quake"] > s["other"] > s["retold"]


def test_the_score_is_the_sum_of_its_named_terms():
    docs = [doc("a", "2010-04-21", outlet="bbc"), doc("b", "2010-04-22", outlet="reuters"), doc("c", "2010-05-30")]
    groups = {
        "blast": told_by("b", BLAST, "2010-04-20", docs),
        "hearing": [mention("h", "c", HEARING, "2010-05-29", category="meeting")],
    }
    events = [event(k, v) for k, v in groups.items()]
    mentions = [m for v in groups.values() for m in v]
    terms = salience.explain(events, mentions, docs)
    assert set(terms["blast"]) == set(salience.TERMS)
    for e in salience.score(events, mentions, docs):
        assert e.salience == pytest.approx(sum(terms[e.event_id].values()), abs=1e-3)
    assert terms["blast"]["outlets"] > 0  # two outlets told it as news (the third article looks back)
    assert terms["blast"]["lookback"] > 0


def test_the_lead_sentence_scores_higher():
    docs = [doc("a", "2010-04-23"), doc("b", "2010-04-23")]
    early = mention("m1", "a", SINK, "2010-04-22", ("Deepwater", "sank"), at=0)
    late = dataclasses.replace(mention("m2", "b", SINK, "2010-04-22", ("Deepwater", "sank"), at=3500), mention_id="m2")
    s = scores({"early": [early], "late": [late]}, docs)
    assert s["early"] > s["late"]


def test_merged_mentions_of_one_event_score_above_a_single_report():
    docs = [doc("a", "2010-04-21"), doc("b", "2010-04-22"), doc("c", "2010-04-23"), doc("d", "2010-05-12")]
    terms = ("Deepwater", "Horizon", "explosion", "rig", "workers")
    ms = [
        mention("m1", "a", BLAST, "2010-04-20", terms),
        mention("m2", "b", BLAST, "2010-04-20", terms),
        mention("m3", "c", BLAST, "2010-04-20", terms, at=2500),
        mention("m4", "d", HEARING, "2010-05-12", ("congressional", "panel"), at=2500, category="meeting"),
    ]
    events, placed = merge(ms)
    by_quote = {e.description: e.salience for e in salience.score(events, placed, docs)}
    assert by_quote[BLAST] > by_quote[HEARING]


def test_date_references_count_documents_not_sentences_and_later_ones_again():
    docs = [doc("a", "2010-04-21"), doc("c", "2010-05-10")]
    ms = [
        mention("m1", "a", BLAST, "2010-04-20"),
        mention("m2", "a", SINK, "2010-04-20", at=300),
        mention("m3", "c", SINK, "2010-04-20"),
    ]
    refs = salience.date_references(docs, ms)
    cfg = salience._cfg()["key_dates"]
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
    refs = salience.date_references([doc("a", "2010-04-21"), c], [mention("m1", "a", BLAST, "2010-04-20")])
    cfg = salience._cfg()["key_dates"]
    assert refs["day", D("2010-04-20")] == 2 + cfg["later_weight"] + cfg["published_weight"]
    assert refs["day", D("2010-05-09")] == 1 + cfg["published_weight"]  # c is published the day after


def reader_cases():
    out = []
    for p in load("salience")["reader"]:
        out += [pytest.param(p["name"], e, True, id=f"{p['name']}+{i}") for i, e in enumerate(p.get("examples", []))]
        out += [pytest.param(p["name"], e, False, id=f"{p['name']}-{i}") for i, e in enumerate(p.get("keep", []))]
    return out


@pytest.mark.parametrize("name, sentence, is_reader", reader_cases())
def test_reader_message_patterns_run_their_examples(name, sentence, is_reader):
    found = salience.reader_message(sentence)
    assert (found == name) if is_reader else not found


def test_every_reader_pattern_has_examples_and_sentences_to_keep():
    for p in load("salience")["reader"]:
        assert p.get("examples") and p.get("keep"), p["name"]


def test_the_seed_store_ranks_dated_events_first_and_keeps_the_column(seeds_store):
    from events.output import store

    events = store.read(seeds_store).events
    assert "salience" in events and events["salience"].notna().all()
    top = events.sort_values("salience", ascending=False).head(5)
    assert (top["precision"] != "").all()  # the most salient events are dated ones


def test_what_was_said_is_read_from_the_categories_file():
    kinds = {name: spec.get("kind") for name, spec in load("categories")["category"].items()}
    assert salience.communication() == {name for name, kind in kinds.items() if kind == "communication"}
    assert {
        "statement",
        "report",
        "assessment",
    } <= salience.communication() and "strike" not in salience.communication()
