"""Shared fixtures: an app on the fixture tour, its client, and broken copies of tours."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from calais_tour import config
from calais_tour import create_app
from calais_tour.config import ROOT
from tests.helpers import FIXTURE_TOURS

SHIPPED_TOURS = ROOT / "tours"


@pytest.fixture(scope="session", autouse=True)
def _scan_counts_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Short links followed by tests are counted in a scratch folder, never in var/."""
    data_dir = str(tmp_path_factory.mktemp("var"))
    os.environ["CALAIS_TOUR_DATA_DIR"] = data_dir  # for the commands tests run
    config.SETTINGS = tuple(
        (name, data_dir if name == "DATA_DIR" else default, text)
        for name, default, text in config.SETTINGS
    )


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def shipped_app() -> Flask:
    """The app on the real tours/ folder, as a visitor gets it."""
    return create_app({"TESTING": True, "TOURS_DIR": str(SHIPPED_TOURS)})


@pytest.fixture
def shipped_client(shipped_app: Flask) -> FlaskClient:
    return shipped_app.test_client()


@pytest.fixture
def tour_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Copy the fixture tours to tmp_path/tours, apply edits, and chdir to tmp_path.

    Each edit is (file name, old text, new text); new text None deletes the file,
    and old text None writes new text as the whole file.
    """

    def make(*edits: tuple[str, str | None, str | None]) -> Path:
        tours = tmp_path / "tours"
        shutil.copytree(FIXTURE_TOURS, tours)
        folder = tours / "harbour-walk"
        for name, old, new in edits:
            path = folder / name
            if new is None:
                path.unlink()
            elif old is None:
                path.write_text(new, "utf-8")
            else:
                text = path.read_text("utf-8")
                assert old in text, f"fixture edit does not apply: {old!r} not in {name}"
                path.write_text(text.replace(old, new, 1), "utf-8")
        monkeypatch.chdir(tmp_path)
        return tours

    return make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: every test, browser tests included, must run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and exitstatus == 0:
        print(f"\n{skipped} test(s) skipped: in CI every test must run", file=sys.stderr)
        session.exitstatus = 1
