#!/bin/bash
# captions.sh: caption tracks through lighttpd and Apache: SubRip and
# WebVTT in, clean WebVTT out; each mistake refused with its line; who may
# change them; CSRF; the master playlist lists them at once, without a new
# transcode; each track's media playlist is segmented as the video's rungs
# are, each segment with the cues over it; a track added or removed while
# the video transcodes reaches the growing master and the final one; the
# pages pass a valid ?captions= to the player; chapters from the
# description.
# Usage: captions.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
ctl=$state/inst/bin/vstreamctl
pass="a good long password"
F='Content-Type: application/x-www-form-urlencoded'
chmod 755 "$work"
for u in k_own$sfx k_other$sfx k_mod$sfx; do
	printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
done
"$ctl" user role "k_mod$sfx" moderator >/dev/null
# Three segments of the rungs: 6 s, 6 s and the rest.
ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=14 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/k.mp4"
pub_l=$(as_site "$ctl" video import -u "k_own$sfx" -t "captions l $sfx" "$work/k.mp4")
pub_a=$(as_site "$ctl" video import -u "k_own$sfx" -t "captions a $sfx" "$work/k.mp4")
priv=$(as_site "$ctl" video import -u "k_own$sfx" -t "captions p $sfx" -v private "$work/k.mp4")
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null

printf '1\r\n00:00:00,500 --> 00:00:01,500\r\n<B>Caf\xe9</B> & <font color="red">tea</font>\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nsecond\r\n' > "$work/good.srt"
printf 'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\n<b>Caf\xc3\xa9</b> &amp; tea\n\n00:00:02.000 --> 00:00:03.000\nsecond\n' > "$work/want.vtt"
printf '\xef\xbb\xbfWEBVTT - a title\n\nNOTE dropped\n\none\n00:01.000 --> 00:02.000 align:start bogus:1\n<v Ann>Hello</v>\n' > "$work/good.vtt"
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start\n<v Ann>Hello</v>\n' > "$work/want2.vtt"
printf 'WEBVTT\n\n00:01,000 --> 00:02.000\nx\n' > "$work/comma.vtt"
printf 'WEBVTT\n\n00:02.000 --> 00:03.000\nx\n\n00:01.000 --> 00:03.000\ny\n' > "$work/order.vtt"
printf 'WEBVTT\n\n00:02.000 --> 00:03.000\nx\n\n00:03.000 --> 00:19.000\ny\n' > "$work/late.vtt"
printf 'WEBVTT\n\n00:01.000 --> 00:02.000\n<script>alert(1)</script>\n' > "$work/script.vtt"
printf 'WEBVTT\n\nSTYLE\n::cue { background: url(http://x.example/) }\n\n00:01.000 --> 00:02.000\nx\n' > "$work/style.vtt"
printf 'WEBVTT\n\n00:01.000 --> 00:02.000\nx\0y\n' > "$work/nul.vtt"
# Cues within a segment, across a boundary, on one, and in the slack past
# the last frame.
printf 'WEBVTT\n\n00:00.500 --> 00:01.500\nfirst\n\n00:05.000 --> 00:07.000 align:start\nacross\n\n00:08.000 --> 00:12.000\nup to the second boundary\n\n00:12.000 --> 00:13.000\nthird\n\n00:13.500 --> 00:15.000\npast the end\n' > "$work/seg.vtt"
# Over the program's 2 MiB, within what the web servers let through.
head -c 2150000 /dev/zero | tr '\0' 'a' > "$work/big.vtt"

# put BASE VIDEO LANG FILE [curl options]: upload a raw file.
put() {
	local b=$1 v=$2 l=$3 f=$4
	shift 4
	req PUT "$b/api/v1/videos/$v/captions/$l" -H 'Content-Type: text/vtt' \
	    --data-binary "@$f" "$@"
}

