"""The guide sheet PDF matches the HTML sheet, and lists what to check on site."""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
from flask import Flask
from flask.testing import FlaskClient

from calais_tour import create_app
from calais_tour import guide_pdf

TOUR = "calais-1940-1944"


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text.replace("\r\n", "\n").replace("\xa0", " ")


def type_of(data: bytes, words: str) -> list[tuple[float, tuple[int, int, int]]]:
    """Return the font size and fill colour of each character of ``words`` in the PDF."""
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            start = text.find(words)
            if start < 0:
                continue
            found = []
            for index in range(start, start + len(words)):
                if text[index].isspace():
                    continue
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                pdfium.FPDFText_GetFillColor(textpage.raw, index, r, g, b, a)
                size = pdfium.FPDFText_GetFontSize(textpage.raw, index)
                found.append((size, (r.value, g.value, b.value)))
            return found
    finally:
        document.close()
    raise AssertionError(f"{words!r} is not in the PDF")


def test_guide_pdf_has_the_table_of_stops_map_and_directions(
    shipped_client: FlaskClient,
) -> None:
    response = shipped_client.get(f"/en/{TOUR}/guide.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    # the route map's scale bar and north arrow
    assert "\n500 m\nN\n" in text
    # the table: number, title, code, walk from the previous stop, running total
    assert "No. Stop Code Walk Total" in text
    assert "1 Calais Nord and the Watchtower 1 start 0 m, 0 min" in text
    assert "2 The Citadel: the Last Stand of 1940 2 420 m, 6 min 420 m, 6 min" in text
    assert "4 The Bunker from Outside 4 120 m, 2 min 1.6 km, 21 min" in text
    # walking directions for each leg, and to the start
    assert "Getting to the start\nFrom Calais-Ville station" in text
    assert "Walking directions from stop 1 (420 m, 6 min)\nFrom the Tour du Guet, walk west" in (
        text)
    assert text.count("Walking directions from stop") == 3
    assert "Opening hours and access" in text


def test_opening_hours_are_in_readable_type(shipped_client: FlaskClient) -> None:
    data = shipped_client.get(f"/en/{TOUR}/guide.pdf").data
    for size, colour in type_of(data, "Opening times change from year to year"):
        assert size >= 10
        assert colour == (0, 0, 0)


def test_route_map_keeps_close_stops_apart(shipped_app: Flask) -> None:
    tour = shipped_app.extensions["calais_tour.catalog"].tour(TOUR)
    with shipped_app.test_request_context("/en/"):
        route = guide_pdf.RouteMap(tour)
    true_gap = math.dist(route.points[2], route.points[3])
    assert true_gap < guide_pdf.MIN_APART  # stops 3 and 4 (about 100 m) would overlap
    for i, a in enumerate(route.labels):
        for b in route.labels[i + 1:]:
            assert math.dist(a, b) >= guide_pdf.MIN_APART - 0.1
        assert 0 <= a[0] <= route.width and 0 <= a[1] <= route.height


def test_guide_sheet_gathers_what_to_check_on_site(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(
        ("tour.toml", "radius_m = 40", "radius_m = 40\npin_uncertainty_m = 80"),
        ("fort.en.md", "+++\nThe story",
         'to_confirm = ["The gate is open on Sundays"]\n'
         '[[notices]]\ntext = "Fort closed for repairs"\nuntil = 2027-02-10\n'
         '[[notices]]\ntext = "Summer opening"\nuntil = 2027-09-30\n'
         "+++\nThe story"),
        ("fort.fr.md", "+++\nThe story", 'to_confirm = ["Le portail"]\n+++\nThe story'),
    )
    day = datetime(2027, 1, 20, 12, tzinfo=UTC)
    client = create_app({"TOURS_DIR": str(tours), "CLOCK": lambda: day}).test_client()
    text = pdf_text(client.get("/en/harbour-walk/guide.pdf").data)
    assert "Check on site" in text
    assert "2. The Fort: the pin (50.96368, 1.84760) may be up to 80 m off" in text
    assert "2. The Fort: Fort closed for repairs (ends 2027-02-10)" in text
    assert "Summer opening (ends" not in text  # not ending soon
    assert "2. The Fort: The gate is open on Sundays" in text
    html = client.get("/en/harbour-walk/guide/").text
    assert "<h2 id=\"guide-check\">Check on site</h2>" in html
    assert "<li>2. The Fort: The gate is open on Sundays</li>" in html


def test_to_confirm_must_list_text(tour_copy: Callable[..., Path]) -> None:
    from tests.helpers import check

    tours = tour_copy(("fort.en.md", "+++\nThe story", "to_confirm = \"gate\"\n+++\nThe story"))
    _, problems = check(tours)
    assert [str(p) for p in problems] == [
        'tours/harbour-walk/fort.en.md:7: "to_confirm" must list facts still to check on site, '
        'e.g. ["Opening hours"]'
    ]
