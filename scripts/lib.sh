# shellcheck shell=bash
# Shared provisioning functions for scripts/start.sh, scripts/test.sh and scripts/temporal.sh.
# Source it from a script that runs `set -euo pipefail`; it defines functions and a few
# variables and has no side effects beyond that.
#
# Progress lines start with "==> "; details with four spaces; problems with "!!  " (stderr).

# ---------------------------------------------------------------------------------------
# Paths and constants
# ---------------------------------------------------------------------------------------

AVRR_ROOT="${AVRR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
AVRR_DATA="$AVRR_ROOT/.data"
AVRR_LOCK_DIR="$AVRR_DATA/locks"

TEMPORAL_CLI_VERSION="v1.5.1" # later tags do not `go install`
TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
# Custom search attributes the workflows upsert (ARCHITECTURE.md: D0 data only).
AVRR_SEARCH_ATTRIBUTES=(AvrrStage AvrrOffice AvrrCountry AvrrSlaState)

# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------

step() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '!!  %s\n' "$*" >&2; }
die() {
  local line
  for line in "$@"; do printf '!!  %s\n' "$line" >&2; done
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# now_ms: milliseconds since the epoch (seconds * 1000 where date lacks %N).
now_ms() {
  local t
  t=$(date +%s%3N 2>/dev/null || true)
  case "$t" in
    '' | *[!0-9]*) t="$(date +%s)000" ;;
  esac
  printf '%s\n' "$t"
}

# Phase timings: `phase_begin NAME` ... `phase_end`; `print_phase_times` prints them all.
_PHASE_NAMES=()
_PHASE_MS=()
_PHASE_CURRENT=""
_PHASE_START=0
phase_begin() {
  [ -z "$_PHASE_CURRENT" ] || phase_end
  _PHASE_CURRENT="$1"
  _PHASE_START=$(now_ms)
}
phase_end() {
  [ -n "$_PHASE_CURRENT" ] || return 0
  local ms=$(($(now_ms) - _PHASE_START))
  _PHASE_NAMES+=("$_PHASE_CURRENT")
  _PHASE_MS+=("$ms")
  info "($_PHASE_CURRENT took $(fmt_ms "$ms"))"
  _PHASE_CURRENT=""
}
fmt_ms() { printf '%d.%01ds' $(($1 / 1000)) $((($1 % 1000) / 100)); }
print_phase_times() {
  phase_end
  [ "${#_PHASE_NAMES[@]}" -gt 0 ] || return 0
  local i total=0
  step "time per phase"
  for i in "${!_PHASE_NAMES[@]}"; do
    printf '    %8s  %s\n' "$(fmt_ms "${_PHASE_MS[$i]}")" "${_PHASE_NAMES[$i]}"
    total=$((total + _PHASE_MS[i]))
  done
  printf '    %8s  %s\n' "$(fmt_ms "$total")" "total"
}

# ---------------------------------------------------------------------------------------
# Locks (flock; skipped where flock is missing, e.g. macOS)
# ---------------------------------------------------------------------------------------

# lock_acquire NAME: one holder at a time across concurrent runs (fd 9; one lock at a time).
lock_acquire() {
  have flock || return 0
  mkdir -p "$AVRR_LOCK_DIR"
  exec 9>"$AVRR_LOCK_DIR/$1.lock"
  if ! flock -n 9; then
    info "waiting for another run to release the '$1' lock ..."
    flock 9
  fi
}
lock_release() {
  have flock || return 0
  flock -u 9 2>/dev/null || true
  exec 9>&-
}

# ---------------------------------------------------------------------------------------
# Processes and ports
# ---------------------------------------------------------------------------------------

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# pid_args PID: the command line of PID ("" when gone).
pid_args() {
  if [ -r "/proc/$1/cmdline" ]; then
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
  else
    ps -o args= -p "$1" 2>/dev/null || true
  fi
}

# pid_matches PID TEXT: PID is alive and its command line contains TEXT.
pid_matches() {
  pid_alive "$1" || return 1
  case "$(pid_args "$1")" in
    *"$2"*) return 0 ;;
    *) return 1 ;;
  esac
}

# read_pid_file FILE: prints the pid stored in FILE (nothing if missing or garbage).
read_pid_file() {
  local pid=""
  if [ -f "$1" ]; then read -r pid <"$1" 2>/dev/null || true; fi
  case "$pid" in
    '' | *[!0-9]*) return 0 ;;
  esac
  printf '%s\n' "$pid"
}

