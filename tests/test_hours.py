"""Opening hours as data: read and checked from tour.toml, shown as a status line (the day's,
without JavaScript), a timetable, the API and JSON-LD; and the stop-number box, forgiving."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask

from calais_tour import create_app
from calais_tour.config import ROOT
from tests.helpers import check

TOML = "tours/harbour-walk/tour.toml"
MUSEUM = "/en/calais-1940-1944/memorial-museum/"

HOURS = '''radius_m = 40

[stops.hours]
checked = 2025
phone = "+33 3 21 00 00 00"

[[stops.hours.seasons]]
from = "05-01"
until = "09-30"
open = "10:00"
close = "18:00"

[[stops.hours.seasons]]
from = "09-15"
until = "10-31"
days = ["sat", "sun"]
open = "11:00"
close = "17:00"
'''


def problems_in(tours: Path) -> list[str]:
    return [str(p) for p in check(tours)[1]]


def line_of(tours: Path, text: str, after: str = "") -> int:
    lines = (tours / "harbour-walk" / "tour.toml").read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if text in lines[n]) + 1


def test_overlapping_seasons_are_reported_at_the_second(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("tour.toml", "radius_m = 40\n", HOURS))
    line = line_of(tours, 'from = "09-15"')
    assert problems_in(tours) == [
        f'{TOML}:{line}: stop "fort": hours, season 2: overlaps season 1 (both open on '
        "15 September, a Sunday): say which times hold by splitting the dates"
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('close = "18:00"', 'close = "09:00"', 'close = "09:00"',
         "hours, season 1: it closes (09:00) before it opens (10:00)"),
        ('open = "10:00"', 'open = "25:00"', 'open = "25:00"',
         "hours, season 1: \"open\" must be a time like \"10:00\" (24-hour clock), not '25:00'"),
        ('until = "09-30"', 'until = "02-30"', 'until = "02-30"',
         "hours, season 1: \"until\" must be \"MM-DD\" (every year, e.g. \"05-01\") or a date "
         "like 2026-05-01, not '02-30'"),
        ('close = "18:00"', 'close = "18:00"\nlast_admission = "19:00"', "last_admission",
         "hours, season 1: last admission 19:00 is outside the opening times 10:00–18:00"),
        ('days = ["sat", "sun"]', 'days = ["saturday"]', 'days = ["saturday"]',
         'hours, season 2: "days" must list days of the week from mon, tue, wed, thu, fri, '
         'sat, sun, e.g. ["mon"]'),
        ("checked = 2025", "checked = 2025\nphon = 1", "phon = 1",
         'hours: unknown field "phon" (did you mean "phone"?)'),
    ],
)
def test_impossible_hours_are_errors_with_their_line(
    tour_copy: Callable[..., Path], old: str, new: str, key: str, message: str
) -> None:
    fixed = HOURS.replace('from = "09-15"', 'from = "10-01"')
    tours = tour_copy(("tour.toml", "radius_m = 40\n", fixed.replace(old, new, 1)))
    assert problems_in(tours) == [f'{TOML}:{line_of(tours, key)}: stop "fort": {message}']


def test_seasons_that_ended_long_ago_are_warned_about(tour_copy: Callable[..., Path]) -> None:
    dated = HOURS.replace('"09-15"', "2024-10-01").replace('"10-31"', "2024-10-31")
    tours = tour_copy(("tour.toml", "radius_m = 40\n", dated.replace("2025", "2023")))
    catalog, problems = check(tours)
    assert catalog is not None  # warnings only: the tour is served
    assert [str(p) for p in problems] == [
        f'{TOML}:{line_of(tours, "checked")}: warning: stop "fort": hours: these hours were '
        "checked in 2023: check them again and update checked",
        f'{TOML}:{line_of(tours, "until = 2024")}: warning: stop "fort": hours, season 2: '
        'this season ended on 2024-10-31: remove it, or write the dates as "MM-DD" if they '
        "hold every year",
    ]


def test_prose_distances_far_from_the_computed_leg_are_warned_about(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_copy(
        ("fort.fr.md", 'directions = "', 'directions = "Marchez 900 mètres, environ 12 minutes. '),
        ("fort.en.md", 'directions = "', 'directions = "Walk about 430 metres (6 minutes). '),
    )
    _, problems = check(tours)
    found = [str(p) for p in problems if "the text says" in str(p)]
    assert found == [
        "tours/harbour-walk/fort.fr.md:6: warning: the text says 900 m (distance), but the walk "
        'from "lighthouse" is 490 m by the coordinates (more than 25% off): correct the text, '
        "or check the pins",
        "tours/harbour-walk/fort.fr.md:6: warning: the text says 12 min (walking time), but the "
        'walk from "lighthouse" is 7 min by the coordinates (more than 25% off): correct the '
        "text, or check the pins",
    ]


def test_the_shipped_tour_has_no_prose_distance_warning() -> None:
    _, problems = check(ROOT / "tours")
    assert [str(p) for p in problems if "the text says" in str(p)] == []


def at(day: str) -> Flask:
    moment = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"), "CLOCK": lambda: moment})


def status_line(html: str) -> str:
    match = re.search(r'<p class="hours-status"[^>]*>(.*?)</p>', html)
    assert match, "no status line"
    return re.sub(r"<[^>]+>", "", match.group(1))


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        ("2026-12-02T10:00:00", "en", "Closed today: reopens on 1 February (on 2 December)"),
        ("2026-12-02T10:00:00", "fr",
         "Fermé aujourd’hui : rouvre le 1 février (le 2 décembre)"),
        ("2026-12-02T10:00:00", "de",
         "Heute geschlossen: öffnet wieder am 1. Februar (Stand 2. Dezember)"),
        ("2026-12-02T10:00:00", "nl", "Vandaag gesloten: weer open op 1 februari (op 2 december)"),
        ("2026-07-15T16:30:00", "en",
         "Open today 10:00–18:00, last admission 17:15 (on 15 July)"),
        ("2027-03-02T09:00:00", "en", "Closed today: reopens on 3 March (on 2 March)"),
    ],
)
def test_without_javascript_the_stop_shows_the_days_status_with_its_date(
    day: str, lang: str, expected: str
) -> None:
    html = at(day).test_client().get(MUSEUM.replace("/en/", f"/{lang}/")).get_data(as_text=True)
    assert status_line(html) == expected
    # at the top: after the title, before the teaser and the story
    assert html.index("<h1>") < html.index('class="hours-status"') < html.index('class="lead"')
    assert html.index('class="lead"') < html.index('class="prose story"') < html.index(
        'id="getting-here"')


def test_tour_page_shows_the_status_beside_the_museum_only() -> None:
    html = at("2026-12-02T10:00:00").test_client().get(
        "/en/calais-1940-1944/").get_data(as_text=True)
    assert html.count('class="hours-status"') == 1
    stops = html[html.index('<ol class="stops">'):]
    assert stops.index("Musée Mémoire") < stops.index("Closed today: reopens on 1 February")
    assert stops.index("Closed today") < stops.index("The Bunker from Outside")


def test_phone_is_a_tel_link_and_the_guide_sheet_has_the_timetable() -> None:
    client = at("2026-12-02T10:00:00").test_client()
    stop = client.get(MUSEUM).get_data(as_text=True)
    assert '<a href="tel:+33321342157">Call +33 3 21 34 21 57</a>' in stop
    sheet = client.get("/en/calais-1940-1944/guide/").get_data(as_text=True)
    start = sheet.index("<caption>Opening hours")
    table = sheet[start:sheet.index("</table>", start)]
    assert re.sub(r"<[^>]+>", " ", table).split() == (
        "Opening hours (published or checked in 2025) "
        "1 February – 30 April closed on Tuesday 11:00–17:00 (not confirmed for 2025) "
        "1 May – 30 September every day 10:00–18:00 · last admission 17:15 "
        "1 October – 15 November closed on Tuesday 11:00–17:00 (not confirmed for 2025)"
    ).split()
    assert "calaisxxl.com" in sheet and "www.calais.com" in sheet


def test_api_and_json_ld_carry_the_opening_hours() -> None:
    client = at("2026-12-02T10:00:00").test_client()
    stops = client.get("/api/v1/tours/calais-1940-1944.json").get_json()["stops"]
    museum = stops[2]["opening_hours"]
    assert museum["checked"] == 2025 and museum["phone"] == "+33 3 21 34 21 57"
    summer = museum["openingHoursSpecification"][1]
    assert summer["opens"] == "10:00" and summer["closes"] == "18:00"
    assert len(summer["dayOfWeek"]) == 7 and summer["validThrough"].endswith("-09-30")
    assert "opening_hours" not in stops[3]  # the bunker's outside, in a public park
    html = client.get("/en/calais-1940-1944/").get_data(as_text=True)
    import json
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    items = json.loads(block.group(1))["itinerary"]["itemListElement"]
    spec = items[2]["item"]["openingHoursSpecification"]
    assert spec[0]["dayOfWeek"][0] == "https://schema.org/Monday"
    assert "https://schema.org/Tuesday" not in spec[0]["dayOfWeek"]


@pytest.mark.parametrize("typed", [" 2 ", "Stop 2", "#2", "étape 2", "２", "٢", "Station 02"])
def test_the_number_box_forgives(typed: str) -> None:
    response = at("2026-12-02T10:00:00").test_client().get("/s/", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == "/s/2"


def test_an_unknown_number_repeats_it_and_lists_the_stops() -> None:
    client = at("2026-12-02T10:00:00").test_client()
    response = client.get("/s/", query_string={"code": "Stop <9>"},
                          headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Vous avez saisi « Stop &lt;9&gt; », et aucune étape ne porte ce numéro." in html
    assert re.findall(r'<li><a class="button secondary" href="(/fr/[^"]+)">Étape (\d)', html) == [
        ("/fr/calais-1940-1944/calais-nord/", "1"), ("/fr/calais-1940-1944/citadel/", "2"),
        ("/fr/calais-1940-1944/memorial-museum/", "3"), ("/fr/calais-1940-1944/bunker/", "4"),
    ]
    assert 'pattern="' not in html and "novalidate" in html


def test_the_service_worker_folds_codes_as_code_js_does() -> None:
    def block(text: str) -> str:
        return text[text.index("// BEGIN knownCode"):text.index("// END knownCode")]

    worker = at("2026-12-02T10:00:00").test_client().get("/sw.js").get_data(as_text=True)
    assert block(worker) == block((ROOT / "static" / "js" / "code.js").read_text())
