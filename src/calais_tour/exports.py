"""The tour as data: GPX, GeoJSON, a read-only JSON API, schema.org JSON-LD (blueprint "exports").

The documents are built by pure functions from the model. They take the public address
(``BASE_URL``, never the request's host) and a ``url_for`` that turns an endpoint and its
values into a site path: the app passes Flask's, so every URL is derived from the URL map.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import url_for

from . import hours as opening_hours
from .model import Stop
from .model import Tour
from .site import catalog
from .site import get_tour

bp = Blueprint("exports", __name__)

#: builds a site path from an endpoint and its values (flask.url_for in the app)
UrlFor = Callable[..., str]

GPX_NS = "http://www.topografix.com/GPX/1/1"
GPX_SCHEMA = "http://www.topografix.com/GPX/1/1/gpx.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GPX_MEDIA_TYPE = "application/gpx+xml"
GEOJSON_MEDIA_TYPE = "application/geo+json"
JSON_MEDIA_TYPE = "application/json"


def _deg(value: float) -> float:
    """Round degrees to 6 decimals (about 10 cm): more is noise, as RFC 7946 advises."""
    return round(value, 6)


def _page(url_for: UrlFor, tour: Tour, lang: str, stop: Stop | None = None) -> str:
    """Return the site path of the tour's overview, or of one of its stops, in ``lang``."""
    if stop is None:
        return url_for("tour.tour", lang=lang, tour_slug=tour.slug)
    return url_for("tour.stop", lang=lang, tour_slug=tour.slug, stop_slug=stop.slug)


def tour_gpx(tour: Tour, lang: str, base_url: str, url_for: UrlFor) -> str:
    """Return the tour as a GPX 1.1 document: a waypoint per stop and the route in order."""
    text = tour.texts[lang]

    def add(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        element.text = value
        return element

    def add_link(parent: ET.Element, href: str, title: str) -> None:
        link = add(parent, "link", href=href)
        add(link, "text", title)
        add(link, "type", "text/html")

    # element order follows the schema's sequences (metadata, wpt, rte; name, desc, link, ...)
    gpx = ET.Element("gpx", {
        "xmlns": GPX_NS,
        "version": "1.1",
        "creator": "calais_tour",
        "xmlns:xsi": XSI_NS,
        "xsi:schemaLocation": f"{GPX_NS} {GPX_SCHEMA}",
    })
    tour_url = base_url + _page(url_for, tour, lang)
    metadata = add(gpx, "metadata")
    add(metadata, "name", text.title)
    add(metadata, "desc", text.description)
    add_link(metadata, tour_url, text.title)
    add(metadata, "bounds",
        minlat=f"{min(s.lat for s in tour.stops):.6f}",
        minlon=f"{min(s.lon for s in tour.stops):.6f}",
        maxlat=f"{max(s.lat for s in tour.stops):.6f}",
        maxlon=f"{max(s.lon for s in tour.stops):.6f}")
    for stop in tour.stops:
        stop_text = stop.texts[lang]
        wpt = add(gpx, "wpt", lat=f"{stop.lat:.6f}", lon=f"{stop.lon:.6f}")
        add(wpt, "name", stop_text.title)
        add(wpt, "desc", stop_text.teaser)
        add_link(wpt, base_url + _page(url_for, tour, lang, stop), stop_text.title)
        add(wpt, "type", "stop")
    rte = add(gpx, "rte")
    add(rte, "name", text.title)
    add(rte, "desc", text.description)
    add_link(rte, tour_url, text.title)
    for stop in tour.stops:
        rtept = add(rte, "rtept", lat=f"{stop.lat:.6f}", lon=f"{stop.lon:.6f}")
        add(rtept, "name", stop.texts[lang].title)
    if any(leg.path for leg in tour.legs):  # the walk along the streets, as a track
        trk = add(gpx, "trk")
        add(trk, "name", text.title)
        segment = add(trk, "trkseg")
        for lat, lon in tour.route:
            add(segment, "trkpt", lat=f"{lat:.6f}", lon=f"{lon:.6f}")
    ET.indent(gpx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(gpx, encoding="unicode") + "\n"


def tour_geojson(tour: Tour, lang: str, base_url: str, url_for: UrlFor) -> dict[str, Any]:
    """Return the tour as an RFC 7946 FeatureCollection: the stops, then the route line."""
    positions = [[_deg(s.lon), _deg(s.lat)] for s in tour.stops]  # longitude first
    stops = [
        {
            "type": "Feature",
            "id": stop.slug,
            "geometry": {"type": "Point", "coordinates": position},
            "properties": {
                "code": stop.code,
                "order": n,
                "slug": stop.slug,
                "title": stop.texts[lang].title,
                "teaser": stop.texts[lang].teaser,
                "url": base_url + _page(url_for, tour, lang, stop),
            },
        }
        for n, (stop, position) in enumerate(zip(tour.stops, positions, strict=True), 1)
    ]
    route = {
        "type": "Feature",
        "id": "route",
        "geometry": {"type": "LineString",  # along the streets where the tour gives paths
                     "coordinates": [[_deg(lon), _deg(lat)] for lat, lon in tour.route]},
        "properties": {
            "title": tour.texts[lang].title,
            "url": base_url + _page(url_for, tour, lang),
            "distance_m": tour.distance_m,
            "minutes": tour.minutes,
        },
    }
    lons = [p[0] for p in positions] + [_deg(lon) for _, lon in tour.route]
    lats = [p[1] for p in positions] + [_deg(lat) for lat, _ in tour.route]
    return {
        "type": "FeatureCollection",
        "bbox": [min(lons), min(lats), max(lons), max(lats)],
        "features": [*stops, route],
    }


def tour_json(tour: Tour, base_url: str, url_for: UrlFor) -> dict[str, Any]:
    """Return the tour in every language for the API: texts, places, order and links."""

    def each(make: Callable[[str], str]) -> dict[str, str]:
        return {lang: make(lang) for lang in tour.languages}

    return {
        "slug": tour.slug,
        "url": base_url + url_for("exports.api_tour", tour_slug=tour.slug),
        "languages": list(tour.languages),
        "title": each(lambda lang: tour.texts[lang].title),
        "description": each(lambda lang: tour.texts[lang].description),
        "pages": each(lambda lang: base_url + _page(url_for, tour, lang)),
        "exports": {
            "gpx": each(lambda lang: base_url + url_for("exports.gpx", lang=lang,
                                                        tour_slug=tour.slug)),
            "geojson": each(lambda lang: base_url + url_for("exports.geojson", lang=lang,
                                                            tour_slug=tour.slug)),
        },
        "distance_m": tour.distance_m,
        "minutes": tour.minutes,
        "stops": [
            {
                "order": n,
                "slug": stop.slug,
                "code": stop.code,
                "lat": _deg(stop.lat),
                "lon": _deg(stop.lon),
                "radius_m": stop.radius_m,
                "title": {lang: stop.texts[lang].title for lang in tour.languages},
                "teaser": {lang: stop.texts[lang].teaser for lang in tour.languages},
                "pages": {
                    lang: base_url + _page(url_for, tour, lang, stop) for lang in tour.languages
                },
                "sources": [{"title": s.title, "url": s.url} for s in stop.sources],
                **opening_hours.api(stop.hours),
            }
            for n, stop in enumerate(tour.stops, 1)
        ],
        "legs": [
            {
                "from": leg.start.slug,
                "to": leg.end.slug,
                "distance_m": leg.distance_m,
                "minutes": leg.minutes,
                "bearing_deg": round(leg.bearing_deg, 1),
            }
            for leg in tour.legs
        ],
    }


def tours_json(tours: tuple[Tour, ...], base_url: str, url_for: UrlFor) -> dict[str, Any]:
    """Return the API's list of tours: a summary of each and the link to its document."""
    return {
        "tours": [
            {
                "slug": tour.slug,
                "url": base_url + url_for("exports.api_tour", tour_slug=tour.slug),
                "languages": list(tour.languages),
                "title": {lang: tour.texts[lang].title for lang in tour.languages},
                "description": {lang: tour.texts[lang].description for lang in tour.languages},
                "pages": {lang: base_url + _page(url_for, tour, lang) for lang in tour.languages},
                "stop_count": len(tour.stops),
                "distance_m": tour.distance_m,
                "minutes": tour.minutes,
            }
            for tour in tours
        ]
    }


def tour_jsonld(tour: Tour, lang: str, base_url: str, url_for: UrlFor) -> dict[str, Any]:
    """Return the tour as a schema.org TouristTrip whose itinerary lists the stops in order."""
    text = tour.texts[lang]
    return {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "name": text.title,
        "description": text.description,
        "inLanguage": lang,
        "url": base_url + _page(url_for, tour, lang),
        "itinerary": {
            "@type": "ItemList",
            "numberOfItems": len(tour.stops),
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": n,
                    "item": {
                        "@type": "TouristAttraction",
                        "name": stop.texts[lang].title,
                        "description": stop.texts[lang].teaser,
                        "url": base_url + _page(url_for, tour, lang, stop),
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": _deg(stop.lat),
                            "longitude": _deg(stop.lon),
                        },
                        **opening_hours.jsonld(stop.hours),
                    },
                }
                for n, stop in enumerate(tour.stops, 1)
            ],
        },
    }


