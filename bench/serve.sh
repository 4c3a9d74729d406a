#!/bin/bash
# serve.sh: `make bench-serve`. wrk on loopback, through lighttpd and then
# Apache, in one run: (1) a 2 MB segment served statically, (2) the same
# segment through stream.fcgi, (3) a minimal FastCGI program answering a
# fixed 1 KB playlist (the floor of FastCGI), (4) the master playlist
# through stream.fcgi (cached), (5) GET /api/v1/videos with 20 items.
# Prints req/s, p99 latency and the ratios (2)/(1), (4)/(3), (5)/(3).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
secs=${BENCH_SECONDS:-10}
trap 'stack_stop "$state"; rm -rf "$state"' EXIT
bench_stack /tmp 3 "sendfile = x-sendfile
rate_api_anon = 1000000"
lport=$port1 aport=$port2 pport=$port3
cc -O2 -o "$progs/min.fcgi" bench/min.c -lfcgi
mkdir -p "$share/htdocs/bench"

# One 1080p clip (its 720p segments weigh about 2 MB) and 19 small ones.
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=12 \
    -vf noise=alls=12:allf=t -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$state/big.mp4"
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$state/small.mp4"
chmod 644 "$state"/*.mp4
big=$(as_site "$ctl" video import -u bench -t big "$state/big.mp4")
for i in $(seq 1 19); do as_site "$ctl" video import -u bench -t "small $i" "$state/small.mp4" >/dev/null; done
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
seg=$state/data/media/$big/hls/720p/0.m4s
cp "$seg" "$share/htdocs/bench/seg.m4s"
chmod -R a+rX "$share/htdocs/bench"

bench_servers min 2

# run NAME URL: requests per second and the 99th percentile latency.
run() {
	local out rps p99
	out=$(wrk -t2 -c16 -d"${secs}s" --latency "$2" 2>&1)
	rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	bad=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
	printf '  %-34s %10s req/s  p99 %8s%s\n' "$1" "$rps" "$p99" \
	    "${bad:+  ($bad non-2xx)}"
	echo "$rps" > "$state/rps"
}
ratio() { echo "scale=3; $1 / $2" | bc; }

printf 'serve bench: wrk, 2 threads, 16 connections, %s s each, %d cores\n' \
    "$secs" "$(nproc)"
printf 'segment: %d bytes\n' "$(stat -c %s "$seg")"
for server in lighttpd:$lport apache:$aport apache-proxy_fcgi:$pport; do
	name=${server%%:*} base=http://127.0.0.1:${server#*:}
	echo "$name"
	run "(1) static segment" "$base/bench/seg.m4s"; r1=$(cat "$state/rps")
	run "(2) segment via stream.fcgi" "$base/api/videos/$big/hls/720p/0.m4s"; r2=$(cat "$state/rps")
	run "(3) minimal FastCGI, 1 KB" "$base/bench/min.fcgi"; r3=$(cat "$state/rps")
	run "(4) master via stream.fcgi" "$base/api/videos/$big/hls/master.m3u8"; r4=$(cat "$state/rps")
	run "(5) /api/v1/videos, 20 items" "$base/api/v1/videos"; r5=$(cat "$state/rps")
	printf '  (2)/(1) = %s (target >= 0.85)\n' "$(ratio "$r2" "$r1")"
	printf '  (4)/(3) = %s (target >= 0.7)\n' "$(ratio "$r4" "$r3")"
	printf '  (5)/(3) = %s\n' "$(ratio "$r5" "$r3")"
done
