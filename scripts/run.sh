#!/usr/bin/env bash
# Serves musubi at http://127.0.0.1:8787 with the on-disk KV kept in .wrangler/state between
# runs, and seeds the demo region once (the seed is idempotent). `--env dev` selects the
# development environment of wrangler.toml (the top level is production: no seed routes).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
port=${PORT:-8787}
base="http://127.0.0.1:$port"

node_modules/.bin/wrangler dev --env dev --ip 127.0.0.1 --port "$port" --persist-to .wrangler/state \
  --show-interactive-dev-session=false &
wrangler_pid=$!
trap 'kill $wrangler_pid 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 180); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  kill -0 $wrangler_pid 2>/dev/null || { echo "wrangler dev stopped" >&2; exit 1; }
  sleep 0.5
done
echo "==> seeding the demo region"
from=0
while [[ -n "$from" ]]; do # the seed is written in chunks; `next` is null when it is complete
  report=$(curl -fsS -X POST "$base/api/v1/dev/seed?from=$from")
  from=$(node -e 'const r = JSON.parse(process.argv[1]); if (r.next != null) console.log(r.next)' "$report")
done
echo "$report"
echo "==> musubi is running at $base (Ctrl-C to stop). Demo logins are listed in README.md."
wait $wrangler_pid
