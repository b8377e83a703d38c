"""The installable offline app, as the server describes it: manifest and service worker."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

from calais_tour import create_app
from calais_tour.config import ROOT


def sw_data(client: FlaskClient) -> dict[str, Any]:
    """Read the constants the server inlined into /sw.js."""
    body = client.get("/sw.js").text
    return {
        name: json.loads(value)
        for name, value in re.findall(r"^const (\w+) = (.+);$", body, re.M)
        if name in ("VERSION", "SHELL", "TOURS", "CODES", "OFFLINE")
    }


def test_manifest_makes_the_site_installable(client: FlaskClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    data = response.get_json(force=True)
    for key in ("id", "name", "short_name", "start_url", "scope", "lang", "theme_color",
                "background_color"):
        assert data[key], key
    assert data["display"] == "standalone"
    icons = {(i["sizes"], i["purpose"]): i["src"] for i in data["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _), src in icons.items():
        with Image.open(ROOT / src.lstrip("/").split("?")[0]) as image:  # the icon really is that size
            assert f"{image.width}x{image.height}" == sizes


def test_pages_link_the_manifest_and_touch_icon(client: FlaskClient) -> None:
    html = client.get("/en/harbour-walk/fort/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    assert re.search(r'<script type="module" src="/static/js/offline.js\?v=\w{12}"></script>', html)


def test_service_worker_is_served_at_the_root_uncached(client: FlaskClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"


def test_precache_lists_every_page_of_every_tour_language(client: FlaskClient) -> None:
    data = sw_data(client)
    urls = {lang: [e["url"] for e in v["entries"]] for lang, v in data["TOURS"]["harbour-walk"].items()}
    assert urls == {
        lang: [f"/{lang}/harbour-walk/", *(f"/{lang}/harbour-walk/{s}/"
                                           for s in ("lighthouse", "fort", "beach")),
               # the guide sheet, for a guide without signal
               f"/{lang}/harbour-walk/guide/", f"/{lang}/harbour-walk/guide.pdf"]
        for lang in ("en", "fr")
    }
    shell = [e["url"] for e in data["SHELL"]]
    assert any(u.startswith("/static/css/site.css?v=") for u in shell)
    assert any(u.startswith("/static/css/guide.css?v=") for u in shell)
    assert any(u.startswith("/static/js/offline.js?v=") for u in shell)
    assert [f"/{lang}/offline/" for lang in ("en", "fr", "de", "nl")] == shell[-4:]
    for entry in data["SHELL"]:  # every shell URL is really there
        with client.get(entry["url"]) as response:
            assert response.status_code == 200, entry["url"]
    assert data["CODES"]["l2"] == {
        "tour": "harbour-walk", "en": "/en/harbour-walk/fort/", "fr": "/fr/harbour-walk/fort/"
    }


def revisions(data: dict[str, Any]) -> dict[str, str]:
    return {
        e["url"]: e["revision"]
        for langs in data["TOURS"].values() for v in langs.values() for e in v["entries"]
    }


def test_a_content_change_changes_only_its_revision_and_the_version(
    tour_copy: Callable[..., Path],
) -> None:
    before = sw_data(create_app({"TOURS_DIR": str(tour_copy())}).test_client())
    fort = Path("tours/harbour-walk/fort.fr.md")
    fort.write_text(fort.read_text("utf-8").replace("The story", "A new story"), "utf-8")
    after = sw_data(create_app({"TOURS_DIR": "tours"}).test_client())
    assert before["VERSION"] != after["VERSION"]
    old, new = revisions(before), revisions(after)
    assert old.keys() == new.keys()
    assert [url for url in new if new[url] != old[url]] == ["/fr/harbour-walk/fort/"]


def test_offline_page_exists_in_every_language(client: FlaskClient) -> None:
    response = client.get("/nl/offline/")
    assert response.status_code == 200
    assert "<h1>Je bent offline</h1>" in response.text


def test_short_link_redirects_to_the_stop_in_the_visitors_language(client: FlaskClient) -> None:
    response = client.get("/s/L2", headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/harbour-walk/fort/"
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/s/l2", headers={"Accept-Language": "de"}).headers["Location"] == (
        "/en/harbour-walk/fort/"  # the tour is not in German: its first language
    )
    assert client.get("/s/nope").status_code == 404
