#!/bin/bash
# media.sh: untrusted media is only opened in bounded children. The web
# programs map no libav*; uploads are examined by a child with limits and
# a deadline and refused past the source limits; a transcode runs with
# limits and is stopped when it makes no progress.
# Usage: media.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1 lbase=$2 abase=$3
inst=$state/inst
ctl=$inst/bin/vstreamctl
worker=$inst/bin/vstream-worker
T='Tus-Resumable: 1.0.0'
O='Content-Type: application/offset+octet-stream'
pass="a good long password"
chmod 755 "$work"
clip() {	# clip NAME WxH RATE SECONDS
	ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=$2:rate=$3:duration=$4" \
	    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/$1"
}
printf '%s\n' "$pass" | "$ctl" user add "media$sfx" >/dev/null
uid=$(sql "SELECT id FROM users WHERE username = 'media$sfx'")
videos() { sql "SELECT count(*) FROM videos WHERE owner_id = '$uid'"; }

# --- no libav* in the web programs -------------------------------------------
for p in "$inst"/libexec/vstream/*.fcgi "$ctl"; do
	expect "$(basename "$p") links no libav*" is "$(ldd "$p" | grep -c libav)" 0
done
expect "vstream-worker links libavformat" test "$(ldd "$worker" | grep -c libavformat)" -eq 1
base=$lbase
A="Authorization: Bearer $(token "media$sfx")"
req GET "$lbase/api/v1/videos"
req GET "$lbase/api/v1/uploads" -H "$A"
for prog in upload videos; do
	pids=$(pgrep -f "^$inst/libexec/vstream/$prog.fcgi")
	expect "$prog.fcgi is running" test -n "$pids"
	for pid in $pids; do
		expect "$prog.fcgi (pid $pid) maps no libav*" \
		    is "$(grep -c libav "/proc/$pid/maps")" 0
	done
done

# --- source limits at upload, multipart and tus, both servers ----------------
clip ok.mp4 320x240 25 1
clip wide.mp4 8200x16 25 1
clip fast.mp4 64x64 300 1
multipart() {	# multipart BASE FILE
	req POST "$1/api/v1/videos/upload" -H "$A" -F "file=@$work/$2"
}
tus() {		# tus BASE FILE
	req POST "$1/api/v1/uploads/" -H "$A" -H "$T" -H "$O" \
	    -H "Upload-Length: $(stat -c %s "$work/$2")" \
	    -H "Upload-Metadata: filename $(printf %s "$2" | base64 -w0)" \
	    --data-binary "@$work/$2"
}
for server in lighttpd:$lbase apache:$abase; do
	name=${server%%:*} base=${server#*:}
	A="Authorization: Bearer $(token "media$sfx")"
	n=$(videos)
	multipart "$base" ok.mp4
	expect "$name: a clip within the limits is 201" is "$status" 201
	n=$((n + 1))
	for way in multipart tus; do
		$way "$base" wide.mp4
		expect "$name $way: a picture over 8192x4320 is 422" is "$status" 422
		expect "$name $way: ... with the numbers" is "$(json b.error.message)" \
		    "This video cannot be taken: the picture is 8200x16, larger than 8192x4320."
		$way "$base" fast.mp4
		expect "$name $way: 300 fps is 422" is "$status" 422
		expect "$name $way: ... with the numbers" body_has \
		    "the frame rate is 300 fps, more than 240"
	done
	expect "$name: nothing is kept of the refused" is "$(videos)" "$n"
done
expect "no tus upload is left open" is \
    "$(sql "SELECT count(*) FROM upload_sessions WHERE user_id = '$uid' AND state = 'open'")" 0

# --- the examiner's bounds (through vstreamctl, which imports the same way) ---
examiner() {	# examiner NAME BODY: an examiner stand-in
	printf '#!/bin/sh\n%s\n' "$2" > "$work/$1"
	chmod 755 "$work/$1"
}
import_with() {	# import_with EXAMINER [VAR=VALUE...]
	local ex=$1
	shift
	as_site env VSTREAM_MEDIA_HELPER="$work/$ex" "$@" "$ctl" video import \
	    -u "media$sfx" "$work/ok.mp4" 2>"$work/import.err" >/dev/null
}
examiner slow 'exec sleep 6017'
t0=$(date +%s)
import_with slow VSTREAM_MEDIA_PROBE_TIMEOUT=2
expect "an examiner past its deadline is stopped" test $(($(date +%s) - t0)) -le 4
expect "... with the reason" grep -q "the file could not be examined: it took longer than 2 s" \
    "$work/import.err"
expect "... and killed" test -z "$(pgrep -fx "sleep 6017")"
examiner crash 'kill -SEGV $$'
import_with crash
expect "an examiner that crashes is a refusal naming the signal" grep -q \
    "it was stopped by SIGSEGV" "$work/import.err"
examiner report 'printf "{\"error\":\"secrets %s, interfaces %s, files %s, write %s\"}" \
    "$(env | grep -c -e SECRET -e DB_URL -e REDIS)" \
    "$(tail -n +3 /proc/net/dev | wc -l)" "$(ulimit -n)" "$(ulimit -f)"'
import_with report
expect "the examiner has no secrets, no network, few files, no writes" grep -q \
    "secrets 0, interfaces 1, files 16, write 0" "$work/import.err"
expect "the real examiner still takes the clip" as_site "$ctl" video import \
    -u "media$sfx" "$work/ok.mp4" >/dev/null

# --- the transcode: limits, a crash, a stall ---------------------------------
mine="video_id IN (SELECT id FROM videos WHERE owner_id = '$uid')"
sql "UPDATE transcode_jobs SET state = 'cancelled' WHERE $mine" >/dev/null
# Small enough for the quota, long enough to be caught running.
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=30:duration=150 \
    -c:v libx264 -preset veryfast -crf 35 -pix_fmt yuv420p "$work/long.mp4"
vid=$(as_site "$ctl" video import -u "media$sfx" "$work/long.mp4" 2>"$work/long.err")
expect "a long clip is imported" test -n "$vid" || cat "$work/long.err" >&2
job() { sql "SELECT $1 FROM transcode_jobs WHERE video_id = '$vid'"; }
# child: wait until the job's transcoding child runs and has made progress.
child() {
	local i c
	for i in $(seq 1 150); do
		c=$(pgrep -P "$wpid" | head -n 1)
		[ -n "$c" ] && [ "$(job 'progress > 0')" = t ] && { echo "$c"; return; }
		sleep 0.2
	done
}
sql "UPDATE transcode_jobs SET run_after = now() - interval '1 day' WHERE video_id = '$vid'" >/dev/null
VSTREAM_JOB_STALL=3 VSTREAM_JOB_MEMORY=3221225472 as_site "$worker" \
    >>"$state/media-worker.log" 2>&1 &
for i in $(seq 1 50); do
	wpid=$(pgrep -o -fx "$worker") && break
	sleep 0.1
done
c=$(child)
expect "the transcode child runs" test -n "$c"
limits=$(cat "/proc/$c/limits" 2>/dev/null)
# A sanitizer build leaves the address space alone (its shadow memory).
asmax=3221225472
ldd "$worker" | grep -q libasan && asmax=unlimited
expect "... with job_memory as its address space" grep -Eq \
    "^Max address space +$asmax " <<<"$limits"
expect "... no core dumps" grep -Eq '^Max core file size +0 ' <<<"$limits"
expect "... bounded descriptors" grep -Eq '^Max open files +256 ' <<<"$limits"
expect "... job_timeout of processor time per processor" grep -Eq \
    "^Max cpu time +$((7200 * $(nproc))) " <<<"$limits"
# As an assertion in a decoder would (a sanitizer build catches SIGSEGV).
kill -ABRT "$c"
for i in $(seq 1 50); do
	[ "$(job state)" = queued ] && break
	sleep 0.2
done
expect "a crash is a failed attempt naming the signal" is "$(job "attempts || ' ' || last_error")" \
    "1 the transcoder was stopped by SIGABRT (Aborted)"
sql "UPDATE transcode_jobs SET run_after = now() - interval '1 day' WHERE video_id = '$vid'" >/dev/null
sql "NOTIFY vstream_jobs" >/dev/null
c=$(child)
expect "the second attempt runs" test -n "$c"
# A decoder stuck for good, as far as the worker can tell.
kill -STOP "$c"
t0=$(date +%s)
for i in $(seq 1 50); do
	[ "$(job state)" = queued ] && break
	sleep 0.2
done
expect "a job without progress is stopped within job_stall + 3 s" \
    test $(($(date +%s) - t0)) -le 6
expect "... counted as an attempt, with the reason" is \
    "$(job "attempts || ' ' || last_error")" "2 no progress for 3 s"
expect "... and its child is gone" test ! -e "/proc/$c/status"
kill -TERM "$wpid"
for i in $(seq 1 50); do kill -0 "$wpid" 2>/dev/null || break; sleep 0.2; done
as_site "$ctl" jobs cancel "$(job id)" >/dev/null

finish media
