"""`calais-tour check`: what a guide sees in the terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from calais_tour.cli import main


def test_check_passes_on_a_clean_tour(tour_copy: Callable[..., Path]) -> None:
    tour_copy()
    result = CliRunner().invoke(main, ["check", "tours"])
    assert result.exit_code == 0
    assert result.output == "OK: 1 tour(s), 3 stops, languages en, fr in tours\n"


def test_check_prints_every_problem_and_exits_1(tour_copy: Callable[..., Path]) -> None:
    tour_copy(
        ("tour.toml", "lat = 50.96368", "lat = 120.5"),
        ("fort.fr.md", "", None),
    )
    result = CliRunner().invoke(main, ["check", "tours"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        'tours/harbour-walk/tour.toml:15: stop "fort": lat 120.5 is outside -90..90 '
        "(did you swap lat and lon?)",
        'tours/harbour-walk/tour.toml:13: stop "fort": no text in "fr" (expected fort.fr.md)',
        "Error: 2 error(s), 0 warning(s) in tours",
    ]


def test_check_reports_warnings_but_passes(tour_copy: Callable[..., Path]) -> None:
    tour_copy(("tour.toml", "lat = 50.96600\nlon = 1.83900", "lat = 50.99600\nlon = 1.83900"))
    result = CliRunner().invoke(main, ["check", "tours"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        'tours/harbour-walk/tour.toml:22: warning: stop "beach": the walk from "fort" is about '
        "4.7 km, over 2 km: check the coordinates, or add a stop between",
        "OK: 1 tour(s), 3 stops, languages en, fr, 1 warning(s) in tours",
    ]


def test_check_defaults_to_the_shipped_tours() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 tour(s), 4 stops, languages de, en, fr, nl")
