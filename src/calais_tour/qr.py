"""QR codes for the printed stop signs: payload, matrix, SVG and PNG, and print sizes.

The rules behind the numbers: error correction Q by default (M allowed), a quiet zone of 4
modules (ISO/IEC 18004), the smallest version that fits, dark on light, and a code width of a
tenth of the reading distance
(https://delivr.com/faq/1289/qr-code-printing-guidelines-best-practices). Q, not M: with
our short URLs (versions 2-3) M failed to decode with 10 % of the centre covered in 5 of 8
cases, Q in none, and Q costs no extra version for a real host name.
"""

from __future__ import annotations

import io
from typing import Literal
from xml.sax.saxutils import escape

import qrcode
import qrcode.constants
from PIL import Image

ErrorCorrection = Literal["M", "Q"]

# Only M and Q: L did not survive 10 % centre occlusion in our tests, and H costs modules
# (so smaller modules at the same print size) to protect a centre logo we do not print.
_ERROR_CORRECTION: dict[str, int] = {
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
}

#: The quiet zone on every side, in modules. ISO/IEC 18004 requires 4; readers fail to
#: find the finder patterns against a busy sign when it is narrower. Never lower it.
QUIET_ZONE_MODULES = 4

#: Reading distance divided by code width: "distance ≈ 10 × code width" is the common rule
#: of thumb (https://delivr.com/faq/1289/qr-code-printing-guidelines-best-practices,
#: https://farqr.com/the-optimal-qr-code-scanning-distance-for-mobile-devices). It assumes
#: fair light; for poor light the same guides suggest 6–7:1, i.e. a bigger code.
DISTANCE_TO_WIDTH_RATIO = 10.0

MM_PER_INCH = 25.4


def qr_payload(base_url: str, code: str) -> str:
    """Return the URL printed in a stop's QR code: ``<base_url>/s/<code>``.

    The string is returned exactly, in its own case. Upper-casing it would let the encoder
    use alphanumeric mode (upper-case letters, digits and `` $%*+-./:``) and drop a version
    (e.g. v3 to v2 for ``https://tour.example.org/s/12``, modules 16 % bigger). Scheme and
    host are case-insensitive, but the path is not: Flask routes are case-sensitive, so
    ``/S/12`` would be a 404 on every sign ever printed, and printed URLs can never change.
    (Upper-casing only scheme and host, ``HTTPS://TOUR.EXAMPLE.ORG/s/12``, is also v2 at M
    because the encoder mixes segments; it is not done here, since not every scanner app may
    treat ``HTTPS://`` as a link, and that has not been tested on phones.)
    """
    return base_url.rstrip("/") + "/s/" + code


def _make(payload: str, error_correction: ErrorCorrection) -> qrcode.QRCode:
    """Build the smallest QR symbol that holds ``payload`` at ``error_correction``."""
    try:
        level = _ERROR_CORRECTION[error_correction]
    except KeyError:
        raise ValueError(
            f"error_correction must be one of {sorted(_ERROR_CORRECTION)}, not {error_correction!r}"
        ) from None
    qr = qrcode.QRCode(version=None, error_correction=level, border=QUIET_ZONE_MODULES)
    qr.add_data(payload)
    # fit=True picks the smallest version: fewer modules means bigger modules at a fixed width.
    qr.make(fit=True)
    return qr


def qr_version(payload: str, error_correction: ErrorCorrection = "Q") -> int:
    """Return the QR version (1–40) used for ``payload``."""
    return int(_make(payload, error_correction).version)


def symbol_modules(version: int) -> int:
    """Return the width in modules of a QR symbol of ``version``, quiet zone excluded."""
    if not 1 <= version <= 40:
        raise ValueError(f"QR versions are 1 to 40, not {version}")
    return 17 + 4 * version


def qr_matrix(payload: str, error_correction: ErrorCorrection = "Q") -> list[list[bool]]:
    """Return the modules of ``payload``'s QR code, True for dark, quiet zone included."""
    return [[bool(cell) for cell in row] for row in _make(payload, error_correction).get_matrix()]


def code_width_mm_for_distance(reading_distance_m: float) -> float:
    """Return the code width in mm needed to scan from ``reading_distance_m`` metres.

    Width is the symbol without its quiet zone; 1.5 m gives 150 mm.
    """
    if reading_distance_m <= 0:
        raise ValueError("reading_distance_m must be positive")
    return reading_distance_m * 1000.0 / DISTANCE_TO_WIDTH_RATIO


def module_mm_for_width(version_modules: int, code_width_mm: float) -> float:
    """Return the module size in mm that makes a ``version_modules`` symbol ``code_width_mm`` wide.

    The quiet zone comes on top: the printed square is ``version_modules + 8`` modules wide.
    """
    if version_modules < 21 or code_width_mm <= 0:
        raise ValueError("version_modules must be at least 21 and code_width_mm positive")
    return code_width_mm / version_modules


def px_per_module(module_size_mm: float, dpi: int = 300) -> int:
    """Return the whole number of pixels per module nearest to ``module_size_mm`` at ``dpi``."""
    # Whole pixels only: a fractional module width forces resampling, which blurs edges.
    return max(1, round(module_size_mm * dpi / MM_PER_INCH))


def _num(value: float) -> str:
    """Format ``value`` for SVG: at most 3 decimals (1 µm), no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def qr_svg(payload: str, *, module_mm: float, error_correction: ErrorCorrection = "Q") -> str:
    """Return a standalone SVG of ``payload``'s QR code, ``module_mm`` per module.

    The document declares its physical size in mm, quiet zone included; its user units are
    modules. Dark modules are one black path on a white rectangle, with no external references.
    """
    if module_mm <= 0:
        raise ValueError("module_mm must be positive")
    matrix = qr_matrix(payload, error_correction)
    size = len(matrix)
    # One horizontal run of dark modules per subpath: far smaller than a square per module,
    # and abutting runs leave no hairline seams between rows.
    runs: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    side = _num(size * module_mm)
    # An explicit white background: a transparent code printed on a coloured or dark sign
    # would be inverted or low-contrast, and some readers fail on inverted codes.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{side}mm" '
        f'height="{side}mm" viewBox="0 0 {size} {size}">\n'
        f"<title>{escape(payload)}</title>\n"
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>\n'
        f'<path fill="#000000" shape-rendering="crispEdges" d="{"".join(runs)}"/>\n'
        "</svg>\n"
    )


def qr_png(
    payload: str,
    *,
    px_per_module: int,
    dpi: int = 300,
    error_correction: ErrorCorrection = "Q",
) -> bytes:
    """Return a 1-bit PNG of ``payload``'s QR code, ``px_per_module`` pixels per module.

    The quiet zone is included and ``dpi`` is recorded in the pHYs chunk, so the print
    size is ``width_px / dpi`` inches; print it at 100 % and never rescale it.
    """
    if px_per_module < 1 or dpi < 1:
        raise ValueError("px_per_module and dpi must be at least 1")
    matrix = qr_matrix(payload, error_correction)
    size = len(matrix)
    # Mode "1": 0 is black, 1 is white. Dark on light, never inverted.
    small = Image.new("1", (size, size))
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    # Nearest-neighbour at a whole factor copies each module into an exact
    # px_per_module square: no interpolation, no grey edges.
    image = small.resize((size * px_per_module, size * px_per_module), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
