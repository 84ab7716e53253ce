#!/usr/bin/env bash
# `npm run bench:cases` (by hand; not part of `npm test` or .ci/run): provision, build, then run
# dist/bench/cases.bench.js against an isolated stack: three arms, case (the engine over HTTP), bare (a Temporal
# workflow of the same shape) and bare+PG (the bare workflow writing one audit-sized row to PostgreSQL per Update).
# Arguments go to the benchmark, e.g.
# `npm run bench:cases -- --cases 20 --rounds 4 --concurrency 4 --rate 20 --latency-seconds 20`
# (`-- --help` lists them). See bench/README.md.
#
# Isolation, as scripts/test.sh: every run gets a RUN_ID and its own
#   - headless Temporal dev server on free ports, SQLite file in .data/bench/runs/RUN_ID/
#   - PostgreSQL database   avrr_bench_RUN_ID  (the bare+PG arm's rows too: table bench_bare_events)
#   - Redis key prefix      avrr-bench-RUN_ID     (REDIS_PREFIX)
#   - Temporal task queues  avrr-bench-RUN_ID (cases) and avrr-bench-RUN_ID-bare (both bare arms)
#   - copy of dist/         .data/bench/runs/RUN_ID/dist (taken right after the build, under the build lock)
# all removed on exit. The processes' logs stay in .data/bench/runs/RUN_ID/ when the run fails.
# The result is written to .data/bench/last-cases.json.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

case " $* " in
  *" --help "* | *" -h "*)
    [ -f dist/bench/cases.bench.js ] && exec node dist/bench/cases.bench.js --help
    echo "usage: npm run bench:cases -- [--cases N] [--rounds R] [--concurrency C] [--rate Q] [--latency-seconds S] [--warmup W] [--pool P] [--bare-codec] [--out FILE]"
    exit 0
    ;;
esac

RUN_ID="$(date +%Y%m%d%H%M%S)_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')" # fixed length
RUNS_DIR="$AVRR_DATA/bench/runs"
BENCH_DIR="$RUNS_DIR/$RUN_ID" # temporal.db, temporal.log, temporal.pid, owner.pid, api.log, worker.log, bare-worker.log
mkdir -p "$BENCH_DIR"
printf '%s\n' "$$" >"$BENCH_DIR/owner.pid"

# --- configuration ---------------------------------------------------------------------------
export BENCH_RUN_ID="$RUN_ID"
export BENCH_RUN_DIR="$BENCH_DIR"
export NODE_ENV=test
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export DB_HOST="${DB_HOST:-127.0.0.1}"
export DB_PORT="${DB_PORT:-5432}"
export DB_USER="${DB_USER:-postgres}"
export DB_PASSWORD="${DB_PASSWORD:-}"
export DB_NAME="avrr_bench_$RUN_ID"
export DB_MIGRATE_ON_START=false
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-0}"
export REDIS_PREFIX="avrr-bench-$RUN_ID"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="avrr-bench-$RUN_ID"
# TEMPORAL_WORKFLOW_BUNDLE: the run's copy of dist/workflow-bundle.js, set below.
# TEMPORAL_ADDRESS, TEMPORAL_UI_URL, TEMPORAL_PID: set below. PAYLOAD_ENCRYPTION_KEYS, PII_ENCRYPTION_KEY,
# JWT_SECRET, ...: pass through when set, otherwise the code's development defaults apply.

# --- cleanup ---------------------------------------------------------------------------------
DB_CREATED=0
REDIS_READY=0
BENCH_PID=""
CLEANED=0
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local status=$?
  [ "$CLEANED" = 0 ] || return 0
  CLEANED=1
  set +e
  trap '' PIPE INT TERM HUP
  echo
  phase_begin "cleanup"
  step "cleaning up bench run $RUN_ID"
  [ -z "$BENCH_PID" ] || stop_pid "$BENCH_PID" "benchmark" 30
  stop_temporal "$BENCH_DIR"
  [ "$DB_CREATED" = 0 ] || drop_database "$DB_NAME"
  [ "$REDIS_READY" = 0 ] || redis_delete_prefix "$REDIS_PREFIX"
  phase_end
  print_phase_times
  if [ "$status" = 0 ]; then
    rm -rf "$BENCH_DIR"
  else
    : >"$BENCH_DIR/cleaned"
    rm -rf "$BENCH_DIR"/*.db "$BENCH_DIR"/*.db-* "$BENCH_DIR/dist" 2>/dev/null
    warn "benchmark failed (exit status $status); logs kept in $BENCH_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

step "bench run $RUN_ID"

# --- provisioning ----------------------------------------------------------------------------
phase_begin "services"
ensure_temporal_cli
ensure_postgres
ensure_redis
REDIS_READY=1
sweep_stale_runs "$RUNS_DIR" "$RUN_ID" scripts/bench.sh avrr_bench_ avrr-bench- bench

start_run_temporal "$BENCH_DIR" # starts while the build runs

phase_begin "node modules"
lock_acquire build # one npm ci / build at a time per checkout (shared with start.sh and test.sh)
ensure_node_modules
phase_begin "build"
step "building (npm run build)"
npm run build
# The run uses its own copy of dist/, taken under the lock: a build started by another run while the
# benchmark runs (npm test, npm start) must not change the code under it. Modules still resolve
# from the checkout's node_modules (Node looks in the parent directories).
BENCH_DIST="$BENCH_DIR/dist"
rm -rf "$BENCH_DIST"
cp -R dist "$BENCH_DIST"
lock_release
export TEMPORAL_WORKFLOW_BUNDLE="$BENCH_DIST/workflow-bundle.js"

phase_begin "Temporal"
wait_run_temporal "$BENCH_DIR" benchmark

phase_begin "database"
DB_CREATED=1
ensure_database "$DB_NAME"
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
export TEMPORAL_UI_URL="http://127.0.0.1:$TEMPORAL_UI_PORT"
export TEMPORAL_PID # the dev server, whose CPU time the benchmark reads
node "$BENCH_DIST/libs/persistence/src/cli/migrate.js"
node "$BENCH_DIST/libs/auth/src/cli/seed-users.js"

step "environment"
for v in NODE_ENV LOG_LEVEL DB_NAME REDIS_PREFIX TEMPORAL_ADDRESS TEMPORAL_TASK_QUEUE TEMPORAL_PID TEMPORAL_DB_FILE TEMPORAL_WORKFLOW_BUNDLE; do
  info "$v=${!v}"
done

# --- benchmark -------------------------------------------------------------------------------
phase_begin "benchmark"
step "node dist/bench/cases.bench.js $* (from $BENCH_DIST)"
bench_status=0
node "$BENCH_DIST/bench/cases.bench.js" "$@" &
BENCH_PID=$!
wait "$BENCH_PID" || bench_status=$?
BENCH_PID=""
phase_end
exit "$bench_status"
