"""One real browser: `streamlit run` on a test store, driven by Playwright with Debian's Chromium.

The screenshots are saved under pytest's tmp path; they are for looking at, not asserted on.
"""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import sync_playwright

from tests.dashboard.browser import launch, open_page, streamlit_app

pytestmark = pytest.mark.browser

DRAWN = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const role = t => ([].concat(t.meta || [])[0] || {}).role;  // the app sends meta in a list (dashboard.wire)
  return gd.data.filter(t => role(t) === 'anchors').flatMap(t => Array.from(t.customdata));
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def test_url_filter_in_a_real_browser(seed_store_path, browser, tmp_path):
    with streamlit_app(seed_store_path) as url:
        page, problems = open_page(browser, url + "/")
        assert {"ev-il76", "ev-wapo", "ev-ford"} <= set(page.evaluate(DRAWN))
        page.screenshot(path=str(tmp_path / "seeds.png"), full_page=True)
        page.close()

        page, more = open_page(browser, url + "/?q=Kazan")
        problems += more
        assert page.evaluate(DRAWN) == ["ev-kazan"]
        assert page.get_by_text("Showing 1 of 10 events").count() >= 1
        assert "q=Kazan" in page.url
        page.screenshot(path=str(tmp_path / "kazan.png"), full_page=True)
        page.close()

        page, more = open_page(browser, url + "/?mode=brief", width=1920, height=1080)
        problems += more
        assert page.get_by_text("Most corroborated").count() == 1
        page.screenshot(path=str(tmp_path / "brief.png"))
        page.close()
    assert problems == []


def test_hostile_store_runs_no_script(hostile_store_path, browser, tmp_path):
    with streamlit_app(hostile_store_path) as url:
        page, problems = open_page(browser, url + "/?event=h1")
        page.get_by_text("Shown without its document").first.wait_for(timeout=60_000)
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("script:has-text('__pwned')").count() == 0
        assert page.locator("img[onerror]").count() == 0
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        page.close()
    assert problems == []


LABELS = """() => Array.from(document.querySelectorAll('.js-plotly-plot g.annotation text.annotation-text'))
  .filter(t => { const r = t.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; })
  .map(t => t.textContent)"""
ALL_LABELS = LABELS.replace("r.bottom > 0 && r.top < window.innerHeight", "true")  # below the first screen too


def squash(text: str) -> str:
    """Text without its spaces: a label's lines are SVG tspans, read back without the spaces between them."""
    return "".join(str(text).split())


def event_by_quote(store, *words: str) -> str:
    """The event (most sources first) of a mention whose quote holds all ``words``."""
    m = store.mentions
    hit = m[m["quote"].map(lambda q: all(w.lower() in q.lower() for w in words))]
    assert len(hit), f"no mention quotes {words}"
    ev = store.events.set_index("event_id").loc[hit["event_id"].unique()]
    return ev.sort_values("source_count", ascending=False, kind="stable").index[0]


@pytest.fixture(scope="module")
def seeds_built(seeds_store):
    from events.output import store as store_mod

    s = store_mod.read(seeds_store)
    titles = {
        name: s.events.set_index("event_id").loc[event_by_quote(s, *words), "title"]
        for name, words in (
            ("Il-76 landing", ("Il-76", "Caracas", "touched down")),
            ("Post report", ("Washington Post", "reported on")),
        )
    }
    return seeds_store, s, titles


def test_titles_are_written_on_the_chart_and_in_the_svg_export(seeds_built, browser, tmp_path):
    store_path, s, titles = seeds_built
    with streamlit_app(store_path) as url:
        for name, query, width, height in (
            ("analyst-1920", "", 1920, 1080),
            ("analyst-1366", "", 1366, 768),
            ("brief-1920", "?mode=brief", 1920, 1080),
            ("brief-1366", "?mode=brief", 1366, 768),
        ):
            page, problems = open_page(browser, url + "/" + query, width=width, height=height)
            shown = {squash(t) for t in page.evaluate(LABELS)}  # SVG text on the chart, in the first screen
            written = {squash(t) for t in page.evaluate(ALL_LABELS)}
            page.screenshot(path=str(tmp_path / f"{name}.png"))
            page.close()
            assert problems == []
            if name.startswith("analyst"):
                for what, title in titles.items():
                    assert squash(title) in shown, f"{name}: {what}: {title!r} is not written on the chart ({shown})"
            else:  # the summary by default: the key happenings one a row, each title written whole (20 rows
                # of 24 px titles fill a 1920x1080 wall; on a laptop's screen the last rows are a scroll away)
                for what, title in titles.items():
                    seen = shown if width >= 1920 else written
                    assert squash(title) in seen, f"{what}: {title!r} is not written on the brief ({seen})"

    from dashboard import access, chart, exports, images, style
    from events.output import filters
    from events.output.filters import Filters

    p, f = access.load(store_path), Filters()
    slide = exports.for_export(
        chart.figure(p, filters.mask(p, f), f, look=style.SLIDE_LOOK),
        title="Event timeline",
        subtitle=f.describe(),
        as_of="2025-10-31",
        source_note="Source: the seed articles",
    )
    svg = images.render(slide, "svg").decode("utf-8")
    (tmp_path / "slide.svg").write_text(svg, encoding="utf-8")
    texts = {squash(re.sub(r"<[^>]+>", "", html.unescape(t))) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)}
    # the slide writes the most salient titles: the Post report, and the most salient dated event after it
    ranked = s.events[s.events["date_start"].notna()].sort_values("salience", ascending=False)["title"]
    for title in (titles["Post report"], ranked.iloc[1]):
        assert squash(title) in texts, f"{title!r} is not in the exported SVG"


