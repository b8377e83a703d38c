"""The loader reads tours/ and reports every problem as path:line: message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from calais_tour.errors import ContentError
from calais_tour.loader import load_catalog
from tests.helpers import check

LANGUAGES = ("en", "fr", "de", "nl")
TOML = "tours/harbour-walk/tour.toml"
FORT_FR = "tours/harbour-walk/fort.fr.md"


def problems_in(tours: Path) -> list[str]:
    _, problems = check(tours)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [("tour.toml", "lat = 50.96368", "lat = 120.5")],
            [f'{TOML}:15: stop "fort": lat 120.5 is outside -90..90 (did you swap lat and lon?)'],
            id="lat-out-of-range",
        ),
        pytest.param(
            [("tour.toml", "lon = 1.84760\n", "")],
            [f'{TOML}:12: stop "fort": missing "lon"'],
            id="missing-lon",
        ),
        pytest.param(
            [("tour.toml", 'lon = 1.84760', 'lon = "1.84760"')],
            [f"{TOML}:16: stop \"fort\": lon '1.84760' must be a number in decimal degrees"],
            id="lon-not-a-number",
        ),
        pytest.param(
            [("tour.toml", 'code = "L2"', 'code = "l1"')],
            [
                f'{TOML}:14: stop "fort": code "l1" is already used by stop "lighthouse" of tour '
                '"harbour-walk" (codes are printed on signs and must be unique across all tours, '
                "ignoring case)"
            ],
            id="duplicate-code-ignoring-case",
        ),
        pytest.param(
            [("tour.toml", 'code = "L2"\n', "")],
            [f'{TOML}:12: stop "fort": missing "code" (the short number printed on the sign, '
             'e.g. "1")'],
            id="missing-code",
        ),
        pytest.param(
            [("tour.toml", 'slug = "fort"', 'slug = "Fort"')],
            [
                f'{TOML}:13: stop 2: slug "Fort" must be lowercase letters, digits and single '
                "hyphens",
                'tours/harbour-walk/fort.en.md:1: no stop "fort" in tour.toml (did you mean "Fort"?)',
                'tours/harbour-walk/fort.fr.md:1: no stop "fort" in tour.toml (did you mean "Fort"?)',
            ],
            id="bad-slug",
        ),
        pytest.param(
            [("tour.toml", 'slug = "fort"', 'slug = "beach"')],
            [
                f'{TOML}:20: stop "beach": slug is used twice in this tour',
                'tours/harbour-walk/fort.en.md:1: no stop "fort" in tour.toml',
                'tours/harbour-walk/fort.fr.md:1: no stop "fort" in tour.toml',
            ],
            id="duplicate-slug",
        ),
        pytest.param(
            [("fort.fr.md", "", None)],
            [f'{TOML}:13: stop "fort": no text in "fr" (expected fort.fr.md)'],
            id="missing-translation",
        ),
        pytest.param(
            [("index.fr.md", "", None)],
            [f'{TOML}:2: no tour introduction in "fr" (expected index.fr.md)'],
            id="missing-tour-introduction",
        ),
        pytest.param(
            [("tour.toml", "radius_m = 40", "radius_m = 5")],
            [f'{TOML}:17: stop "fort": radius_m 5 must be a number of metres from 15 to 300'],
            id="radius-too-small",
        ),
        pytest.param(
            [("tour.toml", "radius_m = 40", "radius = 40")],
            [
                f'{TOML}:17: stop "fort": unknown field "radius" (did you mean "radius_m"?)',
                f'{TOML}:12: stop "fort": missing "radius_m" (the arrival zone around the stop, '
                "in metres, 15 to 300)",
            ],
            id="misspelt-field",
        ),
        pytest.param(
            [("tour.toml", "radius_m = 40", "radius_m = 40 m")],
            [f"{TOML}:17: invalid TOML: Expected newline or end of document after a statement"],
            id="toml-syntax-error",
        ),
        pytest.param(
            [("tour.toml", '"fr"]', '"fr", "es"]')],
            [f'{TOML}:2: language "es" is not supported (supported: en, fr, de, nl)'],
            id="unsupported-language",
        ),
        pytest.param(
            [("fort.fr.md", 'title = "Le Fort"', 'title = ""')],
            [f"{FORT_FR}:2: \"title\" is empty: the stop's name as visitors see it"],
            id="empty-title",
        ),
        pytest.param(
            [("fort.fr.md", 'look_for = ["Something to see at fort (fr)."]\n', "")],
            [f'{FORT_FR}:1: "look_for" must list things a visitor can see here, e.g. ["The gate"]'],
            id="missing-look-for",
        ),
        pytest.param(
            [("fort.fr.md", "+++\nThe story", "The story")],
            [f"{FORT_FR}:1: front matter opened with '+++' is never closed"],
            id="front-matter-not-closed",
        ),
        pytest.param(
            [("fort.fr.md", 'teaser = "', 'teaser = ')],
            [f"{FORT_FR}:3: invalid TOML in front matter: Invalid value"],
            id="front-matter-syntax-error",
        ),
        pytest.param(
            [("fort.fr.md", "The story of fort in fr, with **bold** words and <script>alert(1)</script> "
              "kept as text.", "")],
            [f"{FORT_FR}:7: the story is empty: write it below the closing '+++'"],
            id="empty-story",
        ),
        pytest.param(
            [("fort.es.md", None, "+++\n+++\nHola")],
            ['tours/harbour-walk/fort.es.md:1: language "es" is not listed in tour.toml '
             "languages (en, fr)"],
            id="file-in-undeclared-language",
        ),
        pytest.param(
            [("frot.en.md", None, "+++\n+++\nTypo")],
            ['tours/harbour-walk/frot.en.md:1: no stop "frot" in tour.toml (did you mean "fort"?)'],
            id="misnamed-file",
        ),
    ],
)
def test_broken_tour_is_reported_with_file_and_line(
    tour_copy: Callable[..., Path], edits: list[tuple[str, str | None, str | None]],
    expected: list[str],
) -> None:
    assert problems_in(tour_copy(*edits)) == expected


def test_every_problem_is_reported_at_once(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(
        ("tour.toml", "lat = 50.96368", "lat = 120.5"),
        ("tour.toml", "radius_m = 50", "radius_m = 900"),
        ("beach.en.md", "", None),
    )
    assert problems_in(tours) == [
        f'{TOML}:15: stop "fort": lat 120.5 is outside -90..90 (did you swap lat and lon?)',
        f'{TOML}:24: stop "beach": radius_m 900 must be a number of metres from 15 to 300',
        f'{TOML}:20: stop "beach": no text in "en" (expected beach.en.md)',
    ]


def test_long_leg_is_a_warning_with_a_swap_hint(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("tour.toml", "lat = 50.96600\nlon = 1.83900", "lat = 1.83900\nlon = 50.96600"))
    catalog, problems = check(tours)
    assert catalog is not None  # a warning does not stop the tour
    assert [str(p) for p in problems] == [
        f'{TOML}:22: warning: stop "beach": the walk from "fort" is about 9254.0 km, over 2 km: '
        "did you swap lat and lon?"
    ]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [("tour.toml", "radius_m = 40", "radius_m = 18")],
            [f'{TOML}:17: warning: stop "fort": radius_m 18 is below a phone\'s usual GPS error in '
             "streets (10-20 m): arrival may go unnoticed; use 20 to 100"],
            id="radius-below-gps-error",
        ),
        pytest.param(
            [("tour.toml", "radius_m = 40", "radius_m = 120")],
            [f'{TOML}:17: warning: stop "fort": radius_m 120 is over 100 m: visitors would be '
             "told they have arrived before they can see the stop"],
            id="radius-too-large",
        ),
        pytest.param(
            [("tour.toml", "lat = 50.96368\nlon = 1.84760", "lat = 50.96400\nlon = 1.85240")],
            [f'{TOML}:17: warning: stop "fort": its arrival zone (40 m) overlaps that of '
             '"lighthouse" (30 m), 48 m away: shrink a radius or check the pins, or one arrival '
             "will hide the other"],
            id="overlapping-zones",
        ),
    ],
)
def test_geofence_lint_warns_with_file_and_line(
    tour_copy: Callable[..., Path], edits: list[tuple[str, str | None, str | None]],
    expected: list[str],
) -> None:
    catalog, problems = check(tour_copy(*edits))
    assert [str(p) for p in problems] == expected
    assert catalog is not None  # warnings do not stop the tour, nor drop a stop
    assert [s.slug for s in catalog.tours[0].stops] == ["lighthouse", "fort", "beach"]


def test_load_catalog_raises_every_error_as_a_group(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.fr.md", "", None), ("beach.fr.md", "", None))
    with pytest.raises(ExceptionGroup) as info:
        load_catalog(tours, LANGUAGES)
    assert all(isinstance(e, ContentError) for e in info.value.exceptions)
    assert len(info.value.exceptions) == 2


def test_missing_tours_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems_in(tmp_path / "nowhere") == ["nowhere:1: tours folder not found"]


def test_fixture_tour_loads_in_order() -> None:
    catalog = load_catalog(Path(__file__).parent / "tours", LANGUAGES)
    tour = catalog.tours[0]
    assert [s.slug for s in tour.stops] == ["lighthouse", "fort", "beach"]
    assert tour.texts["fr"].title == "Promenade du port"
    assert catalog.by_code("l2") == (tour, tour.stops[1])


def test_raw_html_in_markdown_is_shown_as_text() -> None:
    catalog = load_catalog(Path(__file__).parent / "tours", LANGUAGES)
    html = catalog.tours[0].stops[0].texts["en"].story_html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>bold</strong>" in html


def test_content_error_pickles() -> None:
    import pickle

    error = ContentError(Path("a.toml"), 3, "bad")
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) == "a.toml:3: bad"


FORT_EN = "tours/harbour-walk/fort.en.md"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [("fort.en.md", 'teaser = "Teaser of fort (en)."', 'teaser = "FILL IN: one line"')],
            [f"{FORT_EN}:3: placeholder to fill in: teaser = \"FILL IN: one line\""],
            id="placeholder-left",
        ),
        pytest.param(
            [("tour.toml", "lat = 50.96368", "lat = 0.0  # FILL IN")],
            [f"{TOML}:15: placeholder to fill in: lat = 0.0  # FILL IN"],
            id="placeholder-in-tour-toml",
        ),
        pytest.param(
            [("fort.en.md", "+++\nThe story", 'talking_points = "one"\n+++\nThe story')],
            [f'{FORT_EN}:7: "talking_points" must list what a guide says here, '
             'e.g. ["Built in 1564."]'],
            id="talking-points-not-a-list",
        ),
        pytest.param(
            [("fort.en.md", "+++\nThe story",
              '[[notices]]\ntext = "Closed"\nuntil = "2027-01-31"\n+++\nThe story')],
            [f'{FORT_EN}:7: notice 1: "until" must be a date like 2027-01-31 (no quotes)'],
            id="notice-date-in-quotes",
        ),
        pytest.param(
            [("fort.en.md", "+++\nThe story",
              '[[notices]]\ntext = "Closed"\nfrom = 2027-02-01\nuntil = 2027-01-31\n'
              "+++\nThe story")],
            [f"{FORT_EN}:7: notice 1: it ends (2027-01-31) before it starts (2027-02-01)"],
            id="notice-ends-before-it-starts",
        ),
        pytest.param(
            [("fort.en.md", "kept as text.", "kept as text.\n\n![](media/fort.jpg)")],
            [f"{FORT_EN}:10: image \"media/fort.jpg\" has no alt text: write what it shows "
             "between the brackets, ![like this](...)",
             f'{FORT_EN}:10: image "media/fort.jpg" not found in harbour-walk/media/'],
            id="image-without-alt-and-file",
        ),
        pytest.param(
            [("fort.en.md", "kept as text.", "kept as text.\n\n![The fort](https://x.org/a.jpg)")],
            [f"{FORT_EN}:10: image \"https://x.org/a.jpg\": put images in the tour's media/ "
             "folder and write media/<file> (nothing is loaded from other sites)"],
            id="image-from-another-site",
        ),
        pytest.param(
            [("fort.en.md", "kept as text.", "kept as text.\n\nSee [the beach](/en/harbour-walk/bech/).")],
            [f'{FORT_EN}:10: dead link "/en/harbour-walk/bech/": no such page '
             '(did you mean "/en/harbour-walk/beach/"?)'],
            id="dead-internal-link",
        ),
        pytest.param(
            [("fort.en.md", "kept as text.", "kept as text.\n\nSee [the beach](../beach/).")],
            [f'{FORT_EN}:10: link "../beach/": write internal links as site paths starting '
             'with "/", e.g. /en/<tour>/<stop>/'],
            id="relative-link",
        ),
    ],
)
def test_author_mistakes_in_texts_are_reported_with_line(
    tour_copy: Callable[..., Path], edits: list[tuple[str, str | None, str | None]],
    expected: list[str],
) -> None:
    assert problems_in(tour_copy(*edits)) == expected


def test_good_links_and_images_pass_and_images_are_served(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.en.md", "kept as text.",
                       "kept as text.\n\nSee [the beach](/en/harbour-walk/beach/), [stop L3](/s/l3) "
                       "and [the museum](https://example.org/).\n\n![The fort at dawn](media/fort.png)"))
    (tours / "harbour-walk" / "media").mkdir()
    (tours / "harbour-walk" / "media" / "fort.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    catalog, problems = check(tours)
    assert problems == [] and catalog is not None
    html = catalog.tours[0].stops[1].texts["en"].story_html
    assert '<img src="/media/harbour-walk/fort.png" alt="The fort at dawn" />' in html
    from calais_tour import create_app

    client = create_app({"TOURS_DIR": str(tours)}).test_client()
    with client.get("/media/harbour-walk/fort.png") as response:
        assert response.status_code == 200
    assert client.get("/media/harbour-walk/..%2ftour.toml").status_code == 404
    sw = client.get("/sw.js").text
    assert '"url": "/media/harbour-walk/fort.png"' in sw  # saved with the tour


def test_expired_notice_is_a_warning_and_not_shown(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("fort.en.md", "+++\nThe story",
                       '[[notices]]\ntext = "Closed for works"\nuntil = 2020-01-31\n\n'
                       '[[notices]]\ntext = "Open late on Fridays"\nfrom = 2020-01-01\n'
                       "+++\nThe story"))
    catalog, problems = check(tours)
    assert [str(p) for p in problems] == [
        f"{FORT_EN}:7: warning: notice 1 expired on 2020-01-31: it is no longer shown, remove it"
    ]
    from calais_tour import create_app

    html = create_app({"TOURS_DIR": str(tours)}).test_client().get("/en/harbour-walk/fort/").text
    assert "Open late on Fridays" in html
    assert "Closed for works" not in html


def test_long_story_before_a_short_walk_is_flagged(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("lighthouse.en.md", "kept as text.", "kept as text. " + "word " * 2400))
    _, problems = check(tours)
    assert [str(p) for p in problems] == [
        "tours/harbour-walk/lighthouse.en.md:8: warning: the story takes about 16 min to read "
        'aloud (150 words a minute), the walk to "fort" 7 min: consider shortening it'
    ]


def test_a_zone_smaller_than_its_pins_doubt_is_a_warning(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("tour.toml", "radius_m = 40", "radius_m = 40\npin_uncertainty_m = 100"))
    catalog, problems = check(tours)
    assert catalog is not None
    assert [str(p) for p in problems] == [
        f'{TOML}:18: warning: stop "fort": the pin may be 100 m off, more than its arrival zone '
        "(40 m): arrival may never be noticed there. Survey the pin on site, then lower "
        "pin_uncertainty_m"
    ]


def test_source_titles_may_be_given_per_language(tour_copy: Callable[..., Path]) -> None:
    tours = tour_copy(("tour.toml", '{ title = "Example source"',
                       '{ title = { en = "Example source", fr = "Source exemple" }'))
    catalog, problems = check(tours)
    assert problems == [] and catalog is not None
    source = catalog.tours[0].stops[0].sources[0]
    assert (source.title_in("en"), source.title_in("fr")) == ("Example source", "Source exemple")
    toml = tours / "harbour-walk" / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace('fr = "Source exemple"', 'de = "Quelle"'))
    assert [str(p) for p in check(tours)[1]] == [
        f'{TOML}:10: stop "lighthouse": source 1: title in "de", which is not one of the '
        "tour's languages (en, fr)"
    ]
