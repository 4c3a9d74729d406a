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
    libavcodec libavutil libswscale libswresample zlib"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DVS_DATADIR=\"/nonexistent\"
    -Ilib $(pkg-config --cflags $pkgs)"
work=tests/fuzz/corpus-run
failed=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	t=${name#fuzz_}
	# shellcheck disable=SC2086
	clang $flags -o "tests/fuzz/$name" "$src" lib/*.c $(pkg-config --libs $pkgs)
	mkdir -p "$work/$t"
	if ! "tests/fuzz/$name" -max_total_time="$secs" -timeout=10 \
	    -artifact_prefix=tests/fuzz/crash-"$t"- "$work/$t" \
	    "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
		echo "fuzz: $t: FAILED (see $work/$t.log)"
		failed=$((failed + 1))
	else
		echo "fuzz: $t: $(grep -o 'Done [0-9]* runs' "$work/$t.log" || echo done) in ${secs}s, no finding"
	fi
done
echo "fuzz: $(( $(ls tests/fuzz/fuzz_*.c | wc -l) - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
