#!/usr/bin/env bash
# `npm start`: provision and run the whole stack locally, in the foreground.
#
#   node modules, Temporal CLI, PostgreSQL, Redis -> npm run build (API, worker, workflow bundle, web console)
#   -> Temporal dev server
#   (SQLite file .data/temporal/dev.db, web UI) -> database + migrations + demo users ->
#   worker + API -> /health/ready -> demo cases -> URLs and logins -> wait.
#
# Ctrl-C (or SIGTERM) stops the API, the worker and the Temporal dev server this script
# started, and nothing else. State in .data/ persists, so running it again picks up where
# the last run stopped. Every setting can be overridden from the environment (see the
# export block below), e.g. `HTTP_PORT=3100 npm start`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# --- configuration (the variables the apps read; defaults for local development) ---------
export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
export HTTP_HOST="${HTTP_HOST:-0.0.0.0}"
export HTTP_PORT="${HTTP_PORT:-3000}"
export DB_HOST="${DB_HOST:-127.0.0.1}"
export DB_PORT="${DB_PORT:-5432}"
export DB_USER="${DB_USER:-postgres}"
export DB_PASSWORD="${DB_PASSWORD:-}"
export DB_NAME="${DB_NAME:-avrr}"
# Migrations run once below, before the apps start; the apps need not race to run them.
export DB_MIGRATE_ON_START="${DB_MIGRATE_ON_START:-false}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-0}"
export REDIS_PREFIX="${REDIS_PREFIX:-avrr}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="${TEMPORAL_TASK_QUEUE:-avrr-cases}"
export TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:8233}"
# PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID, PII_ENCRYPTION_KEY, JWT_SECRET,
# JWT_TTL_SECONDS and TEMPORAL_WORKFLOW_BUNDLE pass through when set; otherwise the apps
# use their development defaults (the bundle is chosen after the build, below).

dev_temporal_config # DEV_TEMPORAL_PORT, DEV_TEMPORAL_UI_PORT

RUN_DIR="$AVRR_DATA/run"           # pid files of this script and its apps
LOG_DIR="$AVRR_DATA/logs"          # api.log, worker.log (previous run: *.log.1)
TEMPORAL_DIR="$DEV_TEMPORAL_DIR"   # dev.db, temporal.pid, temporal.log
mkdir -p "$RUN_DIR" "$LOG_DIR" "$TEMPORAL_DIR"

API_ENTRY=dist/apps/api/src/main.js
WORKER_ENTRY=dist/apps/worker/src/main.js
MIGRATE_ENTRY=dist/libs/persistence/src/cli/migrate.js
SEED_USERS_ENTRY=dist/libs/auth/src/cli/seed-users.js
SEED_CASES_ENTRY=dist/apps/api/scripts/seed-demo-cases.js

# --- one `npm start` at a time --------------------------------------------------------------
other=$(read_pid_file "$RUN_DIR/start.pid")
if [ -n "$other" ] && [ "$other" != "$$" ] && pid_matches "$other" "scripts/start.sh"; then
  die "npm start is already running in this checkout (pid $other); stop it first (Ctrl-C there, or kill $other)"
fi
printf '%s\n' "$$" >"$RUN_DIR/start.pid"