# stop_pid PID NAME [TIMEOUT_S]: SIGTERM, wait, then SIGKILL. Only for processes we started.
stop_pid() {
  local pid=$1 name=$2 timeout=${3:-15} waited=0
  pid_alive "$pid" || return 0
  step "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid"; do
    if [ "$waited" -ge $((timeout * 10)) ]; then
      warn "$name (pid $pid) did not stop within ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # Reap it if it is our child, so no zombie remains.
  wait "$pid" 2>/dev/null || true
}

# port_in_use PORT [HOST]: something accepts TCP connections on HOST:PORT.
port_in_use() {
  local port=$1 host=${2:-127.0.0.1}
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# port_owner PORT: best-effort description of the listener on PORT (for error messages).
port_owner() {
  if have ss; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -1
  elif have lsof; then
    lsof -nP -iTCP:"$1" -sTCP:LISTEN 2>/dev/null | awk 'NR==2 {print $1" pid="$2}'
  fi
}

_FREE_PORTS_GIVEN=" "
# free_port: prints a TCP port that is free on 127.0.0.1 right now. Candidates are random in
# 20000-32767 (below Linux's ephemeral range, so outgoing connections do not take them later)
# and never repeat within one script run.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
    case "$_FREE_PORTS_GIVEN" in *" $port "*) continue ;; esac
    port_in_use "$port" && continue
    if have node; then
      node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$port" 2>/dev/null || continue
    fi
    _FREE_PORTS_GIVEN="$_FREE_PORTS_GIVEN$port "
    printf '%s\n' "$port"
    return 0
  done
  die "could not find a free TCP port on 127.0.0.1"
}

# wait_http URL TIMEOUT_S [PID] [LOG]: waits until URL answers 2xx. Fails early when PID dies
# (showing the end of LOG).
wait_http() {
  local url=$1 timeout=$2 pid=${3:-} log=${4:-} start now elapsed last=-1
  start=$(date +%s)
  while :; do
    if have curl; then
      curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null && return 0
    else
      node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url" 2>/dev/null && return 0
    fi
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      warn "process $pid exited while waiting for $url"
      [ -z "$log" ] || show_log_tail "$log"
      return 1
    fi
    now=$(date +%s)
    elapsed=$((now - start))
    if [ "$elapsed" -ge "$timeout" ]; then
      warn "$url did not answer within ${timeout}s"
      [ -z "$log" ] || show_log_tail "$log"
      return 1
    fi
    if [ $((elapsed / 5)) -ne "$last" ] && [ "$elapsed" -gt 0 ]; then
      last=$((elapsed / 5))
      info "waiting for $url (${elapsed}s/${timeout}s)"
    fi
    sleep 1
  done
}

show_log_tail() {
  [ -f "$1" ] || return 0
  warn "last lines of $1:"
  tail -n "${2:-40}" "$1" | sed 's/^/    | /' >&2
}

# ---------------------------------------------------------------------------------------
# Node modules
# ---------------------------------------------------------------------------------------

ensure_node_modules() {
  have node || die "Node.js is not installed (need >= 20): see https://nodejs.org or use 'docker compose up'"
  have npm || die "npm is not installed (it ships with Node.js)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old; this project needs >= 20"
  (
    cd "$AVRR_ROOT" || exit 1
    if [ ! -f package-lock.json ]; then
      step "installing npm packages (npm install: no package-lock.json yet)"
      npm install --no-audit --no-fund
    elif [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] ||
      [ package-lock.json -nt node_modules/.package-lock.json ]; then
      step "installing npm packages (npm ci)"
      npm ci --no-audit --no-fund
    else
      # node_modules is current here, but a clean checkout runs `npm ci`, which refuses a
      # lockfile that does not match package.json (e.g. platform packages missing from
      # it). Check that now, so a local run fails where CI would.
      local out
      if ! out=$(npm ci --dry-run --ignore-scripts --no-audit --no-fund 2>&1); then
        printf '%s\n' "$out" | grep -E '^npm error (Missing|Invalid|`npm ci`)' >&2 || printf '%s\n' "$out" | tail -20 >&2
        die "package-lock.json does not satisfy 'npm ci' on a clean checkout; run 'npm install' and commit package-lock.json (a registry that lacks some platform packages leaves them out: add their entries by hand)"
      fi
      step "npm packages up to date"
      return 0
    fi
    # npm may write its hidden lockfile before package-lock.json; make "up to date" stick.
    [ ! -f node_modules/.package-lock.json ] || touch node_modules/.package-lock.json
  )
}

