"""Print the size of the saved tour package per language (target: 200 KB) and the time
to save it in Debian's Chromium over a throttled connection (1.6 Mbps, 150 ms RTT).

Throttling is CDP Network.emulateNetworkConditions, sent to the service worker's target
(which does the downloading); the time runs from tapping "Save" to "Saved".
Run: .venv/bin/python bench/offline_package.py
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import CHROMIUM  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.browser.test_offline import wait_for_worker  # noqa: E402

from calais_tour import create_app  # noqa: E402
from calais_tour import pwa  # noqa: E402

TARGET_BYTES = 200 * 1000
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
        "uploadThroughput": 0.75e6 / 8}


def package_sizes() -> dict[tuple[str, str], int]:
    app = create_app()
    with app.test_request_context():
        plan = pwa.plan()
        shell = sum(e.size for e in plan.shell)
        return {
            (slug, lang): shell + plan.tour_bytes(slug, lang)
            for slug, langs in plan.tours.items() for lang in langs
        }


def throttle_service_worker(browser: Browser, page: Page) -> None:
    """Apply SLOW to the service worker's own network, where the saving happens.

    Page-level emulation does not reach a service worker's fetches (measured: no change),
    so attach to its target from the browser session and send the command there.
    """
    session = browser.new_browser_cdp_session()
    targets = session.send("Target.getTargets")["targetInfos"]
    worker = next(t for t in targets if t["type"] == "service_worker")
    sid = session.send("Target.attachToTarget", {"targetId": worker["targetId"], "flatten": False})
    answers: list[str] = []
    session.on("Target.receivedMessageFromTarget", lambda e: answers.append(e["message"]))
    for n, (method, params) in enumerate(
        (("Network.enable", {}), ("Network.emulateNetworkConditions", SLOW)), 1
    ):
        message = json.dumps({"id": n, "method": method, "params": params})
        session.send("Target.sendMessageToTarget",
                     {"sessionId": sid["sessionId"], "message": message})
    deadline = time.time() + 10
    while not any('"id":2' in a for a in answers) and time.time() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the answers
    if not any('"id":2,"result"' in a for a in answers):
        raise RuntimeError(f"throttling was not applied: {answers}")


def save_seconds(server: LiveServer, path: str, slow: bool) -> float:
    """Return the seconds from tapping "Save" to "Saved", in a fresh browser."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.goto(server.url + path)
        wait_for_worker(page)
        if slow:
            throttle_service_worker(browser, page)
        button = page.locator("[data-save-button]")
        button.wait_for(state="visible")
        start = time.perf_counter()
        button.click()
        page.locator(".save.is-saved").wait_for(timeout=120_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    sizes = package_sizes()
    for (slug, lang), size in sorted(sizes.items()):
        verdict = "within" if size <= TARGET_BYTES else "OVER"
        print(f"saved package {slug} [{lang}]: {size} bytes ({size / 1000:.0f} KB), "
              f"{verdict} the {TARGET_BYTES // 1000} KB target")
    server = LiveServer(create_app())
    try:
        fast = save_seconds(server, "/en/calais-1940-1944/", slow=False)
        slow = save_seconds(server, "/en/calais-1940-1944/", slow=True)
    finally:
        server.stop()
    print(f"time to save [en] on loopback: {fast:.2f} s; "
          f"throttled (1.6 Mbps, 150 ms RTT): {slow:.2f} s")


if __name__ == "__main__":
    main()
