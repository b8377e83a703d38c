"""Who publishes a tour: the ``[publisher]`` table of ``tour.toml``.

A tourist office names itself and its logo there; the printed signs keep a band for them
(left blank without one)::

    [publisher]
    name = "Office de tourisme de Calais"
    logo = "media/office-logo.png"   # PNG or JPEG in the tour's media/ folder
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from PIL import UnidentifiedImageError

from .errors import ContentError

FIELDS = ("name", "logo")
#: image formats a logo may be in (as Pillow names them): reportlab draws both in a PDF
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
NAME_MAX = 80


@dataclass(frozen=True)
class Publisher:
    """The office that publishes a tour, as printed on its signs."""

    name: str
    logo: str | None = None  # a file name below the tour's media/ folder

    def logo_path(self, folder: Path) -> Path | None:
        return folder / "media" / self.logo if self.logo else None


def _line(text: str, key: str | None) -> int:
    """The line of ``[publisher]`` (or of ``key`` in it), for messages."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines, 1)
                  if re.match(r"\s*\[publisher\]", line)), 1)
    if key is None:
        return start
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    for n in range(start, len(lines) + 1):
        if n > start and lines[n - 1].lstrip().startswith("["):
            break
        if pattern.match(lines[n - 1]):
            return n
    return start


def read(raw: object, folder: Path, toml_path: Path, text: str,
         problems: list[ContentError]) -> Publisher | None:
    """Check the ``[publisher]`` table; report each problem and return None if there is one
    (or no table)."""
    if raw is None:
        return None

    def err(key: str | None, message: str) -> None:
        problems.append(ContentError(toml_path, _line(text, key), f"publisher: {message}"))

    if not isinstance(raw, dict):
        err(None, 'write a table: [publisher] with name = "..." and, optionally, '
                  'logo = "media/<file>"')
        return None
    start = len(problems)
    for key in raw:
        if key not in FIELDS:
            err(key, f'unknown field "{key}" (fields: {", ".join(FIELDS)})')
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        err("name", 'name is required: the office as printed on the signs, e.g. '
                    'name = "Office de tourisme de Calais"')
    elif len(name) > NAME_MAX:
        err("name", f"name is {len(name)} characters long: keep it to {NAME_MAX}")
    logo = raw.get("logo")
    logo_name = None
    if logo is not None:
        logo_name = _logo(logo, folder, lambda m: err("logo", m))
    if len(problems) > start or not isinstance(name, str):
        return None
    return Publisher(name=name.strip(), logo=logo_name)


def _logo(value: object, folder: Path, err: Callable[[str], None]) -> str | None:
    """Check a logo's path and file; return its name below media/."""
    if not isinstance(value, str) or not value.startswith("media/"):
        err(f'logo "{value}": put the logo in the tour\'s media/ folder and write '
            "media/<file>")
        return None
    name = value.removeprefix("media/")
    media = (folder / "media").resolve()
    path = (folder / "media" / name).resolve()
    if not path.is_relative_to(media):
        err(f'logo "{value}" lies outside {folder.name}/media/')
        return None
    if not path.is_file():
        err(f'logo "{value}" not found in {folder.name}/media/')
        return None
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        kind = None
    if kind not in LOGO_FORMATS:
        err(f'logo "{value}" is not a PNG or JPEG image (signs print PNG and JPEG logos)')
        return None
    return name
