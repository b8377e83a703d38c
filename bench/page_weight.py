"""Print the compressed transfer size of each stop page with its CSS and JS (target: 30 KB).

JS counts the modules that the linked scripts import statically, as a browser fetches them.
Modules imported with import() load only when used (a tap on Listen, a walk starting): a
line of their own gives their size, not counted in the first load.

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re

from flask.testing import FlaskClient

from calais_tour import create_app

TARGET_BYTES = 30 * 1024
# `import ... from "./x.js"` at the top of a module: fetched before it runs, so it counts;
# a dynamic import() loads only when used, so it does not
STATIC_IMPORT = re.compile(r'^import [^;]*? from "\./([\w.-]+\.js)";', re.M)
DYNAMIC_IMPORT = re.compile(r'import\("\./([\w.-]+\.js)"\)')


def main() -> None:
    app = create_app({"TESTING": True})
    client = app.test_client()
    catalog = app.extensions["calais_tour.catalog"]
    worst = 0
    on_use: dict[str, int] = {}  # of the largest page
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
                queue = [asset.decode() for asset in assets]
                seen: set[str] = set()
                later: list[str] = []  # imported with import(): loaded when used
                while queue:  # the linked files and the modules they import statically
                    asset = queue.pop(0)
                    if asset.split("?")[0] in seen:
                        continue
                    seen.add(asset.split("?")[0])
                    body = client.get(asset).data
                    sizes.append(len(gzip.compress(body, 6)))
                    if asset.split("?")[0].endswith(".js"):
                        base = asset.split("?")[0].rsplit("/", 1)[0]
                        text = body.decode()
                        queue += [f"{base}/{name}" for name in STATIC_IMPORT.findall(text)]
                        later += [f"{base}/{name}" for name in DYNAMIC_IMPORT.findall(text)]
                total = sum(sizes)
                if total > worst:
                    worst = total
                    on_use = weigh_on_use(client, later, seen)
                print(f"{url:<48} {sizes[0]:>7} {sum(sizes[1:]):>7} {total:>9}")
    verdict = "within" if worst <= TARGET_BYTES else "OVER"
    print(f"largest stop page with CSS and JS, gzip -6: {worst} bytes "
          f"({worst / 1024:.1f} KB), {verdict} the {TARGET_BYTES // 1024} KB target")
    if on_use:
        print(f"not in the first load, loaded only when used: {sum(on_use.values())} bytes gz "
              f"({', '.join(f'{name} {size}' for name, size in on_use.items())})")


def weigh_on_use(client: FlaskClient, queue: list[str], counted: set[str]) -> dict[str, int]:
    """The gzipped size of each module import() loads, and of everything it imports in turn."""
    sizes: dict[str, int] = {}
    while queue:
        asset = queue.pop(0)
        if asset in counted or asset.rsplit("/", 1)[1] in sizes:
            continue
        body = client.get(asset).data
        sizes[asset.rsplit("/", 1)[1]] = len(gzip.compress(body, 6))
        base = asset.rsplit("/", 1)[0]
        for pattern in (STATIC_IMPORT, DYNAMIC_IMPORT):
            queue += [f"{base}/{name}" for name in pattern.findall(body.decode())]
    return sizes


if __name__ == "__main__":
    main()
