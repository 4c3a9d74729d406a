#!/bin/bash
# run.sh: `make load`, on loopback and bounded in time, against a stack of
# its own: (1) wrk at 64 connections for LOAD_SECONDS (default 60) each on
# a master playlist, a segment and the listing: no 5xx, p99 printed; (2) 16
# uploads of 50 MB at once through lighttpd (tus, one chunk each): every
# stored file matches its sha256; (3) 4 workers on one queue of 20 jobs:
# every job done exactly once. Prints "load: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. bench/lib.sh
. tests/lib.sh
secs=${LOAD_SECONDS:-60}
trap 'stack_stop "$state"; rm -rf "$state" "$work"' EXIT
bench_stack /var/tmp 1 "sendfile = x-sendfile
rate_api_anon = 1000000
rate_api_user = 1000000
rate_upload = 100000
quota_user = 0
quota_user_daily = 0"
port=$port1
base=http://127.0.0.1:$port
stack_start_lighttpd "$state" "$port" "$progs" "$share/htdocs" "$webuser" 4 \
    "$state/data/media"
sql() { psql -qAt "$VSTREAM_DB_URL" -c "$1"; }

# (3) first, as it also makes the videos (1) plays: 20 jobs, 4 workers.
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=25:duration=4 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$state/clip.mp4"
chmod 644 "$state/clip.mp4"
for i in $(seq 1 20); do
	as_site "$ctl" video import -u bench -t "load $i" "$state/clip.mp4" >/dev/null
done
for i in 1 2 3 4; do
	VSTREAM_WORKER_POLL=1 as_site "$state/inst/bin/vstream-worker" \
	    >>"$state/worker$i.log" 2>&1 &
	echo $! >> "$state/workers"
done
for i in $(seq 1 240); do
	[ "$(sql "SELECT count(*) FROM transcode_jobs WHERE state <> 'done'")" = 0 ] && break
	sleep 1
done
xargs -r kill < "$state/workers"
expect "load: 4 workers finish 20 jobs" is \
    "$(sql "SELECT count(*) FROM transcode_jobs WHERE state = 'done'")" 20
expect "load: ... each exactly once (one attempt, one ready ladder)" is \
    "$(sql "SELECT count(*) FROM transcode_jobs j JOIN videos v ON v.id = j.video_id WHERE j.attempts = 1 AND v.status = 'ready'")" 20
expect "load: ... and no job ran twice" is \
    "$(grep -ho 'job [0-9a-f-]*: done' "$state"/worker*.log | sort | uniq -d | wc -l)" 0

# (1) wrk on what viewers ask for most.
id=$(sql "SELECT id FROM videos WHERE status = 'ready' LIMIT 1")
hammer() {
	local out p99 bad
	out=$(wrk -t2 -c64 -d"${secs}s" --latency "$2" 2>&1)
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	bad=$(grep -c '^  Non-2xx' <<<"$out")
	printf '  %-22s %10s req/s  p99 %s\n' "$1" \
	    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" "$p99"
	awk '/Socket errors/ { print }' <<<"$out"
	expect "load: $1: no 5xx" is "$bad" 0
}
echo "load: wrk, 64 connections, ${secs} s each"
hammer "master playlist" "$base/api/videos/$id/hls/master.m3u8"
hammer "segment" "$base/api/videos/$id/hls/360p/0.m4s"
hammer "listing" "$base/api/v1/videos"
tail -n 200 "$state/lighttpd/access.log" | awk '$9 ~ /^5/' > "$work/5xx"
expect "load: the access log has no 5xx" is "$(wc -l < "$work/5xx")" 0

# (2) 16 uploads of 50 MB at once.
token=$(curl -s -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"a good long password"}' \
    "$base/api/v1/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=25:duration=10 \
    -c:v mpeg2video -b:v 40M -maxrate 40M -bufsize 8M -f mpegts "$work/piece.ts"
up() {
	local f=$work/u$1.ts loc
	: > "$f"
	while [ "$(stat -c %s "$f")" -lt $((50 * 1024 * 1024)) ]; do
		cat "$work/piece.ts" >> "$f"
	done
	truncate -s $((50 * 1024 * 1024 / 188 * 188)) "$f"
	printf '%s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" > "$f.sum"
	loc=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" \
	    -H 'Tus-Resumable: 1.0.0' -H 'Content-Length: 0' \
	    -H "Upload-Length: $(stat -c %s "$f")" -X POST "$base/api/v1/uploads/" |
	    tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
	curl -s -D "$f.head" -o /dev/null -H "Authorization: Bearer $token" \
	    -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
	    -H 'Content-Type: application/offset+octet-stream' -X PATCH \
	    -T "$f" "$base$loc"
}
t0=$(date +%s%N)
for i in $(seq 1 16); do up "$i" & done
wait
printf '  16 uploads of 50 MB at once (files made on the fly): %s s\n' \
    "$(echo "scale=1; ($(date +%s%N) - $t0) / 1000000000" | bc)"
ok=0
for i in $(seq 1 16); do
	vid=$(tr -d '\r' < "$work/u$i.ts.head" | awk 'tolower($1) == "video-location:" { print $2 }')
	vid=${vid##*/}
	[ -n "$vid" ] && [ "$(sha256sum < "$state/data/media/$vid/source.ts" | cut -d' ' -f1)" = \
	    "$(cat "$work/u$i.ts.sum")" ] && ok=$((ok + 1))
done
expect "load: 16 uploads of 50 MB at once, every file intact" is "$ok" 16
finish load
