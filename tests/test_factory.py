"""The app factory: settings, and refusing to start on broken content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from calais_tour import StartupError
from calais_tour import create_app
from calais_tour.config import ROOT
from calais_tour.config import SETTINGS


def test_defaults_serve_the_shipped_tours() -> None:
    app = create_app({"TESTING": True})
    assert app.config["TOURS_DIR"] == str(ROOT / "tours")
    assert app.config["LANGUAGES"] == ("en", "fr", "de", "nl")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALAIS_TOUR_BASE_URL", "https://tour.example.org/")
    app = create_app()
    assert app.config["BASE_URL"] == "https://tour.example.org"


def test_app_refuses_to_start_on_broken_content(
    tour_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    tours = tour_copy(("fort.fr.md", "", None))
    with pytest.raises(StartupError, match=r"1 problem\(s\) in .*calais-tour check"):
        create_app({"TOURS_DIR": str(tours)})
    assert capsys.readouterr().err == (
        'tours/harbour-walk/tour.toml:13: stop "fort": no text in "fr" (expected fort.fr.md)\n'
    )


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, _, _ in SETTINGS:
        assert f"CALAIS_TOUR_{name}" in readme, name
