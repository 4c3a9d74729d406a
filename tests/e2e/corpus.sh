#!/bin/bash
# corpus.sh: the kinds of sources people upload (tests/corpus.sh makes
# them) through the import and the real worker, each once; ffprobe and
# ffmpeg's own filters judge what came out: the shape as shown, progressive
# pictures, BT.709 tags, tone-mapped HDR, the stereo mix and the frame rates.
# Usage: corpus.sh STATE (the stack's folder; its vstream.env is loaded).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
clip_suite "$1"
bash "$top/tests/corpus.sh" "$clips" || fail "the corpus could not be made"

owner=c_$sfx
printf 'a good long password\n' | "$ctl" user add "$owner" >/dev/null
media() { echo "$VSTREAM_DATA_DIR/media/$1"; }
# probe FILE ENTRIES: the first video stream's entries, comma-separated.
probe() { ffprobe -v error -select_streams v:0 -show_entries "stream=$2" \
    -of csv=p=0 "$1"; }
# near A B TOLERANCE: |A - B| <= TOLERANCE.
# (After --: a negative number is no option of node's.)
near() { node -e 'process.exit(Math.abs(process.argv[1] - process.argv[2]) <=
    process.argv[3] ? 0 : 1)' -- "$1" "$2" "$3" ||
    { printf '  got %s, want %s within %s\n' "$1" "$2" "$3" >&2; return 1; }; }
at_least() { node -e 'process.exit(+process.argv[1] >= +process.argv[2] ? 0 : 1)' -- "$1" "$2" ||
    { printf '  got %s, want at least %s\n' "$1" "$2" >&2; return 1; }; }
