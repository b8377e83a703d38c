"""Repeated page requests are answered before Flask, with the same bytes and headers."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from calais_tour import create_app
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
