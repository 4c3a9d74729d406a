#!/bin/bash
# reload.sh: lighttpd is gracefully restarted in the middle of a tus
# upload: the client asks where it stands, resumes, and the stored file is
# the original byte for byte. Usage: reload.sh BASE STATE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
base=$1 state=$2
name=fault-reload
user=rl$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'a good long password\n' | "$state/inst/bin/vstreamctl" user add "$user" >/dev/null
A="Authorization: Bearer $(token "$user" "a good long password")"
T='Tus-Resumable: 1.0.0' O='Content-Type: application/offset+octet-stream'
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=3 \
    -c:v mpeg2video -q:v 1 -f mpegts "$work/v.ts"
size=$(stat -c %s "$work/v.ts")
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H 'Content-Length: 0' \
    -H "Upload-Length: $size" -H "Upload-Metadata: filename $(printf v.ts | base64)"
loc=$(header Location)
curl -s --limit-rate 300k -X PATCH -H "$A" -H "$T" -H "$O" -H 'Upload-Offset: 0' \
    --data-binary "@$work/v.ts" "$base$loc" -o /dev/null -m 30 &
client=$!
sleep 1.5
kill -USR1 "$(cat "$state/lighttpd/lighttpd.pid")"
wait "$client"
for i in $(seq 1 50); do
	req HEAD "$base$loc" -H "$A" -H "$T"
	[ "$status" = 200 ] && break
	sleep 0.2
done
expect "$name: after the restart the upload answers HEAD" is "$status" 200
off=$(header Upload-Offset)
vid=$(header Video-Location)
if [ "$off" -lt "$size" ]; then
	tail -c +$((off + 1)) "$work/v.ts" > "$work/rest"
	req PATCH "$base$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: $off" \
	    --data-binary "@$work/rest" -m 30
	expect "$name: the client resumes from the server's offset" is "$status" 204
	vid=$(header Video-Location)
fi
vid=${vid##*/}
expect "$name: the stored file is the original (sha256)" is \
    "$(sha256sum < "$state/data/media/$vid/source.ts" | cut -d' ' -f1)" \
    "$(sha256sum < "$work/v.ts" | cut -d' ' -f1)"
req GET "$base/health"
expect "$name: the site answers after the restart" is "$status" 200
finish "$name"
