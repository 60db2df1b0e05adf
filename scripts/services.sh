# shellcheck shell=bash
# Throwaway PostgreSQL and Redis on loopback, for scripts/test.sh and scripts/bench.sh (sourced).
# start_services exports DATABASE_URL and REDIS_URL; stop_services stops both by pid, even after
# a failure, and unsets them. Expects $bin (the virtualenv's bin directory) to be set.

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
