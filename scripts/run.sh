#!/usr/bin/env bash
# `make run`: migrate, load the demo data, then start the web server and both task clusters.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.dev}"
py=.venv/bin/python
address="${PASSERELLE_ADDRESS:-127.0.0.1:8000}"

$py manage.py migrate --noinput
$py manage.py createcachetable
$py manage.py sync_schedules
$py manage.py seed_demo

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping Passerelle…"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

$py manage.py qcluster & pids+=($!)
Q_CLUSTER_NAME=long $py manage.py qcluster & pids+=($!)
$py manage.py runserver --noreload "$address" & pids+=($!)

echo "Passerelle: http://$address/  (demo accounts: see README; Ctrl-C to stop)"
# Stop everything as soon as any one of the three exits.
wait -n "${pids[@]}"