# refused NAME BASE FILE STATUS TEXT: the owner's upload is refused so.
refused() {
	put "$2" "$pub" xx "$3" -H "Authorization: Bearer $own"
	expect "$1: $3 is $4" is "$status" "$4"
	expect "$1: ... saying $5" body_has "$5"
}

# bounds: the rung's segment boundaries, in ms, from its EXTINF lines
# in $work/rung.inf: "from to" per line, the last one to the end.
bounds() {
	awk -F'[:,]' '{ print int(at * 1000 + 0.5), int((at + $2) * 1000 + 0.5)
	    at += $2 }' "$work/rung.inf" | sed '$ s/ .*/ 9999999999/'
}

# overlapping FROM TO: the timing lines of $work/want.cues whose cue
# overlaps [FROM, TO) ms.
overlapping() {
	awk -v from="$1" -v to="$2" 'function ms(t, a) { split(t, a, ":")
	    return int((a[1] * 3600 + a[2] * 60 + a[3]) * 1000 + 0.5) }
	    ms($1) < to + 0 && ms($3) > from + 0' "$work/want.cues"
}

# aligned NAME BASE VIDEO LANG [QUERY]: LANG's media playlist lists the
# nseg (set here) segments of the video's first rung, with its EXTINF durations and
# TARGETDURATION, and each segment holds the stored track's cues that
# overlap it, with the timestamp map; QUERY (t=...) goes on every URL.
aligned() {
	local name=$1 base=$2 v=$3 lang=$4 q=${5:+?$5} rung n k from to segs
	req GET "$base/api/v1/videos/$v/captions/$lang" ${5:+-H "Authorization: Bearer $own"}
	grep -e ' --> ' "$work/body" > "$work/want.cues"
	req GET "$base/api/videos/$v/hls/master.m3u8$q"
	rung=$(grep -m 1 -o '^[0-9]*p/playlist.m3u8' "$work/body")
	req GET "$base/api/videos/$v/hls/$rung$q"
	grep '^#EXTINF' "$work/body" > "$work/rung.inf"
	grep '^#EXT-X-TARGETDURATION' "$work/body" > "$work/rung.target"
	req GET "$base/api/videos/$v/hls/subs/$lang/playlist.m3u8$q"
	expect "$name: the $lang playlist is 200" is "$status" 200
	expect "$name: ... the rung's EXTINF list" cmp -s "$work/rung.inf" \
	    <(grep '^#EXTINF' "$work/body")
	expect "$name: ... its TARGETDURATION" cmp -s "$work/rung.target" \
	    <(grep '^#EXT-X-TARGETDURATION' "$work/body")
	n=$(wc -l < "$work/rung.inf")
	nseg=$n
	expect "$name: ... more than one segment" test "$n" -gt 1
	segs=$(grep -v '^#' "$work/body" | sed 's/?.*//' | tr '\n' ' ')
	expect "$name: ... named 0.vtt on" is "$segs" "$(seq -f '%g.vtt' 0 $((n - 1)) | tr '\n' ' ')"
	if [ -n "$q" ]; then
		expect "$name: ... each link signed" is \
		    "$(grep -c "^[0-9]*\.vtt$(sed 's/[.]/[.]/g' <<<"$q")\$" "$work/body")" "$n"
	fi
	expect "$name: ... a VOD list" body_has '#EXT-X-PLAYLIST-TYPE:VOD'
	expect "$name: ... ended" body_has '#EXT-X-ENDLIST'
	k=0
	while read -r from to; do
		req GET "$base/api/videos/$v/hls/subs/$lang/$k.vtt$q"
		expect "$name: segment $k is 200" is "$status" 200
		expect "$name: ... WebVTT with the timestamp map" is \
		    "$(head -n 2 "$work/body" | tr '\n' ' ')" \
		    'WEBVTT X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000 '
		expect "$name: ... the cues over $from-$to ms" is \
		    "$(grep -e ' --> ' "$work/body")" "$(overlapping "$from" "$to")"
		expect "$name: ... as text/vtt" is "$(header Content-Type)" 'text/vtt; charset=utf-8'
		expect "$name: ... with an ETag" test -n "$(header ETag)"
		k=$((k + 1))
	done < <(bounds)
}

