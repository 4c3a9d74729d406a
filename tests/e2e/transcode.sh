#!/bin/bash
# transcode.sh: the queue and the ladder with real clips, real PostgreSQL
# and the installed worker; ffprobe checks what came out.
# Usage: transcode.sh STATE (the stack's folder; its vstream.env is loaded).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
clip_suite "$1"

media() { echo "$VSTREAM_DATA_DIR/media/$1"; }
clip() {	# clip NAME WxH RATE SECONDS AUDIO(yes|no) [extra output options]
	local name=$1 size=$2 rate=$3 secs=$4 audio=$5
	shift 5
	if [ "$audio" = yes ]; then
		ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=$rate:duration=$secs" \
		    -f lavfi -i "sine=frequency=440:duration=$secs" -c:v libx264 \
		    -preset ultrafast -pix_fmt yuv420p -c:a aac "$@" "$clips/$name"
	else
		ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=$rate:duration=$secs" \
		    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$@" "$clips/$name"
	fi
}
import() { as_site "$ctl" video import -u "$owner" -t "$1" "$clips/$1" 2>"$work/import.err"; }
status() { sql "SELECT status FROM videos WHERE id = '$1'"; }
dur() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

owner=t_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'a good long password\n' | "$ctl" user add "$owner" >/dev/null
clip hd.mp4 1920x1080 30 8 yes
clip sd.mp4 854x480 25 4 yes
clip portrait.mp4 1080x1920 30 3 yes
clip silent.mp4 640x360 30 3 no
clip turned.mp4 640x360 30 3 yes
node "$top/tests/e2e/rotate.js" "$clips/turned.mp4"
cp "$clips/silent.mp4" "$clips/broken.mp4"
cp "$clips/silent.mp4" "$clips/notvideo.mp4"

hd=$(import hd.mp4)
expect "import: a clip becomes a queued video" is "$(status "$hd")" queued
expect "import: the source is kept" test -s "$(media "$hd")/source.mp4"
expect "import: the probe filled the row" \
    is "$(sql "SELECT width || 'x' || height || ' ' || source_video_codec || ' ' || round(duration) FROM videos WHERE id = '$hd'")" \
    "1920x1080 h264 8"
printf 'not a video at all\n' > "$clips/text.mp4"
import text.mp4 >/dev/null
expect "import: a text file is refused" grep -q "not a video in an allowed format" "$work/import.err"
sd=$(import sd.mp4)
portrait=$(import portrait.mp4)
silent=$(import silent.mp4)
turned=$(import turned.mp4)
broken=$(VSTREAM_JOB_ATTEMPTS=1 import broken.mp4)
notvideo=$(VSTREAM_JOB_ATTEMPTS=1 import notvideo.mp4)
# Damage the stored sources after the import, as a disk or a bug might.
head -c 3000 "$clips/silent.mp4" > "$(media "$broken")/source.mp4"
head -c 2000 "$top/htdocs/favicon.svg" > "$(media "$notvideo")/source.mp4"

# kill -9 of the worker in the middle of the HD job, twice: the job lives on.
export VSTREAM_WORKER_LEASE=5
for round in 1 2; do
	# First in line: older than every other job.
	sql "UPDATE transcode_jobs SET run_after = now() - interval '1 hour' WHERE video_id = '$hd'" >/dev/null
	as_site "$worker" >>"$work/worker.log" 2>&1 &
	pid=$!
	for i in $(seq 1 300); do
		# This round's attempt, not the last one's progress.
		[ "$(sql "SELECT attempts = $round AND progress > 0 FROM transcode_jobs WHERE video_id = '$hd'")" = t ] && break
		sleep 0.2
	done
	expect "kill -9 round $round: the job was running" \
	    is "$(sql "SELECT state FROM transcode_jobs WHERE video_id = '$hd'")" running
	expect "kill -9 round $round: not ready while running" is "$(status "$hd")" processing
	# The worker and its transcoding child, both, without warning.
	pkill -9 -f "^$worker" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect "kill -9 round $round: no half ladder is published" \
	    test ! -e "$(media "$hd")/hls/master.m3u8"
	sleep 5.5
