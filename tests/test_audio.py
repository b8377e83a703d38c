"""Recorded narration: found by name, checked by `check`, shown and served by the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from calais_tour import audio
from calais_tour import create_app
from calais_tour import pwa
from calais_tour.cli import main
from calais_tour.loader import check_tours

from .tone import make_opus

TOUR = "harbour-walk"
LANGS = ("en", "fr")


def tour_with(tour_copy: Callable[..., Path], seconds: float, name: str = "fort.en.opus",
              *edits: tuple[str, str | None, str | None]) -> Path:
    tours: Path = tour_copy(*edits)
    make_opus(tours / TOUR / "media" / name, seconds)
    return tours


def problems(tours: Path) -> list[str]:
    return [str(p) for p in check_tours(tours, LANGS)[1]]


def test_a_recording_named_stop_lang_is_found_with_its_duration_and_size(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_with(tour_copy, 8)
    catalog, found = check_tours(tours, LANGS)
    assert found == [] and catalog is not None
    fort = catalog.tours[0].stops[1]
    recording = fort.texts["en"].recording
    assert recording is not None
    assert recording.name == "fort.en.opus"
    assert recording.seconds == pytest.approx(8, abs=0.1)
    assert recording.size == (tours / TOUR / "media" / "fort.en.opus").stat().st_size
    assert "fort.en.opus" in fort.texts["en"].media  # saved with the tour
    assert fort.texts["fr"].recording is None  # one language only: French is read aloud


def test_the_stop_page_plays_the_recording_with_its_duration_and_keeps_the_transcript(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_with(tour_copy, 8)
    client = create_app({"TESTING": True, "TOURS_DIR": str(tours)}).test_client()
    html = client.get(f"/en/{TOUR}/fort/").get_data(as_text=True)
    assert f'src="/media/{TOUR}/fort.en.opus"' in html
    assert "Recorded by a guide: 0:08. The text on this page is what is said." in html
    assert "data-listen-play" not in html  # no synthesis where there is a recording
    assert "The story of fort in en" in html  # the transcript
    french = client.get(f"/fr/{TOUR}/fort/").get_data(as_text=True)
    assert "data-listen-play" in french and "<audio" not in french


def test_the_recording_is_in_the_offline_plan_and_answers_range_requests(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_with(tour_copy, 8)
    app = create_app({"TESTING": True, "TOURS_DIR": str(tours)})
    size = (tours / TOUR / "media" / "fort.en.opus").stat().st_size
    with app.test_request_context():
        entries = {e.url: e.size for e in pwa.plan().tours[TOUR]["en"]}
        assert entries[f"/media/{TOUR}/fort.en.opus"] == size
        assert not any("opus" in e.url for e in pwa.plan().tours[TOUR]["fr"])
    with app.test_client().get(f"/media/{TOUR}/fort.en.opus",
                               headers={"Range": "bytes=100-199"}) as response:
        assert response.status_code == 206
        assert response.headers["Content-Range"] == f"bytes 100-199/{size}"
        assert len(response.get_data()) == 100


def test_a_recording_named_in_the_front_matter(tour_copy: Callable[..., Path]) -> None:
    tours = tour_with(tour_copy, 8, "harbour take 2.ogg", (
        "fort.fr.md", 'directions = "', 'recording = "harbour take 2.ogg"\ndirections = "'))
    catalog, found = check_tours(tours, LANGS)
    assert found == [] and catalog is not None
    recording = catalog.tours[0].stops[1].texts["fr"].recording
    assert recording is not None and recording.name == "harbour take 2.ogg"


def test_check_reports_a_missing_or_unreadable_recording(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.fr.md", 'directions = "', 'recording = "fort-fr.mp3"\ndirections = "'))
    (tours / TOUR / "media").mkdir()
    (tours / TOUR / "media" / "beach.en.mp3").write_bytes(b"not audio at all" * 100)
    assert problems(tours) == [
        f'tours/{TOUR}/fort.fr.md:6: recording "fort-fr.mp3": no such file in {TOUR}/media/',
        f'tours/{TOUR}/media/beach.en.mp3:1: recording "beach.en.mp3": no audio could be read '
        "from it: export it again as mp3, m4a, ogg, opus",
    ]


def test_check_rejects_other_formats_and_folders(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(
        ("fort.en.md", 'directions = "', 'recording = "fort.wav"\ndirections = "'),
        ("fort.fr.md", 'directions = "', 'recording = "../fort.mp3"\ndirections = "'))
    (tours / TOUR / "media").mkdir()
    (tours / TOUR / "media" / "fort.wav").write_bytes(b"RIFF")
    assert problems(tours) == [
        f'tours/{TOUR}/fort.en.md:6: recording "fort.wav": use one of the formats phones play: '
        ".mp3, .m4a, .ogg, .opus",
        f'tours/{TOUR}/fort.fr.md:6: recording "../fort.mp3": write a file name of the media/ '
        "folder, without folders",
    ]


def test_check_limits_length_and_size(
    tour_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    tours = tour_with(tour_copy, 8)
    monkeypatch.setattr(audio, "MAX_SECONDS", 6)
    monkeypatch.setattr(audio, "MAX_BYTES", 10_000)
    size = (tours / TOUR / "media" / "fort.en.opus").stat().st_size
    assert problems(tours) == [
        f'tours/{TOUR}/media/fort.en.opus:1: recording "fort.en.opus" lasts 0:08 min, over 0:06 min: '
        "split the story or shorten it",
        f'tours/{TOUR}/media/fort.en.opus:1: recording "fort.en.opus" is {size / 1e6:.1f} MB, over '
        "0.01 MB: export it as mono speech at 48 to 64 kbit/s",
    ]
    assert check_tours(tours, LANGS)[0] is None  # errors: the app would refuse to start


def test_check_compares_the_duration_with_the_storys_reading_time(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_with(tour_copy, 40)  # a 17-word story takes 7 s to read aloud
    tours_dir = tours
    result_problems = problems(tours_dir)
    assert result_problems == [
        f'tours/{TOUR}/media/fort.en.opus:1: warning: recording "fort.en.opus" lasts 0:40 min, '
        "the story takes about 0:07 min to read aloud (150 words a minute): is it the recording "
        "of this text?",
    ]
    result = CliRunner().invoke(main, ["check", "tours"])
    assert result.exit_code == 0  # a warning: the tour still works
    assert result_problems[0] in result.output


def test_two_recordings_of_one_stop_and_language_are_an_error(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_with(tour_copy, 8)
    make_opus(tours / TOUR / "media" / "fort.en.ogg", 8)
    assert problems(tours) == [
        f"tours/{TOUR}/media/fort.en.opus:1: two recordings of the same stop and language "
        "(fort.en.ogg, fort.en.opus): keep one",
    ]
