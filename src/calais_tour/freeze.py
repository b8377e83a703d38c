"""The whole site as static files, for any static host or CDN (``calais-tour freeze OUT``).

Every URL comes from the app's URL map: each GET rule is built once for every value of its
arguments, taken from the loaded tours (languages, tour and stop slugs, stop codes) and from
the files under ``static/``. A rule with an argument this module does not know stops the
freeze with a message, so a new kind of page is never silently left out. Each URL is fetched
with the app's test client, exactly as a browser asks, so the files hold the bytes the server
sends (the service worker's revisions match them). ``/a/b/`` is written as
``a/b/index.html``; static URLs are fetched with their ``?v=<hash>`` and written without it
(a static host ignores the query).

Three answers of the app are redirects a static host cannot make, so they become pages
(``templates/shortlink.html``, ``static/js/shortlink.js``) that pick the language in the
browser, as the server would: ``/`` (``index.html``), each short link ``/s/<code>``
(``s/<code>/index.html``; hosts answer ``/s/2`` with a redirect to ``/s/2/``) and the
"number on the sign" box ``/s/?code=`` (``s/index.html``). ``404.html`` is the app's
not-found page, which most static hosts serve for unknown paths.

Frozen-Flask 1.0.2 was tried first. It freezes the pages, but this app would still need URL
generators for five endpoints, its redirect policy either follows ``/s/<code>`` (the English
page saved as ``s/2``) or drops it, it stops on the ``/s/`` form action it finds through
``url_for``, it warns on the ``.gpx`` media type (the tests turn warnings into errors) and,
by default, deletes files in the destination that it did not write. What would remain of it
is the loop below, so this module is that loop over the test client, with no new dependency.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote
from urllib.parse import urlsplit

from flask import Flask
from flask import render_template
from flask import url_for
from flask_babel import force_locale
from werkzeug.routing import Rule

from .model import Catalog
from .model import Stop
from .model import Tour

#: endpoints answered by a redirect in the app, written here as pages that pick the language
REPLACED = {"tour.index", "tour.short_link", "tour.short_link_form"}
#: the arguments of a rule whose values freeze knows (``filename`` by endpoint, FILES below)
KNOWN_ARGUMENTS = {"lang", "tour_slug", "stop_slug", "code", "filename"}


class FreezeError(Exception):
    """The site cannot be written as it is; the message says which URL or file and why."""


def file_for(url: str) -> str:
    """Return the file (relative, POSIX) that holds ``url`` on a static host."""
    path = unquote(urlsplit(url).path)
    if path.endswith("/"):
        path += "index.html"
    relative = PurePosixPath(path.lstrip("/"))
    if not relative.parts or ".." in relative.parts:
        raise FreezeError(f"{url}: not a path inside the site")
    return str(relative)


def static_files(app: Flask) -> list[str]:
    """Return every file below the static folder (hidden files excepted), sorted."""
    root = Path(app.static_folder or "")
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts)
    )


def media_files(tour: Tour) -> list[str]:
    """Return the files below the tour's media/ folder that its texts show, sorted."""
    return sorted({
        name for stop in tour.stops for lang in tour.languages for name in stop.texts[lang].media
    })


#: endpoint -> the files it serves: (app, tour or None) -> names
FILES: dict[str, Callable[[Flask, Tour | None], list[str]]] = {
    "static": lambda app, tour: static_files(app),
    "tour.media": lambda app, tour: media_files(tour) if tour else [],
}


