"""What every PDF of the site shares: the theme colour and QR codes drawn as vector squares."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from .config import THEME_COLOR

THEME = colors.HexColor(THEME_COLOR)


def draw_qr(
    canvas: Canvas, matrix: Sequence[Sequence[bool]], x: float, y: float, module: float
) -> None:
    """Draw a QR matrix (quiet zone included) with its bottom-left corner at (x, y), in
    points, each module ``module`` points wide; light modules stay unpainted."""
    canvas.setFillGray(0)
    rows = len(matrix)
    for row_index, row in enumerate(matrix):
        for column, dark in enumerate(row):
            if dark:
                canvas.rect(x + column * module, y + (rows - 1 - row_index) * module,
                            module, module, stroke=0, fill=1)
