#!/usr/bin/env bash
# Reminder rebuild benchmark (by hand; not part of `npm test` or .ci/run): builds, then runs
# dist/bench/reminders.bench.js against its own PostgreSQL database and Redis key prefix, both
# removed on exit. Arguments go to the benchmark: `scripts/bench-reminders.sh --reminders 100000`.
# Needs no Temporal server: reminders are scheduled through the ReminderService directly.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RUN_ID="$(date +%Y%m%d%H%M%S)_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
export NODE_ENV=test
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}"
export DB_NAME="avrr_benchrem_$RUN_ID"
export DB_MIGRATE_ON_START=false
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_DB="${REDIS_DB:-0}"
export REDIS_PREFIX="avrr-benchrem-$RUN_ID"

DB_CREATED=0
REDIS_READY=0
cleanup() {
  local status=$?
  set +e
  [ "$DB_CREATED" = 0 ] || drop_database "$DB_NAME"
  [ "$REDIS_READY" = 0 ] || redis_delete_prefix "$REDIS_PREFIX"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_postgres
ensure_redis
REDIS_READY=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  lock_acquire build
  ensure_node_modules
  npm run build
  lock_release
fi
DB_CREATED=1
ensure_database "$DB_NAME"
node dist/libs/persistence/src/cli/migrate.js
node dist/libs/auth/src/cli/seed-users.js >/dev/null
node dist/bench/reminders.bench.js "$@"
