"""``calais-tour import-path``: a GPX track a guide recorded while walking a leg, simplified
and written into ``tour.toml`` as the stop's ``path``, keeping the file's comments and layout
(``tomlkit`` edits the document in place)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import click
import tomlkit
from tomlkit.exceptions import TOMLKitError

from . import config
from . import geo
from . import paths
from .errors import display_path
from .geo import Point
from .model import Stop

TOLERANCE_M = 5.0
MAX_GPX_BYTES = 20_000_000


class ImportError_(Exception):
    """A track or tour that cannot be imported: the message says why, in plain words."""


def read_gpx(data: bytes) -> list[Point]:
    """Return the points of a GPX file's tracks (else its route), in order."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ImportError_(f"this is not a GPX file (XML error: {error})") from None
    if root.tag.rsplit("}", 1)[-1] != "gpx":
        raise ImportError_("this is not a GPX file (its root element is not <gpx>)")
    points = []
    for tag in ("trkpt", "rtept"):
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] != tag:
                continue
            try:
                lat, lon = float(element.attrib["lat"]), float(element.attrib["lon"])
            except (KeyError, ValueError):
                raise ImportError_(f"a <{tag}> has no valid lat and lon") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ImportError_(f"a <{tag}> is not a place on Earth: {lat}, {lon}")
            points.append((lat, lon))
        if points:
            return points
    raise ImportError_("the GPX file has no track points (<trkpt>) or route points (<rtept>)")


def _stop(data: dict[str, object], slug: str) -> tuple[int, dict[str, object]]:
    stops = data.get("stops")
    if not isinstance(stops, list):
        raise ImportError_("tour.toml has no [[stops]]")
    for index, stop in enumerate(stops):
        if isinstance(stop, dict) and stop.get("slug") == slug:
            return index, stop
    known = ", ".join(str(s.get("slug")) for s in stops if isinstance(s, dict))
    raise ImportError_(f'no stop "{slug}" in tour.toml (stops: {known})')


def _as_stop(raw: dict[str, object]) -> Stop:
    lat, lon, radius = raw.get("lat"), raw.get("lon"), raw.get("radius_m", 0)
    if not all(isinstance(x, int | float) for x in (lat, lon, radius)):
        raise ImportError_(f'stop "{raw.get("slug")}" has no valid lat, lon and radius_m: '
                           "run calais-tour check")
    return Stop(slug=str(raw["slug"]), code="", lat=float(lat), lon=float(lon),  # type: ignore[arg-type]
                radius_m=float(radius), sources=(), texts={})  # type: ignore[arg-type]


def import_path(toml_path: Path, slug: str, gpx: bytes) -> tuple[int, int, int]:
    """Write the simplified track into the stop's ``path``; return (points read, points
    written, metres along the path)."""
    try:
        document = tomlkit.parse(toml_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ImportError_(f"cannot read {display_path(toml_path)}: {error}") from None
    except TOMLKitError as error:
        raise ImportError_(f"{display_path(toml_path)} does not parse ({error}): "
                           "run calais-tour check") from None
    index, raw = _stop(document.unwrap(), slug)
    if index == 0:
        raise ImportError_(f'"{slug}" is the first stop: a path is the walk to a stop from the '
                           "previous one")
    track = read_gpx(gpx)
    points = [(round(lat, 6), round(lon, 6)) for lat, lon in paths.simplify(track, TOLERANCE_M)]
    if len(points) < 2:
        raise ImportError_("the track has fewer than two distinct points")
    previous = _as_stop(_stop(document.unwrap(), str(document.unwrap()["stops"][index - 1]
                                                     .get("slug")))[1])
    problems = paths.problems(points, previous, _as_stop(raw))
    if problems:
        raise ImportError_("this track is not the walk from "
                           f'"{previous.slug}" to "{slug}":\n  ' + "\n  ".join(problems))
    array = tomlkit.array()
    array.multiline(True)
    for lat, lon in points:
        array.append(tomlkit.array(f"[{lat:.6f}, {lon:.6f}]"))
    document["stops"][index]["path"] = array
    toml_path.write_text(tomlkit.dumps(document), "utf-8")
    metres = int(round(geo.path_length_m([previous.point, *points, _as_stop(raw).point]), -1))
    return len(track), len(points), metres


@click.command("import-path")
@click.argument("tour")
@click.argument("stop")
@click.argument("gpx_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--tours-dir", type=click.Path(path_type=Path, file_okay=False),
              default=config.ROOT / "tours", show_default=True)
def import_path_command(tour: str, stop: str, gpx_file: Path, tours_dir: Path) -> None:
    """Write the GPX track GPX_FILE, walked from the previous stop to STOP of TOUR, into
    tour.toml as that stop's path, simplified to about 5 m (comments and layout are kept)."""
    toml_path = tours_dir / tour / "tour.toml"
    if not toml_path.is_file():
        raise click.ClickException(f"no tour {tour!r}: {display_path(toml_path)} not found")
    try:
        if gpx_file.stat().st_size > MAX_GPX_BYTES:
            raise click.ClickException(f"{display_path(gpx_file)} is over 20 MB: is it a track?")
        gpx = gpx_file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {display_path(gpx_file)}: "
                                   f"{error.strerror or error}") from None
    try:
        read, kept, metres = import_path(toml_path, stop, gpx)
    except ImportError_ as error:
        raise click.ClickException(f"{display_path(gpx_file)}: {error}") from None
    click.echo(f'Wrote the path to "{stop}" into {display_path(toml_path)}: {kept} points '
               f"(from {read}), {metres} m along the streets. Run calais-tour check.")
