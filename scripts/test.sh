#!/usr/bin/env bash
# `npm test` (and CI through .ci/run): provision, build, then run the unit and e2e jest
# projects against an isolated stack. Extra arguments go to both jest runs, e.g.
# `npm test -- -t 'withdrawal'` or `npm test -- test/cases.e2e-spec.ts`.
#
# Isolation: every run gets a RUN_ID and its own
#   - headless Temporal dev server on free ports, SQLite file in .data/test-runs/RUN_ID/
#   - PostgreSQL database   avrr_test_RUN_ID
#   - Redis key prefix      avrr-test-RUN_ID     (REDIS_PREFIX)
#   - Temporal task queue   avrr-test-RUN_ID     (TEMPORAL_TASK_QUEUE)
#   - API port              a free port          (HTTP_PORT, API_URL)
# The API processes the tests start serve the console built into dist/web (WEB_DIST_DIR, when set, overrides it);
# the browser tests drive Debian's Chromium (installed here when missing; CHROMIUM_PATH).
# so two runs at once, or a run beside `npm start`, do not meet. All of it is removed on
# exit, whatever the outcome; a run killed too hard to clean up (SIGKILL) is cleaned up by
# the next run. The exit status is jest's (unit first, then e2e; both always run).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RUN_ID="$(date +%Y%m%d%H%M%S)_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')" # fixed length
RUNS_DIR="$AVRR_DATA/test-runs"
TEST_DIR="$RUNS_DIR/$RUN_ID" # temporal.db, temporal.log, temporal.pid, owner.pid
mkdir -p "$TEST_DIR"
printf '%s\n' "$$" >"$TEST_DIR/owner.pid"

# --- configuration ---------------------------------------------------------------------------
export AVRR_TEST_RUN_ID="$RUN_ID"
export AVRR_TEST_RUN_DIR="$TEST_DIR"
export NODE_ENV=test
# The webhook tests receive deliveries on 127.0.0.1; production refuses this switch (libs/config).
export WEBHOOK_ALLOW_PRIVATE_TARGETS=true
export LOG_LEVEL="${LOG_LEVEL:-info}"
export DB_HOST="${DB_HOST:-127.0.0.1}"
export DB_PORT="${DB_PORT:-5432}"
export DB_USER="${DB_USER:-postgres}"
export DB_PASSWORD="${DB_PASSWORD:-}"
export DB_NAME="avrr_test_$RUN_ID"
export DB_MIGRATE_ON_START="${DB_MIGRATE_ON_START:-true}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-0}"
export REDIS_PREFIX="avrr-test-$RUN_ID"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="avrr-test-$RUN_ID"
# TEMPORAL_ADDRESS, TEMPORAL_UI_URL, TEMPORAL_BIN, TEMPORAL_DB_FILE, HTTP_PORT: set below.
# PAYLOAD_ENCRYPTION_KEYS, PII_ENCRYPTION_KEY, JWT_SECRET, ...: pass through when set,
# otherwise the code's development defaults apply.

