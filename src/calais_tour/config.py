"""Settings: defaults first, then ``CALAIS_TOUR_*`` environment variables or test config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

#: the repository root: tours/, templates/ and static/ live here (the brief asks for it)
ROOT = Path(__file__).resolve().parents[2]

#: (name, default, help): every setting, in one table (tested to be in the README)
SETTINGS: tuple[tuple[str, Any, str], ...] = (
    ("LANGUAGES", ("en", "fr", "de", "nl"), "Languages of the interface, first is the default."),
    ("TOURS_DIR", str(ROOT / "tours"), "Folder holding one sub-folder per tour."),
    (
        "BASE_URL",
        "http://127.0.0.1:8000",
        "Public address of the site, used in printed codes and canonical links.",
    ),
    ("PREVIEW", False, "Live preview for guides: reload tours/ on change, show problems on pages."),
    ("TIMEZONE", "Europe/Paris", "The tours' town: dated notices change at its midnight."),
    (
        "HSTS_SECONDS",
        0,
        "Strict-Transport-Security max-age; set it (e.g. 31536000) once served over HTTPS.",
    ),
    ("DATA_DIR", str(ROOT / "var"), "Folder of the scan counts (scans.sqlite), made on first use."),
    (
        "OFFICE_PASSWORD_HASH",
        "",
        "Hash of the office password for /office/scans (`calais-tour scans hash-password`).",
    ),
)


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load defaults, then the environment (or ``test_config`` in tests)."""
    app.config.from_mapping({name: default for name, default, _ in SETTINGS})
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    if test_config is None:
        # CALAIS_TOUR_BASE_URL=https://tour.example.org, values parsed as JSON when they are JSON
        app.config.from_prefixed_env("CALAIS_TOUR")
    else:
        app.config.update(test_config)
    app.config["BASE_URL"] = str(app.config["BASE_URL"]).rstrip("/")
    app.config["LANGUAGES"] = tuple(app.config["LANGUAGES"])
