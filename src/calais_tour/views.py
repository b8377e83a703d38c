"""Tourist pages: the language choice, the tours, a tour's overview and its stops."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import send_from_directory
from flask import url_for
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Response as BaseResponse

from . import geo
from . import scans
from .i18n import COMPASS
from .i18n import preferred_language
from .model import Catalog
from .model import Stop
from .model import Tour

bp = Blueprint("tour", __name__)


class LangConverter(BaseConverter):
    """A two-letter language code; which ones exist is checked against the settings."""

    regex = "[a-z]{2}"


@bp.record_once
def _register_converter(state: Any) -> None:
    state.app.url_map.converters["lang"] = LangConverter


def catalog() -> Catalog:
    return current_app.extensions["calais_tour.catalog"]  # type: ignore[no-any-return]


@bp.app_url_value_preprocessor
def _pull_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang


@bp.app_url_defaults
def _add_lang(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and g.get("lang") and current_app.url_map.is_endpoint_expecting(
        endpoint, "lang"
    ):
        values["lang"] = g.lang


def cached_page(view: Callable[..., str]) -> Callable[..., str]:
    """Render a page once per content version and day, then serve the stored HTML.

    A page depends only on its URL (language, tour, stop), the loaded tours and, for dated
    notices, today's date; rendering is most of a request's time (about 48 translated
    strings each), so a city's worth of visitors costs a handful of renders.
    """

    @functools.wraps(view)
    def wrapper(**kwargs: Any) -> str:
        key = (request.path, id(catalog()), today())
        pages: dict[tuple[str, int, date], str] = current_app.extensions.setdefault(
            "calais_tour.pages", {}
        )
        if key not in pages:
            if len(pages) > 4096:  # only real pages get here, but stay bounded all the same
                pages.clear()
            pages[key] = view(**kwargs)
        return pages[key]

    return wrapper


def _get_tour(tour_slug: str) -> Tour:
    """Return the tour, or answer 404 when it does not exist in the page's language."""
    tour = catalog().tour(tour_slug)
    if tour is None or g.lang not in tour.languages:
        abort(404)
    g.tour = tour
    return tour


