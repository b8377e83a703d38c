"""A small synthetic street map for the tests: a PMTiles archive of vector tiles holding a
grid of streets around the shipped tour, written with the `pmtiles` and
`mapbox-vector-tile` packages as an office's `pmtiles extract` would give."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import mapbox_vector_tile
from pmtiles.tile import Compression
from pmtiles.tile import TileType
from pmtiles.tile import zxy_to_tileid
from pmtiles.writer import Writer

#: around the Calais tour (50.951..50.959 N, 1.845..1.852 E), a street every ~110 m
SOUTH, NORTH, WEST, EAST = 50.9480, 50.9620, 1.8400, 1.8570
STEP = 0.0010
EXTENT = 4096


def _frac(lat: float, lon: float, z: int) -> tuple[float, float]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (lon + 180) / 360 * n, y


def streets() -> list[list[tuple[float, float]]]:
    """The grid's streets, as (lat, lon) lines."""
    lines = []
    lat = SOUTH
    while lat <= NORTH:
        lines.append([(lat, WEST), (lat, EAST)])
        lat += STEP
    lon = WEST
    while lon <= EAST:
        lines.append([(SOUTH, lon), (NORTH, lon)])
        lon += STEP * 1.6  # about as far apart as the east-west streets
    return lines


def tile_bytes(z: int, x: int, y: int) -> bytes | None:
    """The tile's MVT bytes: the streets that cross it, or None if none does."""
    features = []
    for line in streets():
        coords = []
        for lat, lon in line:
            fx, fy = _frac(lat, lon, z)
            coords.append((round((fx - x) * EXTENT), round((fy - y) * EXTENT)))
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        if max(xs) < 0 or min(xs) > EXTENT or max(ys) < 0 or min(ys) > EXTENT:
            continue
        wkt = "LINESTRING (" + ", ".join(f"{cx} {cy}" for cx, cy in coords) + ")"
        features.append({"geometry": wkt, "properties": {"kind": "minor_road"}})
    if not features:
        return None
    # a building in each tile too: an office's extract has them, the map leaves them out
    building = {"geometry": "POLYGON ((100 100, 300 100, 300 300, 100 300, 100 100))",
                "properties": {"kind": "building", "height": 12}}
    return bytes(mapbox_vector_tile.encode(
        [{"name": "buildings", "features": [building]}, {"name": "roads", "features": features}],
        default_options={"y_coord_down": True, "extents": EXTENT},
    ))


def write_archive(path: Path, zooms: range = range(12, 17)) -> Path:
    """Write the grid's tiles at ``zooms`` as a gzip-compressed PMTiles v3 archive."""
    tiles = {}
    for z in zooms:
        x0, y0 = (int(v) for v in _frac(NORTH, WEST, z))
        x1, y1 = (int(v) for v in _frac(SOUTH, EAST, z))
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                data = tile_bytes(z, x, y)
                if data is not None:
                    tiles[zxy_to_tileid(z, x, y)] = gzip.compress(data)
    with path.open("wb") as f:
        writer = Writer(f)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_zoom": zooms.start,
                "max_zoom": zooms.stop - 1,
                "min_lon_e7": int(WEST * 1e7),
                "min_lat_e7": int(SOUTH * 1e7),
                "max_lon_e7": int(EAST * 1e7),
                "max_lat_e7": int(NORTH * 1e7),
                "center_zoom": 15,
                "center_lon_e7": int((WEST + EAST) / 2 * 1e7),
                "center_lat_e7": int((SOUTH + NORTH) / 2 * 1e7),
            },
            {"attribution": "© OpenStreetMap contributors", "vector_layers": [{"id": "roads"}]},
        )
    return path
