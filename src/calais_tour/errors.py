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

    def __init__(self, path: Path, line: int, message: str, severity: str = "error") -> None:
        # keep args == __init__ params so the exception pickles
        super().__init__(path, line, message, severity)
        self.path, self.line, self.message, self.severity = path, line, message, severity

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.is_warning else ""
        return f"{display_path(self.path)}:{self.line}: {prefix}{self.message}"


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
