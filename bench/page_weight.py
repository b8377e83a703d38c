"""Print the compressed transfer size of each stop page with its CSS and JS (target: 30 KB).

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re

from calais_tour import create_app

TARGET_BYTES = 30 * 1024


def main() -> None:
    app = create_app({"TESTING": True})
    client = app.test_client()
    catalog = app.extensions["calais_tour.catalog"]
    worst = 0
    print(f"{'page':<48} {'html':>7} {'assets':>7} {'total gz':>9}")
    for tour in catalog.tours:
        for lang in tour.languages:
            for stop in tour.stops:
                url = f"/{lang}/{tour.slug}/{stop.slug}/"
                html = client.get(url).data
                assets = re.findall(
                    rb'<(?:link rel="stylesheet"|script)[^>]+(?:href|src)="(/[^"]+)"', html
                )
                sizes = [len(gzip.compress(html, 6))]
                for asset in dict.fromkeys(assets):
                    sizes.append(len(gzip.compress(client.get(asset.decode()).data, 6)))
                total = sum(sizes)
                worst = max(worst, total)
                print(f"{url:<48} {sizes[0]:>7} {sum(sizes[1:]):>7} {total:>9}")
    verdict = "within" if worst <= TARGET_BYTES else "OVER"
    print(f"largest stop page with CSS and JS, gzip -6: {worst} bytes "
          f"({worst / 1024:.1f} KB), {verdict} the {TARGET_BYTES // 1024} KB target")


if __name__ == "__main__":
    main()