# ---------------------------------------------------------------------------------------
# Temporal CLI and dev server
# ---------------------------------------------------------------------------------------

_go_bin() {
  if have go; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    printf '%s\n' /usr/local/go/bin/go
  fi
}

# ensure_temporal_cli: sets and exports TEMPORAL_BIN (absolute path); installs the CLI with
# `go install` when it is nowhere to be found.
ensure_temporal_cli() {
  local candidate go gobin
  go=$(_go_bin)
  if [ -n "${TEMPORAL_BIN:-}" ] && [ -x "$TEMPORAL_BIN" ]; then
    candidate=$TEMPORAL_BIN
  elif have temporal; then
    candidate=$(command -v temporal)
  elif [ -n "$go" ]; then
    gobin=$("$go" env GOBIN)
    [ -n "$gobin" ] || gobin="$("$go" env GOPATH)/bin"
    if [ ! -x "$gobin/temporal" ]; then
      lock_acquire temporal-cli
      if [ ! -x "$gobin/temporal" ]; then
        mkdir -p "$AVRR_DATA/logs"
        local log="$AVRR_DATA/logs/temporal-cli-install.log"
        step "installing Temporal CLI $TEMPORAL_CLI_VERSION (go install; first time only, takes a few minutes)"
        info "log: $log"
        if ! "$go" install "$TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION" >"$log" 2>&1; then
          lock_release
          show_log_tail "$log"
          die "go install $TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION failed (log above)"
        fi
      fi
      lock_release
    fi
    candidate="$gobin/temporal"
    case ":$PATH:" in *":$gobin:"*) ;; *) export PATH="$gobin:$PATH" ;; esac
  else
    die "the Temporal CLI is not installed and Go is not available to build it." \
      "Install it with one of:" \
      "  brew install temporal" \
      "  curl -sSf https://temporal.download/cli.sh | sh   (then put ~/.temporalio/bin on PATH)" \
      "  go install $TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION" \
      "or run the whole stack with 'docker compose up'."
  fi
  TEMPORAL_BIN=$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")
  export TEMPORAL_BIN
  step "Temporal CLI: $TEMPORAL_BIN ($("$TEMPORAL_BIN" --version 2>/dev/null | head -1))"
}

# ---------------------------------------------------------------------------------------
# Chromium (the browser tests drive Debian's package; no npm package downloads a browser)
# ---------------------------------------------------------------------------------------

# ensure_chromium: sets and exports CHROMIUM_PATH (default /usr/bin/chromium); installs Debian's
# `chromium` package with apt-get when it is missing (root only; once per machine, under a lock).
ensure_chromium() {
  local bin=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ ! -x "$bin" ]; then
    [ "$bin" = /usr/bin/chromium ] ||
      die "CHROMIUM_PATH=$bin is not an executable; unset it to use (and install) Debian's /usr/bin/chromium"
    lock_acquire chromium
    if [ ! -x "$bin" ]; then
      if [ "$(id -u)" != 0 ]; then
        lock_release
        die "Chromium is not installed (the browser tests need /usr/bin/chromium) and this user cannot install it." \
          "Install it as root: apt-get update && apt-get install -y chromium" \
          "or point CHROMIUM_PATH at a Chromium or Chrome executable."
      fi
      have apt-get || {
        lock_release
        die "Chromium is not installed and apt-get is not available: install Chromium and set CHROMIUM_PATH to it"
      }
      mkdir -p "$AVRR_DATA/logs"
      local log="$AVRR_DATA/logs/chromium-install.log"
      step "installing Chromium (apt-get install chromium; first time only, takes a few minutes)"
      info "log: $log"
      # Without the recommended desktop packages (mesa, udev, ...); DejaVu has the Arabic glyphs the RTL tests show.
      if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
        lock_release
        show_log_tail "$log"
        die "apt-get install chromium failed (log above)"
      fi
      [ -x "$bin" ] || {
        lock_release
        die "apt-get installed chromium but $bin is missing"
      }
    fi
    lock_release
  fi
  CHROMIUM_PATH=$bin
  export CHROMIUM_PATH
  step "Chromium: $CHROMIUM_PATH ($("$CHROMIUM_PATH" --version 2>/dev/null | head -1))"
}