# shown FILE: width / height as displayed (the pixel shape applied).
shown() { probe "$1" width,height,sample_aspect_ratio | node -e '
	const [w, h, sar] = require("fs").readFileSync(0, "utf8").trim().split(",");
	const [n, d] = (sar.includes(":") ? sar : "1:1").split(":").map(Number);
	console.log(w * (n > 0 && d > 0 ? n / d : 1) / h);'; }
# progressive FILE: the share of pictures ffmpeg's idet takes for progressive,
# each judged on its own (idet's single-frame verdicts).
progressive() { ffmpeg -nostdin -i "$1" -vf idet -an -f null - 2>&1 |
    sed -n 's/.*Single frame detection: TFF: *\([0-9]*\) BFF: *\([0-9]*\) Progressive: *\([0-9]*\).*/\1 \2 \3/p' |
    awk '{ print $3 / ($1 + $2 + $3) }'; }
# volume FILE [FILTER]: the audio's mean volume in dB, after FILTER.
volume() { ffmpeg -nostdin -i "$1" -vn -af "${2:-anull},volumedetect" -f null - 2>&1 |
    sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB/\1/p'; }
psnr() {	# psnr RUNG SOURCE FILTER: the rung against FILTER of the source
	ffmpeg -nostdin -i "$1" -i "$2" -lavfi "[1:v]$3[ref];[0:v][ref]psnr" \
	    -f null - 2>&1 | sed -n 's/.*PSNR.* average:\([0-9.inf]*\).*/\1/p' | tail -n 1
}

# run_case FILE [VAR=VALUE...]: import, transcode with the worker (the
# settings given in its environment), and leave the video's id in $id.
run_case() {
	local f=$1
	shift
	id=$(VSTREAM_JOB_ATTEMPTS=1 as_site "$ctl" video import -u "$owner" \
	    -t "corpus $f" "$clips/$f" 2>"$work/import.err")
	expect "$f: imported" test -n "$id"
	[ -n "$id" ] || { cat "$work/import.err" >&2; return; }
	as_site env "$@" "$worker" --once >>"$work/worker.log" 2>&1
	expect "$f: ready" is "$(sql "SELECT status || ' ' || coalesce(failure_reason, '')
	    FROM videos WHERE id = '$id'")" "ready "
}
rungs() { ls "$(media "$1")/mp4/" 2>/dev/null | sed 's/\.mp4$//' | sort -n | tr '\n' ' '; }

# Every rung of every source: square pixels in the source's shape, tagged
# BT.709 limited range in the stream and in the MP4 and fMP4 colr boxes.
check_rungs() {	# check_rungs FILE ID
	local src=$clips/$1 d m n want
	d=$(media "$2")
	want=$(shown "$src")
	for m in "$d"/mp4/*.mp4; do
		n=$(basename "$m" .mp4)
		expect "$1 $n: square pixels" one_of "$(probe "$m" sample_aspect_ratio)" 1:1 N/A
		expect "$1 $n: shown within 1 % of the source's shape" \
		    near "$(shown "$m")" "$want" "$(node -e "console.log($want / 100)")"
		# ffprobe's order: range, matrix, transfer, primaries.
		expect "$1 $n: tagged BT.709, limited range" is \
		    "$(probe "$m" color_primaries,color_transfer,color_space,color_range)" \
		    "tv,bt709,bt709,bt709"
		expect "$1 $n: the MP4 has a colr box" grep -qa nclx "$m"
		expect "$1 $n: the fMP4 has a colr box" grep -qa nclx "$d/hls/$n/init.mp4"
	done
}

ids=()
for f in $(cd "$clips" && ls); do
	run_case "$f"
	ids+=("$f:$id")
	[ -n "$id" ] && check_rungs "$f" "$id"
done
idof() { local x; for x in "${ids[@]}"; do [ "${x%%:*}" = "$1" ] && echo "${x#*:}"; done; }

# Geometry: anamorphic DVD and camcorder pictures come out in their shape.
expect "PAL 16:9 is 1024x576 at the top" is "$(probe "$(media "$(idof pal169.mkv)")/mp4/576p.mp4" width,height)" "1024,576"
expect "PAL 4:3 is 768x576 at the top" is "$(probe "$(media "$(idof pal43.mkv)")/mp4/576p.mp4" width,height)" "768,576"
expect "NTSC 16:9 is 854x480 at the top" is "$(probe "$(media "$(idof ntsc169.mkv)")/mp4/480p.mp4" width,height)" "854,480"
expect "NTSC 4:3 is 640x480 at the top" is "$(probe "$(media "$(idof ntsc43.mkv)")/mp4/480p.mp4" width,height)" "640,480"

# The thumbnail is a JPEG, read as full range: black is 0, not 16.
expect "thumbnail: full range" test "$(ffprobe -v error -f lavfi \
    -i "movie=$(media "$(idof pal169.mkv)")/thumb.jpg,signalstats" \
    -show_entries frame_tags=lavfi.signalstats.YMIN -of csv=p=0)" -le 4

# Interlacing: the sources are combed, every rung is not.
for f in i576tff.mkv i1080bff.mkv; do
	expect "$f: the source is interlaced as idet sees it" \
	    node -e 'process.exit(+process.argv[1] < 0.5 ? 0 : 1)' "$(progressive "$clips/$f")"
	for m in "$(media "$(idof "$f")")"/mp4/*.mp4; do
		expect "$f $(basename "$m" .mp4): idet finds >= 95 % progressive" \
		    at_least "$(progressive "$m")" 0.95
	done
done

# HDR: the 720p rung against the same frames tone-mapped by the ffmpeg
# program with the same method (zscale to linear light, Hable, BT.709).
tonemap() { echo "zscale=pin=bt2020:tin=$1:min=bt2020nc:rin=limited:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=limited,format=yuv420p"; }
expect "HLG 720p: >= 30 dB against ffmpeg's tone map" at_least \
    "$(psnr "$(media "$(idof hlg.mp4)")/mp4/720p.mp4" "$clips/hlg.mp4" "$(tonemap arib-std-b67)")" 30
expect "PQ 720p: >= 30 dB against ffmpeg's tone map" at_least \
    "$(psnr "$(media "$(idof pq.mkv)")/mp4/720p.mp4" "$clips/pq.mkv" "$(tonemap smpte2084)")" 30
# SDR conversions: full range and BT.601 against ffmpeg's own conversion.
to709="zscale=m=bt709:p=bt709:t=bt709:r=limited,format=yuv420p"
expect "full range 360p: >= 35 dB against ffmpeg's conversion" at_least \
    "$(psnr "$(media "$(idof fullrange.mp4)")/mp4/360p.mp4" "$clips/fullrange.mp4" \
    "zscale=rin=full:min=bt709:pin=bt709:tin=bt709:m=bt709:p=bt709:t=bt709:r=limited,format=yuv420p")" 35
expect "BT.601 480p: >= 35 dB against ffmpeg's conversion" at_least \
    "$(psnr "$(media "$(idof bt601.mp4)")/mp4/480p.mp4" "$clips/bt601.mp4" "$to709")" 35

# Audio: 5.1 mixed down as ffmpeg's -ac 2 does, mono on both sides, the
# default of two tracks.
m=$(media "$(idof surround.mp4)")/mp4/240p.mp4
expect "5.1: stereo" is "$(ffprobe -v error -select_streams a -show_entries stream=channels -of csv=p=0 "$m")" 2
# In floating point, as AAC is: no scaling down for fear of clipping.
ffmpeg -nostdin -v error -i "$clips/surround.mp4" -vn -ac 2 -c:a pcm_f32le "$work/downmix.wav"
expect "5.1: the level within 1 dB of ffmpeg's -ac 2" near "$(volume "$m")" "$(volume "$work/downmix.wav")" 1
m=$(media "$(idof mono.mp4)")/mp4/240p.mp4
expect "mono: stereo" is "$(ffprobe -v error -select_streams a -show_entries stream=channels -of csv=p=0 "$m")" 2
expect "mono: the same on both sides" at_least "$(volume "$m" "pan=mono|c0=c0-c1" | tr -d -)" 60
expect "mono: as loud as the source" near "$(volume "$m")" "$(volume "$clips/mono.mp4")" 1
m=$(media "$(idof twoaudio.mkv)")/mp4/240p.mp4
expect "two tracks: the default one is kept" near "$(volume "$m")" \
    "$(ffmpeg -nostdin -i "$clips/twoaudio.mkv" -map 0:a:1 -af volumedetect -f null - 2>&1 |
    sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB/\1/p')" 1

# Frame rates: 120 fps at 60, 29.97 kept exact, a slideshow at its 1 fps.
expect "120 fps: the rung runs at 60" is "$(probe "$(media "$(idof fps120.mp4)")/mp4/240p.mp4" r_frame_rate)" 60/1
expect "120 fps: the master says 60" grep -q "FRAME-RATE=60.000" "$(media "$(idof fps120.mp4)")/hls/master.m3u8"
expect "29.97 fps: kept exact" is "$(probe "$(media "$(idof bt601.mp4)")/mp4/480p.mp4" r_frame_rate)" 30000/1001
expect "1 fps: kept" is "$(probe "$(media "$(idof slideshow.mp4)")/mp4/360p.mp4" r_frame_rate)" 1/1

# Odd sources: no audio, short, a single frame, 4K and 8K, ProRes.
d=$(media "$(idof noaudio.mp4)")
expect "no audio: video-only rungs" test -z "$(ffprobe -v error -select_streams a -show_entries stream=index -of csv=p=0 "$d/mp4/360p.mp4")"
expect "no audio: the master names no audio codec" test -z "$(grep mp4a "$d/hls/master.m3u8")"
expect "0.5 s: lasts 0.5 s" near "$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$(media "$(idof short.mp4)")/mp4/240p.mp4")" 0.5 0.1
expect "one frame: one rung of one picture" is "$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$(media "$(idof oneframe.mp4)")/mp4/240p.mp4")" 1
expect "4K: rungs up to 1080p" is "$(rungs "$(idof uhd4k.mp4)")" "360p 480p 720p 1080p "
expect "8K: rungs up to 1080p" is "$(rungs "$(idof uhd8k.mp4)")" "360p 480p 720p 1080p "
run_case uhd4k.mp4 VSTREAM_LADDER_MAX=2160
expect "4K with ladder_max = 2160: rungs up to 2160p" is "$(rungs "$id")" "360p 480p 720p 1080p 1440p 2160p "
expect "4K 2160p: 3840x2160" is "$(probe "$(media "$id")/mp4/2160p.mp4" width,height)" "3840,2160"
for f in prores422.mov prores444.mov; do
	expect "$f: 8-bit 4:2:0 rungs" is "$(probe "$(media "$(idof "$f")")/mp4/360p.mp4" pix_fmt)" yuv420p
done

finish corpus
