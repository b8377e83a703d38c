"""Live preview: a guide edits tours/ and sees the result, or the problems, on reload."""

from __future__ import annotations

import os
import shutil
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
    assert page.status_code == 200
    assert "no text in &#34;fr&#34; (expected beach.fr.md)" in page.text  # in the banner
    # the stop that lacks a language cannot be built: its page says why instead
    beach = client.get("/en/harbour-walk/beach/")
    assert beach.status_code == 500
    assert "no text in &#34;fr&#34; (expected beach.fr.md)" in beach.text
    assert client.get("/en/harbour-walk/fort/").status_code == 200


def _second_tour(tours: Path) -> Path:
    """Add "old-port", a copy of the fixture tour half written, as a guide leaves it."""
    folder = tours / "old-port"
    shutil.copytree(tours / "harbour-walk", folder)
    toml = folder / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace('"L1"', '"P1"').replace('"L2"', '"P2"')
                    .replace('"L3"', '"l1"'), "utf-8")  # l1: the first tour's code, in lower case
    edit(folder / "fort.en.md", 'title = "The Fort"', 'title = ""')
    edit(folder / "beach.en.md", 'teaser = "Teaser of beach (en)."', 'teaser = "FILL IN"')
    return folder


def test_preview_shows_finished_pages_beside_a_broken_tour(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_copy()
    _second_tour(tours)
    client = create_app({"TOURS_DIR": str(tours), "PREVIEW": True}).test_client()

    # the finished tour: served and styled, with a banner pointing at the problems
    for url in ("/en/", "/en/harbour-walk/", "/en/harbour-walk/fort/", "/fr/harbour-walk/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert 'class="preview-problems"' in page.text
        assert 'href="/_problems/"' in page.text
        assert "/static/css/site.css" in page.text
    fort = client.get("/en/harbour-walk/fort/").text
    assert "<h1>The Fort</h1>" in fort
    assert "0 problem(s) on this page, 3 in all the tours" in fort
    css = client.get("/static/css/site.css")
    assert css.status_code == 200 and css.mimetype == "text/css"

    # the broken tour: its finished stop shows, with the problems of its own files
    lighthouse = client.get("/en/old-port/lighthouse/")
    assert lighthouse.status_code == 200
    assert "<h1>The Lighthouse</h1>" in lighthouse.text
    assert "already used by stop &#34;lighthouse&#34; of tour &#34;harbour-walk&#34;" in (
        lighthouse.text)
    assert "fort.en.md" not in lighthouse.text  # another stop's problem is not this page's
    # a page with placeholders can be built: shown, with them listed
    beach = client.get("/en/old-port/beach/")
    assert beach.status_code == 200
    assert "tours/old-port/beach.en.md:3: placeholder to fill in" in beach.text
    # a stop is shown once it can be built in every language of its tour: say why not
    french = client.get("/fr/old-port/fort/")
    assert french.status_code == 500
    assert "tours/old-port/fort.en.md:2: &#34;title&#34; is empty" in french.text
    assert client.get("/fr/old-port/lighthouse/").status_code == 200

    # only the page that cannot be built shows its problems instead of itself
    broken = client.get("/en/old-port/fort/")
    assert broken.status_code == 500
    assert "tours/old-port/fort.en.md:2: &#34;title&#34; is empty" in broken.text
    assert "beach.en.md" not in broken.text
    assert 'href="/_problems/"' in broken.text

    everything = client.get("/_problems/")
    assert everything.status_code == 200
    for problem in ("tours/old-port/tour.toml:21: stop &#34;beach&#34;: code &#34;l1&#34; is "
                    "already used", "fort.en.md:2:", "beach.en.md:3:"):
        assert problem in everything.text

    # fixing the tour takes the banner away
    edit(tours / "old-port" / "fort.en.md", 'title = ""', 'title = "The Fort"')
    edit(tours / "old-port" / "beach.en.md", 'teaser = "FILL IN"', 'teaser = "Sand."')
    edit(tours / "old-port" / "tour.toml", '"l1"', '"P3"')
    page = client.get("/en/old-port/fort/")
    assert page.status_code == 200
    assert "preview-problems" not in page.text
