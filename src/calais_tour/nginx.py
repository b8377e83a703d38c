"""The nginx configuration for production, rendered from ``deploy/nginx.conf.in``.

``python -m calais_tour.nginx > /etc/nginx/sites-available/calais-tour`` writes it. The
security headers come from ``headers.py``, so nginx's answers (its error pages and the
static files it serves) carry exactly the app's, and the public host comes from
``CALAIS_TOUR_BASE_URL``, the same setting the app and its printed codes use.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .config import ROOT
from .config import SETTINGS
from .headers import SECURITY_HEADERS
from .headers import hsts

TEMPLATE = ROOT / "deploy" / "nginx.conf.in"
#: nginx alone, serving the folder ``calais-tour freeze`` wrote
FROZEN_TEMPLATE = ROOT / "deploy" / "nginx-frozen.conf.in"

_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
_ADDRESS = re.compile(r"(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?|unix:/[^\s;{}'\"]+")
_PATH = re.compile(r"/[^\s;{}'\"$]*")


class NginxConfError(Exception):
    """A value cannot go into the configuration; the message says which and why."""


def _default(name: str) -> object:
    raw = os.environ.get(f"CALAIS_TOUR_{name}")
    if raw is None:
        return next(default for key, default, _ in SETTINGS if key == name)
    try:
        return json.loads(raw)  # as the app reads its settings
    except ValueError:
        return raw


def server_name_of(base_url: str) -> str:
    """Return the host name of ``base_url`` (the public address), lowercased."""
    host = urlsplit(base_url).hostname or ""
    if not _HOST.fullmatch(host):
        raise NginxConfError(
            f"CALAIS_TOUR_BASE_URL={base_url!r} has no host name: set it to the public"
            " address, such as https://tour.example.org, or pass --server-name"
        )
    return host


def header_lines(hsts_seconds: int) -> list[str]:
    """Return the ``add_header ... always`` lines of the app's security headers."""
    headers = dict(SECURITY_HEADERS)
    if hsts_seconds:
        headers["Strict-Transport-Security"] = hsts(hsts_seconds)
    for value in headers.values():
        if any(c in value for c in '"$\\\n'):
            raise NginxConfError(f"header value cannot be written for nginx: {value!r}")
    return [f'add_header {name} "{value}" always;' for name, value in headers.items()]


def render(
    server_name: str,
    listen: str = "80",
    upstream: str = "127.0.0.1:8000",
    app_root: Path = ROOT,
    log_dir: Path = Path("/var/log/nginx"),
    hsts_seconds: int = 0,
    frozen: Path | None = None,
) -> str:
    """Return the configuration (for nginx's http context) with every placeholder filled in.

    With ``frozen``, nginx serves that folder (written by ``calais-tour freeze``) alone.
    """
    if not _HOST.fullmatch(server_name):
        raise NginxConfError(
            f"--server-name {server_name!r}: not a host name, such as tour.example.org"
        )
    for option, value in (("--listen", listen), ("--upstream", upstream)):
        if not _ADDRESS.fullmatch(value):
            raise NginxConfError(f"{option} {value!r}: give a port, host:port or unix:/path")
    paths = (("--app-root", app_root), ("--log-dir", log_dir), ("--frozen", frozen or ROOT))
    for option, path in paths:
        if not _PATH.fullmatch(str(path)):
            raise NginxConfError(f"{option} {str(path)!r}: give an absolute path without spaces")
    if not (app_root / "static").is_dir():
        raise NginxConfError(f"--app-root {str(app_root)!r}: no static/ folder there")
    if frozen and not (frozen / "404.html").is_file():
        raise NginxConfError(
            f"--frozen {str(frozen)!r}: not a frozen site; write one with calais-tour freeze"
        )
    names = set(SECURITY_HEADERS) | ({"Strict-Transport-Security"} if hsts_seconds else set())
    values = {
        "SERVER_NAME": server_name,
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "APP_ROOT": str(app_root),
        "SITE_DIR": str(frozen),
        "LOG_DIR": str(log_dir),
    }
    blocks = {  # placeholders alone on a line: one line each, at the placeholder's indent
        "SECURITY_HEADERS": header_lines(hsts_seconds),
        "HIDE_HEADERS": [f"proxy_hide_header {name};" for name in sorted(names)],
    }

    def fill_block(match: re.Match[str]) -> str:
        return "\n".join(match.group(1) + line for line in blocks[match.group(2)])

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    template = (FROZEN_TEMPLATE if frozen else TEMPLATE).read_text("utf-8")
    text = re.sub(r"^( *)@([A-Z][A-Z_]*)@$", fill_block, template, flags=re.M)
    return re.sub(r"@([A-Z][A-Z_]*)@", fill, text)


def main(argv: list[str] | None = None) -> int:
    """Print the configuration; bad values get a one-line message and exit status 2."""
    parser = argparse.ArgumentParser(
        prog="python -m calais_tour.nginx",
        description="Print the nginx configuration for calais_tour (see README, Deploy).",
    )
    parser.add_argument("--server-name", help="public host (default: CALAIS_TOUR_BASE_URL's)")
    parser.add_argument("--listen", default="80", help="nginx's port or address:port")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address")
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the folder holding static/")
    parser.add_argument("--log-dir", type=Path, default=Path("/var/log/nginx"))
    parser.add_argument(
        "--frozen", type=Path, metavar="SITE",
        help="serve this folder written by calais-tour freeze, without gunicorn",
    )
    args = parser.parse_args(argv)
    try:
        server_name = args.server_name or server_name_of(str(_default("BASE_URL")))
        try:
            hsts_seconds = int(str(_default("HSTS_SECONDS")))
        except ValueError:
            raise NginxConfError("CALAIS_TOUR_HSTS_SECONDS: give a number of seconds") from None
        text = render(
            server_name, args.listen, args.upstream, args.app_root.resolve(),
            args.log_dir, hsts_seconds, args.frozen.resolve() if args.frozen else None,
        )
    except NginxConfError as error:
        print(f"calais_tour.nginx: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
