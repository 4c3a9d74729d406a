#!/bin/bash
# transcode.sh: `make bench-transcode`. A 1080p30 clip with noise and AAC
# audio (6 s; 4 s with BENCH_QUICK=1), then, alternating, $rounds times:
# (a) vstream-worker --transcode, the ladder decoding once; (c) one ffmpeg
# run that decodes once and splits into four, with vstream's preset,
# bitrates, GOP and segment settings. Rows: the median of the rounds' time
# ratios (a)/(c), the worst rung's PSNR shortfall of (a) against (c), the
# CPU-seconds of each, the worker's peak RSS; and a perf profile of (a) by
# shared object and by symbol, in $BENCH_OUT/transcode-profile.txt.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
rounds=${BENCH_ROUNDS:-$([ "$quick" = 1 ] && echo 1 || echo 3)}
secs=$([ "$quick" = 1 ] && echo 4 || echo 6)
out=${BENCH_OUT:-/tmp}
work=$(mktemp -d /tmp/vstream-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export VSTREAM_CONFIG=/dev/null
worker=$top/worker/vstream-worker
export LD_LIBRARY_PATH=$top/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
preset=$("$top/tools/vstreamctl" config get worker_preset)
src=$work/source.mp4

ffmpeg -v error -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$secs" \
    -f lavfi -i "sine=frequency=440:duration=$secs" \
    -vf "noise=alls=20:allf=t+u" -c:v libx264 -preset ultrafast -crf 12 \
    -pix_fmt yuv420p -c:a aac -b:a 192k "$src"

# name height width bitrate(k): vstream's ladder (lib/ladder.c).
rungs="360p 360 640 365
480p 480 854 1400
720p 720 1280 3000
1080p 1080 1920 6000"

x264() {	# the per-rung encoder settings (c) shares with (a)
	local k=$1
	echo "-c:v libx264 -preset $preset -profile:v high -pix_fmt yuv420p
	    -b:v ${k}k -maxrate $((k + k / 10))k -bufsize $((2 * k))k
	    -g 60 -keyint_min 60 -sc_threshold 0 -x264-params open-gop=0
	    -force_key_frames expr:gte(t,n_forced*2)"
}
hls() {		# the segment settings of (a)
	echo "-c:a aac -b:a 128k -ar 48000 -ac 2 -f hls -hls_time 6
	    -hls_playlist_type vod -hls_segment_type fmp4
	    -hls_flags independent_segments -hls_segment_filename $1/%d.m4s $1/playlist.m3u8"
}
split="[0:v]split=4[v0][v1][v2][v3]"
outs=()
i=0
while read -r name h w k; do
	split="$split;[v$i]scale=$w:$h[o$i]"
	# shellcheck disable=SC2207
	outs+=(-map "[o$i]" -map 0:a $(x264 "$k") $(hls "$work/c/$name"))
	i=$((i + 1))
done <<<"$rungs"

# timed NAME COMMAND...: run it under /usr/bin/time; appends "wall cpu
# maxrss-kB" to $work/NAME.times.
timed() {
	local n=$1
	shift
	/usr/bin/time -a -o "$work/$n.times" -f '%e %U %S %M' "$@"
}
run_a() {
	rm -rf "$work/a"; mkdir "$work/a"
	timed a "$worker" --transcode "$src" "$work/a" >/dev/null
}
run_c() {
	rm -rf "$work/c"
	while read -r name _; do mkdir -p "$work/c/$name"; done <<<"$rungs"
	timed c ffmpeg -nostdin -v error -i "$src" -filter_complex "$split" "${outs[@]}"
}
for i in $(seq 1 "$rounds"); do
	if [ $((i % 2)) = 1 ]; then run_a; run_c; else run_c; run_a; fi
done
col() { awk -v c="$2" '{ print $c }' "$work/$1.times"; }
cpu() { awk '{ print $2 + $3 }' "$work/$1.times"; }
rs=()
for i in $(seq 1 "$rounds"); do
	rs+=("$(ratio "$(sed -n "${i}p" "$work/a.times" | cut -d' ' -f1)" \
	    "$(sed -n "${i}p" "$work/c.times" | cut -d' ' -f1)")")
done

psnr() {	# psnr FILE W H: average PSNR of FILE against the scaled source
	ffmpeg -nostdin -i "$1" -i "$src" -lavfi "[1:v]scale=$2:$3[ref];[0:v][ref]psnr" \
	    -f null - 2>&1 | sed -n 's/.*PSNR.* average:\([0-9.]*\).*/\1/p' | tail -n 1
}
worst=-99 wa="" wc="" wn=""
while read -r name h w _; do
	pa=$(psnr "$work/a/mp4/$name.mp4" "$w" "$h")
	pc=$(psnr "$work/c/$name/playlist.m3u8" "$w" "$h")
	d=$(awk -v a="$pa" -v c="$pc" 'BEGIN { printf "%.2f", c - a }')
	printf '  PSNR %-5s (a) %6.2f dB  (c) %6.2f dB\n' "$name" "$pa" "$pc"
	if awk -v d="$d" -v w="$worst" 'BEGIN { exit !(d > w) }'; then
		worst=$d wa=$pa wc=$pc wn=$name
	fi
done <<<"$rungs"

printf 'transcode: %s s 1080p30 with noise, preset %s, %s rounds\n' \
    "$secs" "$preset" "$rounds"
bench_row transcode "ladder time / ffmpeg split=4" \
    "$(median $(col a 1))" "$(median $(col c 1))" s "$(median "${rs[@]}")" "<=0.90"
bench_row transcode "ladder CPU-seconds / ffmpeg split=4" \
    "$(median $(cpu a))" "$(median $(cpu c))" s \
    "$(ratio "$(median $(cpu a))" "$(median $(cpu c))")" -
bench_row transcode "PSNR of the worst rung ($wn), dB short" "$wa" "$wc" dB \
    "$worst" "<=0.1"
bench_row memory "worker peak RSS, 1080p ladder" "$(median $(col a 4))" \
    "$(median $(col c 4))" kB "$(ratio "$(median $(col a 4))" "$(median $(col c 4))")" -

# Where the CPU-seconds go: one more run of (a) under perf.
rm -rf "$work/a"; mkdir "$work/a"
if perf record -q -F 499 -o "$work/perf.data" -- "$worker" --transcode \
    "$src" "$work/a" >/dev/null 2>"$work/perf.err"; then
	{
		echo "perf report --sort dso (share of samples):"
		perf report -q -i "$work/perf.data" --sort dso 2>/dev/null |
		    grep '%' | head -n 15
		echo
		echo "perf report --sort dso,sym, outside libx264:"
		perf report -q -i "$work/perf.data" --sort dso,sym 2>/dev/null |
		    grep '%' | grep -v 'libx264' | head -n 25
	} > "$out/transcode-profile.txt"
else
	echo "perf record failed: $(cat "$work/perf.err")" > "$out/transcode-profile.txt"
fi
