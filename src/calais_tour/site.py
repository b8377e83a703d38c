"""What every blueprint needs on the request side: the tours, today, languages and URLs.

- :func:`catalog` and :func:`get_tour` (404 for an unknown tour or language);
- :func:`today`, in the tours' town, from a clock tests can set (``CLOCK``);
- the ``lang`` converter and the URL processors that carry the page's language;
- :data:`urls`, the one URL builder, and :func:`site_urls`, every URL of the site derived
  from the URL map and the loaded tours (freeze, the offline plan and the loader's link
  check all use it);
- :func:`check` and :func:`load`: reading the tours with the app's own settings.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask import abort
from flask import current_app
from flask import g
from flask import url_for
from werkzeug.routing import BaseConverter
from werkzeug.routing import Rule

from . import loader
from .errors import ContentError
from .errors import StartupError
from .model import Catalog
from .model import Stop
from .model import Tour

CATALOG = "calais_tour.catalog"


def catalog() -> Catalog:
    """The tours the app serves."""
    return current_app.extensions[CATALOG]  # type: ignore[no-any-return]


def get_tour(tour_slug: str) -> Tour:
    """Return the tour, or answer 404 when it does not exist in the page's language."""
    tour = catalog().tour(tour_slug)
    if tour is None or g.lang not in tour.languages:
        abort(404)
    g.tour = tour
    return tour


def now(app: Flask) -> datetime:
    """The time in the tours' town; ``CLOCK`` (a callable, for tests) replaces the real one."""
    zone = ZoneInfo(app.config["TIMEZONE"])
    clock: Callable[[], datetime] | None = app.config.get("CLOCK")
    return clock().astimezone(zone) if clock else datetime.now(zone)


def today(app: Flask | None = None) -> date:
    """Today in the tours' town (notices change at its midnight)."""
    return now(app or current_app._get_current_object()).date()  # type: ignore[attr-defined]


class LangConverter(BaseConverter):
    """A two-letter language code; which ones exist is checked against the settings."""

    regex = "[a-z]{2}"


def _pull_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang


def _add_lang(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and g.get("lang") and current_app.url_map.is_endpoint_expecting(
        endpoint, "lang"
    ):
        values["lang"] = g.lang


class Urls:
    """The one place a page's path is built; ``lang=None`` is the page's own language."""

    @staticmethod
    def _lang(lang: str | None) -> dict[str, Any]:
        return {} if lang is None else {"lang": lang}

    def tours(self, lang: str) -> str:
        return url_for("tour.tours", lang=lang)

    def tour(self, tour: Tour, lang: str | None = None) -> str:
        return url_for("tour.tour", tour_slug=tour.slug, **self._lang(lang))

    def stop(self, tour: Tour, stop: Stop, lang: str | None = None) -> str:
        return url_for("tour.stop", tour_slug=tour.slug, stop_slug=stop.slug, **self._lang(lang))

    def short(self, code: str) -> str:
        return url_for("tour.short_link", code=code)

    def media(self, tour: Tour, name: str) -> str:
        return url_for("tour.media", tour_slug=tour.slug, filename=name)

    def static(self, filename: str) -> str:
        return url_for("static", filename=filename)

    def offline(self, lang: str) -> str:
        return url_for("pwa.offline", lang=lang)

    def absolute(self, path: str) -> str:
        """The public address of a path: built from BASE_URL, never from the request."""
        return str(current_app.config["BASE_URL"]) + path


urls = Urls()


def media_files(tour: Tour) -> list[str]:
    """Return the files below the tour's media/ folder that its texts (or signs) show, sorted."""
    logo = {tour.publisher.logo} if tour.publisher and tour.publisher.logo else set()
    return sorted(logo | {
        name for stop in tour.stops for lang in tour.languages for name in stop.texts[lang].media
    })


def static_files(app: Flask) -> list[str]:
    """Return every file below the static folder (hidden files excepted), sorted."""
    root = Path(app.static_folder or "")
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts)
    )


