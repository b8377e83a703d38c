"""Response headers for every answer: security policy, caching, validators, compression.

Pages depend only on the tour content, so they carry an ETag and a short public lifetime
(a CDN can serve them, and a revalidation answers 304). Static files are fingerprinted in
their URLs (``?v=<hash>``): a request for the current fingerprint is cached for a year as
immutable, anything else must revalidate. Nothing identifies a visitor: no cookies are set.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import cast
from urllib.parse import urlsplit

from flask import Flask
from flask import Response
from flask import current_app
from flask import redirect
from flask import request
from flask_compress import Compress

# no inline scripts or styles, nothing from another origin, and no framing
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# the walk asks for the position on this origin only; its arrow turns with the compass, which
# browsers feed (deviceorientationabsolute) only where the motion sensors are allowed
PERMISSIONS_POLICY = ", ".join([
    "geolocation=(self)", "camera=()", "microphone=()", "payment=()", "usb=()",
    "accelerometer=(self)", "gyroscope=(self)", "magnetometer=(self)",
])
#: on every answer (the Content-Security-Policy unless a view sets its own); the nginx
#: configuration gets the same values from here (``python -m calais_tour.nginx``)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: browsers revalidate pages every time (an update or a removed tour never lingers in their
#: cache); shared caches (a CDN) may keep them this long
SHARED_MAX_AGE_S = 300
STATIC_MAX_AGE_S = 365 * 24 * 3600

_compress = Compress()


@lru_cache(maxsize=256)
def _fingerprint(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def fingerprint(filename: str) -> str:
    """Return a short hash of a static file's bytes (recomputed when the file changes)."""
    path = Path(current_app.static_folder or "") / filename
    try:
        return _fingerprint(path, path.stat().st_mtime_ns)
    except OSError:
        return "missing"


def _static_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values:
        values.setdefault("v", fingerprint(values["filename"]))


def hsts(seconds: int) -> str:
    """Return the Strict-Transport-Security value for a max-age of ``seconds``."""
    return f"max-age={int(seconds)}; includeSubDomains"


def _headers(response: Response) -> Response:
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        if name != "Content-Security-Policy" or name not in headers:
            headers[name] = value
    if current_app.config["HSTS_SECONDS"]:
        headers["Strict-Transport-Security"] = hsts(current_app.config["HSTS_SECONDS"])
    if response.status_code in (301, 302, 303, 307, 308) and "Location" in headers:
        # the app only redirects within itself; werkzeug's slash redirects are absolute,
        # built from the request's Host header: send the path only, never that host back
        location = urlsplit(headers["Location"])
        if location.scheme in ("http", "https"):
            query = f"?{location.query}" if location.query else ""
            path = "/" + location.path.lstrip("/") + query
            response.set_data(redirect(path, response.status_code).get_data())  # its link too
            headers["Location"] = path
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if request.endpoint == "static":
        if response.direct_passthrough:
            # read the (small) file now and close it, so compression never holds it open
            wrapper = response.response
            body = b"".join(cast(Iterable[bytes], wrapper))
            wrapper.close()  # type: ignore[union-attr]
            response.direct_passthrough = False
            response.set_data(body)
        current = request.args.get("v") == fingerprint(request.view_args["filename"])  # type: ignore[index]
        headers["Cache-Control"] = (
            f"public, max-age={STATIC_MAX_AGE_S}, immutable" if current else "no-cache"
        )
    elif not response.is_streamed and not response.direct_passthrough:
        # pages, and also sw.js and QR images (which set their own lifetime): all revalidate
        headers.setdefault("Cache-Control", f"public, max-age=0, s-maxage={SHARED_MAX_AGE_S}")
        response.add_etag()
        # for an uncompressed answer; Compress evaluates the ETag it gives a compressed one
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/json", "application/geo+json",
        "application/gpx+xml", "application/manifest+json", "image/svg+xml",
        "application/vnd.mapbox-vector-tile",  # street tiles (tiles.py); never the .pmtiles
    ])
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    _compress.init_app(app)  # compresses, marks the ETag per encoding, answers 304
    app.url_defaults(_static_version)
    # registered after Compress, so it runs before it: the ETag exists when compressing
    app.after_request(_headers)
