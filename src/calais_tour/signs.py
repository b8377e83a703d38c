"""Printed signs: a QR code per stop, and sign sheets in HTML and PDF (blueprint "signs").

One code serves every language: it holds ``BASE_URL/s/<code>``, and the short link picks the
visitor's language. Codes are sized for a reading distance (a tenth of it: the printers' rule
of thumb "distance = 10 x code width"), shrunk only when the page is too small, and the sheet
says so. The text is sized for the same distance: the stop number, title and call to action
have capitals at least 1/300 of it high (5 mm at 1.5 m, the legibility rule for signs read
at a distance), in one embedded font, dark on white (contrast 7:1 or more).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from . import pictogram
from . import qr
from .config import LANGUAGE_BY_CODE
from .model import Stop
from .model import Tour
from .pdf import FONT
from .pdf import FONT_BOLD
from .pdf import POINT_MM
from .pdf import THEME
from .pdf import draw_qr
from .pdf import points_for_cap_height
from .pdf import register_fonts
from .publisher import Publisher
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
#: the reading distances a sheet is made for: half metres across the range
DISTANCES_M = tuple(n / 2 for n in range(int(DISTANCE_RANGE_M[0] * 2),
                                        int(DISTANCE_RANGE_M[1] * 2) + 1))
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1"}
#: text colours, each 7:1 or more against white paper (no grey on a sign)
INK = (0.0, 0.0, 0.0)
NOTICE = (0.45, 0.2, 0.0)  # 9.5:1
ALERT = (0.6, 0.0, 0.0)  # 8.9:1
#: the band kept at the foot of every sign for the publisher's logo and name (blank without)
BAND_MM = 14.0
LOGO_MM = 11.0
#: capitals at least this fraction of the reading distance high (5 mm at 1.5 m)
CAP_HEIGHT_PER_DISTANCE = 1 / 300


def cap_height_mm(distance_m: float) -> float:
    """The least cap height, in mm, of the text read from ``distance_m``."""
    return distance_m * 1000 * CAP_HEIGHT_PER_DISTANCE


def languages_line(languages: tuple[str, ...]) -> str:
    """Each language in its own name, in the tour's order: "English · Français · ..."."""
    return " · ".join(LANGUAGE_BY_CODE[code].native for code in languages)


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
    publisher: Publisher | None = None
    folder: str | None = None  # the tour's folder, where the publisher's logo is

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
            "scan": _("Scan for the story, in %(languages)s",
                      languages=languages_line(tour.languages)),
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
            publisher=tour.publisher,
            folder=str(tour.folder),
        ))
    return signs, sheet


def _sheet_options() -> tuple[str, float]:
    """Read ?size=a4|a5 and ?distance=<metres> from the request, with defaults.

    Only a few sheets exist (two papers, distances in half metres), so each is rendered
    once per content version: an odd spelling of a good value is redirected to its one
    address (the nearest half metre), and a value that means nothing is a 400 page.
    """
    args = request.args
    size = args.get("size", "a4").strip().lower()
    if size not in PAGE_SIZES or set(args) - {"size", "distance"}:
        abort(400, description=_SHEET_HELP())
    try:
        wanted = float(args.get("distance", DEFAULT_DISTANCE_M))
    except ValueError:
        abort(400, description=_SHEET_HELP())
    if not DISTANCE_RANGE_M[0] - 0.25 < wanted < DISTANCE_RANGE_M[1] + 0.25:
        abort(400, description=_SHEET_HELP())
    distance = min(DISTANCES_M, key=lambda d: abs(d - wanted))
    canonical = urlencode([(name, value) for name, value in
                           (("size", size), ("distance", f"{distance:.1f}")) if name in args])
    if request.query_string.decode("latin-1") != canonical:
        abort(redirect(request.path + (f"?{canonical}" if canonical else ""), 302))
    return size, distance


def _SHEET_HELP() -> str:  # noqa: N802 (read as a constant, translated per request)
    return str(_("Choose a paper size (a4 or a5) and a reading distance from 0.5 to 3 m, "
                 "in half metres, e.g. ?size=a5&distance=1.5"))