done
unset VSTREAM_WORKER_LEASE

# SIGTERM past the grace period: the running job goes back to the queue.
sql "UPDATE transcode_jobs SET run_after = now() - interval '2 hours' WHERE video_id = '$sd'" >/dev/null
VSTREAM_WORKER_GRACE=0 as_site "$worker" >>"$work/worker.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do
	[ "$(sql "SELECT state FROM transcode_jobs WHERE video_id = '$sd'")" = running ] && break
	sleep 0.1
done
# To the worker itself, as systemd's KillMode=mixed does: not its child.
pkill -TERM -o -f "^$worker"
wait "$pid" 2>/dev/null
expect "SIGTERM: the worker stops" test -z "$(pgrep -f "^$worker")"
expect "SIGTERM: the unfinished job is queued again" \
    is "$(sql "SELECT state || ' ' || attempts FROM transcode_jobs WHERE video_id = '$sd'")" "queued 0"
sql "UPDATE transcode_jobs SET run_after = now()" >/dev/null
as_site "$worker" --once 2>>"$work/worker.log"
expect "worker --once exits 0" is "$?" 0

expect "kill -9: the job completed on a later attempt" \
    is "$(sql "SELECT state || ' ' || attempts FROM transcode_jobs WHERE video_id = '$hd'")" "done 3"
expect "kill -9: exactly one ladder, no leftovers" \
    is "$(ls -A "$(media "$hd")" | tr '\n' ' ')" "hls mp4 source.mp4 storyboard thumb.jpg "
for v in "$hd" "$sd" "$portrait" "$silent" "$turned"; do
	expect "video $v is ready" is "$(status "$v")" ready
done
expect "a truncated source fails" is "$(status "$broken")" failed
expect "... with a reason" test -n "$(sql "SELECT failure_reason FROM videos WHERE id = '$broken'")"
expect "a source that is no video fails" is "$(status "$notvideo")" failed
expect "... saying so" is "$(sql "SELECT failure_reason FROM videos WHERE id = '$notvideo'")" \
    "the file is markup (HTML, SVG or XML), not a video"

# The HD ladder, checked with ffprobe.
d=$(media "$hd")
master=$d/hls/master.m3u8
expect "master: version 7" grep -qx '#EXT-X-VERSION:7' "$master"
expect "master: independent segments" grep -qx '#EXT-X-INDEPENDENT-SEGMENTS' "$master"
expect "master: four rungs, ascending" \
    is "$(grep -o '^[0-9]*p/' "$master" | tr '\n' ' ')" "360p/ 480p/ 720p/ 1080p/ "
