#!/bin/bash
# run.sh: `make run`: the whole site on http://127.0.0.1:${VSTREAM_PORT:-8080}/
# with a private PostgreSQL cluster, Redis, lighttpd and the worker, all
# state in var/. Ctrl-C (or `make stop`) stops what it started.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/stack.sh"
var=$top/var
port=${VSTREAM_PORT:-8080}
mkdir -p "$var/data"

# Ports and passwords are chosen once and kept, so the data is reused.
if [ ! -f "$var/stack.env" ]; then
	ports=$(stack_free_ports 2)
	{
		echo "pg_port=$(sed -n 1p <<<"$ports")"
		echo "pg_pass=$(stack_secret)"
		echo "redis_port=$(sed -n 2p <<<"$ports")"
		echo "redis_pass=$(stack_secret)"
	} > "$var/stack.env"
	chmod 600 "$var/stack.env"
fi
. "$var/stack.env"
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null &&
    stack_die "port $port is taken: set VSTREAM_PORT"

sleeper=""
stop() { [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; stack_stop "$var"; }
trap 'stop; exit 0' INT TERM
trap stop EXIT
stack_stop "$var"
echo $$ > "$var/run.pid"
stack_start_pg "$var" "$pg_port" "$pg_pass"
stack_start_redis "$var" "$redis_port" "$redis_pass"
# var/local.conf: the person's own settings, read after ours, kept across
# restarts (the stack's own addresses and folders come from vstream.env).
[ -f "$var/local.conf" ] || printf '%s\n' \
    "# Settings of your own for make run (key = value), kept across restarts." \
    > "$var/local.conf"
stack_config "$var" "postgresql://vstream:$pg_pass@127.0.0.1:$pg_port/vstream" \
    "redis://:$redis_pass@127.0.0.1:$redis_port/0" "$var/data" \
    "$top/templates" "$top/schema" "http://127.0.0.1:$port" "sendfile = x-sendfile
# From var/local.conf:
$(cat "$var/local.conf")"
export VSTREAM_CONFIG=$var/vstream.conf
"$top/tools/vstreamctl" migrate

if [ ! -f "$var/admin.txt" ]; then
	pass=$(stack_secret)
	printf '%s\n' "$pass" | "$top/tools/vstreamctl" user add -r admin \
	    -e admin@localhost.localdomain admin >/dev/null
	printf 'admin\n%s\n' "$pass" > "$var/admin.txt"
	chmod 600 "$var/admin.txt"
fi
procs=$("$top/tools/vstreamctl" config get db_pool)
mkdir -p "$var/data/media"
stack_start_lighttpd "$var" "$port" "$top/cgi" "$top/htdocs" "" "$procs" \
    "$var/data/media"
stack_start_worker "$var" "$top/worker/vstream-worker"

cat <<MSG

vstream is running: http://127.0.0.1:$port/
  admin login:  $(sed -n 1p "$var/admin.txt") / $(sed -n 2p "$var/admin.txt")
  command line: set -a; . var/vstream.env; tools/vstreamctl ...
  settings:     var/local.conf (kept; Ctrl-C and make run again to apply)
  logs:         var/lighttpd/error.log, var/worker.log, var/pg.log
Ctrl-C or \`make stop\` stops it.
MSG
sleep infinity &
sleeper=$!
wait "$sleeper" || true
