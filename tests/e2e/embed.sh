#!/bin/bash
# embed.sh: the embed page, its options and frame policy, oEmbed, the
# player page's link preview tags and share box, CORS open for public
# media, through each web server. Usage: embed.sh STATE BASE...
# (base_url is the first BASE).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
shift
site=$1
ctl=$state/inst/bin/vstreamctl
pass="a good long password"
chmod 755 "$work"
owner=e_$sfx
printf '%s\n' "$pass" | "$ctl" user add "$owner" >/dev/null
ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=12 \
    -f lavfi -i sine=duration=12 -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -c:a aac "$work/clip.mp4"
title="Quote \"<&' $sfx"
import() { as_site "$ctl" video import -u "$owner" "$@" "$work/clip.mp4"; }
pub=$(import -t "$title")
priv=$(import -v private -t "private $sfx")
unl=$(import -v unlisted -t "unlisted $sfx")
hid=$(import -t "hidden $sfx")
bad=$(import -t "failed $sfx")
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
busy=$(import -t "busy $sfx")
sql "UPDATE videos SET hidden = true WHERE id = '$hid'" >/dev/null
sql "UPDATE videos SET status = 'failed' WHERE id = '$bad'" >/dev/null
esc_title="Quote &quot;&lt;&amp;&#39; $sfx"
# enc TEXT: TEXT as a query value.
enc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
base=$site
tok=$(token "$owner")