def _canonical(response: Response) -> Response:
    """Mark a sheet as the one answer of its address, so the snapshot keeps it."""
    response.headers["Content-Location"] = request.full_path.rstrip("?")
    return response


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
def sheet(tour_slug: str) -> Response:
    """The printable signs, one per page, with a print stylesheet for the paper size."""
    tour = get_tour(tour_slug)
    size, distance = _sheet_options()
    signs, sheet_layout = pdf_layout(tour, g.lang, size, distance)  # the PDF's code size
    return _canonical(Response(render_template(
        "signs.html", tour=tour, signs=signs, layout=sheet_layout,
        warning=_warning(g.lang), sizes=sorted(PAGE_SIZES),
        short_text=short_text, too_small=_too_small(tour, sheet_layout),
        large_pt=large_points(distance), pictogram=pictogram.svg,
    ), mimetype="text/html"))


def large_points(distance_m: float) -> int:
    """The size of the stop's title and the call to action: a point more than the least size,
    so capitals clear the least height (``cap_height_mm``) by about 5 %."""
    return round(points_for_cap_height(cap_height_mm(distance_m)) + 1)


def _too_small(tour: Tour, sheet: Layout) -> str | None:
    """What the sheet says when the code is smaller than the distance needs: never "use A4"
    when A4 is chosen, nor when A4 would be too small as well."""
    if not sheet.shrunk:
        return None
    distance = f"{sheet.distance_m:.1f}"
    largest = max(PAGE_SIZES, key=lambda size: PAGE_SIZES[size][1])
    if sheet.size != largest and not pdf_layout(tour, g.lang, largest, sheet.distance_m)[1].shrunk:
        return str(_("This paper is too small for %(distance)s m: use A4 or a shorter distance.",
                     distance=distance))
    return str(_("Even on this paper, the code is smaller than %(distance)s m needs: choose a "
                 "shorter distance.", distance=distance))


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
    return _canonical(response)


class _Page:
    """Draws (or, with no canvas, only measures) one sign, top to bottom, in mm."""

    def __init__(self, pdf: canvas.Canvas | None, size: str) -> None:
        self.pdf = pdf
        self.width, self.height = PAGE_SIZES[size]
        self.top = MARGIN_MM - 2

    def text(self, text: str, font: str, points: float, colour: tuple[float, ...] = INK,
             centred: bool = False, indent: float = 0) -> None:
        """Write wrapped text below what is already on the page, ``indent`` mm in."""
        leading = points * POINT_MM * 1.25  # points to mm, with line spacing
        width = self.width - 2 * MARGIN_MM - indent
        for line in simpleSplit(text, font, points, width * mm):
            self.top += leading
            if self.pdf:
                self.pdf.setFont(font, points)
                self.pdf.setFillColorRGB(*colour)
                y = (self.height - self.top) * mm
                if centred:
                    self.pdf.drawCentredString(self.width / 2 * mm, y, line)
                else:
                    self.pdf.drawString((MARGIN_MM + indent) * mm, y, line)
        self.top += leading * 0.3

    def head(self, code: str, label: str, title: str, points: float, cap_mm: float) -> None:
        """The stop's code, large, in a dark disc; beside it its label and title."""
        digits = points_for_cap_height(max(cap_mm * 1.6, 8.0 if len(code) < 3 else 5.0))
        radius = max(11.0, digits * POINT_MM * 0.36 * len(code) + 3)
        cx, cy = MARGIN_MM + radius, self.top + radius + 1
        column = cx + radius + 4
        leading = points * POINT_MM * 1.2
        lines = simpleSplit(title, FONT_BOLD, points, (self.width - MARGIN_MM - column) * mm)
        if self.pdf:
            self.pdf.setFillColor(THEME)
            self.pdf.circle(cx * mm, (self.height - cy) * mm, radius * mm, stroke=0, fill=1)
            self.pdf.setFillGray(1)
            self.pdf.setFont(FONT_BOLD, digits)
            cap = digits * POINT_MM * (1493 / 2048)
            self.pdf.drawCentredString(cx * mm, (self.height - cy - cap / 2) * mm, code)
            self.pdf.setFillGray(0)
            self.pdf.setFont(FONT_BOLD, 13)
            self.pdf.drawString(column * mm, (self.height - self.top - 5) * mm, label)
            self.pdf.setFont(FONT_BOLD, points)
            for n, line in enumerate(lines, 1):
                y = self.height - self.top - 6.5 - n * leading + leading * 0.15
                self.pdf.drawString(column * mm, y * mm, line)
        self.top += max(2 * radius + 2, 7 + leading * len(lines)) + 2

    def call(self, text: str, points: float) -> None:
        """The call to action, bold in the theme colour, beside the scan pictogram."""
        leading = points * POINT_MM * 1.25
        icon = 2 * leading
        width = self.width - 2 * MARGIN_MM - icon - 3
        lines = simpleSplit(text, FONT_BOLD, points, width * mm)
        height = max(icon, leading * len(lines))
        if self.pdf:
            top = self.top + 1 + (height - icon) / 2
            pictogram.draw(self.pdf, MARGIN_MM * mm, (self.height - top) * mm, icon * mm, THEME)
            self.pdf.setFont(FONT_BOLD, points)
            self.pdf.setFillColor(THEME)
            first = self.top + (height - leading * len(lines)) / 2
            for n, line in enumerate(lines, 1):
                y = (self.height - first - n * leading + leading * 0.2) * mm
                self.pdf.drawString((MARGIN_MM + icon + 3) * mm, y, line)
        self.top += height + 3

    def code(self, url: str, sheet: Layout) -> None:
        """The QR code, centred, drawn as vector squares; its quiet zone stays white."""
        module = sheet.module_mm
        left = (self.width - sheet.symbol_mm) / 2 - sheet.quiet_mm
        if self.pdf:
            matrix = qr.qr_matrix(url)  # only drawing needs it: measuring knows the size
            bottom = self.height - self.top - len(matrix) * module
            draw_qr(self.pdf, matrix, left * mm, bottom * mm, module * mm)
        self.top += (sheet.modules + 2 * qr.QUIET_ZONE_MODULES) * module - sheet.quiet_mm + 2

    def band(self, publisher: Publisher | None, folder: str | None) -> None:
        """The band at the foot of the page kept for the publisher: logo and name, or blank."""
        self.top += BAND_MM
        if not self.pdf or publisher is None:
            return
        bottom = MARGIN_MM  # from the bottom edge
        x = MARGIN_MM
        if publisher.logo and folder:
            path = f"{folder}/media/{publisher.logo}"
            self.pdf.drawImage(path, x * mm, (bottom + (BAND_MM - LOGO_MM) / 2) * mm,
                               width=3 * LOGO_MM * mm, height=LOGO_MM * mm,
                               preserveAspectRatio=True, anchor="w", mask="auto")
            x += 3 * LOGO_MM + 4
        self.pdf.setFont(FONT_BOLD, 12)
        self.pdf.setFillColorRGB(*INK)
        self.pdf.drawString(x * mm, (bottom + BAND_MM / 2 - 1.5) * mm, publisher.name)


