"""The production front: Debian's nginx (deploy/nginx.conf.in) in front of the shipped gunicorn.

Both run on free loopback ports, in folders under tmp_path. Every loop here has a count and
a time limit. nginx must be installed (scripts/test installs it): a missing nginx fails.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from calais_tour import create_app
from calais_tour.config import ROOT
from calais_tour.freeze import freeze
from calais_tour.headers import SECURITY_HEADERS
from calais_tour.nginx import main as nginx_main
from calais_tour.nginx import render

from .conftest import FIXTURE_TOURS

HOST = "tour.test"
STOP = "/en/harbour-walk/fort/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process is None or process.poll() is None, log.read_text("utf-8", "replace")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after 30 s:\n{log.read_text('utf-8')}")


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


def complete(data: bytes) -> bool:
    """Whether ``data`` holds a whole answer with a Content-Length (else: read to the close)."""
    head, found, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"\r\ncontent-length: *(\d+)", head.lower())
    return bool(found and length and len(body) >= int(length.group(1)))


def raw(port: int, request: bytes, source: str = "127.0.0.1") -> Answer | None:
    """Send ``request`` as it is and read until the server closes (None: closed, no answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0)) as sock:
        sock.sendall(request)
        data = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not complete(data):
            # nginx may keep reading a refused body for a while before it closes
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    if not data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [(k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines)]
    return Answer(int(status_line.split()[1]), headers, body)


def get(port: int, path: str, host: str = HOST, method: str = "GET", extra: str = "") -> Answer:
    answer = raw(port, f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode())
    assert answer is not None, f"{method} {path}: connection closed without an answer"
    return answer


@dataclass
class Front:
    port: int  # nginx
    app_port: int  # gunicorn
    app_log: Path
    log_dir: Path


