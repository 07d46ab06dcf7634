"""Cleaning: page furniture out, article body kept, offsets untouched. Real lines from the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from events.reading import clean
from events.reading.sentences import split_text
from events.records import Document
from events.resources import load

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def cleaned(name: str) -> tuple[Document, list[clean.Dropped]]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return clean.clean(Document(doc_id=name, path=name, text=text))


def kept_text(doc: Document) -> str:
    return "\n".join(doc.text[a:b] for a, b in doc.regions)


@pytest.mark.parametrize(
    "name, furniture",
    [
        ("000_1ab23caccf04c3ab.txt", "Pingback: Shubman Gill Injury"),
        ("001_111dea4c715d8f3b.txt", "The article continues below the video"),
        ("001_111dea4c715d8f3b.txt", "What air defense systems does Russia provide to Venezuela?"),
        ("001_111dea4c715d8f3b.txt", "Which American ship strengthens the US presence in the Caribbean?"),
        ("002_585014edc6f43af1.txt", "© 2025 Latin Times"),
        ("003_d65d78ee2db551f0.txt", "Lithuania to prosecute Russian POW"),
        ("003_d65d78ee2db551f0.txt", "handed over a Russian prisoner of war"),
        ("003_d65d78ee2db551f0.txt", "Tim Zadorozhnyy is a reporter at The Kyiv Independent"),
        ("003_d65d78ee2db551f0.txt", "Alexander Nemenov/POOL/AFP via Getty Images"),
        ("003_d65d78ee2db551f0.txt", "Show More"),
        ("003_d65d78ee2db551f0.txt", "2 min read"),
        ("004_c8231a1d60e4378b.txt", "Keep Factually independent"),
        ("004_c8231a1d60e4378b.txt", "even a $5 donation helps us keep it that way"),
        ("000_1ab23caccf04c3ab.txt", "Air Defense Deliveries Already Underway"),
        ("000_1ab23caccf04c3ab.txt", "Why This Matters"),
        ("004_c8231a1d60e4378b.txt", "5. The big picture: concrete deliveries"),
    ],
)
def test_furniture_is_dropped(name, furniture):
    doc, _ = cleaned(name)
    assert furniture in doc.text
    assert furniture not in kept_text(doc)


@pytest.mark.parametrize(
    "name, news",
    [
        (
            "003_d65d78ee2db551f0.txt",
            "Russia's President Vladimir Putin meets with Venezuela's President Nicolas Maduro in Kazan on Oct. 23, 2024.",
        ),
        ("003_d65d78ee2db551f0.txt", "He also announced the mobilization of 15,000 soldiers."),
        (
            "001_111dea4c715d8f3b.txt",
            "And considering that Russia would have to use the heavy An-124 Ruslan military aircraft",
        ),
        ("000_1ab23caccf04c3ab.txt", "- Expand Russia’s strategic footprint in the Western Hemisphere"),
        ("000_1ab23caccf04c3ab.txt", "With both sides ramping up their posture, the Caribbean may once again become"),
        ("004_c8231a1d60e4378b.txt", "A transport Il-76 touched down in Caracas on October 26, 2025"),
    ],
)
def test_news_is_kept(name, news):
    doc, _ = cleaned(name)
    assert news in kept_text(doc)


def test_headline_printed_twice_is_kept_once():
    doc, dropped = cleaned("003_d65d78ee2db551f0.txt")
    assert kept_text(doc).count("Venezuela reportedly requests missiles, radars from Russia amid US tensions") == 1
    assert "duplicate" in {d.reason for d in dropped}


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_text_is_never_rewritten(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    doc, dropped = clean.clean(Document(doc_id=name, path=name, text=text))
    assert doc.text == text
    spans = sorted([*doc.regions, *((d.start, d.end) for d in dropped)])
    assert all(a < b for a, b in doc.regions)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)), "kept and dropped parts overlap"


def test_photo_credit_is_cut_out_of_the_caption_line():
    text = (
        "Headline\n\nPutin meets Maduro in Kazan on Oct. 23, 2024. (Alexander Nemenov/POOL/AFP via Getty Images)\n"
        "Body text follows here.\n"
    )
    doc, dropped = clean.clean(Document(doc_id="x", path="x", text=text))
    assert "Putin meets Maduro in Kazan on Oct. 23, 2024." in kept_text(doc)
    assert "Getty" not in kept_text(doc)
    assert [d.reason for d in dropped] == ["photo_credit"]


def test_hard_wrapped_lines_join():
    text = "The ministry said the aid was sent\nto the region on Friday.\n"
    doc, _ = clean.clean(Document(doc_id="x", path="x", text=text))
    assert doc.regions == ((0, len(text) - 1),)


def test_overlap_of_teaser_and_body():
    body = "Maduro asked Russia for missiles and radars. The Washington Post reported the request."
    assert clean.overlap("Lithuania to prosecute Russian POW for suspected war crimes in Ukraine", body) < 0.25
    assert clean.overlap("Maduro asks Russia for radars", body) > 0.5


def test_required_strings_of_furniture_patterns_change_nothing(monkeypatch):
    """A pattern's ``require`` (boilerplate.toml) only skips lines it cannot match: every line of the TE3
    articles, the seeds and the patterns' own examples gets the same reason without it."""
    from pathlib import Path

    from events.resources import load
    from events.temporal.timeml import read_dir

    root = Path(__file__).resolve().parents[2]
    te3 = root / "corpora" / "te3" / "TBAQ-cleaned"
    texts = [d.text for sub in ("AQUAINT", "TimeBank") for d in read_dir(te3 / sub)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    for p in sorted((root / "tests" / "data" / "t17").glob("*.txt")):  # real pages of one run: their sentences
        t = p.read_text(encoding="utf-8")
        lines += [t[a:b] for a, b in split_text(t)]
    lines += [x for p in load("boilerplate")["pattern"] for x in p.get("examples", []) + p.get("keep", [])]
    lines += ["SUPPORT INDEPENDENT JOURNALISM TODAY.", "Keep Factually independent"]
    assert any(p.get("require") for p in load("boilerplate")["pattern"])
    with_require = [clean.furniture_reason(line) for line in lines]
    assert "donation_appeal" in with_require
    plain = [(name, rx, ()) for name, rx, _ in clean._patterns()]
    monkeypatch.setattr(clean, "_patterns", lambda: plain)
    assert [clean.furniture_reason(line) for line in lines] == with_require


# ---- Pages that came as one run of text (Timeline17: real news, no line breaks), furniture by class.

T17 = Path(__file__).resolve().parents[1] / "data" / "t17"


@pytest.mark.parametrize(
    "doc_id, furniture, news",
    [
        # reader comments: the thread, from its first header or policy line to the end
        ("bpoil_bbc-2075", "Ebi35 wrote: It is a great shame that Hilary Anderson investigated only one side", None),
        ("bpoil_reuters-1063", "Views expressed in the comments do not represent those of Reuters.", None),
        ("bpoil_washingtonpost-1156", "Posted by: eye95 | July 19, 2010 9:25 AM | Report abuse", None),
        ("EgyptianProtest_cnn-191", "| Report abuse |", None),
        # wire datelines and page time stamps: cut off, the lead after them kept
        ("bpoil_reuters-1170", "(Reuters) - ", None),
        (
            "bpoil_foxnews-1916",
            "WASHINGTON -- WASHINGTON (AP) -- ",
            "The blame game is in full throttle as Congress begins hearings",
        ),
        ("bpoil_guardian-198", "Tuesday 7 September 2010 18.13 BST", None),
        # photo captions: the sentence before a credit, a page opening with the photo's date
        ("bpoil_foxnews-1916", "May 9: An oil soaked bird struggles against the side of a supply ship", None),
        ("bpoil_guardian-279", "Photograph: ", None),
        # bylines and credits
        ("EgyptianProtest_cnn-26", "contributed to this report", None),
        ("bpoil_reuters-87", "(Reporting by", None),
        # subheadings in capitals run into their paragraph
        ("bpoil_bbc-1529", "HOW THE OIL FUNNEL WORKS", None),
        ("bpoil_bbc-1571", "21 JANUARY 2010, ARTS AND CULTURE", None),
        # newsletter lines and reader call-outs
        ("bpoil_guardian-279", "Find out more and buy the ebook", None),
        ("haiti_bbc-1525", "If you have any information you wish to share with the BBC", None),
    ],
)
def test_t17_furniture_is_dropped(doc_id, furniture, news):
    text = (T17 / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc, dropped = clean.clean(Document(doc_id=doc_id, path=doc_id, text=text))
    assert furniture in text
    assert furniture not in kept_text(doc)
    if news:
        assert news in kept_text(doc)
    assert doc.text == text


@pytest.mark.parametrize(
    "line, furniture, news",
    [
        (
            "HOUSTON | Thu May 27, 2010 7:23 pm EDT HOUSTON (Reuters) - The amount of oil spilled by BP Plc's blown-out "
            "Gulf of Mexico well has eclipsed the 1989 Exxon Valdez disaster.",
            "HOUSTON (Reuters) - ",
            "The amount of oil spilled by BP Plc's blown-out Gulf of Mexico well has eclipsed the 1989 Exxon Valdez disaster.",
        ),
        (
            "Energy giant BP has been accused of hiding key data. At 1:02 pm on 10 Jun 2010, Kcila wrote: Typical really. "
            "BP is heavilly co-owned by AMOCO.",
            "Typical really",
            "Energy giant BP has been accused of hiding key data.",
        ),
        (
            "BP's Deepwater Horizon oil rig in the Gulf of Mexico exploded in April 2010. Photograph: HO/AFP/Getty Images "
            "BP's shares fell 3% at the start of trading in London today.",
            "exploded in April 2010",
            "BP's shares fell 3% at the start of trading in London today.",
        ),
        (
            "By Annalyn Censky, staff reporterJanuary 28, 2011: 5:11 PM ET NEW YORK (CNNMoney) -- Food prices have been "
            "rising worldwide.",
            "Censky",
            "Food prices have been rising worldwide.",
        ),
        (
            "The cap held. NEW CAP FOR LEAKING OIL WELL Engineers then bolted on a new capping stack onto the blowout "
            "preventer (BOP).",
            "NEW CAP",
            "Engineers then bolted on a new capping stack onto the blowout preventer (BOP).",
        ),
        (
            "The well was capped on July 15. Associated Press writers Michael Kunzelman and Tom Breen in New Orleans "
            "contributed to this report.",
            "Kunzelman",
            "The well was capped on July 15.",
        ),
        (
            "BP said on Monday it would try again. Get Wonkbook delivered to your inbox or mobile device every morning.",
            "Wonkbook",
            "BP said on Monday it would try again.",
        ),
        (
            "July 6: Barges lined up to block oil are seen from the air in Chef Menteur Pass, in New Orleans, La.. AP NEW "
            "ORLEANS -- Oil from the ruptured well is seeping into Lake Pontchartrain.",
            "Barges",
            "Oil from the ruptured well is seeping into Lake Pontchartrain.",
        ),
    ],
)
def test_furniture_inside_one_line(line, furniture, news):
    doc, _ = clean.clean(Document(doc_id="x", path="x", text=line))
    assert furniture not in kept_text(doc)
    assert news in kept_text(doc)


@pytest.mark.parametrize(
    "head, rest",
    [
        (
            "Holiday maker Max Summerskill talks on his mobile phone after his holiday flight to the Mexican resort of "
            "Cancun was canceled at Manchester Airport in Manchester, northern England, April 28, 2009. ",
            "TAIPEI | Tue Apr 28, 2009 6:06 am BST TAIPEI (Reuters) - Global airlines could face losses, analysts said.",
        ),
        (
            "Oil spill hits Louisiana coast. Crews raced to lay booms on Friday. ",
            "VENICE, Louisiana (Reuters) - Oil from the ruptured well washed ashore on Friday, officials said.",
        ),
    ],
)
def test_a_page_head_before_the_wire_dateline_is_not_the_story(head, rest):
    doc, dropped = clean.clean(Document(doc_id="x", path="x", text=head + rest))
    assert kept_text(doc).startswith(("Global airlines", "Oil from the ruptured well"))
    assert "caption" in {d.reason for d in dropped}
    # a dateline opening the page keeps everything after it
    doc, _ = clean.clean(Document(doc_id="x", path="x", text=rest + " " + head))
    assert head.split(".")[0] in kept_text(doc)


@pytest.mark.parametrize(
    "line",
    [
        'In the letter, Steven L Roberts, lawyer for Transocean, writes: "BP has continued to demonstrate its '
        'unwillingness", the company said on Monday.',
        "U.S. officials -- speaking on condition of anonymity -- said the well was capped on Thursday.",
        "BP said the oil spilled by its well reached 4.9 million barrels (206 million gallons/780 million liters) by July 15.",
        "Russia's President Vladimir Putin meets with Venezuela's President Nicolas Maduro in Kazan on Oct. 23, 2024. "
        "(Alexander Nemenov/POOL/AFP via Getty Images)",
    ],
)
def test_news_inside_one_line_is_kept(line):
    doc, _ = clean.clean(Document(doc_id="x", path="x", text=line))
    assert "said" in kept_text(doc) or "meets" in kept_text(doc)
    assert kept_text(doc).startswith(line[:40])


# Shapes of furniture, written apart from the rules that drop it: what must never be an event's quote or title.
FURNITURE_SHAPES = {
    "comment": re.compile(
        r"\bAt \d{1,2}[:.]\d\d\b.{0,40}\bwr(?:o|i)te?s?:|Report abuse|\bwe welcome comments\b|"
        r"views expressed in the comments|comments are not pre-screened|\bdiscussion is now closed",
        re.IGNORECASE,
    ),
    "caption": re.compile(
        r"Photograph:|\(AP Photo\b|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? "
        r"\d{1,2}(?:, \d{4})?: |(?i:\bin this (?:[\w.,'-]+\s+){0,8}?(?:photo|photograph|image|picture)s?\b)"
    ),
    "dateline": re.compile(
        r"\((?:Reuters|AP|CNN|CNNMoney)\) -|\| (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} \d{1,2}, \d{4}|"
        r"^[A-Z]{3,}(?:[ ,.]+[A-Z][A-Za-z.]*)* --"
    ),
    "subheading": re.compile(r"\b[A-Z]{2,}(?: [A-Z]{2,}){3,} [A-Z][a-z]"),
    "credit": re.compile(r"contributed to this report|\((?:reporting|writing|editing) by", re.IGNORECASE),
    "newsletter": re.compile(
        r"delivered to your inbox|buy the ebook|send us an e-mail|using the form below", re.IGNORECASE
    ),
}


def furniture_shapes(text: str) -> list[str]:
    return [name for name, rx in FURNITURE_SHAPES.items() if rx.search(text)]


def test_furniture_shapes_are_in_the_sample():
    """The sample carries every class (else the test below would pass on clean text)."""
    found = {name for p in T17.glob("*.txt") for name in furniture_shapes(p.read_text(encoding="utf-8"))}
    assert found == set(FURNITURE_SHAPES)


@pytest.fixture(scope="module")
def t17_build():
    from events import pipeline

    return pipeline.run(T17)


def test_no_furniture_among_events_of_real_news(t17_build):
    """A sample of Timeline17 articles: no reader comment, caption, dateline, credit, subheading or
    newsletter line is a mention's quote or an event's title."""
    quotes = [(m.doc_id, m.quote) for m in t17_build.mentions]
    titles = [e.title for e in t17_build.events]
    assert len(quotes) > 120 and len(titles) > 100  # enough news to check: about 150 mentions, 120 events
    assert [(d, q[:120], furniture_shapes(q)) for d, q in quotes if furniture_shapes(q)] == []
    assert [(t, furniture_shapes(t)) for t in titles if furniture_shapes(t)] == []
    assert t17_build.furniture > 100


@pytest.mark.parametrize(
    "quote",
    [
        "The blame game is in full throttle as Congress begins hearings on the massive oil spill",
        "James Cameron took part in a brainstorming session with scientists",
        "Defiance and hope replaced Friday's scenes of widespread chaos and violence in Cairo on Saturday",
    ],
)
def test_news_of_real_pages_is_kept(quote):
    """Cleaning keeps these lines of the article body (whether they hold an event is extraction's call)."""
    from events.reading import ingest

    for doc in ingest.read_folder(T17):
        if isinstance(doc, ingest.Skipped) or quote not in doc.text:
            continue
        cleaned, _ = clean.clean(doc)
        at = cleaned.text.index(quote)
        assert any(a <= at and at + len(quote) <= b for a, b in cleaned.regions), doc.doc_id
        return
    raise AssertionError(f"no article of the sample holds {quote!r}")


B = load("boilerplate")


@pytest.mark.parametrize(
    "text, is_thread",
    [(x, True) for x in B["thread_examples"]["examples"]] + [(x, False) for x in B["thread_examples"]["keep"]],
)
def test_comment_thread_examples(text, is_thread):
    assert (clean.thread_start(text) is not None) == is_thread


@pytest.mark.parametrize(
    "name, text, cut",
    [(p["name"], x, True) for p in B["prefix"] for x in p["examples"]]
    + [(p["name"], x, False) for p in B["prefix"] for x in p.get("keep", [])],
)
def test_prefix_examples(name, text, cut):
    """An example opens with furniture of its class; a `keep` line opens with none of any class."""
    if cut:
        assert any(rx.match(text) for n, rx in clean._rules().prefixes if n == name)
    else:
        assert not any(rx.match(text) for _, rx in clean._rules().prefixes)


@pytest.mark.parametrize(
    "name, text, dropped",
    [(p["name"], x, True) for p in B["sentence"] for x in p["examples"]]
    + [(p["name"], x, False) for p in B["sentence"] for x in p.get("keep", [])],
)
def test_sentence_examples(name, text, dropped):
    rx, require = next((rx, req) for n, rx, req in clean._rules().sentences if n == name)
    assert (rx.fullmatch(text) is not None) == dropped
    if dropped and require is not None:
        assert require.search(text.lower()), "a match must hold one of the rule's `require` strings"


def test_build_log_line_counts_each_class():
    text = (T17 / "bpoil_reuters-1170.txt").read_text(encoding="utf-8")
    _, dropped = clean.clean(Document(doc_id="d", path="d", text=text))
    line = clean.describe(dropped)
    assert line.startswith(f"dropped {len(dropped)} parts, ")
    assert "comments 1" in line and "dateline 1" in line


PROMO = "2 men charged in death of Chicago teen who performed in inauguration event."


def test_a_promo_line_on_many_pages_of_a_site_is_not_news(t17_build):
    assert sum(PROMO in p.read_text(encoding="utf-8") for p in T17.glob("EgyptianProtest_cnn-*.txt")) >= 5
    assert not [m.quote for m in t17_build.mentions if "Chicago teen" in m.quote]


def test_site_repeats_count_documents_of_one_outlet():
    from events.records import Mention

    news = "The blast killed 11 workers."
    outlet_of = {f"fox-{i}": "foxnews" for i in range(40)} | {f"bbc-{i}": "bbc" for i in range(40)}
    ms = [Mention(f"m{i}", f"fox-{i}", 0, len(PROMO), PROMO) for i in range(5)]  # 5 of 40 pages: 12%
    ms += [Mention(f"n{i}", f"fox-{i}", 0, len(news), news) for i in range(3)]  # 3 of 40: kept
    ms += [Mention(f"b{i}", f"bbc-{i}", 0, len(news), news) for i in range(3)]  # another site's pages do not add up
    ms += [Mention("again", "fox-0", 40, 40 + len(PROMO), PROMO.upper())]  # the same page twice counts once
    kept, dropped = clean.site_repeats(ms, outlet_of)
    assert sorted(m.mention_id for m in kept) == sorted([f"n{i}" for i in range(3)] + [f"b{i}" for i in range(3)])
    assert sorted(dropped) == [f"fox-{i}" for i in range(5)]


@pytest.mark.parametrize(
    "text, cut",
    [(x, True) for p in B["suffix"] for x in p["examples"]]
    + [(x, False) for p in B["suffix"] for x in p.get("keep", [])],
)
def test_suffix_examples(text, cut):
    doc, dropped = clean.clean(Document(doc_id="x", path="x", text=text))
    assert ("print_note" in {d.reason for d in dropped}) == cut
    assert kept_text(doc).split()[:3] == text.split()[:3]


def test_a_dropped_dateline_still_dates_its_page():
    """The dateline is cut from the sentence, yet the page's own date is read from it."""
    from events import pipeline

    text = "WASHINGTON, Oct. 3, 2025 — The Senate passed the bill on Friday, officials said.\n"
    doc = Document(doc_id="x", path="x.txt", text=text)
    assert [d.reason for d in clean.clean(doc)[1]] == ["dateline"]
    fp = pipeline.first_pass(doc)
    assert (str(fp.doc.published), fp.doc.published_basis) == ("2025-10-03", "text")


def test_a_byline_running_into_the_dateline_and_the_article_loses_only_itself():
    text = (
        "By Maggie Fox, Health and Science Editor WASHINGTON | Tue Apr 21, 2009 10:19 pm BST WASHINGTON (Reuters) - "
        "A new type of swine flu has infected at least two children in California, the U.S. Centers for Disease "
        "Control and Prevention said on Tuesday. Both children have recovered."
    )
    kept, dropped = clean.regions(text)
    body = " ".join(text[a:b] for a, b in kept)
    assert body.startswith("A new type of swine flu") and body.endswith("Both children have recovered.")
    assert all(d.end <= text.index("A new type") for d in dropped)
