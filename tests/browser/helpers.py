"""Helpers shared by the browser tests: saving a tour and checking it offline."""

from __future__ import annotations

import math
import random

from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

TOUR = "calais-1940-1944"
STOPS = ("calais-nord", "citadel", "memorial-museum", "bunker")
SAVED_LANGUAGES = ("en", "fr")


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


# --- a walk, fix by fix -------------------------------------------------------------

NOISE_M = 10  # 2-D RMS GPS error
FIX_EVERY_MS = 4000  # 1.25 m/s
DWELL_FIXES = 6  # fixes spent at each stop, reading the sign

STATE = """() => {
  const walk = document.querySelector('[data-walk]');
  const way = document.querySelector('[data-wayfinding]');
  const prompt = document.querySelector('[data-arrival-prompt]');
  return {
    fixes: Number(walk.dataset.fixes || 0),
    distance: way.dataset.distance ? Number(way.dataset.distance) : null,
    target: way.dataset.stop || null,
    prompt: prompt.hidden ? null : prompt.dataset.stop,
    text: prompt.hidden ? null : prompt.innerText,
  };
}"""


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    return (lat + north_m / 111_320, lon + east_m / (111_320 * math.cos(math.radians(lat))))


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    north = (b[0] - a[0]) * 111_320
    east = (b[1] - a[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(north, east)


def feed(context: BrowserContext, page: Page, lat: float, lon: float, rng: random.Random) -> dict:
    """Deliver one noisy fix and wait until the page has taken it into account."""
    before = page.evaluate(STATE)["fixes"]
    sigma = NOISE_M / math.sqrt(2)
    noisy = offset(lat, lon, rng.gauss(0, sigma), rng.gauss(0, sigma))
    context.set_geolocation({"latitude": noisy[0], "longitude": noisy[1], "accuracy": NOISE_M})
    # poll: wait_for_function() would evaluate a string, which the page's CSP forbids; a
    # watch restarted for power saving may deliver one more fix, so wait for "more than"
    for _ in range(200):
        if page.evaluate(STATE)["fixes"] > before:
            break
        page.wait_for_timeout(10)
    else:
        raise AssertionError("the page took no new fix")
    page.clock.run_for(FIX_EVERY_MS)
    return page.evaluate(STATE)
