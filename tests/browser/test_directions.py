"""The platform's own map app comes first among the walking directions, with no script.

iOS Safari (geo: hidden by -webkit-touch-callout) cannot be emulated in Chromium.
"""

from __future__ import annotations

from playwright.sync_api import Browser

STOP = "/en/calais-1940-1944/citadel/"
VISIBLE_IN_ORDER = """() => [...document.querySelectorAll('.directions a')]
  .filter((a) => a.offsetParent !== null)
  .map((a) => [a, a.getBoundingClientRect()])
  .sort(([, p], [, q]) => Math.round(p.top - q.top) || p.left - q.left)  // reading order
  .map(([a]) => a)
  .map((a) => a.className)"""


def order(browser: Browser, live_server: str, **options: object) -> list[str]:
    context = browser.new_context(service_workers="block", **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(live_server + STOP)
    page.locator(".directions").scroll_into_view_if_needed()
    shown = page.evaluate(VISIBLE_IN_ORDER)
    context.close()
    return list(shown)


def test_the_platform_map_comes_first(browser: Browser, live_server: str) -> None:
    # a touch phone (coarse pointer, no mouse), as Android: its map app through geo:
    phone = order(browser, live_server, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    assert phone == ["geo", "apple", "osm"]
    # a computer with a mouse: geo: opens nothing there, the web map comes first
    computer = order(browser, live_server, viewport={"width": 1280, "height": 800})
    assert computer == ["osm", "apple"]
