"""Tourist pages: what a visitor's phone receives for each URL."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.helpers import Page

PAGES = [
    ("/en/", "Walking tours"),
    ("/fr/", "Balades à pied"),
    ("/en/harbour-walk/", "Harbour Walk"),
    ("/fr/harbour-walk/", "Promenade du port"),
    ("/en/harbour-walk/lighthouse/", "The Lighthouse"),
    ("/fr/harbour-walk/fort/", "Le Fort"),
    ("/en/harbour-walk/beach/", "The Beach"),
]


@pytest.mark.parametrize(("url", "h1"), PAGES)
def test_page_has_lang_title_and_h1(client: FlaskClient, url: str, h1: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = Page(response.text)
    assert page.lang == url.split("/")[1]
    assert [h.strip() for h in page.h1] == [h1]
    assert page.title.strip()


@pytest.mark.parametrize(("url", "h1"), PAGES)
def test_page_loads_nothing_from_another_origin(client: FlaskClient, url: str, h1: str) -> None:
    page = Page(client.get(url).text)
    assert page.refs, "expected at least the stylesheet"
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in page.refs), page.refs


def test_stop_page_shows_position_story_and_way_on(client: FlaskClient) -> None:
    html = client.get("/en/harbour-walk/fort/").text
    assert "Stop 2 of 3" in html
    assert "The story of fort in en" in html
    assert "Something to see at fort (en)." in html
    assert "Open all year (en)." in html
    assert "Walk along the quay (en)." in html
    assert "From stop 1, The Lighthouse: 490\xa0m, about 7 min on foot." in html
    assert 'href="/en/harbour-walk/lighthouse/" rel="prev"' in html
    assert 'href="/en/harbour-walk/beach/" rel="next"' in html
    assert "850\xa0m north-west, about 11 min" in html
    assert 'href="geo:50.96368,1.8476?q=50.96368,1.8476(The%20Fort)"' in html


def test_last_stop_shows_the_closing_note_and_sources_on_first(client: FlaskClient) -> None:
    assert "Thank you for walking with us (en)." in client.get("/en/harbour-walk/beach/").text
    first = client.get("/en/harbour-walk/lighthouse/").text
    assert 'href="https://example.org/lighthouse"' in first
    assert "Thank you for walking" not in first


def test_language_switcher_stays_on_the_same_stop(client: FlaskClient) -> None:
    page = Page(client.get("/en/harbour-walk/fort/").text)
    alternates = {
        link["hreflang"]: link["href"] for link in page.links if link.get("rel") == "alternate"
    }
    assert alternates == {
        "en": "http://127.0.0.1:8000/en/harbour-walk/fort/",
        "fr": "http://127.0.0.1:8000/fr/harbour-walk/fort/",
        "x-default": "http://127.0.0.1:8000/en/harbour-walk/fort/",
    }
    assert "/fr/harbour-walk/fort/" in page.anchors


def test_overview_lists_stops_in_order_with_legs_and_totals(client: FlaskClient) -> None:
    html = client.get("/en/harbour-walk/").text
    titles = re.findall(r"<strong>(.*?)</strong>", html)
    assert titles == ["The Lighthouse", "The Fort", "The Beach"]
    assert "490\xa0m from the previous stop, about 7 min" in html
    assert "850\xa0m from the previous stop, about 11 min" in html
    assert "Total: 1.3\xa0km, about 18 minutes of walking" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None and svg.group(0).count("<circle") == 3
    assert "<polyline" in svg.group(0)


def test_distances_use_the_page_language(client: FlaskClient) -> None:
    assert "1.3\xa0km" in client.get("/en/harbour-walk/").text
    assert "1,3\xa0km" in client.get("/fr/harbour-walk/").text


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "/fr/"),
        ("nl-BE", "/nl/"),
        ("de", "/de/"),
        ("es-ES,es;q=0.9", "/en/"),
        ("", "/en/"),
        ("garbage;;;q=x,,", "/en/"),
        ("x" * 5000, "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client: FlaskClient, header: str, location: str) -> None:
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == location
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url",
    [
        "/xx/",
        "/es/harbour-walk/",
        "/en/no-such-tour/",
        "/en/harbour-walk/no-such-stop/",
        "/en/harbour-walk/fort/extra/",
        "/en/harbour-walk/..%2f..%2f..%2fetc%2fpasswd/",
        "/en/harbour-walk/%2e%2e/",
        "/static/..%2f..%2fpyproject.toml",
        "/favicon.ico",
    ],
)
def test_unknown_pages_are_a_localized_404_with_a_way_back(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    page = Page(response.text)
    assert page.lang in ("en", "fr")
    assert "Traceback" not in response.text
    assert any(href.endswith("/") for href in page.anchors)


def test_404_inside_a_tour_links_back_to_the_tour(client: FlaskClient) -> None:
    response = client.get("/fr/harbour-walk/no-such-stop/")
    assert response.status_code == 404
    assert Page(response.text).lang == "fr"
    assert 'href="/fr/harbour-walk/"' in response.text


def test_tour_not_written_in_a_language_is_404(client: FlaskClient) -> None:
    assert client.get("/de/harbour-walk/").status_code == 404
    assert "harbour-walk" not in client.get("/de/").text


def test_head_works(client: FlaskClient) -> None:
    response = client.head("/en/harbour-walk/fort/")
    assert response.status_code == 200
    assert response.data == b""


def test_other_methods_are_refused_politely(client: FlaskClient) -> None:
    response = client.post("/en/harbour-walk/fort/")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "<h1>" in response.text
    assert "Traceback" not in response.text


def test_missing_trailing_slash_redirects(client: FlaskClient) -> None:
    response = client.get("/en/harbour-walk/fort")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/en/harbour-walk/fort/")
