#!/bin/bash
# upload.sh: `make bench-upload`. Uploads one video of BENCH_UPLOAD_MB
# (default 2048) with curl on loopback, every way the site takes it:
#   lighttpd: multipart, and tus in 50 MB chunks;
#   Apache + mod_fcgid: tus in 50 MB chunks;
#   Apache + mod_proxy_fcgi: multipart;
# each against the floor measured behind the same server configuration in
# the same run: a minimal FastCGI program that copies the body to a file
# (and syncs it, as vstream does), sent the same way (one request, or the
# same 50 MB chunks). tus is also compared with @tus/server (Node) with its
# file store, same file, same chunks. Prints MB/s, the ratios, and the peak
# resident memory (VmHWM) of the upload program's processes.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. bench/lib.sh
mb=${BENCH_UPLOAD_MB:-2048}
chunk=$((50 * 1024 * 1024))
cleanup() {
	[ -f "$state/tusd.pid" ] && kill "$(cat "$state/tusd.pid")" 2>/dev/null
	stack_stop "$state"
	rm -rf "$state"
}
trap cleanup EXIT
bench_stack /var/tmp 4 "upload_max = $(( (mb + 64) * 1024 * 1024 ))
quota_user = 0
quota_user_daily = 0
rate_upload = 1000000
rate_api_user = 1000000"
lport=$port1 aport=$port2 pport=$port3 tport=$port4
cc -O2 -o "$progs/copy.fcgi" bench/copy.c -lfcgi
mkdir -p "$state/tusd"

# A video of the size asked for: MPEG-TS pieces joined end to end.
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=25:duration=8 \
    -c:v mpeg2video -b:v 40M -maxrate 40M -bufsize 8M -f mpegts "$state/piece.ts"
src=$state/video.ts
: > "$src"
while [ "$(stat -c %s "$src")" -lt $((mb * 1024 * 1024)) ]; do
	cat "$state/piece.ts" >> "$src"
done
truncate -s $((mb * 1024 * 1024 / 188 * 188)) "$src"
size=$(stat -c %s "$src")
split -b "$chunk" -d -a 3 "$src" "$state/chunk."
chmod 644 "$src" "$state"/chunk.*

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

# Seconds a command takes, to the millisecond.
timed() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" || echo "bench: failed: $*" >&2
	t1=$(date +%s%N)
	echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}
# Drop what the last run stored, and let the disk settle.
settle() {
	rm -rf "$state"/data/media/* "$state"/tusd/* "$copy"
	sync
}
multipart() {
	curl -sf -o /dev/null -H "$A" -F "file=@$src" "$1/api/v1/videos/upload"
}
copy_whole() {
	curl -sf -o /dev/null -X POST -H 'Content-Type: application/octet-stream' \
	    -T "$src" "$1/bench/copy.fcgi"
}
copy_chunks() {
	local c q=""
	for c in "$state"/chunk.*; do
		curl -sf -o /dev/null -H 'Content-Type: application/octet-stream' \
		    --data-binary "@$c" "$1/bench/copy.fcgi$q" || return 1
		q="?append"
	done
}
# tus BASE PATH [HEADER]: create, then PATCH every chunk.
tus() {
	local loc off=0 c auth=(${3:+-H "$3"})
	loc=$(curl -sf -D - -o /dev/null "${auth[@]}" -H 'Tus-Resumable: 1.0.0' \
	    -H 'Content-Length: 0' -H "Upload-Length: $size" \
	    -H "Upload-Metadata: filename $(printf video.ts | base64)" \
	    -X POST "$1$2" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
	[ -n "$loc" ] || return 1
	case "$loc" in http*) ;; *) loc=$1$loc ;; esac
	for c in "$state"/chunk.*; do
		curl -sf -o /dev/null "${auth[@]}" -H 'Tus-Resumable: 1.0.0' \
		    -H 'Content-Type: application/offset+octet-stream' \
		    -H "Upload-Offset: $off" -X PATCH --data-binary "@$c" "$loc" ||
		    return 1
		off=$((off + $(stat -c %s "$c")))
	done
}
rate() { echo "scale=1; $size / 1048576 / $1" | bc; }
ratio() { echo "scale=2; $2 / $1" | bc; }
# The largest VmHWM (kB) of any upload.fcgi process now running.
hwm() {
	local p m=0 v
	for p in $(pgrep -f 'upload\.fcgi'); do
		v=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
	done
	echo "$m"
}
report() {	# NAME SECONDS REFERENCE-SECONDS REFERENCE-NAME
	printf '  %-38s %7s MB/s  %6.2f s   %sx %s\n' "$1" "$(rate "$2")" "$2" \
	    "$(ratio "$2" "$3")" "$4"
}

printf 'upload bench: %d MB video (%d bytes), 50 MB tus chunks, %d cores\n' \
    "$mb" "$size" "$(nproc)"
L=http://127.0.0.1:$lport P=http://127.0.0.1:$aport X=http://127.0.0.1:$pport
settle; t_lcopy=$(timed copy_whole "$L")
settle; t_lmp=$(timed multipart "$L")
settle; t_lchunks=$(timed copy_chunks "$L")
settle; t_ltus=$(timed tus "$L" /api/v1/uploads/ "$A")
settle; t_node=$(timed tus "http://127.0.0.1:$tport" /files/)
settle; t_achunks=$(timed copy_chunks "$P")
settle; t_atus=$(timed tus "$P" /api/v1/uploads/ "$A")
settle; t_xcopy=$(timed copy_whole "$X")
settle; t_xmp=$(timed multipart "$X")
settle
echo "lighttpd (stream-request-body = 2):"
report "copy program, one request" "$t_lcopy" "$t_lcopy" "(floor)"
report "multipart, one request" "$t_lmp" "$t_lcopy" "the floor"
report "copy program, 50 MB chunks" "$t_lchunks" "$t_lchunks" "(floor)"
report "tus, 50 MB chunks" "$t_ltus" "$t_lchunks" "the floor"
report "@tus/server (Node), 50 MB chunks" "$t_node" "$t_node" "(reference)"
report "tus against @tus/server" "$t_ltus" "$t_node" "@tus/server"
echo "Apache, mod_fcgid:"
report "copy program, 50 MB chunks" "$t_achunks" "$t_achunks" "(floor)"
report "tus, 50 MB chunks" "$t_atus" "$t_achunks" "the floor"
echo "Apache, mod_proxy_fcgi:"
report "copy program, one request" "$t_xcopy" "$t_xcopy" "(floor)"
report "multipart, one request" "$t_xmp" "$t_xcopy" "the floor"
printf 'peak resident memory of upload.fcgi (VmHWM): %d kB\n' "$(hwm)"
printf 'targets: >= 0.80x the floor on every path, >= 1.5x @tus/server, <= 16384 kB\n'
