"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from calais_tour import create_app
from calais_tour import site
from calais_tour.errors import ContentError
from calais_tour.model import Catalog

FIXTURE_TOURS = Path(__file__).parent / "tours"


def check(tours: Path, **settings: object) -> tuple[Catalog | None, list[ContentError]]:
    """Check ``tours`` as the app and `calais-tour check` do, with the app's URL map."""
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours), **settings}, load_tours=False)
    return site.check(app)
