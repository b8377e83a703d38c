"""Read ``tours/`` into frozen tours, reporting every problem with its file and line.

This is the only module that knows the file format:

- ``tours/<tour>/tour.toml``: the languages and the ordered ``[[stops]]`` with
  slug, printed code, coordinates, geofence radius and sources;
- ``tours/<tour>/index.<lang>.md``: the tour's title, description, closing note
  (TOML front matter between ``+++`` lines) and its introduction (the body);
- ``tours/<tour>/<stop>.<lang>.md``: a stop's title, teaser, things to look for,
  practical notes and directions (front matter) and its story (the body).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from markdown_it import MarkdownIt

from . import audio
from . import geo
from .errors import ContentError
from .model import Catalog
from .model import Leg
from .model import Notice
from .model import Source
from .model import Stop
from .model import StopText
from .model import Tour
from .model import TourText

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_RE = re.compile(r"[A-Za-z0-9]{1,8}")
WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*")
RADIUS_RANGE_M = (15, 300)  # outside: an error
GOOD_RADIUS_M = (20, 100)  # outside: a warning (below GPS error / prompts too early)
LONG_LEG_M = 2000

TOUR_FIELDS = ("languages", "stops")
STOP_FIELDS = ("slug", "code", "lat", "lon", "radius_m", "sources")
TOUR_TEXT_FIELDS = ("title", "description", "closing")
STOP_TEXT_FIELDS = (
    "title", "teaser", "look_for", "talking_points", "practical", "directions", "notices",
    "recording",
)
NOTICE_FIELDS = ("text", "from", "until")
#: what `calais-tour new-tour` writes where an author has to write something
PLACEHOLDER = "FILL IN"
READING_WORDS_PER_MIN = 150
#: a story this many times longer (and 3 min longer) than the walk that follows is flagged
READING_VS_WALK = 2
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")

# raw HTML stays text: tour prose can never inject markup or scripts
_markdown = MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> str:
    """Render Markdown to HTML with raw HTML disabled."""
    return str(_markdown.render(text))


def _site_paths(tours: Sequence[Tour], tours_dir: Path) -> set[str]:
    """Every internal path a tour text may link to."""
    paths = set()
    for tour in tours:
        for lang in tour.languages:
            paths |= {f"/{lang}/", f"/{lang}/{tour.slug}/"}
            paths |= {f"/{lang}/{tour.slug}/{stop.slug}/" for stop in tour.stops}
        paths |= {f"/s/{stop.code.casefold()}" for stop in tour.stops}
        media = tours_dir / tour.slug / "media"
        if media.is_dir():
            paths |= {f"/media/{tour.slug}/{f.relative_to(media).as_posix()}"
                      for f in media.rglob("*") if f.is_file()}
    return paths


def _check_links(
    tours: Sequence[Tour], links: list[tuple[Path, int, str]], tours_dir: Path,
    problems: list[ContentError],
) -> None:
    """Report internal links in tour texts that lead nowhere."""
    known = _site_paths(tours, tours_dir)
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


def load_catalog(tours_dir: Path, languages: Sequence[str]) -> Catalog:
    """Load every tour below ``tours_dir``.

    :raise ExceptionGroup: of :class:`ContentError`, one per error, when any is found.
    """
    catalog, problems = check_tours(tours_dir, languages)
    errors = [p for p in problems if not p.is_warning]
    if errors or catalog is None:
        raise ExceptionGroup(f"invalid tour content in {tours_dir}", errors)
    return catalog


def check_tours(
    tours_dir: Path, languages: Sequence[str]
) -> tuple[Catalog | None, list[ContentError]]:
    """Read every tour; return the catalog (None on errors) and every problem found."""
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
    read: list[tuple[Tour, _TourReader]] = []
    links: list[tuple[Path, int, str]] = []
    for folder in folders:
        reader = _TourReader(folder, languages, problems)
        tour = reader.read()
        links += reader.links
        if tour is not None:
            read.append((tour, reader))
    tours = [tour for tour, _ in read]
    _check_codes_unique(read, problems)
    _check_links(tours, links, tours_dir, problems)
    if any(not p.is_warning for p in problems):
        return None, problems
    return Catalog(tuple(tours)), problems


def completeness(tours_dir: Path, problems: Sequence[ContentError]) -> list[str]:
    """Say, per tour and language, how many stops have a text free of errors."""
    broken = {p.path for p in problems if not p.is_warning}
    lines = []
    for toml in sorted(tours_dir.glob("*/tour.toml")):
        try:
            data = tomllib.loads(toml.read_text("utf-8"))
        except tomllib.TOMLDecodeError:
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


def _check_codes_unique(
    read: list[tuple[Tour, _TourReader]], problems: list[ContentError]
) -> None:
    seen: dict[str, tuple[Tour, Stop]] = {}
    for tour, reader in read:
        for index, stop in enumerate(tour.stops):
            key = stop.code.casefold()
            if key in seen:
                other_tour, other = seen[key]
                problems.append(
                    ContentError(
                        reader.toml_path,
                        reader.lines.field(index, "code"),
                        f'stop "{stop.slug}": code "{stop.code}" is already used by stop '
                        f'"{other.slug}" of tour "{other_tour.slug}" (codes are printed on '
                        "signs and must be unique across all tours, ignoring case)",
                    )
                )
            else:
                seen[key] = (tour, stop)


class _TomlLines:
    """Find the line of a key in tour.toml, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [n for n, line in enumerate(self.lines, 1) if line.strip() == "[[stops]]"]

    def _block(self, stop_index: int | None) -> tuple[int, int]:
        """Return the (first, last) line numbers of a stop's block, or of the top."""
        if stop_index is None:
            return 1, (self.headers[0] - 1 if self.headers else len(self.lines))
        if stop_index >= len(self.headers):
            return len(self.lines), len(self.lines)
        end = self.headers[stop_index + 1] - 1 if stop_index + 1 < len(self.headers) else None
        return self.headers[stop_index], end or len(self.lines)

    def field(self, stop_index: int | None, key: str) -> int:
        """Return the line of ``key`` in a stop's block (or the block's first line)."""
        first, last = self._block(stop_index)
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for n in range(first, last + 1):
            if pattern.match(self.lines[n - 1]):
                return n
        return max(first, 1)


