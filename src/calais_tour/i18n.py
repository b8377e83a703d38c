"""Interface languages: locale selection, compiled catalogs, number and direction words."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.lists import format_list
from flask import Flask
from flask import current_app
from flask import g
from flask import request
from flask_babel import Babel
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from .config import LANGUAGE_BY_CODE
from .errors import StartupError

COMPASS = (
    _l("north"), _l("north-east"), _l("east"), _l("south-east"),
    _l("south"), _l("south-west"), _l("west"), _l("north-west"),
)

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def get_locale() -> str:
    """Use the language in the URL; elsewhere, the browser's preference."""
    languages = current_app.config["LANGUAGES"]
    lang = g.get("lang")
    if lang:
        return str(lang)
    return preferred_language(languages)


def preferred_language(languages: tuple[str, ...]) -> str:
    """Return the best of ``languages`` for the request's Accept-Language, else the first."""
    try:
        best = request.accept_languages.best_match(languages)
    except ValueError:  # a malformed header is no reason to fail
        best = None
    return best or languages[0]


def check_compiled(languages: tuple[str, ...]) -> None:
    """Refuse to start when a catalog is missing or older than its .po file."""
    for lang in languages:
        if lang == "en":
            continue
        po = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not po.is_file():
            raise StartupError(f"no translations for {lang!r}: {po} is missing")
        if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
            raise StartupError(
                f"{mo} is missing or older than its .po file: run "
                f"`pybabel compile -d {TRANSLATIONS_DIR}` (the README's commands do it)"
            )


def init_app(app: Flask) -> None:
    check_compiled(app.config["LANGUAGES"])
    Babel(app, locale_selector=get_locale)
    app.jinja_env.filters["distance"] = distance
    app.jinja_env.filters["compass"] = compass
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["languages_sentence"] = languages_sentence


def language_name(code: str) -> str:
    """A language's name in itself, for the language switcher ("Français")."""
    return LANGUAGE_BY_CODE[code].native


def languages_sentence(
    codes: Sequence[str] | None = None, lang: str | None = None,
    style: Literal["standard", "or"] = "standard",
) -> str:
    """Name languages as the page's language lists them, its own first: in French,
    "français, anglais, allemand et néerlandais" (``style="or"``: "... ou néerlandais")."""
    lang = lang or get_locale()
    locale = Locale.parse(lang)
    codes = codes or current_app.config["LANGUAGES"]
    ordered = sorted(codes, key=lambda code: code != lang)  # stable: the page's own first
    names = [locale.languages.get(code, LANGUAGE_BY_CODE[code].english) for code in ordered]
    return str(format_list(names, style=style, locale=locale))


def distance(metres: float) -> str:
    """Format a walking distance: "450 m" or "1.5 km" in the page's language."""
    # a no-break space keeps number and unit on one line
    if metres < 1000:
        return f"{int(round(metres, -1))}\u00a0m"
    return f"{format_decimal(round(metres / 1000, 1), format='#,##0.0')}\u00a0km"


def compass(bearing_deg: float) -> str:
    """Name the 8-point compass direction of a bearing, in the page's language."""
    return str(COMPASS[int((bearing_deg + 22.5) // 45) % 8])