# server NAME BASE VIDEO: the whole story through one web server.
server() {
	local name=$1 base=$2 pub=$3 own other mod jar csrf etag jobs
	own=$(token "k_own$sfx") other=$(token "k_other$sfx")
	mod=$(token "k_mod$sfx")

	req GET "$base/api/videos/$pub/hls/master.m3u8"
	etag=$(header ETag)
	expect "$name: no subtitles before any caption" not_has 'TYPE=SUBTITLES'
	jobs=$(sql "SELECT count(*) FROM transcode_jobs WHERE video_id = '$pub'")

	req PUT "$base/api/v1/videos/$pub/captions/en?label=English&default=1" \
	    -H "Authorization: Bearer $own" --data-binary "@$work/good.srt"
	expect "$name: a SubRip upload is 201" is "$status" 201
	expect "$name: ... says Latin-1 was converted" body_has 'Latin-1'
	expect "$name: ... with its label" is "$(json b.label)" English
	req GET "$base/api/v1/videos/$pub/captions/en"
	cmp -s "$work/body" "$work/want.vtt"
	expect "$name: ... stored as clean WebVTT" is "$?" 0
	req PUT "$base/api/v1/videos/$pub/captions/fr" \
	    -H "Authorization: Bearer $own" -F label=Fran\ais \
	    -F "file=@$work/good.vtt"
	expect "$name: a WebVTT form upload is 201" is "$status" 201
	req GET "$base/api/v1/videos/$pub/captions/fr"
	cmp -s "$work/body" "$work/want2.vtt"
	expect "$name: ... cleaned (no BOM, NOTE, bad setting)" is "$?" 0
	put "$base" "$pub" fr "$work/good.srt" -H "Authorization: Bearer $own"
	expect "$name: the same language again replaces it (200)" is "$status" 200
	req GET "$base/api/v1/videos/$pub/captions"
	expect "$name: the list has both" is "$(json 'b.items.map(i => i.lang).join()')" en,fr
	expect "$name: ... en is the default" is "$(json 'b.items.map(i => i.default).join()')" true,false

	req GET "$base/api/videos/$pub/hls/master.m3u8"
	expect "$name: the master lists the English track" body_has \
	    '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="subs/en/playlist.m3u8"'
	expect "$name: ... and the French one" body_has 'LANGUAGE="fr",DEFAULT=NO'
	expect "$name: every variant names the group" is \
	    "$(grep -c '^#EXT-X-STREAM-INF' "$work/body")" \
	    "$(grep -c '^#EXT-X-STREAM-INF.*SUBTITLES="subs"' "$work/body")"
	expect "$name: the cached master changed (ETag)" not_starts "$(header ETag)" "$etag"
	expect "$name: ... without a new transcode" is \
	    "$(sql "SELECT count(*) FROM transcode_jobs WHERE video_id = '$pub'")" "$jobs"
	ffmpeg -v error -i "$base/api/videos/$pub/hls/master.m3u8" -t 1 -f null - \
	    >/dev/null 2>"$work/ff.err"
	expect "$name: ffmpeg reads the master with its subtitles" is "$?" 0
	put "$base" "$pub" nl "$work/seg.vtt" -H "Authorization: Bearer $own"
	expect "$name: a track of cues over many segments is 201" is "$status" 201
	aligned "$name" "$base" "$pub" nl
	for k in 0 1; do
		req GET "$base/api/videos/$pub/hls/subs/nl/$k.vtt"
		expect "$name: the cue across the first boundary is in segment $k" body_has across
	done
	req GET "$base/api/videos/$pub/hls/subs/nl/$((nseg - 1)).vtt"
	expect "$name: ... the last has the cue past the last frame" body_has 'past the end'
	expect "$name: ... kept a minute" is "$(header Cache-Control)" 'public, max-age=60'
	req GET "$base/api/videos/$pub/hls/subs/nl/$((nseg - 1)).vtt" -H "If-None-Match: $(header ETag)"
	expect "$name: ... unchanged, its ETag is 304" is "$status" 304
	# Each process keeps the last track it parsed: a replaced one is read
	# again at once, in every process.
	put "$base" "$pub" nl "$work/good.vtt" -H "Authorization: Bearer $own"
	for k in 1 2 3 4; do
		req GET "$base/api/videos/$pub/hls/subs/nl/0.vtt"
		expect "$name: a replaced track's segment has its new cue ($k)" \
		    body_has Hello
	done
	put "$base" "$pub" nl "$work/seg.vtt" -H "Authorization: Bearer $own"
	req GET "$base/api/videos/$pub/hls/subs/nl/0.vtt"
	expect "$name: ... and the old ones back when it is put back" body_has across
	for s in $nseg.vtt 99.vtt 00.vtt 01.vtt -1.vtt 1.VTT 1.vtt.x 1.m4s 999999.vtt \
	    1000000.vtt 1e0.vtt init.mp4; do
		req GET "$base/api/videos/$pub/hls/subs/nl/$s"
		expect "$name: segment $s is 404" is "$status" 404
	done
	req GET "$base/api/videos/$pub/hls/subs/de/0.vtt"
	expect "$name: no segment of a language without a track" is "$status" 404
	# ffmpeg 5.1 leaves a master's subtitle renditions out ("Can't
	# support the subtitle"): it reads the track's own playlist.
	ffmpeg -v error -i "$base/api/videos/$pub/hls/subs/nl/playlist.m3u8" \
	    -f webvtt - >"$work/ff.vtt" 2>"$work/ff.err"
	expect "$name: ffmpeg reads the segmented track" is "$?" 0
	for c in first across 'up to the second boundary' third 'past the end'; do
		expect "$name: ... with the cue $c" grep -qx "$c" "$work/ff.vtt"
	done
	expect "$name: ... once each, at their times, no header as text" is \
	    "$(grep -v -e '^$' "$work/ff.vtt" | grep -v -x -e first -e across -e third \
	    -e 'up to the second boundary' -e 'past the end' | tr '\n' '|')" \
	    'WEBVTT|00:00.500 --> 00:01.500|00:05.000 --> 00:07.000|00:08.000 --> 00:12.000|00:12.000 --> 00:13.000|00:13.500 --> 00:15.000|'
	req GET "$base/api/videos/$pub/hls/subs/en/captions.vtt"
	expect "$name: the HLS file has the timestamp map" body_has \
	    'X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000'
	expect "$name: ... and is WebVTT" is "$(header Content-Type)" 'text/vtt; charset=utf-8'
	req GET "$base/api/videos/$pub/hls/subs/de/playlist.m3u8"
	expect "$name: no playlist for a language without a track" is "$status" 404

	refused "$name" "$base" "$work/comma.vtt" 422 'line 3: WebVTT timestamps put a dot'
	refused "$name" "$base" "$work/order.vtt" 422 'line 6: this cue starts before'
	refused "$name" "$base" "$work/late.vtt" 422 'line 6: the cue ends after the video'
	refused "$name" "$base" "$work/script.vtt" 422 'line 4: <script> is not allowed'
	refused "$name" "$base" "$work/style.vtt" 422 'line 4: a STYLE block may not load'
	refused "$name" "$base" "$work/nul.vtt" 422 'line 4: control byte 0x00'
	refused "$name" "$base" "$work/big.vtt" 413 'larger than 2 MiB'
	expect "$name: ... in the API's error form" is "$(json b.error.code)" bad_upload
	put "$base" "$pub" en_US "$work/good.vtt" -H "Authorization: Bearer $own"
	expect "$name: a bad language tag is 422" is "$status" 422
	req PUT "$base/api/v1/videos/$pub/captions/en?label=$(head -c 65 /dev/zero | tr '\0' l)" \
	    -H "Authorization: Bearer $own" --data-binary "@$work/good.vtt"
	expect "$name: a label over 64 characters is 422" is "$status" 422
	req GET "$base/api/v1/videos/$pub/captions/xx"
	expect "$name: nothing refused was stored" is "$status" 404

	put "$base" "$pub" de "$work/good.vtt" -H "Authorization: Bearer $other"
	expect "$name: another user may not add captions (403)" is "$status" 403
	put "$base" "$pub" de "$work/good.vtt"
	expect "$name: anonymous may not (401)" is "$status" 401
	req DELETE "$base/api/v1/videos/$pub/captions/en" -H "Authorization: Bearer $other"
	expect "$name: another user may not delete them (403)" is "$status" 403
	put "$base" "$pub" de "$work/good.vtt" -H "Authorization: Bearer $mod"
	expect "$name: a moderator may (201)" is "$status" 201
	expect "$name: ... and it is in the audit log" is "$(sql "SELECT count(*) FROM
	    audit_logs WHERE action = 'caption.put' AND target_id = '$pub'")" 1

	jar=$work/jar-$name
	req POST "$base/api/v1/auth/login" -H "$F" -c "$jar" \
	    --data-urlencode "username=k_own$sfx" --data-urlencode "password=$pass"
	req GET "$base/videos/$pub" -b "$jar"
	expect "$name: the owner's page has the caption form" body_has 'id="caption-form"'
	expect "$name: ... and a fallback <track>" body_has \
	    "<track kind=\"subtitles\" srclang=\"en\" label=\"English\" src=\"/api/videos/$pub/hls/subs/en/captions.vtt\" default>"
	csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
	req GET "$base/videos/$pub"
	expect "$name: a visitor's page has no form" not_has 'id="caption-form"'
	put "$base" "$pub" it "$work/good.vtt" -b "$jar"
	expect "$name: a cookie upload without the CSRF token is 403" is "$status" 403
	expect "$name: ... saying csrf" is "$(json b.error.code)" csrf
	put "$base" "$pub" it "$work/good.vtt" -b "$jar" -H "X-CSRF-Token: $csrf"
	expect "$name: ... with it, 201" is "$status" 201
	req POST "$base/videos/$pub/captions" -b "$jar" -F "csrf_token=$csrf" \
	    -F lang=es -F label=Espanol -F "file=@$work/good.srt"
	expect "$name: the page's form adds a track (303)" is "$status" 303
	expect "$name: ... back to the page" is "$(header Location)" "/videos/$pub#captions"
	req POST "$base/videos/$pub/captions" -b "$jar" -F "csrf_token=$csrf" \
	    -F lang=pt -F "file=@$work/order.vtt" -H 'Accept: text/html'
	expect "$name: a bad file through the form is 422" is "$status" 422
	expect "$name: ... on a page naming the line" body_has 'line 6:'
	req POST "$base/videos/$pub/captions/es/delete" -b "$jar" -H "$F" \
	    --data-urlencode "csrf_token=$csrf"
	expect "$name: the page's form deletes a track (303)" is "$status" 303
	req POST "$base/videos/$pub/captions/it/delete" -b "$jar" -H "$F" -d x=1
	expect "$name: ... not without the CSRF token" is "$status" 403

	for l in en fr de it nl; do
		req DELETE "$base/api/v1/videos/$pub/captions/$l" -H "Authorization: Bearer $own"
		expect "$name: the owner deletes $l (204)" is "$status" 204
	done
	req DELETE "$base/api/v1/videos/$pub/captions/en" -H "Authorization: Bearer $own"
	expect "$name: deleting it again is 404" is "$status" 404
	req GET "$base/api/videos/$pub/hls/master.m3u8"
	expect "$name: the master has no subtitles left" not_has 'SUBTITLES'
	expect "$name: ... and is the one from before" is "$(header ETag)" "$etag"
}

