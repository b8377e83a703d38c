"""The snapshot: repeated requests answered before Flask, per content version and local day."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient

from calais_tour import create_app
from calais_tour.config import ROOT
from calais_tour.snapshot import Snapshot
from calais_tour.snapshot import encoding
from tests.helpers import FIXTURE_TOURS

PAGE = "/en/harbour-walk/fort/"


def break_views(app: Flask) -> None:
    """Make every view fail: only answers that never reach Flask still succeed."""

    def fail(**_: object) -> str:
        raise AssertionError("the app was asked")

    for endpoint in list(app.view_functions):
        app.view_functions[endpoint] = fail


def test_a_repeat_is_served_from_the_store(app: Flask, client: FlaskClient) -> None:
    first = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    break_views(app)
    again = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    assert again.status_code == 200
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    head = client.head(PAGE, headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.data == b""


def test_each_encoding_is_stored_apart(client: FlaskClient) -> None:
    gzip = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    plain = client.get(PAGE, headers={"Accept-Encoding": "identity"})
    assert gzip.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert client.get(PAGE, headers={"Accept-Encoding": "identity"}).data == plain.data


def test_revalidations_errors_and_redirects_go_to_the_app() -> None:
    app = create_app({"TOURS_DIR": str(FIXTURE_TOURS)})  # not TESTING: a failure is a 500
    client = app.test_client()
    etag = client.get(PAGE).headers["ETag"]
    assert client.get("/en/harbour-walk/nowhere/").status_code == 404
    assert client.get("/s/L2").status_code == 302
    break_views(app)
    # none of these were stored, so each now reaches the (broken) app
    assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 500
    assert client.get("/en/harbour-walk/nowhere/").status_code == 500
    assert client.get("/s/L2").status_code == 500
    assert client.get(PAGE + "?utm=x").status_code == 500


class Clock:
    """A clock a test moves by hand, in the tours' town."""

    def __init__(self, start: datetime) -> None:
        self.time = start

    def __call__(self) -> datetime:
        return self.time


PARIS = ZoneInfo("Europe/Paris")


def test_a_notice_that_starts_tomorrow_reaches_sw_js_after_midnight(
    tour_copy: Callable[..., Path]
) -> None:
    tours = tour_copy(("fort.en.md", "+++\nThe story",
                       '[[notices]]\ntext = "Closed for works"\nfrom = 2027-01-06\n+++\nThe story'))
    clock = Clock(datetime(2027, 1, 5, 23, 58, tzinfo=PARIS))
    client = create_app({"TOURS_DIR": str(tours), "CLOCK": clock}).test_client()
    before = client.get("/sw.js").text
    assert "Closed for works" not in client.get(PAGE).text

    clock.time = datetime(2027, 1, 6, 0, 1, tzinfo=PARIS)  # the same process, after midnight
    assert "Closed for works" in client.get(PAGE).text
    after = client.get("/sw.js").text
    version = re.compile(r'^const VERSION = "(\w+)";$', re.M)
    assert version.search(before) and version.search(after)
    assert version.search(before).group(1) != version.search(after).group(1)  # type: ignore[union-attr]
    # the page's new revision is listed, so saved copies are fetched again
    assert sw_revision(before, PAGE) != sw_revision(after, PAGE)


def sw_revision(sw_js: str, url: str) -> str:
    """The revision /sw.js lists for ``url`` in a saved tour."""
    match = re.search(r"^const TOURS = (.+);$", sw_js, re.M)
    assert match
    entries = [e for langs in json.loads(match.group(1)).values()
               for lang in langs.values() for e in lang["entries"]]
    return next(e["revision"] for e in entries if e["url"] == url)


def test_the_snapshot_is_keyed_by_content_not_by_object(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy()
    first = create_app({"TOURS_DIR": str(tours)})
    second = create_app({"TOURS_DIR": str(tours)})
    version = first.extensions["calais_tour.catalog"].version
    assert version and version == second.extensions["calais_tour.catalog"].version
    fort = tours / "harbour-walk" / "fort.en.md"
    fort.write_text(fort.read_text("utf-8").replace("The Fort", "The Old Fort"), "utf-8")
    third = create_app({"TOURS_DIR": str(tours)})
    assert third.extensions["calais_tour.catalog"].version != version


def test_the_snapshot_is_bounded_by_bytes() -> None:
    snap = Snapshot("v", date(2027, 1, 1), max_bytes=1000)
    for n in range(10):
        snap.put((f"/{n}/", ""), "200 OK", [], b"x" * 200)
    assert snap.size <= 1000
    assert snap.get(("/0/", "")) is None and snap.get(("/9/", "")) is not None
    snap.put(("/big/", ""), "200 OK", [], b"x" * 600)  # over a quarter: never kept
    assert snap.get(("/big/", "")) is None


def test_accept_encoding_is_reduced_to_what_is_served(client: FlaskClient) -> None:
    assert encoding("gzip, deflate, br") == "gzip"
    assert encoding("br;q=1.0, gzip;q=0") == ""
    assert encoding("*") == "gzip"
    assert encoding("") == ""
    first = client.get(PAGE, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    again = client.get(PAGE, headers={"Accept-Encoding": "gzip;q=0.5, x-odd"})
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "gzip"
    assert first.data == again.data


def test_preview_shows_a_template_edit_without_a_restart(
    tour_copy: Callable[..., Path], tmp_path: Path
) -> None:
    tours = tour_copy()
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    app = create_app({"TOURS_DIR": str(tours), "PREVIEW": True})
    app.jinja_loader.searchpath = [str(templates)]  # type: ignore[union-attr]
    client = app.test_client()
    assert "Look again" not in client.get(PAGE).text
    stop = templates / "stop.html"
    stop.write_text(stop.read_text("utf-8").replace("<h1>", "<p>Look again</p><h1>"), "utf-8")
    os.utime(stop, ns=(stop.stat().st_atime_ns, stop.stat().st_mtime_ns + 2_000_000_000))
    assert "Look again" in client.get(PAGE).text
