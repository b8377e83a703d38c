"""Street maps under the route, from a PMTiles archive of vector tiles (``MAP_TILES``).

When the deployer names an archive, the app serves it whole at ``/map/tiles.pmtiles``
(HTTP Range requests, for any PMTiles reader) and, for the live map and the offline copy,
each tile around a tour at the walking zoom levels as its own URL,
``/map/tiles/<z>/<x>/<y>.mvt``, read from the archive here: the service worker stores those
like any other page, so the streets draw offline. Without the setting none of this exists
and the map draws the route alone, as before.

An office makes the archive with ``pmtiles extract`` from a public OpenStreetMap build and
the bounding box ``calais-tour map-bbox`` prints (README: Street maps).
"""

from __future__ import annotations

import gzip
import math
import mmap
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Blueprint
from flask import Flask
from flask import Response
from flask import abort
from flask import current_app
from flask import send_file

from . import geo
from . import site
from .errors import StartupError
from .geo import Point
from .model import Tour

#: the zoom levels a visitor walks at: a street block to a whole old town on a phone
WALKING_ZOOMS = (13, 17)
#: the map shows this much around the route, so the streets reach past the outer stops
MARGIN_M = 250.0
ATTRIBUTION = "© OpenStreetMap contributors"
MVT = "application/vnd.mapbox-vector-tile"
#: the layers the map draws (Protomaps' and OpenMapTiles' names for streets); the others
#: (buildings, land use, labels...) are left out of the tiles served, so the saved tour is
#: a fraction of the archive's size
ROAD_LAYERS = (b"roads", b"transportation")
EXTENSION = "calais_tour.tiles"
#: the code that draws the streets, saved with a tour when the site has tiles
CODE = ("js/streets.js", "vendor/vector-tile.js")

bp = Blueprint("tiles", __name__)


