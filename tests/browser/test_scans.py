"""A phone with the tour saved: a scanned sign is still counted online, and opens offline."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from calais_tour import create_app
from calais_tour.config import ROOT
from calais_tour.scans import DB_NAME

from .conftest import LiveServer

TOUR = "calais-1940-1944"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(create_app({"TOURS_DIR": str(ROOT / "tours"),
                                    "DATA_DIR": str(tmp_path / "data")}))
    server.data_dir = tmp_path / "data"  # type: ignore[attr-defined]
    yield server
    server.stop()


def scans_of(data_dir: Path, code: str) -> int:
    if not (data_dir / DB_NAME).exists():
        return 0
    conn = sqlite3.connect(data_dir / DB_NAME)
    try:
        row = conn.execute("SELECT SUM(n) FROM scans WHERE code = ?", (code,)).fetchone()
    finally:
        conn.close()
    return int(row[0] or 0)


def wait_for_scans(data_dir: Path, code: str, expected: int) -> int:
    """The service worker reports the scan in the background: give it a moment."""
    deadline = time.monotonic() + 10
    while (found := scans_of(data_dir, code)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_saved_tour_hides_no_scan_online_and_opens_offline(
    phone: BrowserContext, server: LiveServer
) -> None:
    data_dir: Path = server.data_dir  # type: ignore[attr-defined]
    page = phone.new_page()
    page.goto(f"{server.url}/fr/{TOUR}/")
    for _ in range(200):  # wait for the service worker (CSP: no wait_for_function strings)
        if page.evaluate("() => navigator.serviceWorker.controller?.state === 'activated'"):
            break
        page.wait_for_timeout(50)
    page.locator("[data-save-button]").click()
    page.locator(".save.is-saved").wait_for()
    page.goto(f"{server.url}/fr/{TOUR}/bunker/")  # the phone's language is now French
    assert scans_of(data_dir, "2") == 0

    # online: the worker answers the sign itself, in the phone's language, and the server
    # still counts the scan, once
    response = page.goto(f"{server.url}/s/2")
    assert response is not None and response.from_service_worker
    assert page.url == f"{server.url}/fr/{TOUR}/citadel/"
    online_title = page.locator("h1").inner_text()
    assert wait_for_scans(data_dir, "2", 1) == 1
    page.wait_for_timeout(300)
    assert scans_of(data_dir, "2") == 1

    # offline: the same sign opens the saved stop; there is no server to count it
    phone.set_offline(True)
    response = page.goto(f"{server.url}/s/2")
    assert response is not None and response.from_service_worker
    assert page.url == f"{server.url}/fr/{TOUR}/citadel/"
    assert page.locator("h1").inner_text() == online_title
    phone.set_offline(False)
    assert scans_of(data_dir, "2") == 1
