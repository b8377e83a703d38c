"""Paths along the streets: the waypoints of a leg, as written in ``tour.toml``.

A stop may carry ``path``, the walk that arrives at it from the previous stop, as
``[[lat, lon], ...]`` waypoints (WGS84 decimal degrees), usually recorded by a guide walking
the leg (``calais-tour import-path``). The route line is then drawn through them and the
leg's distance is measured along them (``geo.path_length_m``); a leg without a path keeps
the straight line times the detour factor.

A path must start near the previous stop and end near its own: within the stop's arrival
radius, or :data:`NEAR_STOP_M`, whichever is larger. It must not jump: no step longer than
:data:`MAX_STEP_M` (a typo, or the GPS losing the sky), and no spike, a point far from two
neighbours that are themselves close together (a GPS glitch).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import geo
from .geo import Point
from .model import Stop

NEAR_STOP_M = 50.0
MAX_STEP_M = 300.0
SPIKE_M = 60.0  # a point this far from both neighbours ...
SPIKE_RATIO = 0.3  # ... which are closer together than this share of the way out and back
MAX_POINTS = 5000
EXAMPLE = "e.g. path = [[50.95894, 1.84950], [50.95850, 1.84800]]"


def parse(value: object) -> tuple[tuple[Point, ...], str | None]:
    """Read a ``path`` value: the points, or () and a message saying what is wrong."""
    if not isinstance(value, list) or len(value) < 2:
        return (), f'"path" must list at least two [lat, lon] points, {EXAMPLE}'
    if len(value) > MAX_POINTS:
        return (), (f'"path" has {len(value)} points, over {MAX_POINTS}: simplify it '
                    "(calais-tour import-path does)")
    points = []
    for n, item in enumerate(value, 1):
        if (not isinstance(item, list) or len(item) != 2
                or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in item)):
            return (), f"path point {n} must be a pair of numbers [lat, lon], {EXAMPLE}"
        lat, lon = float(item[0]), float(item[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not all(
                math.isfinite(x) for x in (lat, lon)):
            hint = " (did you swap lat and lon?)" if abs(lon) <= 90 < abs(lat) else ""
            return (), f"path point {n} [{lat:g}, {lon:g}] is not a place on Earth{hint}"
        points.append((lat, lon))
    return tuple(points), None


def problems(points: Sequence[Point], start: Stop, end: Stop) -> list[str]:
    """Say what is wrong with ``points`` as the walk from ``start`` to ``end``."""
    found = []
    for stop, point, where in ((start, points[0], "starts"), (end, points[-1], "ends")):
        near = max(stop.radius_m, NEAR_STOP_M)
        off = geo.distance_m(point, stop.point)
        if off > near:
            swapped = geo.distance_m((point[1], point[0]), stop.point) <= near
            hint = ("did you swap lat and lon?" if swapped
                    else "a path runs from the previous stop to this one")
            found.append(f'path {where} {off:.0f} m from stop "{stop.slug}", over {near:.0f} m: '
                         f"{hint}")
    for n, (a, b) in enumerate(zip(points, points[1:], strict=False), 1):
        step = geo.distance_m(a, b)
        if step > MAX_STEP_M:
            found.append(f"path jumps {step:.0f} m between points {n} and {n + 1}, over "
                         f"{MAX_STEP_M:.0f} m: add a point between (import-path keeps one "
                         "every 200 m), or check for a typo")
    for n in range(1, len(points) - 1):
        before, point, after = points[n - 1], points[n], points[n + 1]
        out = geo.distance_m(before, point)
        back = geo.distance_m(point, after)
        if min(out, back) > SPIKE_M and geo.distance_m(before, after) < SPIKE_RATIO * (out + back):
            found.append(f"path point {n + 1} is {min(out, back):.0f} m off the line between "
                         f"its neighbours (a GPS glitch?): remove it")
    return found


def simplify(
    points: Sequence[Point], tolerance_m: float = 5.0, max_step_m: float = MAX_STEP_M * 2 / 3
) -> list[Point]:
    """Ramer–Douglas–Peucker: the fewest points within ``tolerance_m`` of the original line,
    also keeping a recorded point at least every ``max_step_m`` along a long straight street
    (so that a real street is never taken for a jump)."""
    if len(points) < 3:
        return list(points)
    per_lat, per_lon = geo.metres_per_degree(points[0][0])
    xy = [((lon - points[0][1]) * per_lon, (lat - points[0][0]) * per_lat) for lat, lon in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # iterative: a long track must not hit the recursion limit
        first, last = stack.pop()
        (ax, ay), (bx, by) = xy[first], xy[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = -1.0, first
        for i in range(first + 1, last):
            px, py = xy[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > worst:
                worst, index = d, i
        if worst <= tolerance_m and last - first > 1 and length > max_step_m:
            index = (first + last) // 2
            worst = math.inf
        if worst > tolerance_m:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]
