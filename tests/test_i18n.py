"""Interface strings: every language is complete, and pages speak it."""

from __future__ import annotations

import html
from io import BytesIO

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from calais_tour import StartupError
from calais_tour import create_app
from calais_tour.config import LANGUAGE_TABLE
from calais_tour.config import ROOT
from calais_tour.config import Language
from calais_tour.i18n import TRANSLATIONS_DIR

TRANSLATED = tuple(language.code for language in LANGUAGE_TABLE[1:])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_interface_string_is_translated(lang: str) -> None:
    template = read_po(BytesIO((TRANSLATIONS_DIR / "messages.pot").read_bytes()))
    path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
    catalog = read_po(BytesIO(path.read_bytes()), locale=lang)
    expected = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    found = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert not catalog.fuzzy, "a fuzzy catalog is not compiled"
    assert found == expected, "run pybabel update (see README)"
    untranslated = [
        m.id for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert untranslated == []
    errors = [(m.id, err) for m, err in catalog.check()]
    assert errors == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Stop 2 of 4", "Getting here", "Look for", "Practical information"]),
        ("fr", ["Étape 2 sur 4", "Comment s’y rendre"]),
        ("de", ["Station 2 von 4"]),
        ("nl", ["Halte 2 van 4"]),
    ],
)
def test_stop_page_interface_is_in_the_page_language(
    shipped_client: FlaskClient, lang: str, words: list[str]
) -> None:
    html = shipped_client.get(f"/{lang}/calais-1940-1944/citadel/").text
    for word in words:
        assert word in html


@pytest.mark.parametrize("language", LANGUAGE_TABLE, ids=lambda language: language.code)
def test_every_configured_language_has_a_catalog_a_name_and_tour_text(
    language: Language, shipped_app: Flask
) -> None:
    assert language.code in shipped_app.config["LANGUAGES"]
    assert language.native and language.english
    if language.code != shipped_app.config["LANGUAGES"][0]:
        assert (TRANSLATIONS_DIR / language.code / "LC_MESSAGES" / "messages.po").is_file()
    for tour in shipped_app.extensions["calais_tour.catalog"].tours:
        assert language.code in tour.languages
        assert all(language.code in stop.texts for stop in tour.stops)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "in English, French, German, and Dutch."),
    ("fr", "en français, anglais, allemand et néerlandais."),
    ("de", "auf Deutsch, Englisch, Französisch und Niederländisch."),
    ("nl", "in het Nederlands, Engels, Frans en Duits."),
])
def test_the_languages_are_named_from_the_table_in_each_language(
    shipped_client: FlaskClient, lang: str, sentence: str
) -> None:
    page = shipped_client.get(f"/{lang}/").text
    assert f"Calais, {sentence}" in html.unescape(page)
    assert all(f">{language.native}</a>" in page for language in LANGUAGE_TABLE)


def test_an_unknown_language_setting_is_refused_with_what_to_do() -> None:
    with pytest.raises(StartupError, match=r"'xx', which the interface does not speak.*"
                                           r"Add a language"):
        create_app({"LANGUAGES": ["en", "xx"]})


def test_the_readme_says_how_to_add_a_language() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "## Add a language" in readme
    assert "LANGUAGE_TABLE" in readme
