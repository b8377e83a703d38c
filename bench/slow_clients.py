"""Slow clients ("Slowloris") against gunicorn alone and behind nginx (deploy/nginx.conf.in).

One run starts gunicorn with the shipped gunicorn.conf.py (2 x cores + 1 sync workers) and
Debian's nginx in front of it, each on a free loopback port. For each count of slow sockets
(each sends its request header one byte a second and never finishes it), it opens them on
gunicorn directly, then on nginx, waits 3 s, counts the sockets the server still holds open
and times five requests for a stop page (timeout 3 s each). It prints one line per case.

Bounded: about a minute. Only 127.0.0.1; every process it starts is stopped.
Run (nginx installed: scripts/test installs it): .venv/bin/python bench/slow_clients.py
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from calais_tour.nginx import render  # noqa: E402

HOST = "tour.test"
PAGE = "/en/calais-1940-1944/citadel/"
COUNTS = (5, 50, 500)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after 30 s")


def page_ms(port: int) -> float | None:
    """Time one GET of the page in ms; None when it takes over 3 s or fails."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as sock:
            request = f"GET {PAGE} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
            sock.sendall(request.encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return None
    return (time.monotonic() - start) * 1000 if data.startswith(b"HTTP/1.1 200") else None


def attack(port: int, count: int) -> str:
    header = f"GET {PAGE} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: slow\r\n".encode()
    slow = []
    try:
        for _ in range(count):
            slow.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        for second in range(3):
            for sock in slow:
                try:
                    sock.send(header[second : second + 1])
                except OSError:
                    pass
            time.sleep(1)
        readable, _, _ = select.select(slow, [], [], 0)  # closed sockets read as readable
        held = len(slow) - len(readable)
        times = [page_ms(port) for _ in range(5)]
    finally:
        for sock in slow:
            sock.close()
    answered = [t for t in times if t is not None]
    worst = f"worst {max(answered):.0f} ms" if answered else "none"
    return f"held {held}/{count}, pages answered {len(answered)}/5 ({worst})"


def main() -> None:
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        raise SystemExit("Debian's nginx is missing: apt-get install nginx")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        port, app_port = free_port(), free_port()
        env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{app_port}",
               "CALAIS_TOUR_BASE_URL": f"http://{HOST}"}
        env.pop("PORT", None)
        (tmp / "site.conf").write_text(
            render(HOST, f"127.0.0.1:{port}", f"127.0.0.1:{app_port}", ROOT, tmp), "utf-8"
        )
        temps = "".join(f"{k}_temp_path {tmp}/{k}; " for k in ("client_body", "proxy",
                                                                  "fastcgi", "uwsgi", "scgi"))
        (tmp / "nginx.conf").write_text(
            ("user root root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1; pid {tmp}/nginx.pid; error_log stderr crit;\n"
            "events { worker_connections 2048; }\n"
            f"http {{ include /etc/nginx/mime.types; {temps} include {tmp}/site.conf; }}\n",
            "utf-8",
        )
        with (tmp / "app.log").open("wb") as log:
            app = subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                 "calais_tour:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log,
            )
        proxy = subprocess.Popen([nginx, "-p", str(tmp), "-e", "stderr", "-c",
                                  str(tmp / "nginx.conf"), "-g", "daemon off;"])
        try:
            wait_for(app_port)
            wait_for(port)
            for _ in range(10):  # each worker renders the page on its first request
                page_ms(port)
            idle = [page_ms(app_port), page_ms(port)]
            print("idle: gunicorn {}, nginx {}".format(
                *(f"{ms:.1f} ms" if ms is not None else "over 3 s" for ms in idle)))
            for count in COUNTS:
                print(f"{count:4} slow sockets on gunicorn alone: {attack(app_port, count)}")
                time.sleep(1)  # let gunicorn's workers drop them
                print(f"{count:4} slow sockets on nginx:          {attack(port, count)}")
        finally:
            proxy.terminate()
            app.terminate()
            proxy.wait(timeout=10)
            app.wait(timeout=30)


if __name__ == "__main__":
    main()
