"""The ``calais-tour`` command: check and start tours, preview, write signs, freeze."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import click
from flask import Flask

from . import config
from . import create_app
from . import pack
from . import pathimport
from . import scaffold
from . import scans
from . import signs
from . import site
from . import tiles
from .errors import StartupError
from .errors import display_path
from .loader import PLACEHOLDER
from .loader import completeness


def _app(load_tours: bool = True) -> Flask:
    """Create the app from the environment, as gunicorn would; a refusal is a message."""
    try:
        return create_app(load_tours=load_tours)
    except StartupError as error:
        raise click.ClickException(str(error)) from None


@click.group()
def main() -> None:
    """Calais walking tour: check the tour files and serve the site."""


main.add_command(scans.cli)
main.add_command(pack.pack_command)
main.add_command(pack.unpack_command)
main.add_command(pathimport.import_path_command)
main.add_command(tiles.map_bbox_command)


@main.command()
@click.argument("tours_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
def check(tours_dir: Path | None) -> None:
    """Check every tour in TOURS_DIR and print each problem as path:line: message.

    The settings are the app's (CALAIS_TOUR_LANGUAGES among them), so what passes here starts.
    """
    app = _app(load_tours=False)
    tours_dir = tours_dir or Path(app.config["TOURS_DIR"])
    catalog, problems = site.check(app, tours_dir)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if not p.is_warning)
    warnings = len(problems) - errors
    if catalog is None:
        for line in completeness(tours_dir, problems):
            click.echo(line)
        raise click.ClickException(
            f"{errors} error(s), {warnings} warning(s) in {display_path(tours_dir)}"
        )
    stops = sum(len(t.stops) for t in catalog.tours)
    languages = sorted({lang for t in catalog.tours for lang in t.languages})
    click.echo(
        f"OK: {len(catalog.tours)} tour(s), {stops} stops, languages {', '.join(languages)}"
        + (f", {warnings} warning(s)" if warnings else "")
        + f" in {display_path(tours_dir)}"
    )


def _public_app(allow_local: bool, risk: str, escape: str) -> Flask:
    """Create the app, refusing when BASE_URL is this computer unless ``allow_local``."""
    app = _app()
    base_url = app.config["BASE_URL"]
    if signs.is_local(base_url) and not allow_local:
        raise click.ClickException(
            f"BASE_URL is {base_url}: {risk}. Set CALAIS_TOUR_BASE_URL to the public address "
            f"(e.g. https://tour.example.org), or pass --allow-local {escape}."
        )
    return app


@main.command("new-tour")
@click.argument("slug")
@click.option("--tours-dir", type=click.Path(path_type=Path, file_okay=False),
              default=config.ROOT / "tours", show_default=True)
def new_tour(slug: str, tours_dir: Path) -> None:
    """Start a tour SLUG: two stops in every language, with placeholders to fill in."""
    try:
        folder = scaffold.new_tour(tours_dir, slug, _app(load_tours=False).config["LANGUAGES"])
    except scaffold.ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {display_path(folder)}: replace every {PLACEHOLDER} "
               f"(`calais-tour check {display_path(tours_dir)}` lists them)")


@main.command()
@click.option("--reload", "live", is_flag=True,
              help="Pick up edits to tours/ and templates without a restart; show problems "
              "on the pages instead of refusing to start.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(live: bool, host: str, port: int) -> None:
    """Serve the site for previewing (for visitors, use gunicorn: see the README)."""
    if live:
        os.environ["CALAIS_TOUR_PREVIEW"] = "true"
    app = _app()
    app.run(host=host, port=port, debug=False, use_reloader=False)


@main.command("signs")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the signs into (created if missing).")
@click.option("--size", type=click.Choice(sorted(signs.PAGE_SIZES)), default="a4",
              show_default=True,
              help="Paper size of the PDF.")
@click.option("--distance", type=click.FloatRange(*signs.DISTANCE_RANGE_M),
              default=signs.DEFAULT_DISTANCE_M, show_default=True,
              help="Reading distance in metres: the code is a tenth of it wide.")
@click.option("--allow-local", is_flag=True,
              help="Write signs even though BASE_URL points at this computer (for tests only).")
def signs_command(out_dir: Path, size: str, distance: float, allow_local: bool) -> None:
    """Write the sign PDFs, an SVG and a PNG code per stop, and a CSV for NFC tags."""
    app = _public_app(allow_local, "printed codes would only work on this computer",
                      "to write them anyway for a test print")
    base_url = app.config["BASE_URL"]
    qr_dir = out_dir / "qr"
    qr_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    nfc = out_dir / "nfc.csv"
    with app.test_request_context(), nfc.open("w", newline="", encoding="utf-8") as f:
        rows = csv.writer(f)
        rows.writerow(["code", "tour", "stop", "url"])
        client = app.test_client()
        for tour in app.extensions["calais_tour.catalog"].tours:
            for lang in tour.languages:
                (out_dir / f"signs-{tour.slug}-{lang}-{size}.pdf").write_bytes(
                    signs.signs_pdf(tour, lang, size, distance)
                )
                written += 1
            for stop in tour.stops:
                url = signs.payload(stop)
                rows.writerow([stop.code, tour.slug, stop.slug, url])
                for kind in ("svg", "png"):
                    with client.get(f"/qr/{stop.code}.{kind}") as response:
                        (qr_dir / f"{stop.code}.{kind}").write_bytes(response.get_data())
    click.echo(f"Wrote {written} PDF(s), codes in {display_path(qr_dir)} and "
               f"{display_path(out_dir / 'nfc.csv')} for {base_url}")


@main.command("freeze")
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--allow-local", is_flag=True,
              help="Freeze even though BASE_URL points at this computer (for tests only).")
def freeze_command(out_dir: Path, allow_local: bool) -> None:
    """Write the whole site into OUT_DIR (new or empty) as static files for any static host."""
    from . import freeze  # imported here: only this command needs it

    app = _public_app(allow_local, "the site's codes and links would point at this computer",
                      "to freeze a copy for a test")
    base_url = app.config["BASE_URL"]
    try:
        files = freeze.freeze(app, out_dir)
    except freeze.FreezeError as error:
        raise click.ClickException(str(error)) from None
    size = freeze.total_size(out_dir, files)
    click.echo(f"Wrote {len(files)} files ({size / 1e6:.1f} MB) to {display_path(out_dir)} "
               f"for {base_url}")
