"""Interface strings: every language is complete, and pages speak it."""

from __future__ import annotations

from io import BytesIO

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from calais_tour.i18n import TRANSLATIONS_DIR

TRANSLATED = ("fr", "de", "nl")


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
