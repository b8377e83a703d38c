"""Scan counts: what is counted, what is kept, who may see it, and that a visitor never waits."""

from __future__ import annotations

import base64
import logging
import multiprocessing
import os
import pwd
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from calais_tour import StartupError
from calais_tour import create_app
from calais_tour import scans
from calais_tour.cli import main
from calais_tour.scans import ScanStore
from tests.conftest import FIXTURE_TOURS

PASSWORD = "dunes and bunkers 1944"
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture(autouse=True)
def _fresh_process_state() -> Iterator[None]:
    scans._failures.clear()
    scans._last_report[:] = [0.0, 0]
    yield
    scans._failures.clear()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def office_app(data_dir: Path) -> Flask:
    return create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS),
                       "DATA_DIR": str(data_dir), "OFFICE_PASSWORD_HASH": FAST_HASH})


@pytest.fixture
def office(office_app: Flask) -> FlaskClient:
    return office_app.test_client()


def rows(data_dir: Path) -> list[tuple[str, str, int]]:
    conn = sqlite3.connect(data_dir / scans.DB_NAME)
    try:
        return conn.execute("SELECT day, code, n FROM scans ORDER BY code").fetchall()
    finally:
        conn.close()


def total(data_dir: Path) -> int:
    return sum(n for _, _, n in rows(data_dir))


def basic(password: str, user: str = "office") -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def today() -> str:
    return ScanStore(".", "Europe/Paris").today().isoformat()


# --- counting ------------------------------------------------------------------------------


def test_a_followed_short_link_is_counted_per_day_and_stop(
    office: FlaskClient, data_dir: Path
) -> None:
    assert not data_dir.exists()  # made on first use
    for code in ("L1", "l1", "L2"):
        response = office.get(f"/s/{code}")
        assert response.status_code == 302
    assert office.get("/s/ZZ").status_code == 404  # no stop: nothing counted
    assert office.get("/s/?code=L3").status_code == 302  # the box leads to /s/L3, not counted
    assert rows(data_dir) == [(today(), "L1", 2), (today(), "L2", 1)]


def _count_in_process(data_dir: str, times: int) -> None:
    store = ScanStore(data_dir, "Europe/Paris")
    for i in range(times):
        store.add(f"C{i % 3}")


