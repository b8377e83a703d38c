"""The shipped tour: complete in every language, within length, and true to the fact-check.

Every check runs on all the text a visitor or a guide sees (titles, teasers, things to look
for, talking points, practical notes, directions, stories, the introduction and the closing),
in every language, so a correction made in one language cannot be forgotten in another.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

from calais_tour.config import ROOT
from calais_tour.model import Stop
from calais_tour.model import Tour
from tests.helpers import check

LANGUAGES = ("en", "fr", "de", "nl")
STOPS = [("calais-nord", "1"), ("citadel", "2"), ("memorial-museum", "3"), ("bunker", "4")]

# The museum and bunker pins are estimates (about +-100 m) until surveyed, so their arrival
# zones were widened to 100 m and now overlap: the one warning accepted (see tour.toml).
ACCEPTED_WARNING = 'stop "bunker": its arrival zone (100 m) overlaps that of "memorial-museum"'


@pytest.fixture(scope="module")
def tour() -> Tour:
    catalog, problems = check(ROOT / "tours")
    assert [str(p) for p in problems if not p.is_warning] == []
    assert [str(p) for p in problems if p.is_warning and ACCEPTED_WARNING not in str(p)] == []
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


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u00a0", " ")


def _stop_text(stop: Stop, lang: str) -> str:
    t = stop.texts[lang]
    parts = [t.title, t.teaser, *t.look_for, *t.talking_points, t.practical_html,
             t.directions_html, t.story_html]
    return _plain("\n".join(parts))


def _all_text(tour: Tour, lang: str) -> str:
    texts = tour.texts[lang]
    parts = [texts.title, texts.description, texts.intro_html, texts.closing_html]
    return _plain("\n".join(parts)) + "\n" + "\n".join(_stop_text(s, lang) for s in tour.stops)


def _stop(tour: Tour, slug: str) -> Stop:
    found = tour.stop(slug)
    assert found is not None
    return found


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


# The errors of the two source texts, in figures and spelled out, in each language.
SOURCE_ERRORS = {
    "en": [r"\btwelve[- ]hours?\b", r"\beight hundred\b", r"\bMay 800\b", r"\b21 May\b"],
    "fr": [r"\bdouze heures\b", r"\bhuit cents?\b", r"\b800 soldats\b", r"\b21 mai\b"],
    "de": [r"\bzwölf Stunden\b", r"\bachthundert\b", r"\b800 Soldaten\b", r"\b21\. Mai\b"],
    "nl": [r"\btwaalf uur\b", r"\bachthonderd\b", r"\b800 soldaten\b", r"\b21 mei\b"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sources_errors_are_corrected(tour: Tour, lang: str) -> None:
    text = _all_text(tour, lang)
    assert "Kurt" not in text  # the 1944 commander was Ludwig Schroeder
    assert re.search(r"Ludwig Schr(oe|ö)der", text)
    assert "800," not in text and "May 800" not in text
    assert not re.search(r"\b12[- ](hours?|heures|Stunden|uur)\b", text)  # the truce was ~22-24 h
    for pattern in SOURCE_ERRORS[lang]:
        assert not re.search(pattern, text, re.IGNORECASE), pattern
    # 800 only ever as the low end of "800 to 1,000 French and Belgian soldiers"
    for match in re.finditer(r"\b800\b", text):
        assert re.match(r"800 ?(–|-|to|and|à|et|bis|und|tot|en) ?1[ .,]?000", text[match.start():]), text[
            match.start() - 60 : match.end() + 60]
    assert "Bodart" not in text  # unverified in the fact-check
    assert "94" in text  # the museum is the 94 m bunker


@pytest.mark.parametrize("lang", LANGUAGES)
def test_museum_closing_and_hours_are_given(tour: Tour, lang: str) -> None:
    practical = _stop(tour, "memorial-museum").texts[lang].practical_html
    assert "10:00" in practical or "10 h" in practical or "10.00" in practical
    assert "+33 3 21 34 21 57" in practical
    assert "2025" in practical  # the hours say when they were published


CANADIAN_ROOM = r"(Canadian room|salle canadienne|kanadische[nrs]? Saal|Canadese zaal)"
FRESCOES = r"(fresco|fresque|Fresken)"
CORRIDOR = r"(corridor|couloir|Gang\b|gang\b)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_frescoes_line_the_corridor_not_the_canadian_room(tour: Tour, lang: str) -> None:
    text = _stop_text(_stop(tour, "memorial-museum"), lang)
    assert not re.search(CANADIAN_ROOM + r"[^.]{0,25}" + FRESCOES, text), "frescoes in the room"
    avelart = [s for s in _sentences(text) if "Avelart" in s]
    assert avelart
    assert all(re.search(CORRIDOR, s) for s in avelart), avelart
    assert re.search(CANADIAN_ROOM, text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_mengin_room_is_not_called_new_in_2025(tour: Tour, lang: str) -> None:
    for sentence in _sentences(_all_text(tour, lang)):
        if "Mengin" in sentence:
            assert "2025" not in sentence, sentence


MISDIRECTED_SHELL = {
    "en": "misdirected Canadian shell", "fr": "obus canadien mal dirigé",
    "de": "fehlgeleitete kanadische Granate", "nl": "verkeerd gerichte Canadese granaat",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mengin_was_fatally_wounded_by_a_misdirected_canadian_shell(tour: Tour, lang: str) -> None:
    museum = _stop(tour, "memorial-museum")
    assert MISDIRECTED_SHELL[lang] in _plain(museum.texts[lang].story_html)
    assert MISDIRECTED_SHELL[lang].split()[0] in " ".join(museum.texts[lang].talking_points)


OTHER_ACTS = {
    "en": "other acts of resistance", "fr": "autres actes de résistance",
    "de": "anderer Widerstandsaktionen", "nl": "andere verzetsdaden",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_five_shot_at_the_citadel(tour: Tour, lang: str) -> None:
    citadel = _stop(tour, "citadel")
    text = _stop_text(citadel, lang)
    assert "Le Gall" not in _all_text(tour, lang)  # Maitron and Liberation Route: "Le Gal"
    assert "Roland Le Gal" in text
    # not all five took part in the Brampton sabotage: say so in the story and the guide's notes
    assert "Maitron" in _plain(citadel.texts[lang].story_html)
    assert OTHER_ACTS[lang] in _plain(citadel.texts[lang].story_html)
    brampton = [p for p in citadel.texts[lang].talking_points if "Brampton" in p]
    assert brampton and all(OTHER_ACTS[lang].split()[-1] in p for p in brampton), brampton
    assert not re.search(r"(five|cinq|fünf|vijf) (young )?(résistants|jeunes résistants|junge "
                         r"Widerstandskämpfer|jonge verzetsstrijders) (sabotaged|sabotent|"
                         r"sabotierten|saboteerden)", text)
    assert any("maitron.fr" in s.url for s in citadel.sources)


FOUR_YEARS_OF_RAIDS = r"(raid|four years|quatre années|Luftangriff|vier Jahren|luchtaanval|vier jaar)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_destruction_figures_are_whole_war_totals(tour: Tour, lang: str) -> None:
    text = _all_text(tour, lang)
    figures = [s for s in _sentences(text) if re.search(r"\b(73|80) ?(per|%|Prozent|procent)", s)]
    assert len(figures) >= 2  # story and talking point
    for sentence in figures:
        assert "1940" in sentence, sentence  # counted from the siege of May 1940
        assert not re.search(FOUR_YEARS_OF_RAIDS, sentence, re.IGNORECASE), sentence
        assert not re.search(r"73 (and|et|und|en) 80", sentence), sentence  # two different areas


SEARCHLIGHTS = {"en": "searchlight", "fr": "projecteurs", "de": "Scheinwerfer", "nl": "zoeklicht"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_1940_order_of_battle(tour: Tour, lang: str) -> None:
    citadel = _stop(tour, "citadel")
    story = _plain(citadel.texts[lang].story_html)
    for unit in ("King’s Royal Rifle Corps", "Rifle Brigade", "Queen Victoria’s Rifles",
                 "Royal Tank Regiment", SEARCHLIGHTS[lang]):
        assert unit in story, unit
    assert SEARCHLIGHTS[lang] in " ".join(citadel.texts[lang].talking_points)


COLONIAL = {"en": "colonial wars", "fr": "guerres coloniales", "de": "Kolonialkriegen",
            "nl": "koloniale oorlogen"}
WALLS = {"en": "1.5 to 2 metres", "fr": "1,5 à 2 mètres", "de": "1,5 bis 2 Meter",
         "nl": "1,5 tot 2 meter"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_bunker_walls_and_the_1904_monument(tour: Tour, lang: str) -> None:
    text = _stop_text(_stop(tour, "bunker"), lang)
    for wrong in ("war memorial", "monument aux morts", "Kriegerdenkmal", "oorlogsmonument",
                  "untouched", "intacts", "unversehrt", "ongeschonden"):
        assert wrong not in text, wrong
    assert COLONIAL[lang] in text
    assert not re.search(r"(more than|over|plus de|mehr als|über|meer dan|ruim) (2|two|deux|zwei|"
                         r"twee) (metres|mètres|Meter|meter)", text)
    assert WALLS[lang] in _plain(_stop(tour, "bunker").texts[lang].story_html)


ALL_YEAR = r"(all year|toute l’année|das ganze Jahr|het hele jaar)"
FEBRUARY = {"en": "February", "fr": "février", "de": "Februar", "nl": "februari"}
STORMS = {"en": "storms", "fr": "tempête", "de": "Sturm", "nl": "storm"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_introduction_agrees_with_the_hours_and_the_park(tour: Tour, lang: str) -> None:
    intro = _plain(tour.texts[lang].intro_html)
    bunker = _stop(tour, "bunker").texts[lang].practical_html
    assert not re.search(ALL_YEAR, intro + bunker)
    assert FEBRUARY[lang] in intro  # the season, as in the museum's hours
    assert STORMS[lang] in intro and STORMS[lang] in bunker


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prose_distances_match_the_computed_route(tour: Tour, lang: str) -> None:
    km = f"{tour.distance_m / 1000:.1f}"
    km = km if lang == "en" else km.replace(".", ",")
    assert f"{km} km" in _plain(tour.texts[lang].intro_html)
    assert f"{km} km" in tour.texts[lang].description
    assert f"{tour.minutes} " in _plain(tour.texts[lang].intro_html)
    first_leg = tour.legs[0]
    assert first_leg.end.slug == "citadel"
    directions = _plain(first_leg.end.texts[lang].directions_html)
    assert f"{round(first_leg.distance_m, -1)} " in directions


RANKS_AND_TERMS: dict[str, tuple[list[str], list[str]]] = {
    # (must not appear, must appear)
    "en": (["Stuka-Sturzkampfbomber"], ["British Expeditionary Force"]),
    "fr": ([r"(?<!général de brigade \()\b[Bb]rigadier\b"], [r"général de brigade \(Brigadier\) "
                                                          r"Claude Nicholson"]),
    "de": (["Capitaine de frégate", "Stuka-Sturzkampfbomber", r"\bCommandant\b"],
           ["Fregattenkapitän", "Major Raymond Le Tellier", "Major Mengin", r"Expeditionskorps"]),
    "nl": (["laatste verzet", "betalend", r"\b[Cc]ommandant\b"],
           ["laatste bolwerk", "majoor Raymond Le Tellier", "majoor Mengin", "expeditieleger"]),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ranks_and_terms(tour: Tour, lang: str) -> None:
    text = _all_text(tour, lang)
    forbidden, required = RANKS_AND_TERMS[lang]
    for pattern in forbidden:
        assert not re.search(pattern, text), pattern
    for pattern in required:
        assert re.search(pattern, text), pattern
    assert "BEF" not in text or re.search(r"British Expeditionary Force|Expeditionskorps|"
                                          r"corps expéditionnaire|expeditieleger", text)


def test_the_sources_are_named_for_what_they_are(tour: Tour) -> None:
    sources = [s for stop in tour.stops for s in stop.sources]
    assert not any("wikisum" in s.url for s in sources)  # an AI-summary site
    citadel = _stop(tour, "citadel").sources
    assert all("blog" in s.title for s in citadel if "mavilledecalais.fr" in s.url)
    museum_urls = [s.url for s in _stop(tour, "memorial-museum").sources]
    assert "https://en.wikipedia.org/wiki/Operation_Undergo" in museum_urls
    assert any("/pois/2465/" in url for url in museum_urls)  # Liberation Route: Mengin
    assert any("les-80-ans-de-la-liberation-de-calais" in url for url in museum_urls)


def test_estimated_pins_have_arrival_zones_that_fire(tour: Tour) -> None:
    # Both pins are estimates good to about 100 m (see tour.toml): a smaller zone may never fire.
    for slug in ("memorial-museum", "bunker"):
        assert _stop(tour, slug).radius_m >= 100, slug


def test_the_walk_is_about_one_and_a_half_kilometres(tour: Tour) -> None:
    assert 1300 <= tour.distance_m <= 1800
    assert all(leg.distance_m <= 2000 for leg in tour.legs)


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Ma ville de Calais (a private blog): the citadel"),
    ("fr", "Ma ville de Calais (blog privé) : la citadelle"),
    ("de", "Ma ville de Calais (privater Blog): die Zitadelle"),
    ("nl", "Ma ville de Calais (privéblog): de citadel"),
])
def test_sources_are_titled_in_the_page_language(
    shipped_client: FlaskClient, lang: str, title: str
) -> None:
    page = shipped_client.get(f"/{lang}/calais-1940-1944/citadel/")
    assert f'rel="noopener noreferrer">{html.escape(title, quote=False)}</a>' in page.text


def test_estimated_pins_carry_their_uncertainty(tour: Tour) -> None:
    uncertain = {s.slug: s.pin_uncertainty_m for s in tour.stops}
    assert uncertain == {"calais-nord": 10, "citadel": 30, "memorial-museum": 100, "bunker": 100}
    # until the pins are surveyed, every arrival zone is at least as wide as the doubt
    assert all(s.radius_m >= (s.pin_uncertainty_m or 0) for s in tour.stops)