def _draw(pdf: canvas.Canvas | None, sign: Sign, sheet: Layout, warning: str | None) -> float:
    """Lay out one sign; return the height its text takes, in mm, besides the code."""
    page = _Page(pdf, sheet.size)
    first, *others = sign.lines.values()
    # a point more than the least size: capitals then clear the least height by about 5 %
    large = large_points(sheet.distance_m)
    if warning:
        page.text(warning, FONT_BOLD, 9, colour=ALERT)
    page.head(sign.stop.code, " / ".join(t["label"] for t in sign.lines.values()),
              first["title"], large, cap_height_mm(sheet.distance_m))
    for other in others:
        page.text(other["title"], FONT, 14)
    page.text(first["teaser"], FONT, 12)
    if first["notices"]:
        page.text(first["notices"], FONT_BOLD, 12, colour=NOTICE)
    page.call(first["scan"], large)
    before = page.top
    page.code(sign.url, sheet)
    code_height = page.top - before
    page.text(short_text(sign.url), FONT_BOLD, 18, centred=True)
    for texts in sign.lines.values():
        page.text(texts["type"], FONT, 10, centred=True)
    page.band(sign.publisher, sign.folder)
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
    register_fonts()  # measuring needs the fonts' widths
    signs, sheet = signs_for(tour, lang, size, distance_m)
    # _draw counts from the paper's top edge: the top margin is in it already
    text_mm = max(_draw(None, sign, sheet, _warning(lang)) for sign in signs) - MARGIN_MM
    return signs, layout(size, distance_m, sheet.modules, text_mm)


def signs_pdf(tour: Tour, lang: str, size: str, distance_m: float) -> bytes:
    """Draw one sign per page: number, titles, teaser, code, short URL, how to type it."""
    signs, sheet = pdf_layout(tour, lang, size, distance_m)
    width, height = PAGE_SIZES[size]
    warning = _warning(lang)
    out = io.BytesIO()
    # invariant: the same signs give the same bytes (no timestamp), so ETags hold
    register_fonts()
    pdf = canvas.Canvas(out, pagesize=(width * mm, height * mm), pageCompression=1, invariant=1)
    pdf.setTitle(f"{tour.texts[lang].title}: signs")
    pdf.setCreator("calais_tour")
    for sign in signs:
        _draw(pdf, sign, sheet, warning)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