# start_temporal DIR DB_FILE PORT UI_PORT HTTP_PORT METRICS_PORT HEADLESS
#   Starts `temporal server start-dev` in the background (own session, so a Ctrl-C in the
#   terminal reaches only this script, which then stops things in order).
#   DIR      holds temporal.pid, temporal.log, temporal.dbfile, temporal.address
#   DB_FILE  SQLite file to persist to; "" = a new temporary file in DIR
#   HEADLESS 1 = no web UI (UI_PORT ignored), 0 = serve the UI on UI_PORT
# Sets (and exports) TEMPORAL_PID, TEMPORAL_DB_FILE, TEMPORAL_LOG_FILE. Does not wait: see
# wait_temporal.
start_temporal() {
  local dir=$1 db=$2 port=$3 ui_port=$4 http_port=$5 metrics_port=$6 headless=${7:-0}
  [ -n "${TEMPORAL_BIN:-}" ] || ensure_temporal_cli
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -n "$db" ] || db="$dir/temporal-$(date +%Y%m%d%H%M%S)-$$.db"
  mkdir -p "$(dirname "$db")"
  db="$(cd "$(dirname "$db")" && pwd)/$(basename "$db")"
  local args=(server start-dev
    --ip 127.0.0.1
    --port "$port"
    --http-port "$http_port"
    --metrics-port "$metrics_port"
    --db-filename "$db"
    --log-level warn)
  if [ "$headless" = 1 ]; then
    args+=(--headless)
  else
    args+=(--ui-port "$ui_port")
    # The UI decodes payloads through the API's codec endpoint (operations staff only: tick "include cross-origin
    # credentials" in the UI's codec settings so the browser sends the console's session cookie).
    args+=(--ui-codec-endpoint "${TEMPORAL_UI_CODEC_ENDPOINT:-http://localhost:${HTTP_PORT:-3000}/codec}")
  fi
  local ns=${TEMPORAL_NAMESPACE:-default} sa
  [ "$ns" = default ] || args+=(--namespace "$ns")
  for sa in "${AVRR_SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$sa=Keyword"); done

  TEMPORAL_LOG_FILE="$dir/temporal.log"
  {
    printf '\n=== %s: %s %s\n' "$(date '+%F %T')" "$TEMPORAL_BIN" "${args[*]}"
  } >>"$TEMPORAL_LOG_FILE"
  if have setsid; then
    setsid "$TEMPORAL_BIN" "${args[@]}" >>"$TEMPORAL_LOG_FILE" 2>&1 </dev/null &
  else
    "$TEMPORAL_BIN" "${args[@]}" >>"$TEMPORAL_LOG_FILE" 2>&1 </dev/null &
  fi
  TEMPORAL_PID=$!
  TEMPORAL_DB_FILE=$db
  export TEMPORAL_PID TEMPORAL_DB_FILE TEMPORAL_LOG_FILE
  printf '%s\n' "$TEMPORAL_PID" >"$dir/temporal.pid"
  printf '%s\n' "$db" >"$dir/temporal.dbfile"
  printf '127.0.0.1:%s\n' "$port" >"$dir/temporal.address"
  step "starting Temporal dev server on 127.0.0.1:$port (pid $TEMPORAL_PID$([ "$headless" = 1 ] || printf ', UI port %s' "$ui_port"))"
  info "database: $db"
  info "log: $TEMPORAL_LOG_FILE"
}

# temporal_running_in DIR: prints the pid of the dev server recorded in DIR if it is still
# running (and is a `temporal server start-dev` on that DIR's database).
temporal_running_in() {
  local pid db=""
  pid=$(read_pid_file "$1/temporal.pid")
  [ -n "$pid" ] || return 0
  [ -f "$1/temporal.dbfile" ] && read -r db <"$1/temporal.dbfile"
  if pid_matches "$pid" "start-dev" && pid_matches "$pid" "$db"; then
    printf '%s\n' "$pid"
  fi
}

