"""A tour as one file: how guides pass a tour to each other or to the office.

``calais-tour pack TOUR`` writes ``<tour>.zip`` holding ``<tour>/tour.toml``, its Markdown
files and its ``media/`` folder. ``calais-tour unpack FILE`` puts it back below ``tours/``
after checking every entry, and refuses the whole file, saying every problem at once, when
an entry would land outside the tour (an absolute path, ``..``), is a symbolic link or not a
plain file, is not part of a tour, or is too large (declared, or found while reading: a zip
bomb lies about its sizes). Nothing is written until every entry has passed.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath

import click
from flask import Flask

from .errors import StartupError
from .errors import display_path
from .loader import SLUG_RE

#: the largest single file a tour holds (a recorded narration is at most 12 MB)
MAX_FILE_BYTES = 16 * 1000 * 1000
#: the largest tour, all files together, unpacked
MAX_TOTAL_BYTES = 100 * 1000 * 1000
#: the most files a tour has (four languages of 50 stops, and their media, is far fewer)
MAX_FILES = 2000
#: a file that shrinks more than this in the archive is not a tour file but a bomb
MAX_RATIO = 200
CHUNK = 64 * 1024


class PackError(Exception):
    """The tour cannot be packed or unpacked; ``problems`` says every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Unpacked:
    slug: str
    folder: Path
    files: int
    size: int


