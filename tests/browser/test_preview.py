"""The live preview in a real browser: a broken second tour leaves the first one styled."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser

from calais_tour import create_app
from tests.browser.conftest import LiveServer
from tests.helpers import FIXTURE_TOURS
from tests.test_preview import _second_tour


def test_preview_with_a_broken_tour_shows_the_finished_one_styled_with_a_banner(
    browser: Browser, tmp_path: Path,
) -> None:
    tours = tmp_path / "tours"
    shutil.copytree(FIXTURE_TOURS, tours)
    _second_tour(tours)
    server = LiveServer(create_app({"TOURS_DIR": str(tours), "PREVIEW": True}))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        statuses: dict[str, int] = {}
        page.on("response", lambda r: statuses.__setitem__(r.url.split("?")[0], r.status))
        response = page.goto(server.url + "/en/harbour-walk/fort/")
        assert response is not None and response.status == 200
        assert statuses[server.url + "/static/css/site.css"] == 200
        assert page.locator("h1").inner_text() == "The Fort"
        banner = page.locator(".preview-problems")
        assert banner.is_visible()
        assert "3 in all the tours" in banner.inner_text()
        # styled: the site's stylesheet applies, to the page and to the banner
        style = banner.evaluate("e => { const s = getComputedStyle(e); "
                                "return [s.borderTopWidth, s.borderTopColor]; }")
        assert style == ["2px", "rgb(176, 0, 32)"]
        # the banner's link leads to every problem
        page.locator(".preview-problems a").click()
        page.wait_for_url("**/_problems/")
        assert "tours/old-port/fort.en.md:2:" in page.locator("ul.problems").inner_text()
    finally:
        context.close()
        server.stop()
