#!/bin/bash
# upload.sh: multipart and tus uploads through a web server: what is kept
# when all goes well, and that nothing is kept when it does not.
# Usage: upload.sh NAME BASE STATE. With UPLOAD_CHUNK (the site's
# upload_chunk, when a host takes small bodies), tus bodies go in pieces of
# that size, and the clip sent by multipart is small enough for one request.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
name=$1 base=$2 state=$3
# Location headers name paths from the host on, the site's path first.
sp=$(site_path "$base") origin=$(site_origin "$base")
ctl=$state/inst/bin/vstreamctl
data=$state/data
J='Content-Type: application/json'
T='Tus-Resumable: 1.0.0'
O='Content-Type: application/offset+octet-stream'
pass="a good long password"
b64() { printf %s "$1" | base64 -w0; }
for u in up$sfx other$sfx; do
	printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
done
tok=$(token "up$sfx") other=$(token "other$sfx")
A="Authorization: Bearer $tok"
uid=$(sql "SELECT id FROM users WHERE username = 'up$sfx'")
chunk=${UPLOAD_CHUNK:-0} dims=320x240
[ "$chunk" -gt 0 ] && [ "$chunk" -lt 262144 ] && dims=160x120
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=$dims:rate=25:duration=2 \
    -f lavfi -i sine=duration=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac -shortest "$work/clip.mp4"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=2 \
    -c:v mpeg2video -q:v 1 -f mpegts "$work/big.ts"
