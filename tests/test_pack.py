"""A tour as one file: `calais-tour pack` and `unpack`, and hostile files refused."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from calais_tour import pack
from calais_tour.cli import main


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pack_and_unpack_round_trip(tour_copy: Callable[..., Path], tmp_path: Path) -> None:
    tours = tour_copy(("fort.en.md", "kept as text.", "kept as text.\n\n![A photo](media/photo.jpg)"))
    media = tours / "harbour-walk" / "media"
    media.mkdir()
    (media / "photo.jpg").write_bytes(b"\xff\xd8not really a photo")
    (tours / "harbour-walk" / ".DS_Store").write_bytes(b"junk")  # hidden: left out
    runner = CliRunner()
    result = runner.invoke(main, ["pack", "harbour-walk", "--tours-dir", "tours"])
    assert result.exit_code == 0, result.output
    assert result.output == "Wrote harbour-walk.zip: 10 files of tour harbour-walk\n"
    with zipfile.ZipFile(tmp_path / "harbour-walk.zip") as archive:
        names = archive.namelist()
    assert "harbour-walk/tour.toml" in names and "harbour-walk/media/photo.jpg" in names
    assert "harbour-walk/.DS_Store" not in names

    result = runner.invoke(main, ["unpack", "harbour-walk.zip", "--tours-dir", "office"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Unpacked tour harbour-walk to office/harbour-walk: 10 files",
        "Checked: no errors in office",
    ]
    expected = _tree(tours / "harbour-walk")
    del expected[".DS_Store"]
    assert _tree(tmp_path / "office" / "harbour-walk") == expected
    # the same tour again: refused, unless replaced
    again = runner.invoke(main, ["unpack", "harbour-walk.zip", "--tours-dir", "office"])
    assert again.exit_code == 1
    assert "office/harbour-walk exists: unpack with --replace" in again.output
    assert runner.invoke(main, ["unpack", "harbour-walk.zip", "--tours-dir", "office",
                                "--replace"]).exit_code == 0


def test_unpack_runs_the_check(tour_copy: Callable[..., Path], tmp_path: Path) -> None:
    tours = tour_copy(("fort.en.md", 'title = "The Fort"', 'title = ""'))
    pack.pack(tours / "harbour-walk", tmp_path / "t.zip")
    result = CliRunner().invoke(main, ["unpack", "t.zip", "--tours-dir", "in"])
    assert result.exit_code == 1
    assert "in/harbour-walk/fort.en.md:2: \"title\" is empty" in result.output
    assert "Error: 1 error(s) in in: fix them before the tour can be served" in result.output


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def test_unpack_refuses_a_hostile_file_and_says_every_problem(tmp_path: Path) -> None:
    hostile = _zip(tmp_path / "hostile.zip", [
        ("old-port/tour.toml", b'languages = ["en"]\n'),
        ("old-port/../../evil.md", b"x"),
        ("/etc/old-port.md", b"x"),
        _symlink("old-port/media/passwd", "/etc/passwd"),
        ("old-port/run.sh", b"#!/bin/sh"),
        ("old-port/media/bomb.jpg", b"\0" * 20_000_000),
    ])
    result = CliRunner().invoke(main, ["unpack", str(hostile), "--tours-dir",
                                       str(tmp_path / "tours")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Error: {hostile} was not unpacked:"
    assert lines[1:] == [
        "old-port/../../evil.md: leads outside the tour (..)",
        "/etc/old-port.md: an absolute path: a tour's files are inside its folder",
        "old-port/media/passwd: a symbolic link: refused, it could point anywhere",
        "old-port/run.sh: not a tour file (tour.toml, <stop>.<lang>.md, index.<lang>.md or "
        "media/...)",
        "old-port/media/bomb.jpg: 20.0 MB, over the 16 MB limit for one file",
    ]
    assert not (tmp_path / "tours").exists() or not any((tmp_path / "tours").iterdir())
    assert not (tmp_path / "evil.md").exists()


def test_unpack_refuses_a_zip_bomb_and_a_lying_size(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", [
        ("old-port/tour.toml", b"x"), ("old-port/media/a.jpg", b"\0" * 10_000_000)])
    with pytest.raises(pack.PackError, match=r"a\.jpg: shrinks \d+ times in the archive"):
        pack.unpack(bomb, tmp_path / "tours")
    # an entry that declares fewer bytes than it holds is caught while reading
    liar = _zip(tmp_path / "liar.zip", [
        ("old-port/tour.toml", b'languages = ["en"]\n'),
        ("old-port/index.en.md", b"A" * 5000)])
    data = bytearray(liar.read_bytes())
    with zipfile.ZipFile(liar) as archive:
        info = archive.getinfo("old-port/index.en.md")
    for offset in (info.header_offset + 22, data.rfind(b"PK\x01\x02") + 24):
        data[offset:offset + 4] = (100).to_bytes(4, "little")  # uncompressed size: 100
    liar.write_bytes(bytes(data))
    with pytest.raises(pack.PackError, match="index.en.md: cannot be read"):
        pack.unpack(liar, tmp_path / "tours")
    assert not (tmp_path / "tours" / "old-port").exists()
    assert [p.name for p in (tmp_path / "tours").iterdir()] == []  # no staging left behind


def test_unpack_refuses_what_is_not_a_tour(tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    with pytest.raises(pack.PackError, match="not a tour file"):
        pack.unpack(tmp_path / "notes.zip", tmp_path / "tours")
    two = _zip(tmp_path / "two.zip", [("a/tour.toml", b""), ("Bad_Name/tour.toml", b"")])
    with pytest.raises(pack.PackError) as caught:
        pack.unpack(two, tmp_path / "tours")
    assert caught.value.problems == [
        "holds several folders (Bad_Name, a): a tour file holds one tour"]
    with pytest.raises(pack.PackError, match="old-port/tour.toml is missing"):
        pack.unpack(_zip(tmp_path / "t.zip", [("old-port/a.en.md", b"")]), tmp_path / "tours")