def _toml_error_line(error: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """Return the line and the bare message of a TOML syntax error."""
    message = str(error)
    lineno = getattr(error, "lineno", None)  # Python 3.14+
    match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if match:
        message = message[: match.start()]
        lineno = lineno or int(match.group(1))
    if message.endswith("(at end of document)"):
        message = message.removesuffix("(at end of document)").rstrip()
        lineno = lineno or max(1, len(text.splitlines()))
    return lineno or 1, message


def _unknown_keys(
    found: Iterable[str], allowed: Sequence[str], report: Any, what: str
) -> None:
    for key in found:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            report(key, f'{what}: unknown field "{key}"{hint}')


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: object) -> str | None:
    """Return a stripped non-empty string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


class _TourReader:
    """Read one tour folder, appending every problem to ``problems``."""

    def __init__(self, folder: Path, languages: Sequence[str], problems: list[ContentError]):
        self.folder = folder
        self.toml_path = folder / "tour.toml"
        self.app_languages = tuple(languages)
        self.problems = problems
        self.links: list[tuple[Path, int, str]] = []  # checked once every tour is read
        self.lines = _TomlLines("")  # tour.toml's lines, once read
        self.story_lines: dict[Path, int] = {}

    def _errors_since(self, start: int, path: Path | None = None) -> bool:
        """Tell whether an error (not a warning) was reported since ``start``, for ``path``."""
        return any(
            not p.is_warning and (path is None or p.path == path) for p in self.problems[start:]
        )

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(ContentError(path, line, message))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.problems.append(ContentError(path, line, message, "warning"))

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
        self._check_placeholders()
        text = self.toml_path.read_text("utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, message = _toml_error_line(exc, text)
            self.error(self.toml_path, line, f"invalid TOML: {message}")
            return None
        lines = self.lines = _TomlLines(text)
        _unknown_keys(
            data, TOUR_FIELDS, lambda k, m: self.error(self.toml_path, lines.field(None, k), m),
            "tour",
        )
        languages = self._languages(data.get("languages"), lines)
        raw_stops = data.get("stops")
        if not isinstance(raw_stops, list) or not raw_stops:
            self.error(self.toml_path, 1, "no stops: add at least one [[stops]] table")
            raw_stops = []
        stops = [self._stop(i, raw, lines, languages) for i, raw in enumerate(raw_stops)]
        self._check_unique_slugs(stops, lines)
        texts = self._tour_texts(languages, lines.field(None, "languages"))
        raw_slugs = {r.get("slug") for r in raw_stops if isinstance(r, dict)}
        self._check_stray_files(languages, {s for s in raw_slugs if isinstance(s, str)})
        if self._errors_since(start):
            return None
        ok_stops = tuple(s for s in stops if s is not None)
        legs = self._legs(ok_stops, lines)
        self._check_reading_times(legs, languages)
        return Tour(
            slug=self.folder.name,
            languages=languages,
            stops=ok_stops,
            legs=legs,
            texts=MappingProxyType(texts),
        )

    def _languages(self, value: object, lines: _TomlLines) -> tuple[str, ...]:
        line = lines.field(None, "languages")
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

    def _stop(
        self, index: int, raw: object, lines: _TomlLines, languages: tuple[str, ...]
    ) -> Stop | None:
        start = len(self.problems)
        header = lines.field(index, "[[stops]]")
        label = f"stop {index + 1}"
        if not isinstance(raw, dict):
            self.error(self.toml_path, header, f"{label}: must be a [[stops]] table")
            return None

        def err(key: str, message: str) -> None:
            self.error(self.toml_path, lines.field(index, key), message)

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
        _unknown_keys(raw, STOP_FIELDS, err, label)

        code = raw.get("code")
        if isinstance(code, int) and not isinstance(code, bool) and code >= 0:
            code = str(code)
        if code is None:
            err("code", f'{label}: missing "code" (the short number printed on the sign, e.g. "1")')
        elif not isinstance(code, str) or not CODE_RE.fullmatch(code):
            err("code", f"{label}: code {code!r} must be 1 to 8 letters or digits")

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
        elif radius < GOOD_RADIUS_M[0]:
            self.warning(self.toml_path, lines.field(index, "radius_m"),
                         f"{label}: radius_m {radius} is below a phone's usual GPS error in "
                         f"streets (10-20 m): arrival may go unnoticed; use {GOOD_RADIUS_M[0]} "
                         f"to {GOOD_RADIUS_M[1]}")
        elif radius > GOOD_RADIUS_M[1]:
            self.warning(self.toml_path, lines.field(index, "radius_m"),
                         f"{label}: radius_m {radius} is over {GOOD_RADIUS_M[1]} m: visitors "
                         "would be told they have arrived before they can see the stop")

        sources = self._sources(raw.get("sources", []), lambda m: err("sources", f"{label}: {m}"))
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
        if self._errors_since(start):
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
        )

    def _sources(self, value: object, err: Any) -> tuple[Source, ...]:
        if not isinstance(value, list):
            err('"sources" must be a list like [{ title = "...", url = "https://..." }]')
            return ()
        result = []
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict) or not _text(item.get("title")):
                err(f"source {n} needs a title")
            elif not isinstance(item.get("url"), str) or not re.match(
                r"https?://[^\s/]+", item["url"]
            ):
                err(f"source {n}: url must start with https:// or http://")
            else:
                result.append(Source(title=item["title"].strip(), url=item["url"]))
        return tuple(result)

    def _check_unique_slugs(self, stops: list[Stop | None], lines: _TomlLines) -> None:
        seen: set[str] = set()
        for index, stop in enumerate(stops):
            if stop is None:
                continue
            if stop.slug in seen:
                self.error(
                    self.toml_path, lines.field(index, "slug"),
                    f'stop "{stop.slug}": slug is used twice in this tour',
                )
            seen.add(stop.slug)

    def _front_matter(
        self, path: Path, fields: Sequence[str]
    ) -> tuple[dict[str, Any], str, list[str]] | None:
        """Split a Markdown file into its TOML front matter and body."""
        text = path.read_text("utf-8")
        lines = text.splitlines()
        if not lines or lines[0].strip() != "+++":
            self.error(path, 1, "missing front matter: the file must start with a line "
                       "'+++', then TOML fields, then '+++'")
            return None
        close = next((n for n in range(1, len(lines)) if lines[n].strip() == "+++"), None)
        if close is None:
            self.error(path, 1, "front matter opened with '+++' is never closed")
            return None
        fm_text = "\n".join(lines[1:close])
        try:
            data = tomllib.loads(fm_text)
        except tomllib.TOMLDecodeError as exc:
            line, message = _toml_error_line(exc, fm_text)
            self.error(path, line + 1, f"invalid TOML in front matter: {message}")
            return None
        fm_lines = ["", *lines[: close]]  # index == line number

        def err(key: str, message: str) -> None:
            self.error(path, self._key_line(fm_lines, key), message)

        _unknown_keys(data, fields, err, "front matter")
        return data, "\n".join(lines[close + 1 :]), fm_lines

    @staticmethod
    def _key_line(fm_lines: list[str], key: str) -> int:
        pattern = re.compile(rf"\s*({re.escape(key)}\s*=|\[\[{re.escape(key)}\]\])")
        return next((n for n, line in enumerate(fm_lines) if pattern.match(line)), 1)

    def _check_placeholders(self) -> None:
        """Report every line still holding a placeholder from `calais-tour new-tour`."""
        for path in [self.toml_path, *sorted(self.folder.glob("*.md"))]:
            if not path.is_file():
                continue
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if PLACEHOLDER in line:
                    self.error(path, n, f"placeholder to fill in: {line.strip()[:80]}")

    def _render(self, path: Path, text: str, first_line: int) -> tuple[str, tuple[str, ...]]:
        """Render Markdown, checking its images and collecting its links for later.

        Images must be files in the tour's ``media/`` folder, written ``media/<file>``, with
        alt text; they are served from ``/media/<tour>/<file>``.
        """
        tokens = _markdown.parse(text)
        media = []
        for block in tokens:
            line = first_line + (block.map[0] if block.map else 0)
            for token in block.children or []:
                if token.type == "link_open":
                    self.links.append((path, line, str(token.attrGet("href") or "")))
                elif token.type == "image":
                    src = str(token.attrGet("src") or "")
                    if not token.content.strip():
                        self.error(path, line, f'image "{src}" has no alt text: write '
                                   "what it shows between the brackets, ![like this](...)")
                    name = src.removeprefix("media/")
                    if src.startswith(LINK_SCHEMES) or not src.startswith("media/"):
                        self.error(path, line, f'image "{src}": put images in the tour\'s '
                                   "media/ folder and write media/<file> (nothing is loaded "
                                   "from other sites)")
                    elif not (self.folder / "media" / name).is_file():
                        self.error(path, line, f'image "{src}" not found in '
                                   f"{self.folder.name}/media/")
                    else:
                        token.attrSet("src", f"/media/{self.folder.name}/{name}")
                        media.append(name)
        return _markdown.renderer.render(tokens, _markdown.options, {}), tuple(media)

    def _list_of_text(
        self, path: Path, data: dict[str, Any], fm: list[str], key: str, hint: str,
        required: bool = True,
    ) -> tuple[str, ...]:
        value = data.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value or not all(_text(x) for x in value):
            self.error(path, self._key_line(fm, key), f'"{key}" must list {hint}')
            return ()
        return tuple(x.strip() for x in value)

    def _notices(self, path: Path, value: object, fm: list[str]) -> tuple[Notice, ...]:
        if value is None:
            return ()
        line = self._key_line(fm, "notices")
        example = ('e.g. [[notices]] with text = "Closed until 1 February", '
                   "from = 2026-11-15, until = 2027-01-31")
        if not isinstance(value, list):
            self.error(path, line, f'"notices" must be a list of notices, {example}')
            return ()
        notices = []
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict) or not _text(item.get("text")):
                self.error(path, line, f"notice {n} needs a text, {example}")
                continue
            _unknown_keys(item, NOTICE_FIELDS,
                          lambda _k, m: self.error(path, line, m), f"notice {n}")
            start, end = item.get("from"), item.get("until")
            bad = [k for k, v in (("from", start), ("until", end))
                   if v is not None and type(v) is not date]
            if bad:
                self.error(path, line, f'notice {n}: "{bad[0]}" must be a date like 2027-01-31 '
                           "(no quotes)")
                continue
            if start and end and end < start:
                self.error(path, line, f"notice {n}: it ends ({end}) before it starts ({start})")
                continue
            if end and end < date.today():
                self.warning(path, line, f"notice {n} expired on {end}: it is no longer shown, "
                             "remove it")
            notices.append(Notice(item["text"].strip(), start, end))
        return tuple(notices)

    def _check_reading_times(self, legs: tuple[Leg, ...], languages: tuple[str, ...]) -> None:
        """Flag a story that takes far longer to read aloud than the walk that follows."""
        for leg in legs:
            for lang in languages:
                text = leg.start.texts[lang]
                reading = text.story_words / READING_WORDS_PER_MIN
                if reading > READING_VS_WALK * leg.minutes and reading - leg.minutes >= 3:
                    path = self.folder / f"{leg.start.slug}.{lang}.md"
                    self.warning(
                        path, self.story_lines.get(path, 1),
                        f"the story takes about {reading:.0f} min to read aloud "
                        f"({READING_WORDS_PER_MIN} words a minute), the walk to "
                        f'"{leg.end.slug}" {leg.minutes} min: consider shortening it',
                    )

    def _required(
        self, path: Path, data: dict[str, Any], fm_lines: list[str], key: str, hint: str
    ) -> str:
        value = _text(data.get(key))
        if value is None:
            line = self._key_line(fm_lines, key)
            state = "is empty" if key in data else "is missing"
            self.error(path, line, f'"{key}" {state}: {hint}')
            return ""
        return value

    def _body(self, path: Path, body: str, fm_lines: list[str], what: str) -> str:
        if not body.strip():
            self.error(path, len(fm_lines), f"{what} is empty: write it below the closing '+++'")
        return body

    def _stop_text(self, path: Path) -> StopText | None:
        start = len(self.problems)
        parsed = self._front_matter(path, STOP_TEXT_FIELDS)
        if parsed is None:
            return None
        data, body, fm = parsed
        title = self._required(path, data, fm, "title", "the stop's name as visitors see it")
        teaser = self._required(path, data, fm, "teaser", "one line that makes people read on")
        practical = self._required(path, data, fm, "practical", "access, hours and fees")
        directions = self._required(path, data, fm, "directions", "how to walk here")
        look_for = self._list_of_text(path, data, fm, "look_for",
                                      'things a visitor can see here, e.g. ["The gate"]')
        talking_points = self._list_of_text(
            path, data, fm, "talking_points", 'what a guide says here, e.g. ["Built in 1564."]',
            required=False,
        )
        notices = self._notices(path, data.get("notices"), fm)
        self._body(path, body, fm, "the story")
        body_line = len(fm) + 1
        self.story_lines[path] = body_line
        practical_html, _ = self._render(path, practical, self._key_line(fm, "practical"))
        directions_html, _ = self._render(path, directions, self._key_line(fm, "directions"))
        story_html, media = self._render(path, body, body_line)
        slug, lang = path.name.split(".")[:2]
        recording, problems = audio.find_recording(
            self.folder, slug, lang, data.get("recording"), path,
            self._key_line(fm, "recording"), len(WORD_RE.findall(body)),
        )
        self.problems += problems
        if self._errors_since(start, path):
            return None
        return StopText(
            title=title,
            teaser=teaser,
            look_for=look_for,
            practical_html=practical_html,
            directions_html=directions_html,
            story_html=story_html,
            story_words=len(WORD_RE.findall(body)),
            talking_points=talking_points,
            notices=notices,
            media=media + ((recording.name,) if recording else ()),
            recording=recording,
        )

    def _tour_texts(self, languages: tuple[str, ...], line: int) -> dict[str, TourText]:
        texts = {}
        for lang in languages:
            path = self.folder / f"index.{lang}.md"
            if not path.is_file():
                self.error(self.toml_path, line, f'no tour introduction in "{lang}" '
                           f"(expected {path.name})")
                continue
            start = len(self.problems)
            parsed = self._front_matter(path, TOUR_TEXT_FIELDS)
            if parsed is None:
                continue
            data, body, fm = parsed
            title = self._required(path, data, fm, "title", "the tour's name")
            description = self._required(
                path, data, fm, "description", "one sentence for search results and link previews"
            )
            closing = self._required(path, data, fm, "closing", "a closing note for the last stop")
            self._body(path, body, fm, "the introduction")
            intro_html, _ = self._render(path, body, len(fm) + 1)
            closing_html, _ = self._render(path, closing, self._key_line(fm, "closing"))
            if not self._errors_since(start, path):
                texts[lang] = TourText(
                    title=title,
                    description=description,
                    intro_html=intro_html,
                    closing_html=closing_html,
                )
        return texts

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

    def _legs(self, stops: tuple[Stop, ...], lines: _TomlLines) -> tuple[Leg, ...]:
        legs = []
        for index, (a, b) in enumerate(zip(stops, stops[1:], strict=False), 1):
            metres = geo.walking_distance_m(a.point, b.point)
            if metres > LONG_LEG_M:
                swapped = geo.walking_distance_m(a.point, (b.lon, b.lat)) <= LONG_LEG_M
                hint = (
                    "did you swap lat and lon?" if swapped
                    else "check the coordinates, or add a stop between"
                )
                self.warning(
                    self.toml_path, lines.field(index, "lat"),
                    f'stop "{b.slug}": the walk from "{a.slug}" is about {metres / 1000:.1f} km, '
                    f"over {LONG_LEG_M / 1000:g} km: {hint}",
                )
            apart = geo.distance_m(a.point, b.point)
            if apart < a.radius_m + b.radius_m:
                self.warning(
                    self.toml_path, lines.field(index, "radius_m"),
                    f'stop "{b.slug}": its arrival zone ({b.radius_m:g} m) overlaps that of '
                    f'"{a.slug}" ({a.radius_m:g} m), {apart:.0f} m away: shrink a radius or '
                    "check the pins, or one arrival will hide the other",
                )
            legs.append(
                Leg(
                    start=a, end=b, distance_m=metres, minutes=geo.walking_minutes(metres),
                    bearing_deg=geo.bearing_deg(a.point, b.point),
                )
            )
        return tuple(legs)
