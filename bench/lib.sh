#!/bin/bash
# lib.sh: what the benchmarks share. Sourced from the top of the tree.
# bench_stack ROOT NPORTS EXTRA-CONFIG: install into a fresh folder under
# ROOT, start PostgreSQL and Redis, write the configuration (plus
# EXTRA-CONFIG), migrate and add the user "bench". Sets state, webuser,
# progs, share, ctl and port1..portN (after PostgreSQL's and Redis's).
. tools/stack.sh

bench_stack() {
	local ports i pg_pass redis_pass
	state=$(mktemp -d "$1/vstream-bench.XXXXXX")
	chmod 755 "$state"
	webuser=""
	[ "$(id -u)" = 0 ] && webuser=www-data
	make -s install PREFIX="$state/inst" SYSCONFDIR="$state/inst/etc" >/dev/null
	progs=$state/inst/libexec/vstream
	share=$state/inst/share/vstream
	ctl=$state/inst/bin/vstreamctl
	mkdir -p "$state/data/media"
	[ -n "$webuser" ] && chown -R "$webuser:" "$state/data"
	ports=$(stack_free_ports $(($2 + 2)))
	for i in $(seq 1 "$2"); do
		eval "port$i=$(sed -n "$((i + 2))p" <<<"$ports")"
	done
	pg_pass=$(stack_secret) redis_pass=$(stack_secret)
	stack_start_pg "$state" "$(sed -n 1p <<<"$ports")" "$pg_pass" fast
	stack_start_redis "$state" "$(sed -n 2p <<<"$ports")" "$redis_pass"
	stack_config "$state" \
	    "postgresql://vstream:$pg_pass@127.0.0.1:$(sed -n 1p <<<"$ports")/vstream" \
	    "redis://:$redis_pass@127.0.0.1:$(sed -n 2p <<<"$ports")/0" \
	    "$state/data" "$share/templates" "$share/schema" \
	    "http://127.0.0.1:$port1" "$3"
	export VSTREAM_CONFIG=$state/vstream.conf
	set -a; . "$state/vstream.env"; set +a
	"$ctl" migrate >/dev/null || stack_die "migrate failed"
	printf 'a good long password\n' | "$ctl" user add bench >/dev/null
}

# as_site COMMAND...: run as the web server's user, who owns the data.
as_site() { if [ -n "$webuser" ]; then runuser -u "$webuser" -- "$@"; else "$@"; fi; }

# bench_servers NAME PROCS [KEY VALUE]: lighttpd on $lport, Apache with
# mod_fcgid on $aport and Apache with mod_proxy_fcgi on $pport, each serving
# vstream (4 processes per program) and the bench's own $progs/NAME.fcgi at
# /bench/NAME.fcgi (PROCS processes, with KEY=VALUE in its environment).
bench_servers() {
	local n=$1 env=() lenv="" fenv=""
	if [ -n "${3:-}" ]; then
		env=("$3=$4")
		lenv=", \"bin-environment\" => ( \"$3\" => \"$4\" )"
		fenv="FcgidInitialEnv $3 $4"
	fi
	STACK_LIGHTTPD_EXTRA="fastcgi.server += ( \"/bench/$n.fcgi\" => ((
	    \"bin-path\" => \"$progs/$n.fcgi\", \"socket\" => \"$state/lighttpd/$n.sock\",
	    \"check-local\" => \"disable\", \"max-procs\" => $2$lenv )) )
	\$HTTP[\"url\"] == \"/bench/$n.fcgi\" {
	    server.max-request-size = 2098176
	    server.stream-request-body = 2
	}"
	STACK_APACHE_EXTRA="Alias /bench/$n.fcgi $progs/$n.fcgi
$fenv"
	stack_start_lighttpd "$state" "$lport" "$progs" "$share/htdocs" \
	    "$webuser" 4 "$state/data/media"
	stack_start_apache "$state" "$aport" "$progs" "$share/htdocs" \
	    "$webuser" 4 "$state/data/media"
	STACK_APACHE_EXTRA="<Location /bench/$n.fcgi>
    SetHandler \"proxy:unix:$state/apache-proxy/$n.sock|fcgi://localhost/\"
</Location>"
	stack_start_apache "$state" "$pport" "$progs" "$share/htdocs" \
	    "$webuser" 4 "$state/data/media" proxy
	env "${env[@]}" spawn-fcgi -s "$state/apache-proxy/$n.sock" -M 0666 \
	    -F "$2" ${webuser:+-u "$webuser" -g "$webuser"} \
	    -P "$state/apache-proxy/$n.pids" -- "$progs/$n.fcgi" >/dev/null
}
