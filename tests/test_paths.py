"""Paths along the streets: import a guide's GPX track, draw and measure the route along it,
and check catches paths that do not fit their leg."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from geopy.distance import geodesic

from calais_tour import create_app
from calais_tour.cli import main
from calais_tour.paths import simplify

LIGHTHOUSE = (50.96430, 1.85290)
FORT = (50.96368, 1.84760)
CORNER_A = (50.96300, 1.85290)  # south from the lighthouse ...
CORNER_B = (50.96300, 1.84760)  # ... west along the street, then north to the fort


def walked(points: list[tuple[float, float]], step_m: float = 2.0) -> list[tuple[float, float]]:
    """A track as a phone records it: a fix every ``step_m`` along the legs, jittered ±1 m."""
    track = []
    for (a_lat, a_lon), (b_lat, b_lon) in zip(points, points[1:], strict=False):
        n = max(1, int(geodesic((a_lat, a_lon), (b_lat, b_lon)).meters / step_m))
        for i in range(n):
            t = i / n
            jitter = math.sin(len(track) * 1.7) * 0.000009  # about 1 m
            track.append((a_lat + (b_lat - a_lat) * t + jitter,
                          a_lon + (b_lon - a_lon) * t - jitter))
    track.append(points[-1])
    return track


def gpx(points: list[tuple[float, float]]) -> str:
    trkpts = "\n".join(f'      <trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>5</ele></trkpt>'
                       for lat, lon in points)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="a phone" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>lighthouse to fort</name><trkseg>
{trkpts}
  </trkseg></trk>
</gpx>
"""


def length_m(points: list[tuple[float, float]]) -> float:
    return sum(geodesic(a, b).meters for a, b in zip(points, points[1:], strict=False))


def test_simplify_keeps_corners_and_drops_jitter() -> None:
    track = walked([LIGHTHOUSE, CORNER_A, CORNER_B, FORT])
    assert len(track) > 200
    kept = simplify(track, 5.0)
    assert kept[0] == track[0] and kept[-1] == track[-1]
    assert 4 <= len(kept) <= 7, kept
    assert max(geodesic(a, b).meters for a, b in zip(kept, kept[1:], strict=False)) <= 200
    for corner in (CORNER_A, CORNER_B):
        assert min(geodesic(corner, p).meters for p in kept) < 5
    # a straight walk is two points
    assert len(simplify(walked([LIGHTHOUSE, CORNER_A]), 5.0)) == 2