# --- cleanup: stop what this run started, newest first ---------------------------------------
API_PID=""
WORKER_PID=""
STARTED_TEMPORAL=0
STARTED_ANY=0
TAIL_PIDS=()
CLEANED=0
cleanup() {
  local status=$?
  [ "$CLEANED" = 0 ] || return 0
  CLEANED=1
  # Keep going whatever happens: a failed step must not leave processes behind, and when the
  # terminal side of a pipe (`npm start | tee`) died with the Ctrl-C, writes must not kill us.
  set +e
  trap '' PIPE INT TERM HUP
  echo
  [ -z "$API_PID" ] || stop_pid "$API_PID" "API" 15
  [ -z "$WORKER_PID" ] || stop_pid "$WORKER_PID" "worker" 30
  rm -f "$RUN_DIR/api.pid" "$RUN_DIR/worker.pid"
  if [ "$STARTED_TEMPORAL" = 1 ]; then
    stop_temporal "$TEMPORAL_DIR"
  fi
  local p
  for p in ${TAIL_PIDS[@]+"${TAIL_PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  [ "$(read_pid_file "$RUN_DIR/start.pid")" != "$$" ] || rm -f "$RUN_DIR/start.pid"
  if [ "$status" = 0 ] || [ "$status" = 129 ] || [ "$status" = 130 ] || [ "$status" = 143 ]; then
    step "stopped (data kept in .data/; run 'npm start' again to resume)"
  elif [ "$STARTED_ANY" = 1 ]; then
    warn "npm start failed (exit status $status); logs: $LOG_DIR/{api,worker}.log, $TEMPORAL_DIR/temporal.log"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Apps left running by an earlier run that was killed hard (pid file + command line match).
for name in api worker; do
  pid=$(read_pid_file "$RUN_DIR/$name.pid")
  entry=$API_ENTRY
  [ "$name" = api ] || entry=$WORKER_ENTRY
  if [ -n "$pid" ] && pid_matches "$pid" "$entry"; then
    warn "the $name from an earlier npm start is still running (pid $pid)"
    stop_pid "$pid" "leftover $name" 30
  fi
  rm -f "$RUN_DIR/$name.pid"
done

# --- fail early on taken ports -------------------------------------------------------------
if port_in_use "$HTTP_PORT"; then
  die "port $HTTP_PORT (HTTP_PORT, the API) is already in use: $(port_owner "$HTTP_PORT")" \
    "stop that process, or run with another port: HTTP_PORT=3100 npm start"
fi
TEMPORAL_REUSED_PID=$(temporal_running_in "$TEMPORAL_DIR")
[ -n "$TEMPORAL_REUSED_PID" ] || dev_temporal_check_ports

# --- provisioning ----------------------------------------------------------------------------
phase_begin "services"
ensure_temporal_cli
ensure_postgres
ensure_redis

phase_begin "node modules"
lock_acquire build # shared with scripts/test.sh: one npm ci / build at a time per checkout
ensure_node_modules
phase_begin "build"
step "building (npm run build)"
npm run build
lock_release
for f in "$API_ENTRY" "$WORKER_ENTRY" "$MIGRATE_ENTRY" "$SEED_USERS_ENTRY"; do
  [ -f "$f" ] || die "npm run build did not produce $f"
done
# The API serves the console from dist/web (WEB_DIST_DIR overrides it).
CONSOLE_INDEX="${WEB_DIST_DIR:-dist/web}/index.html"
[ ! -d apps/web ] || [ -f "$CONSOLE_INDEX" ] || die "npm run build did not produce $CONSOLE_INDEX (the web console)"
if [ -z "${TEMPORAL_WORKFLOW_BUNDLE:-}" ] && [ -f dist/workflow-bundle.js ]; then
  # Just built: the worker can load it instead of bundling the workflows again at start.
  export TEMPORAL_WORKFLOW_BUNDLE=dist/workflow-bundle.js
fi

phase_begin "Temporal"
STARTED_ANY=1
if [ -n "$TEMPORAL_REUSED_PID" ]; then
  step "reusing the Temporal dev server already running from .data/temporal (pid $TEMPORAL_REUSED_PID)"
  info "it keeps running when this script stops (stop it with: bash scripts/temporal.sh stop)"
  wait_temporal "127.0.0.1:$DEV_TEMPORAL_PORT" 60 "$TEMPORAL_REUSED_PID" "$TEMPORAL_DIR/temporal.log"
  ensure_search_attributes "127.0.0.1:$DEV_TEMPORAL_PORT"
else
  STARTED_TEMPORAL=1
  start_dev_temporal
fi

phase_begin "database"
ensure_database "$DB_NAME"
step "running migrations"
node "$MIGRATE_ENTRY"
if [ "$NODE_ENV" = production ]; then
  # No demo data in production: the API creates the first administrator from INITIAL_ADMIN_USERNAME and
  # INITIAL_ADMIN_PASSWORD (README, "From an empty machine to a first administrator").
  step "NODE_ENV=production: no demo users, no demo cases"
else
  step "seeding demo users"
  node "$SEED_USERS_ENTRY"
fi

# --- apps ----------------------------------------------------------------------------------
phase_begin "apps"
# stream_log NAME FILE: show new lines of FILE in this terminal, prefixed with [NAME].
# GNU tail's --pid ends it with this script even when the script is killed with SIGKILL.
TAIL_ARGS=(-n 0 -F)
tail --version 2>/dev/null | grep -q GNU && TAIL_ARGS+=(--pid "$$")
stream_log() {
  tail "${TAIL_ARGS[@]}" "$2" 2>/dev/null > >(awk -v p="[$1] " '{ print p $0; fflush() }') &
  TAIL_PIDS+=($!)
}
# start_app NAME ENTRY: node ENTRY in the background (own session: Ctrl-C reaches only
# this script, which stops the apps in order); output to .data/logs/NAME.log.
start_app() {
  local name=$1 entry=$2 log="$LOG_DIR/$1.log"
  [ ! -f "$log" ] || mv -f "$log" "$log.1"
  : >"$log"
  stream_log "$name" "$log"
  if have setsid; then
    setsid node "$entry" >>"$log" 2>&1 </dev/null &
  else
    node "$entry" >>"$log" 2>&1 </dev/null &
  fi
  APP_PID=$!
  printf '%s\n' "$APP_PID" >"$RUN_DIR/$name.pid"
  step "started $name (pid $APP_PID, log $log)"
}
start_app worker "$WORKER_ENTRY"
WORKER_PID=$APP_PID
start_app api "$API_ENTRY"
API_PID=$APP_PID

step "waiting for the API to be ready (http://127.0.0.1:$HTTP_PORT/health/ready)"
wait_http "http://127.0.0.1:$HTTP_PORT/health/ready" 120 "$API_PID" "$LOG_DIR/api.log" ||
  die "the API did not become ready"
pid_alive "$WORKER_PID" || {
  show_log_tail "$LOG_DIR/worker.log"
  die "the worker exited during startup"
}

phase_begin "demo data"
if [ "$NODE_ENV" = production ]; then
  :
elif [ -f "$SEED_CASES_ENTRY" ]; then
  step "seeding demo cases"
  if ! API_URL="http://127.0.0.1:$HTTP_PORT" node "$SEED_CASES_ENTRY"; then
    warn "seeding demo cases failed (see above); the stack keeps running"
  fi
else
  warn "$SEED_CASES_ENTRY not found; no demo cases seeded"
fi
print_phase_times

# --- banner --------------------------------------------------------------------------------
echo
step "AVRR is running"
if [ -f "$CONSOLE_INDEX" ]; then
  info "console      http://localhost:$HTTP_PORT/"
else
  warn "no web console built ($CONSOLE_INDEX missing); the API runs without it"
fi
info "API          http://localhost:$HTTP_PORT"
info "API docs     http://localhost:$HTTP_PORT/docs"
info "Temporal UI  http://localhost:$DEV_TEMPORAL_UI_PORT"
info "logs         $LOG_DIR/{api,worker}.log, $TEMPORAL_DIR/temporal.log"
if [ "$NODE_ENV" = production ]; then
  info "sign in as INITIAL_ADMIN_USERNAME (created at the first boot when no administrator exists)"
elif grep -q -- '--print' "$SEED_USERS_ENTRY" 2>/dev/null; then
  step "demo logins"
  node "$SEED_USERS_ENTRY" --print | sed 's/^/    /' || warn "could not print the demo logins"
else
  info "demo logins: see the demo users created by $SEED_USERS_ENTRY (README)"
fi
step "press Ctrl-C to stop"

# --- wait until Ctrl-C or until an app exits -----------------------------------------------
while :; do
  for name in api worker; do
    pid=$API_PID
    [ "$name" = api ] || pid=$WORKER_PID
    if ! pid_alive "$pid"; then
      status=0
      wait "$pid" 2>/dev/null || status=$?
      if [ "$name" = api ]; then API_PID=""; else WORKER_PID=""; fi
      show_log_tail "$LOG_DIR/$name.log"
      die "the $name exited (status $status); stopping the rest"
    fi
  done
  sleep 1 &
  wait $! || true
done
