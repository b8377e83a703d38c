"""The guide sheet: a printable A4 summary for leading a group (blueprint "guide").

The route diagram, the stops in order with code, coordinates, leg and running totals,
opening hours, talking points and current notices, and one QR code to the tour; as HTML
with a print stylesheet and as a PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import unescape

from flask import Blueprint
from flask import Response
from flask import g
from flask import render_template
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table

from . import geo
from . import qr
from .i18n import distance
from .model import Leg
from .model import Stop
from .model import Tour
from .pdf import THEME
from .pdf import draw_qr
from .site import get_tour
from .site import today
from .site import urls

bp = Blueprint("guide", __name__)

QR_MODULE_MM = 0.8  # a 29-module code is about 30 mm: read from a hand's length


@dataclass(frozen=True)
class Row:
    """One stop on the sheet, with the walk that leads to it and the totals so far."""

    number: int
    stop: Stop
    leg: Leg | None
    total_m: int
    total_min: int


def rows(tour: Tour) -> list[Row]:
    result, total_m, total_min = [], 0, 0
    for number, stop in enumerate(tour.stops, 1):
        leg = tour.leg_to(stop)
        if leg:
            total_m += leg.distance_m
            total_min += leg.minutes
        result.append(Row(number, stop, leg, total_m, total_min))
    return result


def tour_link(tour: Tour) -> str:
    """The absolute address of the tour in the sheet's language, for its QR code."""
    return urls.absolute(urls.tour(tour))


def _plain(html: str) -> str:
    """Turn rendered Markdown into text for the PDF (keeping paragraph breaks)."""
    text = re.sub(r"</p>\s*<p>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", text)).strip()


@bp.get("/<lang:lang>/<tour_slug>/guide/")
def sheet(tour_slug: str) -> str:
    """The guide sheet as a printable page."""
    tour = get_tour(tour_slug)
    link = tour_link(tour)
    return render_template(
        "guide.html", tour=tour, text=tour.texts[g.lang], rows=rows(tour),
        qr_svg=qr.qr_svg(link, module_mm=QR_MODULE_MM).split("?>", 1)[1].strip(),
        link=link, day=today(),
    )


class _Code(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector squares."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.matrix = qr.qr_matrix(url)
        self.width = self.height = len(self.matrix) * QR_MODULE_MM * mm

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, QR_MODULE_MM * mm)


class _Route(Flowable):  # type: ignore[misc]
    """The route diagram: the stops as numbered discs joined in walking order, north up."""

    def __init__(self, tour: Tour, width_mm: float = 110, height_mm: float = 75) -> None:
        super().__init__()
        self.width, self.height = width_mm * mm, height_mm * mm
        self.points, _ = geo.project([s.point for s in tour.stops], self.width, self.height,
                                     8 * mm)
        self.codes = [s.code for s in tour.stops]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(THEME)
        canvas.setDash(4, 3)
        path = canvas.beginPath()
        for n, (x, y) in enumerate(self.points):
            (path.lineTo if n else path.moveTo)(x, self.height - y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        for code, (x, y) in zip(self.codes, self.points, strict=True):
            canvas.setFillColor(THEME)
            canvas.circle(x, self.height - y, 3.2 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawCentredString(x, self.height - y - 1.1 * mm, code)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(self.width - 4 * mm, self.height - 5 * mm, _("N"))


@bp.get("/<lang:lang>/<tour_slug>/guide.pdf")
def sheet_pdf(tour_slug: str) -> Response:
    """The guide sheet as an A4 PDF."""
    tour = get_tour(tour_slug)
    text = tour.texts[g.lang]
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=9, leading=11, textColor=colors.dimgrey)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=f"{text.title}: {_('Guide sheet')}", creator="calais_tour",
        invariant=1,  # the same sheet gives the same bytes, so ETags hold
    )
    story: list[Flowable] = [
        Paragraph(f"{_('Guide sheet')}: {_esc(text.title)}", styles["Title"]),
        Paragraph(_esc(_("%(stops)d stops, %(distance)s, about %(minutes)d minutes of walking",
                         stops=len(tour.stops), distance=distance(tour.distance_m),
                         minutes=tour.minutes)), styles["BodyText"]),
        Spacer(1, 3 * mm),
        Table([[_Route(tour), _Code(tour_link(tour))]],
              style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        Paragraph(_esc(tour_link(tour)), small),
    ]
    for row in rows(tour):
        stop_text = row.stop.texts[g.lang]
        block: list[Flowable] = [
            Paragraph(f"{row.stop.code}. {_esc(stop_text.title)}", styles["Heading2"]),
            Paragraph(_esc(_coordinates_and_legs(row)), small),
        ]
        block += [Paragraph(f"<b>{_esc(n.text)}</b>", styles["BodyText"])
                  for n in stop_text.notices_on(today())]
        block += [Paragraph(f"• {_esc(point)}", styles["BodyText"])
                  for point in stop_text.talking_points]
        block.append(Paragraph(_esc(_plain(stop_text.practical_html)), small))
        story.append(KeepTogether(block))
    document.build(story)
    response = Response(out.getvalue(), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="guide-{tour.slug}-{g.lang}.pdf"'
    return response


def _coordinates_and_legs(row: Row) -> str:
    where = f"{row.stop.lat:.5f}, {row.stop.lon:.5f}"
    if row.leg is None:
        return str(_("%(where)s · start", where=where))
    return str(_("%(where)s · %(leg)s, %(minutes)d min from the previous stop · total "
                 "%(total)s, %(total_minutes)d min", where=where, leg=distance(row.leg.distance_m),
                 minutes=row.leg.minutes, total=distance(row.total_m),
                 total_minutes=row.total_min))


def _esc(text: str) -> str:
    """Escape text for reportlab's little markup language."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