@dataclass(frozen=True)
class Archive:
    """An open PMTiles archive of vector tiles."""

    path: Path
    data: Any  # the file's bytes, memory-mapped
    min_zoom: int
    max_zoom: int
    gzipped: bool

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's MVT bytes (uncompressed), or None where the archive has none."""
        from pmtiles.reader import Reader

        if not (self.min_zoom <= z <= self.max_zoom and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        data = Reader(lambda offset, length: self.data[offset:offset + length]).get(z, x, y)  # type: ignore[no-untyped-call]
        if not data:
            return None
        return streets_only(gzip.decompress(data) if self.gzipped else bytes(data))

    def zooms(self) -> range:
        """The walking zooms this archive has (the map zooms further in by itself)."""
        low, high = WALKING_ZOOMS
        return range(max(low, self.min_zoom), min(high, self.max_zoom) + 1)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if byte < 0x80:
            return value, pos


def _layer_name(layer: bytes) -> bytes:
    """A layer's name (field 1), read from its protobuf fields."""
    pos = 0
    while pos < len(layer):
        key, pos = _varint(layer, pos)
        kind = key & 7
        if kind == 2:
            length, pos = _varint(layer, pos)
            if key >> 3 == 1:
                return layer[pos:pos + length]
            pos += length
        elif kind == 0:
            pos = _varint(layer, pos)[1]
        elif kind in (1, 5):
            pos += 8 if kind == 1 else 4
        else:
            raise ValueError(f"wire type {kind}")
    return b""


def streets_only(tile: bytes) -> bytes:
    """The tile with only its street layers (all of it if it has none, or is not MVT).

    A vector tile is a protobuf of layers (field 3), each a length-delimited message: layers
    are kept or dropped whole, byte for byte, with no geometry decoded."""
    layers = []
    pos = 0
    try:
        while pos < len(tile):
            start = pos
            key, pos = _varint(tile, pos)
            if key != 0x1A:  # only layers at the top level of a valid tile
                return tile
            length, pos = _varint(tile, pos)
            body = tile[pos:pos + length]
            pos += length
            layers.append((_layer_name(body), tile[start:pos]))
    except ValueError:
        return tile
    kept = [raw for name, raw in layers if name in ROAD_LAYERS]
    return b"".join(kept) if kept else tile


def open_archive(path: Path) -> Archive:
    """Open and check the archive named by MAP_TILES.

    :raise StartupError: it is missing, not PMTiles v3, or not gzip/plain vector tiles.
    """
    from pmtiles.reader import Reader
    from pmtiles.tile import Compression
    from pmtiles.tile import TileType

    hint = ("MAP_TILES names a .pmtiles archive of OpenStreetMap vector tiles (README: Street "
            "maps); unset CALAIS_TOUR_MAP_TILES to draw the route without streets")
    try:
        with path.open("rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as error:
        raise StartupError(f"cannot read the map tiles {path}: "
                           f"{getattr(error, 'strerror', None) or error}; {hint}") from None
    try:
        header = Reader(lambda offset, length: data[offset:offset + length]).header()  # type: ignore[no-untyped-call]
    except Exception:  # the reader raises several kinds on bytes that are not an archive
        raise StartupError(f"the map tiles {path} are not a PMTiles v3 archive; {hint}") from None
    if header["tile_type"] != TileType.MVT:
        raise StartupError(f"the map tiles {path} hold {header['tile_type'].name} tiles, not "
                           f"vector tiles (MVT); {hint}")
    if header["tile_compression"] not in (Compression.GZIP, Compression.NONE):
        raise StartupError(f"the map tiles {path} are compressed with "
                           f"{header['tile_compression'].name}: use gzip or none; {hint}")
    return Archive(path, data, header["min_zoom"], header["max_zoom"],
                   header["tile_compression"] == Compression.GZIP)


def archive(app: Flask | None = None) -> Archive | None:
    """The app's archive, or None when MAP_TILES is not set."""
    found: Archive | None = (app or current_app).extensions.get(EXTENSION)
    return found


def bbox(points: Sequence[Point], margin_m: float = MARGIN_M) -> tuple[float, float, float,
                                                                        float]:
    """The (min lon, min lat, max lon, max lat) around ``points`` plus ``margin_m``."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    per_lat, per_lon = geo.metres_per_degree(sum(lats) / len(lats))
    dlat, dlon = margin_m / per_lat, margin_m / per_lon
    return (min(lons) - dlon, min(lats) - dlat, max(lons) + dlon, max(lats) + dlat)


def tile_xy(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The tile (x, y) that holds a point at zoom ``z`` (Web Mercator, XYZ scheme)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    lat_r = math.radians(lat)
    y = int((1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_around(points: Sequence[Point], zooms: Iterable[int]) -> list[tuple[int, int, int]]:
    """Every (z, x, y) covering ``points`` and the margin around them."""
    west, south, east, north = bbox(points)
    found = []
    for z in zooms:
        x0, y0 = tile_xy(north, west, z)
        x1, y1 = tile_xy(south, east, z)
        found += [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return found


def tour_tiles(tour: Tour, app: Flask | None = None) -> list[str]:
    """The names (``z/x/y.mvt``) of the archive's tiles a visitor saves with ``tour``."""
    found = archive(app)
    if found is None:
        return []
    return [f"{z}/{x}/{y}.mvt" for z, x, y in tiles_around(tour.route, found.zooms())
            if found.tile(z, x, y) is not None]


def client_info() -> dict[str, Any] | None:
    """What the live map needs to draw streets: None without an archive."""
    found = archive()
    if found is None:
        return None
    zooms = found.zooms()
    return {"url": "/map/tiles/{z}/{x}/{y}.mvt", "minzoom": zooms.start,
            "maxzoom": zooms.stop - 1, "attribution": ATTRIBUTION}


@bp.get("/map/tiles.pmtiles")
def whole_archive() -> Response:
    """The archive itself, for any PMTiles reader: Range requests answer 206."""
    found = archive()
    assert found is not None  # the blueprint exists only with an archive
    response = send_file(found.path, mimetype="application/vnd.pmtiles", conditional=True,
                         max_age=0)
    response.headers["Cache-Control"] = "public, max-age=0, s-maxage=300"
    return response


@bp.get("/map/tiles/<path:filename>")
def tile(filename: str) -> Response:
    """One vector tile, ``z/x/y.mvt``, read from the archive."""
    parts = filename.removesuffix(".mvt").split("/")
    if not filename.endswith(".mvt") or len(parts) != 3 or not all(p.isdigit() and len(p) < 9
                                                                    for p in parts):
        abort(404)
    found = archive()
    assert found is not None
    z, x, y = (int(p) for p in parts)
    data = found.tile(z, x, y)
    if data is None:
        abort(404)
    return Response(data, mimetype=MVT)


def init_app(app: Flask) -> None:
    """Open the archive named by MAP_TILES, if any, and serve it."""
    name = str(app.config.get("MAP_TILES") or "").strip()
    if not name:
        return
    app.extensions[EXTENSION] = open_archive(Path(name))
    # the tiles around every tour are among the site's URLs (freeze, the offline plan)
    site.FILES["tiles.tile"] = _tile_files
    app.register_blueprint(bp)


def _tile_files(app: Flask, tour: Tour | None) -> list[str]:
    """The tiles saved with any tour (none while the tours are being checked)."""
    catalog = app.extensions.get(site.CATALOG)
    if catalog is None:
        return []
    return sorted({name for t in catalog.tours for name in tour_tiles(t, app)})


@click.command("map-bbox")
@click.argument("tour", required=False)
def map_bbox_command(tour: str | None) -> None:
    """Print the bounding box around TOUR's route (default: every tour), for
    `pmtiles extract --bbox=...` (README: Street maps)."""
    from .cli import _app

    app = _app()
    catalog = app.extensions["calais_tour.catalog"]
    tours = [t for t in catalog.tours if tour in (None, t.slug)]
    if not tours:
        known = ", ".join(t.slug for t in catalog.tours)
        raise click.ClickException(f"no tour {tour!r} (tours: {known})")
    west, south, east, north = bbox([p for t in tours for p in t.route])
    click.echo(f"{west:.5f},{south:.5f},{east:.5f},{north:.5f}")
