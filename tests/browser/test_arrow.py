"""The walk's arrow to the next stop, in Chromium with an emulated compass.

The compass is driven the way a phone feeds it, through Chromium's sensor emulation (CDP),
not with events dispatched from page script: a dispatched event reaches the page even when
the Permissions-Policy blocks the motion sensors, so it would pass a compass phones never
feed. The visitor stands 150 m east of stop 1, so the next stop lies due west.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import CDPSession
from playwright.sync_api import Page

TOUR = "calais-1940-1944"
STOP_1 = (50.95894, 1.84950)
HERE = (STOP_1[0], STOP_1[1] + 150 / (111_320 * math.cos(math.radians(STOP_1[0]))))

ARROW = """() => {
  const arrow = document.querySelector('[data-arrow]');
  if (!arrow.querySelector('svg')) return { hidden: true, loaded: false };
  const needle = arrow.querySelector('[data-arrow-needle]').getAttribute('transform') || '';
  const north = arrow.querySelector('[data-arrow-north]').getAttribute('transform') || '';
  return {
    loaded: true,
    hidden: arrow.hidden,
    compass: arrow.dataset.compass || null,
    needle: needle, north: north,
    distance: arrow.querySelector('.arrow-distance').textContent,
    note: arrow.querySelector('[data-arrow-note]').textContent,
    live: document.querySelector('[data-arrow-live]').textContent,
    liveRole: document.querySelector('[data-arrow-live]').getAttribute('aria-live'),
    wayLive: document.querySelector('[data-wayfinding]').getAttribute('aria-live'),
  };
}"""


def rotation(transform: str) -> float:
    match = re.match(r"rotate\(([-\d.]+) 50 50\)", transform)
    assert match, transform
    return float(match.group(1))


def angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def wait_until(page: Page, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Poll the arrow's state (wait_for_function would evaluate a string, which CSP forbids)."""
    state: dict[str, Any] = {}
    for _ in range(300):
        state = page.evaluate(ARROW)
        if check(state):
            return state
        page.wait_for_timeout(10)
    raise AssertionError(f"the arrow never got there: {state}")


def face(cdp: CDPSession, heading_deg: float) -> None:
    """Turn the emulated phone to a compass heading (alpha counts counter-clockwise)."""
    half = math.radians(360 - heading_deg) / 2
    cdp.send("Emulation.setSensorOverrideReadings", {
        "type": "absolute-orientation",
        "reading": {"quaternion": {"x": 0, "y": 0, "z": math.sin(half), "w": math.cos(half)}},
    })


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        # a phone's site settings: location and motion sensors allowed
        permissions=["geolocation", "accelerometer", "gyroscope", "magnetometer"],
        geolocation={"latitude": HERE[0], "longitude": HERE[1], "accuracy": 8},
        service_workers="block",
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.clock.install()
    yield page, requested
    context.close()


def test_the_arrow_turns_with_the_compass_and_speaks_sparingly(
    phone: tuple[Page, list[str]], live_server: str
) -> None:
    page, requested = phone
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setSensorOverrideEnabled", {"enabled": True, "type": "absolute-orientation"})
    face(cdp, 0)  # facing north: stop 1, due west, is on the left
    page.goto(f"{live_server}/en/{TOUR}/")
    assert page.locator("[data-arrow]").is_hidden()  # nothing before the walk starts
    assert not any("arrow" in url for url in requested)  # nor its code: a reader pays nothing
    page.locator("[data-start-walk]").click()
    wait_until(page, lambda s: s["loaded"] and not s["hidden"])
    # a real compass never holds still; the emulated one fires only when its reading changes,
    # and the first reading may come before arrow.js (loaded when the walk starts) listens
    face(cdp, 1)

    state = wait_until(page, lambda s: s["compass"] == "1")
    assert angle_diff(rotation(state["needle"]), 270) < 3  # pointing left
    assert angle_diff(rotation(state["north"]), 0) < 3  # north mark at the top
    assert state["distance"] == "150\u00a0m"
    assert state["note"] == ""  # no "no compass" excuse with a compass
    assert page.locator("[data-arrow] svg").is_visible()

    # turn to face west: the arrow points straight up, the north mark moves to the right
    face(cdp, 270)
    state = wait_until(page, lambda s: angle_diff(rotation(s["needle"]), 0) < 3)
    assert angle_diff(rotation(state["north"]), 90) < 3

    # a screen reader hears the direction, as a clock-face hour, at most every few seconds
    assert state["liveRole"] == "polite" and state["wayLive"] is None  # one voice, not two
    page.clock.run_for(6000)
    face(cdp, 271)
    ahead = "Next: stop 1, Calais Nord and the Watchtower. 150\u00a0m, at 12 o\u2019clock"
    state = wait_until(page, lambda s: s["live"] == ahead)
    for heading in (0, 90, 180):  # the visitor spins round within a second
        face(cdp, heading)
    state = wait_until(page, lambda s: angle_diff(rotation(s["needle"]), 90) < 3)  # it turned...
    assert state["live"] == ahead  # ...silently
    page.clock.run_for(6000)
    face(cdp, 181)
    wait_until(page, lambda s: s["live"] == ahead.replace("12", "3"))

    assert all(url.startswith(live_server) for url in requested), requested


def test_without_a_compass_the_arrow_is_north_up_and_says_so(
    phone: tuple[Page, list[str]], live_server: str
) -> None:
    page, requested = phone
    page.goto(f"{live_server}/fr/{TOUR}/")
    page.locator("[data-start-walk]").click()
    state = wait_until(page, lambda s: s["loaded"] and not s["hidden"] and s["live"] != "")
    assert state["compass"] == "0"
    assert angle_diff(rotation(state["needle"]), 270) < 3  # west, drawn on a north-up dial
    assert rotation(state["north"]) == 0
    assert state["note"] == "Pas de boussole : le nord est en haut."  # says so, in French
    assert page.locator("[data-arrow-note]").is_visible()
    assert state["live"].startswith("Prochaine étape : 1, ")
    assert state["live"].endswith(". 150\u00a0m direction ouest (GPS ±8 m)")
    assert all(url.startswith(live_server) for url in requested), requested
