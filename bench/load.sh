#!/usr/bin/env bash
# Stop-page requests per second under gunicorn (the shipped gunicorn.conf.py) on loopback,
# measured with wrk (apt-get install wrk). The load generator shares the machine's cores with
# the server, so compare figures taken on the same machine. Bounded: 10 s per URL.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
port=${PORT_BENCH:-8765}
GUNICORN_BIND="127.0.0.1:$port" .venv/bin/gunicorn --access-logfile /dev/null \
  "calais_tour:create_app()" >/tmp/calais-bench-gunicorn.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/en/" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "gunicorn workers: $(pgrep -P $pid | wc -l), cores: $(nproc)"
for path in /en/calais-1940-1944/citadel/ /fr/calais-1940-1944/; do
  echo "== $path"
  wrk -t2 -c${CONNECTIONS:-50} -d${SECONDS_PER_URL:-10}s --latency "http://127.0.0.1:$port$path" \
    | grep -E "Requests/sec|Latency|99%|Transfer/sec|Non-2xx"
done
