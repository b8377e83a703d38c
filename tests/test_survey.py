"""The survey page for pins: where it is, what it carries, and how the guide sheet links it."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient


def test_the_guide_sheet_links_the_survey_page(client: FlaskClient) -> None:
    sheet = client.get("/en/harbour-walk/guide/").text
    assert 'href="/en/harbour-walk/survey/"' in sheet


def test_the_survey_page_lists_the_stops_and_their_pins(client: FlaskClient) -> None:
    response = client.get("/fr/harbour-walk/survey/")
    assert response.status_code == 200
    html = response.text
    assert "Relever un repère" in html
    assert '<meta name="robots" content="noindex">' in html
    match = re.search(r'<script type="application/json" id="survey-data">(.*?)</script>', html, re.S)
    assert match
    stops = json.loads(match.group(1))["stops"]
    assert [s["slug"] for s in stops] == ["lighthouse", "fort", "beach"]
    assert stops[1]["lat"] == 50.96368 and stops[1]["lon"] == 1.8476
    assert html.count("<option ") == 3


def test_unknown_tours_and_languages_get_the_404_page(client: FlaskClient) -> None:
    assert client.get("/en/no-such-tour/survey/").status_code == 404
    assert client.get("/xx/harbour-walk/survey/").status_code == 404


def test_freeze_writes_the_survey_page_in_each_language(app: Flask) -> None:
    from calais_tour import freeze

    with app.test_request_context():
        urls = freeze.site_urls(app)
    assert "/en/harbour-walk/survey/" in urls and "/fr/harbour-walk/survey/" in urls
    assert any(url.startswith("/static/js/survey.js") for url in urls)
