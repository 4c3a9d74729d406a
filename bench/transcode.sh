#!/bin/bash
# transcode.sh: `make bench-transcode`. A 20 s 1080p30 clip with noise and
# AAC audio, then in one run: (a) vstream-worker --transcode; (b) the common
# way, four ffmpeg runs, one per rung; (c) one ffmpeg run that decodes once
# and splits into four. (b) and (c) use vstream's preset, bitrates, GOP and
# segment settings. Prints the times, their ratios, and the PSNR of every
# rung of (a) and (b) against the scaled source.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/vstream-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export VSTREAM_CONFIG=/dev/null
worker=$top/worker/vstream-worker
preset=$("$top/tools/vstreamctl" config get worker_preset)
src=$work/source.mp4

ffmpeg -v error -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=20" \
    -f lavfi -i "sine=frequency=440:duration=20" \
    -vf "noise=alls=20:allf=t+u" -c:v libx264 -preset ultrafast -crf 12 \
    -pix_fmt yuv420p -c:a aac -b:a 192k "$src"

now() { date +%s.%N; }
# name height width bitrate(k): vstream's ladder (lib/ladder.c).
rungs="360p 360 640 365
480p 480 854 1400
720p 720 1280 3000
1080p 1080 1920 6000"

x264() {	# the per-rung encoder settings (b) and (c) share with (a)
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

t0=$(now)
mkdir "$work/a"
"$worker" --transcode "$src" "$work/a" >/dev/null
ta=$(echo "$(now) - $t0" | bc)

t0=$(now)
while read -r name h w k; do
	mkdir -p "$work/b/$name"
	# shellcheck disable=SC2046
	ffmpeg -nostdin -v error -i "$src" -vf "scale=$w:$h" $(x264 "$k") $(hls "$work/b/$name")
done <<<"$rungs"
tb=$(echo "$(now) - $t0" | bc)

t0=$(now)
split="[0:v]split=4[v0][v1][v2][v3]"
outs=()
i=0
while read -r name h w k; do
	mkdir -p "$work/c/$name"
	split="$split;[v$i]scale=$w:$h[o$i]"
	# shellcheck disable=SC2207
	outs+=(-map "[o$i]" -map 0:a $(x264 "$k") $(hls "$work/c/$name"))
	i=$((i + 1))
done <<<"$rungs"
ffmpeg -nostdin -v error -i "$src" -filter_complex "$split" "${outs[@]}"
tc=$(echo "$(now) - $t0" | bc)

psnr() {	# psnr FILE W H: average PSNR of FILE against the scaled source
	ffmpeg -nostdin -i "$1" -i "$src" -lavfi "[1:v]scale=$2:$3[ref];[0:v][ref]psnr" \
	    -f null - 2>&1 | sed -n 's/.*PSNR.* average:\([0-9.]*\).*/\1/p' | tail -n 1
}

printf 'transcode bench, 20 s 1080p30 with noise, preset %s, %d cores\n' \
    "$preset" "$(nproc)"
printf '(a) vstream-worker, decode once:      %6.2f s\n' "$ta"
printf '(b) ffmpeg, four runs:                %6.2f s\n' "$tb"
printf '(c) ffmpeg, one run split in four:    %6.2f s\n' "$tc"
printf 'ratio (a)/(b): %.3f (target <= 0.75)\n' "$(echo "$ta / $tb" | bc -l)"
printf 'ratio (a)/(c): %.3f (target <= 1.0)\n' "$(echo "$ta / $tc" | bc -l)"
worst=0
while read -r name h w k; do
	pa=$(psnr "$work/a/mp4/$name.mp4" "$w" "$h")
	pb=$(psnr "$work/b/$name/playlist.m3u8" "$w" "$h")
	d=$(echo "$pb - $pa" | bc -l)
	printf 'PSNR %-5s (a) %6.2f dB  (b) %6.2f dB  (b)-(a) %+.2f dB\n' \
	    "$name" "$pa" "$pb" "$d"
	if [ "$(echo "$d > $worst" | bc -l)" = 1 ]; then worst=$d; fi
done <<<"$rungs"
printf 'worst PSNR shortfall of (a): %.2f dB (target <= 0.3)\n' "$worst"
