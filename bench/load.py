"""Load figures under gunicorn on loopback, measured with wrk (apt-get install wrk).

One run starts two gunicorns with the shipped gunicorn.conf.py (2 x cores + 1 sync workers,
access log included): the app, and bench/trivial_app.py answering the very bytes and headers
of a stop page. wrk (2 threads, 100 connections, --latency) then loads, in turn: the stop
page and the trivial app (alternately, twice each, so drift hits both), a short link /s/2
(a 302), a QR PNG, the signs PDF (10 connections), and the stop page with 10 connections
while 10 more ask for the signs PDF at the same time. It prints requests per second, p99
latency, the stop page's share of the trivial app's throughput (target: at least 80 %) and
the memory (RSS) of each worker.

wrk shares the machine's cores with the servers: compare figures from the same machine.
Bounded: about 80 s with the defaults. Only 127.0.0.1; every process it starts is stopped.
Run: .venv/bin/python bench/load.py [--seconds 10] [--connections 100]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
STOP_PAGE = "/en/calais-1940-1944/citadel/"
SHORT_LINK = "/s/2"
QR_PNG = "/qr/2.png"
SIGNS_PDF = "/en/calais-1940-1944/signs.pdf"
TARGET_RATIO = 0.80
TARGET_P99_MS = 50.0
# set per response by gunicorn itself; everything else is served again by the trivial app
HOP_HEADERS = {"date", "server", "connection", "transfer-encoding", "keep-alive"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start gunicorn with the shipped settings on 127.0.0.1:port, logging to ``log``."""
    env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    env.pop("PORT", None)  # gunicorn.conf.py would bind every interface
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), app],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}) before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a gunicorn master (it stops its workers), by its own pid."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def workers(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else float("nan")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk on ``url``; return requests/s, p50/p99 latency in ms and error counts."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    )
    out = result.stdout
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "non2xx3xx": 0.0,
        "socket_errors": 0.0,
    }
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        figures["non2xx3xx"] = float(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                          out):
        figures["socket_errors"] = float(sum(int(n) for n in match.groups()))
    return figures


def line(name: str, f: dict[str, float]) -> str:
    errors = ""
    if f["non2xx3xx"] or f["socket_errors"]:
        errors = f"  (errors: {f['non2xx3xx']:.0f} non-2xx/3xx, {f['socket_errors']:.0f} socket)"
    return (f"{name:<32} {f['rps']:>9.0f} req/s   p50 {f['p50']:>6.1f} ms   "
            f"p99 {f['p99']:>6.1f} ms{errors}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=100, help="wrk -c (default 100)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk missing: apt-get install wrk", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="calais-bench-"))
    app_port, trivial_port = free_port(), free_port()
    app_url, trivial_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{trivial_port}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        app = start("calais_tour:create_app()", app_port, {}, work / "app.log")
        processes.append(app)
        wait_ready(app_url + STOP_PAGE, app)
        # the page as wrk asks for it (no Accept-Encoding: uncompressed), with its headers
        with urllib.request.urlopen(app_url + STOP_PAGE) as response:
            body = response.read()
            headers = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_HEADERS]
        (work / "body").write_bytes(body)
        (work / "headers.json").write_text(json.dumps(headers), "utf-8")
        trivial = start(
            "trivial_app:app", trivial_port,
            {"BENCH_BODY": str(work / "body"), "BENCH_HEADERS": str(work / "headers.json"),
             "PYTHONPATH": str(ROOT / "bench")},
            work / "trivial.log",
        )
        processes.append(trivial)
        wait_ready(trivial_url + STOP_PAGE, trivial)
        redirect = urllib.request.build_opener(NoRedirect)
        try:
            redirect.open(app_url + SHORT_LINK)
        except urllib.error.HTTPError as error:
            assert error.code == 302, f"{SHORT_LINK} answered {error.code}"

        print(f"cores: {os.cpu_count()}, gunicorn workers: {len(workers(app.pid))} each "
              f"(gunicorn.conf.py), wrk -t2 -c{args.connections} -d{args.seconds}s --latency")
        print(f"stop page {STOP_PAGE}: {len(body)} bytes, uncompressed")
        for url in (app_url + STOP_PAGE, trivial_url + STOP_PAGE):  # warm both up
            wrk(url, 2, args.connections)
        runs: dict[str, list[dict[str, float]]] = {"stop": [], "trivial": []}
        for _ in range(2):  # alternate, so a slow spell of the machine hits both
            runs["stop"].append(wrk(app_url + STOP_PAGE, args.seconds, args.connections))
            runs["trivial"].append(wrk(trivial_url + STOP_PAGE, args.seconds, args.connections))
        short = wrk(app_url + SHORT_LINK, args.seconds, args.connections)
        png = wrk(app_url + QR_PNG, args.seconds, args.connections)
        pdf = wrk(app_url + SIGNS_PDF, args.seconds, 10)
        # a normal page while 10 connections ask for signs.pdf all the time
        with ThreadPoolExecutor(2) as both:
            loaded = both.submit(wrk, app_url + SIGNS_PDF, args.seconds, 10)
            beside = wrk(app_url + STOP_PAGE, args.seconds, 10)
            loaded.result()

        for n in range(2):
            print(line(f"stop page (run {n + 1})", runs["stop"][n]))
            print(line(f"trivial app, same bytes ({n + 1})", runs["trivial"][n]))
        print(line(f"short link {SHORT_LINK} (302)", short))
        print(line(f"QR code {QR_PNG}", png))
        print(line("signs.pdf repeated (-c10)", pdf))
        print(line("stop page beside signs.pdf (-c10)", beside))
        stop_rps = sum(r["rps"] for r in runs["stop"]) / 2
        trivial_rps = sum(r["rps"] for r in runs["trivial"]) / 2
        ratio = stop_rps / trivial_rps
        p99 = max(r["p99"] for r in runs["stop"])
        print(f"stop page / trivial app: {ratio:.0%} (target at least {TARGET_RATIO:.0%}): "
              f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}")
        print(f"stop page p99: {p99:.1f} ms (target under {TARGET_P99_MS:.0f} ms): "
              f"{'met' if p99 < TARGET_P99_MS else 'NOT met'}")
        for name, process in (("app", app), ("trivial app", trivial)):
            sizes = [rss_mb(pid) for pid in workers(process.pid)]
            print(f"RSS per worker, {name}: " + ", ".join(f"{s:.0f}" for s in sizes)
                  + f" MB (master {rss_mb(process.pid):.0f} MB)")
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