# wait_temporal ADDRESS TIMEOUT_S [PID] [LOG]: waits until the frontend is SERVING and the
# namespace ($TEMPORAL_NAMESPACE) answers.
wait_temporal() {
  local address=$1 timeout=$2 pid=${3:-} log=${4:-} start now elapsed last=-1
  local ns=${TEMPORAL_NAMESPACE:-default}
  start=$(date +%s)
  while :; do
    if "$TEMPORAL_BIN" operator cluster health --address "$address" 2>/dev/null | grep -q SERVING &&
      "$TEMPORAL_BIN" operator namespace describe --address "$address" --namespace "$ns" >/dev/null 2>&1; then
      step "Temporal dev server ready at $address (namespace $ns)"
      return 0
    fi
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      warn "the Temporal dev server (pid $pid) exited during startup"
      [ -z "$log" ] || show_log_tail "$log"
      return 1
    fi
    now=$(date +%s)
    elapsed=$((now - start))
    if [ "$elapsed" -ge "$timeout" ]; then
      warn "Temporal at $address was not ready within ${timeout}s"
      [ -z "$log" ] || show_log_tail "$log"
      return 1
    fi
    if [ $((elapsed / 3)) -ne "$last" ]; then
      last=$((elapsed / 3))
      info "waiting for Temporal at $address (${elapsed}s/${timeout}s)"
    fi
    sleep 0.5
  done
}

# ensure_search_attributes ADDRESS: registers any of AVRR_SEARCH_ATTRIBUTES that the
# namespace lacks (start-dev registers them already; this covers a reused server).
ensure_search_attributes() {
  local address=$1 ns=${TEMPORAL_NAMESPACE:-default} existing sa missing=()
  existing=$("$TEMPORAL_BIN" operator search-attribute list --address "$address" --namespace "$ns" 2>/dev/null) ||
    die "could not list search attributes of namespace $ns at $address"
  for sa in "${AVRR_SEARCH_ATTRIBUTES[@]}"; do
    printf '%s\n' "$existing" | grep -qw "$sa" || missing+=("$sa")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  step "registering search attributes: ${missing[*]}"
  local args=()
  for sa in "${missing[@]}"; do args+=(--name "$sa"); done
  "$TEMPORAL_BIN" operator search-attribute create --address "$address" --namespace "$ns" "${args[@]}" --type Keyword >/dev/null
}

# stop_temporal DIR: stops the dev server recorded in DIR, and any other dev server still
# running on DIR's database file (e.g. one a test restarted itself).
stop_temporal() {
  local dir=$1 pid db="" other
  pid=$(read_pid_file "$dir/temporal.pid")
  [ -f "$dir/temporal.dbfile" ] && read -r db <"$dir/temporal.dbfile"
  if [ -n "$pid" ] && pid_matches "$pid" "start-dev"; then
    stop_pid "$pid" "Temporal dev server" 20
  fi
  if [ -n "$db" ]; then
    for other in $(pids_of_temporal_on "$db"); do
      stop_pid "$other" "Temporal dev server on $db" 20
    done
  fi
  rm -f "$dir/temporal.pid"
}

# pids_of_temporal_on DB_FILE: pids of `temporal server start-dev ... --db-filename DB_FILE`.
pids_of_temporal_on() {
  ps -eo pid=,args= 2>/dev/null | awk -v db="$1" -v self="$$" '
    $1 != self && / start-dev / {
      for (i = 2; i < NF; i++) if (($i == "--db-filename" || $i == "-f") && $(i + 1) == db) { print $1; next }
      for (i = 2; i <= NF; i++) if ($i == "--db-filename=" db) { print $1; next }
    }'
}

# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------

_is_local_host() {
  case "$1" in 127.0.0.1 | localhost | ::1 | '[::1]') return 0 ;; *) return 1 ;; esac
}

pg_ready() {
  local host=${DB_HOST:-127.0.0.1} port=${DB_PORT:-5432}
  if have pg_isready; then
    pg_isready -q -h "$host" -p "$port" -t 3
  else
    port_in_use "$port" "$host"
  fi
}

ensure_postgres() {
  local host=${DB_HOST:-127.0.0.1} port=${DB_PORT:-5432} i
  if pg_ready; then
    step "PostgreSQL is up at $host:$port"
    return 0
  fi
  _is_local_host "$host" || die "PostgreSQL at $host:$port does not answer (DB_HOST is not local, so not starting one)"
  if have pg_ctlcluster && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    local version
    version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
    step "starting PostgreSQL $version (pg_ctlcluster)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      die "could not start PostgreSQL: pg_ctlcluster --skip-systemctl-redirect $version main start failed"
    for i in $(seq 1 60); do
      if pg_ready; then
        step "PostgreSQL is up at $host:$port"
        return 0
      fi
      [ $((i % 10)) -ne 0 ] || info "waiting for PostgreSQL (${i}/60)"
      sleep 0.5
    done
    die "PostgreSQL was started but does not answer on $host:$port"
  fi
  die "PostgreSQL is not running on $host:$port and is not installed here." \
    "Install it (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@16)" \
    "and allow user '${DB_USER:-postgres}' to connect from 127.0.0.1, or start one with" \
    "'docker compose up -d postgres redis', or point DB_HOST/DB_PORT at a running server."
}

