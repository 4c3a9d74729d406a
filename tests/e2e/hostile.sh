#!/bin/bash
# hostile.sh: sources made to be awkward (sizes, pixel formats, sample
# rates and channels that change mid-stream, timestamps that go back or
# leap ahead, streams that end early, truncated and damaged files, absurd
# declared sizes, many streams, no frames) through the import and the real
# worker, as private videos. Each must end ready, or failed (or refused at
# import) with a reason a person can read; never a crash, a sanitizer
# report or a hang.
# Usage: hostile.sh STATE (the stack's folder; its vstream.env is loaded).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
clip_suite "$1"
# In the state folder, where run.sh looks for sanitizer reports.
logs=$state/hostile
mkdir -p "$logs"
[ "$(id -u)" = 0 ] && chown www-data: "$logs"
# Each case gets this long before its worker is killed: a hang.
bound=40

ff() { ffmpeg -v error -y "$@"; }
x264=(-c:v libx264 -preset ultrafast)
# piece FILE COLOUR WxH SECONDS [ffmpeg output options]: a TS clip of one
# colour with a stereo tone, to be joined to another by cat (TS allows
# any change at any point).
piece() {
	local f=$1 c=$2 size=$3 secs=$4
	shift 4
	ff -f lavfi -i "color=c=$c:size=$size:rate=25:duration=$secs" \
	    -f lavfi -i "sine=frequency=440:duration=$secs" "${x264[@]}" \
	    -c:a aac -ac 2 "$@" -f mpegts "$clips/$f"
}
join() { local out=$1; shift; (cd "$clips" && cat "$@" > "$out" && rm -f "$@"); }
# Timestamps that go on where the first piece (1 s from 1.4 s) ended.
after=(-output_ts_offset 1.1)

piece a.ts red 176x144 1 -pix_fmt yuv420p
piece b.ts blue 320x240 1 -pix_fmt yuv420p "${after[@]}"
join size_grow.ts a.ts b.ts
piece a.ts red 640x480 1 -pix_fmt yuv420p
piece b.ts blue 32x32 1 -pix_fmt yuv420p "${after[@]}"
join size_shrink.ts a.ts b.ts
piece a.ts red 320x240 1 -pix_fmt yuv420p
piece b.ts blue 320x240 1 -pix_fmt yuv420p10le "${after[@]}"
join pixfmt_10bit.ts a.ts b.ts
piece a.ts red 320x240 1 -pix_fmt yuv420p
piece b.ts blue 320x240 1 -pix_fmt yuv422p "${after[@]}"
join pixfmt_422.ts a.ts b.ts
piece a.ts red 176x144 1 -pix_fmt yuv420p
piece b.ts blue 176x144 1 -pix_fmt yuv420p -ac 1 "${after[@]}"
join audio_mono.ts a.ts b.ts
piece a.ts red 176x144 1 -pix_fmt yuv420p
piece b.ts blue 176x144 1 -pix_fmt yuv420p -ar 22050 "${after[@]}"
join audio_rate.ts a.ts b.ts
piece a.ts red 176x144 1 -pix_fmt yuv420p -c:a mp2
piece b.ts blue 176x144 1 -pix_fmt yuv420p -c:a mp2 -ac 1 -ar 22050 "${after[@]}"
join audio_mp2.ts a.ts b.ts
# H.264, then MPEG-2 video on the same stream.
piece a.ts red 176x144 1 -pix_fmt yuv420p
piece b.ts blue 176x144 1 -c:v mpeg2video "${after[@]}"
join codec_switch.ts a.ts b.ts
# The same piece twice: the second half's timestamps start over.
piece a.ts red 176x144 1 -pix_fmt yuv420p
cp "$clips/a.ts" "$clips/b.ts"
join ts_back.ts a.ts b.ts
piece a.ts red 176x144 1 -pix_fmt yuv420p
piece b.ts blue 176x144 1 -pix_fmt yuv420p -output_ts_offset 20000
join ts_leap.ts a.ts b.ts
src2="testsrc2=size=176x144:rate=25:duration=2"
tone="sine=frequency=440:duration=3"
# Half-way, the timestamps leap ahead by 10^15 ticks (31,700 years).
ff -f lavfi -i "$src2" "${x264[@]}" -pix_fmt yuv420p \
    -bsf:v 'setts=ts=if(gte(N\,25)\,TS+1000000000000000\,TS)' "$clips/mkv_leap.mkv"
