"""Warnings that do not stop a tour: arrival zones, legs, reading times, expired notices.

Each check takes the built model and says where to point with a :class:`Where`; a warning is
a :class:`ContentError` with severity ``"warning"``. The app serves a tour with warnings;
``calais-tour check`` prints them so that an author looks.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Protocol

from . import geo
from .errors import ContentError
from .model import Tour

GOOD_RADIUS_M = (20, 100)  # outside: below GPS error / prompts too early
LONG_LEG_M = 2000
READING_WORDS_PER_MIN = 150
#: a story this many times longer (and 3 min longer) than the walk that follows is flagged
READING_VS_WALK = 2


class Where(Protocol):
    """Where a tour's fields are written, for pointing at them."""

    toml_path: Path

    def stop_line(self, index: int, key: str) -> int:
        """The line of ``key`` in the index-th ``[[stops]]`` table of tour.toml."""

    def text_line(self, path: Path, key: str) -> int:
        """The line of ``key`` in a Markdown file's front matter (``"story"``: its body)."""


def _warning(path: Path, line: int, message: str) -> ContentError:
    return ContentError(path, line, message, "warning")


def lint(tour: Tour, where: Where, today: date) -> list[ContentError]:
    """Return every warning about ``tour``, in file order."""
    return [
        *radii(tour, where),
        *legs(tour, where),
        *expired_notices(tour, where, today),
        *reading_times(tour, where),
        *prose_distances(tour),
    ]


def radii(tour: Tour, where: Where) -> list[ContentError]:
    """Arrival zones below a phone's GPS error, too large, or smaller than the pin's doubt."""
    low, high = GOOD_RADIUS_M
    warnings = []
    for index, stop in enumerate(tour.stops):
        label, radius = f'stop "{stop.slug}"', stop.radius_m
        line = where.stop_line(index, "radius_m")
        if radius < low:
            warnings.append(_warning(
                where.toml_path, line, f"{label}: radius_m {radius:g} is below a phone's usual "
                f"GPS error in streets (10-20 m): arrival may go unnoticed; use {low} to {high}",
            ))
        elif radius > high:
            warnings.append(_warning(
                where.toml_path, line, f"{label}: radius_m {radius:g} is over {high} m: "
                "visitors would be told they have arrived before they can see the stop",
            ))
        if stop.pin_uncertainty_m is not None and radius < stop.pin_uncertainty_m:
            warnings.append(_warning(
                where.toml_path, where.stop_line(index, "pin_uncertainty_m"),
                f"{label}: the pin may be {stop.pin_uncertainty_m:g} m off, more than its arrival "
                f"zone ({radius:g} m): arrival may never be noticed there. Survey the pin on "
                "site, then lower pin_uncertainty_m",
            ))
    return warnings


def legs(tour: Tour, where: Where) -> list[ContentError]:
    """Legs too long for a walk (often swapped coordinates), and arrival zones that overlap."""
    warnings = []
    for index, leg in enumerate(tour.legs, 1):
        a, b = leg.start, leg.end
        if leg.distance_m > LONG_LEG_M:
            swapped = geo.walking_distance_m(a.point, (b.lon, b.lat)) <= LONG_LEG_M
            hint = ("did you swap lat and lon?" if swapped
                    else "check the coordinates, or add a stop between")
            warnings.append(_warning(
                where.toml_path, where.stop_line(index, "lat"),
                f'stop "{b.slug}": the walk from "{a.slug}" is about '
                f"{leg.distance_m / 1000:.1f} km, over {LONG_LEG_M / 1000:g} km: {hint}",
            ))
        apart = geo.distance_m(a.point, b.point)
        if apart < a.radius_m + b.radius_m:
            warnings.append(_warning(
                where.toml_path, where.stop_line(index, "radius_m"),
                f'stop "{b.slug}": its arrival zone ({b.radius_m:g} m) overlaps that of '
                f'"{a.slug}" ({a.radius_m:g} m), {apart:.0f} m away: shrink a radius or '
                "check the pins, or one arrival will hide the other",
            ))
    return warnings


def expired_notices(tour: Tour, where: Where, today: date) -> list[ContentError]:
    """Notices whose last day has passed: they are no longer shown, and should go."""
    warnings = []
    for stop in tour.stops:
        for lang in tour.languages:
            path = tour.folder / f"{stop.slug}.{lang}.md"
            for n, notice in enumerate(stop.texts[lang].notices, 1):
                if notice.end and notice.end < today:
                    warnings.append(_warning(
                        path, where.text_line(path, "notices"),
                        f"notice {n} expired on {notice.end}: it is no longer shown, remove it",
                    ))
    return warnings