def test_import_path_keeps_comments_and_the_route_follows_it(
    tour_copy: Callable[..., Path], tmp_path: Path
) -> None:
    tours = tour_copy(("tour.toml", 'radius_m = 40\n', 'radius_m = 40  # the fort gate\n'))
    toml = tours / "harbour-walk" / "tour.toml"
    before = toml.read_text("utf-8")
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours)})
    estimated = app.test_client().get("/api/v1/tours/harbour-walk.json").get_json()
    assert estimated["legs"][0]["distance_m"] == round(geodesic(LIGHTHOUSE, FORT).meters * 1.3, -1)

    track = tmp_path / "walk.gpx"
    track.write_text(gpx(walked([LIGHTHOUSE, CORNER_A, CORNER_B, FORT])), "utf-8")
    result = CliRunner().invoke(main, ["import-path", "harbour-walk", "fort", str(track),
                                       "--tours-dir", str(tours)])
    assert result.exit_code == 0, result.output
    assert re.search(r'Wrote the path to "fort" .*: \d points \(from \d+\), \d+ m along', result.output)

    after = toml.read_text("utf-8")
    # every line of the file is still there, comments included, in order; only the path is new
    assert [line for line in after.splitlines() if line in before.splitlines()] == before.splitlines()
    assert "# A tiny fixture tour for the tests" in after
    assert "radius_m = 40  # the fort gate" in after
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added[0] == "path = [" and added[-1] == "]"
    assert 4 <= len(added) - 2 <= 7

    check = CliRunner().invoke(main, ["check", str(tours)])
    assert check.exit_code == 0, check.output

    client = create_app({"TESTING": True, "TOURS_DIR": str(tours)}).test_client()
    doc = client.get("/api/v1/tours/harbour-walk.json").get_json()
    along = length_m([LIGHTHOUSE, CORNER_A, CORNER_B, FORT])
    assert abs(doc["legs"][0]["distance_m"] - along) <= 15  # measured along, not estimated
    assert doc["legs"][0]["distance_m"] != estimated["legs"][0]["distance_m"]
    assert doc["legs"][1]["distance_m"] == estimated["legs"][1]["distance_m"]  # no path there
    assert doc["distance_m"] == doc["legs"][0]["distance_m"] + doc["legs"][1]["distance_m"]

    # the route line of the tour page goes round the corners: stops plus the path's points
    page = client.get("/en/harbour-walk/").get_data(as_text=True)
    line = re.search(r'<polyline class="route" points="([^"]+)"', page)
    assert line is not None and len(line.group(1).split()) == 3 + len(added) - 2
    assert "straight line plus 30%" in page  # one leg is still an estimate
    walk = json.loads(re.search(r'id="walk-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert len(walk["route"]) == 3 + len(added) - 2

    geojson = client.get("/en/harbour-walk/tour.geojson").get_json()
    route = next(f for f in geojson["features"] if f["id"] == "route")
    lon_lat = route["geometry"]["coordinates"]
    assert min(geodesic(CORNER_B, (lat, lon)).meters for lon, lat in lon_lat) < 5

    gpx_export = client.get("/en/harbour-walk/tour.gpx").get_data(as_text=True)
    assert gpx_export.count("<trkpt ") == len(walk["route"])


def fort_path(points: str) -> tuple[str, str, str]:
    return ("tour.toml", 'radius_m = 40\n', f"radius_m = 40\npath = {points}\n")


def check_output(tours: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(tours)])
    return result.exit_code, result.output


def path_line(tours: Path) -> int:
    lines = (tours / "harbour-walk" / "tour.toml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("path ="))


@pytest.mark.parametrize("points, message", [
    ("[[50.96000, 1.85290], [50.96368, 1.84760]]",
     'stop "fort": path starts 478 m from stop "lighthouse", over 50 m'),
    ("[[50.96430, 1.85290], [50.96300, 1.85290], [50.96300, 1.84760], [50.96500, 1.84760]]",
     'stop "fort": path ends 147 m from stop "fort", over 50 m'),
    ("[[50.96430, 1.85290], [50.96300, 1.85290], [50.96300, 1.84400], [50.96368, 1.84760]]",
     'stop "fort": path jumps 625 m between points 2 and 3, over 300 m'),
    ("[[50.96430, 1.85290], [50.96300, 1.85290], [50.96300, 1.84760], [50.96100, 1.84760],"
     " [50.96300, 1.84761], [50.96368, 1.84760]]",
     'stop "fort": path point 4 is 222 m off the line between its neighbours'),
    ("[[50.96430, 1.85290]]", 'stop "fort": "path" must list at least two [lat, lon] points'),
    ('[[50.96430, 1.85290], ["north", 1.8]]', 'stop "fort": path point 2 must be a pair of numbers'),
    ("[[50.96430, 1.85290], [91.84760, 1.96368]]",
     'stop "fort": path point 2 [91.8476, 1.96368] is not a place on Earth'),
    ("[[50.96430, 1.85290], [1.84760, 50.96368]]",
     'stop "fort": path ends 7117527 m from stop "fort", over 50 m: did you swap lat and lon?'),
])
def test_check_catches_a_bad_path_at_its_line(
    tour_copy: Callable[..., Path], points: str, message: str
) -> None:
    tours = tour_copy(fort_path(points))
    code, output = check_output(tours)
    assert code == 1, output
    assert f"tours/harbour-walk/tour.toml:{path_line(tours)}: {message}" in output, output
    assert "Traceback" not in output


def test_check_refuses_a_path_on_the_first_stop(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("tour.toml", 'radius_m = 30\n',
                       "radius_m = 30\npath = [[50.9643, 1.8529], [50.9643, 1.853]]\n"))
    code, output = check_output(tours)
    assert code == 1
    assert (f"tours/harbour-walk/tour.toml:{path_line(tours)}: stop \"lighthouse\": the first stop has no "
            "walk to it, so no path") in output


@pytest.mark.parametrize("content, stop, message", [
    ("not xml at all", "fort", "this is not a GPX file (XML error"),
    ("<kml/>", "fort", "this is not a GPX file (its root element is not <gpx>)"),
    ('<gpx xmlns="http://www.topografix.com/GPX/1/1"/>', "fort", "the GPX file has no track points"),
    (None, "castle", 'no stop "castle" in tour.toml (stops: lighthouse, fort, beach)'),
    (None, "lighthouse", '"lighthouse" is the first stop'),
    (None, "beach", 'this track is not the walk from "fort" to "beach"'),
])
def test_import_path_explains_what_it_cannot_use(
    tour_copy: Callable[..., Path], tmp_path: Path, content: str | None, stop: str, message: str
) -> None:
    tours = tour_copy()
    before = (tours / "harbour-walk" / "tour.toml").read_text("utf-8")
    track = tmp_path / "walk.gpx"
    track.write_text(content or gpx(walked([LIGHTHOUSE, CORNER_A, CORNER_B, FORT])), "utf-8")
    result = CliRunner().invoke(main, ["import-path", "harbour-walk", stop, str(track),
                                       "--tours-dir", str(tours)])
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (tours / "harbour-walk" / "tour.toml").read_text("utf-8") == before


def test_import_path_needs_the_tour_and_the_file(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy()
    result = CliRunner().invoke(main, ["import-path", "nowhere", "fort", "x.gpx",
                                       "--tours-dir", str(tours)])
    assert result.exit_code == 1 and "no tour 'nowhere'" in result.output
    result = CliRunner().invoke(main, ["import-path", "harbour-walk", "fort", "missing.gpx",
                                       "--tours-dir", str(tours)])
    assert result.exit_code == 1 and "cannot read missing.gpx" in result.output


def test_with_every_leg_along_a_path_no_distance_is_called_an_estimate(
    tour_copy: Callable[..., Path]
) -> None:
    beach = (50.96600, 1.83900)
    to_beach = [(FORT[0] + (beach[0] - FORT[0]) * t / 4, FORT[1] + (beach[1] - FORT[1]) * t / 4)
                for t in range(5)]
    tours = tour_copy(
        fort_path("[[50.96430, 1.85290], [50.96300, 1.85290], [50.96300, 1.85025], "
                  "[50.96300, 1.84760], [50.96368, 1.84760]]"),
        ("tour.toml", "radius_m = 50\n",
         "radius_m = 50\npath = [" + ", ".join(f"[{a:.6f}, {b:.6f}]" for a, b in to_beach) + "]\n"),
    )
    client = create_app({"TESTING": True, "TOURS_DIR": str(tours)}).test_client()
    for url in ("/en/harbour-walk/", "/en/harbour-walk/guide/"):
        page = client.get(url).get_data(as_text=True)
        assert "<polyline" in page and "straight line plus" not in page, url
    legs = client.get("/api/v1/tours/harbour-walk.json").get_json()["legs"]
    assert legs[1]["distance_m"] == round(length_m([FORT, *to_beach, beach]), -1)
    pdf = client.get("/en/harbour-walk/guide.pdf")  # its route map drawn along the paths
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