src=$(dur "$clips/hd.mp4")
first=""
for r in 360:640x360 480:854x480 720:1280x720 1080:1920x1080; do
	n=${r%%:*} size=${r#*:}
	line=$(grep -B1 "^${n}p/playlist.m3u8" "$master" | head -n 1)
	for a in BANDWIDTH AVERAGE-BANDWIDTH CODECS RESOLUTION FRAME-RATE; do
		expect "master ${n}p: $a" grep -q "[:,]$a=" <<<"$line"
	done
	expect "master ${n}p: resolution" grep -q "RESOLUTION=$size," <<<"$line"
	mp4=$d/mp4/${n}p.mp4
	expect "${n}p: MP4 size" is "$(ffprobe -v error -select_streams v \
	    -show_entries stream=width,height -of csv=s=x:p=0 "$mp4")" "$size"
	expect "${n}p: MP4 within 0.1 s of the source" node -e \
	    'process.exit(Math.abs(process.argv[1] - process.argv[2]) <= 0.1 ? 0 : 1)' \
	    "$(dur "$mp4")" "$src"
	expect "${n}p: MP4 has moov before mdat" node -e \
	    'const b = require("fs").readFileSync(process.argv[1]);
	     const m = b.indexOf("moov"), d = b.indexOf("mdat");
	     process.exit(m > 0 && m < d ? 0 : 1)' "$mp4"
	prof=$(ffprobe -v error -select_streams v -show_entries stream=profile,level \
	    -of csv=p=0 "$mp4")
	codec=$(grep -o 'CODECS="avc1\.[0-9a-f]*' <<<"$line" | cut -d. -f2)
	expect "${n}p: CODECS is High profile like ffprobe says" \
	    test "${codec:0:2}" = 64 -a "${prof%%,*}" = High
	expect "${n}p: CODECS level is ffprobe's" \
	    is "$((16#${codec:4:2}))" "${prof#*,}"
	pl=$d/hls/${n}p/playlist.m3u8
	expect "${n}p: VOD playlist" grep -qx '#EXT-X-PLAYLIST-TYPE:VOD' "$pl"
	expect "${n}p: fMP4 init" grep -q '#EXT-X-MAP:URI="init.mp4"' "$pl"
	bounds=""
	for seg in $(grep -v '^#' "$pl"); do
		cat "$d/hls/${n}p/init.mp4" "$d/hls/${n}p/$seg" > "$work/seg.mp4"
		pkt=$(ffprobe -v error -select_streams v -show_entries \
		    packet=pts_time,flags -of csv=p=0 "$work/seg.mp4" | head -n 1)
		expect "${n}p/$seg starts with a keyframe" grep -q K <<<"${pkt#*,}"
		bounds="$bounds ${pkt%%,*}"
	done
	if [ -z "$first" ]; then first=$bounds
	else expect "${n}p: segment boundaries equal 360p's" is "$bounds" "$first"; fi
done
expect "thumbnail is a JPEG" is "$(ffprobe -v error -show_entries stream=codec_name \
    -of csv=p=0 "$d/thumb.jpg")" mjpeg
expect "the row knows its renditions" \
    is "$(sql "SELECT jsonb_array_length(renditions) FROM videos WHERE id = '$hd'")" 4

rungs() { grep -o '^[0-9]*p/' "$(media "$1")/hls/master.m3u8" | tr '\n' ' '; }
size_of() { ffprobe -v error -select_streams v -show_entries stream=width,height \
    -of csv=s=x:p=0 "$(media "$1")/mp4/$2.mp4"; }
expect "480p source: only 360p and 480p" is "$(rungs "$sd")" "360p/ 480p/ "
expect "portrait: four rungs" is "$(rungs "$portrait")" "360p/ 480p/ 720p/ 1080p/ "
expect "portrait: portrait rungs" is "$(size_of "$portrait" 360p)" 360x640
expect "portrait: top rung 1080x1920" is "$(size_of "$portrait" 1080p)" 1080x1920
expect "silent: video only" is "$(ffprobe -v error -show_entries stream=codec_type \
    -of csv=p=0 "$(media "$silent")/mp4/360p.mp4" | tr '\n' ' ')" "video "
expect "silent: CODECS without audio" grep -q 'CODECS="avc1\.[0-9a-f]*"' \
    "$(media "$silent")/hls/master.m3u8"
expect "rotation: a turned source comes out upright" is "$(size_of "$turned" 360p)" 360x640
expect "rotation: ... its storyboard's tiles too" \
    is "$(grep -m 1 -o 'xywh=.*' "$(media "$turned")/storyboard/storyboard.vtt")" \
    "xywh=0,0,50,90"

# Requeue: the kept source is transcoded again.
"$ctl" jobs requeue "$sd" >/dev/null
expect "requeue: the video is queued" is "$(status "$sd")" queued
as_site "$worker" --once 2>>"$work/worker.log"
expect "requeue: ready again" is "$(status "$sd")" ready
"$ctl" jobs list > "$work/jobs"
expect "jobs list shows the jobs" test "$(wc -l < "$work/jobs")" -ge 8
grep -h '"level":"error"' "$work/worker.log" | head -n 3 >&2
finish "e2e-transcode"