def test_count_under_several_processes(data_dir: Path) -> None:
    workers = [multiprocessing.Process(target=_count_in_process, args=(str(data_dir), 300))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert total(data_dir) == 1200
    assert {code: n for _, code, n in rows(data_dir)} == {"C0": 400, "C1": 400, "C2": 400}


def test_the_day_is_the_towns(data_dir: Path) -> None:
    store = ScanStore(data_dir, "Pacific/Kiritimati")  # UTC+14: often a day ahead of UTC
    store.add("L1")
    assert rows(data_dir)[0][0] == store.today().isoformat()


# --- privacy -------------------------------------------------------------------------------


def test_nothing_about_the_visitor_is_kept(office: FlaskClient, data_dir: Path) -> None:
    secrets = {
        "address": "203.0.113.77",
        "agent": "Sentinel-Agent/9.9 (zz-private-phone)",
        "cookie": "visitor-cookie-4242",
        "referrer": "https://referrer.example/zz-private-page",
        "language": "fr-CA",
    }
    response = office.get(
        "/s/L1",
        environ_base={"REMOTE_ADDR": secrets["address"]},
        headers={"User-Agent": secrets["agent"], "Cookie": f"id={secrets['cookie']}",
                 "Referer": secrets["referrer"], "Accept-Language": secrets["language"],
                 "X-Forwarded-For": secrets["address"]},
    )
    assert response.status_code == 302
    assert "Set-Cookie" not in response.headers
    scans.store(office.application).close()
    files = sorted(p.name for p in data_dir.iterdir())
    assert set(files) <= {"scans.sqlite", "scans.sqlite-wal", "scans.sqlite-shm"}
    kept = b"".join((data_dir / name).read_bytes() for name in files)
    for what, value in secrets.items():
        assert value.encode() not in kept, f"the {what} was written"
        assert value.encode("utf-16-le") not in kept, f"the {what} was written"
    conn = sqlite3.connect(data_dir / scans.DB_NAME)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(scans)")]
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert columns == ["day", "code", "n"]
    assert tables == ["scans"]


# --- the database cannot be written: the visitor still goes on at once -------------------


def assert_redirects_at_once_and_logs(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, problem: str
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="calais_tour.scans"):
        started = time.monotonic()
        response = client.get("/s/L1")
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/harbour-walk/lighthouse/"
    assert elapsed < 1.0
    assert "scan of L1 not counted" in caplog.text
    assert problem in caplog.text


def test_a_corrupt_database_never_blocks_a_visitor(
    office: FlaskClient, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir.mkdir()
    (data_dir / scans.DB_NAME).write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    assert_redirects_at_once_and_logs(office, caplog, "not a database")
    # the office page says so instead of failing
    page = office.get("/office/scans", headers=basic(PASSWORD))
    assert page.status_code == 200
    assert "The counts cannot be read" in page.text
    assert office.get("/office/scans.csv", headers=basic(PASSWORD)).status_code == 503


def test_a_locked_database_never_blocks_a_visitor(
    office: FlaskClient, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ScanStore(data_dir, "Europe/Paris").add("L2")
    holder = sqlite3.connect(data_dir / scans.DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        assert_redirects_at_once_and_logs(office, caplog, "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # once the lock is gone, counting goes on, and the scan made while it was locked, kept
    # in the worker, is written with the next one: nothing is lost
    assert office.get("/s/L1").status_code == 302
    assert {code: n for _, code, n in rows(data_dir)} == {"L1": 2, "L2": 1}


def test_a_data_folder_that_cannot_be_made_never_blocks_a_visitor(
    office: FlaskClient, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir.write_text("a file where the folder should be")
    assert_redirects_at_once_and_logs(office, caplog, "FileExistsError")


def test_a_read_only_database_never_blocks_a_visitor(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # a folder every user can reach, as a deployment's would be
    shared = Path(tempfile.mkdtemp(prefix="calais-scans-"))
    try:
        shared.chmod(0o755)
        data_dir = shared / "data"
        warm = create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS),
                           "DATA_DIR": str(shared / "warm")})
        assert warm.test_client().get("/s/L1").status_code == 302  # every module loaded
        made = ScanStore(data_dir, "Europe/Paris")
        made.add("L2")
        made.close()  # the last connection folds the WAL into the file
        (data_dir / scans.DB_NAME).chmod(0o444)
        data_dir.chmod(0o555)
        before = (data_dir / scans.DB_NAME).read_bytes()
        client = create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS),
                             "DATA_DIR": str(data_dir)}).test_client()
        # root may write any file: the server then runs as an unprivileged user, as it should
        as_root = os.geteuid() == 0
        if as_root:
            os.seteuid(pwd.getpwnam("nobody").pw_uid)
        try:
            assert_redirects_at_once_and_logs(client, caplog, "")
        finally:
            if as_root:
                os.seteuid(0)
        assert (data_dir / scans.DB_NAME).read_bytes() == before
        assert sorted(p.name for p in data_dir.iterdir()) == [scans.DB_NAME]
    finally:
        for path in shared.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(shared)


# --- the office page -----------------------------------------------------------------------


def test_the_office_page_needs_the_password(office: FlaskClient) -> None:
    for headers in ({}, basic("wrong password"), {"Authorization": "Bearer " + PASSWORD}):
        response = office.get("/office/scans", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
        assert response.headers["Cache-Control"] == "no-store"
        assert "office password" in response.text
        assert office.get("/office/scans.csv", headers=headers).status_code == 401
    response = office.get("/office/scans", headers=basic(PASSWORD))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_office_page_shows_a_weekly_chart_per_sign(office: FlaskClient) -> None:
    for code in ("L1", "L1", "L1", "L3"):
        office.get(f"/s/{code}")
    html = office.get("/office/scans", headers=basic(PASSWORD)).text
    assert '<strong data-total>4</strong>' in html
    week = scans.monday(date.fromisoformat(today())).isoformat()
    for code, n in (("L1", 3), ("L2", 0), ("L3", 1)):
        start = html.index(f'data-code="{code}"')
        section = html[start:html.index("</section>", start)]
        assert f"<strong data-sign-total>{n}</strong>" in section
        assert section.count("<rect ") == scans.WEEKS  # a bar per week
        assert f'data-week="{week}" data-n="{n}"' in section  # this week's bar
        assert "style=" not in section  # the CSP allows no inline style
    assert "<script" not in html


def test_the_office_csv(office: FlaskClient, data_dir: Path) -> None:
    ScanStore(data_dir, "Europe/Paris").add("L2", 5, date(2026, 6, 6))
    ScanStore(data_dir, "Europe/Paris").add("OLD", 2, date(2026, 6, 7))  # a withdrawn sign
    office.get("/s/L1")
    response = office.get("/office/scans.csv", headers=basic(PASSWORD))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=scans.csv"
    assert response.text.splitlines() == [
        "day,code,tour,stop,scans",
        "2026-06-06,L2,harbour-walk,fort,5",
        "2026-06-07,OLD,,,2",
        f"{today()},L1,harbour-walk,lighthouse,1",
    ]


def test_wrong_passwords_are_rate_limited(office: FlaskClient) -> None:
    for _ in range(scans.MAX_FAILURES):
        assert office.get("/office/scans", headers=basic("guess")).status_code == 401
    refused = office.get("/office/scans", headers=basic(PASSWORD))
    assert refused.status_code == 429  # even the right one, until the window has passed
    assert int(refused.headers["Retry-After"]) <= scans.FAILURE_WINDOW_S + 1
    assert "Too many wrong passwords" in refused.text
    scans._failures[:] = [t - scans.FAILURE_WINDOW_S for t in scans._failures]  # time passes
    assert office.get("/office/scans", headers=basic(PASSWORD)).status_code == 200


def test_without_a_password_there_is_no_office_page(client: FlaskClient) -> None:
    assert client.get("/office/scans").status_code == 404
    assert client.get("/office/scans.csv", headers=basic(PASSWORD)).status_code == 404


@pytest.mark.parametrize("setting", ["my secret password", 123456, "md5$salt$abc"])
def test_a_password_instead_of_its_hash_refuses_to_start(setting: object) -> None:
    with pytest.raises(StartupError, match="calais-tour scans hash-password"):
        create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS),
                    "OFFICE_PASSWORD_HASH": setting})


