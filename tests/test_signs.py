"""Printed signs: every code, in every format, scans to the right stop."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cairosvg
import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from PIL import ImageDraw
from PIL import ImageFilter

from calais_tour import create_app
from calais_tour import qr
from calais_tour import signs
from calais_tour.cli import main
from calais_tour.config import ROOT

BASE_URL = "https://tour.example.org"
TOUR = "calais-1940-1944"
CODES = {"1": "calais-nord", "2": "citadel", "3": "memorial-museum", "4": "bunker"}


@pytest.fixture(scope="module")
def public_app() -> Flask:
    return create_app({"TESTING": True, "TOURS_DIR": str(ROOT / "tours"), "BASE_URL": BASE_URL})


@pytest.fixture
def public(public_app: Flask) -> FlaskClient:
    return public_app.test_client()


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_pages(data: bytes, dpi: int = 300) -> Iterator[Image.Image]:
    """Render each page of a PDF as a printer would see it."""
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            yield page.render(scale=dpi / 72).to_pil()
            page.close()
    finally:
        document.close()


@pytest.mark.parametrize("code", CODES)
def test_png_code_scans_to_the_short_link(public: FlaskClient, code: str) -> None:
    response = public.get(f"/qr/{code}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert decode(image) == [f"{BASE_URL}/s/{code}"]


@pytest.mark.parametrize("code", CODES)
def test_png_code_survives_blur_and_a_covered_centre(public: FlaskClient, code: str) -> None:
    image = Image.open(io.BytesIO(public.get(f"/qr/{code}.png").data)).convert("L")
    modules = len(qr.qr_matrix(f"{BASE_URL}/s/{code}"))
    ppm = image.width // modules
    assert image.width == modules * ppm  # whole pixels per module
    # quiet zone: the first dark pixel from the left edge is at least 4 modules in
    first_dark = min(x for x in range(image.width) for y in range(0, image.height, ppm)
                     if image.getpixel((x, y)) < 128)
    assert first_dark >= qr.QUIET_ZONE_MODULES * ppm
    assert decode(image.filter(ImageFilter.GaussianBlur(ppm / 2))) == [f"{BASE_URL}/s/{code}"]
    symbol = image.width - 2 * qr.QUIET_ZONE_MODULES * ppm
    side = round((0.10 ** 0.5) * symbol)
    corner = (image.width - side) // 2
    ImageDraw.Draw(image).rectangle((corner, corner, corner + side, corner + side), fill=255)
    assert decode(image) == [f"{BASE_URL}/s/{code}"]


@pytest.mark.parametrize("code", CODES)
def test_svg_code_declares_mm_and_scans(public: FlaskClient, code: str) -> None:
    response = public.get(f"/qr/{code}.svg")
    assert response.mimetype == "image/svg+xml"
    width = re.search(r'width="([\d.]+)mm"', response.text)
    assert width is not None
    modules = len(qr.qr_matrix(f"{BASE_URL}/s/{code}"))
    assert float(width.group(1)) == pytest.approx(150 / (modules - 8) * modules, abs=0.01)
    png = cairosvg.svg2png(bytestring=response.data, output_width=modules * 10)
    assert decode(Image.open(io.BytesIO(png))) == [f"{BASE_URL}/s/{code}"]


def test_codes_ignore_case_and_unknown_codes_are_404(client: FlaskClient) -> None:
    assert client.get("/qr/l2.svg").status_code == 200
    assert client.get("/qr/L2.png").status_code == 200
    assert client.get("/qr/nope.svg").status_code == 404


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_pdf_has_one_scannable_sign_per_stop_in_order(public: FlaskClient, size: str) -> None:
    response = public.get(f"/de/{TOUR}/signs.pdf?size={size}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = list(pdf_pages(response.data))
    width_mm = {"a4": 210, "a5": 148}[size]
    assert [round(p.width / 300 * 25.4) for p in pages] == [width_mm] * 4
    assert [decode(p) for p in pages] == [[f"{BASE_URL}/s/{c}"] for c in CODES]


@pytest.mark.parametrize("lang", ["en", "fr", "de", "nl"])
def test_following_a_decoded_code_lands_on_its_stop(
    public: FlaskClient, public_app: Flask, lang: str
) -> None:
    tour = public_app.extensions["calais_tour.catalog"].tour(TOUR)
    for code, slug in CODES.items():
        (url,) = decode(Image.open(io.BytesIO(public.get(f"/qr/{code}.png").data)))
        response = public.get(url.removeprefix(BASE_URL), headers={"Accept-Language": lang})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/{lang}/{TOUR}/{slug}/"
        page = public.get(response.headers["Location"])
        assert f"<h1>{tour.stop(slug).texts[lang].title}</h1>" in page.text


def test_sign_sheet_shows_number_titles_and_typed_address(public: FlaskClient) -> None:
    html = public.get(f"/de/{TOUR}/signs/").text
    assert html.count('class="sign"') == 4
    assert "Station 2 / Stop 2" in html
    assert "Die Zitadelle: das letzte Gefecht von 1940" in html
    assert "The Citadel: the Last Stand of 1940" in html  # one sign serves every visitor
    assert "tour.example.org/s/2" in html
    assert "oder Station 2 auf tour.example.org eingeben" in html
    assert "data-local-warning" not in html
    assert "Codebreite 150 mm" in html  # a code for 1.5 m fits on A4, text and all
    assert "data-too-small" not in html  # so A4 never says "use A4"


def test_signs_built_for_localhost_carry_a_warning(client: FlaskClient) -> None:
    html = client.get("/en/harbour-walk/signs/").text
    assert "Not for printing: these codes point at http://127.0.0.1:8000" in html
    pdf = client.get("/en/harbour-walk/signs.pdf").data
    text = pypdfium2.PdfDocument(pdf)
    try:
        page = text[0]
        assert "Not for printing" in page.get_textpage().get_text_range()
    finally:
        text.close()


def test_small_paper_says_the_code_is_smaller(public: FlaskClient) -> None:
    html = public.get(f"/en/{TOUR}/signs/?size=a5").text
    assert "This paper is too small for 1.5 m" in html
    assert public.get(f"/en/{TOUR}/signs/?size=a3").status_code == 400
    assert public.get(f"/en/{TOUR}/signs/?distance=abc").status_code == 400


def test_cli_refuses_local_codes_without_a_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["signs", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "BASE_URL is http://127.0.0.1:8000: printed codes would only work" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_pdfs_codes_and_nfc_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALAIS_TOUR_BASE_URL", BASE_URL)
    result = CliRunner().invoke(main, ["signs", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        f"signs-{TOUR}-{lang}-a4.pdf" for lang in ("de", "en", "fr", "nl")
    ]
    for code in CODES:
        assert decode(Image.open(tmp_path / "qr" / f"{code}.png")) == [f"{BASE_URL}/s/{code}"]
        assert (tmp_path / "qr" / f"{code}.svg").read_text().startswith("<?xml")
    with (tmp_path / "nfc.csv").open(encoding="utf-8") as f:
        assert list(csv.reader(f)) == [["code", "tour", "stop", "url"]] + [
            [code, TOUR, slug, f"{BASE_URL}/s/{code}"] for code, slug in CODES.items()
        ]


@pytest.mark.parametrize(("query", "status", "location"), [
    ("?size=a5&distance=2.0", 200, None),
    ("?distance=2", 302, "?distance=2.0"),
    ("?distance=1.2", 302, "?distance=1.0"),  # the nearest half metre
    ("?distance=1.3", 302, "?distance=1.5"),
    ("?distance=2.0&size=A5", 302, "?size=a5&distance=2.0"),
    ("?size=a4&utm_source=x", 400, None),
    ("?distance=7", 400, None),
    ("?size=letter", 400, None),
])
def test_sheets_have_one_address_per_paper_and_distance(
    public: FlaskClient, query: str, status: int, location: str | None
) -> None:
    for kind in ("signs/", "signs.pdf"):
        response = public.get(f"/en/{TOUR}/{kind}{query}")
        assert response.status_code == status, kind
        if location:
            assert response.headers["Location"] == f"/en/{TOUR}/{kind}{location}"
        if status == 400:
            assert "Choose a paper size (a4 or a5) and a reading distance" in response.text


def test_a_sheet_is_drawn_once_per_content_version_and_parameters(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    client = create_app({"TOURS_DIR": str(ROOT / "tours"), "BASE_URL": BASE_URL}).test_client()
    drawn: list[tuple[object, ...]] = []
    real = signs.signs_pdf

    def counting(*args: Any) -> bytes:
        drawn.append(args[1:])
        return real(*args)

    monkeypatch.setattr(signs, "signs_pdf", counting)
    for _ in range(3):
        for url in (f"/en/{TOUR}/signs.pdf", f"/en/{TOUR}/signs.pdf?size=a5&distance=1.0"):
            assert client.head(url).status_code == 200
            assert client.get(url).status_code == 200
    assert len(drawn) == 2  # one per sheet: repeats and HEAD requests draw nothing
