"""Listen, read aloud: speech synthesis replaced by a recorder, so tests see what was spoken.

The recorder keeps every call (speak with its text, language, rate and voice; cancel) in
sessionStorage, so what happened as a page was left can be read on the next one. An
utterance ends only when the test says so (window.__finish()).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

TOUR = "calais-1940-1944"

RECORDER = """
(() => {
  const VOICES = %s;
  const log = (entry) => {
    const all = JSON.parse(sessionStorage.getItem("synth") || "[]");
    all.push(Object.assign(entry, { path: location.pathname }));
    sessionStorage.setItem("synth", JSON.stringify(all));
  };
  class Utterance extends EventTarget {
    constructor(text) { super(); this.text = text; this.lang = ""; this.rate = 1; this.voice = null; }
  }
  const synth = {
    current: null, speaking: false, paused: false, pending: false,
    getVoices: () => VOICES,
    addEventListener() {},
    speak(u) {
      log({ op: "speak", text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name });
      this.current = u; this.speaking = true;
    },
    cancel() {
      log({ op: "cancel" });
      const u = this.current; this.current = null; this.speaking = false;
      if (u) u.dispatchEvent(Object.assign(new Event("error"), { error: "interrupted" }));
    },
    pause() { log({ op: "pause" }); },
    resume() { log({ op: "resume" }); },
  };
  window.__finish = () => {
    const u = synth.current; synth.current = null; synth.speaking = false;
    if (u) u.dispatchEvent(new Event("end"));
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();
"""

VOICES = [
    {"name": "English (US)", "lang": "en-US", "localService": True, "default": True},
    {"name": "English (UK)", "lang": "en_GB", "localService": True, "default": False},
    {"name": "Français (France)", "lang": "fr-FR", "localService": True, "default": False},
    {"name": "Français (Belgique)", "lang": "fr-BE", "localService": True, "default": False},
    {"name": "Français (réseau)", "lang": "fr-BE", "localService": False, "default": False},
]


def new_context(browser: Browser, locale: str, voices: list[dict[str, Any]]) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale=locale, service_workers="block"
    )
    context.add_init_script(RECORDER % json.dumps(voices))
    return context


@pytest.fixture
def belgian(browser: Browser) -> Iterator[Page]:
    """A phone set to Belgian French, with French voices for France and Belgium."""
    context = new_context(browser, "fr-BE", VOICES)
    yield context.new_page()
    context.close()


def spoken(page: Page) -> list[dict[str, Any]]:
    return json.loads(page.evaluate("() => sessionStorage.getItem('synth') || '[]'"))


def speaks(page: Page) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "path"} for e in spoken(page) if e["op"] == "speak"]


def parts(page: Page) -> list[str]:
    """The story's parts as a reader would say them: paragraphs, headings, list items."""
    return page.evaluate("""() => [...document.querySelector('main .story').children]
      .flatMap((el) => el.matches('ul, ol') ? [...el.children] : [el])
      .map((el) => el.textContent.trim().replace(/\\s+/g, ' ')).filter(Boolean)""")


def wait_for_speech(page: Page) -> None:
    """The first tap loads listen.js, so the first part starts a moment after it.

    Polls with evaluate(): wait_for_function() evaluates strings, which the page's CSP forbids.
    """
    for _ in range(200):
        if speaks(page):
            return
        page.wait_for_timeout(10)
    raise AssertionError("nothing was read aloud")


def highlighted(page: Page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.listening')]
      .map((el) => el.textContent.trim().replace(/\\s+/g, ' '))""")


def test_reads_the_story_in_the_pages_language_and_region_across_headings(belgian: Page, live_server: str) -> None:
    page = belgian
    page.goto(f"{live_server}/fr/{TOUR}/citadel/")
    listen = page.get_by_role("button", name="Écouter", exact=True)
    listen.click()
    wait_for_speech(page)
    story = parts(page)
    assert speaks(page) == [{"op": "speak", "text": story[0], "lang": "fr-BE", "rate": 1,
                             "voice": "Français (Belgique)"}]
    assert highlighted(page) == [story[0]]
    # the heading that follows is read too, then the paragraph after it
    page.evaluate("() => window.__finish()")
    page.evaluate("() => window.__finish()")
    said = [e["text"] for e in speaks(page)]
    assert said == story[:3]
    assert page.evaluate("() => document.querySelector('.listening').tagName") == "P"
    assert page.evaluate("() => document.querySelector('main .story h2').textContent") == story[1]
    assert highlighted(page) == [story[2]]
    # the highlight never takes the focus: it stays on the control the visitor used
    assert page.evaluate("() => document.activeElement.matches('[data-listen-play]')")
    assert page.locator("[data-listen-status]").inner_text() == f"Lecture de la partie 3 sur {len(story)}."
    # the highlighted part is scrolled into view
    page.wait_for_timeout(600)
    box = page.locator(".listening").bounding_box()
    assert box is not None and box["y"] < 740 and box["y"] + box["height"] > 0


def test_speed_pause_resume_and_skip(belgian: Page, live_server: str) -> None:
    page = belgian
    page.goto(f"{live_server}/fr/{TOUR}/citadel/")
    story = parts(page)
    page.get_by_label("Vitesse").select_option("1.5")
    play = page.locator("[data-listen-play]")
    play.click()
    wait_for_speech(page)
    assert speaks(page)[-1]["rate"] == 1.5
    assert play.inner_text() == "Pause"
    play.click()  # pause
    assert spoken(page)[-1]["op"] == "cancel"
    assert play.inner_text() == "Reprendre"
    assert page.locator("[data-listen-status]").inner_text() == "En pause."
    page.evaluate("() => window.__finish()")  # nothing is pending: no next part starts
    assert len(speaks(page)) == 1
    play.click()  # resume: the same part again
    assert [e["text"] for e in speaks(page)] == [story[0], story[0]]
    page.get_by_role("button", name="Partie suivante").click()
    page.get_by_role("button", name="Partie suivante").click()
    assert speaks(page)[-1]["text"] == story[2]
    page.get_by_role("button", name="Partie précédente").click()
    assert speaks(page)[-1]["text"] == story[1]
    assert highlighted(page) == [story[1]]
    # a cancelled part's late "end" does not skip ahead
    assert [e["text"] for e in speaks(page)] == [story[0], story[0], story[1], story[2], story[1]]
    # the speed is kept for the next page
    page.goto(f"{live_server}/fr/{TOUR}/bunker/")
    assert page.get_by_label("Vitesse").input_value() == "1.5"


def test_reading_stops_when_the_visitor_leaves_the_page(belgian: Page, live_server: str) -> None:
    page = belgian
    page.goto(f"{live_server}/fr/{TOUR}/citadel/")
    page.locator("[data-listen-play]").click()
    wait_for_speech(page)
    page.get_by_role("link", name="Suivant").first.click()
    page.wait_for_url("**/memorial-museum/")
    log = spoken(page)
    said = max(i for i, e in enumerate(log) if e["op"] == "speak")
    assert log[said]["path"].endswith("/citadel/")
    # cancelled by the page being left, before the next page was even opened
    assert log[said + 1] == {"op": "cancel", "path": f"/fr/{TOUR}/citadel/"}
    assert not any(e["op"] == "speak" for e in log[said + 1:])  # nothing started by itself


def test_the_tour_introduction_is_read_too(belgian: Page, live_server: str) -> None:
    page = belgian
    page.goto(f"{live_server}/fr/{TOUR}/")
    page.locator("[data-listen-play]").click()
    wait_for_speech(page)
    first = page.evaluate("() => document.querySelector('main .prose p').textContent.trim()")
    assert speaks(page)[0]["text"] == " ".join(first.split())


def test_a_phone_without_a_voice_for_the_language_says_so(browser: Browser, live_server: str) -> None:
    context = new_context(browser, "de-DE", VOICES)  # English and French voices only
    page = context.new_page()
    page.goto(f"{live_server}/de/{TOUR}/citadel/")
    page.get_by_role("button", name="Anhören", exact=True).click()  # said on the first tap
    status = page.locator("[data-listen-status]")
    status.wait_for()
    assert "keine Stimme" in status.inner_text()
    assert page.get_by_role("button", name="Anhören", exact=True).is_disabled()
    context.close()


def test_the_controls_are_labelled_buttons_usable_by_keyboard(belgian: Page, live_server: str) -> None:
    page = belgian
    page.goto(f"{live_server}/fr/{TOUR}/citadel/")
    region = page.get_by_role("region", name="Narration")
    assert region.get_by_role("button", name="Écouter").is_visible()
    region.get_by_role("button", name="Écouter").focus()
    page.keyboard.press("Enter")
    wait_for_speech(page)
    assert len(speaks(page)) == 1
    page.keyboard.press("Tab")  # to "previous part"
    page.keyboard.press("Tab")  # to "next part"
    page.keyboard.press("Enter")
    assert len(speaks(page)) == 2
    assert page.evaluate("() => document.activeElement.matches('[data-listen-next]')")


def test_arrival_prompt_offers_listen_and_play_on_arrival_starts_it(browser: Browser, live_server: str) -> None:
    context = new_context(browser, "en-GB", VOICES)
    context.grant_permissions(["geolocation"])
    # standing at the citadel, with a good fix
    context.set_geolocation({"latitude": 50.95678, "longitude": 1.83895, "accuracy": 5})
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server}/en/{TOUR}/citadel/")
    stop = page.evaluate("() => JSON.parse(document.getElementById('walk-data').textContent)"
                         ".stops.find((s) => s.slug === 'citadel')")
    context.set_geolocation({"latitude": stop["lat"], "longitude": stop["lon"], "accuracy": 5})
    option = page.get_by_label("Play on arrival")
    assert option.is_hidden()  # only in walk mode
    page.get_by_role("button", name="Start the walk").click()
    assert option.is_visible()
    prompt = page.locator("[data-arrival-prompt]")
    for _ in range(20):
        if prompt.is_visible():
            break
        context.set_geolocation({"latitude": stop["lat"], "longitude": stop["lon"] + 1e-6, "accuracy": 5})
        page.clock.run_for(4000)
        page.wait_for_timeout(50)
    assert prompt.is_visible()
    listen = prompt.get_by_role("button", name="Listen")
    assert listen.is_visible()
    assert speaks(page) == []  # not ticked: nothing plays by itself
    listen.click()
    assert speaks(page)[0]["lang"] == "en-GB"
    assert speaks(page)[0]["text"] == parts(page)[0]
    assert prompt.is_hidden()
    context.close()


def test_play_on_arrival_opens_the_stop_and_starts_reading(browser: Browser, live_server: str) -> None:
    context = new_context(browser, "en-GB", VOICES)
    page = context.new_page()
    page.goto(f"{live_server}/en/{TOUR}/calais-nord/")
    page.evaluate("() => localStorage.setItem('calais-tour:listen:auto', '1')")
    page.reload()
    assert page.locator("[data-play-on-arrival]").is_checked()
    # walk.js announces an arrival at the next stop while this page is open
    page.evaluate("""() => document.dispatchEvent(new CustomEvent('calais:arrival', {detail:
      JSON.parse(document.getElementById('walk-data').textContent).stops[1]}))""")
    page.wait_for_url("**/citadel/")
    page.locator("[data-listen-play]").wait_for()
    for _ in range(50):
        if speaks(page):
            break
        page.wait_for_timeout(20)
    assert speaks(page)[0]["text"] == parts(page)[0]
    assert page.url.endswith("/citadel/")  # the #listen that asked for it is gone
    context.close()
