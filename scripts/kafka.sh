#!/usr/bin/env bash
# Runs a local single-node Apache Kafka broker (KRaft mode) without Docker.
#
# Usage: scripts/kafka.sh start|stop|status|restart|reset|logs
#
#   start    resolve the broker jars with Maven (first time only), format the
#            storage (first time only), start the broker in the background and
#            wait until it responds to requests on KAFKA_HOST:KAFKA_PORT
#   stop     stop the broker recorded in the pid file
#   status   print whether the broker is running; exit 0 if it is, 1 if not
#   restart  stop, then start
#   reset    stop the broker and delete its data (topics, offsets, logs);
#            the cached jars are kept
#   logs     print the last lines of the broker log
#
# Environment (all optional):
#   KAFKA_HOME_DIR         state folder (default: <repo>/.kafka)
#   KAFKA_LIB_DIR          cached jars (default: $KAFKA_HOME_DIR/lib)
#   KAFKA_VERSION          broker version to resolve (default below)
#   KAFKA_HOST             listen address (default: 127.0.0.1)
#   KAFKA_PORT             client port (default: 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default: 9093)
#   KAFKA_HEAP_OPTS        JVM heap flags (default: -Xms256m -Xmx512m)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker (default: 90)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CONF_DIR="$SCRIPT_DIR/kafka"

# kafkajs 2.2.4 worked against 3.9.1, 4.1.1, 4.3.2 and 4.4.0 (admin, idempotent
# producer, transactions, consumer group commits). 3.9.1 is the fallback: the last
# line that still accepts the old protocol versions that Kafka 4.0 removed.
KAFKA_VERSION="${KAFKA_VERSION:-4.3.2}"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka}"
KAFKA_LIB_DIR="${KAFKA_LIB_DIR:-$KAFKA_HOME_DIR/lib}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

DATA_DIR="$KAFKA_HOME_DIR/data"
LOG_DIR="$KAFKA_HOME_DIR/logs"
PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
PROPS_FILE="$KAFKA_HOME_DIR/server.properties"
CLUSTER_ID_FILE="$KAFKA_HOME_DIR/cluster-id"
OUT_FILE="$LOG_DIR/kafka.out"
VERSION_STAMP="$KAFKA_LIB_DIR/.kafka-version"
# Size of server.log when the current start began (set by cmd_start).
LOG_START_BYTES=0

say() { printf 'kafka: %s\n' "$*"; }
fail() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 || fail "'$1' not found on PATH. Install it to $2."
}

# --- jars -----------------------------------------------------------------

resolve_jars() {
  if [[ -f "$VERSION_STAMP" && "$(cat "$VERSION_STAMP")" == "$KAFKA_VERSION" ]]; then
    return 0
  fi
  require mvn "download the Kafka jars"
  say "Resolving Kafka $KAFKA_VERSION and its dependencies with Maven into $KAFKA_LIB_DIR (first run only)..."
  local started tmp
  started=$(date +%s)
  mkdir -p "$(dirname "$KAFKA_LIB_DIR")"
  tmp="$(mktemp -d "$(dirname "$KAFKA_LIB_DIR")/lib.tmp.XXXXXX")"
  if ! mvn -q -B -f "$CONF_DIR/pom.xml" \
      dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" \
      -DoutputDirectory="$tmp" >"$tmp.mvn.log" 2>&1; then
    tail -n 30 "$tmp.mvn.log" >&2 || true
    rm -rf "$tmp" "$tmp.mvn.log"
    fail "Maven could not resolve Kafka $KAFKA_VERSION (output above)."
  fi
  rm -f "$tmp.mvn.log"
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; fail "Maven finished but no kafka_2.13 jar was copied."; }
  printf '%s\n' "$KAFKA_VERSION" >"$tmp/.kafka-version"
  rm -rf "$KAFKA_LIB_DIR"
  mv "$tmp" "$KAFKA_LIB_DIR"
  say "Resolved $(find "$KAFKA_LIB_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars ($(du -sh "$KAFKA_LIB_DIR" | cut -f1)) in $(( $(date +%s) - started ))s."
}

java_cmd() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    require java "run the Kafka broker"
    command -v java
  fi
}

# --- configuration and storage -------------------------------------------

write_properties() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  local tmp="$PROPS_FILE.tmp"
  sed -e "s|@HOST@|$KAFKA_HOST|g" \
      -e "s|@PORT@|$KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@DATA_DIR@|$DATA_DIR|g" \
      "$CONF_DIR/server.properties.template" >"$tmp"
  mv "$tmp" "$PROPS_FILE"
}

