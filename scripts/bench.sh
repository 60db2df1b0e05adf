#!/usr/bin/env bash
# `make bench`: the benchmarks (bench/, issue 14) on SQLite, then on a throwaway PostgreSQL and
# Redis on loopback (the same services as `make test`, scripts/services.sh), with the P rows
# against real peers (bench/peers/: wagtail-lms, edx-completion). Each run appends
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

# The P benchmarks' peers (bench/peers/, issue 35), each in a virtualenv of its own from its
# complete lock (resolved on Python 3.11), never in ours; reinstalled when the lock changes. A
# peer that cannot install leaves its error in var/bench-peers/<peer>/install.log, and its rows
# say so (bench/peering.py), while everything else runs.
install_peer() {
  local name=$1 dir=var/bench-peers/$1 lock=bench/peers/$1/requirements.lock
  local stamp; stamp=$(sha256sum "$lock" | cut -c1-16)
  [ -f "$dir/installed-$stamp" ] && return 0
  echo "installing peer $name into $dir/venv…"
  rm -rf "$dir" && mkdir -p "$dir"
  if python3.11 -m venv "$dir/venv" >"$dir/install.log" 2>&1 \
    && "$dir/venv/bin/pip" install --no-deps --disable-pip-version-check -r "$lock" >>"$dir/install.log" 2>&1; then
    touch "$dir/installed-$stamp"
  else
    echo "peer $name did not install (its rows will say why): $(tail -3 "$dir/install.log")"
    rm -rf "$dir/venv"
  fi
}
for peer in bench/peers/*/requirements.lock; do install_peer "$(basename "$(dirname "$peer")")"; done

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
