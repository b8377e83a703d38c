"""Live preview for guides: pick up edits to tours/ without a restart (``PREVIEW``).

Before each request the tours folder is compared with what was loaded (file names, sizes,
modification times). On a change it is read again: good content replaces the old, and bad
content makes every page show its ``path:line: message`` problems instead of crashing.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask import current_app
from flask import render_template

from . import site
from .errors import ContentError
from .model import Catalog


def signature(tours_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Describe the folder cheaply enough to compare on every request."""
    if not tours_dir.is_dir():
        return ()
    return tuple(sorted(
        (str(p.relative_to(tours_dir)), p.stat().st_mtime_ns, p.stat().st_size)
        for p in tours_dir.rglob("*") if p.is_file()
    ))


def load(app: Flask) -> None:
    """Read the tours into the app, keeping the last good catalog when they are broken."""
    tours_dir = Path(app.config["TOURS_DIR"])
    app.extensions["calais_tour.signature"] = signature(tours_dir)
    catalog, problems = site.check(app, tours_dir)
    app.extensions["calais_tour.problems"] = [p for p in problems if not p.is_warning]
    if catalog is not None:
        app.extensions[site.CATALOG] = catalog
    app.extensions.setdefault(site.CATALOG, Catalog(()))


def _refresh() -> str | tuple[str, int] | None:
    app = current_app
    tours_dir = Path(app.config["TOURS_DIR"])
    if signature(tours_dir) != app.extensions.get("calais_tour.signature"):
        load(app._get_current_object())  # type: ignore[attr-defined]
    problems: list[ContentError] = app.extensions["calais_tour.problems"]
    if problems:
        return render_template("problems.html", problems=problems, lang="en"), 500
    return None


def init_app(app: Flask) -> None:
    """Load the tours (never refusing) and check for edits before each request."""
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    app.jinja_env.auto_reload = True  # the environment may exist already: tell it too
    load(app)
    app.before_request(_refresh)
