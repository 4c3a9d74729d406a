#!/bin/bash
# diskfull.sh: the data folder fills up during an upload: 507 with a clear
# message, the partial file removed, no row, and the site keeps working.
# Runs its own lighttpd on a copy of the stack's configuration whose data
# folder is a 6 MB tmpfs (needs root to mount it).
# Usage: diskfull.sh STATE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
state=$1
name=fault-diskfull
if [ "$(id -u)" != 0 ]; then
	echo "$name: needs root to mount a small file system; skipped" >&2
	finish "$name"
	exit 0
fi
full=$state/full
mkdir -p "$full/data"
mount -t tmpfs -o size=6m tmpfs "$full/data" || { fail "mount a tmpfs"; finish "$name"; exit 1; }
cleanup() {
	stack_stop_pidfile "$full/lighttpd/lighttpd.pid"
	umount "$full/data" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$full/data/media"
chown -R www-data: "$full/data"
sed "s|^data_dir = .*|data_dir = $full/data|" "$state/vstream.conf" > "$full/vstream.conf"
port=$(stack_free_ports 1)
share=$state/inst/share/vstream
# (the environment's VSTREAM_DATA_DIR would win over the file)
(export VSTREAM_DATA_DIR=$full/data
stack_start_lighttpd "$full" "$port" "$state/inst/libexec/vstream" \
    "$share/htdocs" www-data 1 "$full/data/media" >/dev/null) ||
    { fail "lighttpd on the small file system"; finish "$name"; exit 1; }
base=http://127.0.0.1:$port
user=full$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'a good long password\n' | "$state/inst/bin/vstreamctl" user add "$user" >/dev/null
A="Authorization: Bearer $(token "$user" "a good long password")"
T='Tus-Resumable: 1.0.0'
rows() { sql "SELECT count(*) FROM videos v JOIN users u ON u.id = v.owner_id WHERE u.username = '$user'"; }
head -c $((8 * 1024 * 1024)) /dev/urandom > "$work/big.bin"

req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/big.bin"
expect "$name: multipart onto a full disk is 507" is "$status" 507
expect "$name: ... saying so" is "$(json b.error.code)" storage_full
expect "$name: ... leaving no file" is "$(find "$full/data/uploads" -type f | wc -l)" 0
expect "$name: ... and no row" is "$(rows)" 0

req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H 'Content-Length: 0' \
    -H "Upload-Length: $((8 * 1024 * 1024))"
loc=$(header Location)
req PATCH "$base$loc" -H "$A" -H "$T" -H 'Content-Type: application/offset+octet-stream' \
    -H 'Upload-Offset: 0' --data-binary "@$work/big.bin" -m 20
expect "$name: a tus chunk onto a full disk is 507" is "$status" 507
req HEAD "$base$loc" -H "$A" -H "$T"
expect "$name: ... and the upload keeps its offset" is "$(header Upload-Offset)" 0
expect "$name: ... with nothing kept on disk" is "$(stat -c %s "$full/data/uploads/${loc##*/}.part")" 0
req DELETE "$base$loc" -H "$A" -H "$T"

ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/small.mp4"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/small.mp4"
expect "$name: with room again, an upload works" is "$status" 201
req GET "$base/health"
expect "$name: the site stays healthy" is "$status" 200
finish "$name"
