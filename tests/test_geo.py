"""Distances and walking times along the route."""

from __future__ import annotations

import pytest

from calais_tour import geo

TOUR_DU_GUET = (50.95894, 1.84950)
CITADEL = (50.95778, 1.84528)


def test_distance_between_known_points() -> None:
    # one minute of latitude is one nautical mile, 1852 m, give or take the ellipsoid
    assert geo.distance_m((50.0, 1.0), (50.0 + 1 / 60, 1.0)) == pytest.approx(1853, abs=3)
    assert geo.distance_m(TOUR_DU_GUET, CITADEL) == pytest.approx(324, abs=3)


def test_walking_distance_adds_the_detour_and_rounds() -> None:
    assert geo.walking_distance_m(TOUR_DU_GUET, CITADEL) == 420


@pytest.mark.parametrize(("metres", "minutes"), [(0, 1), (80, 1), (81, 2), (420, 6), (1040, 13)])
def test_walking_minutes_round_up_at_80_m_a_minute(metres: float, minutes: int) -> None:
    assert geo.walking_minutes(metres) == minutes


@pytest.mark.parametrize(
    ("to", "bearing"),
    [((51.0, 1.0), 0), ((50.0, 2.0), 90), ((49.0, 1.0), 180), ((50.0, 0.0), 270)],
)
def test_bearing(to: tuple[float, float], bearing: float) -> None:
    assert geo.bearing_deg((50.0, 1.0), to) == pytest.approx(bearing, abs=0.5)


def test_project_keeps_north_up_and_fits_the_drawing() -> None:
    xy, per_m = geo.project([TOUR_DU_GUET, CITADEL], 320, 220, 20)
    (x1, y1), (x2, y2) = xy
    assert x2 < x1  # the citadel is west of the tower
    assert y2 > y1  # and a little south: lower on the drawing
    assert all(20 <= x <= 300 and 20 <= y <= 200 for x, y in xy)
    assert per_m == pytest.approx(280 / 296, rel=0.05)  # the east-west span drives the scale