ff -f lavfi -i "$src2" -f lavfi -i "$tone" "${x264[@]}" -pix_fmt yuv420p \
    -c:a aac -t:a 0.3 "$clips/audio_short.mkv"
ff -f lavfi -i "${src2/duration=2/duration=0.3}" -f lavfi -i "$tone" \
    "${x264[@]}" -pix_fmt yuv420p -c:a aac "$clips/video_short.mkv"
ff -f lavfi -i "$src2" -f lavfi -i "$tone" "${x264[@]}" -pix_fmt yuv420p \
    -c:a aac -t 2 -movflags +faststart "$clips/whole.mp4"
head -c $(( $(stat -c %s "$clips/whole.mp4") / 2 )) "$clips/whole.mp4" > "$clips/trunc_half.mp4"
head -c 1500 "$clips/whole.mp4" > "$clips/trunc_header.mp4"
piece trunc_half.ts red 176x144 2 -pix_fmt yuv420p
truncate -s $(( $(stat -c %s "$clips/trunc_half.ts") / 2 )) "$clips/trunc_half.ts"
piece damaged.ts red 176x144 2 -pix_fmt yuv420p
head -c 20000 /dev/urandom | dd of="$clips/damaged.ts" bs=1 seek=30000 \
    conv=notrunc status=none
# 320x256 declared as 8000x8000 (Matroska PixelWidth, PixelHeight).
ff -f lavfi -i "testsrc2=size=320x256:rate=25:duration=1" "${x264[@]}" \
    -pix_fmt yuv420p "$clips/plain.mkv"
perl -0777 -pe 's/\xB0\x82\x01\x40/\xB0\x82\x1F\x40/; s/\xBA\x82\x01\x00/\xBA\x82\x1F\x40/' \
    "$clips/plain.mkv" > "$clips/huge_declared.mkv"
maps=(-map 0:v)
for _ in $(seq 1 40); do maps+=(-map 1:a); done
ff -f lavfi -i "${src2/duration=2/duration=1}" -f lavfi -i "${tone/duration=3/duration=1}" \
    "${maps[@]}" "${x264[@]}" -pix_fmt yuv420p -c:a aac "$clips/many_streams.mkv"
ff -f lavfi -i "${tone/duration=3/duration=1}" -f lavfi -i "$src2" -map 1:v \
    -map 0:a "${x264[@]}" -frames:v 0 -c:a aac "$clips/zero_frames.mkv"
ff -f lavfi -i "testsrc2=size=176x144:rate=120:duration=1" "${x264[@]}" \
    -pix_fmt yuv420p "$clips/rate_120.mkv"
# 25 fps whose Matroska DefaultDuration claims 1 ns a frame (10^9 fps).
ff -f lavfi -i "$src2" "${x264[@]}" -pix_fmt yuv420p "$clips/plain.mkv"
perl -0777 -pe 's/\x23\xE3\x83\x84\x02\x62\x5A\x00/\x23\xE3\x83\x84\x00\x00\x00\x01/' \
    "$clips/plain.mkv" > "$clips/rate_claimed.mkv"
rm -f "$clips/whole.mp4" "$clips/plain.mkv"