# sql_admin SQL: runs SQL on the `postgres` database as DB_USER and prints the rows
# (unaligned, tuples only). Uses psql, or node + pg from node_modules when psql is missing.
sql_admin() {
  if have psql; then
    PGPASSWORD="${DB_PASSWORD:-}" PGCONNECT_TIMEOUT=10 PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 \
      -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -d postgres -c "$1"
  else
    (cd "$AVRR_ROOT" && node -e '
      const { Client } = require("pg");
      const c = new Client({ host: process.env.DB_HOST || "127.0.0.1", port: +(process.env.DB_PORT || 5432),
        user: process.env.DB_USER || "postgres", password: process.env.DB_PASSWORD || undefined, database: "postgres" });
      c.connect().then(() => c.query(process.argv[1])).then((r) => {
        for (const row of [].concat(r).flatMap((x) => x.rows || [])) console.log(Object.values(row).join("|"));
        return c.end();
      }).catch((e) => { console.error(e.message); process.exit(1); });' "$1")
  fi
}

_check_db_name() {
  case "$1" in
    '' | *[!A-Za-z0-9_]*) die "refusing database name '$1' (letters, digits and _ only)" ;;
  esac
}

# ensure_database NAME: CREATE DATABASE NAME unless it exists.
ensure_database() {
  local name=$1
  _check_db_name "$name"
  if [ "$(sql_admin "SELECT 1 FROM pg_database WHERE datname = '$name'")" = 1 ]; then
    step "database $name exists"
    return 0
  fi
  step "creating database $name"
  if ! sql_admin "CREATE DATABASE \"$name\"" >/dev/null; then
    # Another run may have created it at the same moment.
    [ "$(sql_admin "SELECT 1 FROM pg_database WHERE datname = '$name'")" = 1 ] ||
      die "could not create database $name"
  fi
}

# drop_database NAME: drops NAME (if it exists), disconnecting its sessions first.
drop_database() {
  local name=$1 version
  _check_db_name "$name"
  step "dropping database $name"
  version=$(sql_admin "SHOW server_version_num")
  if [ "${version:-0}" -ge 130000 ]; then
    sql_admin "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
  else
    sql_admin "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$name' AND pid <> pg_backend_pid()" >/dev/null
    sql_admin "DROP DATABASE IF EXISTS \"$name\"" >/dev/null
  fi
}

# ---------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------

redis_ping() {
  local host=${REDIS_HOST:-127.0.0.1} port=${REDIS_PORT:-6379} reply=""
  if have redis-cli; then
    [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = PONG ]
  else
    # Plain RESP over bash's /dev/tcp.
    exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 3 reply <&3 || true
    exec 3>&- 3<&-
    [ "${reply%$'\r'}" = "+PONG" ]
  fi
}

ensure_redis() {
  local host=${REDIS_HOST:-127.0.0.1} port=${REDIS_PORT:-6379} i
  if redis_ping; then
    step "Redis is up at $host:$port"
    return 0
  fi
  _is_local_host "$host" || die "Redis at $host:$port does not answer (REDIS_HOST is not local, so not starting one)"
  if have redis-server; then
    step "starting Redis (redis-server --daemonize yes)"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    if [ -w /var/lib/redis ] && [ -w /var/log/redis ]; then
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    else
      mkdir -p "$AVRR_DATA/redis"
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
        --dir "$AVRR_DATA/redis" --logfile "$AVRR_DATA/redis/redis.log"
    fi
    for i in $(seq 1 40); do
      if redis_ping; then
        step "Redis is up at $host:$port"
        return 0
      fi
      sleep 0.25
    done
    die "Redis was started but does not answer on $host:$port"
  fi
  die "Redis is not running on $host:$port and is not installed here." \
    "Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)," \
    "or start one with 'docker compose up -d postgres redis', or point REDIS_HOST/REDIS_PORT at a running server."
}