server lighttpd "$2" "$pub_l"
server apache "$3" "$pub_a"

# A private video: the subtitle links carry the token as the rungs' do.
base=$2
own=$(token "k_own$sfx")
# One track stays, for the browser test.
# Its third cue is in the second segment.
{ cat "$work/good.srt"; printf '\r\n3\r\n00:00:08,000 --> 00:00:09,000\r\nlater\r\n'; } > "$work/browser.srt"
req PUT "$base/api/v1/videos/$pub_l/captions/en?label=English&default=1" \
    -H "Authorization: Bearer $own" --data-binary "@$work/browser.srt"
expect "a track is added again after all were removed" is "$status" 201
req PUT "$base/api/v1/videos/$pub_l/captions/fr?label=Fran%C3%A7ais" \
    -H "Authorization: Bearer $own" --data-binary "@$work/good.vtt"
expect "... and a French one, for the menu" is "$status" 201
for q in 'captions=fr' 'captions=off' 'captions=pt-BR'; do
	req GET "$base/videos/$pub_l?$q"
	expect "the page passes $q to the player" body_has "data-captions=\"${q#captions=}\""
done
for q in 'captions=en_US' 'captions=%22x' 'captions='; do
	req GET "$base/embed/$pub_l?$q"
	expect "the embed page drops $q" not_has 'data-captions='