# --- cleanup ---------------------------------------------------------------------------------
DB_CREATED=0
REDIS_READY=0
JEST_PID=""
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
  step "cleaning up test run $RUN_ID"
  stop_jest
  stop_temporal "$TEST_DIR"
  [ "$DB_CREATED" = 0 ] || drop_database "$DB_NAME"
  [ "$REDIS_READY" = 0 ] || redis_delete_prefix "$REDIS_PREFIX"
  phase_end
  print_phase_times
  if [ "$status" = 0 ]; then
    rm -rf "$TEST_DIR"
    step "tests passed"
  else
    : >"$TEST_DIR/cleaned"
    rm -f "$TEST_DIR"/*.db "$TEST_DIR"/*.db-* 2>/dev/null
    warn "tests failed (exit status $status); Temporal log kept in $TEST_DIR/temporal.log"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# run_jest ARGS...: runs `npx jest ARGS` in its own process group and waits for it. The
# group holds jest and everything the tests spawn (API and worker processes), so an
# interrupted run, or a test that leaks a process, leaves nothing behind (stop_jest).
run_jest() {
  local status=0
  if have setsid; then
    setsid npx jest "$@" &
    JEST_PID=$!
    wait "$JEST_PID" || status=$?
    stop_jest
  else
    npx jest "$@" || status=$?
  fi
  return "$status"
}
# group_alive PGID: a process of group PGID is still running (zombies do not count).
group_alive() {
  ps -eo pgid=,stat= 2>/dev/null | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}
stop_jest() {
  [ -n "$JEST_PID" ] || return 0
  if group_alive "$JEST_PID"; then
    if pid_alive "$JEST_PID"; then
      step "stopping jest (process group $JEST_PID)"
    else
      step "stopping processes the tests left running (process group $JEST_PID)"
    fi
    kill -TERM -- "-$JEST_PID" 2>/dev/null
    local i
    for i in $(seq 1 50); do
      group_alive "$JEST_PID" || break
      sleep 0.2
    done
    group_alive "$JEST_PID" && kill -KILL -- "-$JEST_PID" 2>/dev/null
  fi
  wait "$JEST_PID" 2>/dev/null
  JEST_PID=""
}

step "test run $RUN_ID"

# --- provisioning ----------------------------------------------------------------------------
phase_begin "services"
ensure_temporal_cli
ensure_chromium # the browser tests (test/browser) drive it; exports CHROMIUM_PATH
ensure_postgres
ensure_redis
REDIS_READY=1
sweep_stale_runs "$RUNS_DIR" "$RUN_ID" scripts/test.sh avrr_test_ avrr-test- test

# The Temporal server starts while the build runs.
start_run_temporal "$TEST_DIR"

phase_begin "node modules"
lock_acquire build # one npm ci / build at a time per checkout (shared with scripts/start.sh)
ensure_node_modules
phase_begin "build"
step "building (npm run build)"
npm run build
lock_release
# The browser tests need the console the API serves (npm run build includes npm run build:web).
[ ! -d apps/web ] || [ -f dist/web/index.html ] || die "npm run build did not produce dist/web/index.html (the web console)"
# Every worker a test starts loads the bundle this build made (npm run build:workflows), as production does, instead
# of bundling the workflow code again at each start (tens of seconds of CPU per test file on a 2-core machine).
export TEMPORAL_WORKFLOW_BUNDLE="${TEMPORAL_WORKFLOW_BUNDLE:-$ROOT/dist/workflow-bundle.js}"
[ -f "$TEMPORAL_WORKFLOW_BUNDLE" ] || die "npm run build did not produce $TEMPORAL_WORKFLOW_BUNDLE"
# The console's typed client is generated from the API: a stale checked-in copy fails the run here.
step "checking the generated API client (npm run api:check)"
npm run api:check

phase_begin "Temporal"
wait_run_temporal "$TEST_DIR" tests

phase_begin "database"
DB_CREATED=1 # before, so that an interruption during CREATE DATABASE still drops it
ensure_database "$DB_NAME"

HTTP_PORT=$(free_port)
export HTTP_HOST=127.0.0.1 HTTP_PORT
export API_URL="http://127.0.0.1:$HTTP_PORT"
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
export TEMPORAL_UI_URL="http://127.0.0.1:$TEMPORAL_UI_PORT"
# For tests that stop and restart the server on the same state: run
#   "$TEMPORAL_BIN" server start-dev $TEMPORAL_SERVER_ARGS
# and write the new pid to $TEMPORAL_PID_FILE (cleanup also stops any dev server on
# $TEMPORAL_DB_FILE).
export TEMPORAL_BIN TEMPORAL_DB_FILE TEMPORAL_LOG_FILE TEMPORAL_PID
export TEMPORAL_PID_FILE="$TEST_DIR/temporal.pid"
export TEMPORAL_PORT TEMPORAL_HTTP_PORT TEMPORAL_METRICS_PORT
sa_args=""
for sa in "${AVRR_SEARCH_ATTRIBUTES[@]}"; do sa_args="$sa_args --search-attribute $sa=Keyword"; done
export TEMPORAL_SERVER_ARGS="--ip 127.0.0.1 --port $TEMPORAL_PORT --http-port $TEMPORAL_HTTP_PORT --metrics-port $TEMPORAL_METRICS_PORT --db-filename $TEMPORAL_DB_FILE --headless --log-level warn$sa_args"

step "environment"
for v in NODE_ENV DB_NAME REDIS_PREFIX TEMPORAL_ADDRESS TEMPORAL_TASK_QUEUE HTTP_PORT TEMPORAL_DB_FILE TEMPORAL_WORKFLOW_BUNDLE; do
  info "$v=${!v}"
done

# --- jest ------------------------------------------------------------------------------------
jest_extra=()
# With a filter, one of the two projects may have nothing to run: that is not a failure.
[ "$#" -eq 0 ] || jest_extra+=(--passWithNoTests)

phase_begin "unit tests"
step "unit tests: npx jest --selectProjects unit --ci $*"
unit_status=0
run_jest --selectProjects unit --ci ${jest_extra[@]+"${jest_extra[@]}"} "$@" || unit_status=$?

phase_begin "e2e tests"
step "e2e tests: npx jest --selectProjects e2e --ci --runInBand $*"
e2e_status=0
run_jest --selectProjects e2e --ci --runInBand ${jest_extra[@]+"${jest_extra[@]}"} "$@" || e2e_status=$?
phase_end

[ "$unit_status" = 0 ] || warn "unit tests failed (jest exit status $unit_status)"
[ "$e2e_status" = 0 ] || warn "e2e tests failed (jest exit status $e2e_status)"
if [ "$unit_status" != 0 ]; then exit "$unit_status"; fi
exit "$e2e_status"
