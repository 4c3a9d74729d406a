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

# The rows of `make bench`'s table go to $BENCH_ROWS, one a line, tab
# separated: family, metric, vstream, reference, unit, ratio, target, ok.
# BENCH_QUICK=1 asks for smaller inputs and fewer rounds.
quick=${BENCH_QUICK:-0}
rounds=${BENCH_ROUNDS:-$([ "$quick" = 1 ] && echo 3 || echo 5)}

# median NUMBER...: the middle one (the mean of the two middle ones).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_row FAMILY METRIC VSTREAM REFERENCE UNIT RATIO TARGET: one row of
# the table; TARGET is ">=X" or "<=X", which RATIO meets or not.
bench_row() {
	local ok
	ok=$(awk -v r="$6" -v t="$7" 'BEGIN { op = substr(t, 1, 2);
	    v = substr(t, 3) + 0; if (t == "-") { print "-"; exit }
	    if (r == "") { print "?"; exit }
	    ok = (op == ">=" && r + 0 >= v) || (op == "<=" && r + 0 <= v)
	    print ok ? "yes" : "NO" }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" "$ok" |
	    tee -a "${BENCH_ROWS:-/dev/null}" | awk -F'\t' \
	    '{ printf "  %-44s %12s %12s %-5s %7s %6s %s\n", $2, $3, $4, $5, $6, $7, $8 }'
}

# ratio A B: A / B to three places (empty when B is zero or empty).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 != 0) printf "%.3f\n", a / b }'; }

# private_dirty PID: the process's Private_Dirty in kB.
private_dirty() {
	awk '/^Private_Dirty:/ { s += $2 } END { print s + 0 }' \
	    "/proc/$1/smaps_rollup" 2>/dev/null
}
