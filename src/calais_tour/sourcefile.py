"""Reading one tour source file: its bytes, its text, TOML with line numbers, front matter.

Every problem is a :class:`ContentError` with the file and the line; nothing here knows what
a tour or a stop is. The text of a file is read once and kept, with its lines, so that error
messages and the content hash see the same bytes as the model.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError

#: the largest file of each kind that a tour may hold, in bytes: a tour file is prose a
#: guide types, and anything larger is a mistake (a pasted document, a wrong file)
MAX_BYTES = {".toml": 64_000, ".md": 128_000}


@dataclass(frozen=True)
class SourceFile:
    """A tour file read as UTF-8 text, with its lines (``lines[0]`` is line 1)."""

    path: Path
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def read(path: Path, problems: list[ContentError]) -> SourceFile | None:
    """Read ``path`` as UTF-8 text within its size limit; report why when it cannot be."""
    try:
        size = path.stat().st_size
        limit = MAX_BYTES.get(path.suffix, max(MAX_BYTES.values()))
        if size > limit:
            problems.append(ContentError(
                path, 1, f"file is {size / 1000:,.0f} kB, over the {limit // 1000} kB limit for "
                f"{path.suffix} files: is it the right file? Split a long story into stops",
            ))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(ContentError(path, 1, f"cannot be read: {error.strerror or error}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(ContentError(
            path, line, f"column {column}: byte 0x{data[error.start]:02x} is not UTF-8: save "
            "the file as UTF-8 (most editors offer it under 'Save as' or 'Encoding')",
        ))
        return None
    return SourceFile(path, text.removeprefix("\ufeff"))


def toml_error(error: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
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


class TomlLines:
    """Find the line of a key in a TOML file, for error messages.

    Top-level keys come before the first ``[[<table>]]`` header; each header starts a block.
    """

    def __init__(self, text: str, table: str = "stops") -> None:
        self.lines = text.splitlines()
        header = f"[[{table}]]"
        self.headers = [n for n, line in enumerate(self.lines, 1) if line.strip() == header]

    def _block(self, index: int | None) -> tuple[int, int]:
        """Return the (first, last) line numbers of a table's block, or of the top."""
        if index is None:
            return 1, (self.headers[0] - 1 if self.headers else len(self.lines))
        if index >= len(self.headers):
            return len(self.lines), len(self.lines)
        end = self.headers[index + 1] - 1 if index + 1 < len(self.headers) else None
        return self.headers[index], end or len(self.lines)

    def field(self, index: int | None, key: str) -> int:
        """Return the line of ``key`` in a block (or the block's first line)."""
        first, last = self._block(index)
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for n in range(first, last + 1):
            if pattern.match(self.lines[n - 1]):
                return n
        return max(first, 1)


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split into TOML fields and a body."""

    data: dict[str, Any]
    body: str
    body_line: int  # the line the body starts on
    lines: list[str]  # the front matter's lines; index == line number

    def line(self, key: str) -> int:
        """Return the line that sets ``key`` (or starts ``[[key]]``), else 1."""
        pattern = re.compile(rf"\s*({re.escape(key)}\s*=|\[\[{re.escape(key)}\]\])")
        return next((n for n, text in enumerate(self.lines) if pattern.match(text)), 1)


def front_matter(source: SourceFile, problems: list[ContentError]) -> FrontMatter | None:
    """Split a Markdown file into its TOML front matter (between ``+++`` lines) and body."""
    path, lines = source.path, source.lines
    if not lines or lines[0].strip() != "+++":
        problems.append(ContentError(path, 1, "missing front matter: the file must start with "
                                     "a line '+++', then TOML fields, then '+++'"))
        return None
    close = next((n for n in range(1, len(lines)) if lines[n].strip() == "+++"), None)
    if close is None:
        problems.append(ContentError(path, 1, "front matter opened with '+++' is never closed"))
        return None
    fm_text = "\n".join(lines[1:close])
    try:
        data = tomllib.loads(fm_text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error(exc, fm_text)
        problems.append(ContentError(path, line + 1, f"invalid TOML in front matter: {message}"))
        return None
    return FrontMatter(data, "\n".join(lines[close + 1:]), close + 2, ["", *lines[:close]])


def placeholders(sources: Iterable[SourceFile], marker: str) -> list[ContentError]:
    """Report every line still holding ``marker`` (what `calais-tour new-tour` writes)."""
    return [
        ContentError(source.path, n, f"placeholder to fill in: {line.strip()[:80]}")
        for source in sources
        for n, line in enumerate(source.lines, 1)
        if marker in line
    ]


def unknown_keys(found: Iterable[str], allowed: Sequence[str]) -> list[tuple[str, str]]:
    """Return (key, hint) for each key not in ``allowed``, the hint naming the closest one."""
    result = []
    for key in found:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            result.append((key, f' (did you mean "{close[0]}"?)' if close else ""))
    return result
