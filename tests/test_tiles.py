"""Street tiles (MAP_TILES): the archive served with Range requests, each tile around the
tour as its own URL, saved with the tour within its budget, and clear refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import mapbox_vector_tile
import pytest
from click.testing import CliRunner
from flask import Flask

from calais_tour import StartupError
from calais_tour import create_app
from calais_tour import pwa
from calais_tour import tiles
from calais_tour.cli import main
from calais_tour.config import ROOT
from tests.tiles import tile_bytes
from tests.tiles import write_archive

TOUR = "calais-1940-1944"
BUDGET = 3_000_000  # bytes of tiles for this tour (issue 15)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(tmp_path_factory.mktemp("tiles") / "calais.pmtiles")


@pytest.fixture(scope="module")
def tiled(archive: Path) -> Flask:
    return create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"),
                       "MAP_TILES": str(archive)})


def walk_data(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'id="walk-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_archive_is_served_with_range_requests(tiled: Flask, archive: Path) -> None:
    client = tiled.test_client()
    with client.get("/map/tiles.pmtiles", headers={"Range": "bytes=0-126"}) as header:
        assert header.status_code == 206
        assert header.headers["Content-Range"] == f"bytes 0-126/{archive.stat().st_size}"
        assert header.data[:7] == b"PMTiles" and len(header.data) == 127
        assert header.headers["Content-Type"] == "application/vnd.pmtiles"
        assert "Content-Encoding" not in header.headers  # byte offsets of the file itself
    with client.get("/map/tiles.pmtiles") as whole:
        assert whole.status_code == 200 and whole.data == archive.read_bytes()
        assert whole.headers["Accept-Ranges"] == "bytes"
        assert "connect-src 'self'" in whole.headers["Content-Security-Policy"]


def test_each_tile_around_the_tour_has_its_url_and_holds_streets(tiled: Flask) -> None:
    client = tiled.test_client()
    data = walk_data(client.get(f"/en/{TOUR}/").get_data(as_text=True))
    assert data["tiles"] == {"url": "/map/tiles/{z}/{x}/{y}.mvt", "minzoom": 13, "maxzoom": 16,
                             "attribution": "© OpenStreetMap contributors"}
    with tiled.test_request_context():
        names = tiles.tour_tiles(tiled.extensions["calais_tour.catalog"].tour(TOUR))
    assert {name.split("/")[0] for name in names} == {"13", "14", "15", "16"}
    response = client.get(f"/map/tiles/{names[-1]}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
    decoded = mapbox_vector_tile.decode(response.data)
    assert decoded["roads"]["features"][0]["geometry"]["type"] == "LineString"
    # only the streets the map draws: the archive's buildings are left out, bytes and all
    assert list(decoded) == ["roads"]
    z, x, y = (int(v) for v in names[-1].removesuffix(".mvt").split("/"))
    assert "buildings" in mapbox_vector_tile.decode(tile_bytes(z, x, y) or b"")
    assert len(response.data) < len(tile_bytes(z, x, y) or b"")
    for bad in ("16/1/2", "16/1/2.png", "a/b/c.mvt", "99/1/2.mvt", "16/0/0.mvt", "1/2/3/4.mvt"):
        assert client.get(f"/map/tiles/{bad}").status_code == 404, bad


def test_saving_the_tour_saves_its_tiles_within_the_budget(tiled: Flask) -> None:
    client = tiled.test_client()
    sw = client.get("/sw.js").get_data(as_text=True)
    with tiled.test_request_context():
        plan = pwa.plan()
        entries = plan.tours[TOUR]["en"]
    tile_entries = [e for e in entries if e.url.startswith("/map/tiles/")]
    assert len(tile_entries) >= 20
    assert all(e.url in sw for e in tile_entries)
    # the code that draws them is stored with the site's shell
    assert any("/static/vendor/vector-tile.js" in e.url for e in plan.shell)
    assert any("/static/js/streets.js" in e.url for e in plan.shell)
    assert 0 < sum(e.size for e in tile_entries) < BUDGET


def test_without_tiles_nothing_changes(shipped_client) -> None:  # type: ignore[no-untyped-def]
    assert shipped_client.get("/map/tiles.pmtiles").status_code == 404
    assert shipped_client.get("/map/tiles/16/33000/21950.mvt").status_code == 404
    assert walk_data(shipped_client.get(f"/en/{TOUR}/").get_data(as_text=True))["tiles"] is None
    sw = shipped_client.get("/sw.js").get_data(as_text=True)
    assert not re.search(r"/map/tiles/\d", sw) and "vector-tile.js" not in sw


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the map tiles"),
    (b"not an archive at all, just words" * 10, "are not a PMTiles v3 archive"),
])
def test_a_bad_archive_stops_the_start_with_a_message(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "tiles.pmtiles"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StartupError, match=message) as error:
        create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"), "MAP_TILES": str(path)})
    assert "unset CALAIS_TOUR_MAP_TILES" in str(error.value)


def test_map_bbox_prints_the_box_for_pmtiles_extract() -> None:
    result = CliRunner().invoke(main, ["map-bbox", TOUR])
    assert result.exit_code == 0, result.output
    west, south, east, north = (float(v) for v in result.output.strip().split(","))
    # the stops lie between 50.9513 and 50.95894 N, 1.84528 and 1.8516 E; 250 m around them
    assert 50.948 < south < 50.9513 and 50.95894 < north < 50.962
    assert 1.840 < west < 1.84528 and 1.8516 < east < 1.856
    bad = CliRunner().invoke(main, ["map-bbox", "nowhere"])
    assert bad.exit_code == 1 and f"no tour 'nowhere' (tours: {TOUR})" in bad.output


def test_tiles_are_gzipped_over_the_wire_but_never_the_archive(archive: Path) -> None:
    app = create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"),
                      "MAP_TILES": str(archive), "COMPRESS_MIN_SIZE": 100})
    client = app.test_client()
    with app.test_request_context():
        name = tiles.tour_tiles(app.extensions["calais_tour.catalog"].tour(TOUR))[-1]
    plain = client.get(f"/map/tiles/{name}")
    packed = client.get(f"/map/tiles/{name}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and len(packed.data) < len(plain.data)
    with client.get("/map/tiles.pmtiles", headers={"Accept-Encoding": "gzip"}) as whole:
        assert "Content-Encoding" not in whole.headers  # Range offsets are the file's own
