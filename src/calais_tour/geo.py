"""Distances, bearings and walking times; a thin layer over geopy."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from geopy.distance import geodesic

#: Streets are not straight lines: a walk is on average about 30 % longer than
#: the straight-line distance in a European old town (Calais Nord is an island
#: crossed by bridges). Walking distances are the geodesic distance times this.
DETOUR_FACTOR = 1.3

#: An unhurried walking pace for a group of visitors, in metres per minute
#: (4.8 km/h).
WALKING_SPEED_M_PER_MIN = 80

Point = tuple[float, float]


def distance_m(a: Point, b: Point) -> float:
    """Return the geodesic (WGS84) distance between two (lat, lon) points in metres."""
    return float(geodesic(a, b).meters)


def walking_distance_m(a: Point, b: Point) -> int:
    """Return the estimated walking distance in metres, rounded to 10 m."""
    return int(round(distance_m(a, b) * DETOUR_FACTOR, -1))


def path_length_m(points: Sequence[Point]) -> float:
    """Return the length of a line through ``points`` in metres: its geodesic segments."""
    return sum(distance_m(a, b) for a, b in zip(points, points[1:], strict=False))


def walking_minutes(metres: float) -> int:
    """Return the walking time for ``metres`` in whole minutes, at least one."""
    return max(1, math.ceil(metres / WALKING_SPEED_M_PER_MIN))


def bearing_deg(a: Point, b: Point) -> float:
    """Return the initial compass bearing from ``a`` to ``b`` in degrees (0 = north)."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    x = math.sin(dlon) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


#: metres in a degree of latitude (and of longitude at the equator), for the local flat
#: approximations below: exact enough over the few kilometres of a walk
METRES_PER_DEG_LAT = 111_320.0


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Metres in a degree of latitude and in one of longitude, at latitude ``lat``."""
    return METRES_PER_DEG_LAT, METRES_PER_DEG_LAT * math.cos(math.radians(lat))


def project(points: Sequence[Point], width: float, height: float, pad: float) -> tuple[
    list[tuple[float, float]], float
]:
    """Project (lat, lon) points onto a ``width`` x ``height`` drawing, north up.

    Returns the (x, y) positions and the scale in drawing units per metre. An
    equirectangular projection is exact enough over the few kilometres of a walk.
    """
    metres_per_deg_lat, metres_per_deg_lon = metres_per_degree(
        sum(p[0] for p in points) / len(points))
    xs = [p[1] * metres_per_deg_lon for p in points]
    ys = [p[0] * metres_per_deg_lat for p in points]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    # centre the drawing in both directions
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    xy = [
        (off_x + (x - min(xs)) * scale, height - (off_y + (y - min(ys)) * scale))
        for x, y in zip(xs, ys, strict=True)
    ]
    return xy, scale


def route_diagram(
    points: Sequence[Point], width: int = 320, height: int = 220, pad: int = 28,
    route: Sequence[Point] = (),
) -> dict[str, Any]:
    """Lay points out on a small north-up drawing, with a scale bar of a round length.

    ``route``, when given, is the line to draw (through the paths along the streets); by
    default the line joins the points.
    """
    both, per_m = project([*points, *route], width, height, pad)
    xy, line = both[:len(points)], both[len(points):] or both
    bar_m = next((m for m in (1000, 500, 200, 100, 50) if m * per_m <= width / 3), 50)
    return {
        "width": width,
        "height": height,
        "xy": xy,
        "path": " ".join(f"{x:.1f},{y:.1f}" for x, y in line),
        "bar_m": bar_m,
        "bar_px": bar_m * per_m,
    }
