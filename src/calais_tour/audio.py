"""Recorded narration: find a stop's recording in its tour's media/ folder and check it.

A guide adds a recording of a stop's story in one language as ``media/<stop>.<lang>.<ext>``
(``ext`` one of :data:`EXTENSIONS`), or names any file of ``media/`` in the stop's front
matter (``recording = "harbour-en-take2.mp3"``). The page then plays it instead of reading
the story aloud with the phone's voice; the story stays on the page as its transcript.

Checks, reported as :class:`ContentError` (``path:line: message``): the file exists and its
audio can be read, it is not too long or too large to save on a phone, and its duration is
close to the story's reading time (the recording and its transcript should match).
"""

from __future__ import annotations

from pathlib import Path

import mutagen

from .errors import ContentError
from .model import Recording

#: the containers phones' browsers play: MP3, AAC in MP4, Ogg Vorbis/Opus, Opus
EXTENSIONS = ("mp3", "m4a", "ogg", "opus")
#: over this a recording is an error: too long to listen to at one stop
MAX_SECONDS = 15 * 60
#: over this a recording is an error: it is saved on the phone with the tour
MAX_BYTES = 12_000_000
#: a recording under this is an error (an empty or cut file)
MIN_SECONDS = 5.0
#: a recording this many times longer or shorter than the story's reading time is flagged
READING_RATIO = 1.6
WORDS_PER_MIN = 150


def find_recording(
    folder: Path,
    stop: str,
    lang: str,
    declared: object,
    path: Path,
    line: int,
    story_words: int,
) -> tuple[Recording | None, list[ContentError]]:
    """Return the recording of ``stop`` in ``lang`` (None when there is none) and its problems.

    ``declared`` is the front matter's ``recording`` value (None when absent), written at
    ``path``:``line``; ``story_words`` is the length of the story it narrates.
    """
    media = folder / "media"
    problems: list[ContentError] = []
    if declared is not None:
        if not isinstance(declared, str) or not declared.strip():
            return None, [ContentError(path, line, '"recording" must be a file name in the '
                                       f'media/ folder, e.g. "{stop}.{lang}.mp3"')]
        name = declared.strip().removeprefix("media/")
        file = media / name
        if "/" in name or "\\" in name or name.startswith("."):
            return None, [ContentError(path, line, f'recording "{declared}": write a file '
                                       "name of the media/ folder, without folders")]
        if not file.is_file():
            return None, [ContentError(path, line, f'recording "{declared}": no such file in '
                                       f"{folder.name}/media/")]
    else:
        found = [media / f"{stop}.{lang}.{ext}" for ext in EXTENSIONS]
        found = [f for f in found if f.is_file()]
        if not found:
            return None, []
        if len(found) > 1:
            names = ", ".join(f.name for f in found)
            return None, [ContentError(found[1], 1, f"two recordings of the same stop and "
                                       f"language ({names}): keep one")]
        file = found[0]
        name = file.name
        path, line = file, 1
    ext = file.suffix.lower().removeprefix(".")
    if ext not in EXTENSIONS:
        return None, [ContentError(path, line, f'recording "{name}": use one of the formats '
                                   f"phones play: {', '.join('.' + e for e in EXTENSIONS)}")]
    size = file.stat().st_size
    seconds = _duration(file)
    if seconds is None:
        return None, [ContentError(path, line, f'recording "{name}": no audio could be read '
                                   "from it: export it again as " +
                                   ", ".join(EXTENSIONS))]
    if seconds < MIN_SECONDS:
        problems.append(ContentError(path, line, f'recording "{name}" lasts {seconds:.1f} s: '
                                     "is it cut short?"))
    if seconds > MAX_SECONDS:
        problems.append(ContentError(
            path, line, f'recording "{name}" lasts {_minutes(seconds)}, over '
            f"{_minutes(MAX_SECONDS)}: split the story or shorten it"))
    if size > MAX_BYTES:
        problems.append(ContentError(
            path, line, f'recording "{name}" is {size / 1e6:.1f} MB, over '
            f"{MAX_BYTES / 1e6:g} MB: export it as mono speech at 48 to 64 kbit/s"))
    reading = story_words / WORDS_PER_MIN * 60
    if reading > 0 and not problems and not (
        reading / READING_RATIO <= seconds <= reading * READING_RATIO
    ):
        problems.append(ContentError(
            path, line, f'recording "{name}" lasts {_minutes(seconds)}, the story takes about '
            f"{_minutes(reading)} to read aloud ({WORDS_PER_MIN} words a minute): is it the "
            "recording of this text?", "warning"))
    if any(not p.is_warning for p in problems):
        return None, problems
    return Recording(name, seconds, size), problems


def _duration(file: Path) -> float | None:
    """Return the audio's duration in seconds, or None when it is not audio mutagen reads."""
    try:
        audio = mutagen.File(file)
    except (mutagen.MutagenError, OSError, ValueError, EOFError):
        return None
    length = getattr(getattr(audio, "info", None), "length", None)
    return float(length) if isinstance(length, int | float) and length > 0 else None


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d} min"
