"""The baseline for bench/load.py: a WSGI app that answers every request with the same bytes.

bench/load.py fetches a stop page from the real app, writes its body and headers to files and
serves this under the same gunicorn settings, so the difference is the app's own work.
BENCH_BODY is the body's file, BENCH_HEADERS a JSON list of [name, value] pairs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

with open(os.environ["BENCH_BODY"], "rb") as _file:
    BODY = _file.read()
with open(os.environ["BENCH_HEADERS"], encoding="utf-8") as _file:
    HEADERS = [(str(name), str(value)) for name, value in json.load(_file)]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answer 200 with the stop page's bytes, whatever was asked."""
    start_response("200 OK", HEADERS)
    return [BODY]