done
req GET "$base/embed/$pub_l?captions=fr"
expect "the embed page passes captions=fr" body_has 'data-captions="fr"'

# Chapters: the description's timestamps, in the video's JSON, as WebVTT
# through both servers, and listed under the player.
J='Content-Type: application/json'
for b in "$2" "$3"; do
	req GET "$b/api/videos/$pub_l/chapters.vtt"
	expect "no chapters before a description has them (404)" is "$status" 404
done
req PATCH "$base/api/v1/videos/$pub_l" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"description":"Chapters:\n0:00 Start & <go>\n0:02 - Second half\nThe end."}'
expect "a description with chapters is saved" is "$status" 200
expect "... and the JSON lists them" is "$(json 'JSON.stringify(b.chapters)')" \
    '[{"start":0,"title":"Start & <go>"},{"start":2,"title":"Second half"}]'
req GET "$base/api/v1/videos/$pub_l"
expect "the video's JSON has the chapters" is "$(json 'b.chapters.map(c => c.start).join()')" 0,2
printf 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nStart &amp; &lt;go&gt;\n\n2\n00:00:02.000 --> 00:00:%s\nSecond half\n' \
    "$(sql "SELECT to_char(duration, 'FM00.000') FROM videos WHERE id = '$pub_l'")" > "$work/chapters.vtt"
