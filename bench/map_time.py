"""Print the time from "Show me on the map" to the first drawn live map, on a throttled phone.

The throttled profile: 1.6 Mbps down, 750 kbps up, 150 ms round trip (Lighthouse's mobile
"slow 4G") and a 4x slower CPU, in Debian's Chromium with no cache. Also prints the bytes
the map's code costs over the wire (gzip, as the app sends it).

Run: .venv/bin/python bench/map_time.py
With --tiles: the same with street tiles (the tests' synthetic archive, tests/tiles.py), timed
to the first drawn streets, and the bytes of the street code and tiles.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Request
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from calais_tour import create_app
from calais_tour.config import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MAP_FILES: tuple[str, ...] = ("/map.js", "/mapmath.js", "/compass.js", "/map.css")
TILES = "--tiles" in sys.argv
if TILES:
    MAP_FILES += ("/streets.js", "/vector-tile.js", "/map/tiles/")

RUNS = 5
WAIT_FOR_MAP = """() => new Promise((resolve) => {
  const start = performance.now();
  document.querySelector('[data-map-open]').click();
  const check = () => document.querySelector('[data-live-map] .pin')
    ? requestAnimationFrame(() => resolve(performance.now() - start))
    : requestAnimationFrame(check);
  check();
})"""


WAIT_FOR_STREETS = WAIT_FOR_MAP.replace(
    "document.querySelector('[data-live-map] .pin')",
    "(document.querySelector('[data-live-map] path.streets')?.getAttribute('d') || '').length",
)


def main() -> None:
    settings = {"TOURS_DIR": str(ROOT / "tours")}
    if TILES:
        sys.path.insert(0, str(ROOT))
        from tests.tiles import write_archive

        folder = tempfile.mkdtemp()
        settings["MAP_TILES"] = str(write_archive(Path(folder) / "calais.pmtiles"))
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    times: list[float] = []
    map_bytes = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(RUNS):
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, service_workers="block"
            )
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 150,
                "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8,
            })
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            finished: list[Request] = []
            page.on("requestfinished", lambda request, done=finished: done.append(request))
            page.goto(f"{url}/en/calais-1940-1944/", wait_until="load")
            times.append(page.evaluate(WAIT_FOR_STREETS if TILES else WAIT_FOR_MAP))
            page.wait_for_timeout(1000 if TILES else 200)
            map_bytes = sum(
                r.sizes()["responseBodySize"] for r in finished
                if any(name in r.url.split("?")[0] for name in MAP_FILES)
            )
            context.close()
        browser.close()
    server.shutdown()
    runs = ", ".join(f"{t:.0f}" for t in times)
    streets = " with streets" if TILES else ""
    print(f"first drawn live map{streets} after the tap, throttled: median "
          f"{statistics.median(times):.0f} ms (runs: {runs})")
    print(f"map code over the wire ({', '.join(MAP_FILES)}): {map_bytes} bytes")


if __name__ == "__main__":
    main()
