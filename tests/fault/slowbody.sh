#!/bin/bash
# slowbody.sh: clients that trickle their request bodies, more of them than
# a program has processes, on the login and on the upload route: a normal
# login still answers at once, the slow ones are cut by the server, and a
# normal upload answers once they are gone, leaving no partial file; a
# slow resumable chunk leaves the upload's offset and file in agreement.
# Usage: slowbody.sh NAME BASE STATE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
name=slowbody-$1 base=$2 state=$3
slow=$top/tests/fault/slow.js
# More clients than the 2 processes a program has, a byte every 2 s, for
# at most 30 s.
clients=8 step=2 limit=30
user=sb$sfx pass="a good long password"
printf '%s\n' "$pass" | "$state/inst/bin/vstreamctl" user add "$user" >/dev/null
A="Authorization: Bearer $(token "$user")"
partials() { find "$state/data/uploads" -name '*.mp' 2>/dev/null | wc -l; }
before=$(partials)

T='Tus-Resumable: 1.0.0'
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H 'Content-Length: 0' \
    -H 'Upload-Length: 100000'
loc=$(header Location)

node "$slow" PATCH "$base$loc" 1 $step $limit 100000 \
    application/offset+octet-stream abc "$A" "$T" 'Upload-Offset: 0' \
    > "$work/tus.out" &
tus=$!
node "$slow" POST "$base/api/v1/auth/login" $clients $step $limit 1000 \
    application/json '{"username":"slow' > "$work/login.out" &
logins=$!
node "$slow" POST "$base/api/v1/videos/upload" $clients $step $limit 100000 \
    'multipart/form-data; boundary=SLOW' $'--SLOW\r\nContent-Disposition: form-data; name="file"; filename="s.mp4"\r\n\r\n' \
    "$A" > "$work/upload.out" &
uploads=$!
sleep 3

start=$(date +%s%N)
req POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$pass\"}"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect "$name: a login among slow clients succeeds" is "$status" 200
expect "$name: ... within 2 s (took $ms ms)" test "$ms" -lt 2000

wait "$logins" "$uploads" "$tus"
# Cut: answered with an error, or hung up on, before the client's limit;
# not refused at once for its size (413).
were_cut() { grep -cvxE 'open|413|2[0-9][0-9]' "$1"; }
# lighttpd holds slow small bodies itself (no program sees them) until
# they stop coming; Apache cuts them (mod_reqtimeout).
case $1 in apache*)
	expect "$name: every slow login was cut by the server ($(tr '\n' ' ' < "$work/login.out"))" \
	    is "$(were_cut "$work/login.out")" $clients
esac
expect "$name: every slow upload was cut by the server ($(tr '\n' ' ' < "$work/upload.out"))" \
    is "$(were_cut "$work/upload.out")" $clients

expect "$name: the slow resumable chunk was cut ($(cat "$work/tus.out"))" \
    is "$(were_cut "$work/tus.out")" 1
req HEAD "$base$loc" -H "$A" -H "$T"
off=$(header Upload-Offset)
expect "$name: ... and the upload's offset ($off) is its file's size" \
    is "$off" "$(stat -c %s "$state/data/uploads/${loc##*/}.part")"

ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=10:duration=1 \
    -c:v mpeg2video -f mpegts "$work/small.ts"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/small.ts"
expect "$name: a normal upload answers after the slow ones" is "$status" 201
expect "$name: the slow uploads left no partial file" is "$(partials)" "$before"
finish "$name"
