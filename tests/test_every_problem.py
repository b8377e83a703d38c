"""Every problem in one run: cross-file checks beside other errors, TOML typos in plain words."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import check

TOML = "tours/harbour-walk/tour.toml"


def problems_in(tours: Path) -> list[str]:
    _, problems = check(tours)
    return [str(p) for p in problems]


def test_duplicate_code_is_found_alongside_other_errors(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.en.md", 'title = "The Fort"', 'title = ""'))
    second = tours / "old-port"
    shutil.copytree(tours / "harbour-walk", second)
    toml = second / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace('"L2"', '"P2"').replace('"L3"', '"P3"')
                    .replace('radius_m = 50', 'radius_m = 5000'), "utf-8")
    found = problems_in(tours)
    # the second tour has its own error, and its code L1 clashes with the first (broken) tour
    assert "tours/harbour-walk/fort.en.md:2: \"title\" is empty: the stop's name as visitors " \
        "see it" in found
    assert any(p.startswith("tours/old-port/tour.toml:24: stop \"beach\": radius_m 5000")
               for p in found)
    assert ('tours/old-port/tour.toml:6: stop "lighthouse": code "L1" is already used by stop '
            '"lighthouse" of tour "harbour-walk" (codes are printed on signs and must be unique '
            "across all tours, ignoring case)") in found


def test_duplicate_slug_is_found_when_the_stop_has_other_errors(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_copy(("tour.toml", 'slug = "beach"', 'slug = "fort"'))
    found = problems_in(tours)
    assert f'{TOML}:20: stop "fort": slug is used twice in this tour' in found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param('code = "L2"', 'code = "L2', f"{TOML}:14:11: invalid TOML: a string is not "
                     "closed: end the text with the quote it starts with (\" or ', or \"\"\" for "
                     "text over several lines)", id="string-not-closed"),
        pytest.param("lat = 50.96368", "lat =", f"{TOML}:15:6: invalid TOML: a value is missing "
                     'after =: write one, e.g. "text" in quotes, a number like 50.95 or a list '
                     'like ["a", "b"]', id="value-missing"),
        pytest.param('slug = "fort"', "slug = fort", f'{TOML}:13:8: invalid TOML: this line '
                     'needs quotes: write slug = "fort" (text goes between double quotes)',
                     id="needs-quotes"),
        pytest.param('slug = "fort"', "slug = Old fort", f'{TOML}:13:8: invalid TOML: this line '
                     'needs quotes: write slug = "Old fort" (text goes between double quotes)',
                     id="words-need-quotes"),
        pytest.param("[[stops]]\nslug = \"fort\"", "[[stops]\nslug = \"fort\"",
                     f"{TOML}:12:8: invalid TOML: a table header is not closed: write it like "
                     "[[stops]]", id="header"),
    ],
)
def test_toml_typos_are_explained_in_plain_words(
    tour_copy: Callable[..., Path], old: str, new: str, expected: str,
) -> None:
    found = problems_in(tour_copy(("tour.toml", old, new)))
    assert found[0] == expected
    assert not any("Illegal character" in p or "Expected newline" in p or "Invalid value" in p
                   for p in found)


def test_a_toml_typo_hides_no_other_problem(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(
        ("tour.toml", 'code = "L2"', 'code = "L2'),
        ("tour.toml", "lat = 50.96600", "lat = 50.96600 N"),
        ("fort.fr.md", 'title = "Le Fort"', 'title = ""'),
    )
    found = problems_in(tours)
    assert f"{TOML}:14:11: invalid TOML: a string is not closed" in "\n".join(found)
    assert (f"{TOML}:22:16: invalid TOML: a number is written without a unit or words after "
            "it: lat = 50.96600") in found
    # the Markdown files are still checked
    assert "tours/harbour-walk/fort.fr.md:2: \"title\" is empty: the stop's name as visitors " \
        "see it" in found


def test_markdown_is_checked_when_tour_toml_does_not_parse(
    tour_copy: Callable[..., Path],
) -> None:
    tours = tour_copy(
        ("tour.toml", "[[stops]]\nslug = \"fort\"", "[[stops]]\nslug = \"\"\"fort"),
        ("beach.en.md", 'teaser = "Teaser of beach (en)."', "teaser = Sand"),
    )
    found = problems_in(tours)
    assert found[0].startswith(f"{TOML}:13: invalid TOML: a string is not closed")
    assert ('tours/harbour-walk/beach.en.md:3:10: invalid TOML in front matter: this line needs '
            'quotes: write teaser = "Sand" (text goes between double quotes)') in found
