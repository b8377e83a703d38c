"""Tourist pages: the language choice, the tours, a tour's overview and its stops."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from . import codes
from . import geo
from . import media as media_folder
from . import scans
from . import tiles
from .config import THEME_COLOR
from .i18n import COMPASS
from .i18n import preferred_language
from .model import Tour
from .site import catalog
from .site import get_tour
from .site import media_files
from .site import today
from .site import urls

bp = Blueprint("tour", __name__)


@bp.get("/")
def index() -> BaseResponse:
    """Send the visitor to the tours in the language their browser prefers."""
    lang = preferred_language(current_app.config["LANGUAGES"])
    response = redirect(urls.tours(lang), 302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/<lang:lang>/")
def tours() -> str:
    """List the tours written in this language."""
    return render_template("tours.html", tours=catalog().in_language(g.lang))


@bp.get("/<lang:lang>/<tour_slug>/")
def tour(tour_slug: str) -> str:
    """Show a tour's introduction, route diagram and ordered stops."""
    tour = get_tour(tour_slug)
    return render_template("tour.html", tour=tour, text=tour.texts[g.lang])


@bp.get("/<lang:lang>/<tour_slug>/<stop_slug>/")
def stop(tour_slug: str, stop_slug: str) -> str:
    """Show one stop: its story, what to look for, practical notes and the way on."""
    tour = get_tour(tour_slug)
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
    """Serve a file the tour's texts show, from its media/ folder: nothing else, and never
    a file that lies outside the tour's folder (a symbolic link)."""
    tour = catalog().tour(tour_slug)
    path = media_folder.resolve(tour.folder, filename) if tour else None
    if tour is None or path is None or filename not in media_files(tour):
        abort(404)
    return send_file(path, max_age=86400)


@bp.get("/s/<code>")
def short_link(code: str) -> BaseResponse:
    """Send a scanned sign to its stop, in the visitor's language (codes ignore case)."""
    found = catalog().by_code(code)
    if found is None:
        abort(404)
    tour, stop = found
    scans.count(stop.code)  # counters only, never delays or fails the redirect
    lang = preferred_language(tour.languages)
    response = redirect(urls.stop(tour, stop, lang), 302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/s/")
def short_link_form() -> BaseResponse:
    """Answer the "number on the sign" box, which works without JavaScript."""
    typed = request.args.get("code", "")
    code = codes.find(catalog(), typed)
    if code is None:
        return codes.unknown(catalog(), typed)
    return redirect(urls.short(code), 302)


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
                "url": urls.stop(tour, stop),
            }
            for n, stop in enumerate(tour.stops, 1)
        ],
        "compass": [str(word) for word in COMPASS],
        "route": [[lat, lon] for lat, lon in tour.route],  # along the streets where known
        "tiles": tiles.client_info(),  # street tiles (MAP_TILES), or None
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
        "theme_color": THEME_COLOR,
        "urls": urls,
        "stop_url": urls.stop,
        "walk_data": walk_data,
        "route_diagram": geo.route_diagram,
        "detour_percent": round((geo.DETOUR_FACTOR - 1) * 100),
    }


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Answer every HTTP error with a page in the visitor's language and a way back."""
    if request_ctx.url_adapter is None:  # an untrusted Host header: no page to build links in
        # plain words, and never the Host sent back
        return Response("Bad request: this site answers only at its own address.\n",
                        error.code or 400, mimetype="text/plain")
    code = error.code or 500
    titles = {
        400: _("This address is not quite right"),
        404: _("Page not found"),
        405: _("This request is not allowed here"),
    }
    messages = {
        400: error.description if code == 400 and error.description != type(error).description
        else None,
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
