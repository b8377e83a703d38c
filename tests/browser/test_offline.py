"""Offline: save the tour in a real browser, go offline, and open every saved page."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import BrowserContext

from calais_tour import create_app

from .conftest import LiveServer
from .helpers import SAVED_LANGUAGES
from .helpers import TOUR
from .helpers import assert_saved_tour_works_offline
from .helpers import h1
from .helpers import save_every_language
from .helpers import save_tour
from .helpers import wait_for_worker


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


def test_the_language_switch_keeps_the_page_offline(
    phone: BrowserContext, server: LiveServer
) -> None:
    page = phone.new_page()
    online = save_every_language(page, server.url)
    tour = server.app.extensions["calais_tour.catalog"].tour(TOUR)
    phone.set_offline(True)
    for path in (f"/{TOUR}/", f"/{TOUR}/citadel/", f"/{TOUR}/bunker/"):
        for lang, other in (("fr", "en"), ("en", "fr")):
            page.goto(f"{server.url}/{lang}{path}")
            page.locator(f'nav.langs a[hreflang="{other}"]').click()
            page.wait_for_url(f"{server.url}/{other}{path}")
            expected = online.get(f"/{other}{path}", tour.texts[other].title)
            assert h1(page) == expected, (lang, other, path)