@bp.get("/")
def index() -> BaseResponse:
    """Send the visitor to the tours in the language their browser prefers."""
    lang = preferred_language(current_app.config["LANGUAGES"])
    response = redirect(url_for("tour.tours", lang=lang), 302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/<lang:lang>/")
@cached_page
def tours() -> str:
    """List the tours written in this language."""
    return render_template("tours.html", tours=catalog().in_language(g.lang))


@bp.get("/<lang:lang>/<tour_slug>/")
@cached_page
def tour(tour_slug: str) -> str:
    """Show a tour's introduction, route diagram and ordered stops."""
    tour = _get_tour(tour_slug)
    return render_template("tour.html", tour=tour, text=tour.texts[g.lang], diagram=_diagram(tour))


@bp.get("/<lang:lang>/<tour_slug>/<stop_slug>/")
@cached_page
def stop(tour_slug: str, stop_slug: str) -> str:
    """Show one stop: its story, what to look for, practical notes and the way on."""
    tour = _get_tour(tour_slug)
    stop = tour.stop(stop_slug)
    if stop is None:
        abort(404)
    return render_template(
        "stop.html",
        tour=tour,
        stop=stop,
        text=stop.texts[g.lang],
        position=tour.position(stop),
        previous=tour.previous(stop),
        next=tour.next(stop),
        leg_in=tour.leg_to(stop),
        leg_out=tour.leg_from(stop),
        notices=stop.texts[g.lang].notices_on(today()),
    )


@bp.get("/media/<tour_slug>/<path:filename>")
def media(tour_slug: str, filename: str) -> Response:
    """Serve an image of a tour's texts from its media/ folder (nothing outside it)."""
    if catalog().tour(tour_slug) is None:
        abort(404)
    folder = Path(current_app.config["TOURS_DIR"]) / tour_slug / "media"
    return send_from_directory(folder, filename, max_age=86400)


@bp.get("/s/<code>")
def short_link(code: str) -> BaseResponse:
    """Send a scanned sign to its stop, in the visitor's language (codes ignore case)."""
    found = catalog().by_code(code)
    if found is None:
        abort(404)
    tour, stop = found
    scans.count(stop.code)  # counters only, never delays or fails the redirect
    lang = preferred_language(tour.languages)
    response = redirect(stop_url(tour, stop, lang), 302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/s/")
def short_link_form() -> BaseResponse:
    """Answer the "number on the sign" box, which works without JavaScript."""
    code = request.args.get("code", "").strip()
    if not code or catalog().by_code(code) is None:
        abort(404)
    return redirect(url_for("tour.short_link", code=code), 302)


def walk_data(tour: Tour) -> dict[str, Any]:
    """What walk.js needs: the stops in order, with their zones, titles and URLs."""
    return {
        "tour": tour.slug,
        "stops": [
            {
                "slug": stop.slug,
                "number": n,
                "code": stop.code,
                "lat": stop.lat,
                "lon": stop.lon,
                "radius": stop.radius_m,
                "title": stop.texts[g.lang].title,
                "url": stop_url(tour, stop),
            }
            for n, stop in enumerate(tour.stops, 1)
        ],
        "compass": [str(word) for word in COMPASS],
    }


def today(zone: str | None = None) -> date:
    """Today in the tour's town (notices change at local midnight)."""
    return datetime.now(ZoneInfo(zone or current_app.config["TIMEZONE"])).date()


def _diagram(tour: Tour) -> dict[str, Any]:
    """Lay the stops out on a small north-up drawing with a scale bar."""
    width, height, pad = 320, 220, 28
    xy, per_m = geo.project([s.point for s in tour.stops], width, height, pad)
    bar_m = next((m for m in (1000, 500, 200, 100, 50) if m * per_m <= width / 3), 50)
    return {
        "width": width,
        "height": height,
        "points": list(zip(tour.stops, xy, strict=True)),
        "path": " ".join(f"{x:.1f},{y:.1f}" for x, y in xy),
        "bar_m": bar_m,
        "bar_px": bar_m * per_m,
    }


def alternates() -> dict[str, str]:
    """Return this page's URL in each language it exists in."""
    endpoint, args = request.endpoint, request.view_args
    if not endpoint or args is None or not g.get("lang"):
        return {}
    tour: Tour | None = g.get("tour")
    languages = tour.languages if tour else current_app.config["LANGUAGES"]
    return {lang: url_for(endpoint, **args, lang=lang) for lang in languages}


@bp.app_context_processor
def _page_context() -> dict[str, Any]:
    return {
        "alternates": alternates(),
        "base_url": current_app.config["BASE_URL"],
        "stop_url": stop_url,
        "walk_data": walk_data,
        "detour_percent": round((geo.DETOUR_FACTOR - 1) * 100),
    }


def stop_url(tour: Tour, stop: Stop, lang: str | None = None) -> str:
    if lang is None:
        return url_for("tour.stop", tour_slug=tour.slug, stop_slug=stop.slug)
    return url_for("tour.stop", tour_slug=tour.slug, stop_slug=stop.slug, lang=lang)


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Answer every HTTP error with a page in the visitor's language and a way back."""
    if request_ctx.url_adapter is None:  # an unreadable Host header: no page to build links in
        return error.get_response()  # type: ignore[return-value]
    code = error.code or 500
    titles = {
        404: _("Page not found"),
        405: _("This request is not allowed here"),
    }
    messages = {
        404: _("No stop has this number. Check the number on the sign and type it again.")
        if request.path.startswith("/s/")
        else _("There is no page at this address. It may have a typo, or the page has moved."),
    }
    response = _error_page(code, titles.get(code), messages.get(code))
    for name, value in error.get_headers():  # e.g. the Allow header a 405 must carry
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(500)
def _server_error(error: Exception) -> Response:
    """Never show a traceback to a visitor."""
    if request_ctx.url_adapter is None:
        return Response("Something went wrong", 500, mimetype="text/plain")
    return _error_page(500, None, None)


def _error_page(code: int, title: str | None, message: str | None) -> Response:
    return Response(
        render_template(
            "error.html",
            code=code,
            title=title or _("Something went wrong"),
            message=message or _("The page could not be shown. Please try again."),
            lang=g.get("lang") or preferred_language(current_app.config["LANGUAGES"]),
        ),
        code,
        mimetype="text/html",
    )
