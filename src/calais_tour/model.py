"""The tour as the app sees it: frozen dataclasses, built once by the loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from pathlib import Path

from .hours import Hours
from .publisher import Publisher


@dataclass(frozen=True)
class Source:
    """A published source a stop's story relies on."""

    title: str
    url: str
    titles: Mapping[str, str] = field(default_factory=dict)  # the title in other languages

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` where the tour gives one, else the source's own."""
        return self.titles.get(lang, self.title)


@dataclass(frozen=True)
class Notice:
    """A dated notice for visitors ("The museum is closed until 1 February")."""

    text: str
    start: date | None = None
    end: date | None = None  # the last day it is shown

    def applies(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Recording:
    """A recorded narration of a stop in one language: a file below the tour's media/."""

    name: str
    seconds: float
    size: int


@dataclass(frozen=True)
class StopText:
    """A stop's text in one language; Markdown fields are already rendered to HTML."""

    title: str
    teaser: str
    look_for: tuple[str, ...]
    practical_html: str
    directions_html: str
    story_html: str
    story_words: int
    talking_points: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()
    media: tuple[str, ...] = field(default=())  # files below the tour's media/ folder
    recording: Recording | None = None  # recorded narration, also listed in media
    to_confirm: tuple[str, ...] = ()  # facts the guide still has to check on site

    def notices_on(self, day: date) -> tuple[Notice, ...]:
        return tuple(n for n in self.notices if n.applies(day))


@dataclass(frozen=True)
class Stop:
    """A place on the walk, the same in every language."""

    slug: str
    code: str
    lat: float
    lon: float
    radius_m: float
    sources: tuple[Source, ...]
    texts: Mapping[str, StopText]
    pin_uncertainty_m: float | None = None  # how far the pin may be off, until surveyed
    hours: Hours | None = None  # opening hours, for a place that has them
    place: str | None = None  # the square or street it is in, by its local name

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


@dataclass(frozen=True)
class Leg:
    """The walk from one stop to the next."""

    start: Stop
    end: Stop
    distance_m: int
    minutes: int
    bearing_deg: float
    path: tuple[tuple[float, float], ...] = ()  # waypoints along the streets, if given

    @property
    def line(self) -> tuple[tuple[float, float], ...]:
        """The walk as drawn: from the stop, along the path if any, to the next stop."""
        return (self.start.point, *self.path, self.end.point)


@dataclass(frozen=True)
class TourText:
    """A tour's title, description, introduction and closing note in one language."""

    title: str
    description: str
    intro_html: str
    closing_html: str


@dataclass(frozen=True)
class Tour:
    """An ordered walk through stops, written in one or more languages."""

    slug: str
    languages: tuple[str, ...]
    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]
    texts: Mapping[str, TourText]
    folder: Path  # where its files are (media/ among them)
    publisher: Publisher | None = None  # the office named on its signs

    def stop(self, slug: str) -> Stop | None:
        """Return the stop with this slug, or None."""
        return next((s for s in self.stops if s.slug == slug), None)

    def position(self, stop: Stop) -> int:
        """Return the stop's 1-based position in the walk."""
        return self.stops.index(stop) + 1

    def previous(self, stop: Stop) -> Stop | None:
        i = self.stops.index(stop)
        return self.stops[i - 1] if i > 0 else None

    def next(self, stop: Stop) -> Stop | None:
        i = self.stops.index(stop)
        return self.stops[i + 1] if i + 1 < len(self.stops) else None

    def leg_to(self, stop: Stop) -> Leg | None:
        """Return the leg that ends at ``stop`` (None for the first stop)."""
        return next((leg for leg in self.legs if leg.end is stop), None)

    def leg_from(self, stop: Stop) -> Leg | None:
        """Return the leg that starts at ``stop`` (None for the last stop)."""
        return next((leg for leg in self.legs if leg.start is stop), None)

    @property
    def distance_m(self) -> int:
        return sum(leg.distance_m for leg in self.legs)

    @property
    def route(self) -> tuple[tuple[float, float], ...]:
        """The whole walk as one line, along the legs' paths where they have one."""
        if not self.legs:
            return tuple(s.point for s in self.stops)
        return (self.stops[0].point, *(p for leg in self.legs for p in leg.line[1:]))

    @property
    def estimated(self) -> bool:
        """Whether a leg has no path, so its distance is an estimate."""
        return any(not leg.path for leg in self.legs)

    @property
    def minutes(self) -> int:
        return sum(leg.minutes for leg in self.legs)


@dataclass(frozen=True)
class Catalog:
    """Every loaded tour, with lookups by slug and by printed stop code."""

    tours: tuple[Tour, ...]
    version: str = ""  # a hash of every tour file: what changes a page changes this

    def tour(self, slug: str) -> Tour | None:
        return next((t for t in self.tours if t.slug == slug), None)

    def in_language(self, lang: str) -> tuple[Tour, ...]:
        """Return the tours written in ``lang``."""
        return tuple(t for t in self.tours if lang in t.languages)

    def by_code(self, code: str) -> tuple[Tour, Stop] | None:
        """Return the tour and stop printed with ``code`` (case-insensitive)."""
        wanted = code.casefold()
        for tour in self.tours:
            for stop in tour.stops:
                if stop.code.casefold() == wanted:
                    return tour, stop
        return None
