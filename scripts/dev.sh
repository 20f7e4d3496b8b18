#!/usr/bin/env bash
# Runs the whole stack on this machine without Docker: installs, builds, starts Kafka,
# migrates the database in DATABASE_URL and runs ingest, aggregator and api in the
# foreground. Ctrl-C stops the three apps; Kafka keeps running (scripts/kafka.sh stop).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/policy_ledger}"
# A broker started on another KAFKA_PORT is found without setting KAFKA_BROKERS as well.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"

bash scripts/setup.sh
bash scripts/kafka.sh start

pids=()
stop_apps() {
  trap - INT TERM EXIT
  echo "dev: stopping apps"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_apps INT TERM EXIT

start_app() {
  local name="$1" port="$2"
  PORT="$port" node "dist/apps/$name/src/main.js" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=("$!")
}

start_app ingest "${INGEST_PORT:-3100}"
start_app aggregator "${AGGREGATOR_PORT:-3200}"
start_app api "${API_PORT:-3000}"

for url in "http://127.0.0.1:${INGEST_PORT:-3100}" "http://127.0.0.1:${AGGREGATOR_PORT:-3200}" "http://127.0.0.1:${API_PORT:-3000}"; do
  ready=false
  for _ in $(seq 1 60); do
    if curl -fsS "$url/health/ready" >/dev/null 2>&1; then
      ready=true
      break
    fi
    sleep 1
  done
  if [[ "$ready" != true ]]; then
    echo "dev: $url/health/ready did not respond with 200 within 60 s; see the app's log lines above" >&2
  fi
done

echo "dev: ready. ingest http://127.0.0.1:${INGEST_PORT:-3100}  api http://127.0.0.1:${API_PORT:-3000}/graphql"
wait
