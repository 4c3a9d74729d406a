#!/bin/bash
# upload.sh: `make bench-upload`. Uploads one video with curl on loopback,
# every way the site takes it, each against its reference in the same run:
#   tus in 50 MB chunks through lighttpd and Apache + mod_fcgid, against
#   the floor behind the same server: a minimal FastCGI program that copies
#   the body to a file and syncs it, as vstream does (same 50 MB chunks);
#   tus through lighttpd against @tus/server (Node) with its file store;
#   multipart through lighttpd and Apache + mod_proxy_fcgi against the
#   floor sent the same way (one request).
# The two sides of each pair alternate, $rounds times; each row is the
# median of the rounds' ratios. Then upload.fcgi's peak resident memory
# (VmHWM) after files from 1 MB to BENCH_UPLOAD_MAX_MB (default 2048).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
mb=${BENCH_UPLOAD_MB:-$([ "$quick" = 1 ] && echo 128 || echo 256)}
rounds=${BENCH_ROUNDS:-3}
maxmb=${BENCH_UPLOAD_MAX_MB:-$([ "$quick" = 1 ] && echo 256 || echo 2048)}
chunk=$((50 * 1024 * 1024))
cleanup() {
	[ -f "$state/tusd.pid" ] && kill "$(cat "$state/tusd.pid")" 2>/dev/null
	stack_stop "$state"
	rm -rf "$state"
}
trap cleanup EXIT
bench_stack /var/tmp 4 "upload_max = $(( (maxmb + 64) * 1024 * 1024 ))
quota_user = 0
quota_user_daily = 0
rate_upload = 1000000
rate_api_user = 1000000"
lport=$port1 aport=$port2 pport=$port3 tport=$port4
cc -O2 -o "$progs/copy.fcgi" bench/copy.c -lfcgi
mkdir -p "$state/tusd"

ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=25:duration=8 \
    -c:v mpeg2video -b:v 40M -maxrate 40M -bufsize 8M -f mpegts "$state/piece.ts"
# video MB: $state/v<MB>.ts, MPEG-TS pieces joined end to end, and its
# 50 MB chunks $state/v<MB>.ts.NNN.
video() {
	local f=$state/v$1.ts
	[ -f "$f" ] && return 0
	: > "$f"
	while [ "$(stat -c %s "$f")" -lt $(($1 * 1024 * 1024)) ]; do
		cat "$state/piece.ts" >> "$f"
	done
	truncate -s $(($1 * 1024 * 1024 / 188 * 188)) "$f"
	split -b "$chunk" -d -a 3 "$f" "$f."
	chmod 644 "$f" "$f".*
}
video "$mb"
src=$state/v$mb.ts

copy=$state/data/copy.bin
bench_servers copy 1 COPY_FILE "$copy"
node bench/tusd.mjs "$tport" "$state/tusd" &
echo $! > "$state/tusd.pid"
stack_wait_port "$tport" tusd

token=$(curl -s -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"a good long password"}' \
    "http://127.0.0.1:$lport/api/v1/auth/login" |
    sed 's/.*"access_token":"\([^"]*\)".*/\1/')
A="Authorization: Bearer $token"

# Every body is sent from its file as curl reads it (-T, -F), none read
# into memory first, and without waiting for 100 Continue.
# Seconds a command takes, to the millisecond (0 when it failed).
timed() {
	local t0 t1
	t0=$(date +%s%N)
	if ! "$@"; then echo "bench: failed: $*" >&2; echo 0; return; fi
	t1=$(date +%s%N)
	echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}
