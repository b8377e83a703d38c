"""Live preview for guides: pick up edits to tours/ without a restart (``PREVIEW``).

Before each request the tours folder is compared with what was loaded (file names, sizes,
modification times). On a change it is read again, keeping what can be built: a finished
tour, language or stop is shown even while another has problems, with a banner that lists
this page's problems and links the full list (``/_problems/``). Only a page that cannot be
built shows its own problems instead. Static files are always served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import render_template
from flask import request

from . import site
from .errors import ContentError
from .model import Catalog

PROBLEMS = "calais_tour.problems"

bp = Blueprint("preview", __name__)


def signature(tours_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Describe the folder cheaply enough to compare on every request."""
    if not tours_dir.is_dir():
        return ()
    return tuple(sorted(
        (str(p.relative_to(tours_dir)), p.stat().st_mtime_ns, p.stat().st_size)
        for p in tours_dir.rglob("*") if p.is_file()
    ))


def load(app: Flask) -> None:
    """Read the tours into the app: the part that can be built, and every error."""
    tours_dir = Path(app.config["TOURS_DIR"])
    app.extensions["calais_tour.signature"] = signature(tours_dir)
    catalog, problems = site.check(app, tours_dir, partial=True)
    app.extensions[PROBLEMS] = [p for p in problems if not p.is_warning]
    app.extensions[site.CATALOG] = catalog or Catalog(())


def page_problems(
    problems: list[ContentError], tours_dir: Path, args: dict[str, Any]
) -> list[ContentError]:
    """The problems of the files a page is built from: its tour's tour.toml and, in the
    page's language, the tour's introduction and the stop's text (every stop's text on the
    tour's own pages). A page of no tour (the list of tours) has every problem."""
    tour_slug = args.get("tour_slug")
    if not isinstance(tour_slug, str):
        return list(problems)
    folder = (tours_dir / tour_slug).resolve()
    lang, stop_slug = args.get("lang"), args.get("stop_slug")

    def belongs(path: Path) -> bool:
        path = path.resolve()
        if path.parent != folder:
            return path.is_relative_to(folder)  # media/ and other files of this tour
        parts = path.name.split(".")
        if path.name == "tour.toml" or len(parts) != 3:
            return True
        if lang is not None and parts[1] != lang:
            return False
        return stop_slug is None or parts[0] in (stop_slug, "index")

    return [p for p in problems if belongs(p.path)]


def _can_build(args: dict[str, Any], lang: str | None) -> bool:
    """Tell whether the page's tour (in its language) and stop are in the catalog."""
    tour_slug = args.get("tour_slug")
    if not isinstance(tour_slug, str):
        return True
    tour = site.catalog().tour(tour_slug)
    if tour is None or (lang is not None and lang not in tour.languages):
        return False
    stop_slug = args.get("stop_slug")
    return not isinstance(stop_slug, str) or tour.stop(stop_slug) is not None


def _refresh() -> str | tuple[str, int] | None:
    app = current_app
    tours_dir = Path(app.config["TOURS_DIR"])
    if signature(tours_dir) != app.extensions.get("calais_tour.signature"):
        load(app._get_current_object())  # type: ignore[attr-defined]
    problems: list[ContentError] = app.extensions[PROBLEMS]
    if not problems or request.endpoint in ("static", "preview.problems"):
        return None
    args = dict(request.view_args or {})
    mine = page_problems(problems, tours_dir, args)
    lang = args.get("lang") if isinstance(args.get("lang"), str) else None
    if mine and not _can_build(args, lang):
        if "stop_slug" in args:  # a stop is shown once it can be built in every language
            mine = page_problems(problems, tours_dir, {**args, "lang": None})
        # only a page that cannot be built shows its problems instead of itself
        return render_template("problems.html", problems=mine, all_count=len(problems),
                               lang=lang or "en", preview_problem_count=0), 500
    return None


@bp.get("/_problems/")
def problems() -> str:
    """Every problem of the tours, as `calais-tour check` lists them (preview only)."""
    found: list[ContentError] = current_app.extensions[PROBLEMS]
    return render_template("problems.html", problems=found, all_count=len(found), lang="en",
                           preview_problem_count=0)


def _banner() -> dict[str, Any]:
    """This page's problems, for the banner base.html shows in the preview."""
    found: list[ContentError] = current_app.extensions.get(PROBLEMS, [])
    if not found or request.endpoint == "preview.problems":
        return {}
    mine = page_problems(found, Path(current_app.config["TOURS_DIR"]),
                         dict(request.view_args or {}))
    return {"preview_problems": mine, "preview_problem_count": len(found)}


def init_app(app: Flask) -> None:
    """Load the tours (never refusing) and check for edits before each request."""
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    app.jinja_env.auto_reload = True  # the environment may exist already: tell it too
    app.register_blueprint(bp)
    app.context_processor(_banner)
    load(app)
    app.before_request(_refresh)
