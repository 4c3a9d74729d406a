#!/bin/bash
# listing.sh: `make bench-listing`. 100 000 public videos made in the
# database (titles and descriptions of words from a list of 200, so that
# a word finds about one video in a hundred), then wrk through lighttpd:
# the newest page, the most viewed page and a search, each's 99th
# percentile latency against 20 ms; and the plans PostgreSQL took for
# them (EXPLAIN ANALYZE, by auto_explain), in $BENCH_OUT/listing-plans.txt.
# The table is vacuumed once filled, as autovacuum would: a GIN index fresh
# from a bulk insert still holds its entries in its unsorted pending list.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
n=${BENCH_VIDEOS:-100000}
secs=${BENCH_SECONDS:-$([ "$quick" = 1 ] && echo 3 || echo 5)}
out=${BENCH_OUT:-/tmp}
trap 'stack_stop "$state"; rm -rf "$state"' EXIT
bench_stack /tmp 1 "rate_api_anon = 1000000"
lport=$port1
stack_start_lighttpd "$state" "$lport" "$progs" "$share/htdocs" "$webuser" 2 \
    "$state/data/media"
sql() { psql -qAt "$VSTREAM_DB_URL" "$@"; }

# Word i of the list: "w" and a base-26 spelling of i, as the simple text
# search configuration keeps it whole.
sql -v n="$n" <<'SQL' >/dev/null
CREATE TEMP TABLE words AS SELECT i, 'w' || chr(97 + i / 26) || chr(97 + i % 26) AS w
    FROM generate_series(0, 199) i;
INSERT INTO videos (owner_id, title, description, status, visibility,
    duration, view_count, created_at, ready_at)
SELECT (SELECT id FROM users WHERE username = 'bench'),
    'clip ' || a.w || ' ' || b.w, 'about ' || c.w || ' and more', 'ready',
    'public', 10, (g * 7919) % 100003, now() - g * interval '1 minute', now()
FROM generate_series(1, :n) g
JOIN words a ON a.i = g % 200
JOIN words b ON b.i = (g / 200) % 200
JOIN words c ON c.i = (g * 37) % 200;
VACUUM ANALYZE videos;
SQL
printf 'listing: %s videos, wrk -t1 -c2, %s s a run\n' \
    "$(sql -c 'SELECT count(*) FROM videos')" "$secs"

# p99 URL: the 99th percentile latency in ms; empty after an error.
p99() {
	local out
	out=$(wrk -t1 -c2 -d"${secs}s" --timeout 10s --latency "$1" 2>&1)
	if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then
		echo "bench: $1: $(grep 'Non-2xx\|Socket errors' <<<"$out")" >&2
		return
	fi
	awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
	    printf "%.2f\n", v * (u == "us" ? 0.001 : u == "s" ? 1000 : 1) }' <<<"$out"
}
base=http://127.0.0.1:$lport/api/v1/videos
curl -sf -o /dev/null "$base" || echo "bench: $base failed" >&2
for q in "" "?sort=popular" "?q=wbc" "?q=wbc%20wcd"; do
	ms=()
	for i in $(seq 1 "$rounds"); do ms+=("$(p99 "$base$q")"); done
	m=$(median "${ms[@]}")
	bench_row listing "GET /api/v1/videos$q p99" "$m" 20 ms \
	    "$(ratio "$m" 20)" "<=1"
done

# The plans: videos.fcgi once per query as a CGI program, in a session
# that loads auto_explain, which logs each statement's EXPLAIN ANALYZE
# (the servers' programs keep their sessions, without it).
: > "$out/listing-plans.txt"
sql -c "ALTER DATABASE vstream SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER DATABASE vstream SET auto_explain.log_min_duration = 0" \
    -c "ALTER DATABASE vstream SET auto_explain.log_analyze = on" \
    -c "ALTER DATABASE vstream SET auto_explain.log_buffers = on"
for q in "" "sort=popular" "q=wbc" "q=wbc%20wcd"; do
	start=$(wc -l < "$state/pg.log")
	REQUEST_METHOD=GET REQUEST_URI="/api/v1/videos${q:+?$q}" \
	    PATH_INFO=/api/v1/videos QUERY_STRING="$q" SCRIPT_NAME="" \
	    REMOTE_ADDR=127.0.0.1 as_site "$progs/videos.fcgi" \
	    >/dev/null 2>&1 </dev/null
	sleep 0.5
	{
		echo "GET /api/v1/videos${q:+?$q}:"
		tail -n +"$((start + 1))" "$state/pg.log" | awk '
		    / LOG:  duration: .* plan:/ { on = 1; next }
		    /^[0-9][0-9][0-9][0-9]-/ { on = 0 }
		    /Query Text:/ { on = on && /FROM videos v/ ? 2 : 0; next }
		    on == 2'
		echo
	} >> "$out/listing-plans.txt"
done
sql -c "ALTER DATABASE vstream RESET ALL"
