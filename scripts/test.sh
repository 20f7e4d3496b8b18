#!/usr/bin/env bash
# Runs every check: lint, formatting, type check, unit tests and integration tests against a
# real Kafka broker (started here if it is not running) and the PostgreSQL in
# TEST_DATABASE_URL. Kafka is left running afterwards; stop it with scripts/kafka.sh stop.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/policy_ledger_test}"
# A broker started on another KAFKA_PORT is found without setting KAFKA_BROKERS as well.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export KAFKA_GROUP_ID="${KAFKA_GROUP_ID:-policy-ledger-aggregator-test}"

bash scripts/setup.sh
bash scripts/kafka.sh start

echo "test: lint and formatting"
npm run --silent lint

echo "test: type check"
npm run --silent typecheck

echo "test: unit and integration tests on node $(node --version)"
npx vitest run "$@"
