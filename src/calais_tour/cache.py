"""Answer repeated page requests before Flask: the stored bytes and headers of the first answer.

A page depends only on its URL, the loaded tours and the day (dated notices); once rendered,
Flask's per-request work (routing, context, headers, compression) was most of what a stop
page cost. This layer keeps the first 200 answer of each page, per Accept-Encoding, and
sends it again unchanged. Anything else, including conditional and range requests, goes
through the app as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from flask import Flask

from .views import today

Headers = list[tuple[str, str]]
StartResponse = Callable[..., Any]
#: a request with any of these is not a plain repeat: the app answers it
_BYPASS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_COOKIE")
MAX_ENTRIES = 512  # the site has a few dozen pages; a flood of odd keys just empties it


class PageCache:
    """WSGI middleware in front of ``app.wsgi_app``."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi = app.wsgi_app
        self.zone = app.config["TIMEZONE"]
        self.store: dict[tuple[object, ...], tuple[str, Headers, bytes]] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if (method not in ("GET", "HEAD") or environ.get("QUERY_STRING")
                or not path.endswith("/") or any(k in environ for k in _BYPASS)):
            return self.wsgi(environ, start_response)
        # the Host is in the key so that a request the app would refuse never gets a copy
        key = (path, environ.get("HTTP_HOST", ""), environ.get("HTTP_ACCEPT_ENCODING", ""),
               id(self.app.extensions["calais_tour.catalog"]), today(self.zone))
        hit = self.store.get(key)
        if hit is not None:
            status, headers, body = hit
            start_response(status, headers)
            return [b""] if method == "HEAD" else [body]
        captured: list[Any] = []

        def capture(status: str, headers: Headers, exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        chunks = self.wsgi(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
        status, headers = captured
        names = {name.lower(): value for name, value in headers}
        if (method == "GET" and status.startswith("200")
                and names.get("cache-control", "").startswith("public")
                and "set-cookie" not in names):
            if len(self.store) >= MAX_ENTRIES:
                self.store.clear()
            self.store[key] = (status, list(headers), body)
        return [body]
