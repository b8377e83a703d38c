"""Start a new tour: two stops in every language, with placeholders ``check`` reports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .loader import CODE_RE
from .loader import PLACEHOLDER
from .loader import SLUG_RE


class ScaffoldError(Exception):
    """The tour cannot be created; the message says why."""


TOUR_TOML = """\
# {slug}: written by `calais-tour new-tour`. Fill in every placeholder, then run
# `calais-tour check`: it lists each one left.
# Stops are walked in this order. A code is printed on the stop's sign: never reuse or change
# one once printed. Coordinates are WGS84 decimal degrees (read them off OpenStreetMap).
languages = [{languages}]
{stops}"""

STOP_TOML = """
[[stops]]
slug = "stop-{n}"
code = "{code}"
lat = 0.0  # {mark}: latitude of stop {n}
lon = 0.0  # {mark}: longitude of stop {n}
radius_m = 30
sources = [{{ title = "{mark}: a source you used", url = "https://example.org/{mark_url}" }}]
"""

INDEX_MD = """\
+++
title = "{mark}: the tour's name"
description = "{mark}: one sentence for search results and link previews."
closing = \"\"\"
{mark}: a closing note for the last stop: where to go next.
\"\"\"
+++
{mark}: the introduction: what the walk covers, how long it takes, practical tips.
"""

STOP_MD = """\
+++
title = "{mark}: the name of stop {n}"
teaser = "{mark}: one line that makes people read on (printed on the sign)."
look_for = ["{mark}: something a visitor can see here."]
talking_points = ["{mark}: something a guide says here."]
practical = \"\"\"
{mark}: access, step-free access, opening hours and fees.
\"\"\"
directions = \"\"\"
{mark}: how to walk here from the previous stop.
\"\"\"
+++
{mark}: the story of this place, 250 to 450 words, with its sources in tour.toml.
"""


def _free_codes(tours_dir: Path, count: int) -> list[str]:
    """Return the next numeric codes not used by any tour (codes are unique site-wide)."""
    used = set()
    for toml in tours_dir.glob("*/tour.toml"):
        for line in toml.read_text("utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "code":
                used.add(value.split("#")[0].strip().strip('"').casefold())
    codes: list[str] = []
    n = 1
    while len(codes) < count:
        if str(n) not in used:
            codes.append(str(n))
        n += 1
    return codes


def new_tour(tours_dir: Path, slug: str, languages: Sequence[str]) -> Path:
    """Write the files of a new two-stop tour and return its folder."""
    if not SLUG_RE.fullmatch(slug):
        raise ScaffoldError(f'"{slug}" is not a slug: use lowercase letters, digits and single '
                            "hyphens (it becomes part of the URL)")
    folder = tours_dir / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists: choose another name")
    codes = _free_codes(tours_dir, 2)
    assert all(CODE_RE.fullmatch(c) for c in codes)
    folder.mkdir(parents=True)
    mark = PLACEHOLDER
    stops = "".join(
        STOP_TOML.format(n=n, code=code, mark=mark, mark_url=mark.replace(" ", "-").lower())
        for n, code in enumerate(codes, 1)
    )
    (folder / "tour.toml").write_text(TOUR_TOML.format(
        slug=slug, mark=mark, languages=", ".join(f'"{x}"' for x in languages), stops=stops,
    ), "utf-8")
    for lang in languages:
        (folder / f"index.{lang}.md").write_text(INDEX_MD.format(mark=mark), "utf-8")
        for n in (1, 2):
            (folder / f"stop-{n}.{lang}.md").write_text(STOP_MD.format(mark=mark, n=n), "utf-8")
    return folder
