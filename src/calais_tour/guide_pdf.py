"""The guide sheet as an A4 PDF, matching the HTML sheet (``/<lang>/<tour>/guide.pdf``).

The route map with a scale bar and a north arrow (stops that would overlap are drawn apart,
with a leader line to their true place), the table of stops (number, title, code, walk from
the previous stop, running total), then per stop its notices, talking points, opening hours
and access and the walking directions to it, all in 10-point black type; and the list of
what to check on site.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date
from html import unescape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table

from . import geo
from . import onsite
from .i18n import distance
from .model import Tour
from .pdf import FONT
from .pdf import FONT_BOLD
from .pdf import THEME
from .pdf import sample_styles

#: the radius of a stop's numbered disc on the map, in points
DISC = 3.4 * mm
#: the smallest gap between two discs' centres: never touching, number readable
MIN_APART = 2 * DISC + 1.5 * mm


def label_positions(
    points: Sequence[tuple[float, float]], width: float, height: float,
    min_apart: float = MIN_APART,
) -> list[tuple[float, float]]:
    """Move the discs of stops that are too close apart (symmetrically, within the drawing)
    until no two are nearer than ``min_apart``; a disc away from its stop gets a leader."""
    xy = [list(p) for p in points]
    for _round in range(200):
        moved = False
        for i in range(len(xy)):
            for j in range(i + 1, len(xy)):
                dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
                gap = math.hypot(dx, dy)
                if gap >= min_apart - 0.01:
                    continue
                if gap < 1e-6:  # the same place: split them sideways
                    dx, dy, gap = 1.0, 0.0, 1.0
                push = (min_apart - gap) / 2 + 0.1
                ux, uy = dx / gap, dy / gap
                xy[i][0] -= ux * push
                xy[i][1] -= uy * push
                xy[j][0] += ux * push
                xy[j][1] += uy * push
                moved = True
        for p in xy:
            p[0] = min(max(p[0], DISC), width - DISC)
            p[1] = min(max(p[1], DISC), height - DISC)
        if not moved:
            break
    return [(x, y) for x, y in xy]


class RouteMap(Flowable):  # type: ignore[misc]
    """The route: numbered discs joined in walking order, north up, with a scale bar."""

    def __init__(self, tour: Tour, width_mm: float = 110, height_mm: float = 78) -> None:
        super().__init__()
        self.width, self.height = width_mm * mm, height_mm * mm
        # room at the bottom for the scale bar, at the top right for the north arrow
        stops = len(tour.stops)
        points, per_m = geo.project([*(s.point for s in tour.stops), *tour.route], self.width,
                                    self.height - 8 * mm, 10 * mm)
        self.points = [(x, y + 8 * mm) for x, y in points[:stops]]  # y grows downwards here
        self.line = [(x, y + 8 * mm) for x, y in points[stops:]]  # along the streets if known
        self.labels = label_positions(self.points, self.width, self.height)
        self.bar_m = next((m for m in (1000, 500, 200, 100, 50) if m * per_m <= self.width / 3),
                          50)
        self.bar = self.bar_m * per_m

    def draw(self) -> None:
        canvas, h = self.canv, self.height
        canvas.setStrokeColor(THEME)
        canvas.setLineWidth(1.2)
        canvas.setDash(4, 3)
        path = canvas.beginPath()
        for n, (x, y) in enumerate(self.line):
            (path.lineTo if n else path.moveTo)(x, h - y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        for number, ((x, y), (lx, ly)) in enumerate(zip(self.points, self.labels,
                                                        strict=True), 1):
            canvas.setFillColor(THEME)
            if math.hypot(lx - x, ly - y) > 0.5:  # moved apart: a dot and a leader line
                canvas.setLineWidth(0.8)
                canvas.line(x, h - y, lx, h - ly)
                canvas.circle(x, h - y, 1.0 * mm, stroke=0, fill=1)
            canvas.circle(lx, h - ly, DISC, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(FONT_BOLD, 10)
            canvas.drawCentredString(lx, h - ly - 1.2 * mm, str(number))
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        # scale bar, bottom left
        canvas.setLineWidth(1.5)
        canvas.line(2 * mm, 2 * mm, 2 * mm + self.bar, 2 * mm)
        for x in (2 * mm, 2 * mm + self.bar):
            canvas.line(x, 1 * mm, x, 3.5 * mm)
        canvas.setFont(FONT, 10)
        canvas.drawString(2 * mm, 4.5 * mm, distance(self.bar_m))
        # north arrow, top right
        top, x = h - 1 * mm, self.width - 5 * mm
        path = canvas.beginPath()
        path.moveTo(x, top)
        path.lineTo(x - 2.5 * mm, top - 7 * mm)
        path.lineTo(x + 2.5 * mm, top - 7 * mm)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawCentredString(x, top - 11 * mm, _("N"))


def build(tour: Tour, lang: str, day: date, link: str, code: Flowable) -> bytes:
    """Lay out the guide sheet of ``tour`` in ``lang`` on ``day``; ``code`` is its QR code."""
    from .guide import rows  # the HTML sheet's rows: one walk, one set of totals

    text = tour.texts[lang]
    styles = sample_styles()
    body = styles["BodyText"].clone("sheet", fontSize=10, leading=13, textColor=colors.black)
    bold = body.clone("sheet-bold", fontName=FONT_BOLD)
    label = body.clone("sheet-label", fontName=FONT_BOLD, spaceBefore=3)
    heading = styles["Heading2"].clone("sheet-h2", textColor=colors.black)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=f"{text.title}: {_('Guide sheet')}", creator="calais_tour",
        invariant=1,  # the same sheet gives the same bytes, so ETags hold
    )
    sheet_rows = rows(tour)
    story: list[Flowable] = [
        Paragraph(f"{_('Guide sheet')}: {esc(text.title)}", styles["Title"]),
        Paragraph(esc(_("%(stops)d stops, %(distance)s, about %(minutes)d minutes of walking",
                        stops=len(tour.stops), distance=distance(tour.distance_m),
                        minutes=tour.minutes)), body),
        Spacer(1, 3 * mm),
        Table([[RouteMap(tour), code]], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        Paragraph(esc(link), body),
        *([Paragraph(esc(_("Walking distances are estimates: the straight line plus %(percent)d%% "
                           "for the streets.", percent=round((geo.DETOUR_FACTOR - 1) * 100))),
                     body)] if tour.estimated else []),  # every leg measured along its path
        Spacer(1, 3 * mm),
    ]
    table = [[Paragraph(f"<b>{esc(h)}</b>", body) for h in (
        _("No."), _("Stop"), _("Code"), _("Walk"), _("Total"))]]
    for row in sheet_rows:
        walk = (f"{distance(row.leg.distance_m)}, {row.leg.minutes} min" if row.leg
                else str(_("start")))
        table.append([
            Paragraph(str(row.number), body),
            Paragraph(esc(row.stop.texts[lang].title), body),
            Paragraph(esc(row.stop.code), bold),
            Paragraph(esc(walk), body),
            Paragraph(esc(f"{distance(row.total_m)}, {row.total_min} min"), body),
        ])
    story.append(Table(table, colWidths=[12 * mm, 84 * mm, 18 * mm, 33 * mm, 33 * mm],
                       repeatRows=1, style=[
                           ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ]))
    for row in sheet_rows:
        stop_text = row.stop.texts[lang]
        block: list[Flowable] = [
            Paragraph(f"{row.number}. {esc(stop_text.title)} ({esc(_('code'))} "
                      f"{esc(row.stop.code)})", heading),
            Paragraph(esc(f"{row.stop.lat:.5f}, {row.stop.lon:.5f}"), body),
        ]
        block += [Paragraph(f"<b>{esc(n.text)}</b>", body) for n in stop_text.notices_on(day)]
        if stop_text.talking_points:
            block.append(Paragraph(esc(_("Talking points")), label))
            block += [Paragraph(f"• {esc(point)}", body) for point in stop_text.talking_points]
        block.append(Paragraph(esc(_("Opening hours and access")), label))
        block += [Paragraph(esc(part), body) for part in plain(stop_text.practical_html)]
        if row.leg:
            walk = _("Walking directions from stop %(number)d (%(distance)s, %(minutes)d min)",
                     number=row.number - 1, distance=distance(row.leg.distance_m),
                     minutes=row.leg.minutes)
        else:
            walk = _("Getting to the start")
        block.append(Paragraph(esc(walk), label))
        block += [Paragraph(esc(part), body) for part in plain(stop_text.directions_html)]
        # the heading stays with what follows; a long stop may then run onto the next page
        story += [KeepTogether(block[:4]), *block[4:]]
    story += onsite.flowables(tour, lang, day, body, label, heading)
    document.build(story)
    return out.getvalue()


def plain(html: str) -> list[str]:
    """Rendered Markdown as paragraphs of plain text (list items as bullets)."""
    text = re.sub(r"<li>", "\n• ", html)
    text = re.sub(r"</(p|h\d|li|ul|ol)>|<br\s*/?>", "\n", text)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def esc(text: str) -> str:
    """Escape text for reportlab's little markup language."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
