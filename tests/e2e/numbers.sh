#!/bin/bash
# numbers.sh: numbers from the client at their limits (Content-Length,
# Upload-Length, Upload-Offset, limit) through a web server: each gets a
# clear 4xx, none wraps around. Apache with mod_proxy_fcgi passes any
# Content-Length to the program, so that is where this runs.
# Usage: numbers.sh NAME BASE STATE
set -u
. "$(dirname "$0")/../lib.sh"
name=numbers-$1 base=$2 state=$3
user=nu$sfx pass="a good long password"
printf '%s\n' "$pass" | "$state/inst/bin/vstreamctl" user add "$user" >/dev/null
A="Authorization: Bearer $(token "$user")"
T='Tus-Resumable: 1.0.0' O='Content-Type: application/offset+octet-stream'
max=9223372036854775807

upload() {
	req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H 'Content-Length: 0' \
	    -H "Upload-Length: $1" "${@:2}"
}
# (Spaces around a header's value are the web server's to trim.)
for bad in 9223372036854775808 -0 +1 0x10 1e3 ''; do
	upload "$bad"
	expect "$name: Upload-Length \"$bad\" is 400" is "$status" 400
done
upload $max
expect "$name: Upload-Length INT64_MAX is 413 (over the limits)" is "$status" 413

upload 1000
expect "$name: an upload of 1000 bytes begins" is "$status" 201
loc=$(header Location)
printf '0123456789' > "$work/ten"
req PATCH "$base$loc" -H "$A" -H "$T" -H "$O" -H 'Upload-Offset: 0' \
    --data-binary "@$work/ten"
expect "$name: ten bytes at 0 are 204" is "$status" 204
for bad in -0 +10 0x0a 9223372036854775808; do
	req PATCH "$base$loc" -H "$A" -H "$T" -H "$O" -H "Upload-Offset: $bad" \
	    --data-binary "@$work/ten"
	expect "$name: Upload-Offset \"$bad\" is 400" is "$status" 400
done
# offset + Content-Length would pass INT64_MAX: refused before a byte is
# kept (mod_proxy_fcgi then waits for the promised body: no answer).
req PATCH "$base$loc" -H "$A" -H "$T" -H "$O" -H 'Upload-Offset: 10' \
    -H "Content-Length: $max" --data-binary "@$work/ten"
expect "$name: a Content-Length of INT64_MAX at offset 10 is refused" \
    one_of "$status" 413 000
req HEAD "$base$loc" -H "$A" -H "$T"
expect "$name: ... and none of its bytes is kept" is "$(header Upload-Offset)" 10
printf '%0991d' 0 > "$work/rest"
req PATCH "$base$loc" -H "$A" -H "$T" -H "$O" -H 'Upload-Offset: 10' \
    --data-binary "@$work/rest"
expect "$name: one byte past Upload-Length is 413" is "$status" 413
req HEAD "$base$loc" -H "$A" -H "$T"
expect "$name: ... and the offset stays at 10" is "$(header Upload-Offset)" 10

for bad in 0 101 -0 +1 ' 1' 1e2 9223372036854775808; do
	req GET "$base/api/v1/videos" -G --data-urlencode "limit=$bad"
	expect "$name: limit=\"$bad\" is 400" is "$status" 400
done
req GET "$base/api/v1/videos?limit=100"
expect "$name: limit=100 is 200" is "$status" 200
finish "$name"
