"""The ``calais-tour`` command: check tours (and, later, signs, freeze, serve)."""

from __future__ import annotations

from pathlib import Path

import click

from . import config
from .errors import display_path
from .loader import check_tours

DEFAULT_LANGUAGES = dict((name, default) for name, default, _ in config.SETTINGS)["LANGUAGES"]


@click.group()
def main() -> None:
    """Calais walking tour: check the tour files and serve the site."""


@main.command()
@click.argument(
    "tours_dir",
    required=False,
    type=click.Path(path_type=Path, file_okay=False),
    default=config.ROOT / "tours",
)
def check(tours_dir: Path) -> None:
    """Check every tour in TOURS_DIR and print each problem as path:line: message."""
    catalog, problems = check_tours(tours_dir, DEFAULT_LANGUAGES)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if not p.is_warning)
    warnings = len(problems) - errors
    if catalog is None:
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
