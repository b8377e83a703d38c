"""A stop page loads only the code its first view needs; the rest comes when it is used.

Listen (listen.js) loads on the first tap on Listen, the walk (walk.js with geofence.js) when
it starts. Both still work offline once the tour is saved: the service worker holds them.
"""

from __future__ import annotations

import json

from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from .conftest import LiveServer
from .helpers import TOUR
from .helpers import save_tour
from .test_listen import RECORDER
from .test_listen import VOICES
from .test_listen import new_context
from .test_listen import speaks
from .test_listen import wait_for_speech

CITADEL = {"latitude": 50.95678, "longitude": 1.83895, "accuracy": 5}


def scripts(requested: list[str]) -> set[str]:
    return {url.split("?")[0].rsplit("/", 1)[1] for url in requested if url.split("?")[0].endswith(".js")}


def wait_for_way(page: Page) -> str:
    """The way to the next stop, once the walk has a fix (polled: the CSP forbids string functions)."""
    way = page.locator("[data-wayfinding]")
    for _ in range(300):
        if way.is_visible() and way.inner_text():
            return way.inner_text()
        page.wait_for_timeout(20)
    raise AssertionError(f"no way shown; status: {page.locator('[data-walk-status]').inner_text()!r}")


def test_a_stop_page_loads_listen_and_the_walk_only_when_used(browser: Browser, live_server: str) -> None:
    context = new_context(browser, "en-GB", VOICES)
    context.grant_permissions(["geolocation"])
    context.set_geolocation(CITADEL)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/en/{TOUR}/memorial-museum/")
    page.wait_for_load_state("networkidle")
    loaded = scripts(requested)
    assert {"offline.js", "walkloader.js", "listenloader.js", "hours.js"} <= loaded
    assert not loaded & {"listen.js", "walk.js", "geofence.js", "arrow.js"}, loaded
    # the controls are there and labelled all the same
    assert page.get_by_role("region", name="Narration").get_by_role("button", name="Listen", exact=True).is_visible()
    assert page.get_by_role("button", name="Start the walk").is_visible()

    page.get_by_role("button", name="Listen", exact=True).click()
    wait_for_speech(page)
    assert speaks(page)[0]["lang"] == "en-GB"
    assert "listen.js" in scripts(requested)
    assert not scripts(requested) & {"walk.js", "geofence.js"}

    page.get_by_role("button", name="Start the walk").click()
    assert page.get_by_role("button", name="Stop the walk").is_visible()  # at once, on the tap
    assert "Next: stop 1" in wait_for_way(page)
    assert {"walk.js", "geofence.js"} <= scripts(requested)
    context.close()


def test_listen_and_the_walk_load_offline_once_the_tour_is_saved(
    phone: BrowserContext, server: LiveServer
) -> None:
    phone.add_init_script(RECORDER % json.dumps(VOICES))
    page = phone.pages[0] if phone.pages else phone.new_page()
    url = f"{server.url}/en/{TOUR}/citadel/"
    save_tour(page, url)
    phone.grant_permissions(["geolocation"], origin=server.url)
    phone.set_geolocation(CITADEL)
    phone.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text().startswith("The Citadel")
    page.get_by_role("button", name="Listen", exact=True).click()
    wait_for_speech(page)
    page.get_by_role("button", name="Start the walk").click()
    assert "Next: stop 1" in wait_for_way(page)
    phone.set_offline(False)
