"""What every PDF of the site shares: the theme colour, one embedded font (DejaVu Sans, full
Latin coverage, in ``fonts/``) and QR codes drawn as vector squares."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import tables

from .config import THEME_COLOR

THEME = colors.HexColor(THEME_COLOR)

FONTS_DIR = Path(__file__).parent / "fonts"
#: the names every PDF draws with: TrueType fonts, embedded (subset) in the file
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
#: DejaVu Sans capitals are 1493 of its 2048 units high (OS/2 sCapHeight)
CAP_HEIGHT_EM = 1493 / 2048
POINT_MM = 25.4 / 72
#: the built-in (never embedded) fonts reportlab's sample styles use, and their replacements
_BUILT_IN = {"Helvetica": FONT, "Helvetica-Bold": FONT_BOLD, "Helvetica-Oblique": FONT,
             "Helvetica-BoldOblique": FONT_BOLD, "Times-Roman": FONT, "Times-Bold": FONT_BOLD,
             "Times-Italic": FONT, "Times-BoldItalic": FONT_BOLD}


@cache
def register_fonts() -> None:
    """Register the embedded fonts with reportlab (once), as a family so <b> works."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    # a canvas starts in this font: left as Helvetica, every PDF would name a font it
    # does not embed
    rl_config.canvas_basefontname = FONT
    tables.CellStyle.fontname = FONT  # a table cell sets its font even to hold flowables


def points_for_cap_height(cap_mm: float) -> float:
    """Return the font size, in points, whose capitals are ``cap_mm`` high."""
    return cap_mm / (CAP_HEIGHT_EM * POINT_MM)


def sample_styles() -> Any:
    """reportlab's sample style sheet, drawn with the embedded fonts instead of built-in ones."""
    register_fonts()
    styles = getSampleStyleSheet()
    for name in styles.byName:
        style = styles[name]
        for attribute in ("fontName", "bulletFontName"):
            if hasattr(style, attribute):
                font = getattr(style, attribute)
                setattr(style, attribute, _BUILT_IN.get(font, font))
    return styles


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
