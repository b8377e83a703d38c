"""Scan counters: how often each sign's short link was followed, per stop and per day.

Only counters are kept: (day in the town's timezone, stop code, count). Nothing about a
visitor is written: no address, user agent, cookie, referrer or identifier, and no time of
day finer than the date.

Storage is SQLite (``DATA_DIR/scans.sqlite``, created on first use) in WAL mode, shared by
every gunicorn worker. Each counted request is one short transaction
(``INSERT ... ON CONFLICT(day, code) DO UPDATE SET n = n + 1``) committed *before* the
redirect is sent; nothing is buffered in memory. So a graceful restart loses no count, and a
killed worker loses at most the requests it had in flight: one for a sync gunicorn worker
(one per thread on a threaded server). Commits use ``synchronous=NORMAL``: a crash of the
whole machine (power loss), unlike a killed process, may lose the last commits.

A visitor is never held up by the counter: a database that is corrupt, read-only, or locked
for longer than ``BUSY_TIMEOUT_MS`` (or a data folder that cannot be made) drops the count and
logs the problem; the short link still redirects.

The office sees the counts at ``/office/scans`` (a weekly bar chart per sign, drawn here as
SVG) and ``/office/scans.csv``, behind HTTP Basic with a password whose hash only is in the
``OFFICE_PASSWORD_HASH`` setting; ``calais-tour scans`` prints the same table, and
``calais-tour scans import-log FILE`` counts the short links in a static site's access log.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any
from typing import TextIO
from zoneinfo import ZoneInfo

import click
from flask import Blueprint
from flask import Flask
from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from . import site
from .model import Catalog

log = logging.getLogger(__name__)

bp = Blueprint("scans", __name__)

DB_NAME = "scans.sqlite"
#: how long a count may wait for another worker's write; then it is dropped (and logged)
BUSY_TIMEOUT_MS = 100
#: the office page's chart, and the terminal table, show this many weeks (this one included)
WEEKS = 12
#: failed office logins allowed per worker process within FAILURE_WINDOW_S, then 429
MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0
#: a problem with the database is logged at most this often per process
LOG_EVERY_S = 60.0
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scans ("
    " day TEXT NOT NULL, code TEXT NOT NULL, n INTEGER NOT NULL CHECK (n >= 0),"
    " PRIMARY KEY (day, code)) WITHOUT ROWID"
)
_UPSERT = (
    "INSERT INTO scans (day, code, n) VALUES (?, ?, ?)"
    " ON CONFLICT(day, code) DO UPDATE SET n = n + excluded.n"
)
_HASH_METHODS = ("scrypt", "pbkdf2")


class ScanStore:
    """The counters in one SQLite file; one connection per process, opened on first write."""

    def __init__(self, data_dir: str | Path, zone: str) -> None:
        self.path = Path(data_dir) / DB_NAME
        self.zone = ZoneInfo(zone)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        #: scans this process could not write yet, per (day, code): written with the next one
        self.pending: dict[tuple[date, str], int] = {}
        _STORES.add(self)

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        # a connection is never used across fork(): a worker opens its own
        if not self.path.exists():
            self._create()
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)  # no change (and no lock) once the table exists
        except BaseException:
            conn.close()
            raise
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _create(self) -> None:
        """Make the database whole (WAL mode, table) aside, then link it into place.

        Switching a shared file to WAL does not wait for other workers' locks, so workers
        starting together would fail; linking a finished file is atomic, and the first wins.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        draft = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            conn = sqlite3.connect(draft, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(_SCHEMA)
            finally:
                conn.close()
            try:
                os.link(draft, self.path)
            except FileExistsError:
                pass  # another worker made it first
        finally:
            draft.unlink(missing_ok=True)

    def add(self, code: str, n: int = 1, day: date | None = None) -> None:
        """Add ``n`` scans of ``code`` on ``day`` (today), in one committed transaction.

        Raises sqlite3.Error or OSError when the database cannot be written.
        """
        with self._lock:
            try:
                self._connect().execute(_UPSERT, ((day or self.today()).isoformat(), code, n))
            except BaseException:
                self.close()  # a broken connection is opened again on the next count
                raise

    def add_many(self, counts: dict[tuple[date, str], int]) -> None:
        """Add several counts in one transaction (all or none)."""
        with self._lock:
            self._write(counts)

    def _write(self, counts: dict[tuple[date, str], int]) -> None:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                _UPSERT, [(day.isoformat(), code, n) for (day, code), n in counts.items()]
            )
            conn.execute("COMMIT")
        except BaseException:
            self.close()
            raise

    def count(self, code: str, day: date) -> None:
        """Count one scan, with any this process could not write before (the database was
        busy past BUSY_TIMEOUT_MS, or broken): they wait here and go with the next count.

        Raises sqlite3.Error or OSError when the database cannot be written; the scan then
        waits with the others.
        """
        with self._lock:
            self.pending[(day, code)] = self.pending.get((day, code), 0) + 1
            self._write(self.pending)
            self.pending.clear()

    def flush(self) -> None:
        """Write what waits, as the worker ends (a graceful stop or reload)."""
        with self._lock:
            if self.pending:
                try:
                    self._write(self.pending)
                    self.pending.clear()
                except (sqlite3.Error, OSError) as error:
                    log.error("%d scan(s) not counted at exit: %s", sum(self.pending.values()),
                              error)

    def rows(self) -> list[tuple[date, str, int]]:
        """Every (day, code, count), oldest first; none when nothing was counted yet."""
        if not self.path.exists():
            return []
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS * 10 / 1000)
        try:
            found = conn.execute("SELECT day, code, n FROM scans ORDER BY day, code").fetchall()
        finally:
            conn.close()
        return [(date.fromisoformat(day), code, n) for day, code, n in found]

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None


