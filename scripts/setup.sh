#!/usr/bin/env bash
# Prepares a checkout to run: installs packages when needed, generates the Prisma client,
# builds, creates the database in DATABASE_URL if it is missing and applies migrations.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { echo "setup: $*"; }

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

log "building (Prisma client and TypeScript)"
npm run --silent build

log "creating the database if missing"
node scripts/create-database.mjs

log "applying migrations"
npx prisma migrate deploy
