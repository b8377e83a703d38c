"""Print the time to produce the whole signage batch and the printed module size.

Run: .venv/bin/python bench/signs.py
"""

from __future__ import annotations

import os
import tempfile
import time

from click.testing import CliRunner

from calais_tour import create_app
from calais_tour import qr
from calais_tour import signs
from calais_tour.cli import main


def main_bench() -> None:
    os.environ.setdefault("CALAIS_TOUR_BASE_URL", "https://tour.example.org")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = CliRunner().invoke(main, ["signs", "--out", out])
        seconds = time.perf_counter() - start
        assert result.exit_code == 0, result.output
        files = sum(len(f) for _, _, f in os.walk(out))
    print(f"signage batch (`calais-tour signs`): {files} files in {seconds:.2f} s")
    app = create_app()
    with app.test_request_context():
        for tour in app.extensions["calais_tour.catalog"].tours:
            url = signs.payload(tour.stops[0])
            modules = len(qr.qr_matrix(url)) - 2 * qr.QUIET_ZONE_MODULES
            print(f"{url}: {modules} modules across")
            for size in sorted(signs.PAGE_SIZES):
                sheet = min(
                    (signs.pdf_layout(tour, lang, size, signs.DEFAULT_DISTANCE_M)[1]
                     for lang in tour.languages),
                    key=lambda layout: layout.symbol_mm,
                )
                print(f"{size.upper()} PDF: {url} is version {qr.qr_version(url)} "
                      f"({modules} modules); code {sheet.symbol_mm:.0f} mm, "
                      f"module {sheet.module_mm:.2f} mm, readable from about "
                      f"{sheet.readable_from_m:.1f} m")


if __name__ == "__main__":
    main_bench()
