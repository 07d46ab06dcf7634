"""One real browser: `streamlit run` on a test store, driven by Playwright with Debian's Chromium.

The screenshots are saved under pytest's tmp path; they are for looking at, not asserted on.
"""

from __future__ import annotations

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
