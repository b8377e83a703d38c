"""Offline: save the tour in a real browser, go offline, and open every saved page."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import Playwright

from calais_tour import create_app
from calais_tour.config import ROOT

from .conftest import CHROMIUM
from .conftest import CHROMIUM_ARGS
from .conftest import LiveServer

TOUR = "calais-1940-1944"
STOPS = ("calais-nord", "citadel", "memorial-museum", "bunker")
SAVED_LANGUAGES = ("en", "fr")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server on a copy of the shipped tours, so a test may edit them."""
    tours = tmp_path / "tours"
    shutil.copytree(ROOT / "tours", tours)
    server = LiveServer(create_app({"TOURS_DIR": str(tours)}))
    server.tours = tours  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def phone(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    """A persistent profile (installability is not judged in incognito), phone-sized."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
    )
    yield context
    context.close()


def wait_for_worker(page: Page) -> None:
    """Wait until the page is controlled by an activated service worker.

    Polls with evaluate(): wait_for_function() evaluates strings, which the page's CSP forbids.
    """
    for _ in range(200):
        if page.evaluate("() => navigator.serviceWorker.controller?.state === 'activated'"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("no activated service worker controls the page")


def save_tour(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_worker(page)
    page.locator("[data-save-button]").click()
    page.locator(".save.is-saved").wait_for()


def h1(page: Page) -> str:
    return page.locator("h1").inner_text().strip()


def save_every_language(page: Page, base: str) -> dict[str, str]:
    """Save the tour in each of SAVED_LANGUAGES; return each saved stop page's online h1."""
    online: dict[str, str] = {}
    for lang in SAVED_LANGUAGES:
        save_tour(page, f"{base}/{lang}/{TOUR}/")
        assert "✓" in page.locator(".stop-link").first.inner_text()  # saved mark on each stop
        for stop in STOPS:
            path = f"/{lang}/{TOUR}/{stop}/"
            page.goto(base + path)
            online[path] = h1(page)
    return online


def assert_saved_tour_works_offline(
    phone: BrowserContext, page: Page, base: str, online: dict[str, str], titles: list[str]
) -> None:
    """Offline: every saved page opens from the service worker with its online h1; a sign
    opens the saved stop in the language last used (fr); an unsaved page is the offline page,
    listing the saved ``titles``."""
    phone.set_offline(True)
    for path, title in online.items():
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, path
        assert response.from_service_worker, path
        assert h1(page) == title
        page.locator(".save.is-saved").wait_for()  # the page knows it is saved

    page.goto(f"{base}/s/2")
    assert page.url == f"{base}/fr/{TOUR}/citadel/"
    assert h1(page) == online[f"/fr/{TOUR}/citadel/"]

    response = page.goto(f"{base}/de/{TOUR}/citadel/")
    assert response is not None and response.from_service_worker
    assert h1(page) == "Sie sind offline"
    saved_links = page.locator("[data-offline-list] a")
    saved_links.first.wait_for()
    assert sorted(saved_links.all_inner_texts()) == titles


def test_save_shows_its_size_first(phone: BrowserContext, server: LiveServer) -> None:
    page = phone.new_page()
    page.goto(f"{server.url}/en/{TOUR}/bunker/")
    wait_for_worker(page)
    status = page.locator("[data-save-status]")
    status.filter(has_text="Download size: about").wait_for()
    assert page.locator("[data-save-button]").inner_text() == "Save this tour for offline use"


def test_saved_tour_opens_offline_in_every_saved_language(
    phone: BrowserContext, server: LiveServer
) -> None:
    page = phone.new_page()
    other_origins: list[str] = []
    phone.on("request", lambda r: r.url.startswith(server.url) or other_origins.append(r.url))
    online = save_every_language(page, server.url)

    # online too, a scanned sign follows the language last chosen on this phone (fr), not
    # the browser's Accept-Language (en-US here)
    page.goto(f"{server.url}/s/3")
    assert page.url == f"{server.url}/fr/{TOUR}/memorial-museum/"

    assert_saved_tour_works_offline(phone, page, server.url, online, sorted(
        server.app.extensions["calais_tour.catalog"].tour(TOUR).texts[lang].title
        for lang in SAVED_LANGUAGES
    ))

    # removing the saved tour frees the phone: its saved copy is gone, the French one stays
    phone.set_offline(False)
    page.goto(f"{server.url}/en/{TOUR}/")
    page.locator(".save.is-saved").wait_for()
    page.locator("[data-remove-button]").click()
    page.locator("[data-save-button]").wait_for(state="visible")
    assert "Download size: about" in page.locator("[data-save-status]").inner_text()
    saved = [name.split("|")[2:4] for name in page.evaluate("() => caches.keys()")
             if "|tour|" in name]
    assert saved == [[TOUR, "fr"]]
    assert other_origins == []


def test_no_installability_errors(phone: BrowserContext, server: LiveServer) -> None:
    page = phone.new_page()
    page.goto(f"{server.url}/en/{TOUR}/")
    wait_for_worker(page)
    cdp = phone.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []


def test_update_is_offered_and_reaches_the_saved_copy(
    phone: BrowserContext, server: LiveServer
) -> None:
    page = phone.new_page()
    stop = f"{server.url}/en/{TOUR}/citadel/"
    save_tour(page, stop)
    assert page.locator("[data-update-banner]").is_hidden()

    # the guide corrects a stop; the office redeploys
    path = server.tours / TOUR / "citadel.en.md"  # type: ignore[attr-defined]
    path.write_text(
        path.read_text("utf-8").replace("In front of you is", "Right in front of you is"), "utf-8"
    )
    server.app = create_app({"TOURS_DIR": str(server.tours)})  # type: ignore[attr-defined]

    page.reload()
    banner = page.locator("[data-update-banner]")
    banner.wait_for(state="visible")
    assert "This tour was updated" in banner.inner_text()
    # nothing is swapped without asking: the new worker waits
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => Boolean(r.waiting))")
    with page.expect_navigation():
        banner.get_by_role("button").click()
    wait_for_worker(page)

    phone.set_offline(True)
    response = page.goto(stop)
    assert response is not None and response.from_service_worker
    assert "Right in front of you is" in page.locator(".story").inner_text()


def test_the_live_map_draws_offline(phone: BrowserContext, server: LiveServer) -> None:
    """The map has no tiles: once the tour is saved, it draws with the visitor's dot offline."""
    phone.grant_permissions(["geolocation"])
    phone.set_geolocation({"latitude": 50.95200, "longitude": 1.85160, "accuracy": 20})
    page = phone.new_page()
    other_origins: list[str] = []
    phone.on("request", lambda r: r.url.startswith(server.url) or other_origins.append(r.url))
    save_tour(page, f"{server.url}/en/{TOUR}/")
    phone.set_offline(True)
    response = page.goto(f"{server.url}/en/{TOUR}/")
    assert response is not None and response.from_service_worker
    page.get_by_role("button", name="Show me on the map").click()
    live = page.locator("[data-live-map]")
    live.locator("[data-visitor] .dot").wait_for()
    assert live.locator(".pin").count() == 4
    # the pixels: a blue dot and the dark pins are drawn, not just put in the DOM
    image = Image.open(io.BytesIO(live.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    blue = sum(n for n, (r, g, b) in colours if b > 200 and r < 60 and 90 < g < 140)
    assert blue > 50, "no visitor dot in the pixels"
    assert other_origins == []
