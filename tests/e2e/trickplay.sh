#!/bin/bash
# trickplay.sh: I-frame playlists through lighttpd and Apache: one per
# rung, listed in the master with measured BANDWIDTH, CODECS and
# RESOLUTION; every entry's byte range, after the init segment, decodes as
# one keyframe; the master still reads in ffmpeg and in Video.js's parser;
# a private video's I-frame links are signed.
# Usage: trickplay.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
ctl=$state/inst/bin/vstreamctl
chmod 755 "$work"
pass="a good long password"
printf '%s\n' "$pass" | "$ctl" user add "tp_own$sfx" >/dev/null
# 13 s with sound: three segments, the last one short.
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=13 \
    -f lavfi -i sine=frequency=440:duration=13 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p -c:a aac -b:a 64k "$work/t.mp4"
pub=$(as_site "$ctl" video import -u "tp_own$sfx" -t "trickplay $sfx" "$work/t.mp4")
priv=$(as_site "$ctl" video import -u "tp_own$sfx" -t "trickplay p $sfx" -v private "$work/t.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
expect "the videos are ready" is "$(sql "SELECT count(*) FROM videos WHERE id IN
    ('$pub', '$priv') AND status = 'ready'")" 2

# keyframes BASE PATH NAME: each entry of the I-frame playlist in
# $work/body, fetched as a byte range after the rung's init segment, is
# one video frame, a key frame.
keyframes() {
	local base=$1 path=$2 name=$3 len off seg n=0 bad=0 out
	curl -s -m 5 -o "$work/init.mp4" "$base$path/init.mp4"
	while read -r len off seg; do
		n=$((n + 1))
		cp "$work/init.mp4" "$work/one.mp4"
		curl -s -m 5 -r "$off-$((off + len - 1))" "$base$path/$seg" >> "$work/one.mp4"
		out=$(ffprobe -v quiet -select_streams v -count_frames \
		    -show_entries frame=key_frame,pict_type -of csv=p=0 \
		    "$work/one.mp4" | grep .)
		case $out in
		1,I|1,I,) ;;
		*) bad=$((bad + 1))
		   printf '  %s@%s of %s: %s\n' "$len" "$off" "$seg" "$out" >&2 ;;
		esac
	done < <(awk '/^#EXT-X-BYTERANGE:/ { split(substr($0, 18), a, "@");
	    getline seg; print a[1], a[2], seg }' "$work/body")
	expect "$name: its $n entries (at least 3) each decode as one keyframe" \
	    test "$bad" = 0 -a "$n" -ge 3
}

# server NAME BASE: the public video's I-frame playlists through one server.
server() {
	local name=$1 base=$2 rungs lines q res bw
	req GET "$base/api/videos/$pub/hls/master.m3u8"
	cp "$work/body" "$work/master.m3u8"
	rungs=$(grep -c '^#EXT-X-STREAM-INF' "$work/master.m3u8")
	lines=$(grep -c '^#EXT-X-I-FRAME-STREAM-INF' "$work/master.m3u8")
	expect "$name: the master lists an I-frame playlist per rung ($rungs)" is "$lines" "$rungs"
	expect "$name: ... with a measured BANDWIDTH, the video's CODECS, RESOLUTION" \
	    grep -qE '^#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=[1-9][0-9]*,AVERAGE-BANDWIDTH=[1-9][0-9]*,CODECS="avc1\.[0-9a-f]{6}",RESOLUTION=[0-9]+x[0-9]+,URI="[0-9]+p/iframes\.m3u8"$' "$work/master.m3u8"
	node -e 'const { Parser } = require(process.argv[1]);
	    const p = new Parser(); p.push(require("fs").readFileSync(process.argv[2], "utf8")); p.end();
	    const m = p.manifest;
	    process.exit(m.playlists.length > 0 && m.iFramePlaylists.length === m.playlists.length ? 0 : 1);' \
	    "$top/node_modules/m3u8-parser" "$work/master.m3u8"
	expect "$name: Video.js's parser reads the master, I-frame playlists too" is "$?" 0
	ffmpeg -v error -i "$base/api/videos/$pub/hls/master.m3u8" -f null - \
	    >/dev/null 2>"$work/ff.err"
	expect "$name: ffmpeg reads the whole master without a word" \
	    test "$?" = 0 -a ! -s "$work/ff.err"
	for q in $(grep -o 'URI="[0-9]*p/iframes.m3u8"' "$work/master.m3u8" | grep -o '[0-9]*p'); do
		res=$(grep "URI=\"$q/iframes.m3u8\"" "$work/master.m3u8" | grep -o 'RESOLUTION=[0-9x]*')
		bw=$(grep "URI=\"$q/iframes.m3u8\"" "$work/master.m3u8" | grep -o 'BANDWIDTH=[0-9]*' | head -n 1)
		expect "$name: $q: the same RESOLUTION as its rung" \
		    grep -q "^#EXT-X-STREAM-INF:.*$res.*" "$work/master.m3u8"
		req GET "$base/api/videos/$pub/hls/$q/iframes.m3u8"
		expect "$name: $q: the I-frame playlist is 200" is "$status" 200
		expect "$name: $q: ... an HLS playlist" is "$(header Content-Type)" application/vnd.apple.mpegurl
		expect "$name: $q: ... of I-frames only" body_has '#EXT-X-I-FRAMES-ONLY'
		expect "$name: $q: ... over the init segment" body_has '#EXT-X-MAP:URI="init.mp4"'
		expect "$name: $q: ... whose BANDWIDTH is its busiest entry" is "$bw" "BANDWIDTH=$(awk '
		    /^#EXTINF:/ { d = substr($0, 9) + 0 }
		    /^#EXT-X-BYTERANGE:/ { split(substr($0, 18), a, "@"); r = a[1] * 8 / d;
		        if (r > m) m = r }
		    END { printf "%d", m + 0.5 }' "$work/body")"
		keyframes "$base" "/api/videos/$pub/hls/$q" "$name: $q"
	done
	req GET "$base/api/videos/$pub/hls/240x/iframes.m3u8"
	expect "$name: no I-frame playlist for a rung that cannot be" is "$status" 404
}

server lighttpd "$2"
server apache "$3"

base=$2
own=$(token "tp_own$sfx")
req GET "$base/api/videos/$priv/hls/master.m3u8" -H "Authorization: Bearer $own"
ifr=$(grep -o 'URI="[0-9]*p/iframes.m3u8?t=[^"]*"' "$work/body" | head -n 1 | sed 's/^URI="//; s/"$//')
expect "private: the master's I-frame link is signed" not_starts "${ifr:-none}" none
req GET "$base/api/videos/$priv/hls/$ifr"
expect "private: the signed I-frame playlist is 200" is "$status" 200
expect "private: ... its init and segment links are signed too" is \
    "$(grep -c '?t=' "$work/body")" "$(grep -c '^#EXT-X-BYTERANGE\|^#EXT-X-MAP' "$work/body")"
req GET "$base/api/videos/$priv/hls/${ifr%%\?*}"
expect "private: without the token it is 404 to strangers" is "$status" 404
finish trickplay
