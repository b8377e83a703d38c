"""Recorded narration in Chromium: saved with the tour, played and sought with the network off,
with lock-screen metadata. The recording is a test tone made during the test."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import Playwright

from calais_tour import create_app

from ..tone import make_opus
from .conftest import CHROMIUM
from .conftest import CHROMIUM_ARGS
from .conftest import LiveServer
from .helpers import wait_for_worker

TOUR = "harbour-walk"
SECONDS = 8


@pytest.fixture
def server(tour_copy: Callable[..., Path]) -> Iterator[tuple[LiveServer, int]]:
    """The fixture tour with an 8 s recording of the fort in English; yields it and its size."""
    tours = tour_copy()
    recording = make_opus(tours / TOUR / "media" / "fort.en.opus", SECONDS)
    server = LiveServer(create_app({"TOURS_DIR": str(tours)}))
    yield server, recording.stat().st_size
    server.stop()


@pytest.fixture
def phone(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM,
        # the visitor's tap on play is what allows sound; a test has no finger
        args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
    )
    yield context
    context.close()


def wait_until(page: Page, script: str, what: str) -> None:
    for _ in range(200):
        if page.evaluate(script):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{what}: {page.evaluate(AUDIO)}")


AUDIO = """() => { const a = document.querySelector('audio');
  return { readyState: a.readyState, currentTime: a.currentTime, duration: a.duration,
           error: a.error && a.error.message, paused: a.paused }; }"""


def test_recording_is_saved_and_plays_and_seeks_offline(
    phone: BrowserContext, server: tuple[LiveServer, int]
) -> None:
    live, size = server
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto(f"{live.url}/en/{TOUR}/fort/")
    assert "Recorded by a guide: 0:08." in page.locator("[data-listen]").inner_text()
    wait_for_worker(page)
    status = page.locator("[data-save-status]")
    status.filter(has_text="Download size").wait_for()
    shown_kb = int("".join(ch for ch in status.inner_text().split("about")[1] if ch.isdigit()))
    assert shown_kb * 1000 > size  # the recording is counted in the size shown before saving
    page.locator("[data-save-button]").click()
    page.locator(".save.is-saved").wait_for()

    phone.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "The Fort"
    wait_until(page, "() => document.querySelector('audio').readyState >= 1", "no metadata offline")
    assert page.evaluate(AUDIO)["duration"] == pytest.approx(SECONDS, abs=0.1)
    # seek: the player asks for bytes from the middle, the service worker answers 206
    after = page.evaluate("""() => new Promise((resolve) => {
      const a = document.querySelector('audio');
      a.addEventListener('seeked', () => resolve(a.currentTime), { once: true });
      a.currentTime = 5;
    })""")
    assert after == pytest.approx(5, abs=0.05)
    page.evaluate("() => document.querySelector('audio').play()")
    wait_until(page, "() => document.querySelector('audio').currentTime > 5.3", "no playback offline")
    state = page.evaluate(AUDIO)
    assert state["readyState"] >= 2 and state["error"] is None
    # lock-screen controls: what the stop is, and the buttons
    session = page.evaluate("""() => ({ title: navigator.mediaSession.metadata.title,
      artist: navigator.mediaSession.metadata.artist,
      artwork: navigator.mediaSession.metadata.artwork.map((a) => a.src),
      state: navigator.mediaSession.playbackState })""")
    assert session["title"] == "The Fort"
    assert session["artist"] == page.locator(".crumbs a").inner_text()
    assert session["artwork"][0].split("?")[0].endswith("/static/icons/icon-512.png")
    assert session["state"] == "playing"
    # the range answer itself, offline
    answer = page.evaluate(f"""async () => {{
      const r = await fetch('/media/{TOUR}/fort.en.opus', {{ headers: {{ Range: 'bytes=100-199' }} }});
      return {{ status: r.status, range: r.headers.get('Content-Range'),
                length: (await r.arrayBuffer()).byteLength }};
    }}""")
    assert answer == {"status": 206, "range": f"bytes 100-199/{size}", "length": 100}
    suffix = page.evaluate(f"""async () => {{
      const r = await fetch('/media/{TOUR}/fort.en.opus', {{ headers: {{ Range: 'bytes=-50' }} }});
      return [r.status, r.headers.get('Content-Range')];
    }}""")
    assert suffix == [206, f"bytes {size - 50}-{size - 1}/{size}"]
    beyond = page.evaluate(f"""async () => (await fetch('/media/{TOUR}/fort.en.opus',
      {{ headers: {{ Range: 'bytes={size}-' }} }})).status""")
    assert beyond == 416


def test_media_session_follows_play_and_pause_and_knows_the_next_stop(
    phone: BrowserContext, server: tuple[LiveServer, int]
) -> None:
    live, _ = server
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto(f"{live.url}/en/{TOUR}/fort/")
    assert page.locator("[data-listen]").get_attribute("data-next") == f"/en/{TOUR}/beach/"
    page.evaluate("() => document.querySelector('audio').play()")
    wait_until(page, "() => navigator.mediaSession.playbackState === 'playing'", "not playing")
    page.locator("[data-listen-audio]").evaluate("(a) => a.pause()")
    assert page.evaluate("() => navigator.mediaSession.playbackState") == "paused"