def _tour_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The files that make the tour (tour.toml, *.md, media/**), and what was left out."""
    files, problems = [], []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink():
            problems.append(f"{relative}: a symbolic link, not packed: put the file itself "
                            "in the tour")
        elif path.is_file():
            if _allowed(PurePosixPath(relative.as_posix())):
                files.append(path)
    return files, problems


def _allowed(relative: PurePosixPath) -> bool:
    """Tell whether a path inside a tour folder is one of a tour's files."""
    parts = relative.parts
    if len(parts) == 1:
        return parts[0] == "tour.toml" or parts[0].endswith(".md")
    return parts[0] == "media" and len(parts) >= 2


def pack(folder: Path, out: Path) -> int:
    """Write the tour in ``folder`` to the zip file ``out``; return how many files it holds.

    :raise PackError: the folder is not a tour, or a file cannot be packed.
    """
    if not (folder / "tour.toml").is_file():
        raise PackError([f"{folder}: not a tour (no tour.toml in it)"])
    files, problems = _tour_files(folder)
    total = 0
    for path in files:
        size = path.stat().st_size
        total += size
        if size > MAX_FILE_BYTES:
            problems.append(f"{path.relative_to(folder)}: {size / 1e6:.1f} MB, over the "
                            f"{MAX_FILE_BYTES // 1_000_000} MB limit for one file")
    if total > MAX_TOTAL_BYTES:
        problems.append(f"the tour is {total / 1e6:.1f} MB, over the "
                        f"{MAX_TOTAL_BYTES // 1_000_000} MB limit")
    if problems:
        raise PackError(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same tour, same bytes
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return len(files)


def inspect(archive: zipfile.ZipFile) -> tuple[str | None, list[str]]:
    """Check every entry of ``archive`` without writing anything; return the tour's slug
    and every problem found."""
    problems: list[str] = []
    entries = archive.infolist()
    if len(entries) > MAX_FILES:
        problems.append(f"{len(entries)} entries, over the limit of {MAX_FILES}: "
                        "this is not a tour")
    slugs: set[str] = set()
    seen: set[str] = set()
    total = 0
    for info in entries[:MAX_FILES]:
        name = info.filename
        mode = info.external_attr >> 16
        path = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            problems.append(f"{name}: an absolute path: a tour's files are inside its folder")
            continue
        if ".." in path.parts:
            problems.append(f"{name}: leads outside the tour (..)")
            continue
        if stat.S_ISLNK(mode):
            problems.append(f"{name}: a symbolic link: refused, it could point anywhere")
            continue
        if info.is_dir():
            continue
        if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            problems.append(f"{name}: not a plain file")
            continue
        if info.flag_bits & 0x1:
            problems.append(f"{name}: encrypted: pack the tour again without a password")
            continue
        if len(path.parts) < 2:
            problems.append(f"{name}: outside a tour folder: a tour file holds one folder, "
                            "<tour>/tour.toml and its files")
            continue
        slugs.add(path.parts[0])
        if not _allowed(PurePosixPath(*path.parts[1:])):
            problems.append(f"{name}: not a tour file (tour.toml, <stop>.<lang>.md, "
                            "index.<lang>.md or media/...)")
            continue
        if name.casefold() in seen:
            problems.append(f"{name}: is in the file twice")
            continue
        seen.add(name.casefold())
        if info.file_size > MAX_FILE_BYTES:
            problems.append(f"{name}: {info.file_size / 1e6:.1f} MB, over the "
                            f"{MAX_FILE_BYTES // 1_000_000} MB limit for one file")
        elif info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            problems.append(f"{name}: shrinks {info.file_size // max(info.compress_size, 1)} "
                            "times in the archive: refused (a zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        problems.append(f"unpacked it would be {total / 1e6:.1f} MB, over the "
                        f"{MAX_TOTAL_BYTES // 1_000_000} MB limit for a tour")
    if len(slugs) > 1:
        problems.append(f"holds several folders ({', '.join(sorted(slugs))}): a tour file "
                        "holds one tour")
    slug = next(iter(slugs)) if len(slugs) == 1 else None
    if slug is not None and not SLUG_RE.fullmatch(slug):
        problems.append(f'{slug}/: the tour\'s folder name "{slug}" is not a slug (lowercase '
                        "letters, digits and single hyphens)")
    if slug is not None and f"{slug}/tour.toml".casefold() not in seen:
        problems.append(f"{slug}/tour.toml is missing: this is not a tour")
    if not entries:
        problems.append("the file is empty")
    return slug, problems


def unpack(file: Path, tours_dir: Path, replace: bool = False) -> Unpacked:
    """Put the tour in ``file`` below ``tours_dir``, checking every entry first.

    :raise PackError: every problem of the file, or the tour exists (without ``replace``).
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise PackError([f"{file}: not a tour file (a zip made by `calais-tour pack`): "
                         f"{getattr(error, 'strerror', None) or error}"]) from None
    with archive:
        slug, problems = inspect(archive)
        if problems or slug is None:
            raise PackError(problems or ["no tour in the file"])
        target = tours_dir / slug
        if target.exists() and not replace:
            raise PackError([f"{target} exists: unpack with --replace to overwrite it, or "
                             "rename that folder first"])
        tours_dir.mkdir(parents=True, exist_ok=True)
        # write beside tours/ first (a hidden folder, which the loader skips), then move
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=tours_dir))
        try:
            total, count = _extract(archive, slug, staging / slug)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging / slug, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Unpacked(slug, target, count, total)


def _extract(archive: zipfile.ZipFile, slug: str, folder: Path) -> tuple[int, int]:
    """Write the (already inspected) entries, counting the bytes really read."""
    total = count = 0
    problems = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        relative = PurePosixPath(info.filename.replace("\\", "/")).relative_to(slug)
        path = folder.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with archive.open(info) as source, path.open("xb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > min(info.file_size, MAX_FILE_BYTES):
                        problems.append(f"{info.filename}: holds more than it declares: refused")
                        break
                    out.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as error:  # a bad CRC among them
            problems.append(f"{info.filename}: cannot be read: {error}")
        total += written
        count += 1
        if total > MAX_TOTAL_BYTES:
            problems.append(f"over {MAX_TOTAL_BYTES // 1_000_000} MB unpacked: refused")
            break
    if problems:
        raise PackError(problems)
    return total, count


def _tours_dir(tours_dir: Path | None) -> tuple[Path, Flask]:
    from . import create_app

    try:
        app = create_app(load_tours=False)
    except StartupError as error:
        raise click.ClickException(str(error)) from None
    return tours_dir or Path(app.config["TOURS_DIR"]), app


@click.command("pack")
@click.argument("tour")
@click.option("--tours-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where the tour is (default: the app's tours folder).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="The file to write (default: <tour>.zip in this folder).")
def pack_command(tour: str, tours_dir: Path | None, out: Path | None) -> None:
    """Write the tour TOUR (its name in the tours folder, or a path) as one file."""
    folder = Path(tour) if "/" in tour or os.sep in tour else _tours_dir(tours_dir)[0] / tour
    out = out or Path(f"{folder.name}.zip")
    try:
        count = pack(folder, out)
    except PackError as error:
        raise click.ClickException("cannot pack the tour:\n" + str(error)) from None
    click.echo(f"Wrote {display_path(out)}: {count} files of tour {folder.name}")


@click.command("unpack")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--tours-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to put the tour (default: the app's tours folder).")
@click.option("--replace", is_flag=True, help="Overwrite a tour of the same name.")
def unpack_command(file: Path, tours_dir: Path | None, replace: bool) -> None:
    """Put the tour in FILE (made by `pack`) into the tours folder, then check it."""
    from . import site

    tours_dir, app = _tours_dir(tours_dir)
    try:
        done = unpack(file, tours_dir, replace)
    except PackError as error:
        raise click.ClickException(f"{display_path(file)} was not unpacked:\n{error}") from None
    click.echo(f"Unpacked tour {done.slug} to {display_path(done.folder)}: {done.files} files")
    _, problems = site.check(app, tours_dir)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if not p.is_warning)
    if errors:
        raise click.ClickException(f"{errors} error(s) in {display_path(tours_dir)}: fix "
                                   "them before the tour can be served")
    click.echo(f"Checked: no errors in {display_path(tours_dir)}")