_STORES: weakref.WeakSet[ScanStore] = weakref.WeakSet()


def flush_all() -> None:
    """Write every store's waiting scans: gunicorn.conf.py calls it as a worker exits."""
    for counts in list(_STORES):
        counts.flush()


def store(app: Flask | None = None) -> ScanStore:
    """The app's scan store (made on first use; the file only on the first count)."""
    app = app or current_app
    found = app.extensions.get("calais_tour.scans")
    if found is None:
        found = app.extensions["calais_tour.scans"] = ScanStore(
            app.config["DATA_DIR"], app.config["TIMEZONE"]
        )
    return found


_last_report = [0.0, 0]  # when a problem was last logged, and how many went unlogged since


def count(code: str) -> None:
    """Count one scan of the stop ``code``; never raises: a problem is logged, not shown."""
    try:
        store().count(code, site.today())
    except Exception as error:  # noqa: BLE001 - a visitor's redirect never depends on this
        now = time.monotonic()
        if now - _last_report[0] >= LOG_EVERY_S or not _last_report[0]:
            more = f" ({_last_report[1]} more since the last report)" if _last_report[1] else ""
            log.error("scan of %s not counted yet (kept, written with the next one): %s: %s%s",
                      code, type(error).__name__, error, more)
            _last_report[:] = [now, 0]
        else:
            _last_report[1] += 1


# --- what the office sees ---------------------------------------------------------------


@dataclass(frozen=True)
class Sign:
    """One sign's counts: per week (Monday, count), oldest first, and in all."""

    code: str
    tour: str
    stop: str
    weeks: tuple[tuple[date, int], ...]
    total: int


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def signs_table(rows: Iterable[tuple[date, str, int]], catalog: Catalog, today: date,
                weeks: int = WEEKS) -> list[Sign]:
    """Every sign of the tours in walking order (then codes no longer in the tours)."""
    starts = [monday(today) - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    per_week: dict[tuple[str, date], int] = {}
    totals: dict[str, int] = {}
    for day, code, n in rows:
        key = (code, monday(day))
        per_week[key] = per_week.get(key, 0) + n
        totals[code] = totals.get(code, 0) + n
    named: list[tuple[str, str, str]] = [
        (stop.code, tour.slug, stop.slug) for tour in catalog.tours for stop in tour.stops
    ]
    known = {code for code, _, _ in named}
    gone = "(no longer in the tours)"
    named += [(code, "", gone) for code in sorted(totals) if code not in known]
    return [
        Sign(code, tour, stop, tuple((w, per_week.get((code, w), 0)) for w in starts),
             totals.get(code, 0))
        for code, tour, stop in named
    ]


def chart(sign: Sign, width: int = 480, height: int = 120) -> dict[str, Any]:
    """A bar per week, scaled to the sign's busiest week, for the SVG in the template."""
    top = max((n for _, n in sign.weeks), default=0) or 1
    base, slot = height - 20, width / max(len(sign.weeks), 1)
    bars = []
    for i, (week, n) in enumerate(sign.weeks):
        h = round(n / top * (base - 14), 1)
        bars.append({
            "x": round(i * slot + 2, 1), "y": round(base - h, 1), "w": round(slot - 4, 1),
            "h": h, "n": n, "week": week, "mid": round(i * slot + slot / 2, 1),
        })
    return {"width": width, "height": height, "base": base, "bars": bars}


def csv_text(rows: Iterable[tuple[date, str, int]], catalog: Catalog) -> str:
    """One line per day and sign: day, code, tour, stop, scans."""
    where = {stop.code: (tour.slug, stop.slug) for tour in catalog.tours for stop in tour.stops}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["day", "code", "tour", "stop", "scans"])
    for day, code, n in rows:
        writer.writerow([day.isoformat(), code, *where.get(code, ("", "")), n])
    return out.getvalue()


