"""Every page type is valid HTML, checked by the Nu HTML Checker (vnu.jar from npm)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from flask.testing import FlaskClient

from tests.helpers import VNU


def test_every_page_type_is_valid_html(
    shipped_client: FlaskClient, tmp_path: Path
) -> None:
    assert VNU.is_file(), "vnu.jar missing: run the README test command (it runs npm ci)"
    assert shutil.which("java"), "java missing: run the README test command"
    pages = {
        "tours": "/en/",
        "tour": "/fr/calais-1940-1944/",
        "stop-first": "/de/calais-1940-1944/calais-nord/",
        "stop-last": "/nl/calais-1940-1944/bunker/",
        "not-found": "/en/calais-1940-1944/nowhere/",
        "unknown-code": "/s/99",
        "offline": "/de/offline/",
        "signs": "/fr/calais-1940-1944/signs/",
        "guide": "/nl/calais-1940-1944/guide/",
        "survey": "/de/calais-1940-1944/survey/",
    }
    files = []
    for name, url in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(shipped_client.get(url).text, "utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--also-check-svg", *files],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
    ]
    assert problems == []
