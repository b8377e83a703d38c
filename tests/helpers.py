"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from calais_tour import create_app
from calais_tour import site
from calais_tour.config import ROOT
from calais_tour.errors import ContentError
from calais_tour.model import Catalog

FIXTURE_TOURS = Path(__file__).parent / "tours"
#: the Nu HTML Checker, installed by `npm ci`
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(tours: Path, **settings: object) -> tuple[Catalog | None, list[ContentError]]:
    """Check ``tours`` as the app and `calais-tour check` do, with the app's URL map."""
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours), **settings}, load_tours=False)
    return site.check(app)


class Page(HTMLParser):
    """Collect what a test looks at: lang, h1, title, links and external references."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.h1: list[str] = []
        self.title = ""
        self.links: list[dict[str, str]] = []
        self.anchors: list[str] = []
        self.refs: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag in ("h1", "title"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")
        if tag == "link":
            self.links.append(a)
        if tag == "a":
            self.anchors.append(a.get("href", ""))
        for key in ("src", "srcset", "poster", "data"):
            if key in a:
                self.refs.append(a[key])
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload", "manifest"):
            self.refs.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.h1[-1] += data
        elif self._in == "title":
            self.title += data
