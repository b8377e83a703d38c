"""calais_tour: a walking tour of Second World War Calais, as an offline-capable web app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .errors import StartupError

__all__ = ["StartupError", "create_app"]


def create_app(test_config: dict[str, Any] | None = None, *, load_tours: bool = True) -> Flask:
    """Create the app: settings, translations, pages, then the tours (validated).

    ``load_tours=False`` gives an app with its settings and URL map but no tours, for
    commands that read the tours themselves (``calais-tour check``).

    :raise StartupError: a setting is wrong, or the tours have errors.
    """
    from . import config
    from . import exports
    from . import guide
    from . import headers
    from . import i18n
    from . import opening
    from . import preview
    from . import pwa
    from . import scans
    from . import signs
    from . import site
    from . import snapshot
    from . import survey
    from . import tiles
    from . import views

    app = Flask(
        __name__,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    config.configure(app, test_config)
    site.init_app(app)
    i18n.init_app(app)
    headers.init_app(app)
    for module in (views, pwa, exports, signs, guide, scans, survey, opening):
        app.register_blueprint(module.bp)
    tiles.init_app(app)  # street tiles, only when MAP_TILES names an archive
    if not load_tours:
        return app
    if app.config["PREVIEW"]:
        # a guide's preview never refuses, and keeps nothing: problems are shown on pages
        preview.init_app(app)
    else:
        site.load(app)
        snapshot.init_app(app)
    return app
