"""The typed records: what survives crossing a process."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

from events.records import Mention


def _mention(doc_id: str, quote: str) -> Mention:
    return Mention(
        f"m-{quote[:3]}",
        "".join(doc_id),
        0,
        len(quote),
        quote,
        date_text="on Oct. 26",
        date_start=dt.date(2025, 10, 26),
        date_end=dt.date(2025, 10, 26),
        precision="day",
        basis="explicit",
        actors=("Russia", "Venezuela"),
        category="deployment",
        location="Caracas",
        key_terms=("caracas", "il-76"),
        roles=("Nicolas Maduro: president",),
    )


def test_a_mention_pickled_comes_back_equal_with_its_repeated_strings_shared():
    a, b = _mention("doc-1", "An Il-76 landed in Caracas."), _mention("doc-1", "A plane landed in Caracas.")
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        back_a, back_b = pickle.loads(pickle.dumps(a, protocol=proto)), pickle.loads(pickle.dumps(b, protocol=proto))
        assert back_a == a and back_b == b
        assert back_a.doc_id is back_b.doc_id and back_a.category is back_b.category  # one copy, not two
        assert back_a.key_terms[1] is back_b.key_terms[1] and back_a.actors[0] is back_b.actors[0]
        assert type(back_a.actors) is tuple and back_a.date_start == dt.date(2025, 10, 26)
    assert copy.deepcopy(a) == a and copy.copy(a) == a
