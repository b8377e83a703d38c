"""The static site: every page in every language, written from the app's own URL map."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext
from markupsafe import escape
from PIL import Image

from calais_tour import create_app
from calais_tour import pwa
from calais_tour.cli import main
from calais_tour.freeze import FreezeError
from calais_tour.freeze import file_for
from calais_tour.freeze import freeze
from calais_tour.site import static_files
from tests.helpers import VNU

from .conftest import FIXTURE_TOURS

BASE_URL = "https://tour.example.org"
TARGETS = re.compile(r'<script type="application/json" id="shortlink-targets">(.+?)</script>')
LINKS = re.compile(r'(?:href|src|action)="(/[^"]*)"')


@pytest.fixture(scope="module")
def frozen_app() -> Flask:
    return create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS), "BASE_URL": BASE_URL})


@pytest.fixture(scope="module")
def site(frozen_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("frozen") / "site"
    return out, freeze(frozen_app, out)


def targets(html: str) -> dict[str, object]:
    """Read the JSON block that shortlink.js forwards by."""
    match = TARGETS.search(html)
    assert match, "no shortlink-targets block"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_every_stop_page_of_every_language_is_written(
    frozen_app: Flask, site: tuple[Path, list[str]]
) -> None:
    out, _ = site
    catalog = frozen_app.extensions["calais_tour.catalog"]
    count = 0
    for tour in catalog.tours:
        for lang in tour.languages:
            overview = (out / lang / tour.slug / "index.html").read_text("utf-8")
            assert f"<h1>{escape(tour.texts[lang].title)}</h1>" in overview
            for position, stop in enumerate(tour.stops, 1):
                page = (out / lang / tour.slug / stop.slug / "index.html").read_text("utf-8")
                assert f'<html lang="{lang}"' in page
                assert f"<h1>{escape(stop.texts[lang].title)}</h1>" in page
                # the interface speaks the page's language too (sw.js once hashed them in English)
                with frozen_app.test_request_context(), force_locale(lang):
                    kicker = gettext("Stop %(position)d of %(total)d", position=position,
                                     total=len(tour.stops))
                assert f'<p class="kicker">{kicker}</p>' in page
                count += 1
    assert count == 6  # 3 stops, 2 languages


def test_written_files_are_those_the_catalog_derives(
    frozen_app: Flask, site: tuple[Path, list[str]]
) -> None:
    out, files = site
    catalog = frozen_app.extensions["calais_tour.catalog"]
    with frozen_app.test_request_context():
        plan = pwa.plan()
    tour_entries = [e for langs in plan.tours.values() for es in langs.values() for e in es]
    # the tour, stop and guide sheet pages are exactly those a visitor can save, in every
    # language
    stop_slugs = {t.slug: {s.slug for s in t.stops} | {"guide"} for t in catalog.tours}
    tour_pages = {
        f for f in files
        if (parts := f.split("/"))[-1] == "index.html" and len(parts) in (3, 4)
        and parts[1] in stop_slugs and (len(parts) == 3 or parts[2] in stop_slugs[parts[1]])
    }
    assert tour_pages == {file_for(e.url) for e in tour_entries if e.url.endswith("/")}
    # every file the service worker stores holds the very bytes it was revised from
    for entry in [*plan.shell, *tour_entries]:
        body = (out / file_for(entry.url)).read_bytes()
        assert hashlib.sha256(body).hexdigest()[:12] == entry.revision, entry.url
    # the stand-ins for the app's redirects, one per stop code
    stand_ins = {"index.html", "404.html", "s/index.html"}
    stand_ins |= {f"s/{s.code}/index.html" for t in catalog.tours for s in t.stops}
    assert stand_ins <= set(files)
    # every other file is what the app serves at that address, and nothing else was written
    client = frozen_app.test_client()
    for name in set(files) - stand_ins:
        url = "/" + name.removesuffix("index.html")
        with client.get(url) as response:
            assert response.status_code == 200, url
            if not name.endswith(".pdf"):  # a PDF carries the second it was made
                assert response.get_data() == (out / name).read_bytes(), url
    assert sorted(files) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                   if p.is_file())
    assert {f"{lang}/index.html" for lang in frozen_app.config["LANGUAGES"]} <= set(files)


def test_service_worker_manifest_static_codes_and_exports_are_written(
    frozen_app: Flask, site: tuple[Path, list[str]]
) -> None:
    out, files = site
    catalog = frozen_app.extensions["calais_tour.catalog"]
    assert "const VERSION = " in (out / "sw.js").read_text("utf-8")
    manifest = json.loads((out / "manifest.webmanifest").read_text("utf-8"))
    for icon in manifest["icons"]:
        with Image.open(out / file_for(icon["src"])) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
    assert {f"static/{name}" for name in pwa.SHELL_STATIC} <= set(files)
    with frozen_app.app_context():
        assert {f"static/{name}" for name in static_files(frozen_app)} <= set(files)
    for tour in catalog.tours:
        for stop in tour.stops:
            with Image.open(out / "qr" / f"{stop.code}.png") as image:
                assert image.format == "PNG"
            assert "<svg" in (out / "qr" / f"{stop.code}.svg").read_text("utf-8")
        for lang in tour.languages:
            assert (out / lang / tour.slug / "tour.gpx").read_text("utf-8").startswith("<?xml")
            geojson = json.loads((out / lang / tour.slug / "tour.geojson").read_text("utf-8"))
            assert geojson["type"] == "FeatureCollection"
            assert (out / lang / tour.slug / "signs.pdf").read_bytes().startswith(b"%PDF")
        api = json.loads((out / "api" / "v1" / "tours" / f"{tour.slug}.json").read_text("utf-8"))
        assert api["url"] == f"{BASE_URL}/api/v1/tours/{tour.slug}.json"
    assert json.loads((out / "api" / "v1" / "tours.json").read_text("utf-8"))["tours"]
    assert "Page not found" in (out / "404.html").read_text("utf-8")


def test_short_links_are_pages_that_pick_the_language(
    frozen_app: Flask, site: tuple[Path, list[str]]
) -> None:
    out, _ = site
    html = (out / "s" / "L2" / "index.html").read_text("utf-8")
    stop_urls = {lang: f"/{lang}/harbour-walk/fort/" for lang in ("en", "fr")}
    assert targets(html) == {
        "languages": ["en", "fr"], "targets": {"l2": stop_urls}, "fromQuery": False,
    }
    for lang, url in stop_urls.items():
        assert f'href="{url}" hreflang="{lang}" lang="{lang}"' in html
    assert re.search(r'<script type="module" src="/static/js/shortlink.js\?v=\w{12}">', html)
    assert "<h1>Stop L2</h1>" in html

    home = targets((out / "index.html").read_text("utf-8"))
    languages = list(frozen_app.config["LANGUAGES"])
    assert home == {"languages": languages, "targets": {"": {x: f"/{x}/" for x in languages}},
                    "fromQuery": False}

    # the "number on the sign" box (GET /s/?code=...) reaches s/index.html on a static host
    form = (out / "s" / "index.html").read_text("utf-8")
    codes = targets(form)
    assert codes["fromQuery"] is True
    assert set(codes["targets"]) == {"l1", "l2", "l3"}  # type: ignore[arg-type]
    assert '<form class="code-form" action="/s/" method="get" novalidate>' in form


def test_every_link_in_the_site_leads_to_a_written_file(site: tuple[Path, list[str]]) -> None:
    out, files = site
    missing = set()
    for name in files:
        if name.endswith((".html", ".js", ".webmanifest", ".json")):
            text = (out / name).read_text("utf-8")
            found = LINKS.findall(text) + re.findall(r'"(?:url|src)": ?"(/[^"]*)"', text)
            missing |= {(name, url) for url in found if not (out / file_for(url)).is_file()}
    assert missing == set()


def test_the_language_pages_are_valid_html(site: tuple[Path, list[str]]) -> None:
    assert VNU.is_file(), "vnu.jar missing: run the README test command (it runs npm ci)"
    assert shutil.which("java"), "java missing: run the README test command"
    out, _ = site
    pages = [out / "index.html", out / "s" / "index.html", out / "s" / "L1" / "index.html"]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, pages)],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [(m.get("url", "")[-30:], m["message"]) for m in messages] == []


def test_freeze_refuses_a_folder_that_holds_files(frozen_app: Flask, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(FreezeError, match="not an empty folder"):
        freeze(frozen_app, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_a_page_freeze_cannot_enumerate_stops_it(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "TOURS_DIR": str(FIXTURE_TOURS)})
    app.add_url_rule("/photos/<int:number>/", "photo", lambda number: str(number))
    with pytest.raises(FreezeError, match=r"/photos/<int:number>/ \(photo\).*number"):
        freeze(app, tmp_path / "site")


def test_freeze_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALAIS_TOUR_TOURS_DIR", str(FIXTURE_TOURS))
    runner = CliRunner()
    refused = runner.invoke(main, ["freeze", str(tmp_path / "local")])
    assert refused.exit_code == 1
    assert "BASE_URL is http://127.0.0.1:8000" in refused.output
    assert not (tmp_path / "local").exists()

    written = runner.invoke(main, ["freeze", "--allow-local", str(tmp_path / "local")])
    assert written.exit_code == 0, written.output
    assert re.fullmatch(r"Wrote \d+ files \(\d+\.\d MB\) to .+ for http://127\.0\.0\.1:8000\n",
                        written.output)

    monkeypatch.setenv("CALAIS_TOUR_BASE_URL", BASE_URL)
    again = runner.invoke(main, ["freeze", str(tmp_path / "local")])
    assert again.exit_code == 1
    assert "not an empty folder" in again.output


def test_no_tooling_file_is_exported(site: tuple[Path, list[str]]) -> None:
    # node's package.json (it makes static/js/ ES modules for node --test) is not the site's
    out, files = site
    assert not [name for name in files if name.endswith("package.json")]
    assert not list(out.rglob("package.json"))
    assert "package.json" not in (out / "sw.js").read_text("utf-8")
