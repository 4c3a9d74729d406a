#!/bin/bash
# progressive.sh: a video still transcoding, through both web servers: its
# growing playlists (short Cache-Control, an ETag that changes with every
# segment, never a stale 304, from no stale cache), its segments (HEAD,
# ranges, immutable), access rules, signed links, views and the listing,
# then the swap of the grown ladder into place. The ladder grows here the
# way the worker publishes it (media/<id>/live/hls, each playlist renamed
# over the last), from segments the worker made.
# Usage: progressive.sh STATE BASE... (the stack's folder, then each server).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
shift
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json'
chmod 755 "$work"
owner=g_$sfx
pass="a good long password"
printf '%s\n' "$pass" | "$ctl" user add "$owner" >/dev/null
printf '%s\n' "$pass" | "$ctl" user add "x_$sfx" >/dev/null
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=30:duration=20 \
    -f lavfi -i sine=duration=20 -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac "$work/clip.mp4"
pub=$(as_site "$ctl" video import -u "$owner" -t "growing public" "$work/clip.mp4")
priv=$(as_site "$ctl" video import -u "$owner" -v private -t "growing private" \
    "$work/clip.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
media=$VSTREAM_DATA_DIR/media
cp -a "$media/$pub/hls" "$work/ladder"
segments=$(grep -c '^[0-9]*\.m4s$' "$work/ladder/360p/playlist.m3u8")

# grow ID K: rung 360p of ID's live ladder has its first K segments, its
# playlist an EVENT one without an end; replaced by a rename, as the
# worker does.
grow() {
	local d=$media/$1/live/hls
	as_site mkdir -p "$d/360p"
	as_site cp "$work/ladder/360p/init.mp4" "$d/360p/"
	[ -f "$d/master.m3u8" ] || as_site cp "$work/ladder/master.m3u8" "$d/"
	for i in $(seq 0 $(($2 - 1))); do
		[ -f "$d/360p/$i.m4s" ] || as_site cp "$work/ladder/360p/$i.m4s" "$d/360p/"
	done
	awk -v k="$2" '/^#EXT-X-ENDLIST/ { next }
	    /^#EXT-X-PLAYLIST-TYPE/ { print "#EXT-X-PLAYLIST-TYPE:EVENT"; next }
	    /^[0-9]+\.m4s$/ { if (n++ >= k) next } { print }' \
	    "$work/ladder/360p/playlist.m3u8" > "$work/pl"
	as_site cp "$work/pl" "$d/360p/.playlist.tmp"
	as_site mv "$d/360p/.playlist.tmp" "$d/360p/playlist.m3u8"
}

# start ID: the video back to transcoding, its first segment out.
start() {
	as_site rm -rf "$media/$1/hls" "$media/$1/live"
	grow "$1" 1
	sql "UPDATE videos SET status = 'processing', progress = 20, playable = true
	    WHERE id = '$1'" >/dev/null
}

# finish_job ID: the end of the job: the ladder as the worker left it, moved
# into place by one rename; the video ready.
finish_job() {
	as_site rm -rf "$media/$1/live/hls"
	as_site cp -a "$work/ladder" "$media/$1/live/hls"
	as_site mv "$media/$1/live/hls" "$media/$1/hls"
	sql "UPDATE videos SET status = 'ready', progress = 100 WHERE id = '$1'" >/dev/null
}

# Requests go to each of a server's processes: ask a few times.
twice() { req "$@"; req "$@"; }
viewers=0

for base in "$@"; do
	n=${base##*:}
	v=$base/api/videos/$pub
	start "$pub"
	start "$priv"
	# What the programs remember of a video lasts two seconds.
	sleep 3

	req GET "$base/api/v1/videos/$pub"
	expect "$n: the API says processing" is "$(json b.status)" processing
	expect "$n: ... and playable" is "$(json b.playable)" true
	expect "$n: ... with its progress" is "$(json b.progress)" 20
	req GET "$base/api/v1/videos"
	expect "$n: a video still transcoding is not listed" not_has "$pub"
	req GET "$base/videos/$pub"
	expect "$n: its page is open to anyone" is "$status" 200
	expect "$n: ... with the player" body_has 'id="player"'
	expect "$n: ... under the notice" body_has 'Still transcoding: <span class="progress">20</span> %, you can watch what is ready.'

	req GET "$v/hls/master.m3u8"
	expect "$n: the growing master is 200" is "$status" 200
	expect "$n: ... kept two seconds" is "$(header Cache-Control)" "public, max-age=2"
	req GET "$v/hls/360p/playlist.m3u8"
	expect "$n: the growing playlist is 200" is "$status" 200
	expect "$n: ... as written" cmp -s "$work/body" "$media/$pub/live/hls/360p/playlist.m3u8"
	expect "$n: ... an EVENT playlist" body_has "#EXT-X-PLAYLIST-TYPE:EVENT"
	expect "$n: ... kept two seconds" is "$(header Cache-Control)" "public, max-age=2"
	etag=$(header ETag)
	req GET "$v/hls/360p/playlist.m3u8" -H "If-None-Match: $etag"
	expect "$n: unchanged, its ETag is 304" is "$status" 304
	req GET "$v/hls/360p/1.m4s"
	expect "$n: a segment not out yet is 404" is "$status" 404

	for k in $(seq 2 $((segments - 1))); do
		grow "$pub" "$k"
		twice GET "$v/hls/360p/playlist.m3u8" -H "If-None-Match: $etag"
		expect "$n: grown to $k segments, the old ETag is 200" is "$status" 200
		expect "$n: ... with a new ETag" test "$(header ETag)" != "$etag"
		expect "$n: ... and the new segment" body_has "$((k - 1)).m4s"
		expect "$n: ... as written" cmp -s "$work/body" \
		    "$media/$pub/live/hls/360p/playlist.m3u8"
		etag=$(header ETag)
	done

	s=$media/$pub/live/hls/360p/1.m4s
	size=$(stat -c %s "$s")
	req GET "$v/hls/360p/1.m4s"
	expect "$n: a published segment is 200" is "$status" 200
	expect "$n: ... its bytes" cmp -s "$work/body" "$s"
	expect "$n: ... immutable" is "$(header Cache-Control)" \
	    "public, max-age=31536000, immutable"
	req HEAD "$v/hls/360p/1.m4s"
	expect "$n: HEAD on a live segment is 200" is "$status" 200
	expect "$n: ... with its length" length_is "$(header Content-Length)" "$size"
	req GET "$v/hls/360p/1.m4s" -H 'Range: bytes=100-1099'
	expect "$n: a range of a live segment is 206" is "$status" 206
	expect "$n: ... with Content-Range" is "$(header Content-Range)" "bytes 100-1099/$size"
	expect "$n: ... exactly those bytes" \
	    sh -c "tail -c +101 '$s' | head -c 1000 | cmp -s - '$work/body'"
	# A viewer counts once in half an hour: another address per server.
	req POST "$base/api/videos/$pub/views" -H "$J" -d '{}' \
	    -H "X-Forwarded-For: 198.51.100.$((++viewers))"
	expect "$n: a view of a video still transcoding counts" is "$(json b.counted)" true

	# Private: strangers see nothing; the owner gets signed links.
	p=$base/api/videos/$priv
	req GET "$p/hls/master.m3u8"
	expect "$n: private growing master, anonymous: 404" is "$status" 404
	req GET "$p/hls/360p/0.m4s"
	expect "$n: private live segment without a token: refused" one_of "$status" 403 404
	req POST "$base/api/v1/auth/login" -H "$J" \
	    -d "{\"username\":\"x_$sfx\",\"password\":\"$pass\"}"
	req GET "$p/hls/master.m3u8" -H "Authorization: Bearer $(json b.access_token)"
	expect "$n: private growing master, another user: 404" is "$status" 404
	req POST "$base/api/v1/auth/login" -H "$J" \
	    -d "{\"username\":\"$owner\",\"password\":\"$pass\"}"
	tok=$(json b.access_token)
	req GET "$p/hls/360p/playlist.m3u8" -H "Authorization: Bearer $tok"
	expect "$n: the owner gets the private growing playlist" is "$status" 200
	expect "$n: ... private, two seconds" is "$(header Cache-Control)" "private, max-age=2"
	expect "$n: ... with signed segments" grep -q '^0.m4s?t=' "$work/body"
	t=$(grep -o 't=[0-9]*\.[0-9]*\.[0-9a-f]*' "$work/body" | head -n 1)
	t=${t#t=}
	req GET "$p/hls/360p/0.m4s?t=$t"
	expect "$n: a signed live segment is 200" is "$status" 200
	expect "$n: ... not cacheable by others" is "$(header Cache-Control)" \
	    "private, max-age=3600"
	grow "$priv" 2
	req GET "$p/hls/360p/playlist.m3u8?t=$t"
	expect "$n: the signed playlist grows" grep -q '^1.m4s?t=' "$work/body"
	req GET "$p/hls/360p/1.m4s?t=$t"
	expect "$n: ... and its new segment opens" is "$status" 200
	sql "UPDATE videos SET playable = false WHERE id = '$priv'" >/dev/null
	sleep 3
	req GET "$p/hls/master.m3u8" -H "Authorization: Bearer $tok"
	expect "$n: before its first segments, the owner learns the status" \
	    is "$status" 409

	# The end of the job: the ladder moves into place.
	twice GET "$v/hls/360p/playlist.m3u8"
	etag=$(header ETag)
	finish_job "$pub"
	twice GET "$v/hls/360p/playlist.m3u8" -H "If-None-Match: $etag"
	expect "$n: once moved into place, the old ETag is 200" is "$status" 200
	expect "$n: ... the whole playlist" cmp -s "$work/body" "$work/ladder/360p/playlist.m3u8"
	expect "$n: ... ended" body_has "#EXT-X-ENDLIST"
	expect "$n: ... kept a minute" is "$(header Cache-Control)" "public, max-age=60"
	req GET "$v/hls/360p/$((segments - 1)).m4s"
	expect "$n: ... its last segment is there" is "$status" 200
	sleep 3
	req GET "$base/api/v1/videos/$pub"
	expect "$n: ready, it is no longer playable-while-transcoding" \
	    is "$(json b.playable)" false
	req GET "$base/api/v1/videos?limit=100"
	expect "$n: ready, it is listed" body_has "$pub"
	finish_job "$priv"

	# A new ladder swapped in over a finished one is never answered from
	# the copy Redis kept of the one before.
	twice GET "$v/hls/360p/playlist.m3u8"
	as_site cp -a "$work/ladder" "$media/$pub/hls.new"
	printf '# again\n' | as_site tee -a "$media/$pub/hls.new/360p/playlist.m3u8" >/dev/null
	as_site mv "$media/$pub/hls" "$media/$pub/hls.old"
	as_site mv "$media/$pub/hls.new" "$media/$pub/hls"
	as_site rm -rf "$media/$pub/hls.old"
	twice GET "$v/hls/360p/playlist.m3u8"
	expect "$n: a ladder swapped in is served at once" body_has "# again"
	sleep 1
	req GET "$v/hls/360p/playlist.m3u8"
	expect "$n: ... also a second later, past the process's copy" body_has "# again"
	as_site rm -rf "$media/$pub/hls"
	as_site cp -a "$work/ladder" "$media/$pub/hls"
done
finish "e2e-progressive"
