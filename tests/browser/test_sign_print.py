"""Printing the sign sheet from Chromium: exactly one sign per page, at A4 and A5."""

from __future__ import annotations

import pypdfium2
import pytest
from playwright.sync_api import Browser

TOUR = "calais-1940-1944"


@pytest.mark.parametrize(("size", "paper"), [("a4", "A4"), ("a5", "A5")])
def test_browser_print_gives_one_page_per_sign(
    browser: Browser, live_server: str, size: str, paper: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{live_server}/en/{TOUR}/signs/?size={size}")
        signs = page.locator("section.sign").count()
        assert signs == 4
        # the screen never tells the chosen paper to use that paper
        note = page.locator("[data-too-small]")
        if size == "a4" and note.count():
            assert "use A4" not in note.inner_text()
        data = page.pdf(format=paper)
    finally:
        page.close()
    document = pypdfium2.PdfDocument(data)
    try:
        assert len(document) == signs
        for n, sheet in enumerate(document, 1):
            assert f"/s/{n}" in sheet.get_textpage().get_text_range()
    finally:
        document.close()
