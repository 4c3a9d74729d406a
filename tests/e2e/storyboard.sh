#!/bin/bash
# storyboard.sh: seek previews through lighttpd and Apache: the worker
# leaves a WebVTT thumbnails track and its sheets; the track's cues follow
# each other from 0 to the end, each box inside its sheet; the JSON and
# the page name the track; a private video's track and sheets need its
# signed link, whose token the track's sheet links carry; sheet names
# other than the worker's are 404.
# Usage: storyboard.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
ctl=$state/inst/bin/vstreamctl
pass="a good long password"
chmod 755 "$work"
printf '%s\n' "$pass" | "$ctl" user add "sb_own$sfx" >/dev/null
# 13 s: seven tiles, one every 2 s, the last one short.
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=13 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/s.mp4"
pub=$(as_site "$ctl" video import -u "sb_own$sfx" -t "storyboard $sfx" "$work/s.mp4")
priv=$(as_site "$ctl" video import -u "sb_own$sfx" -t "storyboard p $sfx" -v private "$work/s.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
expect "the videos are ready" is "$(sql "SELECT count(*) FROM videos WHERE id IN
    ('$pub', '$priv') AND status = 'ready'")" 2
dir=$VSTREAM_DATA_DIR/media/$pub
expect "the track is on disk" test -s "$dir/storyboard/storyboard.vtt"
expect "... with its one sheet" is "$(ls "$dir/storyboard" | tr '\n' ' ')" \
    "sheet-0.jpg storyboard.vtt "
expect "no work file is left" test ! -e "$dir/live"

# cues DURATION: the track in $work/body read as a WebVTT parser would;
# prints "sheet x y w h" per cue, and fails unless the cues run from 0 to
# DURATION one after the other.
cues() {
	node -e 'const fs = require("fs");
	    const t = fs.readFileSync(process.argv[1], "utf8"), end = +process.argv[2];
	    const secs = (s) => { const p = s.split(":"); return +p[0] * 3600 + +p[1] * 60 + +p[2]; };
	    if (!t.startsWith("WEBVTT\n")) process.exit(1);
	    let at = 0, bad = 0;
	    for (const block of t.split("\n\n").slice(1)) {
	        const l = block.trim().split("\n");
	        const m = /^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)$/.exec(l[0]);
	        const u = /^storyboard\/sheet-(\d+)\.jpg(\?t=[^#]+)?#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(l[1] || "");
	        if (!m || !u || l.length !== 2 || Math.abs(secs(m[1]) - at) > 0.0005 ||
	            secs(m[2]) <= secs(m[1])) { bad++; continue; }
	        at = secs(m[2]);
	        console.log(u[1], u[3], u[4], u[5], u[6]);
	    }
	    process.exit(bad === 0 && Math.abs(at - end) < 0.0015 ? 0 : 1);' \
	    "$work/body" "$1"
}

# inside BASE VIDEO QUERY: every cue of $work/boxes lies inside its sheet,
# fetched with QUERY, and each sheet is a JPEG.
inside() {
	local base=$1 v=$2 q=$3 s x y w h W H bad=0 seen=""
	while read -r s x y w h; do
		case " $seen " in *" $s "*) ;; *)
			seen="$seen $s"
			curl -s -m 5 -o "$work/sheet-$s.jpg" -w '%{http_code} %{content_type}\n' \
			    "$base/api/videos/$v/storyboard/sheet-$s.jpg$q" > "$work/got"
			is "$(cat "$work/got")" "200 image/jpeg" || bad=$((bad + 1)) ;;
		esac
		IFS=x read -r W H < <(ffprobe -v error -show_entries \
		    stream=width,height -of csv=p=0:s=x "$work/sheet-$s.jpg")
		[ "$((x + w))" -le "${W:-0}" ] && [ "$((y + h))" -le "${H:-0}" ] ||
		    { bad=$((bad + 1)); printf '  %s,%s,%s,%s outside %sx%s\n' \
		    "$x" "$y" "$w" "$h" "$W" "$H" >&2; }
	done < "$work/boxes"
	test "$bad" = 0
}