_failures: list[float] = []  # when office logins failed in this process: times only


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _authorize() -> Response | None:
    """None when the office password was given; else the answer to send instead."""
    pwhash = current_app.config["OFFICE_PASSWORD_HASH"]
    if not pwhash:
        abort(404)  # no password set: the office pages do not exist
    now = time.monotonic()
    _failures[:] = [t for t in _failures if now - t < FAILURE_WINDOW_S]
    auth = request.authorization
    password = auth.password if auth is not None and auth.type == "basic" else None
    if len(_failures) >= MAX_FAILURES:
        wait = int(FAILURE_WINDOW_S - (now - _failures[0])) + 1
        response = Response(f"Too many wrong passwords: try again in {wait} s.\n", 429,
                            mimetype="text/plain")
        response.headers["Retry-After"] = str(wait)
        return _private(response)
    if password is not None and check_password_hash(pwhash, password):
        return None
    if password is not None:
        _failures.append(now)
    response = Response("The office pages need the office password.\n", 401,
                        mimetype="text/plain")
    response.headers["WWW-Authenticate"] = 'Basic realm="calais-tour office", charset="UTF-8"'
    return _private(response)


@bp.record_once
def _check_setting(state: Any) -> None:
    from . import StartupError

    pwhash = state.app.config.get("OFFICE_PASSWORD_HASH") or ""
    if pwhash and (not isinstance(pwhash, str) or pwhash.count("$") < 2
                   or pwhash.split(":")[0] not in _HASH_METHODS):
        raise StartupError(
            "OFFICE_PASSWORD_HASH does not hold a password hash: make one with "
            "`calais-tour scans hash-password` and set CALAIS_TOUR_OFFICE_PASSWORD_HASH to it"
        )


@bp.get("/office/scans")
def office_page() -> Response:
    """The office's page: a weekly bar chart per sign, and a link to the CSV."""
    refused = _authorize()
    if refused is not None:
        return refused
    counts = store()
    try:
        rows = counts.rows()
        problem = None
    except sqlite3.Error as error:
        rows, problem = [], f"The counts cannot be read ({error}): see the server's log."
        log.error("office page: %s cannot be read: %s", counts.path, error)
    today = counts.today()
    table = signs_table(rows, site.catalog(), today)
    html = render_template(
        "office_scans.html", signs=[(s, chart(s)) for s in table], today=today,
        problem=problem, weeks=WEEKS, total=sum(s.total for s in table),
    )
    return _private(Response(html, mimetype="text/html"))


