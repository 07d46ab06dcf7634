"""The sentence splitter on real sentences from the seeds and TE3."""

from __future__ import annotations

import pytest

from events.reading import clean, sentences
from events.records import Document


def split(text: str) -> list[str]:
    doc = clean.clean(Document(doc_id="x", path="x", text=text))[0]
    return [s.text for s in sentences.split(doc)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Venezuelan dictator Nicolas Maduro is requesting military aid from Russia, the Washington Post (WP) reported "
            "on Oct. 31, citing confidential documents reviewed by the outlet.",
            1,
        ),
        (
            "Also now, undeterred by Russia's threats, the United States is strengthening its military presence in the "
            "Caribbean, where the world's largest ship, the American aircraft carrier USS Gerald R. Ford, is sailing – wrote "
            "Pentagon spokesman Sean Parnell in a post on the X platform. After leaving the Mediterranean Sea, the aircraft "
            "carrier is now crossing the Atlantic.",
            2,
        ),
        (
            "Meanwhile, Venezuelan President Nicolás Maduro has also asked China for expanded military cooperation, "
            "including radar systems, to counter perceived U.S. threats.",
            1,
        ),
        (
            'Zhuravlev added that Russia could also supply Kalibr cruise missiles and warned that "the Americans may be in '
            'for some surprises." The comments come as Russia has recently criticized a buildup of U.S. assets.',
            2,
        ),
        (
            "When asked whether the United States would go to war with this country, he replied that he “doubts” and "
            "“doesn't think so.” He also added that Venezuela “treats the US very badly.”",
            2,
        ),
        ("Gen. Valery Gerasimov met the No. 2 official. It lasted an hour.", 2),
        (
            "The following are the latest figures as of Monday for the dead and injured in the bombings of the U.S. "
            "Embassies in Nairobi, Kenya, and Dar es Salaam, Tanzania.",
            1,
        ),
        (
            "Not that long ago, before the Chinese takeover, the news about real estate here was that the sky was the limit "
            "the highest prices in the world. So when Wong Kwan spent seventy million dollars for this house, he thought it "
            "was a great deal.",
            2,
        ),
    ],
)
def test_sentence_counts(text, expected):
    assert len(split(text)) == expected


def test_bullets_are_not_part_of_sentences():
    text = (
        "Such developments could:\n- Increase military tensions between Washington and Caracas\n"
        "- Trigger a fresh geopolitical standoff reminiscent of past Cold War dynamics\n"
    )
    assert split(text) == [
        "Such developments could:",
        "Increase military tensions between Washington and Caracas",
        "Trigger a fresh geopolitical standoff reminiscent of past Cold War dynamics",
    ]


def test_offsets_point_into_the_text():
    text = "Russia\n\nVenezuela reportedly requests missiles, radars from Russia amid US tensions\n\n2 min read\n"
    doc = clean.clean(Document(doc_id="x", path="x", text=text))[0]
    for s in sentences.split(doc):
        assert doc.text[s.start : s.end] == s.text


def test_a_run_of_words_with_no_full_stop_is_cut_into_bounded_sentences():
    from bench.long_input import words_text

    text = words_text(50_000)
    spans = sentences.split_text(text)
    assert text[spans[0][0] : spans[0][1]].startswith("The ministers met in Geneva on October 3, 2025.")
    assert max(b - a for a, b in spans) <= sentences.MAX_CHARS
    assert len(spans) >= 50_000 // sentences.MAX_CHARS
    pieces = " ".join(text[a:b] for a, b in spans)
    assert pieces.split() == text.split()  # cut between words, nothing lost


def test_a_run_with_no_white_space_is_cut_at_the_limit():
    text = "x" * (2 * sentences.MAX_CHARS + 10)
    spans = sentences.split_text(text)
    assert [b - a for a, b in spans] == [sentences.MAX_CHARS, sentences.MAX_CHARS, 10]
