"""Street maps in Chromium: with a tile archive (a synthetic grid of streets, tests/tiles.py)
the live map draws streets under the route, checked in the pixels; saved for offline use it
draws them again with the network cut; nothing comes from another site."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from calais_tour import create_app
from calais_tour.config import ROOT
from tests.browser.conftest import LiveServer
from tests.browser.helpers import save_tour
from tests.tiles import write_archive

TOUR = "calais-1940-1944"
STREET = (217, 203, 179)  # the streets' beige (map.js)


@pytest.fixture
def tiled_server(tmp_path: Path) -> Iterator[LiveServer]:
    tours = tmp_path / "tours"
    shutil.copytree(ROOT / "tours", tours)
    archive = write_archive(tmp_path / "calais.pmtiles")
    server = LiveServer(create_app({"TOURS_DIR": str(tours), "MAP_TILES": str(archive)}))
    yield server
    server.stop()


def beige(png: bytes) -> int:
    """How many pixels of a screenshot are the streets' beige."""
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3)
               if all(abs(data[i + k] - STREET[k]) <= 6 for k in range(3)))


def street_pixels(page: Page) -> int:
    """How many pixels of the live map are the streets' beige."""
    return beige(page.locator("[data-live-map]").screenshot())


def open_map_with_streets(page: Page) -> int:
    page.get_by_role("button", name="Show me on the map").click()
    page.locator("[data-live-map]").wait_for()
    for _ in range(300):
        if page.evaluate("() => (document.querySelector('[data-live-map] path.streets')"
                         "?.getAttribute('d') || '').length > 200"):
            break
        page.wait_for_timeout(20)
    else:
        raise AssertionError("no streets were drawn")
    page.wait_for_timeout(100)  # every tile of the view in, and painted
    return street_pixels(page)


def test_streets_draw_under_the_route_online_and_offline(
    phone: BrowserContext, tiled_server: LiveServer
) -> None:
    base = tiled_server.url
    page = phone.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # a reader without the map loads neither the map code nor a tile
    page.goto(f"{base}/en/{TOUR}/")
    assert street_pixels_absent(page)
    assert not any("/map/tiles/" in url or "vector-tile" in url for url in requested)

    online = open_map_with_streets(page)
    assert online > 2000, online  # grey streets across the map, not a stray pixel
    assert page.locator(".map-attribution").inner_text() == "© OpenStreetMap contributors"
    assert any("/map/tiles/" in url for url in requested)

    save_tour(page, f"{base}/en/{TOUR}/")
    phone.set_offline(True)
    response = page.goto(f"{base}/en/{TOUR}/")
    assert response is not None and response.from_service_worker
    offline = open_map_with_streets(page)
    assert offline > 2000 and abs(offline - online) < online * 0.2, (online, offline)
    phone.set_offline(False)

    assert all(url.startswith(base) for url in requested), [
        url for url in requested if not url.startswith(base)]


def street_pixels_absent(page: Page) -> bool:
    """The server-drawn diagram has no streets: no grey of theirs in its pixels."""
    return beige(page.locator("figure.diagram svg").screenshot()) < 20
