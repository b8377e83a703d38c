"""The frozen site on a plain static server: the same offline flow as the app, and short
links that pick the language in the browser."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext

from calais_tour import create_app
from calais_tour.config import ROOT
from calais_tour.freeze import freeze

from .helpers import SAVED_LANGUAGES
from .helpers import TOUR
from .helpers import assert_saved_tour_works_offline
from .helpers import save_every_language
from .helpers import wait_for_worker


class StaticSite:
    """The shipped tours frozen into a folder and served by `python -m http.server`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        # port 0: the server takes a free one and says which on its first line
        self._process = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
             "--directory", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        match = re.search(r"port (\d+)", line)
        assert match, f"http.server did not start: {line!r}"
        self.url = f"http://127.0.0.1:{match.group(1)}"
        # frozen for the address it is served at, as a deployment would be
        self.app: Flask = create_app({"TOURS_DIR": str(ROOT / "tours"), "BASE_URL": self.url})
        self.files = freeze(self.app, folder)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        assert self._process.stdout is not None
        self._process.stdout.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    site = StaticSite(tmp_path_factory.mktemp("frozen") / "site")
    yield site
    site.stop()


def test_frozen_site_opens_offline_in_every_saved_language(
    phone: BrowserContext, site: StaticSite  # noqa: F811
) -> None:
    page = phone.new_page()
    other_origins: list[str] = []
    phone.on("request", lambda r: r.url.startswith(site.url) or other_origins.append(r.url))
    online = save_every_language(page, site.url)
    tour = site.app.extensions["calais_tour.catalog"].tour(TOUR)
    assert online[f"/fr/{TOUR}/citadel/"] == tour.stop("citadel").texts["fr"].title

    # online, the service worker answers a scanned sign before the static page is asked for
    page.goto(f"{site.url}/s/3")
    assert page.url == f"{site.url}/fr/{TOUR}/memorial-museum/"
    # the static page itself (the worker passes /s/3/ on) also reads the language kept on
    # this phone (fr), before the browser's (en-US)
    page.goto(f"{site.url}/s/3/")
    page.wait_for_url(f"{site.url}/fr/{TOUR}/memorial-museum/")

    assert_saved_tour_works_offline(
        phone, page, site.url, online, sorted(tour.texts[lang].title for lang in SAVED_LANGUAGES)
    )
    assert other_origins == []


def test_frozen_site_has_no_installability_errors(
    phone: BrowserContext, site: StaticSite  # noqa: F811
) -> None:
    page = phone.new_page()
    page.goto(f"{site.url}/en/{TOUR}/")
    wait_for_worker(page)
    cdp = phone.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    assert cdp.send("Page.getAppManifest")["errors"] == []


@pytest.mark.parametrize(
    ("locale", "path", "expected"),
    [
        ("de-DE", "/s/2", f"/de/{TOUR}/citadel/"),
        ("fr-BE", "/s/4", f"/fr/{TOUR}/bunker/"),
        ("es-ES", "/s/1", f"/en/{TOUR}/calais-nord/"),  # no Spanish: the first language
        ("nl-NL", "/", "/nl/"),
        ("fr-FR", "/s/?code=+3+", f"/fr/{TOUR}/memorial-museum/"),  # the number box
    ],
)
def test_static_short_links_pick_the_browser_language(
    browser: Browser, site: StaticSite, locale: str, path: str, expected: str
) -> None:
    # a first visit, straight from a scanned sign: no service worker yet
    context = browser.new_context(locale=locale, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site.url + path)
        page.wait_for_url(site.url + expected)
        assert page.locator("h1").count() == 1
    finally:
        context.close()


def test_static_short_link_pages_work_without_javascript(
    browser: Browser, site: StaticSite
) -> None:
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{site.url}/s/2")
        assert page.url == f"{site.url}/s/2/"  # http.server's redirect to the folder
        links = page.locator("main a")
        assert links.count() == 4
        with page.expect_navigation():
            links.filter(has_text="Nederlands").click()
        assert page.url == f"{site.url}/nl/{TOUR}/citadel/"
    finally:
        context.close()


def test_an_unknown_number_in_the_box_says_so(browser: Browser, site: StaticSite) -> None:
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{site.url}/s/?code=99")
        page.locator("[data-unknown-code]").wait_for(state="visible")
        assert page.url == f"{site.url}/s/?code=99"
        assert page.locator("#sign-code").is_visible()
    finally:
        context.close()
