"""Draw the app icons in static/icons/ (run again only to change their design).

A watchtower (the Tour du Guet of Calais Nord) on the tour's dark blue: "any" icons fill
the square; the maskable one keeps the tower inside the central 80 % safe zone.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL import ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"
BLUE, CREAM = (29, 59, 83), (244, 239, 230)


def tower(size: int, scale: float, rounded: bool) -> Image.Image:
    """Return a square icon of ``size`` px with the tower drawn at ``scale`` of the square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=BLUE)
    else:
        draw.rectangle((0, 0, size, size), fill=BLUE)
    s = size * scale / 64  # the design is on a 64-unit grid
    ox = oy = (size - 64 * s) / 2

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (ox + x0 * s, oy + y0 * s, ox + x1 * s, oy + y1 * s)

    draw.rectangle(box(24, 22, 40, 56), fill=CREAM)  # the shaft
    draw.rectangle(box(21, 16, 43, 22), fill=CREAM)  # the gallery
    for x in (21, 27, 33, 39):  # battlements
        draw.rectangle(box(x, 11, x + 4, 16), fill=CREAM)
    draw.rectangle(box(30, 30, 34, 38), fill=BLUE)  # a window
    draw.rectangle(box(14, 56, 50, 60), fill=CREAM)  # the ground
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        tower(size, 1.0, rounded=True).save(ICONS / f"icon-{size}.png", optimize=True)
    tower(512, 0.72, rounded=False).save(ICONS / "maskable-512.png", optimize=True)
    tower(180, 0.9, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