for b in "$2" "$3"; do
	req GET "$b/api/videos/$pub_l/chapters.vtt"
	cmp -s "$work/body" "$work/chapters.vtt"
	expect "$b: chapters.vtt is the chapters as WebVTT" is "$?" 0
	expect "$b: ... as text/vtt" is "$(header Content-Type)" 'text/vtt; charset=utf-8'
done
req GET "$base/videos/$pub_l"
expect "the page lists the chapters, escaped" body_has \
    "<a href=\"/videos/$pub_l?t=2\" data-start=\"2\">0:02</a> Second half"
expect "... and gives the player their track" body_has \
    "data-chapters=\"/api/videos/$pub_l/chapters.vtt\""
expect "... titles escaped" body_has 'Start &amp; &lt;go&gt;'
req PATCH "$base/api/v1/videos/$priv" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"description":"0:00 a\n0:01 b"}'
req GET "$base/api/videos/$priv/chapters.vtt"
expect "a private video's chapters are hidden from strangers (404)" is "$status" 404
req GET "$base/api/videos/$priv/chapters.vtt" -H "Authorization: Bearer $own"
expect "... and shown to its owner" is "$status" 200
req PATCH "$base/api/v1/videos/$pub_a" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"description":"0:00 a\n0:19 past the end"}'
expect "chapters past the end are not chapters" is "$(json 'b.chapters.length')" 0
put "$base" "$priv" en "$work/good.vtt" -H "Authorization: Bearer $own"
expect "private: the owner adds a track" is "$status" 201
req GET "$base/api/videos/$priv/hls/master.m3u8" -H "Authorization: Bearer $own"
sub=$(grep -o 'URI="subs/en/playlist.m3u8?t=[^"]*"' "$work/body" | sed 's/^URI="//; s/"$//')
expect "private: the master's subtitle link is signed" not_starts "${sub:-none}" none
req GET "$base/api/videos/$priv/hls/$sub"
expect "private: the signed subtitle playlist is 200" is "$status" 200
vtt=$(grep -m 1 '^0\.vtt' "$work/body")
expect "private: ... its segment links are signed too" not_starts "${vtt#0.vtt?t=}" 0.vtt
req GET "$base/api/videos/$priv/hls/subs/en/$vtt"
expect "private: the signed segment is 200" is "$status" 200
expect "private: ... kept by the viewer only" is "$(header Cache-Control)" 'private, max-age=60'
aligned private "$base" "$priv" en "${vtt#0.vtt?}"
for f in 0.vtt captions.vtt; do
	req GET "$base/api/videos/$priv/hls/subs/en/$f" -H "Authorization: Bearer $own"
	expect "private: $f without the token is 403" is "$status" 403
	req GET "$base/api/videos/$priv/hls/subs/en/$f"
	expect "private: ... and 404 to strangers" is "$status" 404
	req GET "$base/api/videos/$priv/hls/subs/en/$f?t=1.2.abc"
	expect "private: ... and 403 with a bad token" is "$status" 403
