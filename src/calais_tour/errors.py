"""Every error a user can see: content problems (``path:line: message``) and startup refusals."""

from __future__ import annotations

from pathlib import Path


class StartupError(Exception):
    """The app cannot start; the message says why and what to do."""


class ContentError(Exception):
    """A problem in a tour file, shown as ``path:line: message``.

    ``severity`` is ``"error"`` (the tour cannot be served) or ``"warning"``
    (the tour works, but an author should look).
    """

    def __init__(
        self, path: Path, line: int, message: str, severity: str = "error", column: int = 0
    ) -> None:
        # keep args == __init__ params so the exception pickles
        super().__init__(path, line, message, severity, column)
        self.path, self.line, self.message, self.severity = path, line, message, severity
        self.column = column  # 0: not known (shown as path:line: only)

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.is_warning else ""
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return f"{display_path(self.path)}:{where}: {prefix}{self.message}"


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    # never resolve the file itself: a link must be named as the link, not as its target
    absolute = path if path.is_absolute() else Path.cwd() / path
    for cwd in (Path.cwd(), Path.cwd().resolve()):
        for candidate in (absolute, absolute.parent.resolve() / absolute.name):
            if candidate.is_relative_to(cwd):
                return str(candidate.relative_to(cwd))
    return str(path)
