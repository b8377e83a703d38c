"""The guide sheet: what a guide prints to lead a group."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image

from calais_tour import create_app

TOUR = "calais-1940-1944"


def pdf_text_and_images(data: bytes) -> tuple[str, list[Image.Image]]:
    document = pypdfium2.PdfDocument(data)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
        images = [page.render(scale=300 / 72).to_pil() for page in document]
    finally:
        document.close()
    return text, images


def test_guide_sheet_lists_stops_with_legs_running_totals_and_talking_points(
    shipped_client: FlaskClient,
) -> None:
    response = shipped_client.get(f"/en/{TOUR}/guide/")
    assert response.status_code == 200
    html = response.text
    rows = re.findall(r'<td class="num">(\w+)</td>', html)
    assert rows == ["1", "2", "3", "4"]
    assert "50.95894, 1.84950" in html  # coordinates of stop 1
    assert "420\xa0m<br>6&nbsp;min" in html  # the leg to stop 2
    assert "1.6\xa0km<br>21&nbsp;min" in html  # the running total at stop 4
    assert html.count("<h3>Talking points</h3>") == 4
    assert "Ludwig Schroeder" in html
    assert "Opening hours and access" in html and "+33 3 21 34 21 57" in html
    assert html.count("<svg") == 2  # the route diagram and the QR code to the tour


def test_guide_sheet_qr_code_opens_the_tour(shipped_client: FlaskClient) -> None:
    response = shipped_client.get(f"/fr/{TOUR}/guide.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text, pages = pdf_text_and_images(response.data)
    assert "Fiche du guide" in text
    found = [r.text for r in zxingcpp.read_barcodes(pages[0].convert("L"))]
    assert found == [f"http://127.0.0.1:8000/fr/{TOUR}/"]
    for title in ("Calais-Nord", "Citadelle", "Musée Mémoire", "bunker"):
        assert title in text


def test_current_notices_appear_on_the_guide_sheet_and_signs(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.en.md", "+++\nThe story",
                       '[[notices]]\ntext = "Fort closed for repairs"\nfrom = 2020-01-01\n'
                       "+++\nThe story"))
    client = create_app({"TOURS_DIR": str(tours)}).test_client()
    assert '<p class="notice" role="note">Fort closed for repairs</p>' in client.get(
        "/en/harbour-walk/guide/"
    ).text
    text, _ = pdf_text_and_images(client.get("/en/harbour-walk/guide.pdf").data)
    assert "Fort closed for repairs" in text
    # and on the fort's sign, in the HTML sheet and the PDF
    assert "Fort closed for repairs" in client.get("/en/harbour-walk/signs/").text
    text, _ = pdf_text_and_images(client.get("/en/harbour-walk/signs.pdf").data)
    assert "Fort closed for repairs" in text
