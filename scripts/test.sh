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

source scripts/services.sh
trap stop_services EXIT INT TERM

# --- Stages --------------------------------------------------------------------------------------
stage_lint() {
  $bin/ruff check . && $bin/ruff format --check . && $bin/djhtml --check templates \
    && $bin/python scripts/check_template_strings.py \
    && $bin/python manage.py makemigrations --check --dry-run \
    && msgfmt --check-format -o /dev/null locale/en/LC_MESSAGES/django.po \
    && $bin/lint-imports && $bin/mypy .
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
