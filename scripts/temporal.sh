#!/usr/bin/env bash
# The development Temporal server on its own, for people who keep it running between
# `npm start` runs (npm start reuses a running one and leaves it running):
#
#   bash scripts/temporal.sh start    start it in the background (.data/temporal/dev.db, web UI)
#   bash scripts/temporal.sh stop     stop it
#   bash scripts/temporal.sh status   is it running, where
#
# Ports come from TEMPORAL_ADDRESS [127.0.0.1:7233] and TEMPORAL_UI_URL [http://127.0.0.1:8233].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

dev_temporal_config
pid=$(temporal_running_in "$DEV_TEMPORAL_DIR")

case "${1:-status}" in
  start)
    if [ -n "$pid" ]; then
      step "the Temporal dev server is already running (pid $pid) at 127.0.0.1:$DEV_TEMPORAL_PORT"
      exit 0
    fi
    dev_temporal_check_ports
    ensure_temporal_cli
    start_dev_temporal
    info "web UI: http://localhost:$DEV_TEMPORAL_UI_PORT   stop: bash scripts/temporal.sh stop"
    ;;
  stop)
    if [ -z "$pid" ]; then
      step "no Temporal dev server of ours is running"
      exit 0
    fi
    stop_temporal "$DEV_TEMPORAL_DIR"
    ;;
  status)
    if [ -n "$pid" ]; then
      step "running (pid $pid) at $(cat "$DEV_TEMPORAL_DIR/temporal.address"), web UI http://localhost:$DEV_TEMPORAL_UI_PORT"
      info "database: $(cat "$DEV_TEMPORAL_DIR/temporal.dbfile")   log: $DEV_TEMPORAL_DIR/temporal.log"
    else
      step "not running"
      exit 3
    fi
    ;;
  *)
    die "usage: bash scripts/temporal.sh start|stop|status"
    ;;
esac