# Drop what the last run stored, and let the disk settle.
settle() {
	rm -rf "$state"/data/media/* "$state"/tusd/* "$copy"
	sync
}
multipart() {	# BASE FILE
	curl -sf -o /dev/null -H "$A" -H 'Expect:' -F "file=@$2" \
	    "$1/api/v1/videos/upload"
}
copy_whole() {	# BASE FILE
	curl -sf -o /dev/null -X POST -H 'Content-Type: application/octet-stream' \
	    -H 'Expect:' -T "$2" "$1/bench/copy.fcgi"
}
copy_chunks() {	# BASE FILE
	local c q=""
	for c in "$2".[0-9]*; do
		curl -sf -o /dev/null -H 'Content-Type: application/octet-stream' \
		    -H 'Expect:' -X POST -T "$c" "$1/bench/copy.fcgi$q" || return 1
		q="?append"
	done
}
# tus BASE PATH FILE [auth]: create, then PATCH every chunk (as "bench"
# with auth).
tus() {
	local loc off=0 c auth=(${4:+-H "$A"})
	loc=$(curl -sf -D - -o /dev/null "${auth[@]}" -H 'Tus-Resumable: 1.0.0' \
	    -H 'Content-Length: 0' -H "Upload-Length: $(stat -c %s "$3")" \
	    -H "Upload-Metadata: filename $(printf video.ts | base64)" \
	    -X POST "$1$2" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
	[ -n "$loc" ] || return 1
	case "$loc" in http*) ;; *) loc=$1$loc ;; esac
	for c in "$3".[0-9]*; do
		curl -sf -o /dev/null "${auth[@]}" -H 'Tus-Resumable: 1.0.0' \
		    -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' \
		    -H "Upload-Offset: $off" -X PATCH -T "$c" "$loc" ||
		    return 1
		off=$((off + $(stat -c %s "$c")))
	done
}
# The largest VmHWM (kB) of the upload.fcgi processes lighttpd runs.
hwm() {
	local p m=0 v
	for p in $(pgrep -P "$(cat "$state/lighttpd/lighttpd.pid")" -f 'upload\.fcgi'); do
		v=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
	done
	echo "$m"
}

# pair METRIC TARGET "VSTREAM-COMMAND" "REFERENCE-COMMAND": alternate the
# two, $rounds times; one row of MB/s, the ratio of the speeds.
pair() {
	local i a b as=() bs=() rs=() size
	size=$(stat -c %s "$src")
	for i in $(seq 1 "$rounds"); do
		if [ $((i % 2)) = 1 ]; then
			settle; a=$(timed $3); settle; b=$(timed $4)
		else
			settle; b=$(timed $4); settle; a=$(timed $3)
		fi
		a=$(awk -v s="$size" -v t="$a" 'BEGIN { if (t > 0) printf "%.1f", s / 1048576 / t; else print 0 }')
		b=$(awk -v s="$size" -v t="$b" 'BEGIN { if (t > 0) printf "%.1f", s / 1048576 / t; else print 0 }')
		as+=("$a") bs+=("$b") rs+=("$(ratio "$a" "$b")")
	done
	printf '  (rounds: %s against %s)\n' "${as[*]}" "${bs[*]}"
	bench_row upload "$1" "$(median "${as[@]}")" "$(median "${bs[@]}")" \
	    MB/s "$(median "${rs[@]}")" "$2"
}

L=http://127.0.0.1:$lport F=http://127.0.0.1:$aport X=http://127.0.0.1:$pport
printf 'upload: %d MB video, 50 MB tus chunks, %s rounds\n' "$mb" "$rounds"
pair "tus 50 MB chunks / copy floor (lighttpd)" ">=0.8" \
    "tus $L /api/v1/uploads/ $src auth" "copy_chunks $L $src"
pair "tus 50 MB chunks / @tus/server" ">=2" \
    "tus $L /api/v1/uploads/ $src auth" "tus http://127.0.0.1:$tport /files/ $src"
pair "tus 50 MB chunks / copy floor (mod_fcgid)" ">=0.8" \
    "tus $F /api/v1/uploads/ $src auth" "copy_chunks $F $src"
pair "multipart / copy floor (lighttpd)" ">=0.95" \
    "multipart $L $src" "copy_whole $L $src"
pair "multipart / copy floor (proxy_fcgi)" ">=0.95" \
    "multipart $X $src" "copy_whole $X $src"

# Peak memory, the files in growing order: VmHWM only grows, so the figure
# after each size is the largest any upload up to it needed.
for s in $(printf '%s\n' 1 64 "$mb" "$maxmb" | sort -nu); do
	video "$s"
	settle; tus "$L" /api/v1/uploads/ "$state/v$s.ts" auth || echo "bench: tus $s MB failed" >&2
	settle; multipart "$L" "$state/v$s.ts" || echo "bench: multipart $s MB failed" >&2
	m=$(hwm)
	bench_row memory "upload.fcgi VmHWM after $s MB (tus+multipart)" \
	    "$m" 16384 kB "$(ratio "$m" 16384)" "<=1"
	[ "$s" = "$mb" ] || rm -f "$state/v$s.ts" "$state/v$s.ts".*
done
settle
