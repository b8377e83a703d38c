"""Printed signs: a QR code per stop, and sign sheets in HTML and PDF (blueprint "signs").

One code serves every language: it holds ``BASE_URL/s/<code>``, and the short link picks the
visitor's language. Codes are sized for a reading distance (a tenth of it, FIELD_NOTES B.5),
shrunk only when the page is too small, and the sheet says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import render_template
from flask import request
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from . import qr
from .i18n import languages_sentence
from .model import Stop
from .model import Tour
from .pdf import THEME
from .pdf import draw_qr
from .site import catalog
from .site import get_tour
from .site import today

bp = Blueprint("signs", __name__)

#: paper sizes in mm (portrait)
PAGE_SIZES = {"a4": (210.0, 297.0), "a5": (148.0, 210.0)}
MARGIN_MM = 12.0
#: the page height a typical sign's text takes besides the code (the PDF measures its own)
TEXT_MM = {"a4": 95.0, "a5": 100.0}
DEFAULT_DISTANCE_M = 1.5  # the far end of "1 to 1.5 m": a code for 1.5 m also works at 1 m
DISTANCE_RANGE_M = (0.5, 3.0)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1"}
GREY = (0.3, 0.3, 0.3)


def is_local(base_url: str) -> bool:
    """Tell whether printed codes would point at this computer only."""
    host = urlsplit(base_url).hostname or ""
    return host in LOCAL_HOSTS or host.endswith(".local") or host.startswith("127.")


def payload(stop: Stop) -> str:
    """Return the URL a stop's printed code holds."""
    return qr.qr_payload(current_app.config["BASE_URL"], stop.code)