def reading_times(tour: Tour, where: Where) -> list[ContentError]:
    """A story that takes far longer to read aloud than the walk that follows."""
    warnings = []
    for leg in tour.legs:
        for lang in tour.languages:
            reading = leg.start.texts[lang].story_words / READING_WORDS_PER_MIN
            if reading > READING_VS_WALK * leg.minutes and reading - leg.minutes >= 3:
                path = tour.folder / f"{leg.start.slug}.{lang}.md"
                warnings.append(_warning(
                    path, where.text_line(path, "story"),
                    f"the story takes about {reading:.0f} min to read aloud "
                    f"({READING_WORDS_PER_MIN} words a minute), the walk to "
                    f'"{leg.end.slug}" {leg.minutes} min: consider shortening it',
                ))
    return warnings


#: a stated distance or time this far from the computed one (a fraction) is flagged
PROSE_TOLERANCE = 0.25
DISTANCE_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(km|kilomet(?:er|re)s?|kilomètres?|m|met(?:er|re)s?|mètres?|Metern?)\b",
    re.IGNORECASE,
)
MINUTES_RE = re.compile(r"(\d+)\s*(?:min|minutes?|Minuten|minuten)\b", re.IGNORECASE)


def _stated(lines: list[str]) -> tuple[tuple[int, float] | None, tuple[int, float] | None]:
    """The first distance (metres) and the first time (minutes) stated, each with its line
    (0-based within ``lines``)."""
    metres = minutes = None
    for n, line in enumerate(lines):
        if metres is None and (m := DISTANCE_RE.search(line)):
            value = float(m.group(1).replace(",", "."))
            metres = (n, value * 1000 if m.group(2).lower().startswith("k") else value)
        if minutes is None and (t := MINUTES_RE.search(line)):
            minutes = (n, float(t.group(1)))
    return metres, minutes


def _section(lines: list[str], key: str | None) -> tuple[int, list[str]]:
    """The lines of a front matter field (a ``\"\"\"`` block or one line), or of the body
    after the closing ``+++`` when ``key`` is None; with the 0-based index of the first."""
    if key is None:
        marks = [n for n, line in enumerate(lines) if line.strip() == "+++"]
        first = marks[1] + 1 if len(marks) > 1 else len(lines)
        return first, lines[first:]
    start = next((n for n, line in enumerate(lines) if re.match(rf"\s*{key}\s*=", line)), None)
    if start is None:
        return 0, []
    if '"""' not in lines[start]:
        return start, [lines[start]]
    end = next((n for n in range(start + 1, len(lines)) if '"""' in lines[n]), len(lines))
    return start, lines[start:end + 1]


def prose_distances(tour: Tour) -> list[ContentError]:
    """Prose that states a walk's distance or time far from the computed one: the first of
    each in a stop's directions (against the walk there) and in the tour's description and
    introduction (against the whole walk), in every language."""
    checks: list[tuple[Path, str | None, int, int, str]] = []
    for lang in tour.languages:
        index = tour.folder / f"index.{lang}.md"
        for key in ("description", None):
            checks.append((index, key, tour.distance_m, tour.minutes, "the whole walk"))
        for stop in tour.stops:
            leg = tour.leg_to(stop)
            if leg is not None:
                checks.append((tour.folder / f"{stop.slug}.{lang}.md", "directions",
                               leg.distance_m, leg.minutes, f'the walk from "{leg.start.slug}"'))
    warnings = []
    for path, key, metres, minutes, what in checks:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # reported by the loader
        first, section = _section(lines, key)
        distance, time = _stated(section)
        for found, computed, unit, label in (
            (distance, metres, "m", "distance"), (time, minutes, "min", "walking time"),
        ):
            if found is None or computed <= 0:
                continue
            line, stated = found
            if abs(stated - computed) / computed > PROSE_TOLERANCE:
                shown = (f"{stated / 1000:g} km" if unit == "m" and stated >= 1000
                         else f"{stated:g} {unit}")
                warnings.append(_warning(
                    path, first + line + 1,
                    f"the text says {shown} ({label}), but {what} is {computed} {unit} by the "
                    f"coordinates (more than {PROSE_TOLERANCE:.0%} off): correct the text, "
                    "or check the pins",
                ))
    return warnings
