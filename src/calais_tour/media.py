"""A tour's media/ folder: which files may be there, and which are served.

Only files the tour's texts (or its publisher) refer to are served and saved offline, only
of the kinds a tour uses (images, recorded narration), and never a path that resolves outside
the tour's folder: a symbolic link in media/ could otherwise publish any file of the server.
``check`` reports every link, every file of another kind and every file nothing refers to.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from pathlib import PurePosixPath

from . import audio
from .errors import ContentError

#: the kinds of file a tour shows or plays (SVG is left out: it can carry script)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")
AUDIO_SUFFIXES = tuple(f".{ext}" for ext in audio.EXTENSIONS)
IMAGE_MAX_BYTES = 3_000_000


def resolve(folder: Path, name: str) -> Path | None:
    """Return the file ``media/<name>`` of the tour in ``folder``, when it is a regular file
    inside the folder reached through no link and no ``..``, else None."""
    media = folder / "media"
    if name.startswith("/") or ".." in PurePosixPath(name).parts or media.is_symlink():
        return None
    path = current = media / name
    while current != media:
        if current.is_symlink():
            return None
        current = current.parent
    return path if path.is_file() else None


def problems(folder: Path, referenced: Iterable[str]) -> list[ContentError]:
    """Report links, unsupported kinds, oversized images and unreferenced files in media/."""
    media = folder / "media"
    if not media.is_dir() or media.is_symlink():
        return [ContentError(media, 1, "media/ is a link: make it a folder of the tour")] \
            if media.is_symlink() else []
    used = set(referenced)
    found: list[ContentError] = []
    for path in sorted(media.rglob("*")):
        name = path.relative_to(media).as_posix()
        if path.is_symlink():
            found.append(ContentError(path, 1, "a link is never served: put the file itself "
                                      "in media/ (a link could publish any file of the server)"))
        elif path.is_dir():
            continue
        elif path.suffix.lower() not in IMAGE_SUFFIXES + AUDIO_SUFFIXES:
            found.append(ContentError(path, 1, f'"{path.suffix or path.name}" files are not '
                                      "served: media/ holds images (" + ", ".join(IMAGE_SUFFIXES)
                                      + ") and recordings (" + ", ".join(AUDIO_SUFFIXES) + ")"))
        elif path.suffix.lower() in IMAGE_SUFFIXES and path.stat().st_size > IMAGE_MAX_BYTES:
            found.append(ContentError(path, 1, f"image of {path.stat().st_size / 1e6:.1f} MB, "
                                      f"over {IMAGE_MAX_BYTES / 1e6:.0f} MB: visitors save it "
                                      "on their phones; resize it (1600 px wide is plenty)"))
        elif name not in used:
            found.append(ContentError(path, 1, "no text shows this file, so it is not served: "
                                      "refer to it or remove it", "warning"))
    return found
