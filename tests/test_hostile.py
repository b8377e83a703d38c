"""Hostile and odd requests: never a server error or a traceback, never a file from outside.

Requests go to the WSGI app the way gunicorn hands them over: the path percent-decoded to
bytes and passed as latin-1 (so ``%ff`` stays an invalid UTF-8 byte, which the test client
would turn into U+FFFD), the query string and headers as sent. An audit hook records every
file opened while a request runs; only the app's folders and Python's own files may appear.
"""

from __future__ import annotations

import mimetypes
import os
import re
import sys
import sysconfig
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.parse import unquote_to_bytes

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from werkzeug.datastructures import Headers
from werkzeug.test import EnvironBuilder
from werkzeug.test import run_wsgi_app

import calais_tour
from calais_tour import create_app
from calais_tour.config import ROOT

from .conftest import SHIPPED_TOURS

TOUR = "calais-1940-1944"
PAGE = f"/en/{TOUR}/citadel/"
STATIC = "/static/css/site.css"
# the first lines of /etc/passwd, pyproject.toml and a tour.toml
SECRETS = (b"root:x:0:0", b"[build-system]", b"[project]", b"languages = [")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Headers
    body: bytes


_recording: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _recording is not None and not isinstance(args[0], int):
        _recording.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside opened_files()


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Record the real paths of the files opened inside the block."""
    global _recording
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None


def allowed_roots() -> tuple[str, ...]:
    """Where a request may read: the app's static files, templates, translations and tour
    media, and Python's own files (lazy imports, Babel's locale data, the time zone database)."""
    media = [str(path) for path in SHIPPED_TOURS.glob("*/media")]
    python = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    zipped = str(Path(sys.base_prefix) / "lib" / f"python{version}.zip")
    roots = [str(ROOT / "static"), str(ROOT / "templates"), str(Path(calais_tour.__file__).parent),
             *media, *python, zipped, *zoneinfo.TZPATH]
    return tuple(os.path.realpath(root) for root in roots)


@pytest.fixture(scope="module")
def hostile_app() -> Flask:
    app = create_app({"TESTING": True, "TOURS_DIR": str(SHIPPED_TOURS),
                      "BASE_URL": "https://tour.example.org"})
    mimetypes.init()  # reads /etc/mime.types once, before any request is watched
    for warm_up in (PAGE, STATIC, "/qr/2.png", f"/fr/{TOUR}/signs.pdf", "/sw.js", "/nope"):
        send(app, "GET", warm_up)
    return app


def send(app: Flask, method: str, target: str, headers: dict[str, str] | None = None) -> Answer:
    """Call the app as gunicorn would, and check the answer is never a server error."""
    path, _, query = target.partition("?")
    environ = EnvironBuilder(path="/", method=method, headers=headers).get_environ()
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
    environ["QUERY_STRING"] = query
    environ["RAW_URI"] = environ["REQUEST_URI"] = target
    roots = allowed_roots()
    with opened_files() as opened:
        # TESTING propagates exceptions: a bug fails here with its traceback
        body_iter, status, response_headers = run_wsgi_app(app.wsgi_app, environ, buffered=True)
        body = b"".join(body_iter)
    code = int(status.split()[0])
    assert code < 500, (method, target[:200], headers, status)
    assert b"Traceback" not in body and b'File "/' not in body
    assert not any(secret in body for secret in SECRETS), (method, target[:200])
    outside = [p for p in opened if not p.startswith(roots)]
    assert outside == [], (method, target[:200], outside)
    location = response_headers.get("Location")
    if location:  # a redirect stays on this site, whatever the request's Host says
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    return Answer(code, response_headers, body)


def traversals() -> list[str]:
    """Every base URL with a climbing segment put at every position of its path."""
    bases = [STATIC, "/qr/2.png", f"/media/{TOUR}/photo.jpg", PAGE, f"/api/v1/tours/{TOUR}.json",
             "/s/2", f"/fr/{TOUR}/signs.pdf"]
    climbs = ["..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/pyproject.toml",
              "..%2f..%2fpyproject.toml", "..%5c..%5cpyproject.toml", "%2e%2e%2f%2e%2e%2ftour.toml",
              "%c0%ae%c0%ae%2f%c0%ae%c0%aepyproject.toml", "....//....//etc/passwd",
              "..%252f..%252fpyproject.toml", "..%00/pyproject.toml"]
    targets = []
    for base in bases:
        parts = base.strip("/").split("/")
        for position in range(len(parts) + 1):
            for climb in climbs:
                targets.append("/" + "/".join([*parts[:position], climb, *parts[position:]]))
    return targets


@pytest.mark.parametrize("target", traversals())
def test_climbing_out_of_a_folder_finds_nothing(hostile_app: Flask, target: str) -> None:
    answer = send(hostile_app, "GET", target)
    for _ in range(2):
        # slashes merged ("....//") or one added (/qr/x/y is shaped like /<lang>/<tour>/<stop>/,
        # with "qr" for a language) where a route matched: the redirect stays here, follow it
        if answer.status != 308:
            break
        answer = send(hostile_app, "GET", answer.headers["Location"])
    assert answer.status == 404, target


def test_the_files_that_climbing_aims_at_exist() -> None:
    # the traversal cases would prove nothing if their targets did not exist
    assert (ROOT / "pyproject.toml").read_bytes().count(b"[build-system]") == 1
    assert b"languages = [" in (SHIPPED_TOURS / TOUR / "tour.toml").read_bytes()


LONG = [
    ("/" + "a" * 100_000, 404),
    ("/en/" + "x/" * 20_000, 404),
    ("/s/" + "9" * 10_000, 404),
    (f"/static/{'a' * 60_000}.css", 404),
    (f"/en/?q={'x' * 100_000}", 200),
    (f"{STATIC}?v={'x' * 50_000}", 200),
    (f"{PAGE}?{'&'.join(f'k{i}={i}' for i in range(5_000))}", 200),
]


@pytest.mark.parametrize(("target", "status"), LONG, ids=lambda v: str(v)[:20])
def test_very_long_urls(hostile_app: Flask, target: str, status: int) -> None:
    assert send(hostile_app, "GET", target).status == status


ENCODINGS = [
    ("/s/%ff%fe", 404),
    ("/en/%ff/", 404),
    ("/%c3%28", 404),
    (f"/en/{TOUR}/%ed%a0%80/", 404),  # a UTF-16 surrogate, encoded
    ("/static/%ff", 404),
    ("/qr/%ff.png", 404),
    (f"/media/{TOUR}/%ff.png", 404),
    ("/api/v1/tours/%ff.json", 404),
    ("/s/?code=%ff%fe", 404),
    ("/en/?x=%ff&%fe=1", 200),
    (f"{STATIC}%00", 404),
    ("/s/%00", 404),
    ("/s/?code=%00", 404),
    (f"/media/{TOUR}/%00", 404),
    ("/en%00/", 404),
    (f"/en/{TOUR}/citadel%00/", 404),
    ("/s/%e2%80%ae2", 404),  # a right-to-left override
    ("/s/%ef%bc%92", 404),  # a full-width 2 is not the code 2
]


@pytest.mark.parametrize(("target", "status"), ENCODINGS)
def test_invalid_utf8_and_nul_bytes(hostile_app: Flask, target: str, status: int) -> None:
    assert send(hostile_app, "GET", target).status == status


LANGUAGE_HEADERS = [
    ("x" * 50_000, "/en/"),
    (",".join(["fr;q=0.5"] * 5_000), "/fr/"),
    (",".join(f"l{i}" for i in range(10_000)), "/en/"),
    ("en;q=abc", "/en/"),
    ("de;q=abc, fr", "/fr/"),
    (",,,,", "/en/"),
    (";q=abc", "/en/"),
    ("en;q=1.5, fr", "/fr/"),
    ("fr;q=0", "/en/"),
    ("nl;q=-1, de", "/de/"),
    ("de-DE-x-private,fr;q=1e309", "/de/"),
    ("*", "/en/"),
    ("\xff\xfe", "/en/"),
    ("nl-BE", "/nl/"),
]


@pytest.mark.parametrize(("value", "lang"), LANGUAGE_HEADERS, ids=lambda v: str(v)[:20])
def test_huge_and_malformed_accept_language(hostile_app: Flask, value: str, lang: str) -> None:
    headers = {"Accept-Language": value}
    root = send(hostile_app, "GET", "/", headers)
    assert (root.status, root.headers["Location"]) == (302, lang)
    sign = send(hostile_app, "GET", "/s/2", headers)
    assert (sign.status, sign.headers["Location"]) == (302, f"{lang}{TOUR}/citadel/")
    missing = send(hostile_app, "GET", "/nowhere", headers)
    assert missing.status == 404
    assert f'<html lang="{lang.strip("/")}"'.encode() in missing.body


@pytest.mark.parametrize("method", ["PROPFIND", "BREW", "TRACE", "DELETE", "PUT", "PATCH",
                                    "CONNECT", "MKCOL", "X" * 200])
@pytest.mark.parametrize("target", ["/", PAGE, STATIC, "/s/2", "/qr/2.png", "/sw.js",
                                    "/api/v1/tours.json"])
def test_unknown_methods_are_refused(hostile_app: Flask, method: str, target: str) -> None:
    assert send(hostile_app, method, target).status == 405


def test_a_post_is_refused_and_stores_nothing(hostile_app: Flask) -> None:
    answer = send(hostile_app, "POST", "/s/", {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 405
    assert "Set-Cookie" not in answer.headers


RANGES = [
    # pages are generated: a Range is ignored and the whole page comes back
    (PAGE, "bytes=999999-", 200),
    (PAGE, "bytes=abc", 200),
    (PAGE, "bytes=0-1", 200),
    ("/qr/2.png", "bytes=5-1", 200),
    # static files honour one satisfiable range and refuse the rest (RFC 9110 allows both)
    (STATIC, "bytes=0-1", 206),
    (STATIC, "bytes=999999-", 416),
    (STATIC, "bytes=abc", 416),
    (STATIC, "bytes=5-1", 416),
    (STATIC, "bytes=-0", 416),
    (STATIC, "bytes=" + ",".join(f"{i}-{i}" for i in range(1_000)), 416),
    (STATIC, "bytes=0-" + "9" * 400, 206),
    (STATIC, "pages=1-2", 416),  # werkzeug refuses a unit it does not know (RFC 9110: ignore)
    (STATIC, "bytes=0-1" + ",0-1" * 3, 416),
]


@pytest.mark.parametrize(("target", "value", "status"), RANGES, ids=lambda v: str(v)[:20])
def test_bogus_range_headers(hostile_app: Flask, target: str, value: str, status: int) -> None:
    answer = send(hostile_app, "GET", target, {"Range": value})
    assert answer.status == status
    if status == 206:
        assert answer.headers["Content-Range"].startswith("bytes 0-")


QUERIES = [
    (f"/en/{TOUR}/signs/?size=", 404),
    (f"/en/{TOUR}/signs/?size=%ff", 404),
    (f"/en/{TOUR}/signs/?size=A5", 200),
    (f"/en/{TOUR}/signs/?distance=nan", 404),
    (f"/en/{TOUR}/signs/?distance=1e309", 404),
    (f"/en/{TOUR}/signs/?distance=inf", 404),
    (f"/en/{TOUR}/signs.pdf?distance=-inf", 404),
    (f"/en/{TOUR}/signs/?distance=0x1p1", 404),
    (f"/en/{TOUR}/signs/?distance=1_0", 404),
    (f"/en/{TOUR}/signs/?distance=%00", 404),
    (f"/en/{TOUR}/signs/?distance=1.0&distance=99", 200),  # the first value counts
    ("/s/?code=", 404),
    ("/s/?code=%00", 404),
    ("/s/?code=" + "9" * 10_000, 404),
    ("/s/?code=%202%20", 302),  # spaces around a typed number are forgiven
    ("/s/?code=../../etc/passwd", 404),
    ("/en/?lang=xx&code=1", 200),
]


@pytest.mark.parametrize(("target", "status"), QUERIES)
def test_odd_query_strings(hostile_app: Flask, target: str, status: int) -> None:
    assert send(hostile_app, "GET", target).status == status


@pytest.mark.parametrize("host", ["tour.example.org", "tour.example.org:443", "127.0.0.1:8000",
                                  "localhost"])
@pytest.mark.parametrize(("target", "status"), [
    ("/en/", 200), (PAGE, 200), ("/s/2", 302), ("/en", 308), ("/nowhere", 404),
    ("/qr/2.svg", 200), ("/api/v1/tours.json", 200),
])
def test_the_public_host_and_loopback_are_answered(
    hostile_app: Flask, host: str, target: str, status: int
) -> None:
    assert send(hostile_app, "GET", target, {"Host": host}).status == status


@pytest.mark.parametrize("host", ["evil.example", "", "[::1", "ex ample", "x:99999999", "x:-1",
                                  "\xff", "é.example", "-a-", "evil.example:443@other",
                                  "tour.example.org.evil.example"])
@pytest.mark.parametrize("target", ["/en/", PAGE, "/s/2", "/en", "/nowhere", "/qr/2.svg",
                                    "/api/v1/tours.json"])
def test_any_other_host_is_refused(hostile_app: Flask, host: str, target: str) -> None:
    # twice: a refused request is never answered from the stored pages either
    for _ in range(2):
        answer = send(hostile_app, "GET", target, {"Host": host})
        assert answer.status == 400
        assert b"Traceback" not in answer.body
        # printed codes, links and redirects come from BASE_URL, never from the Host header
        if host:
            assert host.encode("utf-8") not in answer.body
            assert host not in answer.headers.get("Location", "")


@pytest.mark.parametrize("host", ["a" * 64, "a..b", "." * 3])
@pytest.mark.parametrize("target", ["/en/", "/nowhere", PAGE])
def test_unreadable_host_is_a_bad_request(hostile_app: Flask, host: str, target: str) -> None:
    answer = send(hostile_app, "GET", target, {"Host": host})
    assert answer.status == 400
    assert b"Traceback" not in answer.body


@pytest.mark.parametrize(("headers", "status"), [
    ({"If-None-Match": 'garbage""'}, 200),
    ({"If-None-Match": "*"}, 304),
    ({"If-Modified-Since": "not a date"}, 200),
    ({"Accept-Encoding": "gzip;q=abc, br;q=1.5"}, 200),
    ({"Accept-Encoding": "x" * 20_000}, 200),
    ({"Content-Length": "-1"}, 200),
    ({"Content-Length": "99999999999999999999"}, 200),
    ({"Transfer-Encoding": "chunked, gzip"}, 200),
    ({"Cookie": "a=" + "b" * 10_000}, 200),
])
def test_odd_headers_on_a_page(hostile_app: Flask, headers: dict[str, str], status: int) -> None:
    assert send(hostile_app, "GET", PAGE, headers).status == status


# -- property-based: any mix of real segments and junk, any query, any Accept-Language ----------

REAL_SEGMENTS = ["en", "fr", "de", "nl", "xx", TOUR, "citadel", "bunker", "calais-nord", "s", "qr",
                 "static", "css", "js", "icons", "site.css", "api", "v1", "tours", "tours.json",
                 "media", "offline", "signs", "signs.pdf", "tour.gpx", "tour.geojson", "2",
                 "2.png", "1.svg", "sw.js", "manifest.webmanifest", "", ".", ".."]
JUNK = ["%2e%2e", "..%2f", "%2f", "%5c", "%00", "%ff%fe", "%c0%ae", "%e2%80%ae", "%25", "%",
        "%zz", "~", "*", ";", "%3b", "?", "#"]


def percent_encoded_text() -> st.SearchStrategy[str]:
    return st.text(max_size=12).map(lambda text: quote(text, safe=""))


segments = st.one_of(st.sampled_from(REAL_SEGMENTS), st.sampled_from(JUNK),
                     percent_encoded_text(),
                     st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126,
                                                    exclude_characters="?#"), max_size=8))
paths = st.builds(
    lambda parts, slash: "/" + "/".join(parts) + ("/" if slash else ""),
    st.lists(segments, max_size=6), st.booleans(),
)
queries = st.one_of(
    st.just(""),
    st.dictionaries(st.sampled_from(["code", "size", "distance", "v", "lang", "q"]),
                    percent_encoded_text(), max_size=3)
    .map(lambda d: "&".join(f"{k}={v}" for k, v in d.items())),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="#"),
            max_size=30),
)
latin1_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
accept_languages = st.one_of(
    st.just(""),
    st.lists(st.tuples(st.sampled_from(["en", "fr", "de", "nl", "de-DE", "*", "zz", "", "x" * 40]),
                       st.one_of(st.just(""), st.floats(allow_nan=True).map(lambda q: f";q={q}"),
                                 latin1_text.map(lambda t: f";q={t}"))),
             max_size=6).map(lambda items: ",".join(tag + q for tag, q in items)),
    latin1_text,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]), path=paths, query=queries,
       accept_language=accept_languages)
def test_no_request_breaks_the_app(
    hostile_app: Flask, method: str, path: str, query: str, accept_language: str
) -> None:
    target = path + (f"?{query}" if query else "")
    answer = send(hostile_app, method, target, {"Accept-Language": accept_language})
    if 300 <= answer.status < 400:
        assert re.match(r"/[^/\\]", answer.headers["Location"]) or answer.headers["Location"] == "/"