# redis_delete_prefix PREFIX: deletes every key starting with PREFIX in REDIS_DB, with SCAN
# (never KEYS) and UNLINK (memory freed in the background), in batches.
redis_delete_prefix() {
  local prefix=$1 host=${REDIS_HOST:-127.0.0.1} port=${REDIS_PORT:-6379} db=${REDIS_DB:-0} pattern count
  [ -n "$prefix" ] || die "redis_delete_prefix: empty prefix"
  # Escape glob characters so the prefix is matched literally.
  pattern=$(printf '%s' "$prefix" | sed 's/[][*?\\]/\\&/g')'*'
  if have redis-cli; then
    # One pass: SCAN streams key names, UNLINK deletes them 500 at a time; sum the replies.
    local scan=(--scan --pattern "$pattern")
    # --count (keys per SCAN call) exists from redis-cli 7.2 on.
    redis-cli --help 2>&1 | grep -q -- '--count' && scan+=(--count 1000)
    count=$(redis-cli -h "$host" -p "$port" -n "$db" "${scan[@]}" |
      tr '\n' '\0' | xargs -0 -r -n 500 redis-cli -h "$host" -p "$port" -n "$db" unlink |
      awk '{ n += $1 } END { print n + 0 }')
  else
    count=$(cd "$AVRR_ROOT" && node -e '
      const Redis = require("ioredis"); const R = Redis.default || Redis.Redis || Redis;
      const r = new R({ host: process.argv[2], port: +process.argv[3], db: +process.argv[4], lazyConnect: true });
      (async () => { await r.connect(); let cursor = "0", n = 0;
        do { const [next, keys] = await r.scan(cursor, "MATCH", process.argv[1], "COUNT", 1000);
             cursor = next; if (keys.length) { await r.unlink(...keys); n += keys.length; } } while (cursor !== "0");
        console.log(n); await r.quit(); })().catch((e) => { console.error(e.message); process.exit(1); });' \
      "$pattern" "$host" "$port" "$db")
  fi
  step "deleted $count Redis keys with prefix '$prefix'"
}

# ---------------------------------------------------------------------------------------
# The development stack's Temporal server (scripts/start.sh, scripts/temporal.sh)
# ---------------------------------------------------------------------------------------

DEV_TEMPORAL_DIR="$AVRR_DATA/temporal" # dev.db (persistent), temporal.pid, temporal.log

# dev_temporal_config: sets DEV_TEMPORAL_PORT and DEV_TEMPORAL_UI_PORT from TEMPORAL_ADDRESS
# [127.0.0.1:7233] and TEMPORAL_UI_URL [http://127.0.0.1:8233].
dev_temporal_config() {
  local address=${TEMPORAL_ADDRESS:-127.0.0.1:7233} ui=${TEMPORAL_UI_URL:-http://127.0.0.1:8233}
  case "${address%:*}" in
    127.0.0.1 | localhost) ;;
    *) die "TEMPORAL_ADDRESS=$address: the local dev server listens on 127.0.0.1, so use 127.0.0.1:<port>" ;;
  esac
  DEV_TEMPORAL_PORT=${address##*:}
  ui=${ui#*://}
  ui=${ui%%/*}
  DEV_TEMPORAL_UI_PORT=${ui##*:}
  case "$DEV_TEMPORAL_PORT$DEV_TEMPORAL_UI_PORT" in
    *[!0-9]* | '') die "cannot read ports from TEMPORAL_ADDRESS=$address and TEMPORAL_UI_URL=${TEMPORAL_UI_URL:-}" ;;
  esac
}

# dev_temporal_check_ports: dies with a clear message when the dev server's ports are taken
# by something else (call it when no dev server of ours is running).
dev_temporal_check_ports() {
  if port_in_use "$DEV_TEMPORAL_PORT"; then
    die "port $DEV_TEMPORAL_PORT (Temporal gRPC) is in use by a process these scripts did not start: $(port_owner "$DEV_TEMPORAL_PORT")" \
      "stop it, or use other ports: TEMPORAL_ADDRESS=127.0.0.1:7333 TEMPORAL_UI_URL=http://127.0.0.1:8333 npm start"
  fi
  if port_in_use "$DEV_TEMPORAL_UI_PORT"; then
    die "port $DEV_TEMPORAL_UI_PORT (Temporal web UI) is in use by another process: $(port_owner "$DEV_TEMPORAL_UI_PORT")" \
      "stop it, or choose another: TEMPORAL_UI_URL=http://127.0.0.1:8333 npm start"
  fi
}

# start_dev_temporal: starts the dev server with the web UI on .data/temporal/dev.db and
# waits until it serves, with the search attributes registered.
start_dev_temporal() {
  local http_port=$((DEV_TEMPORAL_PORT + 10)) # 7243, the CLI's usual HTTP API port
  port_in_use "$http_port" && http_port=$(free_port)
  start_temporal "$DEV_TEMPORAL_DIR" "$DEV_TEMPORAL_DIR/dev.db" "$DEV_TEMPORAL_PORT" "$DEV_TEMPORAL_UI_PORT" \
    "$http_port" "$(free_port)" 0
  wait_temporal "127.0.0.1:$DEV_TEMPORAL_PORT" 90 "$TEMPORAL_PID" "$TEMPORAL_LOG_FILE"
  ensure_search_attributes "127.0.0.1:$DEV_TEMPORAL_PORT"
}

# --- isolated runs (test.sh, bench.sh) ---------------------------------------------------------

# sweep_stale_runs RUNS_DIR CURRENT_ID SCRIPT DB_PREFIX REDIS_PREFIX LABEL: cleans up after earlier
# runs whose script is gone without having cleaned up (SIGKILL, reboot): their Temporal server,
# database and Redis keys. A failed run's kept log is removed after 3 days.
sweep_stale_runs() {
  local runs_dir=$1 current=$2 script=$3 db_prefix=$4 redis_prefix=$5 label=$6 d id owner
  for d in "$runs_dir"/*/; do
    [ -d "$d" ] || continue
    d=${d%/}
    id=$(basename "$d")
    [ "$id" != "$current" ] || continue
    if [ -f "$d/cleaned" ]; then
      [ -z "$(find "$d/cleaned" -mtime +3 2>/dev/null)" ] || rm -rf "$d"
      continue
    fi
    [ -f "$d/owner.pid" ] || continue
    owner=$(read_pid_file "$d/owner.pid")
    if [ -n "$owner" ] && pid_matches "$owner" "$script"; then
      continue # still running
    fi
    case "$id" in *[!0-9a-f_]*) continue ;; esac
    step "cleaning up after interrupted $label run $id"
    stop_temporal "$d"
    drop_database "${db_prefix}$id"
    redis_delete_prefix "${redis_prefix}$id"
    rm -rf "$d"
  done
}

# start_run_temporal DIR: a headless dev server on free ports, its SQLite file in DIR.
# Sets TEMPORAL_PORT, TEMPORAL_UI_PORT, TEMPORAL_HTTP_PORT, TEMPORAL_METRICS_PORT, TEMPORAL_ATTEMPT.
TEMPORAL_ATTEMPT=0
start_run_temporal() {
  local dir=$1
  TEMPORAL_ATTEMPT=$((TEMPORAL_ATTEMPT + 1))
  TEMPORAL_PORT=$(free_port)
  TEMPORAL_UI_PORT=$(free_port) # headless; only for links the code builds
  TEMPORAL_HTTP_PORT=$(free_port)
  TEMPORAL_METRICS_PORT=$(free_port)
  rm -f "$dir/temporal.db" "$dir"/temporal.db-*
  start_temporal "$dir" "$dir/temporal.db" "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT" \
    "$TEMPORAL_HTTP_PORT" "$TEMPORAL_METRICS_PORT" 1
}

# wait_run_temporal DIR LABEL: waits for it; starts it again on other ports if it died at startup
# (another process took one of its ports in between), then registers the search attributes.
wait_run_temporal() {
  local dir=$1 label=$2
  while ! wait_temporal "127.0.0.1:$TEMPORAL_PORT" 90 "$TEMPORAL_PID" "$TEMPORAL_LOG_FILE"; do
    if pid_alive "$TEMPORAL_PID" || [ "$TEMPORAL_ATTEMPT" -ge 3 ]; then
      die "the Temporal dev server for the $label did not start (log: $dir/temporal.log)"
    fi
    warn "starting the Temporal dev server again on other ports (attempt $((TEMPORAL_ATTEMPT + 1)))"
    start_run_temporal "$dir"
  done
  ensure_search_attributes "127.0.0.1:$TEMPORAL_PORT"
}
