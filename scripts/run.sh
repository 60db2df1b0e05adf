#!/usr/bin/env bash
# `make run`: migrate, load the demo data, then start the web server and both task clusters.
# Ctrl-C, SIGTERM or closing the terminal stops all three. Debug is off unless DJANGO_DEBUG=1
# (`make dev`), read by lms.settings.dev.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.dev}"
py=.venv/bin/python
address="${PASSERELLE_ADDRESS:-127.0.0.1:8000}"

$py manage.py migrate --noinput
$py manage.py createcachetable
$py manage.py sync_schedules
$py manage.py seed_demo

# Each process gets its own session (process group), so that a terminal's Ctrl-C reaches only
# this script: django-q's clusters stop cleanly when their main process alone gets SIGTERM, and
# can hang when every process of the cluster is signalled at once.
pids=()
stopping=0
start() { setsid "$@" & pids+=($!); }
stop() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap '' PIPE  # the terminal or a pipe may be gone already: stopping must still finish
  echo "Stopping Passerelle…" || true
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 150); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  # Whatever is left after 15 s (a stuck cluster child) is killed with its whole group.
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop; exit 129' HUP  # the terminal closed
trap stop EXIT

start $py manage.py qcluster
start env Q_CLUSTER_NAME=long $py manage.py qcluster
start $py manage.py runserver --noreload "$address"

debug="${DJANGO_DEBUG:-0}" mode=""
[[ "${debug,,}" =~ ^(1|true|yes|on)$ ]] && mode=", debug on: for development only"
echo "Passerelle: http://$address/  (demo accounts: see README; Ctrl-C to stop$mode)"
# Stop everything as soon as any one of the three exits.
wait -n "${pids[@]}"
