#!/bin/bash
# stack.sh: the services of a local vstream, all on loopback, all state in
# one folder: a private PostgreSQL cluster, Redis, lighttpd, Apache and the
# worker. Sourced by tools/run.sh and tests/run.sh; run directly as
# `stack.sh stop DIR` it stops what was started in DIR, and only that.

stack_log() { printf '%s\n' "stack: $*" >&2; }
stack_die() { stack_log "$*"; exit 1; }

# N different loopback TCP ports nothing listens on, one a line.
stack_free_ports() {
	local p tries=0 got=" "
	while [ $tries -lt 500 ] && [ $(( $(wc -w <<<"$got") )) -lt "$1" ]; do
		# Below the kernel's ephemeral range (32768 up), where a client
		# connection's own port could make a server's bind fail later.
		p=$(( 20000 + (RANDOM * 7 + tries) % 12000 ))
		tries=$((tries + 1))
		case "$got" in *" $p "*) continue ;; esac
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		got="$got$p "
	done
	[ $(( $(wc -w <<<"$got") )) -eq "$1" ] || stack_die "no free ports"
	tr ' ' '\n' <<<"$got" | grep .
}

stack_secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

stack_wait_port() {
	local i
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	stack_die "nothing answers on port $1 ($2)"
}

# PostgreSQL refuses to run as root: as root, its commands run as the
# postgres user, which must be able to reach the cluster folder.
stack_pg() {
	local bin
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$bin" ] || stack_die "PostgreSQL server not installed (make deps)"
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$bin/$1" "${@:2}"
	else
		"$bin/$1" "${@:2}"
	fi
}

# The cluster folder DIR/pg, or where the postgres user can reach it.
stack_pg_dir() {
	local dir=$1/pg alt
	if [ "$(id -u)" = 0 ] && [ ! -e "$dir" ]; then
		mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
		if ! runuser -u postgres -- test -w "$dir"; then
			alt=/var/tmp/vstream-pg-$(printf '%s' "$(cd "$1" && pwd)" | cksum | cut -d' ' -f1)
			rmdir "$dir"
			mkdir -p "$alt" && chown postgres: "$alt" && chmod 700 "$alt"
			ln -s "$alt" "$dir"
		fi
	fi
	echo "$dir"
}

# stack_start_pg DIR PORT PASSWORD [fast]: initdb on first use, then start.
stack_start_pg() {
	local dir=$1 port=$2 pass=$3 fast=${4:-} pg pwfile
	pg=$(stack_pg_dir "$dir")
	if [ ! -f "$pg/PG_VERSION" ]; then
		pwfile=$(mktemp)
		printf '%s\n' "$pass" > "$pwfile"
		[ "$(id -u)" = 0 ] && chown postgres "$pwfile" && mkdir -p "$pg" && chown postgres: "$pg"
		stack_pg initdb -D "$pg" -U vstream --pwfile="$pwfile" \
		    --auth=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		    { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; stack_die "initdb failed"; }
		rm -f "$pwfile"
		{
			echo "listen_addresses = '127.0.0.1'"
			echo "unix_socket_directories = ''"
			echo "max_connections = 200"
			if [ -n "$fast" ]; then
				echo "fsync = off"
				echo "synchronous_commit = off"
				echo "full_page_writes = off"
			fi
		} >> "$pg/postgresql.conf"
	fi
	touch "$dir/pg.log"
	[ "$(id -u)" = 0 ] && chown postgres "$dir/pg.log"
	stack_pg pg_ctl -D "$pg" -o "-p $port" -l "$dir/pg.log" -w -t 60 start >/dev/null ||
	    { tail -n 20 "$dir/pg.log" >&2; stack_die "PostgreSQL did not start"; }
	if ! PGPASSWORD=$pass psql -qAt -h 127.0.0.1 -p "$port" -U vstream -d postgres \
	    -c "SELECT 1 FROM pg_database WHERE datname = 'vstream'" | grep -q 1; then
		PGPASSWORD=$pass psql -q -h 127.0.0.1 -p "$port" -U vstream -d postgres \
		    -c "CREATE DATABASE vstream" || stack_die "createdb failed"
	fi
}

