"""The installable offline app: manifest, service worker, offline page (blueprint "pwa").

Everything the service worker may store is listed here, derived from the loaded tours with
``url_for``: the shell (CSS, JS, icons, manifest, an offline page per language), and for each
tour and language its overview and stop pages. Each entry carries a revision, a hash of the
bytes the server sends, and the list is inlined into ``/sw.js``: any change to a page, a
string or a file changes sw.js, which is what makes browsers install the update.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import g
from flask import render_template
from flask import url_for
from flask_babel import gettext as _

from . import snapshot
from . import tiles
from .config import BACKGROUND_COLOR
from .config import THEME_COLOR
from .i18n import languages_sentence
from .site import catalog
from .site import urls

bp = Blueprint("pwa", __name__)

#: (file below static/, sizes, purpose): the manifest's icons
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/maskable-512.png", "512x512", "maskable"),
)
#: static files every page uses, stored when the service worker installs
SHELL_STATIC = (
    "css/site.css",
    "css/guide.css",
    "js/offline.js",
    "js/walkloader.js",
    "js/walk.js",  # loaded with geofence.js when a walk starts or resumes
    "js/geofence.js",
    "js/arrow.js",  # loaded when a walk starts, so a walk works offline
    "js/compass.js",
    "css/arrow.css",
    "js/maploader.js",  # the live route map, loaded when a map is wanted
    "js/map.js",
    "js/mapmath.js",
    "css/map.css",
    "js/listenloader.js",
    "js/listen.js",  # loaded by listenloader.js on the first tap on Listen, or in a walk
    "js/hours.js",  # the opening-hours status, computed on the day a saved page is opened
    "js/code.js",  # the number on the sign, offline
    "icons/icon.svg",
    "icons/apple-touch-icon.png",
    *(path for path, _, _ in ICONS),
)


@dataclass(frozen=True)
class Entry:
    """A URL the service worker stores, with a revision of its bytes and their size."""

    url: str
    revision: str
    size: int


@dataclass(frozen=True)
class Plan:
    """What the service worker stores: the shell, and each tour in each language."""

    version: str
    shell: tuple[Entry, ...]
    tours: dict[str, dict[str, tuple[Entry, ...]]]

    def tour_bytes(self, slug: str, lang: str) -> int:
        return sum(e.size for e in self.tours[slug][lang])


def _entry(url: str) -> Entry:
    """Fetch ``url`` from this app, as a browser would, and describe what came back."""
    # a request made inside another shares its app context, so its g, where flask-babel
    # caches the locale: without a fresh context /sw.js hashed every page in English.
    # The with closes static files.
    with current_app.app_context(), current_app.test_client().get(url) as response:
        if response.status_code != 200:
            raise RuntimeError(
                f"{url} answered {response.status_code}: it cannot be stored offline"
            )
        body = response.get_data()
    return Entry(url, hashlib.sha256(body).hexdigest()[:12], len(body))


def tour_urls(slug: str, lang: str) -> list[str]:
    """Return what a visitor saves for one tour in one language: its pages in walking
    order, the images its stories show, then the guide sheet (HTML and PDF)."""
    tour = catalog().tour(slug)
    assert tour is not None
    media = dict.fromkeys(name for s in tour.stops for name in s.texts[lang].media)
    return [
        urls.tour(tour, lang),
        *(urls.stop(tour, s, lang) for s in tour.stops),
        *(urls.media(tour, name) for name in media),
        # the guide sheet, so that a guide can open it without signal
        url_for("guide.sheet", tour_slug=slug, lang=lang),
        url_for("guide.sheet_pdf", tour_slug=slug, lang=lang),
        # the street tiles around the route at walking zooms, when the site has them
        *(url_for("tiles.tile", filename=name) for name in tiles.tour_tiles(tour)),
    ]


def shell_urls() -> list[str]:
    """Return what every saved tour needs besides its pages."""
    return [
        *(urls.static(path) for path in SHELL_STATIC),
        *(urls.static(path) for path in tiles.CODE if tiles.archive()),  # street drawing
        url_for("pwa.manifest"),
        *(urls.offline(lang) for lang in current_app.config["LANGUAGES"]),
    ]


def plan() -> Plan:
    """Return the offline plan of the current snapshot: the revisions are hashes of the very
    bytes the snapshot serves, so they change with the content and with the day."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return snapshot.derived(app, "plan", _plan)


def _plan() -> Plan:
    shell = tuple(_entry(u) for u in shell_urls())
    tours = {
        tour.slug: {lang: tuple(_entry(u) for u in tour_urls(tour.slug, lang))
                    for lang in tour.languages}
        for tour in catalog().tours
    }
    revisions = [e.revision for e in shell] + [
        e.revision for langs in tours.values() for entries in langs.values() for e in entries
    ]
    version = hashlib.sha256(" ".join(revisions).encode()).hexdigest()[:12]
    return Plan(version, shell, tours)


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    """Describe the app for "Add to Home Screen"."""
    default = current_app.config["LANGUAGES"][0]
    data = {
        "id": "/",
        "name": "Calais 1940–1944",
        "short_name": "Calais 39-45",
        "description": "A walking tour of the Second World War sites of Calais, in "
        f"{languages_sentence(lang=default)}.",
        "lang": default,
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["travel", "education"],
        "icons": [
            {"src": urls.static(path), "sizes": sizes, "type": "image/png",
             "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/manifest+json"
    )


def known_code_js() -> str:
    """The forgiving code matcher of static/js/code.js, for the service worker to use offline
    (a classic worker script cannot import an ES module): one source for both."""
    text = (Path(current_app.static_folder or "") / "js" / "code.js").read_text("utf-8")
    return text[text.index("// BEGIN knownCode"):text.index("// END knownCode") + 16]


@bp.get("/sw.js")
def service_worker() -> Response:
    """Serve the service worker with its storage plan inlined; browsers check it for updates
    (on every visit, so it is rendered once per snapshot)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    response = Response(snapshot.derived(app, "sw.js", _service_worker_js),
                        mimetype="text/javascript")
    # browsers must always ask for a fresh copy: that is how an update is found
    response.headers["Cache-Control"] = "no-cache"
    return response


def _service_worker_js() -> str:
    p = plan()
    tours = {}
    codes = {}
    for tour in catalog().tours:
        tours[tour.slug] = {
            lang: {
                "title": tour.texts[lang].title,
                "entries": [e.__dict__ for e in p.tours[tour.slug][lang]],
            }
            for lang in tour.languages
        }
        for stop in tour.stops:
            codes[stop.code.casefold()] = {
                lang: urls.stop(tour, stop, lang) for lang in tour.languages
            } | {"tour": tour.slug}
    return render_template(
        "sw.js",
        known_code=known_code_js(),
        version=p.version,
        shell=[e.__dict__ for e in p.shell],
        tours=tours,
        codes=codes,
        offline={lang: urls.offline(lang) for lang in current_app.config["LANGUAGES"]},
        languages=current_app.config["LANGUAGES"],
    )


@bp.get("/<lang:lang>/offline/")
def offline() -> str:
    """The page shown offline for a page that was not saved; it lists what was."""
    return render_template("offline.html", title=_("You are offline"), lang=g.lang)
