"""A test tone, written during the test: a sine wave in WAV, encoded by Debian's opusenc."""

from __future__ import annotations

import math
import struct
import subprocess
import wave
from pathlib import Path

RATE = 16_000


def make_opus(path: Path, seconds: float, bitrate_kbps: int = 32) -> Path:
    """Write ``seconds`` of a 440 Hz tone as Ogg Opus at ``path`` (opus-tools' opusenc)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wav = path.with_suffix(".wav")
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        frames = int(seconds * RATE)
        out.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / RATE)))
            for n in range(frames)
        ))
    subprocess.run(
        ["opusenc", "--quiet", "--bitrate", str(bitrate_kbps), str(wav), str(path)], check=True
    )
    wav.unlink()
    return path