def test_a_relative_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = ScanStore("var", "Europe/Paris")
    store.add("L1", 2)
    assert store.rows() == [(store.today(), "L1", 2)]
    assert (tmp_path / "var" / scans.DB_NAME).is_file()


# --- the command line ----------------------------------------------------------------------


def run_cli(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    env = {"CALAIS_TOUR_TOURS_DIR": str(FIXTURE_TOURS), "CALAIS_TOUR_DATA_DIR": str(data_dir)}
    result = CliRunner().invoke(main, ["scans", *args], env=env, input=stdin)
    return result.exit_code, result.output


ACCESS_LOG = """\
203.0.113.9 - - [01/Dec/2026:23:30:00 +0000] "GET /s/L1 HTTP/1.1" 302 5 "-" "Mozilla/5.0 (Linux)"
203.0.113.9 - - [02/Dec/2026:09:00:01 +0100] "GET /s/l2 HTTP/2.0" 200 812 "-" "Mozilla/5.0"
203.0.113.9 - - [02/Dec/2026:09:00:02 +0100] "GET /s/l2/ HTTP/2.0" 200 812 "-" "Mozilla/5.0"
203.0.113.9 - - [02/Dec/2026:09:01:00 +0100] "GET /s/L2?utm=x HTTP/1.1" 301 0 "-" "curl/8"
203.0.113.9 - - [02/Dec/2026:09:02:00 +0100] "HEAD /s/L1 HTTP/1.1" 302 0 "-" "curl/8"
203.0.113.9 - - [02/Dec/2026:09:03:00 +0100] "POST /s/L1 HTTP/1.1" 405 0 "-" "curl/8"
203.0.113.9 - - [02/Dec/2026:09:04:00 +0100] "GET /s/L1 HTTP/1.1" 404 0 "-" "curl/8"
203.0.113.9 - - [02/Dec/2026:09:05:00 +0100] "GET /s/ZZ HTTP/1.1" 302 0 "-" "curl/8"
203.0.113.9 - - [02/Dec/2026:09:06:00 +0100] "GET /en/harbour-walk/ HTTP/1.1" 200 0 "-" "x"
not a log line at all
203.0.113.9 - - [31/Foo/2026:09:00:00 +0100] "GET /s/L1 HTTP/1.1" 302 0 "-" "x"
"""


def test_import_log_counts_short_links_from_an_access_log(tmp_path: Path, data_dir: Path) -> None:
    log_file = tmp_path / "access.log"
    log_file.write_text(ACCESS_LOG, "utf-8")
    code, output = run_cli(data_dir, "import-log", str(log_file))
    assert code == 0, output
    assert output.splitlines() == [
        f"Counted 3 scan(s) from 11 line(s) into {data_dir / scans.DB_NAME}",
        "1 short link(s) with a code no stop has: not counted",
        "2 line(s) not in the combined log format: skipped",
    ]
    # 23:30 UTC on 1 December is already 2 December in Calais
    assert rows(data_dir) == [("2026-12-02", "L1", 1), ("2026-12-02", "L2", 2)]


def test_import_log_refuses_a_file_that_is_not_an_access_log(
    tmp_path: Path, data_dir: Path
) -> None:
    code, output = run_cli(data_dir, "import-log", "-", stdin="day,code\n2026-12-02,L1\n")
    assert code == 1
    assert "no line was in the combined log format" in output
    assert not (data_dir / scans.DB_NAME).exists()
    code, output = run_cli(data_dir, "import-log", str(tmp_path / "missing.log"))
    assert code == 2
    assert "No such file or directory" in output


def test_scans_prints_the_table(data_dir: Path) -> None:
    store = ScanStore(data_dir, "Europe/Paris")
    store.add("L1", 7)
    store.add("L3", 2, store.today() - timedelta(weeks=1))
    code, output = run_cli(data_dir, "--weeks", "2")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Scans per week (weeks starting Monday), 2 weeks"
    assert lines[1].split()[:3] == ["code", "stop", "total"]
    assert lines[2].split() == ["L1", "harbour-walk/lighthouse", "7", "0", "7"]
    assert lines[3].split() == ["L2", "harbour-walk/fort", "0", "0", "0"]
    assert lines[4].split() == ["L3", "harbour-walk/beach", "2", "2", "0"]


def test_hash_password_prints_a_setting_the_office_page_accepts(data_dir: Path) -> None:
    code, output = run_cli(data_dir, "hash-password", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, output
    setting = output.strip().splitlines()[-1]
    name, value = setting.split("=", 1)
    assert name == "CALAIS_TOUR_OFFICE_PASSWORD_HASH"
    pwhash = value.strip("'")
    client = create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS),
                         "DATA_DIR": str(data_dir), "OFFICE_PASSWORD_HASH": pwhash}).test_client()
    assert client.get("/office/scans", headers=basic(PASSWORD)).status_code == 200
    assert PASSWORD not in output.splitlines()[-1]


def test_a_frozen_site_has_no_office_pages(office_app: Flask) -> None:
    from calais_tour.freeze import site_urls

    with office_app.test_request_context():
        urls = site_urls(office_app)
    assert "/en/harbour-walk/" in urls
    assert not [url for url in urls if url.startswith("/office")]
