"""The site's answers, kept once per content version and local day.

A page depends only on its URL, the loaded tours (their content hash) and the day in the
tours' town (dated notices). The first 200 answer of each URL is kept, bytes and headers,
in the snapshot of the current (version, day), and sent again unchanged before Flask is
asked. When the version or the day changes, a new snapshot starts empty, and with it
everything derived from the answers: the offline plan behind ``/sw.js`` reads its revisions
from the same snapshot, and ``freeze`` writes the same bytes. So a notice that starts
tomorrow reaches saved tours after midnight without a restart.

The snapshot is bounded by bytes (the oldest answers go first); a request the app would
refuse (an untrusted Host) or one that is not a plain repeat (conditional, range, cookie)
goes through the app as usual; an answer to a query string is kept only when it names that
address as its own (``Content-Location``: the sign sheets' few canonical parameters).
Accept-Encoding is reduced to the one encoding served (gzip) or none, so keys stay few. The
live preview has no snapshot: a guide sees every edit.

It pays: under gunicorn's 5 sync workers on 2 cores, wrk with 50 connections on a stop page
gave about 1,790 requests a second with the snapshot and 330 without it (bench/load.py
measures the same page against a trivial app serving its bytes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any
from typing import TypeVar

from flask import Flask
from werkzeug.http import parse_accept_header
from werkzeug.sansio.utils import host_is_trusted

from . import site

Headers = list[tuple[str, str]]
StartResponse = Callable[..., Any]
T = TypeVar("T")
#: a request with any of these is not a plain repeat: the app answers it
_BYPASS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_COOKIE")
#: the site is a few hundred answers of a few kB: this holds it many times over
MAX_BYTES = 32 * 1024 * 1024
EXTENSION = "calais_tour.snapshot"


@dataclass
class Snapshot:
    """The answers of one content version on one local day."""

    version: str
    day: date
    max_bytes: int = MAX_BYTES
    answers: OrderedDict[tuple[str, str], tuple[str, Headers, bytes]] = field(
        default_factory=OrderedDict
    )
    size: int = 0
    derived: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: tuple[str, str]) -> tuple[str, Headers, bytes] | None:
        return self.answers.get(key)

    def put(self, key: tuple[str, str], status: str, headers: Headers, body: bytes) -> None:
        """Keep an answer, dropping the oldest ones while the bytes are over the bound."""
        if len(body) > self.max_bytes // 4:
            return  # one answer never crowds out the site
        with self.lock:
            old = self.answers.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.answers[key] = (status, headers, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, _, dropped) = self.answers.popitem(last=False)
                self.size -= len(dropped)

    def derive(self, name: str, make: Callable[[], T]) -> T:
        """Return what ``make`` computes from this snapshot's answers, computed once."""
        if name not in self.derived:
            self.derived[name] = make()
        return self.derived[name]  # type: ignore[no-any-return]


def encoding(accept: str) -> str:
    """Reduce an Accept-Encoding header to what the site serves: "gzip" or ""."""
    return "gzip" if parse_accept_header(accept)["gzip"] > 0 else ""


class Store:
    """WSGI middleware in front of ``app.wsgi_app`` that answers from the current snapshot."""

    def __init__(self, app: Flask, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.wsgi = app.wsgi_app
        self.max_bytes = max_bytes
        self.snapshot = Snapshot("", date.min, max_bytes)

    def current(self) -> Snapshot:
        """The snapshot of the loaded tours' version and today, started anew on a change."""
        version = self.app.extensions[site.CATALOG].version
        day = site.today(self.app)
        snapshot = self.snapshot
        if (snapshot.version, snapshot.day) != (version, day):
            snapshot = self.snapshot = Snapshot(version, day, self.max_bytes)
        return snapshot

    def _trusted(self, environ: dict[str, Any]) -> bool:
        trusted = self.app.config.get("TRUSTED_HOSTS")
        return not trusted or host_is_trusted(environ.get("HTTP_HOST"), trusted)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if (method not in ("GET", "HEAD") or any(k in environ for k in _BYPASS)
                or not self._trusted(environ)):
            return self.wsgi(environ, start_response)
        accept = encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        environ["HTTP_ACCEPT_ENCODING"] = accept  # the stored answer is this encoding's
        snapshot = self.current()
        query = environ.get("QUERY_STRING", "")
        key = (environ.get("PATH_INFO", "") + (f"?{query}" if query else ""), accept)
        hit = snapshot.get(key)
        if hit is None:
            environ["REQUEST_METHOD"] = "GET"  # a HEAD renders once, as the GET it stands for
            hit = self._answer(environ, snapshot, key)
        status, headers, body = hit
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def _answer(
        self, environ: dict[str, Any], snapshot: Snapshot, key: tuple[str, str]
    ) -> tuple[str, Headers, bytes]:
        """Ask the app; keep a public 200 answer in the snapshot."""
        captured: list[Any] = []

        def capture(status: str, headers: Headers, exc_info: Any = None) -> Any:
            captured[:] = [status, list(headers)]
            return lambda data: None

        chunks = self.wsgi(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
        status, headers = captured
        names = {name.lower(): value for name, value in headers}
        # with a query string, only an answer that names this address as its own (a sheet
        # with canonical parameters) is kept: odd queries never fill the snapshot
        own = "?" not in key[0] or names.get("content-location") == key[0]
        if (status.startswith("200") and names.get("cache-control", "").startswith("public")
                and "set-cookie" not in names and own):
            snapshot.put(key, status, headers, body)
        return status, headers, body


def current(app: Flask) -> Snapshot | None:
    """The app's current snapshot; None in preview, where nothing is kept."""
    store: Store | None = app.extensions.get(EXTENSION)
    return store.current() if store else None


def derived(app: Flask, name: str, make: Callable[[], T]) -> T:
    """What ``make`` computes from the site's answers: once per snapshot, every time in
    preview (which keeps nothing)."""
    snapshot = current(app)
    return snapshot.derive(name, make) if snapshot else make()


def init_app(app: Flask) -> None:
    store = Store(app)
    app.extensions[EXTENSION] = store
    app.wsgi_app = store  # type: ignore[method-assign]