def _values(app: Flask, catalog: Catalog, rule: Rule) -> Iterator[dict[str, str]]:
    """Yield the argument values of every page ``rule`` has on this site."""
    args = set(rule.arguments)
    unknown = args - KNOWN_ARGUMENTS
    if "filename" in args and rule.endpoint not in FILES:
        unknown.add("filename")
    if unknown or ("stop_slug" in args and "tour_slug" not in args):
        raise FreezeError(
            f"{rule.rule} ({rule.endpoint}): freeze does not know the values of "
            f"{', '.join(sorted(unknown or {'stop_slug'}))}; add them to freeze.py"
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


def site_urls(app: Flask) -> list[str]:
    """Return every URL the app answers with a page or file, as the site links it.

    Call inside a request context. Redirecting endpoints (REPLACED) are left out.
    """
    catalog: Catalog = app.extensions["calais_tour.catalog"]
    urls: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint in REPLACED or "GET" not in (rule.methods or ()):
            continue
        if rule.endpoint.startswith("scans."):  # the office's live, private counts: not copied
            continue
        for values in _values(app, catalog, rule):
            urls.append(url_for(rule.endpoint, **values))  # type: ignore[arg-type]
    return urls


def _language_pages(app: Flask) -> dict[str, str]:
    """Render the pages that stand in for the app's redirects: {file: html}."""
    catalog: Catalog = app.extensions["calais_tour.catalog"]
    languages = tuple(app.config["LANGUAGES"])
    default = languages[0]
    stops = {stop.code.casefold(): (tour, stop) for tour in catalog.tours for stop in tour.stops}

    def page(path: str, **context: Any) -> str:
        with app.test_request_context(path), force_locale(default):
            return render_template("shortlink.html", lang=default, **context)

    def stop_urls(tour: Tour, stop: Stop) -> dict[str, str]:
        return {
            lang: url_for("tour.stop", lang=lang, tour_slug=tour.slug, stop_slug=stop.slug)
            for lang in tour.languages
        }

    with app.test_request_context():
        home = {lang: url_for("tour.tours", lang=lang) for lang in languages}
        targets = {key: stop_urls(tour, stop) for key, (tour, stop) in stops.items()}
        short = {key: url_for("tour.short_link", code=s.code) for key, (_, s) in stops.items()}
    pages = {
        "index.html": page("/", languages=languages, targets={"": home}, links=home, code=None,
                           from_query=False),
        # the "number on the sign" box: GET /s/?code=..., which a static host answers from here
        file_for("/s/"): page("/s/", languages=languages, targets=targets, links={}, code=None,
                              from_query=True),
    }
    for key, (tour, stop) in stops.items():
        pages[file_for(short[key] + "/")] = page(
            short[key], languages=tour.languages, targets={key: targets[key]},
            links=targets[key], titles={lang: stop.texts[lang].title for lang in tour.languages},
            code=stop.code, from_query=False,
        )
    return pages


def freeze(app: Flask, out_dir: Path) -> list[str]:
    """Write the whole site into ``out_dir`` (absent or empty); return the files written.

    :raise FreezeError: ``out_dir`` holds files, a URL does not answer 200, or two URLs
        need the same path as a file and as a folder.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        # never delete or mix with files that are there: a stale page would be served for years
        raise FreezeError(f"{out_dir} is not an empty folder: choose a new one or empty it")
    with app.test_request_context():
        urls = site_urls(app)
    files: dict[str, bytes] = {}
    client = app.test_client()
    for url in urls:
        with client.get(url) as response:  # the context closes static files
            if response.status_code != 200:
                raise FreezeError(f"{url} answered {response.status_code}, not 200")
            files[file_for(url)] = response.get_data()
    with client.get("/404.html") as response:  # the not-found page, as the app shows it
        if response.status_code != 404:
            raise FreezeError(f"/404.html answered {response.status_code}, not 404")
        files["404.html"] = response.get_data()
    for name, html in _language_pages(app).items():
        files[name] = html.encode("utf-8")
    folders = {str(parent) for name in files for parent in PurePosixPath(name).parents}
    if clash := sorted(folders & files.keys()):
        raise FreezeError(f"{clash[0]} would be both a file and a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    return list(files)


def total_size(out_dir: Path, files: list[str]) -> int:
    """Return the bytes ``files`` take in ``out_dir``."""
    return sum(os.path.getsize(out_dir / name) for name in files)