def _json_response(data: dict[str, Any], mimetype: str) -> Response:
    """Answer compact UTF-8 JSON (RFC 8259: JSON is UTF-8, so there is no charset parameter)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, mimetype=mimetype)


def _base_url() -> str:
    return str(current_app.config["BASE_URL"])


@bp.get("/<lang:lang>/<tour_slug>/tour.gpx")
def gpx(tour_slug: str) -> Response:
    """Serve the tour as GPX, for GPS devices and hiking apps, named in the page's language."""
    tour = get_tour(tour_slug)
    body = tour_gpx(tour, g.lang, _base_url(), url_for)
    return Response(body, mimetype=GPX_MEDIA_TYPE)


@bp.get("/<lang:lang>/<tour_slug>/tour.geojson")
def geojson(tour_slug: str) -> Response:
    """Serve the tour as GeoJSON, for web maps, titled in the page's language."""
    tour = get_tour(tour_slug)
    return _json_response(tour_geojson(tour, g.lang, _base_url(), url_for), GEOJSON_MEDIA_TYPE)


def _api(data: dict[str, Any]) -> Response:
    """Answer an API request; any site may read this public, read-only data."""
    response = _json_response(data, JSON_MEDIA_TYPE)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/api/v1/tours.json")
def api_tours() -> Response:
    """List every tour, in all its languages, with links to each tour's document."""
    return _api(tours_json(catalog().tours, _base_url(), url_for))


@bp.get("/api/v1/tours/<tour_slug>.json")
def api_tour(tour_slug: str) -> Response:
    """Describe one tour in all its languages: stops, order, distances and page links."""
    tour = catalog().tour(tour_slug)
    if tour is None:
        abort(404)
    return _api(tour_json(tour, _base_url(), url_for))


@bp.app_context_processor
def _page_context() -> dict[str, Any]:
    def jsonld(tour: Tour) -> dict[str, Any]:
        return tour_jsonld(tour, g.lang, _base_url(), url_for)

    return {"tour_jsonld": jsonld}
