#!/bin/bash
# stream.sh: playlists, segments, MP4 ranges, signed URLs, CORS and path
# tricks through both web servers, on videos the worker made here.
# Usage: stream.sh STATE BASE... (the stack's folder, then each server).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
shift
ctl=$state/inst/bin/vstreamctl
secret=$(cat "$state/secret")
J='Content-Type: application/json'
chmod 755 "$work"
owner=s_$sfx
pass="a good long password"
printf '%s\n' "$pass" | "$ctl" user add "$owner" >/dev/null
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=30:duration=7 \
    -f lavfi -i sine=duration=7 -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac "$work/clip.mp4"
pub=$(as_site "$ctl" video import -u "$owner" -t public "$work/clip.mp4")
priv=$(as_site "$ctl" video import -u "$owner" -v private -t private "$work/clip.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
media=$VSTREAM_DATA_DIR/media

signed() {	# a link token for video $1 (generation 1) that expires at $2
	node -e 'const c = require("crypto");
	    const [s, id, exp] = process.argv.slice(1);
	    const k = c.createHmac("sha256", s).update("media").digest();
	    process.stdout.write(exp + ".1." + c.createHmac("sha256", k)
	        .update(id + "\n1\n" + exp).digest("hex"));' \
	    "$secret" "$1" "$2"
}

for base in "$@"; do
	n=${base##*:}
	v=$base/api/videos/$pub
	req GET "$v/hls/master.m3u8"
	expect "$n: master is 200" is "$status" 200
	expect "$n: master is an HLS playlist" is "$(header Content-Type)" \
	    application/vnd.apple.mpegurl
	expect "$n: master as written" cmp -s "$work/body" "$media/$pub/hls/master.m3u8"
	expect "$n: public playlists are cacheable briefly" \
	    is "$(header Cache-Control)" "public, max-age=60"
	etag=$(header ETag)
	req GET "$v/hls/master.m3u8" -H "If-None-Match: $etag"
	expect "$n: a repeated request with the ETag is 304" is "$status" 304
	req GET "$v/hls/master.m3u8" -H 'Accept-Encoding: gzip'
	expect "$n: gzip when asked" is "$(header Content-Encoding)" gzip
	expect "$n: ... and it unpacks to the playlist" \
	    sh -c "gzip -dc < '$work/body' | cmp -s - '$media/$pub/hls/master.m3u8'"
	req GET "$v/hls/360p/playlist.m3u8"
	expect "$n: variant playlist is 200" is "$status" 200
	expect "$n: variant as written" cmp -s "$work/body" "$media/$pub/hls/360p/playlist.m3u8"
	req GET "$v/hls/360p/init.mp4"
	expect "$n: init segment is 200" is "$status" 200
	expect "$n: init is video/mp4" is "$(header Content-Type)" video/mp4
	expect "$n: init bytes" cmp -s "$work/body" "$media/$pub/hls/360p/init.mp4"
	req GET "$v/hls/360p/0.m4s"
	expect "$n: segment is 200" is "$status" 200
	expect "$n: segment is video/iso.segment" is "$(header Content-Type)" video/iso.segment
	expect "$n: segment bytes" cmp -s "$work/body" "$media/$pub/hls/360p/0.m4s"
	expect "$n: public segments are immutable" \
	    is "$(header Cache-Control)" "public, max-age=31536000, immutable"
	req GET "$v/hls/360p/99.m4s"
	expect "$n: a missing segment is 404" is "$status" 404

	mp4=$media/$pub/mp4/360p.mp4
	size=$(stat -c %s "$mp4")
	req GET "$v/stream/360p" -H 'Range: bytes=100-1099'
	expect "$n: MP4 range is 206" is "$status" 206
	expect "$n: ... with Content-Range" is "$(header Content-Range)" "bytes 100-1099/$size"
	expect "$n: ... exactly those bytes" \
	    sh -c "tail -c +101 '$mp4' | head -c 1000 | cmp -s - '$work/body'"
	req GET "$v/stream/360p" -H "Range: bytes=$size-"
	expect "$n: an unsatisfiable range is 416" is "$status" 416
	req HEAD "$v/stream/360p"
	expect "$n: HEAD on the MP4 is 200" is "$status" 200
	expect "$n: ... with its length" length_is "$(header Content-Length)" "$size"
	expect "$n: ... and byte ranges" is "$(header Accept-Ranges)" bytes
	req GET "$v/thumbnail.jpg"
	expect "$n: thumbnail is a JPEG" is "$(header Content-Type)" image/jpeg

	req OPTIONS "$v/hls/360p/0.m4s" -H 'Origin: http://player.example' \
	    -H 'Access-Control-Request-Method: GET'
	expect "$n: CORS preflight is 204" is "$status" 204
	expect "$n: ... allowing any origin for a public video" \
	    is "$(header Access-Control-Allow-Origin)" "*"
	req GET "$v/hls/360p/0.m4s" -H 'Origin: http://player.example'
	expect "$n: CORS exposes Content-Range" \
	    grep -qi 'Access-Control-Expose-Headers:.*Content-Range' "$work/head"

	# Private: nothing for strangers; signed URLs for the owner.
	p=$base/api/videos/$priv
	req GET "$p/hls/master.m3u8"
	expect "$n: private master, anonymous: 404" is "$status" 404
	req GET "$p/hls/360p/0.m4s"
	expect "$n: private segment without a token: refused" one_of "$status" 403 404
	req GET "$p/stream/360p"
	expect "$n: private MP4 without a token: refused" one_of "$status" 403 404
	req POST "$base/api/v1/auth/login" -H "$J" \
	    -d "{\"username\":\"$owner\",\"password\":\"$pass\"}"
	tok=$(json b.access_token)
	req GET "$p/hls/master.m3u8" -H "Authorization: Bearer $tok"
	expect "$n: the owner gets the private master" is "$status" 200
	expect "$n: ... with signed variant URLs" grep -q '^360p/playlist.m3u8?t=[0-9]*\.[0-9]*\.[0-9a-f]*$' "$work/body"
	t=$(grep -o 't=[0-9]*\.[0-9]*\.[0-9a-f]*' "$work/body" | head -n 1)
	t=${t#t=}
	req GET "$p/hls/360p/0.m4s?t=$t" -H 'Origin: http://player.example'
	expect "$n: a private segment allows an origin of cors_origins" \
	    is "$(header Access-Control-Allow-Origin)" http://player.example
	req GET "$p/hls/360p/0.m4s?t=$t" -H 'Origin: http://elsewhere.example'
	expect "$n: ... and no other" is "$(header Access-Control-Allow-Origin)" ""
	req GET "$p/hls/360p/playlist.m3u8?t=$t"
	expect "$n: the signed variant playlist opens without a login" is "$status" 200
	expect "$n: ... with a signed init" grep -q 'URI="init.mp4?t=' "$work/body"
	expect "$n: ... and signed segments" grep -q '^0.m4s?t=' "$work/body"
	req GET "$p/hls/360p/0.m4s?t=$t"
	expect "$n: a signed segment is 200" is "$status" 200
	expect "$n: ... not cacheable by others" is "$(header Cache-Control)" "private, max-age=3600"
	req GET "$p/hls/360p/0.m4s?t=${t%?}$([ "${t: -1}" = 0 ] && echo 1 || echo 0)"
	expect "$n: a changed token is 403" is "$status" 403
	req GET "$p/hls/360p/0.m4s?t=$(signed "$priv" 1000000000)"
	expect "$n: an expired token is 403" is "$status" 403
	req GET "$p/hls/360p/0.m4s?t=$(signed "$pub" 4000000000)"
	expect "$n: another video's token is 403" is "$status" 403
	req GET "$p/hls/360p/0.m4s?t=$(signed "$priv" 4000000000)"
	expect "$n: a well-made token works (the forgeries were real)" is "$status" 200

	# Path tricks in every parameter: never a file outside the media tree.
	for path in "hls/..%2F..%2F..%2Fetc/passwd" "hls/%2e%2e/%2e%2e/source.mp4" \
	    "hls/360p/..%2Fsource.mp4" "hls/360p/%2e%2e" "hls/..%2f360p/0.m4s" \
	    "hls/360p/0.m4s%00.jpg" "hls/%2Fetc%2Fpasswd/0.m4s" "hls/360p/%2Fetc%2Fpasswd" \
	    "stream/..%2F..%2F..%2Fetc%2Fpasswd" "stream/360p%00" "hls/360p/..%5C..%5Csource.mp4"; do
		req GET "$v/$path"
		expect "$n: $path is refused" one_of "$status" 400 404
		expect "$n: $path leaks nothing" test "$(grep -c 'root:' "$work/body")" = 0
	done
	for id in "..%2F..%2Fetc" "%2e%2e" "$pub%00" "../$pub"; do
		req GET "$base/api/videos/$id/hls/master.m3u8"
		expect "$n: id $id is refused" one_of "$status" 400 404
	done
done
finish "e2e-stream"
