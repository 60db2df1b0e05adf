#!/usr/bin/env bash
# `make bench`: the benchmarks (bench/, issue 14) on SQLite, then on a throwaway PostgreSQL and
# Redis on loopback (the same services as `make test`, scripts/services.sh). Each run appends
# its rows to bench/results.md. Arguments go to `python -m bench` on both backends:
#   scripts/bench.sh [--quick] [--only B4,B7] [--size N] [--no-write]
# Exits non-zero if a run fails or a target is missed, after both backends have run.
set -uo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=lms.settings.test PYTHONDONTWRITEBYTECODE=1
unset DATABASE_URL REDIS_URL
bin=.venv/bin
# A database and media of its own, so that a run never touches var/ of `make run` or the tests.
export PASSERELLE_VAR_DIR="${PASSERELLE_VAR_DIR:-$PWD/var/bench}"

source scripts/services.sh
trap stop_services EXIT INT TERM

status=0
echo "=== bench on SQLite ==="
started=$(date +%s)
$bin/python -m bench "$@" || status=1
echo "SQLite: $(( $(date +%s) - started ))s"

echo "=== bench on PostgreSQL + Redis ==="
started=$(date +%s)
if start_services; then
  echo "PostgreSQL: $DATABASE_URL · Redis: $REDIS_URL"
  $bin/python -m bench "$@" || status=1
  stop_services
else
  echo "could not start PostgreSQL and Redis"
  status=1
fi
echo "PostgreSQL: $(( $(date +%s) - started ))s"
[ $status -eq 0 ] && echo "bench: every target met" || echo "bench: a target was missed or a run failed (see above)"
exit $status
