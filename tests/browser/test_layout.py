"""What a phone shows: a 360 px screen, light and dark, with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page

from calais_tour.config import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/en/",
    "/fr/calais-1940-1944/",
    "/de/calais-1940-1944/calais-nord/",
    "/nl/calais-1940-1944/memorial-museum/",
    "/en/calais-1940-1944/bunker/",
    "/fr/calais-1940-1944/nowhere/",
    "/de/calais-1940-1944/survey/",
]

# everything a thumb might aim at; links inside running text are exempt (WCAG 2.5.8)
TAP_TARGETS = (
    "header a, nav a, .button, .maps a, .stop-link, .pager a, .way-back a, .sources a, .card h2 a"
)

MEASURE = """(selector) => {
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.height < 48 || r.width < 48)) small.push(el.textContent.trim() + ' ' + r.width + 'x' + r.height);
  }
  const fonts = [...document.querySelectorAll('main p, main li')]
    .map(el => parseFloat(getComputedStyle(el).fontSize));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    small,
    minFont: Math.min(...fonts),
    h1: document.querySelector('h1').textContent.trim(),
    background: getComputedStyle(document.body).backgroundColor,
  };
}"""


def open_phone(browser: Browser, url: str, **options: object) -> tuple[Page, list[str]]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
        has_touch=True, **options,  # type: ignore[arg-type]
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and requests.append(f"console: {m.text}"))
    page.goto(url)
    return page, requests


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_360px_phone(browser: Browser, live_server: str, path: str) -> None:
    page, requests = open_phone(browser, live_server + path)
    m = page.evaluate(MEASURE, TAP_TARGETS)
    assert m["scrollWidth"] <= 360, "the page scrolls sideways"
    assert m["small"] == [], "tap targets under 48 px"
    assert m["minFont"] >= 16
    # nothing from elsewhere, and no console error (a CSP violation would be one)
    page.wait_for_load_state("networkidle")
    expected = "console: Failed to load resource: the server responded with a status of 404"
    if "nowhere" in path:  # the 404 page's own status is logged, and is right
        requests = [u for u in requests if not u.startswith(expected)]
    assert [u for u in requests if not u.startswith(live_server)] == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violations(
    browser: Browser, live_server: str, path: str, scheme: str
) -> None:
    # axe is injected as an inline script: only this test lets the page's CSP allow it
    page, _ = open_phone(browser, live_server + path, color_scheme=scheme, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result] == []
    page.context.close()


def test_dark_mode_is_respected(browser: Browser, live_server: str) -> None:
    light, _ = open_phone(browser, live_server + "/en/", color_scheme="light")
    dark, _ = open_phone(browser, live_server + "/en/", color_scheme="dark")
    assert light.evaluate(MEASURE, "a")["background"] != dark.evaluate(MEASURE, "a")["background"]
    light.context.close()
    dark.context.close()


def test_stop_reads_fully_without_javascript(browser: Browser, live_server: str) -> None:
    page, _ = open_phone(
        browser, live_server + "/en/calais-1940-1944/citadel/", java_script_enabled=False
    )
    assert page.locator("h1").inner_text() != ""
    assert page.locator(".story p").count() >= 3
    assert page.get_by_text("Stop 2 of 4").is_visible()
    page.context.close()