for base in "$@"; do
	n=${base##*:}

	# The embed page: framable by anyone by default, the player alone.
	req GET "$base/embed/$pub"
	expect "$n: the embed page is 200" is "$status" 200
	expect "$n: ... framable (frame-ancestors *)" \
	    grep -qi "^Content-Security-Policy:.*frame-ancestors \*" "$work/head"
	expect "$n: ... without X-Frame-Options" is "$(header_count X-Frame-Options)" 0
	expect "$n: ... with the player" body_has '<video-js id="player"'
	expect "$n: ... its playlist" body_has "/api/videos/$pub/hls/master.m3u8"
	expect "$n: ... the title escaped" body_has "$esc_title"
	expect "$n: ... never raw" not_has "$title"
	expect "$n: ... no start, autoplay or loop unasked" \
	    sh -c "grep -q 'data-start=\"\"' '$work/body' && ! grep -q 'data-autoplay\|data-loop' '$work/body'"
	req GET "$base/videos/$pub"
	expect "$n: the player page refuses frames (CSP)" \
	    grep -qi "^Content-Security-Policy:.*frame-ancestors 'none'" "$work/head"
	expect "$n: ... and X-Frame-Options" is "$(header X-Frame-Options)" DENY
	req GET "$base/"
	expect "$n: the home page refuses frames" is "$(header X-Frame-Options)" DENY

	# Options: strict, junk ignored and never reflected.
	for t in "5:5" "90:90" "1m30s:90" "1h2m3s:3723" "2m:120"; do
		req GET "$base/embed/$pub?t=${t%%:*}"
		expect "$n: t=${t%%:*} starts at ${t#*:}" body_has "data-start=\"${t#*:}\""
	done
	for t in "%3Cscript%3Ealert(1)%3C%2Fscript%3E" "-5" "1.5" "1m1h" "999999999999" \
	    "90x" "%22onload%3D%22x" "1h1h" "25h" "%20" ""; do
		req GET "$base/embed/$pub?t=$t"
		expect "$n: t=$t is 200" is "$status" 200
		expect "$n: t=$t is ignored" body_has 'data-start=""'
		expect "$n: t=$t is not reflected" sh -c "! grep -qi 'alert\|onload=' '$work/body'"
	done
	req GET "$base/embed/$pub?autoplay=1&loop=1"
	expect "$n: autoplay=1" body_has 'data-autoplay="1"'
	expect "$n: loop=1" body_has 'data-loop="1"'
	req GET "$base/embed/$pub?autoplay=yes&loop=%3Cb%3E"
	expect "$n: autoplay and loop other than 1 are off" \
	    sh -c "! grep -q 'data-autoplay\|data-loop\|<b>' '$work/body'"
	req GET "$base/videos/$pub?t=1m30s"
	expect "$n: the player page takes t too" body_has 'data-start="90"'

	# Who may be embedded.
	req GET "$base/embed/$priv" -H 'Accept: text/html'
	expect "$n: a private video's embed is 404" is "$status" 404
	expect "$n: ... a page that refuses frames" is "$(header X-Frame-Options)" DENY
	expect "$n: ... showing nothing of it" not_has "private $sfx"
	req GET "$base/embed/$priv" -H "Authorization: Bearer $tok"
	expect "$n: ... even for its owner" is "$status" 404
	req GET "$base/embed/$unl"
	expect "$n: an unlisted video embeds by its id" is "$status" 200
	expect "$n: ... with a signed MP4" body_has "/api/videos/$unl/stream/"
	expect "$n: ... (the link token)" grep -q "stream/[0-9]*p?t=[0-9]" "$work/body"
	req GET "$base/embed/$hid"
	expect "$n: a hidden video's embed is 404" is "$status" 404
	expect "$n: ... saying so inside the frame" body_has 'id="embed-message">This video is not available.'
	expect "$n: ... framable" is "$(header_count X-Frame-Options)" 0
	req GET "$base/embed/$bad"
	expect "$n: a failed video's embed says so" body_has "could not be processed"
	expect "$n: ... with no player" not_has '<video-js'
	req GET "$base/embed/$busy"
	expect "$n: a video not ready yet says so" body_has "still being processed"
	req GET "$base/embed/00000000-0000-4000-8000-000000000000"
	expect "$n: an unknown video's embed is 404" is "$status" 404
	req GET "$base/embed/..%2F..%2Fetc%2Fpasswd"
	expect "$n: a junk id is refused" one_of "$status" 400 404

	# oEmbed.
	u=$(enc "$site/videos/$pub")
	req GET "$base/oembed?url=$u&format=json"
	expect "$n: oEmbed is 200" is "$status" 200
	expect "$n: ... JSON" is "$(header Content-Type)" application/json
	expect "$n: ... with the required fields, rightly typed" is "$(json '[
	    b.version === "1.0", b.type === "video",
	    typeof b.html === "string", Number.isInteger(b.width) && b.width > 0,
	    Number.isInteger(b.height) && b.height > 0,
	    typeof b.author_name === "string", typeof b.provider_name === "string",
	    typeof b.author_url === "string", typeof b.provider_url === "string",
	    typeof b.thumbnail_url === "string",
	    Number.isInteger(b.thumbnail_width), Number.isInteger(b.thumbnail_height)
	    ].every(x => x)')" true
	expect "$n: ... the title as written" is "$(json b.title)" "$title"
	expect "$n: ... the owner" is "$(json b.author_name)" "$owner"
	expect "$n: ... 640 wide at the video's shape" is "$(json 'b.width + "x" + b.height')" 640x360
	expect "$n: ... an iframe of the embed page" \
	    is "$(json 'b.html.startsWith("<iframe src=\"'"$site"'/embed/'"$pub"'\" width=\"640\" height=\"360\"")')" true
	expect "$n: ... whose title is escaped" \
	    is "$(json 'b.html.includes("title=\"'"$esc_title"'\"")')" true
	expect "$n: ... an absolute thumbnail" \
	    is "$(json b.thumbnail_url)" "$site/api/videos/$pub/thumbnail.jpg"
	req GET "$base/oembed?url=$u&maxwidth=320"
	expect "$n: maxwidth is honoured" is "$(json 'b.width + "x" + b.height')" 320x180
	req GET "$base/oembed?url=$u&maxwidth=1000&maxheight=90"
	expect "$n: maxheight is honoured" is "$(json 'b.width + "x" + b.height')" 160x90
	req GET "$base/oembed?url=$u&maxwidth=abc"
	expect "$n: a bad maxwidth is 400" is "$status" 400
	req GET "$base/oembed?url=$(enc "$site/embed/$pub?t=5")"
	expect "$n: an embed URL works too" is "$status" 200
	req GET "$base/oembed?url=$(enc "$site/videos/$unl")"
	expect "$n: an unlisted video's link works" is "$status" 200
	req GET "$base/oembed?url=$u&format=xml"
	expect "$n: format=xml is 501" is "$status" 501
	for bad_url in "http://elsewhere.example/videos/$pub" "$site/videos/$priv" \
	    "$site/videos/$hid" "$site/videos/$pub/../$priv" "$site/videos/${pub}x" \
	    "$site/upload" "$site.evil.example/videos/$pub" "javascript:alert(1)" ""; do
		req GET "$base/oembed?url=$(enc "$bad_url")"
		expect "$n: oEmbed for '$bad_url' is 404" is "$status" 404
	done
	req GET "$base/oembed"
	expect "$n: oEmbed without a url is 404" is "$status" 404

	# The player page: link preview tags, escaped, and the share box.
	req GET "$base/videos/$pub"
	expect "$n: oEmbed discovery" body_has "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"$site/oembed?format=json&amp;url=$u\""
	expect "$n: og:title escaped" body_has "<meta property=\"og:title\" content=\"$esc_title\">"
	expect "$n: og:type" body_has '<meta property="og:type" content="video.other">'
	expect "$n: og:url" body_has "<meta property=\"og:url\" content=\"$site/videos/$pub\">"
	expect "$n: og:image" body_has "<meta property=\"og:image\" content=\"$site/api/videos/$pub/thumbnail.jpg\">"
	expect "$n: og:video, the embed page" body_has "<meta property=\"og:video\" content=\"$site/embed/$pub\">"
	expect "$n: og:video:type" body_has '<meta property="og:video:type" content="text/html">'
	expect "$n: og:video size" body_has '<meta property="og:video:width" content="640">'
	expect "$n: twitter:card" body_has '<meta name="twitter:card" content="player">'
	expect "$n: twitter:player" body_has "<meta name=\"twitter:player\" content=\"$site/embed/$pub\">"
	expect "$n: twitter:player:height" body_has '<meta name="twitter:player:height" content="360">'
	expect "$n: the title is never raw" not_has "$title"
	expect "$n: the share box" body_has "id=\"share-link\" readonly value=\"$site/videos/$pub\""
	expect "$n: ... with the embed code" body_has "&lt;iframe src=&quot;$site/embed/$pub&quot;"
	req GET "$base/videos/$unl"
	expect "$n: no preview tags for an unlisted video" not_has 'og:title'
	req GET "$base/videos/$priv" -H "Authorization: Bearer $tok"
	expect "$n: the owner sees a private video" is "$status" 200
	expect "$n: ... without preview tags" not_has 'og:'
	expect "$n: ... nor embed code" not_has 'id="share-embed"'

	# CORS: a public video's media is open to any origin.
	v=$base/api/videos/$pub
	O='Origin: http://elsewhere.example'
	req GET "$v/hls/master.m3u8" -H "$O"
	rung=$(grep -m 1 -o '^[0-9]*p' "$work/body")
	expect "$n: public master: any origin" is "$(header Access-Control-Allow-Origin)" "*"
	req GET "$v/hls/$rung/playlist.m3u8" -H "$O"
	expect "$n: public rung playlist: any origin" is "$(header Access-Control-Allow-Origin)" "*"
	req GET "$v/hls/$rung/0.m4s" -H "$O"
	expect "$n: public segment: any origin" is "$(header Access-Control-Allow-Origin)" "*"
	expect "$n: ... without credentials" is "$(header_count Access-Control-Allow-Credentials)" 0
	req GET "$v/stream/$rung" -H "$O" -H 'Range: bytes=0-99'
	expect "$n: public MP4: any origin" is "$(header Access-Control-Allow-Origin)" "*"
	req GET "$v/thumbnail.jpg" -H "$O"
	expect "$n: public thumbnail: any origin" is "$(header Access-Control-Allow-Origin)" "*"
	req OPTIONS "$v/hls/$rung/0.m4s" -H "$O" -H 'Access-Control-Request-Method: GET'
	expect "$n: a preflight for it is 204" is "$status" 204
	expect "$n: ... for any origin" is "$(header Access-Control-Allow-Origin)" "*"
	req GET "$v/hls/master.m3u8"
	expect "$n: ... even without an Origin (one cached copy fits all)" \
	    is "$(header Access-Control-Allow-Origin)" "*"

	# ... and closed for a private one, whatever its link.
	p=$base/api/videos/$priv
	req GET "$p/hls/master.m3u8" -H "Authorization: Bearer $tok" -H "$O"
	expect "$n: private master for its owner: no CORS" is "$(header Access-Control-Allow-Origin)" ""
	t=$(grep -m 1 -o 't=[0-9]*\.[0-9]*\.[0-9a-f]*' "$work/body")
	req GET "$p/hls/$rung/playlist.m3u8?$t" -H "$O"
	expect "$n: private rung playlist: no CORS" is "$(header Access-Control-Allow-Origin)" ""
	req GET "$p/hls/$rung/0.m4s?$t" -H "$O"
	expect "$n: private signed segment: 200" is "$status" 200
	expect "$n: ... no CORS" is "$(header Access-Control-Allow-Origin)" ""
	req GET "$p/stream/$rung?$t" -H "$O" -H 'Range: bytes=0-99'
	expect "$n: private MP4: no CORS" is "$(header Access-Control-Allow-Origin)" ""
	req GET "$p/thumbnail.jpg" -H "Authorization: Bearer $tok" -H "$O"
	expect "$n: private thumbnail: no CORS" is "$(header Access-Control-Allow-Origin)" ""
	req OPTIONS "$p/hls/$rung/0.m4s" -H "$O" -H 'Access-Control-Request-Method: GET'
	expect "$n: a preflight for it is not allowed" is "$(header Access-Control-Allow-Origin)" ""
	expect "$n: ... answered by the router, not the handler" is "$status" 204
	u=$base/api/videos/$unl
	req GET "$u/hls/master.m3u8" -H "$O"
	expect "$n: unlisted master: no CORS" is "$(header Access-Control-Allow-Origin)" ""
done

finish embed
