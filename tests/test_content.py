"""The shipped tour: complete in every language, within length, and true to the fact-check."""

from __future__ import annotations

import re

import pytest

from calais_tour.config import ROOT
from calais_tour.loader import check_tours
from calais_tour.model import Tour

LANGUAGES = ("en", "fr", "de", "nl")
STOPS = [("calais-nord", "1"), ("citadel", "2"), ("memorial-museum", "3"), ("bunker", "4")]


@pytest.fixture(scope="module")
def tour() -> Tour:
    catalog, problems = check_tours(ROOT / "tours", LANGUAGES)
    assert [str(p) for p in problems] == []
    assert catalog is not None
    found = catalog.tour("calais-1940-1944")
    assert found is not None
    return found


def test_stops_are_in_the_agreed_order_with_their_codes(tour: Tour) -> None:
    assert [(s.slug, s.code) for s in tour.stops] == STOPS
    assert tour.languages == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_story_is_250_to_450_words(tour: Tour, lang: str) -> None:
    for stop in tour.stops:
        assert 250 <= stop.texts[lang].story_words <= 450, (stop.slug, stop.texts[lang].story_words)


def test_every_stop_cites_its_sources(tour: Tour) -> None:
    for stop in tour.stops:
        assert len(stop.sources) >= 2, stop.slug
        assert all(s.url.startswith(("https://", "http://")) for s in stop.sources)


def _all_text(tour: Tour, lang: str) -> str:
    parts = [tour.texts[lang].intro_html, tour.texts[lang].closing_html]
    for stop in tour.stops:
        t = stop.texts[lang]
        parts += [t.title, t.teaser, *t.look_for, t.practical_html, t.directions_html, t.story_html]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sources_errors_are_corrected(tour: Tour, lang: str) -> None:
    text = _all_text(tour, lang)
    assert "Kurt" not in text  # the 1944 commander was Ludwig Schroeder
    assert re.search(r"Ludwig Schr(oe|ö)der", text)
    assert "800," not in text and "May 800" not in text
    assert not re.search(r"\b12[- ](hour|heures|Stunden|uur)", text)  # the truce was ~22-24 h
    assert "Bodart" not in text  # unverified in the fact-check
    assert "94" in text  # the museum is the 94 m bunker


@pytest.mark.parametrize("lang", LANGUAGES)
def test_museum_closing_and_hours_are_given(tour: Tour, lang: str) -> None:
    museum = tour.stop("memorial-museum")
    assert museum is not None
    practical = museum.texts[lang].practical_html
    assert "10:00" in practical or "10 h" in practical or "10.00" in practical
    assert "+33 3 21 34 21 57" in practical


def test_the_walk_is_about_one_and_a_half_kilometres(tour: Tour) -> None:
    assert 1300 <= tour.distance_m <= 1800
    assert all(leg.distance_m <= 2000 for leg in tour.legs)
