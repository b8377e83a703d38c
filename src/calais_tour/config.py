"""Settings: defaults first, then ``CALAIS_TOUR_*`` environment variables or test config.

Two tables live here and everything else is derived from them: ``SETTINGS`` (every setting,
tested to be in the README) and ``LANGUAGE_TABLE`` (every language the interface can speak).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from .errors import StartupError

#: the repository root: tours/, templates/ and static/ live here (the brief asks for it)
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Language:
    """A language the interface speaks: its code and its name, in itself and in English."""

    code: str
    native: str
    english: str


#: every language with an interface catalog; ``LANGUAGES`` chooses among them (README:
#: "Add a language")
LANGUAGE_TABLE: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("fr", "Français", "French"),
    Language("de", "Deutsch", "German"),
    Language("nl", "Nederlands", "Dutch"),
)
LANGUAGE_BY_CODE = {language.code: language for language in LANGUAGE_TABLE}

#: the site's colours, for the manifest, the theme-color meta tag, icons and printed matter
THEME_COLOR = "#1d3b53"
BACKGROUND_COLOR = "#fbf8f2"

#: (name, default, help): every setting, in one table (tested to be in the README)
SETTINGS: tuple[tuple[str, Any, str], ...] = (
    (
        "LANGUAGES",
        tuple(language.code for language in LANGUAGE_TABLE),
        "Languages of the interface, first is the default.",
    ),
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
    ("MAP_TILES", "", "A .pmtiles archive of street vector tiles drawn under the route map."),
)


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def base_url(value: str) -> str:
    """Return BASE_URL as an origin (``https://host[:port]``), or say what to set.

    :raise StartupError: not an absolute http(s) origin of a public name (or this computer).
    """
    hint = "set CALAIS_TOUR_BASE_URL to the site's public address, e.g. https://tour.example.org"
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        raise StartupError(f"BASE_URL {value!r} is not a valid address: {hint}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise StartupError(f"BASE_URL {value!r} is not an absolute http(s) address: {hint}")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise StartupError(
            f"BASE_URL {value!r} has a path, query or user: serving the site under a sub-path "
            f"is not supported; {hint}"
        )
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and not address.is_loopback:
        raise StartupError(
            f"BASE_URL {value!r} is a numeric address: printed codes must outlive a server's "
            f"address; {hint}"
        )
    if "." not in host and host != "localhost" and address is None:
        raise StartupError(f"BASE_URL {value!r} is not a public host name: {hint}")
    return f"{parts.scheme}://{parts.netloc}"


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load defaults, then the environment (or ``test_config`` in tests).

    :raise StartupError: a setting has a value the app cannot use.
    """
    app.config.from_mapping({name: default for name, default, _ in SETTINGS})
    if test_config is None:
        # CALAIS_TOUR_BASE_URL=https://tour.example.org, values parsed as JSON when they are JSON
        app.config.from_prefixed_env("CALAIS_TOUR")
    else:
        app.config.update(test_config)
    app.config["BASE_URL"] = base_url(str(app.config["BASE_URL"]))
    # answer only the public host and this computer: no cache key, link or log is made
    # from a Host header anyone can send
    app.config["TRUSTED_HOSTS"] = sorted(
        {urlsplit(app.config["BASE_URL"]).hostname or "", *LOOPBACK_HOSTS}
    )
    languages = app.config["LANGUAGES"]
    if isinstance(languages, str) or not languages:
        raise StartupError(
            f"CALAIS_TOUR_LANGUAGES is {languages!r}: set it to a JSON list of language codes, "
            f'e.g. ["en", "fr"] (known: {", ".join(LANGUAGE_BY_CODE)})'
        )
    unknown = [code for code in languages if code not in LANGUAGE_BY_CODE]
    if unknown:
        raise StartupError(
            f"CALAIS_TOUR_LANGUAGES names {', '.join(map(repr, unknown))}, which the interface "
            f"does not speak (known: {', '.join(LANGUAGE_BY_CODE)}): the README's "
            '"Add a language" says how to add one'
        )
    app.config["LANGUAGES"] = tuple(languages)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["LANGUAGES"][0]