@contextmanager
def nginx_running(tmp: Path, site_conf: str) -> Iterator[None]:
    """Run Debian's nginx on ``site_conf`` (rendered for its http context) in ``tmp``."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    assert nginx, "Debian's nginx is not installed: scripts/test installs it (apt-get install nginx)"
    (tmp / "site.conf").write_text(site_conf, "utf-8")
    temp_paths = "\n".join(f"    {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        ("user root root;\n" if os.geteuid() == 0 else "")  # to read and write under tmp_path
        + f"worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log stderr crit;\n"
        "events { worker_connections 1024; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"{temp_paths}\n    include {tmp}/site.conf;\n}}\n",
        "utf-8",
    )
    command = [nginx, "-p", str(tmp), "-e", "stderr", "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    log = tmp / "nginx.stderr"
    with log.open("wb") as out:
        proxy = subprocess.Popen([*command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    tmp = tmp_path_factory.mktemp("front")
    port, app_port = free_port(), free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "2",
        "CALAIS_TOUR_BASE_URL": f"http://{HOST}",
        "CALAIS_TOUR_TOURS_DIR": str(FIXTURE_TOURS),
    }
    app_log = tmp / "gunicorn.log"
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "calais_tour:create_app()"]
    with app_log.open("wb") as out:
        app = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(app_port, app, app_log)
        site = render(HOST, f"127.0.0.1:{port}", f"127.0.0.1:{app_port}", ROOT, tmp)
        with nginx_running(tmp, site):
            wait_for_port(port, None, tmp / "nginx.stderr")
            for _ in range(10):  # each worker renders its first page slowly: not measured here
                get(port, STOP)
            yield Front(port, app_port, app_log, tmp)
    finally:
        app.terminate()
        app.wait(timeout=30)


def assert_security_headers(answer: Answer) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert answer.header(name) == [value], (answer.status, name, answer.headers)
    assert not answer.header("Set-Cookie")


def test_a_page_answers_within_a_second_while_50_slow_sockets_are_open(front: Front) -> None:
    # half send their headers one byte a second, half their body: gunicorn sees neither
    header = f"GET {STOP} HTTP/1.1\r\nHost: {HOST}\r\n".encode()
    body_head = f"POST /s/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 1000\r\n\r\n".encode()
    slow = [socket.create_connection(("127.0.0.1", front.port), timeout=2) for _ in range(50)]
    try:
        for sock in slow[25:]:
            sock.sendall(body_head)
        for second in range(3):
            for sock in slow:
                sock.send(header[second : second + 1])
            time.sleep(1)
        readable, _, _ = select.select(slow, [], [], 0)  # closed sockets read as readable
        held = len(slow) - len(readable)
        start = time.monotonic()
        answer = get(front.port, STOP)
        elapsed = time.monotonic() - start
        print(f"\nslow sockets held by nginx: {held} of {len(slow)}; page in {elapsed * 1000:.0f} ms")
        assert held == len(slow)
        assert answer.status == 200 and b"<html" in answer.body
        assert elapsed < 1.0
    finally:
        for sock in slow:
            sock.close()


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1", f"{HOST}.evil.example"])
def test_an_unknown_host_is_refused(front: Front, host: str) -> None:
    answer = get(front.port, STOP, host=host)
    assert answer.status == 421
    assert b"harbour" not in answer.body.lower()
    assert_security_headers(answer)


def test_a_request_without_host_is_refused(front: Front) -> None:
    answer = raw(front.port, f"GET {STOP} HTTP/1.0\r\n\r\n".encode())
    assert answer is not None and answer.status == 421


def test_the_public_host_reaches_the_app(front: Front) -> None:
    answer = get(front.port, STOP, host=f"{HOST.upper()}:{front.port}")
    assert answer.status == 200 and b"<html" in answer.body
    assert_security_headers(answer)


def test_pages_keep_the_apps_compression_and_validators(front: Front) -> None:
    gzip = "Accept-Encoding: gzip\r\n"
    first = get(front.port, STOP, extra=gzip)
    assert first.header("Content-Encoding") == ["gzip"]
    [etag] = first.header("ETag")
    again = get(front.port, STOP, extra=f"{gzip}If-None-Match: {etag}\r\n")
    assert again.status == 304 and again.body == b""
    assert_security_headers(again)
    plain = get(front.port, STOP)  # nginx compresses nothing the app sent plain
    assert not plain.header("Content-Encoding") and b"<html" in plain.body


def test_static_files_come_from_nginx(front: Front) -> None:
    css = (ROOT / "static" / "css" / "site.css").read_bytes()
    answer = get(front.port, "/static/css/site.css?v=abc")
    assert answer.status == 200 and answer.body == css
    assert answer.header("Cache-Control") == ["public, max-age=31536000, immutable"]
    # nginx's validator: hex modification time and size (the app's differs)
    assert answer.header("ETag") == [f'"{int((ROOT / "static/css/site.css").stat().st_mtime):x}-{len(css):x}"']
    assert_security_headers(answer)
    assert get(front.port, "/static/css/site.css").header("Cache-Control") == ["no-cache"]


def test_static_js_package_json_is_not_served(front: Front) -> None:
    assert get(front.port, "/static/js/package.json").status == 404


def many(front: Front, path: str, count: int) -> list[int]:
    statuses = []
    for _ in range(count):
        statuses.append(get(front.port, path).status)
    return statuses


@pytest.mark.parametrize("path", ["/en/harbour-walk/signs.pdf", "/en/harbour-walk/guide.pdf", "/fr/harbour-walk/signs/", "/qr/L1.svg"])
def test_costly_endpoints_are_rate_limited(front: Front, path: str) -> None:
    # a made-up tour is a cheap 404 from the app, and counts like a real sheet; the sheets
    # share one allowance per client, so an earlier case may have used it up
    costly = path.replace("harbour-walk", "no-such-tour").replace("L1", "NOPE")
    statuses = many(front, costly, 60)
    assert set(statuses) <= {404, 429} and 429 in statuses, statuses
    assert_security_headers(get(front.port, costly))


def test_other_pages_are_not_rate_limited(front: Front) -> None:
    assert set(many(front, "/en/nowhere/", 60)) == {404}


ERRORS = {
    # name: (request, status)
    "page": (f"GET {STOP} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 200),
    "head": (f"HEAD {STOP} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 200),
    "app 404": (f"GET /en/nowhere/ HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 404),
    "app 404 for a static file": (f"GET /static/nothing.css HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 404),
    "nginx 400 (two Host headers)": (f"GET / HTTP/1.1\r\nHost: {HOST}\r\nHost: {HOST}\r\n\r\n", 400),
    "nginx 413 (a body)": (f"POST /s/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", 413),
    "nginx 421 (another host)": ("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", 421),
    # gunicorn refuses request lines over 4094 bytes by itself; nginx allows 8 KB
    "gunicorn 414 (a long URL)": (f"GET /{'a' * 5000} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 414),
}


@pytest.mark.parametrize("name", ERRORS)
def test_every_answer_carries_the_security_headers_once(front: Front, name: str) -> None:
    request, status = ERRORS[name]
    answer = raw(front.port, request.encode())
    assert answer is not None and answer.status == status, answer
    assert_security_headers(answer)
    assert not answer.header("Server") or answer.header("Server") == ["nginx"]  # no version


def test_the_gunicorn_414_is_gunicorns_own(front: Front) -> None:
    # the case above is worth having only if gunicorn itself (not the app) answers it
    request, _ = ERRORS["gunicorn 414 (a long URL)"]
    direct = raw(front.app_port, request.encode())
    assert direct is not None and direct.status == 414
    assert not direct.header("Content-Security-Policy")


def test_logs_keep_no_client_address(front: Front) -> None:
    # a client on another loopback address, straight to gunicorn, with a request it refuses
    answer = raw(front.app_port, b"NOT HTTP\r\n\r\n", source="127.0.0.2")
    assert answer is not None and answer.status == 400
    deadline = time.monotonic() + 5
    while b"Invalid request" not in front.app_log.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = front.app_log.read_text("utf-8", "replace")
    assert "Invalid request" in log
    assert "127.0.0.2" not in log
    get(front.port, STOP)
    access = (front.log_dir / "calais-tour.access.log").read_text("utf-8")
    assert f'"GET {STOP} HTTP/1.1" 200' in access
    assert "127.0.0.1" not in access


def test_render_refuses_bad_values_with_a_message(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALAIS_TOUR_BASE_URL", "javascript:alert(1)")
    assert nginx_main([]) == 2
    assert "has no host name: set it to the public address" in capsys.readouterr().err
    assert nginx_main(["--server-name", "tour.example.org; evil"]) == 2
    assert "not a host name" in capsys.readouterr().err
    assert nginx_main(["--server-name", "tour.example.org", "--listen", "80; evil"]) == 2
    assert "--listen" in capsys.readouterr().err


def test_render_takes_the_host_and_hsts_from_the_settings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALAIS_TOUR_BASE_URL", "https://Tour.Example.org/")
    monkeypatch.setenv("CALAIS_TOUR_HSTS_SECONDS", "31536000")
    assert nginx_main([]) == 0
    text = capsys.readouterr().out
    assert "server_name tour.example.org;" in text and "proxy_set_header Host tour.example.org;" in text
    assert 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;' in text
    assert "@" not in text.replace("@app", "")


@pytest.fixture(scope="module")
def frozen_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """nginx alone on a site written by ``calais-tour freeze``."""
    tmp = tmp_path_factory.mktemp("frozen-front")
    app = create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS), "BASE_URL": f"http://{HOST}"})
    freeze(app, tmp / "site")
    port = free_port()
    with nginx_running(tmp, render(HOST, f"127.0.0.1:{port}", log_dir=tmp, frozen=tmp / "site")):
        wait_for_port(port, None, tmp / "nginx.stderr")
        yield port


SHORT = "public, max-age=0, s-maxage=300"
FROZEN = {
    # path: (status, media type, Cache-Control)
    STOP: (200, "text/html", SHORT),
    "/en/harbour-walk/tour.gpx": (200, "application/gpx+xml", SHORT),
    "/en/harbour-walk/tour.geojson": (200, "application/geo+json", SHORT),
    "/manifest.webmanifest": (200, "application/manifest+json", SHORT),
    "/api/v1/tours.json": (200, "application/json", SHORT),
    "/sw.js": (200, "application/javascript", "no-cache"),
    "/qr/L1.png": (200, "image/png", "public, max-age=86400"),
    "/static/css/site.css?v=abc": (200, "text/css", "public, max-age=31536000, immutable"),
    "/static/css/site.css": (200, "text/css", "no-cache"),
    "/s/L2/": (200, "text/html", SHORT),
    "/en/nowhere/": (404, "text/html", SHORT),
    "/static/js/package.json": (404, "text/html", SHORT),
}


@pytest.mark.parametrize("path", FROZEN)
def test_nginx_serves_a_frozen_site(frozen_port: int, path: str) -> None:
    status, media_type, cache_control = FROZEN[path]
    answer = get(frozen_port, path)
    assert answer.status == status
    assert answer.header("Content-Type")[0].split(";")[0] == media_type
    assert answer.header("Cache-Control") == [cache_control]
    assert_security_headers(answer)
    if status == 404:
        assert b"<html" in answer.body and b"404 Not Found" not in answer.body  # the site's page


def test_a_frozen_short_link_redirects_within_the_site(frozen_port: int) -> None:
    answer = get(frozen_port, "/s/L2", host=f"{HOST}:{frozen_port}")
    assert answer.status == 301 and answer.header("Location") == ["/s/L2/"]
    assert_security_headers(answer)


def test_the_frozen_site_refuses_an_unknown_host(frozen_port: int) -> None:
    answer = get(frozen_port, STOP, host="evil.example")
    assert answer.status == 421
    assert_security_headers(answer)


@pytest.mark.parametrize("frozen", [False, True])
def test_the_configuration_fits_debians_nginx_conf(tmp_path: Path, frozen: bool) -> None:
    # as the README installs it: in sites-enabled/, included in the http {} of Debian's nginx.conf
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    assert nginx, "Debian's nginx is not installed: scripts/test installs it (apt-get install nginx)"
    etc = tmp_path / "etc"
    shutil.copytree("/etc/nginx", etc, symlinks=True)
    (etc / "sites-enabled" / "default").unlink(missing_ok=True)
    main_conf = (etc / "nginx.conf").read_text("utf-8")
    for old, new in (("/etc/nginx/", f"{etc}/"), ("/var/log/nginx/", f"{tmp_path}/"), ("/run/", f"{tmp_path}/")):
        main_conf = main_conf.replace(old, new)
    (etc / "nginx.conf").write_text(main_conf, "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("<!doctype html>", "utf-8")
    conf = render("tour.example.org", log_dir=tmp_path, frozen=site if frozen else None)
    (etc / "sites-enabled" / "calais-tour").write_text(conf, "utf-8")
    checked = subprocess.run([nginx, "-t", "-e", "stderr", "-c", str(etc / "nginx.conf")], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
