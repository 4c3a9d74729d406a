#!/bin/bash
# resume.sh: a job whose worker is killed (kill -9) twice goes on each time
# from the last segment boundary every rung reached, and its ladder is the
# one an uninterrupted run makes, its storyboard too (the tiles before the
# boundary kept in a work file); meanwhile a reader reads the growing
# ladder in a tight loop and never finds a playlist or segment half
# written.
# Usage: resume.sh STATE (the stack's folder; its vstream.env is loaded).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
ctl=$state/inst/bin/vstreamctl
worker=$state/inst/bin/vstream-worker
chmod 755 "$work"

media() { echo "$VSTREAM_DATA_DIR/media/$1"; }
segs() { grep -c '^[0-9]*\.m4s$' "$1" 2>/dev/null || echo 0; }
frames() {
	ffprobe -v error -count_frames -select_streams v:0 -show_entries \
	    stream=nb_read_frames -of csv=p=0 "$1" | head -n 1
}
audio_secs() {
	ffprobe -v error -select_streams a:0 -show_entries stream=duration \
	    -of csv=p=0 "$1"
}

# 40 s at 30 fps, 854x480 (two rungs), with sound.
ffmpeg -v error -y -f lavfi -i "testsrc2=size=854x480:rate=30:duration=40" \
    -f lavfi -i "sine=frequency=440:duration=40" -c:v libx264 \
    -preset ultrafast -pix_fmt yuv420p -c:a aac "$work/src.mp4"
chmod 644 "$work/src.mp4"
owner=r_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'a good long password\n' | "$ctl" user add "$owner" >/dev/null
import() { as_site "$ctl" video import -u "$owner" -t "$1" "$work/src.mp4"; }

# The uninterrupted run, to compare with.
whole=$(import whole)
transcode "$worker" "$whole"
expect "uninterrupted: ready" \
    is "$(sql "SELECT status FROM videos WHERE id = '$whole'")" ready

cut=$(import cut)
live=$(media "$cut")/live/hls
touch "$work/go"
rm -f "$work/stop"
node "$top/tests/e2e/livecheck.js" "$live" "$work/stop" \
    >"$work/reads.json" 2>&1 &
reader=$!

export VSTREAM_WORKER_LEASE=5
# Round 1 stops after two segments of every rung, round 2 after four.
for round in 1 2; do
	want=$((round * 2))
	sql "UPDATE transcode_jobs SET run_after = now() - interval '1 hour' WHERE video_id = '$cut'" >/dev/null
	as_site "$worker" >>"$work/worker.log" 2>&1 &
	pid=$!
	for i in $(seq 1 1200); do
		[ "$(segs "$live/360p/playlist.m3u8")" -ge "$want" ] &&
		    [ "$(segs "$live/480p/playlist.m3u8")" -ge "$want" ] && break
		sleep 0.1
	done
	expect "round $round: running" \
	    is "$(sql "SELECT state FROM transcode_jobs WHERE video_id = '$cut'")" running
	expect "round $round: playable while processing" \
	    is "$(sql "SELECT status || ' ' || playable FROM videos WHERE id = '$cut'")" "processing true"
	expect "round $round: the master is published" test -s "$live/master.m3u8"
	expect "round $round: the rungs are EVENT playlists without ENDLIST" \
	    is "$(cat "$live"/*/playlist.m3u8 | grep -c -e '^#EXT-X-PLAYLIST-TYPE:EVENT$' -e ENDLIST)" 2
	pkill -9 -f "^$worker" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect "round $round: nothing moved into place" test ! -e "$(media "$cut")/hls"
	expect "round $round: the storyboard's tiles so far are in its work file" \
	    test -s "$(media "$cut")/live/storyboard.tiles"
	sleep 5.5
done
unset VSTREAM_WORKER_LEASE
sql "UPDATE transcode_jobs SET run_after = now() - interval '1 hour' WHERE video_id = '$cut'" >/dev/null
transcode "$worker" "$cut"
touch "$work/stop"
wait "$reader"
expect "reader: every playlist and segment read was whole" is "$?" 0
cat "$work/reads.json" >&2
expect "reader: it read segments" \
    test "$(sed -E 's/.*"segments":([0-9]+).*/\1/' "$work/reads.json")" -gt 0

expect "the job finished on its third attempt" \
    is "$(sql "SELECT state || ' ' || attempts FROM transcode_jobs WHERE video_id = '$cut'")" "done 3"
expect "resumed_at says where the last attempt went on" \
    is "$(sql "SELECT resumed_at > 0 FROM transcode_jobs WHERE video_id = '$cut'")" t
expect "ready" is "$(sql "SELECT status FROM videos WHERE id = '$cut'")" ready
expect "no leftovers" \
    is "$(ls -A "$(media "$cut")" | tr '\n' ' ')" "hls mp4 source.mp4 storyboard thumb.jpg "
expect "jobs list shows the resumed position" \
    grep -q "resumed" <<<"$("$ctl" jobs list 2>&1)"

a=$(media "$whole")/hls b=$(media "$cut")/hls
for r in 360p 480p; do
	expect "$r: ended VOD playlist" grep -qx '#EXT-X-ENDLIST' "$b/$r/playlist.m3u8"
	expect "$r: same segment boundaries as the uninterrupted run" \
	    is "$(grep EXTINF "$b/$r/playlist.m3u8" | tr '\n' ' ')" \
	    "$(grep EXTINF "$a/$r/playlist.m3u8" | tr '\n' ' ')"
	expect "$r: same frame count as the uninterrupted run" \
	    is "$(frames "$b/$r/playlist.m3u8")" "$(frames "$a/$r/playlist.m3u8")"
	expect "$r: the MP4 has every frame" \
	    is "$(frames "$(media "$cut")/mp4/$r.mp4")" "$(frames "$a/$r/playlist.m3u8")"
done
expect "segment boundaries are the same in every rung" \
    is "$(grep EXTINF "$b/360p/playlist.m3u8" | tr '\n' ' ')" \
    "$(grep EXTINF "$b/480p/playlist.m3u8" | tr '\n' ' ')"
ffmpeg -v error -i "$b/master.m3u8" -f null - >"$work/decode.err" 2>&1
expect "the resumed ladder decodes end to end without a word" \
    is "$(cat "$work/decode.err")" ""
# The storyboard: the tiles before the boundary come from the work file,
# made of the same frames, so the track and the sheets are the same.
sa=$(media "$whole")/storyboard sb=$(media "$cut")/storyboard
expect "storyboard: as many cues as uninterrupted ($(grep -c ' --> ' "$sa/storyboard.vtt"))" \
    is "$(grep -c ' --> ' "$sb/storyboard.vtt")" "$(grep -c ' --> ' "$sa/storyboard.vtt")"
expect "storyboard: the same track" cmp -s "$sa/storyboard.vtt" "$sb/storyboard.vtt"
expect "storyboard: as many sheets" is "$(ls "$sb" | grep -c '^sheet-')" \
    "$(ls "$sa" | grep -c '^sheet-')"
for f in "$sa"/sheet-*.jpg; do
	expect "storyboard: $(basename "$f") holds the same tiles" cmp -s "$f" "$sb/${f##*/}"
done
da=$(audio_secs "$(media "$whole")/mp4/480p.mp4")
db=$(audio_secs "$(media "$cut")/mp4/480p.mp4")
expect "audio lasts as long as uninterrupted, within one AAC frame ($da, $db)" \
    awk -v a="$da" -v b="$db" 'BEGIN { d = a - b; exit !(d < 0.0214 && d > -0.0214) }'
finish resume
