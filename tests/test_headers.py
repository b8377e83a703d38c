"""Headers on every answer: security policy, no cookies, caching and revalidation."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

URLS = [
    "/",
    "/en/",
    "/en/harbour-walk/",
    "/fr/harbour-walk/fort/",
    "/en/nowhere/",
    "/s/L2",
    "/sw.js",
    "/manifest.webmanifest",
    "/qr/L1.png",
    "/static/css/site.css",
]


@pytest.mark.parametrize("url", URLS)
def test_every_answer_carries_the_security_headers(client: FlaskClient, url: str) -> None:
    with client.get(url) as response:
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        policy = headers["Permissions-Policy"]
        assert "geolocation=(self)" in policy
        # the walk's arrow reads the compass: the motion sensors, for this site only
        for sensor in ("accelerometer", "gyroscope", "magnetometer"):
            assert f"{sensor}=(self)" in policy
        assert "camera=()" in policy and "microphone=()" in policy
        assert "Strict-Transport-Security" not in headers  # off until configured
        assert "Set-Cookie" not in headers


def test_hsts_when_configured() -> None:
    from calais_tour import create_app
    from tests.conftest import FIXTURE_TOURS

    app = create_app({"TOURS_DIR": str(FIXTURE_TOURS), "HSTS_SECONDS": 31536000})
    response = app.test_client().get("/en/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_pages_revalidate_with_their_etag(client: FlaskClient) -> None:
    for encoding in ("gzip", "identity"):
        first = client.get("/en/harbour-walk/fort/", headers={"Accept-Encoding": encoding})
        assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=300"
        etag = first.headers["ETag"]
        again = client.get(
            "/en/harbour-walk/fort/",
            headers={"Accept-Encoding": encoding, "If-None-Match": etag},
        )
        assert again.status_code == 304
        assert again.data == b""


def test_text_is_compressed_when_the_browser_accepts_it(client: FlaskClient) -> None:
    response = client.get("/en/harbour-walk/fort/", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_fingerprinted_static_files_are_immutable(client: FlaskClient) -> None:
    html = client.get("/en/").text
    css = re.search(r'href="(/static/css/site\.css\?v=\w+)"', html)
    assert css is not None
    with client.get(css.group(1)) as current:
        assert current.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/site.css?v=old") as stale:
        assert stale.headers["Cache-Control"] == "no-cache"
    with client.get("/static/css/site.css") as plain:
        etag = plain.headers["ETag"]
    with client.get("/static/css/site.css", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_access_log_keeps_no_client_address() -> None:
    from calais_tour.config import ROOT

    settings: dict[str, object] = {}
    exec((ROOT / "gunicorn.conf.py").read_text("utf-8"), settings)
    log_format = str(settings["access_log_format"])
    assert "%(h)s" not in log_format and "X-Forwarded-For" not in log_format
    assert "%(r)s" in log_format and "%(s)s" in log_format  # the request line and status stay


def test_static_holds_only_files_the_site_serves(client: FlaskClient) -> None:
    # static/ is served whole (by the app, by nginx and in the frozen site): no tooling there
    from calais_tour.config import ROOT

    served = {".css", ".js", ".png", ".svg"}
    assert {path.suffix for path in (ROOT / "static").rglob("*") if path.is_file()} <= served
    with client.get("/static/js/package.json") as response:
        assert response.status_code == 404


@pytest.mark.parametrize("url", ["/sw.js", "/qr/L1.png", "/qr/L1.svg"])
def test_service_worker_and_codes_carry_an_etag_and_revalidate(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
