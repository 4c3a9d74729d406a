#!/bin/bash
# serve.sh: `make bench-serve`. wrk on loopback through lighttpd, Apache
# with mod_proxy_fcgi and Apache with mod_fcgid, in one run: a 2 MB segment
# through stream.fcgi against the same file served statically, and the
# master playlist through stream.fcgi (cached) against a minimal FastCGI
# program answering a fixed 1 KB playlist (the floor of FastCGI). The two
# sides of each pair alternate, $rounds times; each row is the median of
# the rounds' ratios. Then the private memory of the idle programs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
secs=${BENCH_SECONDS:-$([ "$quick" = 1 ] && echo 2 || echo 3)}
trap 'stack_stop "$state"; rm -rf "$state"' EXIT
bench_stack /tmp 3 "sendfile = x-sendfile
rate_api_anon = 1000000"
lport=$port1 aport=$port2 pport=$port3
cc -O2 -o "$progs/min.fcgi" bench/min.c -lfcgi
mkdir -p "$share/htdocs/bench"

# One 1080p clip: its 720p segments weigh about 2 MB.
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=12 \
    -vf noise=alls=12:allf=t -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$state/big.mp4"
chmod 644 "$state"/*.mp4
big=$(as_site "$ctl" video import -u bench -t big "$state/big.mp4")
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
seg=$state/data/media/$big/hls/720p/0.m4s
cp "$seg" "$share/htdocs/bench/seg.m4s"
chmod -R a+rX "$share/htdocs/bench"

bench_servers min 2

# rps URL: requests per second, wrk with 2 threads and 16 connections;
# a run with an error or a non-2xx answer counts as 0.
rps() {
	local out
	out=$(wrk -t2 -c16 -d"${secs}s" --timeout 10s "$1" 2>&1)
	if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then
		echo "bench: $1: $(grep 'Non-2xx\|Socket errors' <<<"$out")" >&2
		echo 0
		return
	fi
	awk '/^Requests\/sec/ { print $2 }' <<<"$out"
}

# pair FAMILY METRIC TARGET VSTREAM-URL REFERENCE-URL: alternate the two,
# then one row: the medians of each side and of the rounds' ratios.
pair() {
	local i a b as=() bs=() rs=()
	for i in $(seq 1 "$rounds"); do
		if [ $((i % 2)) = 1 ]; then a=$(rps "$4"); b=$(rps "$5")
		else b=$(rps "$5"); a=$(rps "$4"); fi
		as+=("$a") bs+=("$b") rs+=("$(ratio "$a" "$b")")
	done
	printf '  (rounds: %s against %s)\n' "${as[*]}" "${bs[*]}"
	bench_row "$1" "$2" "$(median "${as[@]}")" "$(median "${bs[@]}")" \
	    req/s "$(median "${rs[@]}")" "$3"
}

printf 'serve: wrk -t2 -c16, %s s a run, %s rounds, segment %d bytes\n' \
    "$secs" "$rounds" "$(stat -c %s "$seg")"
for server in lighttpd:$lport:0.95 apache-proxy_fcgi:$pport:0.92 \
    apache-mod_fcgid:$aport:0.85; do
	IFS=: read -r name port target <<<"$server"
	base=http://127.0.0.1:$port
	pair segment "segment, stream.fcgi / static ($name)" ">=$target" \
	    "$base/api/videos/$big/hls/720p/0.m4s" "$base/bench/seg.m4s"
	pair playlist "master playlist / FastCGI floor ($name)" ">=0.95" \
	    "$base/api/videos/$big/hls/master.m3u8" "$base/bench/min.fcgi"
done

# Idle: every vstream program under lighttpd has answered by now or is
# asked once; each process's Private_Dirty, the largest per program.
for p in auth videos upload admin; do
	curl -s -o /dev/null "http://127.0.0.1:$lport/api/v1/$p" || true
done
sleep 1
for p in stream videos auth upload admin; do
	m=0
	for pid in $(pgrep -f "$progs/$p\.fcgi"); do
		v=$(private_dirty "$pid")
		[ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
	done
	[ "$m" -gt 0 ] || continue
	bench_row memory "idle $p.fcgi Private_Dirty, limit" "$m" 2048 kB \
	    "$(ratio "$m" 2048)" "<=1"
done
m=0
for pid in $(pgrep -f "$progs/min\.fcgi"); do
	v=$(private_dirty "$pid"); [ "$v" -gt "$m" ] && m=$v
done
bench_row memory "idle min.fcgi Private_Dirty (the floor)" "$m" 2048 kB \
    "$(ratio "$m" 2048)" -
