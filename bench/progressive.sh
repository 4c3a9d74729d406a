#!/bin/bash
# progressive.sh: `make bench-progressive`. For a 2-minute and a 10-minute
# 1080p30 clip made here: the upload through lighttpd (multipart), a
# running worker with the shipped settings, and one viewer in headless
# Chromium who opens the video as soon as it can be played and watches it
# to the end. Prints one table: the time from the upload's answer (its
# last byte taken in) to the viewer's first frame, to the video turning
# ready, the time the viewer waited for data after that first frame, and
# the worker's speed (seconds of video per second of transcoding).
# BENCH_LENGTHS (seconds, default "120 600") picks the clips; each
# viewer is cut off after BENCH_LIMIT seconds (default 3600), and its row
# then says so.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
lengths=${BENCH_LENGTHS:-120 600}
bench_stack /tmp 1 "upload_max = 8589934592
quota_user = 17179869184
quota_user_daily = 17179869184"
trap 'stack_stop "$state"; rm -rf "$state"' EXIT
base=http://127.0.0.1:$port1
stack_start_lighttpd "$state" "$port1" "$progs" "$share/htdocs" "$webuser" 2 \
    "$state/data/media"
stack_start_worker "$state" "$state/inst/bin/vstream-worker" "$webuser"
token=$(curl -s -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"a good long password"}' \
    "$base/api/v1/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
sql() { psql -qAt "$VSTREAM_DB_URL" -c "$1"; }
ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%.1f' "$(echo "scale=3; $1 / 1000" | bc)"; }

rows=()
for len in $lengths; do
	src=$state/source-$len.mp4
	echo "bench: making a $len s 1080p30 clip" >&2
	ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$len" \
	    -f lavfi -i "sine=frequency=440:duration=$len" -c:v libx264 \
	    -preset ultrafast -crf 23 -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k "$src"
	chmod 644 "$src"
	echo "bench: uploading and watching it" >&2
	id=$(curl -sf -H "Authorization: Bearer $token" -F "title=bench $len" \
	    -F "visibility=public" -F "file=@$src" "$base/api/v1/videos/upload" |
	    sed 's/.*"id":"\([^"]*\)".*/\1/')
	up=$(ms)
	out=$(node bench/progressive.mjs "$base" "$id" "${BENCH_LIMIT:-3600}") ||
	    stack_die "the viewer of the $len s clip did not finish"
	first=$(sed 's/.*"first":\([0-9]*\).*/\1/' <<<"$out")
	ready=$(sed 's/.*"ready":\([0-9]*\).*/\1/' <<<"$out")
	waited=$(sed 's/.*"waited":\([0-9]*\).*/\1/' <<<"$out")
	busy=$(sql "SELECT extract(epoch FROM coalesce(finished_at, now()) -
	    started_at) FROM transcode_jobs WHERE video_id = '$id'")
	w="$(secs "$waited") s"
	grep -q '"cut":true' <<<"$out" && w="$w (cut off)"
	r="not yet"
	[ "$ready" != 0 ] && r="$(secs $((ready - up))) s"
	rows+=("$(printf '| %4d s | %8s s | %10s | %8s | %5sx |' "$len" \
	    "$(secs $((first - up)))" "$r" "$w" \
	    "$(printf '%.2f' "$(echo "scale=3; $len / $busy" | bc)")")")
done

echo
echo "| source | first play | ready | viewer waited | worker speed |"
echo "|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo "(from the upload's answer; the viewer starts as soon as the video is playable)"
if [ -f bench/resume.sh ]; then
	trap - EXIT
	stack_stop "$state"
	rm -rf "$state"
	bash bench/resume.sh
fi
