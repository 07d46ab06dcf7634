"""TimeML reading and a quality floor on a sample of TempEval-3 documents (no timing here)."""

from pathlib import Path

import pytest

from events.temporal import tag_timexes
from events.temporal.score import score
from events.temporal.timeml import read_tml

DATA = Path(__file__).resolve().parents[3] / "shared" / "te3" / "TBAQ-cleaned"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="TempEval-3 data not present")


def _sample(n=10):
    files = sorted((DATA / "TimeBank").glob("*.tml"))[::18][:n // 2] + \
        sorted((DATA / "AQUAINT").glob("*.tml"))[::14][:n - n // 2]
    return [read_tml(p) for p in files]


def test_timeml_offsets_point_at_the_gold_text():
    doc = read_tml(DATA / "AQUAINT" / "APW19980807.0261.tml")
    assert str(doc.dct) == "1998-08-07"
    first = doc.timexes[0]
    assert doc.text[first.start:first.end] == first.text == "Friday"
    assert (first.type, first.value) == ("DATE", "1998-08-07")


def test_value_f1_floor_on_sample():
    docs = _sample()
    total = score((d.timexes, tag_timexes(d.text, d.dct)) for d in docs)
    t = total.table()
    assert t["relaxed_f1"] >= 85, t
    assert t["value_f1"] >= 70, t
