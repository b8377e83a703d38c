"""`calais-tour check`: what a guide sees in the terminal."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from calais_tour import create_app
from calais_tour.cli import main
from tests.helpers import FIXTURE_TOURS


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
        "harbour-walk: stops ready per language: en 3/3, fr 2/3",
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
    assert result.output.splitlines()[-1].startswith(
        "OK: 1 tour(s), 4 stops, languages de, en, fr, nl"
    )


def test_new_tour_fails_check_until_filled_then_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE_TOURS, tmp_path / "tours")
    result = CliRunner().invoke(main, ["new-tour", "old-port", "--tours-dir", "tours"])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(main, ["check", "tours"])
    assert check.exit_code == 1
    assert "tours/old-port/stop-1.en.md:2: placeholder to fill in: " in check.output
    assert "old-port: stops ready per language: en 0/2, fr 0/2, de 0/2, nl 0/2" in check.output
    # the guide fills in every placeholder
    for path in (tmp_path / "tours" / "old-port").iterdir():
        text = path.read_text("utf-8")
        text = text.replace("lat = 0.0  # FILL IN: latitude of stop 1", "lat = 50.9600")
        text = text.replace("lon = 0.0  # FILL IN: longitude of stop 1", "lon = 1.8500")
        text = text.replace("lat = 0.0  # FILL IN: latitude of stop 2", "lat = 50.9610")
        text = text.replace("lon = 0.0  # FILL IN: longitude of stop 2", "lon = 1.8520")
        text = re.sub(r"FILL IN: ", "", text).replace("example.org/fill-in", "example.org/a")
        path.write_text(text, "utf-8")
    check = CliRunner().invoke(main, ["check", "tours"])
    assert check.exit_code == 0, check.output
    assert check.output.startswith("OK: 2 tour(s), 5 stops")
    client = create_app({"TOURS_DIR": str(tmp_path / "tours")}).test_client()
    page = client.get("/fr/old-port/stop-2/")
    assert page.status_code == 200
    assert "<h1>the name of stop 2</h1>" in page.text
    assert client.get("/s/1").headers["Location"] == "/en/old-port/stop-1/"  # free codes


def test_new_tour_refuses_a_bad_or_taken_name(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_TOURS, tmp_path / "tours")
    taken = CliRunner().invoke(main, ["new-tour", "harbour-walk", "--tours-dir", str(tmp_path / "tours")])
    assert taken.exit_code == 1 and "already exists" in taken.output
    bad = CliRunner().invoke(main, ["new-tour", "Old Port", "--tours-dir", str(tmp_path / "tours")])
    assert bad.exit_code == 1 and '"Old Port" is not a slug' in bad.output


def test_check_reads_the_same_languages_as_the_app(
    tour_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    tours = tour_copy()
    monkeypatch.setenv("CALAIS_TOUR_LANGUAGES", '["en"]')
    monkeypatch.setenv("CALAIS_TOUR_TOURS_DIR", str(tours))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert ('tours/harbour-walk/tour.toml:2: language "fr" is not supported (supported: en)'
            in result.output.splitlines())


@pytest.mark.parametrize("args", [
    ["signs", "--out", "out", "--allow-local"],
    ["freeze", "site", "--allow-local"],
    ["serve"],
    ["scans"],
])
def test_commands_turn_broken_content_into_a_message(
    tour_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    tours = tour_copy(("fort.fr.md", "", None))
    monkeypatch.setenv("CALAIS_TOUR_TOURS_DIR", str(tours))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert result.output.splitlines()[-1].startswith("Error: 1 problem(s) in ")


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("BASE_URL", "javascript:alert(1)", "is not an absolute http(s) address"),
    ("BASE_URL", "tour.example.org", "is not an absolute http(s) address"),
    ("BASE_URL", "https://example.org/tour/", "serving the site under a sub-path is not supported"),
    ("BASE_URL", "https://192.168.1.20", "is a numeric address"),
    ("BASE_URL", "https://10.0.0.1:8000", "is a numeric address"),
    ("BASE_URL", "https://intranet", "is not a public host name"),
    ("LANGUAGES", '["en", "xx"]', "which the interface does not speak"),
])
def test_bad_settings_stop_every_command_with_what_to_set(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str, message: str
) -> None:
    monkeypatch.setenv(f"CALAIS_TOUR_{setting}", value)
    for args in (["check"], ["freeze", "site"], ["signs", "--out", "out"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, args
        assert message in result.output and "Traceback" not in result.output