done
req GET "$base/api/videos/$priv/hls/subs/en/captions.vtt?${vtt#0.vtt?}"
expect "private: the whole file opens with the token" is "$status" 200
req GET "$base/api/v1/videos/$priv/captions"
expect "private: its list is hidden from others (404)" is "$status" 404
ffmpeg -v error -i "$base/api/videos/$priv/hls/master.m3u8?$(grep -o 't=[^"]*' <<<"$sub" | head -n 1)" \
    -t 1 -f null - >/dev/null 2>&1
expect "private: ffmpeg reads the signed master" is "$?" 0

# A video still transcoding: the worker's child is held (SIGSTOP) once the
# video can be watched. A track added before the worker began is in its
# first master; one added or removed meanwhile reaches that growing master
# at once; the finished ladder's master has what the tracks are then.
media=$VSTREAM_DATA_DIR/media
worker=$state/inst/bin/vstream-worker
ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=30 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/g.mp4"
grown=$(as_site "$ctl" video import -u "k_own$sfx" -t "captions growing $sfx" "$work/g.mp4")
put "$base" "$grown" fr "$work/good.vtt" -H "Authorization: Bearer $own"
expect "growing: a track added before the transcode is 201" is "$status" 201
VSTREAM_JOB_STALL=600 as_site "$worker" --once >>"$state/captions-worker.log" 2>&1 &
c=
for i in $(seq 1 200); do
	wpid=$(pgrep -o -fx "$worker --once") && c=$(pgrep -P "$wpid")
	[ -n "$c" ] && break
	sleep 0.1
done
expect "growing: the worker's child runs" test -n "$c"
kill -STOP $c
# A tenth of a second of work at a time, until the first segments are out.
for i in $(seq 1 600); do
	[ "$(sql "SELECT playable FROM videos WHERE id = '$grown'")" = t ] && break
	kill -CONT $c
	sleep 0.1
	kill -STOP $c
