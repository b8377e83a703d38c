"""The visitor's first minutes, on a 390×844 phone in every language: where to start, the
number on the sign at /, the story first on a stop, and whether the museum is open today,
computed in the page (also in a copy saved for offline use, on a later day)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import Playwright

from calais_tour import create_app
from calais_tour.config import ROOT

from .conftest import CHROMIUM
from .conftest import CHROMIUM_ARGS
from .conftest import LiveServer
from .helpers import DWELL_FIXES
from .helpers import feed
from .helpers import offset
from .helpers import wait_for_worker

TOUR = "calais-1940-1944"
LANGUAGES = ("en", "fr", "de", "nl")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SCREEN = 844
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WINTER = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # 11:00 in Calais
SUMMER_CLOSING = datetime(2027, 7, 15, 15, 20, tzinfo=UTC)  # 17:20 in Calais, a Thursday
STATUS = {
    "winter": {
        "en": "Closed today: reopens on 1 February",
        "fr": "Fermé aujourd’hui : rouvre le 1 février",
        "de": "Heute geschlossen: öffnet wieder am 1. Februar",
        "nl": "Vandaag gesloten: weer open op 1 februari",
    },
    "summer": {
        "en": "Closes in 40 min",
        "fr": "Ferme dans 40 min",
        "de": "Schließt in 40 Min.",
        "nl": "Sluit over 40 min",
    },
}
START = {
    "en": "Start at stop 1: Calais Nord and the Watchtower, in Place d’Armes",
    "fr": "Départ à l’étape 1 : Calais-Nord et la Tour du Guet, Place d’Armes",
}


def phone_page(browser: Browser, url: str, when: datetime | None = None, **options: object) -> Page:
    context = browser.new_context(**PHONE, **options)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    if when:
        page.clock.install(time=when)
    page.goto(url)
    return page


def box(locator: Locator) -> dict[str, float]:
    locator.wait_for(state="visible")
    found = locator.bounding_box()
    assert found is not None
    return found


def on_first_screen(locator: Locator) -> dict[str, float]:
    """The element is shown, and wholly within the first 844 px of the page."""
    b = box(locator)
    assert b["y"] >= 0 and b["y"] + b["height"] <= SCREEN, (locator, b)
    return b


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tour_page_first_screen_says_where_to_start(
    browser: Browser, live_server: str, lang: str
) -> None:
    page = phone_page(browser, f"{live_server}/{lang}/{TOUR}/")
    title = on_first_screen(page.locator("h1"))
    meta = on_first_screen(page.locator("main > p.meta"))
    assert len(page.locator("main > p.meta").inner_text().split(" · ")) == 3  # stops, km, min
    start = on_first_screen(page.locator("p.start"))
    walk = on_first_screen(page.locator("[data-start-walk]"))
    save = on_first_screen(page.locator("[data-save-button]"))
    intro = box(page.locator("main > .prose"))
    assert title["y"] < meta["y"] < start["y"] < walk["y"] < save["y"] < intro["y"]
    link = page.locator("p.start a")
    if lang in START:
        assert link.inner_text() == START[lang]
    assert link.get_attribute("href") == f"/{lang}/{TOUR}/calais-nord/"
    # one button per action: no second "start", and guides' links are in the footer
    assert page.locator("main [data-start-walk]").count() == 1
    assert page.locator(f"main a.button[href='/{lang}/{TOUR}/calais-nord/']").count() == 0
    assert page.locator("footer a[href$='/guide/']").count() == 1
    assert page.locator("main a[href$='/guide/'], main a[href$='/signs/']").count() == 0
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize(
    ("lang", "typed"),
    [("en", " 2 "), ("fr", "étape 2"), ("de", "Stop 2"), ("nl", "#2"), ("en", "２"), ("fr", "٢")],
)
def test_the_sign_box_is_on_the_first_screen_at_the_root_and_forgives(
    browser: Browser, live_server: str, lang: str, typed: str
) -> None:
    page = phone_page(browser, f"{live_server}/", locale=lang, extra_http_headers={
        "Accept-Language": lang})
    assert page.url == f"{live_server}/{lang}/"
    field = page.locator("#sign-code")
    on_first_screen(field)
    on_first_screen(page.locator(".code-form button"))
    field.fill(typed)
    field.press("Enter")
    page.wait_for_url(f"{live_server}/*/{TOUR}/citadel/")
    assert page.url.startswith(f"{live_server}/{lang}/")
    page.context.close()


def test_an_unknown_number_repeats_it_lists_the_stops_and_never_the_browser_message(
    browser: Browser, live_server: str
) -> None:
    page = phone_page(browser, f"{live_server}/de/", extra_http_headers={"Accept-Language": "de"})
    page.locator("#sign-code").fill("Halt 9")
    page.locator(".code-form button").click()
    page.wait_for_url(f"{live_server}/s/?code=Halt+9")
    alert = page.get_by_role("alert")
    assert alert.inner_text() == "Sie haben „Halt 9“ eingegeben, aber keine Station hat diese Nummer."
    on_first_screen(alert)
    assert page.locator(".code-list a").all_inner_texts()[:2] == [
        "Station 1: Calais-Nord und der Wachturm", "Station 2: Die Zitadelle: das letzte Gefecht von 1940",
    ]
    # an empty box: no "Please match the requested format." bubble, the page answers
    page.locator("#sign-code").fill("")
    assert page.locator("#sign-code").evaluate("(el) => el.validationMessage") == ""
    page.locator(".code-form button").click()
    page.wait_for_url(f"{live_server}/s/?code=")
    assert "Geben Sie die Nummer auf dem Schild ein." in page.get_by_role("alert").inner_text()
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("season", "when"), [("winter", WINTER), ("summer", SUMMER_CLOSING)])
def test_stop_page_opens_on_status_teaser_then_story(
    browser: Browser, live_server: str, lang: str, season: str, when: datetime
) -> None:
    page = phone_page(browser, f"{live_server}/{lang}/{TOUR}/memorial-museum/", when)
    status = page.locator(".hours-status")
    assert page.locator("[data-hours-text]").inner_text() == STATUS[season][lang]
    assert page.locator("[data-hours-rendered]").is_hidden()  # computed now, not as rendered
    top = [on_first_screen(page.locator(s)) for s in ("h1", ".hours-status", ".lead")]
    story = box(page.locator(".story > p").first)
    assert top[0]["y"] < top[1]["y"] < top[2]["y"] < story["y"] < SCREEN - 40, "the story starts"
    assert box(page.locator("#getting-here"))["y"] > story["y"]
    assert box(page.locator(".walk"))["y"] > story["y"]
    on_first_screen(page.locator(".jump a[href='#practical']"))
    assert status.get_attribute("data-state") == ("closed_today" if season == "winter" else "closing")
    # the list on the tour page says the same, beside the museum
    page.goto(f"{live_server}/{lang}/{TOUR}/")
    assert page.locator(".stops [data-hours-text]").inner_text() == STATUS[season][lang]
    page.context.close()


def test_without_javascript_the_status_is_the_days_with_its_date(
    browser: Browser, live_server: str
) -> None:
    page = phone_page(browser, f"{live_server}/en/{TOUR}/memorial-museum/",
                      java_script_enabled=False)
    status = page.locator(".hours-status")
    on_first_screen(status)
    day = datetime.now(UTC).astimezone().strftime("%-d %B")
    assert status.inner_text().endswith(f"(on {day})")
    page.context.close()


@pytest.mark.parametrize("path", ["/fr/", "/s/?code=99", f"/de/{TOUR}/memorial-museum/",
                                  f"/nl/{TOUR}/"])
def test_axe_finds_no_violations_on_the_first_minutes_pages(
    browser: Browser, live_server: str, path: str
) -> None:
    page = phone_page(browser, live_server + path, WINTER, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result] == []
    page.context.close()


@pytest.fixture
def saving_phone(playwright: Playwright, tmp_path: Path) -> Iterator[tuple[BrowserContext, str]]:
    server = LiveServer(create_app({"TOURS_DIR": str(ROOT / "tours")}))
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE,
    )
    yield context, server.url
    context.close()
    server.stop()


def test_a_saved_stop_stays_right_offline_on_a_later_day(
    saving_phone: tuple[BrowserContext, str],
) -> None:
    context, base = saving_phone
    page = context.new_page()
    page.clock.install(time=WINTER)
    page.goto(f"{base}/fr/{TOUR}/")
    wait_for_worker(page)
    page.locator("[data-save-button]").click()
    page.locator(".save.is-saved").wait_for()
    assert page.locator("[data-storage]").inner_text() != ""  # the storage note, once saved
    page.goto(f"{base}/fr/{TOUR}/memorial-museum/")
    assert page.locator("[data-hours-text]").inner_text() == STATUS["winter"]["fr"]

    context.set_offline(True)
    page.clock.set_system_time(SUMMER_CLOSING)
    response = page.goto(f"{base}/fr/{TOUR}/memorial-museum/")
    assert response is not None and response.from_service_worker
    assert page.locator("[data-hours-text]").inner_text() == STATUS["summer"]["fr"]

    # offline, a number no stop has says so, not "this page is not saved"
    page.goto(f"{base}/s/?code=99")
    assert page.locator("h1").inner_text() == "Aucune étape ne porte ce numéro"
    assert page.locator("[data-offline-page]").is_hidden()
    # and a forgiving number opens the saved stop
    page.goto(f"{base}/s/?code=%C3%A9tape+3")
    assert page.url == f"{base}/fr/{TOUR}/memorial-museum/"


def test_storage_note_waits_until_something_is_saved(
    saving_phone: tuple[BrowserContext, str],
) -> None:
    context, base = saving_phone
    page = context.new_page()
    page.goto(f"{base}/en/{TOUR}/")
    wait_for_worker(page)
    page.locator("[data-save-status]").filter(has_text="Download size").wait_for()
    assert page.locator("[data-storage]").inner_text() == ""


FIRST = (50.95894, 1.84950)  # stop 1, as in tour.toml


def arrive_at_stop_one(
    browser: Browser, url: str, seed: int
) -> tuple[BrowserContext, Page, random.Random, dict[str, Any]]:
    """Start the walk on ``url`` 200 m from stop 1, then stand at stop 1 until it prompts."""
    context = browser.new_context(
        **PHONE, permissions=["geolocation"], service_workers="block",  # type: ignore[arg-type]
        geolocation={"latitude": FIRST[0], "longitude": FIRST[1] + 0.003, "accuracy": 10},
    )
    page = context.new_page()
    page.clock.install()
    page.goto(url)
    page.locator("[data-start-walk]").click()
    rng = random.Random(seed)
    for _ in range(DWELL_FIXES):
        state = feed(context, page, *FIRST, rng)
    return context, page, rng, state


def test_arrival_prompt_is_neutral_in_french_and_goes_once_the_walker_moves_on(
    browser: Browser, live_server: str
) -> None:
    context, page, rng, state = arrive_at_stop_one(browser, f"{live_server}/fr/{TOUR}/", 14)
    assert state["prompt"] == "calais-nord"
    assert page.locator("[data-arrival-text]").inner_text() == (
        "Vous voici à l’étape 1 : Calais-Nord et la Tour du Guet")
    for _ in range(3):  # 150 m on, towards the citadel: the prompt has had its time
        state = feed(context, page, *offset(*FIRST, 0, -150), rng)
    assert state["prompt"] is None
    context.close()


def test_denied_location_hides_the_notification_option(browser: Browser, live_server: str) -> None:
    context = browser.new_context(**PHONE, service_workers="block")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/nl/{TOUR}/")
    page.locator("[data-start-walk]").click()
    page.locator("[data-walk-status]").filter(has_text="Locatie staat uit").wait_for()
    assert page.locator("[data-notify-option]").is_hidden()
    context.close()


def test_the_arrival_prompt_goes_once_the_visitor_opens_that_stop(
    browser: Browser, live_server: str
) -> None:
    context, page, rng, state = arrive_at_stop_one(browser, f"{live_server}/en/{TOUR}/", 7)
    assert state["prompt"] == "calais-nord"
    page.locator("[data-arrival-open]").click()
    page.wait_for_url(f"{live_server}/en/{TOUR}/calais-nord/")
    for _ in range(3):  # still standing at the stop, now reading its page
        state = feed(context, page, *FIRST, rng)
    assert state["prompt"] is None
    assert page.locator("[data-arrival-prompt]").is_hidden()
    context.close()
