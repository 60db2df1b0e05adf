#!/usr/bin/env bash
# `make test`: every stage, in order. Each prints one summary line; the first failure stops the
# run with a non-zero exit that names its stage. Nothing may skip (PASSERELLE_NO_SKIP=1).
#   scripts/test.sh [lint|sqlite|postgres|browser]...   run only the named stages
set -uo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=lms.settings.test PASSERELLE_NO_SKIP=1 PYTHONDONTWRITEBYTECODE=1
unset DATABASE_URL REDIS_URL
bin=.venv/bin
workers="${PASSERELLE_TEST_WORKERS:-2}"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(lint sqlite postgres browser)
summary=()

free_port() { $bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- Throwaway PostgreSQL and Redis on loopback, stopped by pid even when tests fail ----------
svc_dir=""; pg_pid=""; redis_pid=""
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_services() {
  local pg_bin; pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql"; return 1; }
  svc_dir=$(mktemp -d /tmp/passerelle-services.XXXXXX)
  chmod 755 "$svc_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$svc_dir"
  local pg_port redis_port; pg_port=$(free_port); redis_port=$(free_port)
  as_postgres "$pg_bin/initdb" -D "$svc_dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$svc_dir/initdb.log" 2>&1 \
    || { cat "$svc_dir/initdb.log"; return 1; }
  as_postgres "$pg_bin/pg_ctl" -D "$svc_dir/pg" -l "$svc_dir/pg.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $pg_port -k $svc_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$svc_dir/pg.log"; return 1; }
  pg_pid=$(head -n 1 "$svc_dir/pg/postmaster.pid")
  as_postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE passerelle" >/dev/null || return 1
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --databases 32 \
    --dir "$svc_dir" --logfile "$svc_dir/redis.log" &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 || { echo "Redis did not start"; cat "$svc_dir/redis.log"; return 1; }
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/passerelle"
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
}
stop_services() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; redis_pid=""; fi
  if [ -n "$pg_pid" ]; then
    kill -INT "$pg_pid" 2>/dev/null  # fast shutdown
    for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
    pg_pid=""
  fi
  [ -n "$svc_dir" ] && rm -rf "$svc_dir"; svc_dir=""
  unset DATABASE_URL REDIS_URL
}
trap stop_services EXIT INT TERM

# --- Stages --------------------------------------------------------------------------------------
stage_lint() {
  $bin/ruff check . && $bin/ruff format --check . && $bin/djhtml --check templates \
    && $bin/python manage.py makemigrations --check --dry-run \
    && msgfmt --check-format -o /dev/null locale/en/LC_MESSAGES/django.po
}
stage_sqlite() {
  $bin/pytest -n "$workers" -m "not browser and not postgres_only" -q
}
stage_postgres() {
  start_services || return 1
  echo "PostgreSQL: $DATABASE_URL · Redis: $REDIS_URL"
  $bin/pytest -n "$workers" -m "not browser and not sqlite_only" -q
  local status=$?
  stop_services
  return $status
}
stage_browser() {
  rm -rf test-artifacts
  $bin/pytest -m browser -q --tracing retain-on-failure --screenshot only-on-failure --output test-artifacts
}

for stage in "${stages[@]}"; do
  echo "=== stage $stage ==="
  started=$(date +%s)
  "stage_$stage"
  status=$?
  elapsed=$(( $(date +%s) - started ))
  if [ $status -ne 0 ]; then
    line="stage $stage: FAILED (exit $status) after ${elapsed}s"
    summary+=("$line")
    printf '%s\n' "${summary[@]}"
    echo "make test failed in stage: $stage"
    exit 1
  fi
  line="stage $stage: ok in ${elapsed}s"
  summary+=("$line")
  echo "$line"
done
echo "=== summary ==="
printf '%s\n' "${summary[@]}"