# server NAME BASE: the public video's previews through one server.
server() {
	local name=$1 base=$2 dur n bad
	req GET "$base/api/v1/videos/$pub"
	dur=$(json b.duration)
	expect "$name: the video's JSON names the track" \
	    is "$(json 'b.storyboard_url.replace(/^.*\/api\//, "/api/")')" \
	    "/api/videos/$pub/storyboard.vtt"
	req GET "$base/videos/$pub"
	expect "$name: the player page names it" \
	    body_has "data-storyboard=\"$(site_path "$base")/api/videos/$pub/storyboard.vtt\""
	req GET "$base/api/videos/$pub/storyboard.vtt"
	expect "$name: the track is 200" is "$status" 200
	expect "$name: ... WebVTT" is "$(header Content-Type)" 'text/vtt; charset=utf-8'
	expect "$name: ... kept a minute anywhere" is "$(header Cache-Control)" 'public, max-age=60'
	cues "$dur" > "$work/boxes"
	expect "$name: its cues run from 0 to the end ($dur s) without a gap" is "$?" 0
	n=$(wc -l < "$work/boxes")
	expect "$name: ... a tile every 2 s ($n)" is "$n" 7
	expect "$name: ... laid left to right, 160x90 each" is \
	    "$(awk '{ printf "%s,%s,%s,%s ", $2, $3, $4, $5 }' "$work/boxes")" \
	    "0,0,160,90 160,0,160,90 320,0,160,90 480,0,160,90 640,0,160,90 800,0,160,90 960,0,160,90 "
	expect "$name: every cue's box lies inside its sheet, a JPEG" inside "$base" "$pub" ""
	req GET "$base/api/videos/$pub/storyboard/sheet-0.jpg"
	expect "$name: a sheet is kept as the thumbnail is" \
	    is "$(header Cache-Control)" 'public, max-age=31536000, immutable'
	bad=0
	for s in sheet-1.jpg sheet-10.jpg sheet-01.jpg sheet-0.png sheet-0.jpg.tmp \
	    storyboard.vtt .sheet-0.jpg %2e%2e sheet-99999999999.jpg; do
		req GET "$base/api/videos/$pub/storyboard/$s"
		[ "$status" = 404 ] || { bad=$((bad + 1)); printf '  %s: %s\n' "$s" "$status" >&2; }
	done
	expect "$name: a sheet name not the worker's, or a sheet not there, is 404" is "$bad" 0
	req GET "$base/api/videos/00000000-0000-4000-8000-000000000000/storyboard.vtt"
	expect "$name: no such video: 404" is "$status" 404
}

server lighttpd "$2"
server apache "$3"

base=$2
own=$(token "sb_own$sfx")
req GET "$base/api/videos/$priv/storyboard.vtt"
expect "private: the track is 404 to strangers" is "$status" 404
req GET "$base/api/videos/$priv/storyboard/sheet-0.jpg"
expect "private: a sheet without a token is refused" one_of "$status" 403 404
req GET "$base/api/videos/$priv/storyboard/sheet-0.jpg?t=forged"
expect "private: ... with a forged one, 403" is "$status" 403
req GET "$base/api/videos/$priv/storyboard.vtt" -H "Authorization: Bearer $own"
expect "private: the owner gets the track" is "$status" 200
expect "private: ... kept privately" is "$(header Cache-Control)" 'private, max-age=60'
req GET "$base/api/v1/videos/$priv" -H "Authorization: Bearer $own"
dur=$(json b.duration)
req GET "$base/api/videos/$priv/storyboard.vtt" -H "Authorization: Bearer $own"
cues "$dur" > "$work/boxes"
expect "private: its cues run from 0 to the end too" is "$?" 0
tok=$(grep -o '?t=[^#]*' "$work/body" | sort -u)
expect "private: every sheet link carries one token" is \
    "$(grep -c '^storyboard/sheet-0.jpg?t=' "$work/body")" 7
expect "private: the sheets load with it, boxes inside" inside "$base" "$priv" "$tok"
# The signed link a viewer gets (the page's), without an account.
req GET "$base/api/videos/$priv/storyboard.vtt$tok"
expect "private: the track through the signed link" is "$status" 200
expect "private: ... its sheet links keep that token" is \
    "$(grep -o '?t=[^#]*' "$work/body" | sort -u)" "$tok"
req GET "$base/api/videos/$priv/storyboard/sheet-0.jpg$tok"
expect "private: a sheet through it" is "$status" 200
req GET "$3/api/videos/$priv/storyboard/sheet-0.jpg$tok"
expect "private: ... and through Apache" is "$status" 200
finish storyboard
