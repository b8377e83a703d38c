"""The guide sheet: a printable A4 summary for leading a group (blueprint "guide").

The route diagram, the stops in order with code, coordinates, leg and running totals,
opening hours, talking points and current notices, and one QR code to the tour; as HTML
with a print stylesheet and as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask import Response
from flask import g
from flask import render_template
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from . import guide_pdf
from . import onsite
from . import qr
from .model import Leg
from .model import Stop
from .model import Tour
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


@bp.get("/<lang:lang>/<tour_slug>/guide/")
def sheet(tour_slug: str) -> str:
    """The guide sheet as a printable page."""
    tour = get_tour(tour_slug)
    link = tour_link(tour)
    return render_template(
        "guide.html", tour=tour, text=tour.texts[g.lang], rows=rows(tour),
        qr_svg=qr.qr_svg(link, module_mm=QR_MODULE_MM).split("?>", 1)[1].strip(),
        link=link, day=today(), check=onsite.check_list(tour, g.lang, today()),
    )


class _Code(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector squares."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.matrix = qr.qr_matrix(url)
        self.width = self.height = len(self.matrix) * QR_MODULE_MM * mm

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, QR_MODULE_MM * mm)


@bp.get("/<lang:lang>/<tour_slug>/guide.pdf")
def sheet_pdf(tour_slug: str) -> Response:
    """The guide sheet as an A4 PDF: the same content as the HTML sheet (``guide_pdf``)."""
    tour = get_tour(tour_slug)
    data = guide_pdf.build(tour, g.lang, today(), tour_link(tour), _Code(tour_link(tour)))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="guide-{tour.slug}-{g.lang}.pdf"'
    return response
