#!/usr/bin/env bash
# Starts Debian's PostgreSQL (if installed and we are root) with a role and database for the
# sync tests, and prints the connection URL as the last line. Exits non-zero if it cannot.
set -euo pipefail
command -v pg_ctlcluster >/dev/null 2>&1 || exit 1
[ "$(id -u)" = 0 ] || exit 1
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$ver" ] || exit 1
pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >/dev/null
pg_ctlcluster "$ver" main start >/dev/null 2>&1 || pg_ctlcluster "$ver" main status >/dev/null
for i in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 0.5; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='ezhd_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE ezhd_test LOGIN PASSWORD 'ezhd_test' CREATEDB\"" >/dev/null
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='ezhd_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE DATABASE ezhd_test OWNER ezhd_test\"" >/dev/null
echo "postgres://ezhd_test:ezhd_test@127.0.0.1:5432/ezhd_test"
