"""Printed signs as a tourist office prints them: embedded font, text sized for the reading
distance (measured on the PDF's glyphs), dark text, all languages, the publisher's band."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from calais_tour import create_app
from calais_tour.config import ROOT

BASE_URL = "https://tour.example.org"
TOUR = "calais-1940-1944"
PT_MM = 25.4 / 72


@pytest.fixture(scope="module")
def public() -> FlaskClient:
    app = create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"), "BASE_URL": BASE_URL})
    return app.test_client()


def fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


@pytest.mark.parametrize("url", [f"/en/{TOUR}/signs.pdf", f"/fr/{TOUR}/signs.pdf?size=a5",
                                 f"/en/{TOUR}/guide.pdf"])
def test_every_pdf_font_is_embedded(public: FlaskClient, url: str, tmp_path: Path) -> None:
    assert shutil.which("pdffonts"), "install poppler-utils (scripts/test does)"
    rows = fonts(public.get(url).data, tmp_path)
    assert rows, "a PDF with text names its fonts"
    for row in rows:
        assert row[0].endswith(("DejaVuSans", "DejaVuSans-Bold")), row
        assert row[-5] == "yes", f"{row[0]} is not embedded"


def line_glyphs(page: pypdfium2.PdfPage) -> list[tuple[str, float, tuple[float, float, float]]]:
    """Every character with its tight glyph height in mm and its fill colour (0-1)."""
    text = page.get_textpage()
    found = []
    for i in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text, i))
        left, bottom, right, top = text.get_charbox(i)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        pdfium_c.FPDFText_GetFillColor(text, i, r, g, b, a)
        found.append((char, (top - bottom) / 72 * 25.4,
                      (r.value / 255, g.value / 255, b.value / 255)))
    return found


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize(("distance", "cap_mm"), [("1.5", 5.0), ("2.5", 8.3)])
def test_number_title_and_call_to_action_have_capitals_of_a_300th_of_the_distance(
    public: FlaskClient, distance: str, cap_mm: float
) -> None:
    pdf = pypdfium2.PdfDocument(public.get(f"/en/{TOUR}/signs.pdf?distance={distance}").data)
    try:
        page = pdf[1]
        text = " ".join(page.get_textpage().get_text_range().split())
        glyphs = line_glyphs(page)
        heights = {c: h for c, h, _ in glyphs}
    finally:
        pdf.close()
    # "2" is the stop number; "T" and "C" open the title ("The Citadel"); "S" the call to
    # action ("Scan for the story"): capitals, measured as drawn (the tallest of each)
    tallest: dict[str, float] = {}
    for char, height, _ in glyphs:
        tallest[char] = max(tallest.get(char, 0), height)
    assert "The Citadel: the Last Stand of 1940" in text
    assert "Scan for the story, in English · Français · Deutsch · Nederlands" in text
    assert heights
    for char in "2TCS":
        assert tallest[char] >= cap_mm * 0.99, (char, tallest[char])


def test_all_text_is_dark_on_white(public: FlaskClient) -> None:
    pdf = pypdfium2.PdfDocument(public.get(f"/en/{TOUR}/signs.pdf").data)
    try:
        colours = {colour for page in pdf for _, _, colour in line_glyphs(page)}
    finally:
        pdf.close()
    # white digits in the dark disc: measured against the disc's colour
    disc = luminance((0x1D / 255, 0x3B / 255, 0x53 / 255))
    for colour in colours:
        ratio = ((1.05 / (luminance(colour) + 0.05)) if colour != (1.0, 1.0, 1.0)
                 else (1.05 / (disc + 0.05)))
        assert ratio >= 7, (colour, ratio)


def tour_with_publisher(tmp_path: Path, publisher: str, logo: bool = True) -> Path:
    tours = tmp_path / "tours"
    shutil.copytree(ROOT / "tours" / TOUR, tours / TOUR)
    if logo:
        (tours / TOUR / "media").mkdir(exist_ok=True)
        Image.new("RGB", (300, 100), (200, 30, 30)).save(tours / TOUR / "media" / "office.png")
    toml = tours / TOUR / "tour.toml"
    text = toml.read_text(encoding="utf-8").replace(
        'languages = ["en", "fr", "de", "nl"]\n',
        f'languages = ["en", "fr", "de", "nl"]\n\n[publisher]\n{publisher}\n', 1)
    toml.write_text(text, encoding="utf-8")
    return tours


def test_publisher_name_and_logo_in_the_band(tmp_path: Path) -> None:
    tours = tour_with_publisher(
        tmp_path, 'name = "Office de tourisme de Calais"\nlogo = "media/office.png"')
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours), "BASE_URL": BASE_URL})
    client = app.test_client()
    html = client.get(f"/en/{TOUR}/signs/").text
    assert html.count("Office de tourisme de Calais") == 4
    assert f'src="/media/{TOUR}/office.png"' in html
    assert client.get(f"/media/{TOUR}/office.png").status_code == 200  # the sheet shows it
    pdf = pypdfium2.PdfDocument(client.get(f"/en/{TOUR}/signs.pdf").data)
    try:
        page = pdf[0]
        assert "Office de tourisme de Calais" in page.get_textpage().get_text_range()
        image = page.render(scale=100 / 72).to_pil().convert("RGB")
        # the logo's red is printed in the band at the foot of the page
        band = image.crop((0, image.height - 30 * 100 // 25, image.width, image.height))
        assert any(band.getpixel((x, y))[0] > 150 and band.getpixel((x, y))[1] < 80
                   for x in range(0, band.width, 2) for y in range(0, band.height, 2))
    finally:
        pdf.close()


def test_without_a_publisher_the_band_is_blank(public: FlaskClient) -> None:
    html = public.get(f"/en/{TOUR}/signs/").text
    assert html.count('<div class="sign-band" data-band>\n  </div>') == 4


@pytest.mark.parametrize(("table", "message"), [
    ('logo = "media/office.png"', "publisher: name is required"),
    ('name = "Office"\nlogo = "office.png"', "put the logo in the tour's media/ folder"),
    ('name = "Office"\nlogo = "media/../tour.toml"', "lies outside"),
    ('name = "Office"\nlogo = "media/missing.png"', "not found in"),
    ('name = "Office"\nlogo = "media/fake.png"', "is not a PNG or JPEG image"),
    ('name = "Office"\ncolour = "red"', 'unknown field "colour"'),
])
def test_a_bad_publisher_gets_a_clear_message(tmp_path: Path, table: str, message: str) -> None:
    from calais_tour.loader import check_tours

    tours = tour_with_publisher(tmp_path, table)
    (tours / TOUR / "media" / "fake.png").write_text("not an image", encoding="utf-8")
    _, problems = check_tours(tours, ("en", "fr", "de", "nl"))
    found = [str(p) for p in problems if not p.is_warning]
    assert any(message in p and "tour.toml" in p for p in found), found


def test_publisher_app(tmp_path: Path) -> None:
    """A tour whose publisher has no logo prints the name alone."""
    tours = tour_with_publisher(tmp_path, 'name = "Calais Office"', logo=False)
    app: Flask = create_app({"TESTING": True, "TOURS_DIR": str(tours), "BASE_URL": BASE_URL})
    html = app.test_client().get(f"/en/{TOUR}/signs/").text
    assert html.count("<span>Calais Office</span>") == 4
    assert "<img" not in html.split('class="sheet')[1]
