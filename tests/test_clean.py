"""Cleaning: page furniture out, article body kept, offsets untouched. Real lines from the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from events import clean
from events.records import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def cleaned(name: str) -> tuple[Document, list[clean.Dropped]]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return clean.clean(Document(doc_id=name, path=name, text=text))


def kept_text(doc: Document) -> str:
    return "\n".join(doc.text[a:b] for a, b in doc.regions)


@pytest.mark.parametrize("name, furniture", [
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
])
def test_furniture_is_dropped(name, furniture):
    doc, _ = cleaned(name)
    assert furniture in doc.text
    assert furniture not in kept_text(doc)


@pytest.mark.parametrize("name, news", [
    ("003_d65d78ee2db551f0.txt", "Russia's President Vladimir Putin meets with Venezuela's President Nicolas Maduro in Kazan on Oct. 23, 2024."),
    ("003_d65d78ee2db551f0.txt", "He also announced the mobilization of 15,000 soldiers."),
    ("001_111dea4c715d8f3b.txt", "And considering that Russia would have to use the heavy An-124 Ruslan military aircraft"),
    ("000_1ab23caccf04c3ab.txt", "- Expand Russia’s strategic footprint in the Western Hemisphere"),
    ("000_1ab23caccf04c3ab.txt", "With both sides ramping up their posture, the Caribbean may once again become"),
    ("004_c8231a1d60e4378b.txt", "A transport Il-76 touched down in Caracas on October 26, 2025"),
])
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
    text = ("Headline\n\nPutin meets Maduro in Kazan on Oct. 23, 2024. (Alexander Nemenov/POOL/AFP via Getty Images)\n"
            "Body text follows here.\n")
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

    root = Path(__file__).resolve().parents[1]
    te3 = root / "corpora" / "te3" / "TBAQ-cleaned"
    texts = [d.text for sub in ("AQUAINT", "TimeBank") for d in read_dir(te3 / sub)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    lines += [x for p in load("boilerplate")["pattern"] for x in p.get("examples", []) + p.get("keep", [])]
    lines += ["SUPPORT INDEPENDENT JOURNALISM TODAY.", "Keep Factually independent"]
    assert any(p.get("require") for p in load("boilerplate")["pattern"])
    with_require = [clean.furniture_reason(line) for line in lines]
    assert "donation_appeal" in with_require
    plain = [(name, rx, ()) for name, rx, _ in clean._patterns()]
    monkeypatch.setattr(clean, "_patterns", lambda: plain)
    assert [clean.furniture_reason(line) for line in lines] == with_require