owner=h_$sfx
printf 'a good long password\n' | "$ctl" user add "$owner" >/dev/null
media() { echo "$VSTREAM_DATA_DIR/media/$1"; }
status() { sql "SELECT status FROM videos WHERE id = '$1'"; }
reason() { sql "SELECT failure_reason FROM videos WHERE id = '$1'"; }
mp4() { set -- "$(media "$1")"/mp4/*.mp4; echo "$1"; }
dur() { ffprobe -v error -select_streams "$2" -show_entries stream=duration \
    -of csv=p=0 "$1"; }
# A process and all its descendants, children first.
tree() { local p; for p in $(pgrep -P "$1"); do tree "$p"; done; echo "$1"; }
# near A B TOLERANCE: |A - B| <= TOLERANCE.
near() { node -e 'process.exit(Math.abs(process.argv[1] - process.argv[2]) <=
    process.argv[3] ? 0 : 1)' "$1" "$2" "$3"; }
# The colour of the bottom quarter of the last picture, as "R G B".
last_colour() {
	ffmpeg -v error -sseof -0.3 -i "$1" -vf 'crop=iw:ih/4:0:ih*3/4,scale=1:1' \
	    -pix_fmt rgb24 -f rawvideo - | tail -c 3 | od -An -tu1
}
is_blue() { local r g b; read -r r g b <<<"$1"; [ "$r" -lt 90 ] && [ "$g" -lt 90 ] && [ "$b" -gt 150 ]; }

# run_case FILE: import and transcode, bounded in time; prints what came
# of it and leaves the video's id in $id ("" when refused at import).
run_case() {
	local f=$1 pid got
	id=$(VSTREAM_JOB_ATTEMPTS=1 as_site "$ctl" video import -u "$owner" \
	    -v private -t "hostile $f" "$clips/$f" 2>"$work/import.err")
	cat "$work/import.err" >> "$logs/import.log"
	if [ -z "$id" ]; then
		got=$(sed -n 's/^vstreamctl: [^:]*: //p' "$work/import.err")
		expect "$f: refused at import with a reason" test -n "$got"
		expect "$f: ... and no crash" not_crash "$got"
		echo "  $f: refused at import: $got"
		return
	fi
	as_site "$worker" --once >>"$logs/worker.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 $((bound * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		# shellcheck disable=SC2046
		kill -9 $(tree "$pid") 2>/dev/null
		fail "$f: still transcoding after ${bound} s"
	fi
	wait "$pid" 2>/dev/null
	got=$(status "$id")
	expect "$f: ends ready or failed" one_of "$got" ready failed
	if [ "$got" = failed ]; then
		got="failed: $(reason "$id")"
		expect "$f: fails with a reason" test "$got" != "failed: "
		expect "$f: ... and no crash" not_crash "$got"
	fi
	echo "  $f: $got"
}
not_crash() {
	case "$1" in *crashed*|*stopped*|*Sanitizer*|*"runtime error"*)
		printf '  "%s"\n' "$1" >&2; return 1 ;; esac
}
# ready_case FILE: the case must come out ready.
ready_case() {
	run_case "$1"
	expect "$1: ready" is "$(status "$id")" ready
}
# refused_case FILE TEXT: the upload limits refuse it at import, saying TEXT.
refused_case() {
	run_case "$1"
	expect "$1: refused at import" test -z "$id"
	expect "$1: ... saying \"$2\"" grep -q -- "$2" "$work/import.err"
}

echo "hostile sources, through the import and the worker:"
# A new size or pixel format mid-stream: the picture after the change is
# the new one (blue), scaled, not a stale or misread one.
for f in size_grow.ts size_shrink.ts pixfmt_10bit.ts pixfmt_422.ts; do
	ready_case "$f"
	[ -n "$id" ] && expect "$f: the last picture is the new source's" \
	    is_blue "$(last_colour "$(mp4 "$id")")"
done
# A new sample rate, channel count or sample format mid-stream: the audio
# keeps its length.
for f in audio_mono.ts audio_rate.ts audio_mp2.ts; do
	ready_case "$f"
	[ -n "$id" ] && expect "$f: audio as long as the video" \
	    near "$(dur "$(mp4 "$id")" a)" "$(dur "$(mp4 "$id")" v)" 0.3
done
# Timestamps that start over or leap ahead: one continuous video, every
# frame.
for f in ts_back.ts ts_leap.ts mkv_leap.mkv; do
	ready_case "$f"
	[ -n "$id" ] && expect "$f: about 2 s of video" \
	    near "$(dur "$(mp4 "$id")" v)" 2 0.3
done
ready_case audio_short.mkv
ready_case video_short.mkv
# Past media_max_fps and media_max_streams: refused before any transcode;
# with more streams allowed, the worker takes the file as it is.
refused_case rate_claimed.mkv "more than 240"
refused_case many_streams.mkv "holds 41 streams, more than 16"
export VSTREAM_MEDIA_MAX_STREAMS=64
ready_case many_streams.mkv
unset VSTREAM_MEDIA_MAX_STREAMS
ready_case rate_120.mkv
for f in trunc_half.mp4 trunc_half.ts trunc_header.mp4 damaged.ts \
    codec_switch.ts huge_declared.mkv zero_frames.mkv; do
	run_case "$f"
done

absent() { ! grep -qE -- "$@"; }
expect "no transcoder died of a signal" absent 'crashed \(signal' "$logs/worker.log"
expect "no sanitizer report" absent 'ERROR: [A-Za-z]+Sanitizer|runtime error:' \
    "$logs/worker.log" "$logs/import.log"
grep -h '"level":"error"' "$logs/worker.log" | head -n 3 >&2
finish "e2e-hostile"
