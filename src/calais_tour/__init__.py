"""calais_tour: a walking tour of Second World War Calais, as an offline-capable web app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from flask import Flask


class StartupError(Exception):
    """The app cannot start; the message says why and what to do."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: settings, tours (validated), translations and pages."""
    from . import cache
    from . import config
    from . import exports
    from . import guide
    from . import headers
    from . import i18n
    from . import preview
    from . import pwa
    from . import signs
    from . import survey
    from . import views

    app = Flask(
        __name__,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    config.configure(app, test_config)
    tours_dir = Path(app.config["TOURS_DIR"])
    if app.config["PREVIEW"]:
        # a guide's preview never refuses: problems are shown on the pages instead
        preview.load(app)
        preview.init_app(app)
    else:
        _load_or_refuse(app, tours_dir)
    i18n.init_app(app)
    headers.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(pwa.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(signs.bp)
    app.register_blueprint(guide.bp)
    app.register_blueprint(survey.bp)
    if not app.config["PREVIEW"]:
        app.wsgi_app = cache.PageCache(app)  # type: ignore[method-assign]
    return app


def _load_or_refuse(app: Flask, tours_dir: Path) -> None:
    """Load the tours; on bad content print every problem and refuse to start."""
    from .loader import load_catalog

    try:
        app.extensions["calais_tour.catalog"] = load_catalog(tours_dir, app.config["LANGUAGES"])
    except ExceptionGroup as group:
        # a broken tour never reaches a phone: say every problem, then refuse to start
        for problem in group.exceptions:
            print(problem, file=sys.stderr)
        raise StartupError(
            f"{len(group.exceptions)} problem(s) in {tours_dir}: fix them "
            "(`calais-tour check` lists them) and start again"
        ) from None