X_OF = """(day) => {
  const gd = document.querySelector('.js-plotly-plot');
  const ax = gd._fullLayout.xaxis, box = gd.getBoundingClientRect();
  return box.left + ax._offset + ax.l2p(ax.d2l(day));
}"""
Y_MID = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const ax = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  return box.top + ax._offset + ax._length / 2;
}"""


BRIEF_CHART = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const meta = [].concat(gd._fullLayout.meta || [])[0] || {};
  const size = t => parseFloat(getComputedStyle(t).fontSize);
  const notes = Array.from(document.querySelectorAll('.js-plotly-plot g.annotation text.annotation-text'))
    .filter(t => t.textContent.trim());  // titles (an arrow's annotation has no text)
  const boxes = notes.map(t => t.getBoundingClientRect());
  return {layout: meta.layout, n: meta.n_events, ticks: gd._fullLayout.yaxis.ticktext,
          sizes: notes.map(size), boxes: boxes.map(b => [b.left, b.top, b.right, b.bottom])};
}"""


def test_the_brief_shows_the_summary_by_default_in_large_type_nothing_stacked(seeds_built, browser, tmp_path):
    store_path, s, titles = seeds_built
    with streamlit_app(store_path) as url:
        page, problems = open_page(browser, url + "/?mode=brief", width=1920, height=1080)
        chart = page.evaluate(BRIEF_CHART)
        link = page.get_by_text(f"Show all {len(s.events)} events")
        assert link.count() == 1 and link.get_attribute("href").endswith("?mode=analyst")
        page.screenshot(path=str(tmp_path / "brief-summary.png"))
        page.close()
    assert problems == []
    assert chart["layout"] == "rows" and 0 < chart["n"] < len(s.events)
    assert any(t.startswith("reported by ") for t in chart["ticks"])  # the Ford, by its report date
    assert chart["sizes"] and min(chart["sizes"]) >= 24  # every title in 24 px type or more, as drawn
    boxes = chart["boxes"]
    for i, a in enumerate(boxes):  # no two titles overlap on the screen
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_a_box_drawn_on_the_chart_zooms_to_its_dates_and_labels_them(seeds_built, browser, tmp_path):
    store_path, s, titles = seeds_built
    with streamlit_app(store_path) as url:
        page, problems = open_page(browser, url + "/", width=1920, height=1080)
        page.locator('.js-plotly-plot .modebar-btn[data-title="Box Select"]').click()
        y = page.evaluate(Y_MID)
        x0, x1 = page.evaluate(X_OF, "2025-10-24"), page.evaluate(X_OF, "2025-11-02")
        page.mouse.move(x0, y)
        page.mouse.down()
        page.mouse.move((x0 + x1) / 2, y + 20, steps=5)
        page.mouse.move(x1, y + 40, steps=5)
        page.mouse.up()
        page.get_by_text("Zoomed to 2025-10-2").wait_for(timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.wait_for_timeout(1500)  # let plotly finish drawing (waiting only, nothing is timed)
        assert "from=2025-10-2" in page.url and "to=2025-11-0" in page.url  # the zoom is a link, like any filter
        shown = {squash(t) for t in page.evaluate(LABELS)}
        page.screenshot(path=str(tmp_path / "zoomed.png"))
        page.close()
    assert problems == []
    for what, title in titles.items():
        assert squash(title) in shown, f"{what}: {title!r} is not written on the zoomed chart ({shown})"