#: endpoint -> the files it serves: (app, tour or None) -> names
FILES: dict[str, Callable[[Flask, Tour | None], list[str]]] = {
    "static": lambda app, tour: static_files(app),
    "tour.media": lambda app, tour: media_files(tour) if tour else [],
}
#: the arguments of a rule whose values are known (``filename`` by endpoint, FILES above)
KNOWN_ARGUMENTS = {"lang", "tour_slug", "stop_slug", "code", "filename"}


class UnknownArgument(Exception):
    """A rule has an argument whose values cannot be derived from the tours."""


def _values(app: Flask, catalog: Catalog, rule: Rule) -> Iterator[dict[str, str]]:
    """Yield the argument values of every page ``rule`` has on this site."""
    args = set(rule.arguments)
    unknown = args - KNOWN_ARGUMENTS
    if "filename" in args and rule.endpoint not in FILES:
        unknown.add("filename")
    if unknown or ("stop_slug" in args and "tour_slug" not in args):
        raise UnknownArgument(
            f"{rule.rule} ({rule.endpoint}): the values of "
            f"{', '.join(sorted(unknown or {'stop_slug'}))} are not known; add them to site.py"
        )
    codes = [stop.code for tour in catalog.tours for stop in tour.stops]
    for tour in catalog.tours if "tour_slug" in args else [None]:
        choices: dict[str, list[Any]] = {
            "lang": list(tour.languages if tour else app.config["LANGUAGES"]),
            "stop_slug": [stop.slug for stop in tour.stops] if tour else [],
            "code": codes,
            "filename": FILES[rule.endpoint](app, tour) if "filename" in args else [],
        }
        names = sorted(args - {"tour_slug"})
        for combination in itertools.product(*(choices[name] for name in names)):
            values = dict(zip(names, combination, strict=True))
            if tour:
                values["tour_slug"] = tour.slug
            yield values


def site_urls(
    app: Flask, catalog: Catalog, skip: Callable[[str], bool] = lambda endpoint: False
) -> list[str]:
    """Return every URL the app answers with a GET, derived from the URL map and the tours.

    Call inside a request context. Endpoints for which ``skip`` is true are left out.
    """
    result: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if skip(rule.endpoint) or "GET" not in (rule.methods or ()):
            continue
        for values in _values(app, catalog, rule):
            result.append(url_for(rule.endpoint, **values))  # type: ignore[arg-type]
    return result


def paths(app: Flask, catalog: Catalog) -> set[str]:
    """Every path of the site a tour text may link to (query strings dropped)."""
    with app.test_request_context():
        return {url.split("?")[0] for url in site_urls(app, catalog)}


def check(
    app: Flask, tours_dir: Path | None = None, partial: bool = False
) -> tuple[Catalog | None, list[ContentError]]:
    """Read the tours with the app's settings; return the catalog (None on errors, unless
    ``partial``: then what can be built) and every problem found."""
    return loader.check_tours(
        Path(tours_dir or app.config["TOURS_DIR"]), app.config["LANGUAGES"],
        site_paths=lambda catalog: paths(app, catalog), today=today(app), partial=partial,
    )


def load(app: Flask) -> None:
    """Load the tours into the app; on bad content print every problem and refuse to start.

    :raise StartupError: the tours have errors (each was printed to stderr).
    """
    tours_dir = Path(app.config["TOURS_DIR"])
    catalog, problems = check(app, tours_dir)
    errors = [p for p in problems if not p.is_warning]
    if catalog is None:
        # a broken tour never reaches a phone: say every problem, then refuse to start
        for problem in errors:
            print(problem, file=sys.stderr)
        raise StartupError(
            f"{len(errors)} problem(s) in {tours_dir}: fix them "
            "(`calais-tour check` lists them) and start again"
        )
    app.extensions[CATALOG] = catalog


def init_app(app: Flask) -> None:
    """Register the language converter and the processors that carry the page's language."""
    app.url_map.converters["lang"] = LangConverter
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_add_lang)
