"""Walking mode in a real browser: a noisy GPS walk along the real route, fix by fix."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from calais_tour import create_app
from calais_tour.config import ROOT

from .helpers import DWELL_FIXES
from .helpers import NOISE_M
from .helpers import feed
from .helpers import metres
from .helpers import offset

TOUR = "calais-1940-1944"
STEP_M = 5  # metres walked between fixes

@pytest.fixture(scope="module")
def stops() -> list[dict[str, float | str]]:
    tour = create_app({"TOURS_DIR": str(ROOT / "tours")}).extensions["calais_tour.catalog"].tour(TOUR)
    return [{"slug": s.slug, "lat": s.lat, "lon": s.lon, "radius": s.radius_m} for s in tour.stops]


def route(stops: list[dict[str, float | str]]) -> list[tuple[float, float, str | None]]:
    """True positions every STEP_M along the route, from 150 m east of stop 1, dwelling at stops."""
    first = (float(stops[0]["lat"]), float(stops[0]["lon"]))
    points = [offset(*first, 0, 150)] + [(float(s["lat"]), float(s["lon"])) for s in stops]
    walk: list[tuple[float, float, str | None]] = []
    for leg, (a, b) in enumerate(zip(points, points[1:], strict=False)):
        n = max(1, round(metres(a, b) / STEP_M))
        walk += [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n, None) for i in range(n)]
        walk += [(b[0], b[1], str(stops[leg]["slug"]))] * DWELL_FIXES
    return walk


@pytest.fixture
def walker(browser: Browser, live_server: str) -> Iterator[tuple[BrowserContext, Page]]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, permissions=["geolocation"],
        geolocation={"latitude": 50.95894, "longitude": 1.85163, "accuracy": NOISE_M},
        service_workers="block",  # this test is about GPS, not offline
    )
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server}/en/{TOUR}/")
    yield context, page
    context.close()


def test_walk_prompts_once_per_stop_in_order_and_guides_to_the_next(
    walker: tuple[BrowserContext, Page], stops: list[dict[str, float | str]]
) -> None:
    context, page = walker
    page.locator("[data-start-walk]").click()
    rng = random.Random(1940)
    prompts: list[tuple[str, float]] = []
    distances: dict[str, list[int]] = {}
    for lat, lon, _ in route(stops):
        state = feed(context, page, lat, lon, rng)
        if state["prompt"]:
            stop = next(s for s in stops if s["slug"] == state["prompt"])
            prompts.append((state["prompt"], metres((lat, lon), (stop["lat"], stop["lon"]))))
            assert state["text"].startswith(f"You have arrived at stop {len(prompts)}:")
            page.locator("[data-arrival-dismiss]").click()
        if state["target"] and state["distance"] is not None:
            distances.setdefault(state["target"], []).append(state["distance"])

    assert [slug for slug, _ in prompts] == [s["slug"] for s in stops]
    for (slug, true_distance), stop in zip(prompts, stops, strict=True):
        assert true_distance <= float(stop["radius"]) + NOISE_M, (slug, true_distance)
    # on each long leg the distance shown shrinks as the walker approaches
    for slug in ("citadel", "memorial-museum"):
        shown = distances[slug]
        samples = shown[:: max(1, len(shown) // 8)]
        assert all(b < a for a, b in zip(samples, samples[1:], strict=False)), (slug, samples)
    assert page.locator("[data-wayfinding]").inner_text() == "You have visited every stop."


def test_started_walk_resumes_after_reload_without_prompting_again(
    walker: tuple[BrowserContext, Page], stops: list[dict[str, float | str]]
) -> None:
    context, page = walker
    page.locator("[data-start-walk]").click()
    rng = random.Random(44)
    first = (float(stops[0]["lat"]), float(stops[0]["lon"]))
    for _ in range(DWELL_FIXES):
        state = feed(context, page, *first, rng)
    assert state["prompt"] == "calais-nord"
    page.reload()
    page.locator("[data-stop-walk]").wait_for(state="visible")  # resumed by itself
    assert page.locator("[data-start-walk]").is_hidden()
    for _ in range(DWELL_FIXES):
        state = feed(context, page, *first, rng)
    assert state["prompt"] is None  # remembered: no second prompt for stop 1
    assert state["target"] == "citadel"


def test_denied_location_explains_and_keeps_the_manual_path(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    page.goto(f"{live_server}/en/{TOUR}/citadel/")
    page.locator("[data-start-walk]").click()
    status = page.locator("[data-walk-status]")
    status.filter(has_text="Location is turned off for this site").wait_for()
    assert page.locator("[data-start-walk]").is_visible()
    page.locator("#sign-code").fill("3")
    page.get_by_role("button", name="Go").click()
    page.wait_for_url(f"{live_server}/en/{TOUR}/memorial-museum/")
    context.close()
