#!/bin/bash
# run.sh: `make fuzz`: build every fuzz target with libFuzzer, ASan and
# UBSan (clang), then run each for FUZZ_SECONDS (default 120) from its seed
# corpus. A crash leaves its input in tests/fuzz/crash-* and fails the run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
sh tools/deps.sh fuzz
secs=${FUZZ_SECONDS:-120}
pkgs="json-c hiredis libpq libxcrypt fcgi libjwt libcrypto libavformat
    libavcodec libavutil libswscale libswresample libavfilter zlib"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DVS_DATADIR=\"/nonexistent\"
    -Ilib $(pkg-config --cflags $pkgs)"
work=tests/fuzz/corpus-run
failed=0

# The media target's seeds: tiny clips made now with ffmpeg, a few KB
# each, not kept in the tree; the last joins two that differ.
media_seeds() {
	local d=$work/media-seed ff="ffmpeg -v error -y"
	local v="testsrc2=size=64x48:rate=25:duration=0.2"
	local a="sine=frequency=440:sample_rate=22050:duration=0.2"
	mkdir -p "$d"
	$ff -f lavfi -i "$v" -f lavfi -i "$a" -c:v libx264 -preset ultrafast \
	    -c:a aac -b:a 16k -movflags +faststart "$d/h264-aac.mp4"
	$ff -f lavfi -i "$v" -c:v mpeg4 -q:v 20 "$d/mpeg4.mkv"
	$ff -f lavfi -i "$v" -f lavfi -i "$a" -c:v libx264 -preset ultrafast \
	    -c:a mp2 -b:a 32k "$d/h264-mp2.ts"
	$ff -f lavfi -i "${v/64x48/32x32}" -c:v mjpeg -q:v 31 "$d/mjpeg.avi"
	$ff -f lavfi -i "$v" -c:v libvpx -b:v 50k "$d/vp8.webm"
	$ff -f lavfi -i "${v/64x48/32x32}" -f lavfi -i "$a" -c:v libx264 \
	    -preset ultrafast -c:a aac -ac 2 -b:a 16k -output_ts_offset 0.3 \
	    -f mpegts "$d/second.ts"
	cat "$d/h264-mp2.ts" "$d/second.ts" > "$d/joined.ts"
	rm -f "$d/second.ts"
}
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	t=${name#fuzz_}
	# shellcheck disable=SC2086
	clang $flags -o "tests/fuzz/$name" "$src" lib/*.c $(pkg-config --libs $pkgs)
	mkdir -p "$work/$t"
	seeds=tests/fuzz/corpus/$t
	if [ "$t" = media ]; then
		media_seeds
		seeds=$work/media-seed
	fi
	if ! "tests/fuzz/$name" -max_total_time="$secs" -timeout=10 \
	    -artifact_prefix=tests/fuzz/crash-"$t"- "$work/$t" \
	    "$seeds" >"$work/$t.log" 2>&1; then
		echo "fuzz: $t: FAILED (see $work/$t.log)"
		failed=$((failed + 1))
	else
		echo "fuzz: $t: $(grep -o 'Done [0-9]* runs' "$work/$t.log" || echo done) in ${secs}s, no finding"
	fi
done
echo "fuzz: $(( $(ls tests/fuzz/fuzz_*.c | wc -l) - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