videos() { sql "SELECT count(*) FROM videos WHERE owner_id = '$uid'"; }
leftovers() { find "$data/uploads" -name '*.mp' 2>/dev/null | wc -l; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- multipart ---------------------------------------------------------------
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/clip.mp4" \
    -F "title=Clip $sfx" -F "description=from curl" -F visibility=unlisted
expect "$name: curl -F is 201" is "$status" 201
id=$(json b.id)
expect "$name: Location names the video" is "$(header Location)" "$sp/api/v1/videos/$id"
expect "$name: it is queued" is "$(json b.status)" queued
expect "$name: the row has the probed metadata" is \
    "$(sql "SELECT title, visibility, width, height, source_video_codec, source_audio_codec, source_name, duration > 1.9 FROM videos WHERE id = '$id'")" \
    "Clip $sfx|unlisted|${dims/x/|}|h264|aac|clip.mp4|t"
expect "$name: a job is queued" is "$(sql "SELECT count(*) FROM transcode_jobs WHERE video_id = '$id'")" 1
expect "$name: the original is under media/" is "$(sha "$data/media/$id/source.mp4")" "$(sha "$work/clip.mp4")"
n=$(videos)

req POST "$base/api/v1/videos/upload" -F "file=@$work/clip.mp4"
expect "$name: anonymous upload is 401" is "$status" 401
printf 'just words\n' > "$work/words.mp4"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/words.mp4"
expect "$name: a text file is 415" is "$status" 415
expect "$name: ... saying it is not a video" is "$(json b.error.code)" not_a_video
printf '<html><script>alert(1)</script></html>' > "$work/page.html"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/page.html;type=video/mp4"
expect "$name: an HTML file is 415" is "$status" 415
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' > "$work/x.svg"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/x.svg;type=video/mp4"
expect "$name: an SVG file is 415" is "$status" 415
{ printf '<html><script>alert(1)</script>'; head -c 4700 "$work/big.ts"; } > "$work/poly.ts"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/poly.ts"
expect "$name: an HTML and MPEG-TS polyglot is 415" is "$status" 415
printf '#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n' > "$work/list.m3u8"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/list.m3u8"
expect "$name: a playlist pointing elsewhere is 415" is "$status" 415
req POST "$base/api/v1/videos/upload" -H "$A" -H "$J" -d '{"file":"x"}'
expect "$name: JSON instead of multipart is 415" is "$status" 415
req POST "$base/api/v1/videos/upload" -H "$A" -F "title=no file"
expect "$name: no file part is 400" is "$status" 400
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/clip.mp4" -F "colour=red"
expect "$name: an unknown field is 400" is "$status" 400
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/clip.mp4" -F "visibility=everyone"
expect "$name: a bad visibility is 400" is "$status" 400
head -c 30000 "$work/clip.mp4" > "$work/cut.mp4"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n' > "$work/open.body"
cat "$work/cut.mp4" >> "$work/open.body"
req POST "$base/api/v1/videos/upload" -H "$A" -H 'Content-Type: multipart/form-data; boundary=XyZ' \
    --data-binary "@$work/open.body"
expect "$name: a body without its closing boundary is 400" is "$status" 400
head -c $((17 * 1024 * 1024)) /dev/zero > "$work/huge.mp4"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/huge.mp4"
expect "$name: a file over upload_max is 413" is "$status" 413
expect "$name: ... pointing to the resumable upload" body_has "/api/v1/uploads/"
head -c $((16 * 1024 * 1024 + 32768)) /dev/zero > "$work/edge.mp4"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/edge.mp4"
expect "$name: a file just over the limit is 413 while reading" is "$status" 413
if [ "$name" = apache ]; then
	# Over mod_fcgid's limit: Apache refuses before reading the body.
	req POST "$base/api/v1/videos/upload" -H "$A" -H 'Content-Type: multipart/form-data; boundary=b' \
	    -H 'Content-Length: 1100000000' --data-binary x
	expect "$name: a body over the server's limit is 413 at once" is "$status" 413
	expect "$name: ... pointing to the resumable upload" body_has "/api/v1/uploads/"
fi
# A client that goes away in the middle of the body.
head -c $((3 * 1024 * 1024)) /dev/urandom > "$work/slow.mp4"
timeout 2 curl -s --limit-rate 500k -H "$A" -F "file=@$work/slow.mp4" \
    "$base/api/v1/videos/upload" -o /dev/null
sleep 1
expect "$name: bad uploads add no video" is "$(videos)" "$n"
expect "$name: ... and leave no file behind" is "$(leftovers)" 0

# A browser form: the CSRF token must come before the file.
jar=$work/jar
req POST "$base/api/v1/auth/login" -c "$jar" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-urlencode "username=up$sfx" --data-urlencode "password=$pass"
req GET "$base/upload" -b "$jar"
expect "$name: the upload page is 200" is "$status" 200
expect "$name: ... and shows the quota" body_has 'id="quota"'
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
req POST "$base/api/v1/videos/upload" -b "$jar" -F "file=@$work/clip.mp4"
expect "$name: a cookie upload without CSRF is 403" is "$status" 403
req POST "$base/api/v1/videos/upload" -b "$jar" -F "file=@$work/clip.mp4" -F "csrf_token=$csrf"
expect "$name: a token after the file is too late: 403" is "$status" 403
req POST "$base/api/v1/videos/upload" -b "$jar" -H 'Accept: text/html' \
    -F "csrf_token=$csrf" -F "file=@$work/clip.mp4" -F "title=form $sfx"
expect "$name: the form without JavaScript uploads: 303" is "$status" 303
expect "$name: ... to the video's page" is "$(header Location | cut -c1-$((${#sp} + 8)))" "$sp/videos/"

# --- tus -----------------------------------------------------------------------
req OPTIONS "$base/api/v1/uploads/"
expect "$name: tus discovery is 204" is "$status" 204
expect "$name: ... with every extension" is "$(header Tus-Extension)" \
    "creation,creation-with-upload,termination,expiration,checksum"
expect "$name: ... and sha1" is "$(header Tus-Checksum-Algorithm)" "sha1,sha256"

size=$(stat -c %s "$work/big.ts")
meta="filename $(b64 big.ts),title $(b64 "Resumed $sfx"),visibility $(b64 private)"
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $size" -H "Upload-Metadata: $meta"
expect "$name: tus creation is 201" is "$status" 201
loc=$(header Location)
expect "$name: ... with an expiry" grep -q ' GMT$' <<<"$(header Upload-Expires)"
# The client dies halfway through; the server keeps what arrived.
timeout 2 curl -s --limit-rate 250k -X PATCH -H "$A" -H "$T" -H "$O" \
    -H "Upload-Offset: 0" --data-binary "@$work/big.ts" "$origin$loc" -o /dev/null
sleep 1
req HEAD "$origin$loc" -H "$A" -H "$T"
expect "$name: HEAD after the cut is 200" is "$status" 200
off=$(header Upload-Offset)
expect "$name: ... with an offset short of the end" test "$off" -lt "$size"
expect "$name: ... and no caching" is "$(header Cache-Control)" no-store
req HEAD "$origin$loc" -H "Authorization: Bearer $other" -H "$T"
expect "$name: somebody else's upload is 404" is "$status" 404
req PATCH "$origin$loc" -H "Authorization: Bearer $other" -H "$T" -H "$O" \
    -H "Upload-Offset: $off" --data-binary "@$work/clip.mp4"
expect "$name: ... also for PATCH" is "$status" 404
tail -c +$((off + 1)) "$work/big.ts" > "$work/rest"
# What one PATCH may carry: the rest, or a piece of upload_chunk.
if [ "$chunk" -gt 0 ]; then head -c "$chunk" "$work/rest" > "$work/piece"; else cp "$work/rest" "$work/piece"; fi
req PATCH "$origin$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: $((off + 1))" \
    --data-binary "@$work/piece"
expect "$name: a wrong offset is 409" is "$status" 409
req PATCH "$origin$loc" -H "$A" -H "$O" -H "Upload-Offset: $off" --data-binary "@$work/piece"
expect "$name: no Tus-Resumable is 412" is "$status" 412
req PATCH "$origin$loc" -H "$A" -H "$T" -H 'Content-Type: application/octet-stream' \
    -H "Upload-Offset: $off" --data-binary "@$work/piece"
expect "$name: a wrong Content-Type is 415" is "$status" 415
req PATCH "$origin$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: $off" \
    -H "Upload-Checksum: sha1 $(printf x | openssl dgst -sha1 -binary | base64 -w0)" \
    --data-binary "@$work/piece"
expect "$name: a checksum mismatch is 460" is "$status" 460
req HEAD "$origin$loc" -H "$A" -H "$T"
expect "$name: ... and the chunk is discarded" is "$(header Upload-Offset)" "$off"
# The rest from offset $1, in pieces of upload_chunk (else whole), each
# with its sha1; $status and the headers are the last PATCH's.
patch_from() {
	local at=$1 n
	while [ "$at" -lt "$size" ]; do
		n=$((size - at))
		[ "$chunk" -gt 0 ] && [ "$n" -gt "$chunk" ] && n=$chunk
		tail -c +$((at + 1)) "$work/big.ts" | head -c "$n" > "$work/piece"
		req PATCH "$origin$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: $at" \
		    -H "Upload-Checksum: sha1 $(openssl dgst -sha1 -binary "$work/piece" | base64 -w0)" \
		    --data-binary "@$work/piece"
		[ "$status" = 204 ] || return
		at=$(header Upload-Offset)
	done
}
patch_from "$off"
expect "$name: the resumed PATCH is 204" is "$status" 204
expect "$name: ... and reaches the end" is "$(header Upload-Offset)" "$size"
vid=$(header Video-Location | sed 's|.*/||')
expect "$name: the stored file is the original (sha256)" is \
    "$(sha "$data/media/$vid/source.ts")" "$(sha "$work/big.ts")"
expect "$name: the video keeps the metadata" is \
    "$(sql "SELECT title, visibility, source_name, status <> 'failed' FROM videos WHERE id = '$vid'")" \
    "Resumed $sfx|private|big.ts|t"
expect "$name: the upload is complete" is "$(sql "SELECT state FROM upload_sessions WHERE video_id = '$vid'")" complete
expect "$name: no part file is left" test ! -e "$data/uploads/${loc##*/}.part"

# creation-with-upload, and a finished upload that is not a video.
wsize=$(stat -c %s "$work/words.mp4")
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "$O" -H "Upload-Length: $wsize" \
    -H "Upload-Metadata: filename $(b64 words.mp4)" --data-binary "@$work/words.mp4"
expect "$name: creation-with-upload of a text file is 415" is "$status" 415
expect "$name: ... and its upload is gone" is \
    "$(sql "SELECT count(*) FROM upload_sessions WHERE user_id = '$uid' AND state = 'open'")" 0
csize=$(stat -c %s "$work/clip.mp4")
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "$O" -H "Upload-Length: $csize" \
    -H "Upload-Metadata: filename $(b64 clip.mp4)" --data-binary "@$work/clip.mp4"
expect "$name: creation-with-upload of a clip is 201" is "$status" 201
expect "$name: ... complete at once" is "$(header Upload-Offset)" "$csize"
expect "$name: ... named after its file" is \
    "$(sql "SELECT title FROM videos WHERE id = '$(header Video-Location | sed 's|.*/||')'")" clip

# Termination, expiry and bad creations.
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" -H "Upload-Length: 1000"
loc=$(header Location)
req DELETE "$origin$loc" -H "$A" -H "$T"
expect "$name: termination is 204" is "$status" 204
expect "$name: ... removing the file" test ! -e "$data/uploads/${loc##*/}.part"
req HEAD "$origin$loc" -H "$A" -H "$T"
expect "$name: a terminated upload is 404" is "$status" 404
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" -H "Upload-Length: 1000"
loc=$(header Location)
sql "UPDATE upload_sessions SET expires_at = now() - interval '1 minute' WHERE id = '${loc##*/}'" >/dev/null
req PATCH "$origin$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: 0" --data-binary "@$work/piece"
expect "$name: an expired upload is 410" is "$status" 410
# The worker runs as the owner of the data, like the site.
if [ "$(id -u)" = 0 ]; then
	runuser -u "$(stat -L -c %U "$data")" -- "$state/inst/bin/vstream-worker" --once >/dev/null 2>&1
else
	"$state/inst/bin/vstream-worker" --once >/dev/null 2>&1
fi
expect "$name: housekeeping removes the expired file" test ! -e "$data/uploads/${loc##*/}.part"
expect "$name: ... and marks it expired" is "$(sql "SELECT state FROM upload_sessions WHERE id = '${loc##*/}'")" expired
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0"
expect "$name: creation without Upload-Length is 400" is "$status" 400
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" -H "Upload-Length: 10" \
    -H "Upload-Metadata: title %%%"
expect "$name: malformed metadata is 400" is "$status" 400
req POST "$base/api/v1/uploads/" -H "$A" -H "Content-Length: 0" -H "Upload-Length: 10"
expect "$name: creation without Tus-Resumable is 412" is "$status" 412
expect "$name: ... naming the version" is "$(header Tus-Version)" 1.0.0
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $((17 * 1024 * 1024))"
expect "$name: creation over upload_max is 413" is "$status" 413
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $((16 * 1024 * 1024))"
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $((10 * 1024 * 1024))"
expect "$name: creation over the quota is 413" is "$status" 413
expect "$name: ... with the numbers" body_has "bytes used"
req GET "$base/api/v1/uploads" -H "$A"
expect "$name: the user sees the open upload and the quota" is \
    "$(json '[b.uploads.length, b.quota.limit]')" "[1,25165824]"
req POST "$base/api/v1/uploads/" -H "$T" -H "Content-Length: 0" -H "Upload-Length: 10"
expect "$name: anonymous creation is 401" is "$status" 401

finish "upload ($name)"