@bp.get("/office/scans.csv")
def office_csv() -> Response:
    """Every counter as CSV: day, code, tour, stop, scans."""
    refused = _authorize()
    if refused is not None:
        return refused
    try:
        rows = store().rows()
    except sqlite3.Error as error:
        log.error("office CSV: the counts cannot be read: %s", error)
        return _private(Response(f"The counts cannot be read: {error}\n", 503,
                                 mimetype="text/plain"))
    response = Response(csv_text(rows, site.catalog()), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=scans.csv"
    return _private(response)


# --- the command line ---------------------------------------------------------------------

# nginx/Apache "combined" (and CDN logs in the same shape):
# 203.0.113.9 - - [02/Dec/2026:10:15:32 +0100] "GET /s/2 HTTP/1.1" 302 5 "-" "Mozilla/5.0 ..."
_COMBINED = re.compile(
    r'^\S+ \S+ (?:\S+|"[^"]*") \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<target>\S+)(?: [^"]*)?" (?P<status>\d{3}) '
)
_SHORT = re.compile(r"^/s/(?P<code>[^/?#]+)$")


@dataclass
class LogCounts:
    counts: dict[tuple[date, str], int]
    lines: int = 0
    unparsed: int = 0
    unknown: int = 0

    @property
    def scans(self) -> int:
        return sum(self.counts.values())


def read_log(lines: Iterable[str], catalog: Catalog, zone: ZoneInfo) -> LogCounts:
    """Count followed short links (GET ``/s/<code>``, answered 2xx or 3xx) by day and code.

    The path with a trailing slash is not counted: static hosts send ``/s/2`` on to ``/s/2/``,
    which would count one scan twice.
    """
    found = LogCounts({})
    for line in lines:
        if not line.strip():
            continue
        found.lines += 1
        match = _COMBINED.match(line)
        if match is None:
            found.unparsed += 1
            continue
        try:
            when = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
        except ValueError:
            found.unparsed += 1
            continue
        short = _SHORT.match(match["target"].split("?", 1)[0])
        if match["method"] != "GET" or short is None or match["status"][0] not in "23":
            continue
        stop = catalog.by_code(short["code"])
        if stop is None:
            found.unknown += 1
            continue
        key = (when.astimezone(zone).date(), stop[1].code)
        found.counts[key] = found.counts.get(key, 0) + 1
    return found


def _app_store() -> tuple[ScanStore, Catalog]:
    return store(current_app), site.catalog()


def print_table(table: list[Sign]) -> None:
    """The office page's numbers as text: a row per sign, a column per week."""
    weeks = [w for w, _ in table[0].weeks] if table else []
    head = f"{'code':<6}{'stop':<24}{'total':>7}" + "".join(f"{w:%d/%m}".rjust(7) for w in weeks)
    click.echo(f"Scans per week (weeks starting Monday), {len(weeks)} weeks")
    click.echo(head)
    for sign in table:
        name = f"{sign.tour}/{sign.stop}" if sign.tour else sign.stop
        click.echo(f"{sign.code:<6}{name[:23]:<24}{sign.total:>7}"
                   + "".join(f"{n:>7}" for _, n in sign.weeks))


@click.group("scans", invoke_without_command=True)
@click.option("--weeks", default=8, show_default=True, type=click.IntRange(1, 104),
              help="How many weeks to show, this one included.")
@click.pass_context
def cli(ctx: click.Context, weeks: int) -> None:
    """Show how often each sign's short link was followed, per week (counts only)."""
    if ctx.invoked_subcommand is not None:
        return
    counts, catalog = _with_app(lambda: _app_store())
    try:
        rows = counts.rows()
    except sqlite3.Error as error:
        raise click.ClickException(f"{counts.path} cannot be read: {error}") from None
    print_table(signs_table(rows, catalog, counts.today(), weeks))
    click.echo(f"Counts in {counts.path}")


def _with_app(work: Any) -> Any:
    from . import create_app
    from .errors import StartupError

    try:
        app = create_app()
    except StartupError as error:
        raise click.ClickException(str(error)) from None
    with app.app_context():
        return work()


@cli.command("import-log")
@click.argument("log_file", type=click.File("r", encoding="utf-8", errors="replace"))
def import_log(log_file: TextIO) -> None:
    """Count the /s/<code> hits in LOG_FILE (nginx or CDN combined format, "-" for stdin).

    Import each log once: importing it again counts its scans again.
    """

    def work() -> tuple[LogCounts, Path]:
        counts, catalog = _app_store()
        found = read_log(log_file, catalog, counts.zone)
        if found.counts:
            try:
                counts.add_many(found.counts)
            except (sqlite3.Error, OSError) as error:
                raise click.ClickException(
                    f"{counts.path} cannot be written: {error}; nothing was counted"
                ) from None
        return found, counts.path

    found, path = _with_app(work)
    click.echo(f"Counted {found.scans} scan(s) from {found.lines} line(s) into {path}")
    if found.unknown:
        click.echo(f"{found.unknown} short link(s) with a code no stop has: not counted")
    if found.unparsed:
        click.echo(f"{found.unparsed} line(s) not in the combined log format: skipped")
    if found.lines and found.unparsed == found.lines:
        raise click.ClickException("no line was in the combined log format: is it an access log?")


@cli.command("hash-password")
def hash_password() -> None:
    """Ask for the office password and print the setting that holds its hash."""
    password = click.prompt("Office password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("use at least 10 characters")
    click.echo(f"CALAIS_TOUR_OFFICE_PASSWORD_HASH='{generate_password_hash(password)}'")