done
expect "growing: held while it can be watched" is \
    "$(sql "SELECT status || ' ' || playable FROM videos WHERE id = '$grown'")" 'processing true'
req GET "$base/api/videos/$grown/hls/master.m3u8"
expect "growing: the master is the growing one" is "$(header Cache-Control)" 'public, max-age=2'
expect "growing: ... with the track added before" body_has 'LANGUAGE="fr"'
put "$base" "$grown" en "$work/seg.vtt" -H "Authorization: Bearer $own"
expect "growing: a track added while it transcodes is 201" is "$status" 201
req GET "$base/api/videos/$grown/hls/master.m3u8"
expect "growing: ... in the growing master at once" body_has 'LANGUAGE="en"'
expect "growing: ... every variant names the group" is \
    "$(grep -c '^#EXT-X-STREAM-INF' "$work/body")" \
    "$(grep -c '^#EXT-X-STREAM-INF.*SUBTITLES="subs"' "$work/body")"
expect "growing: ... written on disk" grep -q 'LANGUAGE="en"' "$media/$grown/live/hls/master.m3u8"
rung=$(grep -m 1 -o '^[0-9]*p/playlist.m3u8' "$work/body")
req GET "$base/api/videos/$grown/hls/$rung"
grep '^#EXTINF' "$work/body" > "$work/rung.inf"
req GET "$base/api/videos/$grown/hls/subs/en/playlist.m3u8"
expect "growing: its subtitle playlist is an EVENT one" body_has '#EXT-X-PLAYLIST-TYPE:EVENT'
expect "growing: ... without an end, to be reloaded" not_has 'ENDLIST'
expect "growing: ... the segments out so far" cmp -s "$work/rung.inf" <(grep '^#EXTINF' "$work/body")
expect "growing: ... kept two seconds" is "$(header Cache-Control)" 'public, max-age=2'
req GET "$base/api/videos/$grown/hls/subs/en/0.vtt"
expect "growing: its first segment has the first cue" body_has first
expect "growing: ... kept two seconds" is "$(header Cache-Control)" 'public, max-age=2'
req GET "$base/api/videos/$grown/hls/subs/en/$(wc -l < "$work/rung.inf").vtt"
expect "growing: a segment not out yet is 404" is "$status" 404
req DELETE "$base/api/v1/videos/$grown/captions/fr" -H "Authorization: Bearer $own"
expect "growing: a track removed while it transcodes is 204" is "$status" 204
req GET "$base/api/videos/$grown/hls/master.m3u8"
expect "growing: ... gone from the growing master" not_has 'LANGUAGE="fr"'
kill -CONT $c
for i in $(seq 1 300); do
	[ "$(sql "SELECT status FROM videos WHERE id = '$grown'")" = processing ] || break
	sleep 1
done
expect "growing: the transcode ends" is "$(sql "SELECT status FROM videos WHERE id = '$grown'")" ready
sleep 3
req GET "$base/api/videos/$grown/hls/master.m3u8"
expect "growing: the finished master is kept a minute" is "$(header Cache-Control)" 'public, max-age=60'
expect "growing: ... with the track added meanwhile" body_has 'LANGUAGE="en"'
expect "growing: ... without the one removed" not_has 'LANGUAGE="fr"'
expect "growing: ... measured (I-frame playlists)" body_has '#EXT-X-I-FRAME-STREAM-INF'
aligned growing "$base" "$grown" en
# The browser test takes the one public video with tracks left: pub_l.
req DELETE "$base/api/v1/videos/$grown/captions/en" -H "Authorization: Bearer $own"
expect "growing: its last track removed (204)" is "$status" 204
req GET "$base/api/videos/$grown/hls/master.m3u8"
expect "growing: ... the finished master has no subtitles left" not_has 'SUBTITLES'
finish captions
