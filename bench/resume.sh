#!/bin/bash
# resume.sh: the work resuming saves. A 2-minute 1080p30 clip (made now)
# goes through the queue twice: once without a break, once with the worker
# killed (kill -9, worker and child) at about 70 % and the job resumed by
# the next run. Prints the processor seconds of each whole job as table
# rows, against the uninterrupted run, and what restarting from zero would
# have cost (the killed attempt's seconds plus a whole run).
# Usage: bash bench/resume.sh (BENCH_SECONDS: the clip's length, 120).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
secs=${BENCH_SECONDS:-120}
bench_stack /tmp 1 "worker_lease = 5"
trap 'stack_stop "$state"; rm -rf "$state"' EXIT
worker=$state/inst/bin/vstream-worker
src=$state/source.mp4
ffmpeg -v error -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$secs" \
    -f lavfi -i "sine=frequency=440:duration=$secs" -c:v libx264 \
    -preset ultrafast -pix_fmt yuv420p -c:a aac "$src"
chmod 644 "$src"
sql() { psql -qAt "$VSTREAM_DB_URL" -c "$1"; }
import() { as_site "$ctl" video import -u bench -t "$1" "$src"; }
# cpu PID: user + system seconds of a running process, all its threads.
cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' \
	    "/proc/$1/stat"
}
# once: a worker run to the end of the queue; its and its children's
# processor seconds.
once() {
	/usr/bin/time -f '%U %S' -o "$state/time" \
	    ${webuser:+runuser -u "$webuser" --} "$worker" --once 2>/dev/null
	awk '{ print $1 + $2 }' "$state/time"
}

whole=$(import whole)
t_whole=$(once)
[ "$(sql "SELECT status FROM videos WHERE id = '$whole'")" = ready ] ||
    stack_die "the uninterrupted run did not finish"

cut=$(import cut)
as_site "$worker" >/dev/null 2>&1 &
pid=$!
until [ "$(sql "SELECT progress >= 70 FROM transcode_jobs WHERE video_id = '$cut'")" = t ]; do
	sleep 0.5
done
# The attempt's child: the newest of the worker's processes.
job=$(pgrep -f "^$worker" | sort -n | tail -n 1)
t_killed=$(cpu "$job")
pct=$(sql "SELECT progress FROM transcode_jobs WHERE video_id = '$cut'")
pkill -9 -f "^$worker" || true
wait "$pid" 2>/dev/null || true
sleep 6
t_rest=$(once)
[ "$(sql "SELECT status || ' ' || (resumed_at IS NOT NULL) FROM videos v JOIN transcode_jobs j ON j.video_id = v.id WHERE v.id = '$cut'")" = "ready true" ] ||
    stack_die "the resumed job did not finish"
at=$(sql "SELECT resumed_at FROM transcode_jobs WHERE video_id = '$cut'")

printf 'resume bench, %d s 1080p30, killed at %d %% (resumed at %s s), %d cores\n' \
    "$secs" "$pct" "$at" "$(nproc)"
printf '| job | CPU s | against uninterrupted |\n|---|---:|---:|\n'
row() { printf '| %s | %.1f | %.3fx |\n' "$1" "$2" "$(echo "$2 / $t_whole" | bc -l)"; }
row "uninterrupted" "$t_whole"
row "killed, resumed" "$(echo "$t_killed + $t_rest" | bc -l)"
row "killed, restarted from zero" "$(echo "$t_killed + $t_whole" | bc -l)"
