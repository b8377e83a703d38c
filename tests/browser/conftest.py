"""A live server and Debian's Chromium driven by Playwright.

These tests never skip: the README test command installs Chromium, and CI must run them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Playwright
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from calais_tour import create_app
from calais_tour.config import ROOT

CHROMIUM = os.environ.get("CALAIS_TOUR_CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic is refused on these machines: switch it off
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Serve the shipped tours on a free loopback port; yield the base URL."""
    app = create_app({"TOURS_DIR": str(ROOT / "tours")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), (
        f"{CHROMIUM} not found: the README test command installs Debian's chromium"
    )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
