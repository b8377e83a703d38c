"""Exports: GPX, GeoJSON, the JSON API and JSON-LD, as GPS units, maps and crawlers read them."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import gpxpy
import pytest
import xmlschema
from flask import Flask
from flask.testing import FlaskClient

from calais_tour import create_app
from calais_tour import exports
from calais_tour.model import Tour
from tests.helpers import Page

BASE_URL = "https://tour.example.org"
FIXTURE_TOURS = Path(__file__).parent / "tours"
GPX_XSD = Path(__file__).parent / "data" / "gpx11.xsd"

TITLES = {
    "en": ["The Lighthouse", "The Fort", "The Beach"],
    "fr": ["Le Phare", "Le Fort", "La Plage"],
}
TOUR_TITLES = {"en": "Harbour Walk", "fr": "Promenade du port"}


@pytest.fixture(scope="module")
def public_app() -> Flask:
    """The fixture tour, published at BASE_URL."""
    return create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS), "BASE_URL": BASE_URL})


@pytest.fixture
def public(public_app: Flask) -> FlaskClient:
    return public_app.test_client()


@pytest.fixture(scope="module")
def harbour(public_app: Flask) -> Tour:
    tour: Tour = public_app.extensions["calais_tour.catalog"].tour("harbour-walk")
    return tour


@pytest.fixture(scope="module")
def gpx_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(GPX_XSD)


def strings(data: Any) -> Iterator[str]:
    """Yield every string in a JSON document, keys excluded."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def rfc7946_problems(doc: dict[str, Any]) -> list[str]:
    """Check a FeatureCollection against the rules of RFC 7946; return what breaks them."""
    problems = []

    def position(p: Any, where: str) -> None:
        if not (isinstance(p, list) and len(p) in (2, 3)
                and all(isinstance(n, (int, float)) and math.isfinite(n) for n in p)):
            problems.append(f"{where}: {p!r} is not a position [lon, lat]")
            return
        lon, lat = p[0], p[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"{where}: {p!r} is outside lon -180..180, lat -90..90")
        if any(len(repr(float(n)).split(".")[-1]) > 7 for n in p):
            problems.append(f"{where}: {p!r} has more than 7 decimals")

    if doc.get("type") != "FeatureCollection":
        problems.append("type is not FeatureCollection")
    if "crs" in doc:
        problems.append("a crs member (removed in RFC 7946)")
    if "bbox" in doc:
        bbox = doc["bbox"]
        if len(bbox) != 4 or bbox[1] > bbox[3]:
            problems.append(f"bbox {bbox!r} is not [west, south, east, north]")
    if not isinstance(doc.get("features"), list):
        return [*problems, "features is not a list"]
    for i, feature in enumerate(doc["features"]):
        where = f"features[{i}]"
        if feature.get("type") != "Feature":
            problems.append(f"{where}: type is not Feature")
        if "properties" not in feature or "geometry" not in feature:
            problems.append(f"{where}: a Feature needs geometry and properties members")
        if "crs" in feature:
            problems.append(f"{where}: a crs member")
        if "id" in feature and not isinstance(feature["id"], (str, int, float)):
            problems.append(f"{where}: id is neither a string nor a number")
        geometry = feature.get("geometry") or {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Point":
            position(coordinates, where)
        elif kind == "LineString":
            if not isinstance(coordinates, list) or len(coordinates) < 2:
                problems.append(f"{where}: a LineString needs two or more positions")
            else:
                for p in coordinates:
                    position(p, where)
        else:
            problems.append(f"{where}: unexpected geometry {kind!r}")
    return problems


def jsonld(html: str) -> dict[str, Any]:
    """Return the one JSON-LD document of a page."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0])
    return data


# GPX

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_gpx_has_a_named_waypoint_per_stop_and_the_route_in_order(
    public: FlaskClient, harbour: Tour, lang: str
) -> None:
    response = public.get(f"/{lang}/harbour-walk/tour.gpx")
    assert response.status_code == 200
    assert response.mimetype == "application/gpx+xml"
    gpx = gpxpy.parse(response.text)
    assert gpx.version == "1.1"
    assert gpx.creator == "calais_tour"
    assert gpx.name == TOUR_TITLES[lang]
    assert gpx.link == f"{BASE_URL}/{lang}/harbour-walk/"
    assert [w.name for w in gpx.waypoints] == TITLES[lang]
    for waypoint, stop in zip(gpx.waypoints, harbour.stops, strict=True):
        assert (waypoint.latitude, waypoint.longitude) == pytest.approx((stop.lat, stop.lon))
        assert waypoint.description == stop.texts[lang].teaser
        assert waypoint.link == f"{BASE_URL}/{lang}/harbour-walk/{stop.slug}/"
    [route] = gpx.routes
    assert [p.name for p in route.points] == TITLES[lang]
    for point, stop in zip(route.points, harbour.stops, strict=True):
        assert (point.latitude, point.longitude) == pytest.approx(stop.point)


@pytest.mark.parametrize("lang", ["en", "fr", "de", "nl"])
def test_gpx_of_the_shipped_tour_is_valid_gpx_1_1(
    shipped_client: FlaskClient, gpx_schema: xmlschema.XMLSchema, lang: str
) -> None:
    response = shipped_client.get(f"/{lang}/calais-1940-1944/tour.gpx")
    assert response.status_code == 200
    assert response.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    errors = [f"{e.path}: {e.reason}" for e in gpx_schema.iter_errors(response.text)]
    assert errors == []
    assert len(gpxpy.parse(response.text).waypoints) == 4


def test_gpx_is_built_without_an_app_and_escapes_text(
    harbour: Tour, gpx_schema: xmlschema.XMLSchema
) -> None:
    def url_for(endpoint: str, **values: str) -> str:
        return "/" + "/".join([endpoint, *values.values()]) + "/"

    title = 'Fish & "Chips" <1>'
    first = harbour.stops[0]
    stop = replace(first, texts={**first.texts, "en": replace(first.texts["en"], title=title)})
    tour = replace(harbour, stops=(stop, *harbour.stops[1:]))
    body = exports.tour_gpx(tour, "en", BASE_URL, url_for)
    assert gpx_schema.is_valid(body)
    waypoint = gpxpy.parse(body).waypoints[0]
    assert waypoint.name == title
    assert waypoint.link == f"{BASE_URL}/tour.stop/en/harbour-walk/lighthouse/"


# GeoJSON

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_geojson_follows_rfc_7946_with_stops_then_the_route(
    public: FlaskClient, harbour: Tour, lang: str
) -> None:
    response = public.get(f"/{lang}/harbour-walk/tour.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    doc = json.loads(response.data)
    assert rfc7946_problems(doc) == []
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert len(points) == len(harbour.stops) and len(lines) == 1
    for n, (feature, stop) in enumerate(zip(points, harbour.stops, strict=True), 1):
        lon, lat = feature["geometry"]["coordinates"]
        assert lon == pytest.approx(stop.lon)  # longitude first
        assert lat == pytest.approx(stop.lat)
        assert feature["properties"]["code"] == stop.code
        assert feature["properties"]["order"] == n
        assert feature["properties"]["slug"] == stop.slug
        assert feature["properties"]["url"] == f"{BASE_URL}/{lang}/harbour-walk/{stop.slug}/"
    assert [f["properties"]["title"] for f in points] == TITLES[lang]
    route = lines[0]["geometry"]["coordinates"]
    assert len(route) == len(harbour.stops)
    for position, stop in zip(route, harbour.stops, strict=True):
        assert position == pytest.approx([stop.lon, stop.lat])
    west, south, east, north = doc["bbox"]
    assert west == pytest.approx(min(s.lon for s in harbour.stops))
    assert north == pytest.approx(max(s.lat for s in harbour.stops))


def test_rfc7946_check_catches_swapped_coordinates_and_crs() -> None:
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name"},
        "features": [
            {"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [50.9643, 181.0]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "LineString", "coordinates": [[1.85, 50.96]]}},
        ],
    }
    assert len(rfc7946_problems(doc)) == 3


# JSON-LD

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tour_page_describes_the_trip_in_json_ld_in_walking_order(
    public: FlaskClient, harbour: Tour, lang: str
) -> None:
    data = jsonld(public.get(f"/{lang}/harbour-walk/").text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TouristTrip"
    assert data["name"] == TOUR_TITLES[lang]
    assert data["inLanguage"] == lang
    assert data["url"] == f"{BASE_URL}/{lang}/harbour-walk/"
    itinerary = data["itinerary"]
    assert itinerary["@type"] == "ItemList"
    assert itinerary["itemListOrder"] == "https://schema.org/ItemListOrderAscending"
    items = sorted(itinerary["itemListElement"], key=lambda i: i["position"])
    assert itinerary["numberOfItems"] == 3
    assert [i["position"] for i in items] == [1, 2, 3]
    assert [i["item"]["name"] for i in items] == TITLES[lang]
    for item, stop in zip(items, harbour.stops, strict=True):
        assert item["@type"] == "ListItem"
        assert item["item"]["@type"] == "TouristAttraction"
        assert item["item"]["url"] == f"{BASE_URL}/{lang}/harbour-walk/{stop.slug}/"
        geo = item["item"]["geo"]
        assert geo["@type"] == "GeoCoordinates"
        assert (geo["latitude"], geo["longitude"]) == pytest.approx(stop.point)


def test_json_ld_survives_a_title_that_tries_to_close_its_script(
    tour_copy: Callable[..., Path]
) -> None:
    title = "Harbour </script><script>alert(1)</script> Walk"
    tours = tour_copy(("index.en.md", 'title = "Harbour Walk"', f'title = "{title}"'))
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours)})
    html = app.test_client().get("/en/harbour-walk/").text
    assert "<script>alert(1)" not in html
    assert jsonld(html)["name"] == title


# the JSON API

def test_api_lists_the_tours_with_absolute_links(public: FlaskClient) -> None:
    response = public.get("/api/v1/tours.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    [tour] = data["tours"]
    assert tour["slug"] == "harbour-walk"
    assert tour["title"] == TOUR_TITLES
    assert tour["url"] == f"{BASE_URL}/api/v1/tours/harbour-walk.json"
    assert tour["pages"] == {lang: f"{BASE_URL}/{lang}/harbour-walk/" for lang in ("en", "fr")}
    assert tour["stop_count"] == 3
    # and the link leads to the tour's own document
    assert public.get(tour["url"].removeprefix(BASE_URL)).status_code == 200


def test_api_describes_a_tour_in_every_language(public: FlaskClient, harbour: Tour) -> None:
    response = public.get("/api/v1/tours/harbour-walk.json", base_url="http://127.0.0.1:5000")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    assert data["languages"] == ["en", "fr"]
    assert data["title"] == TOUR_TITLES
    assert data["distance_m"] == harbour.distance_m
    assert data["minutes"] == harbour.minutes
    assert [s["slug"] for s in data["stops"]] == ["lighthouse", "fort", "beach"]
    assert [s["order"] for s in data["stops"]] == [1, 2, 3]
    for item, stop in zip(data["stops"], harbour.stops, strict=True):
        assert item["code"] == stop.code
        assert (item["lat"], item["lon"]) == pytest.approx(stop.point)
        assert item["radius_m"] == stop.radius_m
        assert item["title"] == {lang: stop.texts[lang].title for lang in ("en", "fr")}
        assert item["teaser"] == {lang: stop.texts[lang].teaser for lang in ("en", "fr")}
        assert item["pages"]["fr"] == f"{BASE_URL}/fr/harbour-walk/{stop.slug}/"
    legs = [(leg["from"], leg["to"], leg["distance_m"], leg["minutes"]) for leg in data["legs"]]
    assert legs == [
        ("lighthouse", "fort", 490, 7),
        ("fort", "beach", 850, 11),
    ]
    assert data["exports"]["gpx"]["fr"] == f"{BASE_URL}/fr/harbour-walk/tour.gpx"
    # the stories stay on the pages: the API links to them
    assert "The story of fort" not in response.text
    # every URL is built from BASE_URL, never from the host that asked
    urls = [s for s in strings(data) if "://" in s]
    assert urls and all(
        u.startswith(BASE_URL + "/") or u.startswith("https://example.org/") for u in urls
    ), urls


def test_exports_other_than_the_api_send_no_cors_header(public: FlaskClient) -> None:
    for url in ("/en/harbour-walk/tour.gpx", "/en/harbour-walk/tour.geojson", "/en/harbour-walk/"):
        assert "Access-Control-Allow-Origin" not in public.get(url).headers


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tours/no-such-tour.json",
        "/en/no-such-tour/tour.gpx",
        "/en/no-such-tour/tour.geojson",
        "/de/harbour-walk/tour.gpx",  # the tour is not written in German
        "/xx/harbour-walk/tour.geojson",
    ],
)
def test_unknown_tours_and_languages_are_404(public: FlaskClient, url: str) -> None:
    response = public.get(url, headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "<h1>" in response.text
    assert "Traceback" not in response.text


# the tour page

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tour_page_links_its_exports_and_they_answer(public: FlaskClient, lang: str) -> None:
    page = Page(public.get(f"/{lang}/harbour-walk/").text)
    alternates = {
        link["type"]: link["href"]
        for link in page.links
        if link.get("rel") == "alternate" and "type" in link
    }
    assert set(alternates) == {"application/gpx+xml", "application/geo+json", "application/json"}
    for media_type, href in alternates.items():
        response = public.get(href)
        assert response.status_code == 200, href
        assert response.mimetype == media_type, href
    # the visible download links lead to the same files
    assert alternates["application/gpx+xml"] in page.anchors
    assert alternates["application/geo+json"] in page.anchors


def test_shipped_tour_page_exports_all_answer(shipped_client: FlaskClient) -> None:
    for lang in ("en", "fr", "de", "nl"):
        html = shipped_client.get(f"/{lang}/calais-1940-1944/").text
        items = jsonld(html)["itinerary"]["itemListElement"]
        assert [i["position"] for i in items] == [1, 2, 3, 4]
        for href in re.findall(r'<link rel="alternate" type="[^"]+" href="([^"]+)"', html):
            assert shipped_client.get(href).status_code == 200, href