format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    local formatted_by
    formatted_by="$(cat "$DATA_DIR/.formatted-by" 2>/dev/null || true)"
    if [[ -n "$formatted_by" && "$formatted_by" != "$KAFKA_VERSION" ]]; then
      say "Note: the data in $DATA_DIR was created by Kafka $formatted_by. If $KAFKA_VERSION fails to start, run '$0 reset'."
    fi
    return 0
  fi
  local java cluster_id
  java="$(java_cmd)"
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(cat "$CLUSTER_ID_FILE")"
  else
    cluster_id="$("$java" -cp "$KAFKA_LIB_DIR/*" kafka.tools.StorageTool random-uuid | tail -n 1)"
    [[ -n "$cluster_id" ]] || fail "could not generate a cluster id."
    printf '%s\n' "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  say "Formatting storage in $DATA_DIR (cluster id $cluster_id)..."
  if ! "$java" -Dkafka.logs.dir="$LOG_DIR" \
      -Dlog4j2.configurationFile="$CONF_DIR/log4j2.xml" \
      -cp "$KAFKA_LIB_DIR/*" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$PROPS_FILE" --ignore-formatted >"$LOG_DIR/format.log" 2>&1; then
    cat "$LOG_DIR/format.log" >&2
    fail "formatting the storage failed (output above)."
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$DATA_DIR/.formatted-by"
}

# --- process helpers -------------------------------------------------------

# Prints the recorded pid if that process is alive and is this script's broker.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a reused pid: the process must be a Kafka broker
  # started with this state folder's properties file.
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$PROPS_FILE" || return 1
  fi
  printf '%s\n' "$pid"
}

# Sends a Kafka ApiVersions v0 request and checks that the response has the
# same correlation id and no error, which means the broker is serving requests.
broker_responds() {
  local reply
  reply="$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/$KAFKA_HOST/$KAFKA_PORT" || exit 1
    # size=10, api_key=18 (ApiVersions), api_version=0, correlation_id=7, client_id=null
    printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x07\xff\xff' >&3
    timeout 5 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  )" || return 1
  # bytes 5-10: correlation id 7, error code 0
  [[ "${reply:8:12}" == "000000070000" ]]
}

port_taken() {
  (exec 2>/dev/null; exec 3<>"/dev/tcp/$KAFKA_HOST/$1")
}

# --- commands --------------------------------------------------------------

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    say "Kafka is already running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT."
    return 0
  fi
  rm -f "$PID_FILE"
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_taken "$port"; then
      fail "port $KAFKA_HOST:$port is already in use by another process. Stop that process or set KAFKA_PORT / KAFKA_CONTROLLER_PORT."
    fi
  done

  mkdir -p "$KAFKA_HOME_DIR"
  resolve_jars
  write_properties
  format_storage

  local java started
  java="$(java_cmd)"
  started=$(date +%s)
  # Remember where this run's part of server.log begins, for error reports.
  LOG_START_BYTES="$(stat -c %s "$LOG_DIR/server.log" 2>/dev/null || echo 0)"
  say "Starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (logs in $LOG_DIR)..."
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS is a list of flags
  nohup "$java" $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" \
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.xml" \
    -cp "$KAFKA_LIB_DIR/*" \
    kafka.Kafka "$PROPS_FILE" \
    >"$OUT_FILE" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"

  local deadline=$(( started + KAFKA_START_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      show_failure "Kafka exited during startup (see the log lines below)."
    fi
    if broker_responds; then
      say "Kafka is ready on $KAFKA_HOST:$KAFKA_PORT (pid $pid, took $(( $(date +%s) - started ))s)."
      return 0
    fi
    sleep 0.5
  done
  show_failure "timed out after ${KAFKA_START_TIMEOUT}s waiting for Kafka on $KAFKA_HOST:$KAFKA_PORT. Its process (pid $pid) is still running: run '$0 stop' to end it, or raise KAFKA_START_TIMEOUT."
}

show_failure() {
  printf 'kafka: error: %s\n' "$1" >&2
  if [[ -s "$OUT_FILE" ]]; then
    printf -- '--- last lines of %s ---\n' "$OUT_FILE" >&2
    tail -n 20 "$OUT_FILE" >&2
  fi
  local log="$LOG_DIR/server.log" size
  size="$(stat -c %s "$log" 2>/dev/null || echo 0)"
  if (( size > LOG_START_BYTES )); then
    printf -- '--- last lines of %s (this run) ---\n' "$log" >&2
    tail -c "+$(( LOG_START_BYTES + 1 ))" "$log" | tail -n 30 >&2
  fi
  exit 1
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "Kafka is not running."
    return 0
  fi
  say "Stopping Kafka (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for (( i = 0; i < 60; i++ )); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "Kafka did not stop within 30s, so sending it SIGKILL."
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  say "Kafka stopped."
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if broker_responds; then
      say "Kafka is running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT."
    else
      say "Kafka process is running (pid $pid) but does not respond on $KAFKA_HOST:$KAFKA_PORT yet."
    fi
    return 0
  fi
  say "Kafka is not running."
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR" "$LOG_DIR" "$PROPS_FILE" "$CLUSTER_ID_FILE"
  say "Deleted Kafka data and logs in $KAFKA_HOME_DIR (cached jars kept)."
}

cmd_logs() {
  [[ -f "$LOG_DIR/server.log" ]] || fail "log file not found: $LOG_DIR/server.log (run '$0 start' first)."
  tail -n "${1:-100}" "$LOG_DIR/server.log"
}

usage() {
  # The comment block at the top of this file, without the leading '#'.
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  reset) cmd_reset ;;
  logs) shift; cmd_logs "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
