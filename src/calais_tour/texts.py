"""A tour's texts: ``index.<lang>.md`` and ``<stop>.<lang>.md`` read into the model.

Each file is TOML front matter between ``+++`` lines, then a Markdown body: for a tour its
title, description and closing note, then the introduction; for a stop its title, teaser,
things to look for, practical notes, directions, notices, talking points, facts still to
confirm and an optional recording, then the story. Every problem is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import audio
from . import markdown
from . import sourcefile
from .errors import ContentError
from .model import Notice
from .model import StopText
from .model import TourText
from .sourcefile import FrontMatter
from .sourcefile import SourceFile

WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*")
TOUR_TEXT_FIELDS = ("title", "description", "closing")
STOP_TEXT_FIELDS = (
    "title", "teaser", "look_for", "talking_points", "practical", "directions", "notices",
    "recording", "to_confirm",
)
NOTICE_FIELDS = ("text", "from", "until")


def nonblank(value: object) -> str | None:
    """Return a stripped non-empty string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


class TextReader:
    """Read the Markdown texts of the tour in ``folder``, appending every problem."""

    def __init__(self, folder: Path, problems: list[ContentError]) -> None:
        self.folder = folder
        self.toml_path = folder / "tour.toml"
        self.problems = problems
        self.sources: dict[Path, SourceFile] = {}  # every file read, once
        self.links: list[tuple[Path, int, str]] = []  # checked once every tour is read
        self.front: dict[Path, FrontMatter] = {}  # each Markdown file's front matter

    def _errors_since(self, start: int, path: Path | None = None) -> bool:
        """Tell whether an error (not a warning) was reported since ``start``, for ``path``."""
        return any(
            not p.is_warning and (path is None or p.path == path) for p in self.problems[start:]
        )

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(ContentError(path, line, message))

    def _front_matter(self, path: Path, fields: Sequence[str]) -> FrontMatter | None:
        """Split a Markdown file into its TOML front matter and body, checking its keys."""
        source: SourceFile | None = self.sources.get(path)
        if source is None:  # not readable: already reported
            return None
        front = sourcefile.front_matter(source, self.problems)
        if front is None:
            return None
        self.front[path] = front
        for key, hint in sourcefile.unknown_keys(front.data, fields):
            self.error(path, front.line(key), f'front matter: unknown field "{key}"{hint}')
        return front

    def _render(self, path: Path, text: str, first_line: int) -> markdown.Rendered:
        rendered = markdown.render(text, path, first_line, self.folder, self.problems)
        self.links += rendered.links
        return rendered

    def _list_of_text(
        self, path: Path, front: FrontMatter, key: str, hint: str, required: bool = True,
    ) -> tuple[str, ...]:
        value = front.data.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value or not all(nonblank(x) for x in value):
            self.error(path, front.line(key), f'"{key}" must list {hint}')
            return ()
        return tuple(x.strip() for x in value)

    def _notices(self, path: Path, front: FrontMatter) -> tuple[Notice, ...]:
        value = front.data.get("notices")
        if value is None:
            return ()
        line = front.line("notices")
        example = ('e.g. [[notices]] with text = "Closed until 1 February", '
                   "from = 2026-11-15, until = 2027-01-31")
        if not isinstance(value, list):
            self.error(path, line, f'"notices" must be a list of notices, {example}')
            return ()
        notices = []
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict) or not nonblank(item.get("text")):
                self.error(path, line, f"notice {n} needs a text, {example}")
                continue
            for key, hint in sourcefile.unknown_keys(item, NOTICE_FIELDS):
                self.error(path, line, f'notice {n}: unknown field "{key}"{hint}')
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
            notices.append(Notice(item["text"].strip(), start, end))
        return tuple(notices)

    def _required(self, path: Path, front: FrontMatter, key: str, hint: str) -> str:
        value = nonblank(front.data.get(key))
        if value is None:
            state = "is empty" if key in front.data else "is missing"
            self.error(path, front.line(key), f'"{key}" {state}: {hint}')
            return ""
        return value

    def _body(self, path: Path, front: FrontMatter, what: str) -> str:
        if not front.body.strip():
            self.error(path, len(front.lines), f"{what} is empty: write it below the closing '+++'")
        return front.body

    def _stop_text(self, path: Path) -> StopText | None:
        start = len(self.problems)
        front = self._front_matter(path, STOP_TEXT_FIELDS)
        if front is None:
            return None
        title = self._required(path, front, "title", "the stop's name as visitors see it")
        teaser = self._required(path, front, "teaser", "one line that makes people read on")
        practical = self._required(path, front, "practical", "access, hours and fees")
        directions = self._required(path, front, "directions", "how to walk here")
        look_for = self._list_of_text(path, front, "look_for",
                                      'things a visitor can see here, e.g. ["The gate"]')
        talking_points = self._list_of_text(
            path, front, "talking_points", 'what a guide says here, e.g. ["Built in 1564."]',
            required=False,
        )
        to_confirm = self._list_of_text(
            path, front, "to_confirm", 'facts still to check on site, e.g. ["Opening hours"]',
            required=False,
        )
        notices = self._notices(path, front)
        body = self._body(path, front, "the story")
        practical_html = self._render(path, practical, front.line("practical")).html
        directions_html = self._render(path, directions, front.line("directions")).html
        story = self._render(path, body, front.body_line)
        slug, lang = path.name.split(".")[:2]
        recording, problems = audio.find_recording(
            self.folder, slug, lang, front.data.get("recording"), path,
            front.line("recording"), len(WORD_RE.findall(body)),
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
            story_html=story.html,
            story_words=len(WORD_RE.findall(body)),
            talking_points=talking_points,
            notices=notices,
            media=story.media + ((recording.name,) if recording else ()),
            recording=recording,
            to_confirm=to_confirm,
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
            front = self._front_matter(path, TOUR_TEXT_FIELDS)
            if front is None:
                continue
            title = self._required(path, front, "title", "the tour's name")
            description = self._required(
                path, front, "description", "one sentence for search results and link previews"
            )
            closing = self._required(path, front, "closing", "a closing note for the last stop")
            body = self._body(path, front, "the introduction")
            intro_html = self._render(path, body, front.body_line).html
            closing_html = self._render(path, closing, front.line("closing")).html
            if not self._errors_since(start, path):
                texts[lang] = TourText(
                    title=title,
                    description=description,
                    intro_html=intro_html,
                    closing_html=closing_html,
                )
        return texts
