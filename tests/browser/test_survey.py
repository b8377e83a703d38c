"""The survey tool in Chromium: GPS fixes over the chosen seconds become a pin to paste."""

from __future__ import annotations

import math
import re

from playwright.sync_api import Browser

TOUR = "calais-1940-1944"
TRUE_PIN = (50.95230, 1.85120)  # where the guide stands, ~40 m from stop 3's current pin
M_PER_DEG_LAT = 111_320
OFFSETS_M = [(6, 0), (-6, 0), (0, 6), (0, -6)]  # east, north: a cloud centred on the true pin


def test_the_survey_averages_fixes_and_writes_the_snippet(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, permissions=["geolocation"],
        geolocation={"latitude": TRUE_PIN[0], "longitude": TRUE_PIN[1], "accuracy": 30},
        service_workers="block",
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.clock.install()
    page.goto(f"{live_server}/en/{TOUR}/guide/")
    page.get_by_role("link", name=re.compile("Survey a pin on site")).click()
    page.get_by_label("Stop").select_option("memorial-museum")
    page.get_by_label("Seconds to average").fill("20")
    page.get_by_role("button", name="Start measuring").click()
    status = page.locator("[data-survey-status]")
    m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(TRUE_PIN[0]))
    for n, (east, north) in enumerate(OFFSETS_M, 1):
        context.set_geolocation({
            "latitude": TRUE_PIN[0] + north / M_PER_DEG_LAT,
            "longitude": TRUE_PIN[1] + east / m_per_deg_lon, "accuracy": 8,
        })
        for _ in range(300):  # wait for the page to take the fix
            if re.search(rf"\b{n}\b fixes", status.inner_text()) or f"{n + 1} fixes" in status.inner_text():
                break
            page.wait_for_timeout(10)
        page.clock.run_for(2000)
    page.clock.run_for(20000)
    result = page.locator("[data-survey-result]")
    result.wait_for(state="visible")

    assert page.locator('[data-out="lat"]').inner_text() == f"{TRUE_PIN[0]:.5f}"
    assert page.locator('[data-out="lon"]').inner_text() == f"{TRUE_PIN[1]:.5f}"
    spread = float(page.locator('[data-out="spread"]').inner_text().split("\u00a0")[0])
    assert 4 < spread < 7  # the 6 m cloud; the 30 m fix it started from weighs little
    assert page.locator('[data-out="radius"]').inner_text() == "20\u00a0m"
    to_museum = page.locator('[data-distance-to="memorial-museum"]').inner_text()
    assert 35 <= int(to_museum.split("\u00a0")[0]) <= 45
    snippet = page.locator('[data-out="snippet"]').inner_text()
    assert snippet.startswith("# memorial-museum: surveyed on site ")
    assert f"lat = {TRUE_PIN[0]:.5f}\nlon = {TRUE_PIN[1]:.5f}\nradius_m = 20" in snippet
    # the long snippet scrolls in its own box, not the page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert all(url.startswith(live_server) for url in requested), requested
    context.close()