stack_stop_pg() {
	local pg=$1/pg
	[ -f "$pg/postmaster.pid" ] || return 0
	stack_pg pg_ctl -D "$pg" -m fast -w stop >/dev/null 2>&1 || true
}

# stack_start_redis DIR PORT PASSWORD
stack_start_redis() {
	local dir=$1/redis
	mkdir -p "$dir"
	cat > "$dir/redis.conf" <<CONF
bind 127.0.0.1
port $2
requirepass $3
daemonize yes
pidfile $dir/redis.pid
dir $dir
logfile $dir/redis.log
save ""
appendonly no
CONF
	redis-server "$dir/redis.conf" || stack_die "Redis did not start"
	stack_wait_port "$2" redis
}

stack_stop_pidfile() {
	local f=$1 pid i
	[ -f "$f" ] || return 0
	pid=$(cat "$f" 2>/dev/null)
	if [ -n "$pid" ] && [ "$pid" != $$ ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

# stack_config DIR DB_URL REDIS_URL DATA_DIR TEMPLATES SCHEMA BASE_URL
# [EXTRA]: write the one configuration file (EXTRA: more key = value
# lines), and vstream.env for the command line.
# The secret is made once and kept in DIR/secret.
stack_config() {
	local dir=$1
	[ -s "$dir/secret" ] || (umask 077; stack_secret; stack_secret) | tr -d '\n' > "$dir/secret"
	cat > "$dir/vstream.conf" <<CONF
# Written by stack.sh for the local stack in this folder.
db_url = $2
redis_url = $3
data_dir = $4
template_dir = $5
schema_dir = $6
base_url = $7
secret_key = $(cat "$dir/secret")
${8:-}
CONF
	chmod 644 "$dir/vstream.conf"
	{
		echo "VSTREAM_CONFIG=$dir/vstream.conf"
		echo "VSTREAM_DB_URL=$2"
		echo "VSTREAM_REDIS_URL=$3"
		echo "VSTREAM_DATA_DIR=$4"
		echo "VSTREAM_TEMPLATE_DIR=$5"
		echo "VSTREAM_SCHEMA_DIR=$6"
		echo "VSTREAM_BASE_URL=$7"
		echo "VSTREAM_SECRET_KEY=$(cat "$dir/secret")"
	} > "$dir/vstream.env"
	chmod 600 "$dir/vstream.env"
}

# stack_start_lighttpd DIR PORT PROGRAMS HTDOCS USER PROCS MEDIA: lighttpd
# from the shipped lighttpd.conf with its variable lines set (and, for the
# benchmarks, $STACK_LIGHTTPD_EXTRA appended).
stack_start_lighttpd() {
	local dir=$1/lighttpd top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	mkdir -p "$dir"
	[ -n "$5" ] && chown "$5:" "$dir"
	sed -e "s|^var.vstream_port .*|var.vstream_port   = $2|" \
	    -e "s|^var.vstream_prefix .*|var.vstream_prefix = \"$3\"|" \
	    -e "s|^var.vstream_htdocs .*|var.vstream_htdocs = \"$4\"|" \
	    -e "s|^var.vstream_state .*|var.vstream_state  = \"$dir\"|" \
	    -e "s|^var.vstream_config .*|var.vstream_config = \"$1/vstream.conf\"|" \
	    -e "s|^var.vstream_user .*|var.vstream_user   = \"$5\"|" \
	    -e "s|^var.vstream_procs .*|var.vstream_procs  = $6|" \
	    -e "s|^var.vstream_media .*|var.vstream_media  = \"$7\"|" \
	    "$top/lighttpd.conf" > "$dir/lighttpd.conf"
	printf '%s\n' "${STACK_LIGHTTPD_EXTRA:-}" >> "$dir/lighttpd.conf"
	lighttpd -tt -f "$dir/lighttpd.conf" || stack_die "lighttpd.conf rejected"
	lighttpd -f "$dir/lighttpd.conf" || stack_die "lighttpd did not start"
	stack_wait_port "$2" lighttpd
}

# stack_start_apache DIR PORT PROGRAMS HTDOCS USER PROCS MEDIA [proxy]: Apache
# from the shipped apache.conf with its Define lines set (and
# $STACK_APACHE_EXTRA): with mod_fcgid, or with "proxy" through
# mod_proxy_fcgi to programs started here by spawn-fcgi (state in
# DIR/apache-proxy).
stack_start_apache() {
	local dir=$1/apache${8:+-$8} top proxy=""
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	mkdir -p "$dir/fcgid"
	[ -n "$5" ] && chown -R "$5:" "$dir"
	[ "${8:-}" = proxy ] && proxy='s|^#Define VSTREAM_PROXY|Define VSTREAM_PROXY|'
	sed -e "s|^Define VSTREAM_PORT .*|Define VSTREAM_PORT    $2|" \
	    -e "s|^Define VSTREAM_PREFIX .*|Define VSTREAM_PREFIX  $3|" \
	    -e "s|^Define VSTREAM_HTDOCS .*|Define VSTREAM_HTDOCS  $4|" \
	    -e "s|^Define VSTREAM_STATE .*|Define VSTREAM_STATE   $dir|" \
	    -e "s|^Define VSTREAM_CONFIG .*|Define VSTREAM_CONFIG  $1/vstream.conf|" \
	    -e "s|^Define VSTREAM_USER .*|Define VSTREAM_USER    ${5:-$(id -un)}|" \
	    -e "s|^Define VSTREAM_PROCS .*|Define VSTREAM_PROCS   $6|" \
	    -e "s|^Define VSTREAM_MEDIA .*|Define VSTREAM_MEDIA   $7|" \
	    -e "$proxy" "$top/apache.conf" > "$dir/apache.conf"
	printf '%s\n' "${STACK_APACHE_EXTRA:-}" >> "$dir/apache.conf"
	[ -n "$proxy" ] && stack_spawn_fcgi "$1" "$dir" "$3" "$5" "$6"
	apache2 -t -f "$dir/apache.conf" >/dev/null 2>&1 ||
	    { apache2 -t -f "$dir/apache.conf"; stack_die "apache.conf rejected"; }
	apache2 -k start -f "$dir/apache.conf" || stack_die "Apache did not start"
	stack_wait_port "$2" apache
}

# stack_spawn_fcgi TOP DIR PROGRAMS USER PROCS: every program, PROCS
# processes each, on DIR/<program>.sock, their log lines in DIR/vstream.log.
stack_spawn_fcgi() {
	local p who=()
	[ -n "$4" ] && who=(-U "$4" -u "$4" -g "$4")
	for p in admin auth stream upload videos; do
		# spawn-fcgi sends stderr to /dev/null: the shell puts it back.
		VSTREAM_CONFIG=$1/vstream.conf spawn-fcgi -s "$2/$p.sock" -M 0660 \
		    "${who[@]}" -F "$5" -P "$2/$p.pids" -- /bin/sh -c \
		    'exec "$0" 2>>"$1"' "$3/$p.fcgi" "$2/vstream.log" \
		    >/dev/null || stack_die "spawn-fcgi $p"
	done
}

# stack_start_worker DIR BINARY [USER]
stack_start_worker() {
	local dir=$1
	if [ -n "${3:-}" ]; then
		VSTREAM_CONFIG=$dir/vstream.conf setsid runuser -u "$3" -- "$2" \
		    </dev/null >>"$dir/worker.log" 2>&1 &
	else
		VSTREAM_CONFIG=$dir/vstream.conf setsid "$2" \
		    </dev/null >>"$dir/worker.log" 2>&1 &
	fi
	echo $! > "$dir/worker.pid"
}

# Stop everything started in DIR, web servers first, the database last.
stack_stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	stack_stop_pidfile "$dir/run.pid"
	stack_stop_pidfile "$dir/worker.pid"
	stack_stop_pidfile "$dir/apache/apache.pid"
	stack_stop_pidfile "$dir/apache-proxy/apache.pid"
	# (spawn-fcgi ends its pid files without a newline.)
	awk 1 "$dir"/apache-proxy/*.pids 2>/dev/null | xargs -r kill 2>/dev/null || true
	stack_stop_pidfile "$dir/lighttpd/lighttpd.pid"
	stack_stop_pidfile "$dir/redis/redis.pid"
	stack_stop_pg "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case "${1:-}" in
	stop) stack_stop "${2:?usage: stack.sh stop DIR}" ;;
	*) echo "usage: stack.sh stop DIR" >&2; exit 64 ;;
	esac
fi
