"""Build the model from ``tours/``, reporting every problem with its file and line.

This module knows the tour format and reads tour.toml; reading a file (``sourcefile``), the
Markdown texts (``texts``, rendered by ``markdown``) and the warnings that do not stop a tour
(``lint``) each have a module:

- ``tours/<tour>/tour.toml``: the languages and the ordered ``[[stops]]`` with
  slug, printed code, coordinates, geofence radius and sources;
- ``tours/<tour>/index.<lang>.md``: the tour's title, description, closing note
  (TOML front matter between ``+++`` lines) and its introduction (the body);
- ``tours/<tour>/<stop>.<lang>.md``: a stop's title, teaser, things to look for,
  practical notes and directions (front matter) and its story (the body).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType

from . import audio
from . import geo
from . import hours as opening_hours
from . import lint
from . import media
from . import paths
from . import publisher
from . import sourcefile
from .errors import ContentError
from .markdown import LINK_SCHEMES
from .model import Catalog
from .model import Leg
from .model import Source
from .model import Stop
from .model import Tour
from .sourcefile import TomlLines
from .texts import TextReader
from .texts import nonblank

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_RE = re.compile(r"[A-Za-z0-9]{1,8}")
RADIUS_RANGE_M = (15, 300)  # outside: an error

TOUR_FIELDS = ("languages", "stops", "publisher")
STOP_FIELDS = (
    "slug", "code", "lat", "lon", "radius_m", "pin_uncertainty_m", "sources", "hours", "place",
    "path",
)
#: what `calais-tour new-tour` writes where an author has to write something
PLACEHOLDER = "FILL IN"

#: the site's paths a tour text may link to, given the tours read (``site.paths``)
SitePaths = Callable[[Catalog], set[str]]


def load_catalog(
    tours_dir: Path, languages: Sequence[str], *, site_paths: SitePaths | None = None
) -> Catalog:
    """Load every tour below ``tours_dir``.

    :raise ExceptionGroup: of :class:`ContentError`, one per error, when any is found.
    """
    catalog, problems = check_tours(tours_dir, languages, site_paths=site_paths)
    errors = [p for p in problems if not p.is_warning]
    if errors or catalog is None:
        raise ExceptionGroup(f"invalid tour content in {tours_dir}", errors)
    return catalog


def check_tours(
    tours_dir: Path, languages: Sequence[str], *, site_paths: SitePaths | None = None,
    today: date | None = None, partial: bool = False,
) -> tuple[Catalog | None, list[ContentError]]:
    """Read every tour; return the catalog (None on errors) and every problem found.

    Internal links are checked against ``site_paths`` when it is given (the app and
    ``calais-tour check`` always give it); ``today`` dates notices (default: today).
    ``partial`` (the live preview) returns, even on errors, a catalog of what can be built:
    the tours, languages and stops whose own files are good enough to show.
    """
    problems: list[ContentError] = []
    if not tours_dir.is_dir():
        problems.append(ContentError(tours_dir, 1, "tours folder not found"))
        return None, problems
    folders = sorted(
        p for p in tours_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )
    if not folders:
        problems.append(
            ContentError(tours_dir / "<tour>" / "tour.toml", 1, "no tours found in this folder")
        )
    readers = [_TourReader(folder, languages, problems, partial, today or date.today())
               for folder in folders]
    read = [(tour, reader) for reader in readers if (tour := reader.read()) is not None]
    catalog = Catalog(tuple(tour for tour, _ in read), _content_hash(folders))
    _check_codes_unique(readers, problems)  # also of tours with errors elsewhere
    for tour, reader in read:
        if reader.complete:
            problems += lint.lint(tour, reader, today or date.today())
    if site_paths is not None:
        _check_links(site_paths(catalog), [x for r in readers for x in r.links], problems)
    if any(not p.is_warning for p in problems) and not partial:
        return None, problems
    return catalog, problems


def _content_hash(folders: Sequence[Path]) -> str:
    """Hash every file of the tours: what changes any page changes this."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder.parent)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _check_links(
    known: set[str], links: list[tuple[Path, int, str]], problems: list[ContentError]
) -> None:
    """Report internal links in tour texts that lead nowhere (short links ignore case)."""
    known = known | {path.casefold() for path in known if path.startswith("/s/")}
    for path, line, href in links:
        target = href.split("#")[0].split("?")[0]
        if href.startswith(LINK_SCHEMES) or href.startswith("#"):
            continue
        if not target.startswith("/"):
            problems.append(ContentError(path, line, f'link "{href}": write internal links as '
                                         'site paths starting with "/", e.g. /en/<tour>/<stop>/'))
        elif (target.casefold() if target.startswith("/s/") else target) not in known:
            close = difflib.get_close_matches(target, sorted(known), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(ContentError(path, line, f'dead link "{href}": no such page{hint}'))


def completeness(tours_dir: Path, problems: Sequence[ContentError]) -> list[str]:
    """Say, per tour and language, how many stops have a text free of errors."""
    broken = {p.path for p in problems if not p.is_warning}
    lines = []
    for toml in sorted(tours_dir.glob("*/tour.toml")):
        try:
            data = tomllib.loads(toml.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            lines.append(f"{toml.parent.name}: tour.toml does not parse")
            continue
        slugs = [s.get("slug") for s in data.get("stops", []) if isinstance(s, dict)]
        parts = []
        for lang in data.get("languages", []) if isinstance(data.get("languages"), list) else []:
            files = [toml.parent / f"{slug}.{lang}.md" for slug in slugs]
            ready = sum(1 for f in files if f.is_file() and f not in broken)
            parts.append(f"{lang} {ready}/{len(files)}")
        lines.append(f"{toml.parent.name}: stops ready per language: {', '.join(parts)}")
    return lines


def _check_codes_unique(readers: list[_TourReader], problems: list[ContentError]) -> None:
    """Report codes used twice, from every tour.toml that could be read (a tour with errors
    elsewhere included: a clash is reported with the other problems, not after them)."""
    seen: dict[str, tuple[str, str]] = {}
    for reader in readers:
        for index, slug, code in reader.codes:
            key = code.casefold()
            if key in seen:
                other_tour, other = seen[key]
                problems.append(
                    ContentError(
                        reader.toml_path,
                        reader.stop_line(index, "code"),
                        f'stop "{slug}": code "{code}" is already used by stop '
                        f'"{other}" of tour "{other_tour}" (codes are printed on '
                        "signs and must be unique across all tours, ignoring case)",
                    )
                )
            else:
                seen[key] = (reader.folder.name, slug)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _TourReader(TextReader):
    """Read one tour folder, appending every problem to ``problems``: tour.toml here, the
    Markdown texts in :class:`TextReader`.

    It is also the tour's :class:`lint.Where`: it knows the line of every field it read.
    """

    def __init__(
        self, folder: Path, languages: Sequence[str], problems: list[ContentError],
        partial: bool = False, today: date | None = None,
    ):
        super().__init__(folder, problems)
        self.today = today or date.today()
        self.partial = partial  # build what can be built, despite errors (preview)
        self.complete = False  # read without errors
        self.codes: list[tuple[int, str, str]] = []  # (index, slug, code) of well-formed codes
        self.app_languages = tuple(languages)
        self.lines = TomlLines("")  # tour.toml's lines, once read
        self.paths: dict[str, tuple[str, tuple[geo.Point, ...]]] = {}  # slug: (from, points)

    # lint.Where
    def stop_line(self, index: int, key: str) -> int:
        return self.lines.field(index, key)

    def text_line(self, path: Path, key: str) -> int:
        front = self.front.get(path)
        if front is None:
            return 1
        return front.body_line if key == "story" else front.line(key)

    def read(self) -> Tour | None:
        start = len(self.problems)
        if not SLUG_RE.fullmatch(self.folder.name):
            self.error(
                self.toml_path,
                1,
                f'tour folder name "{self.folder.name}" is not a slug: use lowercase '
                "letters, digits and single hyphens (it becomes part of the URL)",
            )
        if not self.toml_path.is_file():
            self.error(self.toml_path, 1, "file missing: every folder in tours/ is a tour")
            return None
        sources = {p: sourcefile.read(p, self.problems)
                   for p in [self.toml_path, *sorted(self.folder.glob("*.md"))]}
        self.sources = {p: s for p, s in sources.items() if s is not None}
        self.problems += sourcefile.placeholders(self.sources.values(), PLACEHOLDER)
        toml = self.sources.get(self.toml_path)
        parsed = None if toml is None else sourcefile.parse_toml(
            self.toml_path, toml.text, self.problems)
        if parsed is None:
            self._check_texts_alone()
            return None
        data, toml_text = parsed
        self.lines = TomlLines(toml_text)
        for key, hint in sourcefile.unknown_keys(data, TOUR_FIELDS):
            self.error(self.toml_path, self.lines.field(None, key),
                       f'tour: unknown field "{key}"{hint}')
        languages = self._languages(data.get("languages"))
        raw_stops = data.get("stops")
        if not isinstance(raw_stops, list) or not raw_stops:
            self.error(self.toml_path, 1, "no stops: add at least one [[stops]] table")
            raw_stops = []
        self._raw_stops: list[object] = raw_stops
        stops = [self._stop(i, raw, languages) for i, raw in enumerate(raw_stops)]
        self._check_unique_slugs([r.get("slug") if isinstance(r, dict) else None
                                  for r in raw_stops])
        texts = self._tour_texts(languages, self.lines.field(None, "languages"))
        raw_slugs = {r.get("slug") for r in raw_stops if isinstance(r, dict)}
        self._check_stray_files(languages, {s for s in raw_slugs if isinstance(s, str)})
        office = publisher.read(data.get("publisher"), self.folder, self.toml_path, toml_text,
                                self.problems)
        built = tuple(s for s in stops if s is not None)
        self._check_paths(raw_stops, stops)
        referenced = {name for stop in built for text in stop.texts.values()
                      for name in text.media}
        # a recording is found by its name, <stop>.<lang>.<ext>: a broken one is reported
        # by the audio check, not again as a file no text shows
        referenced |= {f"{slug}.{lang}.{ext}" for slug in raw_slugs if isinstance(slug, str)
                       for lang in languages for ext in audio.EXTENSIONS}
        self.problems += media.problems(self.folder, referenced | (
            {office.logo} if office and office.logo else set()))
        self.complete = not self._errors_since(start)
        if not self.complete and not self.partial:
            return None
        # partial (preview): the languages with an introduction, the stops written in all
        languages = tuple(lang for lang in languages if lang in texts)
        ok_stops = tuple(
            s for n, s in enumerate(stops) if s is not None
            and all(lang in s.texts for lang in languages)
            and s.slug not in {o.slug for o in stops[:n] if o is not None}
        )
        if not languages or not ok_stops:
            return None
        return Tour(
            slug=self.folder.name,
            languages=languages,
            stops=ok_stops,
            legs=_legs(ok_stops, self.paths),
            texts=MappingProxyType(texts),
            folder=self.folder,
            publisher=office,
        )

    def _check_texts_alone(self) -> None:
        """Check the Markdown files when tour.toml cannot be read: their own problems
        (front matter, required fields, Markdown) are still worth saying in the same run."""
        for path in sorted(self.folder.glob("*.md")):
            parts = path.name.split(".")
            if len(parts) != 3:
                continue
            if parts[0] == "index":
                self._tour_texts((parts[1],), 1)
            else:
                self._stop_text(path)

    def _languages(self, value: object) -> tuple[str, ...]:
        line = self.lines.field(None, "languages")
        supported = ", ".join(self.app_languages)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.error(
                self.toml_path, line, f'"languages" must list the tour\'s languages, e.g. ["en"] '
                f"(supported: {supported})"
            )
            return ()
        result = []
        for lang in value:
            if lang not in self.app_languages:
                self.error(
                    self.toml_path, line,
                    f'language "{lang}" is not supported (supported: {supported})'
                )
            elif lang in result:
                self.error(self.toml_path, line, f'language "{lang}" is listed twice')
            else:
                result.append(lang)
        return tuple(result)

    def _stop(self, index: int, raw: object, languages: tuple[str, ...]) -> Stop | None:
        start = len(self.problems)
        header = self.lines.field(index, "[[stops]]")
        label = f"stop {index + 1}"
        if not isinstance(raw, dict):
            self.error(self.toml_path, header, f"{label}: must be a [[stops]] table")
            return None

        def err(key: str, message: str) -> None:
            self.error(self.toml_path, self.lines.field(index, key), message)

        slug = raw.get("slug")
        if not isinstance(slug, str) or not slug:
            err("slug", f'{label}: missing "slug" (the stop\'s name in its URL, e.g. "citadel")')
            slug = None
        elif not SLUG_RE.fullmatch(slug):
            err("slug", f'{label}: slug "{slug}" must be lowercase letters, digits and '
                "single hyphens")
            slug = None
        else:
            label = f'stop "{slug}"'
        for key, hint in sourcefile.unknown_keys(raw, STOP_FIELDS):
            err(key, f'{label}: unknown field "{key}"{hint}')

        code = raw.get("code")
        if isinstance(code, int) and not isinstance(code, bool) and code >= 0:
            code = str(code)
        if code is None:
            err("code", f'{label}: missing "code" (the short number printed on the sign, e.g. "1")')
        elif not isinstance(code, str) or not CODE_RE.fullmatch(code):
            err("code", f"{label}: code {code!r} must be 1 to 8 letters or digits")
        else:
            self.codes.append((index, slug or label, code))

        coords = {}
        for key, limit in (("lat", 90), ("lon", 180)):
            value = raw.get(key)
            if value is None:
                err(key, f'{label}: missing "{key}"')
            elif not _is_number(value):
                err(key, f"{label}: {key} {value!r} must be a number in decimal degrees")
            elif not -limit <= value <= limit:
                other = raw.get("lon")
                swapped = key == "lat" and _is_number(other) and abs(float(other or 0)) <= 90
                hint = " (did you swap lat and lon?)" if swapped else ""
                err(key, f"{label}: {key} {value} is outside -{limit}..{limit}{hint}")
            else:
                coords[key] = float(value)

        radius = raw.get("radius_m")
        low, high = RADIUS_RANGE_M
        if radius is None:
            err("radius_m", f'{label}: missing "radius_m" (the arrival zone around the stop, '
                f"in metres, {low} to {high})")
        elif not _is_number(radius) or not low <= radius <= high:
            err("radius_m", f"{label}: radius_m {radius!r} must be a number of metres "
                f"from {low} to {high}")
        uncertainty = raw.get("pin_uncertainty_m")
        if uncertainty is not None and (not _is_number(uncertainty) or uncertainty < 0):
            err("pin_uncertainty_m", f"{label}: pin_uncertainty_m {uncertainty!r} must be a "
                "number of metres (how far the pin may be from the place, e.g. 100)")
            uncertainty = None

        sources = self._sources(raw.get("sources", []), languages,
                                lambda m: err("sources", f"{label}: {m}"))
        hours, hours_problems = (None, []) if raw.get("hours") is None else opening_hours.parse(
            raw["hours"], self.lines, index, label, self.toml_path, self.today)
        self.problems += hours_problems
        place = raw.get("place")
        if place is not None and not nonblank(place):
            err("place", f'{label}: place must be the name of the square or street where the '
                'stop is, e.g. "Place d\'Armes"')
        if "path" in raw:
            points, message = paths.parse(raw["path"])
            if message:
                err("path", f"{label}: {message}")
            elif index == 0:
                err("path", f"{label}: the first stop has no walk to it, so no path")
            elif slug is not None and isinstance(raw_from := self._raw_slug(index - 1), str):
                self.paths[slug] = (raw_from, points)
        fields_ok = not self._errors_since(start)
        texts = {}
        if slug is not None:
            for lang in languages:
                path = self.folder / f"{slug}.{lang}.md"
                if not path.is_file():
                    err("slug", f"{label}: no text in \"{lang}\" (expected {path.name})")
                    continue
                text = self._stop_text(path)
                if text is not None:
                    texts[lang] = text
        if self._errors_since(start) and not (self.partial and fields_ok):
            return None
        assert isinstance(slug, str) and isinstance(code, str) and _is_number(radius)
        return Stop(
            slug=slug,
            code=code,
            lat=coords["lat"],
            lon=coords["lon"],
            radius_m=float(radius),  # type: ignore[arg-type]
            sources=sources,
            texts=MappingProxyType(texts),
            pin_uncertainty_m=None if uncertainty is None else float(uncertainty),
            hours=hours,
            place=nonblank(place),
        )

    def _sources(
        self, value: object, languages: tuple[str, ...], err: Callable[[str], None]
    ) -> tuple[Source, ...]:
        example = ('like [{ title = "...", url = "https://..." }], the title optionally per '
                   'language: title = { en = "...", fr = "..." }')
        if not isinstance(value, list):
            err(f'"sources" must be a list {example}')
            return ()
        result = []
        for n, item in enumerate(value, 1):
            title = item.get("title") if isinstance(item, dict) else None
            titles = title if isinstance(title, dict) else {}
            if isinstance(title, dict):
                unknown = [lang for lang in titles if lang not in languages]
                if unknown:
                    err(f'source {n}: title in "{unknown[0]}", which is not one of the tour\'s '
                        f"languages ({', '.join(languages)})")
                    continue
                title = next((titles[lang] for lang in languages if lang in titles), None)
            if not isinstance(item, dict) or not nonblank(title) or not all(
                nonblank(t) for t in titles.values()
            ):
                err(f"source {n} needs a title, {example}")
            elif not isinstance(item.get("url"), str) or not re.match(
                r"https?://[^\s/]+", item["url"]
            ):
                err(f"source {n}: url must start with https:// or http://")
            else:
                assert isinstance(title, str)
                result.append(Source(title=title.strip(), url=item["url"], titles=MappingProxyType(
                    {lang: text.strip() for lang, text in titles.items()})))
        return tuple(result)

    def _raw_slug(self, index: int) -> object:
        raw = self._raw_stops[index] if 0 <= index < len(self._raw_stops) else None
        return raw.get("slug") if isinstance(raw, dict) else None

    def _check_paths(self, raw_stops: list[object], stops: list[Stop | None]) -> None:
        """Report paths that do not run from the previous stop to their own, or jump."""
        by_slug = {s.slug: (i, s) for i, s in enumerate(stops) if s is not None}
        for slug, (from_slug, points) in self.paths.items():
            if slug not in by_slug or from_slug not in by_slug:
                continue
            index, end = by_slug[slug]
            for message in paths.problems(points, by_slug[from_slug][1], end):
                self.error(self.toml_path, self.lines.field(index, "path"),
                           f'stop "{slug}": {message}')

    def _check_unique_slugs(self, slugs: list[object]) -> None:
        """Report a slug used twice, also when those stops have other errors."""
        seen: set[str] = set()
        for index, slug in enumerate(slugs):
            if not isinstance(slug, str) or not slug:
                continue
            if slug in seen:
                self.error(
                    self.toml_path, self.lines.field(index, "slug"),
                    f'stop "{slug}": slug is used twice in this tour',
                )
            seen.add(slug)

    def _check_stray_files(self, languages: tuple[str, ...], slugs: set[str]) -> None:
        """Report Markdown files that no stop or language would ever show."""
        for path in sorted(self.folder.glob("*.md")):
            parts = path.name.split(".")
            if len(parts) != 3:
                self.error(path, 1, "unexpected file name: expected <stop>.<lang>.md "
                           "or index.<lang>.md")
            elif parts[1] not in languages:
                self.error(path, 1, f'language "{parts[1]}" is not listed in tour.toml '
                           f"languages ({', '.join(languages)})")
            elif parts[0] != "index" and parts[0] not in slugs:
                close = difflib.get_close_matches(parts[0], sorted(slugs), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.error(path, 1, f'no stop "{parts[0]}" in tour.toml{hint}')


def _legs(
    stops: tuple[Stop, ...], routes: dict[str, tuple[str, tuple[geo.Point, ...]]]
) -> tuple[Leg, ...]:
    """The walks between consecutive stops: along their paths where given (``routes``: a
    stop's slug to the stop its path comes from, and the points), else estimated."""
    legs = []
    for a, b in zip(stops, stops[1:], strict=False):
        from_slug, path = routes.get(b.slug, ("", ()))
        if from_slug != a.slug:  # the preview may leave a stop out: that path is not this leg
            path = ()
        metres = (int(round(geo.path_length_m((a.point, *path, b.point)), -1)) if path
                  else geo.walking_distance_m(a.point, b.point))
        legs.append(Leg(start=a, end=b, distance_m=metres, minutes=geo.walking_minutes(metres),
                        bearing_deg=geo.bearing_deg(a.point, b.point), path=path))
    return tuple(legs)

