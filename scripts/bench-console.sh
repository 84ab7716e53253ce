#!/usr/bin/env bash
# `npm run bench:console` (by hand; not part of `npm test` or .ci/run): the console's bundle sizes and the case
# page's time to interactive against the stack `npm start` runs (API_URL, default http://127.0.0.1:3000).
# Arguments go to the benchmark, e.g. `npm run bench:console -- --runs 20` (`-- --help` lists them).
# See bench/README.md. Needs Chromium (installed here when missing, as for npm test) and the console built into
# dist/web (npm start builds it); builds the benchmark itself (npm run build:ts) when its compiled file is missing or
# older than its source.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

BENCH_JS=dist/bench/console/console.bench.js
BENCH_TS=bench/console/console.bench.ts

case " $* " in
  *" --help "* | *" -h "*) ;;
  *" --bundle-only "*) ;;
  *) ensure_chromium ;;
esac
if [ ! -f "$BENCH_JS" ] || [ "$BENCH_TS" -nt "$BENCH_JS" ]; then
  lock_acquire build # shared with start.sh and test.sh
  step "building the benchmark (npm run build:ts)"
  npm run build:ts
  lock_release
fi
exec node "$BENCH_JS" "$@"