def short_text(url: str) -> str:
    """Return a URL as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


@dataclass(frozen=True)
class Layout:
    """How big the code is printed on one sheet size for one reading distance."""

    size: str
    distance_m: float  # asked for
    symbol_mm: float  # printed width of the code without its quiet zone
    module_mm: float
    modules: int  # modules across the symbol, quiet zone excluded

    @property
    def readable_from_m(self) -> float:
        return self.symbol_mm * qr.DISTANCE_TO_WIDTH_RATIO / 1000

    @property
    def quiet_mm(self) -> float:
        return qr.QUIET_ZONE_MODULES * self.module_mm

    @property
    def shrunk(self) -> bool:
        return self.readable_from_m < self.distance_m - 0.005


def layout(size: str, distance_m: float, modules: int, text_mm: float | None = None) -> Layout:
    """Size a code of ``modules`` for ``distance_m`` on ``size`` paper, as large as fits
    beside ``text_mm`` of text (by default, a typical sign's)."""
    width, height = PAGE_SIZES[size]
    text_mm = TEXT_MM[size] if text_mm is None else text_mm
    wanted = qr.code_width_mm_for_distance(distance_m)
    total_modules = modules + 2 * qr.QUIET_ZONE_MODULES
    # the quiet zone may lie in the paper margin at the sides, not over the text
    fits_width = width * modules / total_modules
    # the vertical quiet zone is on top of the text's own spacing
    fits_height = (height - text_mm - 2 * MARGIN_MM) * modules / (modules + qr.QUIET_ZONE_MODULES)
    symbol = min(wanted, fits_width, fits_height)
    return Layout(size, distance_m, symbol, symbol / modules, modules)


@dataclass(frozen=True)
class Sign:
    """Everything printed on one stop's sign, in the page's language and a second one."""

    number: int
    stop: Stop
    url: str
    lines: dict[str, dict[str, str]]  # lang -> texts

    def svg(self, sheet: Layout) -> str:
        """The code as inline SVG (no XML declaration), sized for ``sheet``."""
        return qr.qr_svg(self.url, module_mm=sheet.module_mm).split("?>", 1)[1].strip()


def second_language(lang: str, languages: tuple[str, ...]) -> str | None:
    """One sign serves every visitor: add the tour's first other language."""
    return next((other for other in languages if other != lang), None)


def sign_texts(tour: Tour, stop: Stop, number: int, lang: str, site: str) -> dict[str, str]:
    with force_locale(lang):
        return {
            "label": _("Stop %(number)s", number=stop.code),
            "title": stop.texts[lang].title,
            "teaser": stop.texts[lang].teaser,
            "scan": _("Scan the code for the story of this place, in %(languages)s.",
                      languages=languages_sentence(tour.languages, lang, style="or")),
            "type": _("or enter stop %(number)s at %(site)s", number=stop.code, site=site),
            "tour": tour.texts[lang].title,
            "notices": " ".join(n.text for n in stop.texts[lang].notices_on(today())),
        }


def signs_for(tour: Tour, lang: str, size: str, distance_m: float) -> tuple[list[Sign], Layout]:
    """Build the signs of a tour, each code sized by one shared layout."""
    languages = [lang] + [x for x in (second_language(lang, tour.languages),) if x]
    site = short_text(current_app.config["BASE_URL"])
    modules = max(len(qr.qr_matrix(payload(s))) for s in tour.stops) - 2 * qr.QUIET_ZONE_MODULES
    sheet = layout(size, distance_m, modules)
    signs = []
    for number, stop in enumerate(tour.stops, 1):
        signs.append(Sign(
            number=number,
            stop=stop,
            url=payload(stop),
            lines={x: sign_texts(tour, stop, number, x, site) for x in languages},
        ))
    return signs, sheet


def _sheet_options() -> tuple[str, float]:
    """Read ?size=a4|a5 and ?distance=<metres> from the request, with defaults."""
    size = request.args.get("size", "a4").lower()
    if size not in PAGE_SIZES:
        abort(404)
    try:
        distance = float(request.args.get("distance", DEFAULT_DISTANCE_M))
    except ValueError:
        abort(404)
    if not DISTANCE_RANGE_M[0] <= distance <= DISTANCE_RANGE_M[1]:
        abort(404)
    return size, distance


def _stop_by_code(code: str) -> Stop:
    found = catalog().by_code(code)
    if found is None:
        abort(404)
    return found[1]


def _image(body: str | bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@lru_cache(maxsize=256)
def code_image(url: str, kind: str) -> str | bytes:
    """Draw the code holding ``url`` as "svg" (sized in mm) or "png" (300 dpi), for the default
    reading distance. Made once per URL: a PNG takes about 40 ms, and /qr/ is a public URL."""
    modules = len(qr.qr_matrix(url)) - 2 * qr.QUIET_ZONE_MODULES
    sheet = layout("a4", DEFAULT_DISTANCE_M, modules)
    if kind == "svg":
        return qr.qr_svg(url, module_mm=sheet.module_mm)
    return qr.qr_png(url, px_per_module=qr.px_per_module(sheet.module_mm))


@bp.get("/qr/<code>.svg")
def qr_svg(code: str) -> Response:
    """The stop's code as a vector image, sized in mm for the default reading distance."""
    return _image(code_image(payload(_stop_by_code(code)), "svg"), "image/svg+xml")


@bp.get("/qr/<code>.png")
def qr_png(code: str) -> Response:
    """The stop's code as a 300 dpi PNG, whole pixels per module, at the default size."""
    return _image(code_image(payload(_stop_by_code(code)), "png"), "image/png")


@bp.get("/<lang:lang>/<tour_slug>/signs/")
def sheet(tour_slug: str) -> str:
    """The printable signs, one per page, with a print stylesheet for the paper size."""
    tour = get_tour(tour_slug)
    size, distance = _sheet_options()
    signs, sheet_layout = pdf_layout(tour, g.lang, size, distance)  # the PDF's code size
    return render_template(
        "signs.html", tour=tour, signs=signs, layout=sheet_layout,
        warning=_warning(g.lang), sizes=sorted(PAGE_SIZES),
        short_text=short_text,
    )


@bp.get("/<lang:lang>/<tour_slug>/signs.pdf")
def sheet_pdf(tour_slug: str) -> Response:
    """The same signs as a PDF, vector codes included."""
    tour = get_tour(tour_slug)
    size, distance = _sheet_options()
    body = signs_pdf(tour, g.lang, size, distance)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="signs-{tour.slug}-{g.lang}-{size}.pdf"'
    )
    return response


class _Page:
    """Draws (or, with no canvas, only measures) one sign, top to bottom, in mm."""

    def __init__(self, pdf: canvas.Canvas | None, size: str) -> None:
        self.pdf = pdf
        self.width, self.height = PAGE_SIZES[size]
        self.top = MARGIN_MM - 2

    def text(self, text: str, font: str, points: float, colour: tuple[float, ...] = (0, 0, 0),
             centred: bool = False) -> None:
        """Write wrapped text below what is already on the page."""
        leading = points * 0.3528 * 1.25  # points to mm, with line spacing
        for line in simpleSplit(text, font, points, (self.width - 2 * MARGIN_MM) * mm):
            self.top += leading
            if self.pdf:
                self.pdf.setFont(font, points)
                self.pdf.setFillColorRGB(*colour)
                y = (self.height - self.top) * mm
                if centred:
                    self.pdf.drawCentredString(self.width / 2 * mm, y, line)
                else:
                    self.pdf.drawString(MARGIN_MM * mm, y, line)
        self.top += leading * 0.3

    def number(self, code: str, label: str) -> None:
        """The stop's code, large, in a dark disc, with its label beside it."""
        radius = 13
        cx, cy = MARGIN_MM + radius, self.top + radius + 1
        if self.pdf:
            self.pdf.setFillColor(THEME)
            self.pdf.circle(cx * mm, (self.height - cy) * mm, radius * mm, stroke=0, fill=1)
            self.pdf.setFillGray(1)
            self.pdf.setFont("Helvetica-Bold", 48 if len(code) < 3 else 28)
            self.pdf.drawCentredString(cx * mm, (self.height - cy - 6) * mm, code)
            self.pdf.setFillGray(0)
            self.pdf.setFont("Helvetica-Bold", 12)
            self.pdf.drawString((cx + radius + 4) * mm, (self.height - self.top - 6) * mm, label)
        self.top += 2 * radius + 4

    def code(self, url: str, sheet: Layout) -> None:
        """The QR code, centred, drawn as vector squares; its quiet zone stays white."""
        module = sheet.module_mm
        left = (self.width - sheet.symbol_mm) / 2 - sheet.quiet_mm
        if self.pdf:
            matrix = qr.qr_matrix(url)  # only drawing needs it: measuring knows the size
            bottom = self.height - self.top - len(matrix) * module
            draw_qr(self.pdf, matrix, left * mm, bottom * mm, module * mm)
        self.top += (sheet.modules + 2 * qr.QUIET_ZONE_MODULES) * module - sheet.quiet_mm + 2


def _draw(pdf: canvas.Canvas | None, sign: Sign, sheet: Layout, warning: str | None) -> float:
    """Lay out one sign; return the height its text takes, in mm, besides the code."""
    page = _Page(pdf, sheet.size)
    first, *others = sign.lines.values()
    if warning:
        page.text(warning, "Helvetica-Bold", 9, colour=(0.7, 0, 0))
    page.text(first["tour"], "Helvetica", 10, colour=GREY)
    page.number(sign.stop.code, " / ".join(t["label"] for t in sign.lines.values()))
    page.text(first["title"], "Helvetica-Bold", 20)
    for other in others:
        page.text(other["title"], "Helvetica", 14, colour=GREY)
    page.text(first["teaser"], "Helvetica", 11)
    if first["notices"]:
        page.text(first["notices"], "Helvetica-Bold", 11, colour=(0.6, 0.3, 0))
    for other in others:
        page.text(other["teaser"], "Helvetica", 10, colour=GREY)
    page.text(first["scan"], "Helvetica-Oblique", 10, colour=GREY)
    before = page.top
    page.code(sign.url, sheet)
    code_height = page.top - before
    page.text(short_text(sign.url), "Helvetica-Bold", 18, centred=True)
    for texts in sign.lines.values():
        page.text(texts["type"], "Helvetica", 11, centred=True)
    return page.top - code_height


def _warning(lang: str) -> str | None:
    if not is_local(current_app.config["BASE_URL"]):
        return None
    with force_locale(lang):
        return str(_("Not for printing: these codes point at %(url)s, which only works on "
                     "this computer. Set CALAIS_TOUR_BASE_URL to the public address.",
                     url=current_app.config["BASE_URL"]))


def pdf_layout(tour: Tour, lang: str, size: str, distance_m: float) -> tuple[list[Sign], Layout]:
    """Size the PDF's codes: as large as the longest sign's text leaves room for, and the
    same on every sign."""
    signs, sheet = signs_for(tour, lang, size, distance_m)
    text_mm = max(_draw(None, sign, sheet, _warning(lang)) for sign in signs)
    return signs, layout(size, distance_m, sheet.modules, text_mm)


def signs_pdf(tour: Tour, lang: str, size: str, distance_m: float) -> bytes:
    """Draw one sign per page: number, titles, teaser, code, short URL, how to type it."""
    signs, sheet = pdf_layout(tour, lang, size, distance_m)
    width, height = PAGE_SIZES[size]
    warning = _warning(lang)
    out = io.BytesIO()
    # invariant: the same signs give the same bytes (no timestamp), so ETags hold
    pdf = canvas.Canvas(out, pagesize=(width * mm, height * mm), pageCompression=1, invariant=1)
    pdf.setTitle(f"{tour.texts[lang].title}: signs")
    pdf.setCreator("calais_tour")
    for sign in signs:
        _draw(pdf, sign, sheet, warning)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
