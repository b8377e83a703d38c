"""A live server and Debian's Chromium driven by Playwright.

These tests never skip: the README test command installs Chromium, and CI must run them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
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


class LiveServer:
    """A loopback server whose app a test can swap, as a redeploy would."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _dispatch(self, environ: Any, start_response: Any) -> Any:
        return self.app(environ, start_response)

    def stop(self) -> None:
        self._server.shutdown()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Serve the shipped tours on a free loopback port; yield the base URL."""
    server = LiveServer(create_app({"TOURS_DIR": str(ROOT / "tours")}))
    yield server.url
    server.stop()


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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server on a copy of the shipped tours, so a test may edit them."""
    tours = tmp_path / "tours"
    shutil.copytree(ROOT / "tours", tours)
    server = LiveServer(create_app({"TOURS_DIR": str(tours)}))
    server.tours = tours  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def phone(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    """A persistent profile (installability is not judged in incognito), phone-sized."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
    )
    yield context
    context.close()
