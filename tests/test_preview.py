"""Live preview: a guide edits tours/ and sees the result, or the problems, on reload."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from calais_tour import create_app


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    # make the change visible even within the file system's timestamp resolution
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_preview_picks_up_edits_and_shows_problems(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy()
    client = create_app({"TOURS_DIR": str(tours), "PREVIEW": True}).test_client()
    fort = tours / "harbour-walk" / "fort.en.md"
    assert "The story of fort in en" in client.get("/en/harbour-walk/fort/").text

    edit(fort, "The story of fort", "The new story of fort")
    assert "The new story of fort in en" in client.get("/en/harbour-walk/fort/").text

    edit(fort, 'title = "The Fort"', 'title = ""')
    broken = client.get("/en/harbour-walk/fort/")
    assert broken.status_code == 500
    assert ("tours/harbour-walk/fort.en.md:2: &#34;title&#34; is empty: the stop&#39;s name "
            "as visitors see it") in broken.text
    assert "Traceback" not in broken.text

    edit(fort, 'title = ""', 'title = "The Old Fort"')
    assert "<h1>The Old Fort</h1>" in client.get("/en/harbour-walk/fort/").text


def test_preview_starts_on_broken_content(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("beach.fr.md", "", None))
    client = create_app({"TOURS_DIR": str(tours), "PREVIEW": True}).test_client()
    page = client.get("/en/")
    assert page.status_code == 500
    assert "no text in &#34;fr&#34; (expected beach.fr.md)" in page.text
