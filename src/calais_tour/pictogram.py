"""The scan pictogram printed beside a sign's call to action, drawn for this project.

A phone seen from the front whose screen shows a small code between four viewfinder
corners. One drawing, on a 24 × 24 grid (y down), rendered both as inline SVG for the HTML
sheet and as vector paths in the PDF, so the two never differ.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

GRID = 24
#: (x, y, width, height, corner radius): filled shapes, drawn in order (white ones after)
_PHONE = (5.0, 1.0, 14.0, 22.0, 2.5)
_SCREEN = (6.5, 3.5, 11.0, 15.5, 0.8)
_BUTTON = (10.5, 20.2, 3.0, 1.2, 0.6)
#: the code on the screen: three finder squares and a few modules, in dark
_CODE = (
    (8.0, 6.0, 3.0, 3.0), (13.0, 6.0, 3.0, 3.0), (8.0, 11.0, 3.0, 3.0),
    (13.0, 11.0, 1.2, 1.2), (14.8, 12.8, 1.2, 1.2), (13.0, 14.6, 1.2, 1.2),
    (11.8, 9.8, 1.2, 1.2), (14.8, 15.8, 1.2, 1.2),
)
#: the viewfinder's corners around the screen's code: (x, y, dx, dy) an L of two strokes
_CORNERS = ((7.2, 4.6, 1, 1), (16.8, 4.6, -1, 1), (7.2, 17.4, 1, -1), (16.8, 17.4, -1, -1))
_CORNER_ARM = 2.0
_STROKE = 0.9


def svg(size_mm: float, colour: str) -> str:
    """The pictogram as inline SVG, ``size_mm`` wide and high, drawn in ``colour``."""
    def rect(shape: tuple[float, ...], fill: str) -> str:
        x, y, w, h, *r = shape
        rounding = f' rx="{r[0]}"' if r else ""
        return f'<rect x="{x}" y="{y}" width="{w}" height="{h}"{rounding} fill="{fill}"/>'

    parts = [rect(_PHONE, colour), rect(_SCREEN, "#fff"), rect(_BUTTON, "#fff")]
    parts += [rect(square, colour) for square in _CODE]
    for x, y, dx, dy in _CORNERS:
        parts.append(
            f'<path d="M{x} {y + dy * _CORNER_ARM}V{y}H{x + dx * _CORNER_ARM}" fill="none" '
            f'stroke="{colour}" stroke-width="{_STROKE}"/>'
        )
    return (
        f'<svg class="scan-pictogram" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {GRID} {GRID}" width="{size_mm:.1f}mm" height="{size_mm:.1f}mm" '
        f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>'
    )


def draw(pdf: Canvas, x: float, top: float, size: float, colour: object) -> None:
    """Draw the pictogram ``size`` points wide with its top-left corner at (x, top)."""
    unit = size / GRID

    def rect(shape: tuple[float, ...], white: bool) -> None:
        sx, sy, w, h, *r = shape
        if white:
            pdf.setFillGray(1)
        else:
            pdf.setFillColor(colour)
        left, bottom = x + sx * unit, top - (sy + h) * unit
        if r:
            pdf.roundRect(left, bottom, w * unit, h * unit, r[0] * unit, stroke=0, fill=1)
        else:
            pdf.rect(left, bottom, w * unit, h * unit, stroke=0, fill=1)

    pdf.saveState()
    rect(_PHONE, False)
    rect(_SCREEN, True)
    rect(_BUTTON, True)
    for square in _CODE:
        rect(square, False)
    pdf.setStrokeColor(colour)
    pdf.setLineWidth(_STROKE * unit)
    for cx, cy, dx, dy in _CORNERS:
        path = pdf.beginPath()
        path.moveTo(x + cx * unit, top - (cy + dy * _CORNER_ARM) * unit)
        path.lineTo(x + cx * unit, top - cy * unit)
        path.lineTo(x + (cx + dx * _CORNER_ARM) * unit, top - cy * unit)
        pdf.drawPath(path, stroke=1, fill=0)
    pdf.restoreState()
