"""The whole site as static files, for any static host or CDN (``calais-tour freeze OUT``).

Every URL comes from ``site.site_urls``: each GET rule of the URL map is built once for every
value of its arguments, taken from the loaded tours (languages, tour and stop slugs, stop
codes) and from the files under ``static/``. A rule with an argument whose values are not
known stops the freeze with a message, so a new kind of page is never silently left out.
Each URL is fetched with the app's test client, exactly as a browser asks, so the files hold
the bytes the server sends (the service worker's revisions match them). ``/a/b/`` is written as
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

import os
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote
from urllib.parse import urlsplit

from flask import Flask
from flask import render_template
from flask_babel import force_locale

from . import site
from .model import Stop
from .model import Tour
from .site import urls

#: endpoints answered by a redirect in the app, written here as pages that pick the language
REPLACED = {"tour.index", "tour.short_link", "tour.short_link_form"}


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


def _not_frozen(endpoint: str) -> bool:
    """Redirects become pages (REPLACED); the office's live, private counts are not copied."""
    return endpoint in REPLACED or endpoint.startswith("scans.")


def site_urls(app: Flask) -> list[str]:
    """Return every URL the app answers with a page or file, as the site links it.

    Call inside a request context. Redirecting endpoints (REPLACED) are left out.
    """
    try:
        return site.site_urls(app, site.catalog(), skip=_not_frozen)
    except site.UnknownArgument as error:
        raise FreezeError(f"{error}: freeze cannot list its pages") from None


def _language_pages(app: Flask) -> dict[str, str]:
    """Render the pages that stand in for the app's redirects: {file: html}."""
    catalog = site.catalog()
    languages = tuple(app.config["LANGUAGES"])
    default = languages[0]
    stops = {stop.code.casefold(): (tour, stop) for tour in catalog.tours for stop in tour.stops}

    def page(path: str, **context: Any) -> str:
        with app.test_request_context(path), force_locale(default):
            return render_template("shortlink.html", lang=default, **context)

    def stop_urls(tour: Tour, stop: Stop) -> dict[str, str]:
        return {lang: urls.stop(tour, stop, lang) for lang in tour.languages}

    home = {lang: urls.tours(lang) for lang in languages}
    targets = {key: stop_urls(tour, stop) for key, (tour, stop) in stops.items()}
    short = {key: urls.short(s.code) for key, (_, s) in stops.items()}
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
        pages = site_urls(app)
        replaced = _language_pages(app)
    files: dict[str, bytes] = {}
    client = app.test_client()
    for url in pages:
        with client.get(url) as response:  # the context closes static files
            if response.status_code != 200:
                raise FreezeError(f"{url} answered {response.status_code}, not 200")
            files[file_for(url)] = response.get_data()
    with client.get("/404.html") as response:  # the not-found page, as the app shows it
        if response.status_code != 404:
            raise FreezeError(f"/404.html answered {response.status_code}, not 404")
        files["404.html"] = response.get_data()
    for name, html in replaced.items():
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
