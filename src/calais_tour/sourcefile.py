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


_TRIPLE = '"' * 3


def toml_problem(error: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    """Explain a TOML syntax error in plain words: return its line, column and message.

    tomllib's messages ("Illegal character", "Invalid value") name the parser's state; a
    guide needs to hear which mistake it is, on the line where it was made.
    """
    lineno, raw = toml_error(error, text)
    lines = text.splitlines() or [""]
    match = re.search(r"column (\d+)\)$", str(error))
    column = int(match.group(1)) if match else 0
    lineno = min(max(lineno, 1), len(lines))
    line = lines[lineno - 1]
    key, eq, value = line.partition("=")
    value = value.strip()
    if ("Illegal character" in raw and ("\\n" in raw or "\\r" in raw)) or raw.startswith(
        ("Unterminated string", "Expected \"'\"", "Expected '\"'")
    ):
        if raw.startswith("Unterminated") or not match:
            lineno, column = _opening_line(lines, lineno, (_TRIPLE, "'''", '"', "'")), 0
        return lineno, column, (
            "a string is not closed: end the text with the quote it starts with "
            f"(\" or ', or {_TRIPLE} for text over several lines)"
        )
    if raw.startswith("Invalid value") or (
        raw.startswith("Expected newline or end of document") and eq
        and value[:1] not in ("'", '"')
    ):
        if eq and not value:
            return lineno, column, ('a value is missing after =: write one, e.g. "text" in '
                                    'quotes, a number like 50.95 or a list like ["a", "b"]')
        if eq and re.match(r"\d{4}-\d{1,2}-\d{1,2}", value):
            return lineno, column, ("this date is not valid: write it as YYYY-MM-DD, e.g. "
                                    "2027-01-31 (no quotes)")
        number = re.match(r"(-?[\d.]+)\s*[^\W\d]", value)
        if eq and number:
            return lineno, column, (f"a number is written without a unit or words after it: "
                                    f"{key.strip()} = {number.group(1)}")
        if eq and re.match(r"[^\W\d]", value) and value not in ("true", "false"):
            shown = value.strip("\"'")[:40] + ("..." if len(value.strip("\"'")) > 40 else "")
            return lineno, column, (f'this line needs quotes: write {key.strip()} = "{shown}" '
                                    "(text goes between double quotes)")
        return lineno, column, ('this value cannot be read: text goes between "quotes", numbers '
                                "are written like 50.95, dates like 2027-01-31, lists between [ ]")
    if raw.startswith("Expected newline or end of document"):
        return lineno, column, ("something follows the value on this line: put the whole text "
                                'inside the quotes (write \\" for a quote inside it), one '
                                "key = value per line")
    if raw.startswith("Unclosed array"):
        return (_opening_line(lines, lineno, ("[",)), 0,
                "a list is not closed: add ] after its last item")
    if raw.startswith("Unclosed inline table"):
        return _opening_line(lines, lineno, ("{",)), 0, "a { ... } table is not closed: add }"
    if "array declaration" in raw or "table declaration" in raw:
        return lineno, column, "a table header is not closed: write it like [[stops]]"
    if raw.startswith("Expected '=' after a key"):
        return lineno, column, ('a key needs = and a value, e.g. slug = "citadel" (is the = '
                                "missing, or does this text belong to the line above?)")
    if raw.startswith("Unescaped '\\'"):
        return lineno, column, ("a backslash in a string must be written twice (\\\\), "
                                "or use single quotes: 'C:\\folder'")
    if raw.startswith(("Cannot overwrite", "Cannot declare")):
        return _duplicate_line(lines, lineno), 0, ("a field is set twice in the same table "
                                                   "(or a table is declared twice): keep one")
    return lineno, column, f"this is not valid TOML ({raw})"


def _opening_line(lines: list[str], lineno: int, openers: tuple[str, ...]) -> int:
    """The line at or before ``lineno`` where an unclosed string, list or table opens."""
    for n in range(min(lineno, len(lines)), 0, -1):
        text = lines[n - 1]
        for opener in openers:
            closer = {"[": "]", "{": "}"}.get(opener, opener)
            count = text.count(opener)
            if (count > text.count(closer)) if closer != opener else count % 2 == 1:
                return n
    return lineno


def _duplicate_line(lines: list[str], lineno: int) -> int:
    """The line of a key set a second time within one table, else ``lineno``."""
    seen: set[str] = set()
    for n, text in enumerate(lines, 1):
        if text.strip().startswith("["):
            seen = set()
        key = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", text)
        if key:
            if key.group(1) in seen:
                return n
            seen.add(key.group(1))
    return lineno


def parse_toml(
    path: Path, text: str, problems: list[ContentError], first_line: int = 1,
    what: str = "invalid TOML",
) -> tuple[dict[str, Any], str] | None:
    """Parse TOML, reporting every syntax error (not only the first) in plain words.

    After an error its line is left out and the rest is read again, up to 10 times, so one
    typo does not hide the others. Returns what could be read and the text it was read
    from (same line numbers: left-out lines are blank), or None when nothing could be.
    """
    lines = text.splitlines()
    for _ in range(10):
        current = "\n".join(lines)
        try:
            return tomllib.loads(current), current
        except tomllib.TOMLDecodeError as exc:
            line, column, message = toml_problem(exc, current)
            problems.append(ContentError(
                path, line + first_line - 1, f"{what}: {message}", column=column,
            ))
            if not 1 <= line <= len(lines) or not lines[line - 1].strip() or (
                _TRIPLE in lines[line - 1] or "'''" in lines[line - 1]
            ):
                return None  # nothing left to leave out, or a long text: say no more
            lines[line - 1] = ""
    return None


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
    parsed = parse_toml(path, fm_text, problems, 2, "invalid TOML in front matter")
    if parsed is None:
        return None
    data = parsed[0]
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
