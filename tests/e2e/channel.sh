#!/bin/bash
# channel.sh: channels and stats through each web server given: /u/:name
# with its sort and pages, the Atom feed (valid, escaped, absolute links),
# the profile form, what never shows (private, unlisted, banned, unknown),
# who sees a video's stats, and what the player's reports add to them.
# Usage: channel.sh STATE BASE...
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
shift
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json' F='Content-Type: application/x-www-form-urlencoded'
H='Accept: text/html'
pass="a good long password"
chmod 755 "$work"
own=ch_own$sfx other=ch_oth$sfx banned=ch_ban$sfx mod=ch_mod$sfx adm=ch_adm$sfx
for u in "$own" "$other" "$banned" "$mod" "$adm"; do
	printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
done
"$ctl" user role "$mod" moderator >/dev/null
"$ctl" user role "$adm" admin >/dev/null
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=4 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
odd="<b>&\"'</b> $sfx"
pub=""
for t in "one $sfx" "two $sfx" "$odd"; do
	pub="$pub $(as_site "$ctl" video import -u "$own" -t "$t" "$work/c.mp4")"
done
priv=$(as_site "$ctl" video import -u "$own" -v private -t "hidden-private $sfx" "$work/c.mp4")
unl=$(as_site "$ctl" video import -u "$own" -v unlisted -t "hidden-unlisted $sfx" "$work/c.mp4")
bv=$(as_site "$ctl" video import -u "$banned" -t "banned $sfx" "$work/c.mp4")
transcode "$state/inst/bin/vstream-worker" $pub $priv $unl $bv
"$ctl" user ban "$banned" "testing" >/dev/null
set -- "$@"
bases=("$@")
set -- $pub
v1=$1

for base in "${bases[@]}"; do
	sp=$(site_path "$base")
	export base
	to=$(token "$own") tother=$(token "$other") tmod=$(token "$mod")
	O="Authorization: Bearer $to"

	req GET "$base/u/$own" -H "$H"
	expect "$base: the channel page is 200" is "$status" 200
	expect "... it names the feed for readers" \
	    body_has "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"$sp/u/$own/feed.atom\""
	expect "... it lists a public video" body_has "/videos/$v1"
	expect "... with the odd title escaped" body_has "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;"
	expect "... but no private video" not_has "$priv"
	expect "... nor an unlisted one" not_has "$unl"
	req GET "$base/u/$own?sort=popular" -H "$H"
	expect "... sorted by views too" is "$status" 200
	req GET "$base/u/$own?sort=loudest" -H "$H"
	expect "... an unknown sort is 400" is "$status" 400

	# Keyset pages, two at a time: every public video once.
	: > "$work/seen"
	url="$base/api/v1/users/$own/videos?limit=2"
	for page in 1 2 3 4; do
		req GET "$url"
		json 'b.items.map(i => i.id).join("\n")' >> "$work/seen"
		echo >> "$work/seen"
		next=$(json 'b.next || ""')
		[ -z "$next" ] && break
		url="$base/api/v1/users/$own/videos?limit=2&next=$next"
	done
	expect "$base: the channel's pages hold its three public videos" \
	    is "$(grep -c . "$work/seen")" 3
	expect "... each once" is "$(grep . "$work/seen" | sort | uniq -d | wc -l)" 0
	expect "... none private or unlisted" is "$(grep -cE "$priv|$unl" "$work/seen")" 0
	req GET "$base/u/$own?limit=2" -H "$H"
	expect "... the page links to the next" body_has 'id="next-page"'

	req GET "$base/u/$own/feed.atom"
	expect "$base: the feed is 200" is "$status" 200
	expect "... as Atom" is "$(header Content-Type)" "application/atom+xml; charset=utf-8"
	cp "$work/body" "$work/feed.xml"
	# Its links are absolute, from base_url, whichever server was asked.
	expect "... valid Atom with every element, the odd title intact" \
	    python3 "$top/tests/e2e/atomcheck.py" "$work/feed.xml" \
	    "$VSTREAM_BASE_URL/u/$own/feed.atom" "$odd"
	expect "... three entries" is "$(grep -c '<entry>' "$work/feed.xml")" 3
	expect "... no private or unlisted entry" is "$(grep -cE "$priv|$unl" "$work/feed.xml")" 0
	expect "... the thumbnail link is absolute below the site" \
	    grep -qF "url=\"$VSTREAM_BASE_URL/api/videos/$v1/thumbnail.jpg\"" "$work/feed.xml"

	req GET "$base/api/v1/users/$own"
	expect "$base: the profile API is 200" is "$status" 200
	expect "... counting public videos only" is "$(json b.videos)" 3
	for who in "$banned" "nobody$sfx" "NO%20SUCH"; do
		for p in "/u/$who" "/u/$who/feed.atom" "/api/v1/users/$who" \
		    "/api/v1/users/$who/videos"; do
			req GET "$base$p" -H "$H"
			expect "$base: $p is 404" is "$status" 404
		done
	done

	# The username links to the channel wherever it shows.
	req GET "$base/videos/$v1" -H "$H"
	expect "$base: the player page links the owner's channel" body_has "href=\"$sp/u/$own\""
	req GET "$base/search?q=one+$sfx" -H "$H"
	expect "... and so does search" body_has "href=\"$sp/u/$own\""
	req GET "$base/my" -H "$O" -H "$H"
	expect "... /my links each video's stats" body_has "$sp/my/videos/$v1/stats"

	# The profile form: a session, its CSRF token, limits.
	jar=$work/jar
	rm -f "$jar"
	req POST "$base/api/v1/auth/login" -c "$jar" -H "$F" \
	    --data-urlencode "username=$own" --data-urlencode "password=$pass"
	req GET "$base/account" -b "$jar"
	expect "$base: the account page has the profile form" body_has 'id="profile-form"'
	csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
	req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
	    --data-urlencode "display_name=Ann & <Co> $base" --data-urlencode $'bio=line one\nline two'
	expect "$base: the profile saves" is "$status" 303
	expect "... back to the account page" is "$(header Location)" "$sp/account?profile=1#profile"
	req GET "$base/u/$own" -H "$H"
	expect "... the channel shows the display name escaped" body_has "Ann &amp; &lt;Co&gt; $base"
	req GET "$base/api/v1/users/$own"
	expect "... the API has the bio" is "$(json b.bio)" $'line one\nline two'
	req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
	    --data-urlencode "display_name=$(head -c 65 /dev/zero | tr '\0' x)"
	expect "$base: a display name of 65 characters is refused" is "$(header Location)" \
	    "$sp/account?error=profile#profile"
	req GET "$base/api/v1/users/$own"
	expect "... and changes nothing" is "$(json b.display_name)" "Ann & <Co> $base"
	req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
	    --data-urlencode "display_name=ÄÖÜ$(head -c 61 /dev/zero | tr '\0' x)"
	expect "$base: 64 characters of two bytes and one are taken" is "$(header Location)" \
	    "$sp/account?profile=1#profile"
	expect "... audited" test "$(sql "SELECT count(*) FROM audit_logs WHERE
	    action = 'user.profile' AND actor_name = '$own'")" -ge 1
	req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "display_name=x"
	expect "$base: the profile form without its token is 403" is "$status" 403

	# Stats: the owner and moderators; others are refused.
	req GET "$base/my/videos/$v1/stats" -H "$O" -H "$H"
	expect "$base: the owner's stats page is 200" is "$status" 200
	expect "... with its charts' data" body_has "data-stats=\"$sp/api/v1/videos/$v1/stats\""
	req GET "$base/api/v1/videos/$priv/stats" -H "$O"
	expect "... the owner sees a private video's stats" is "$status" 200
	req GET "$base/my/videos/$v1/stats" -H "Authorization: Bearer $tother" -H "$H"
	expect "$base: another user's stats page is 403" is "$status" 403
	req GET "$base/api/v1/videos/$v1/stats" -H "Authorization: Bearer $tother"
	expect "... and its JSON" is "$status" 403
	req GET "$base/api/v1/videos/$v1/stats" -H "Authorization: Bearer $tmod"
	expect "$base: a moderator sees the stats" is "$status" 200
	req GET "$base/api/v1/videos/$v1/stats"
	expect "$base: anonymous stats JSON is 401" is "$status" 401
	req GET "$base/my/videos/$v1/stats" -H "$H"
	expect "... the page sends to log in" is "$status" 303
	expect "... and back" grep -q "/login" <<<"$(header Location)"
	req GET "$base/api/v1/videos/00000000-0000-4000-8000-000000000000/stats" -H "$O"
	expect "$base: stats of no video are 404" is "$status" 404

	# The administrators' analytics pages draw the admin JSON.
	tadm=$(token "$adm")
	uid=$(sql "SELECT id FROM users WHERE username = '$own'")
	for p in /admin/analytics "/admin/analytics/videos/$v1" "/admin/analytics/users/$uid"; do
		req GET "$base$p" -H "Authorization: Bearer $tadm" -H "$H"
		expect "$base: $p is 200 for an administrator" is "$status" 200
		expect "... with a chart" body_has 'id="chart-days"'
		req GET "$base$p" -H "Authorization: Bearer $tmod" -H "$H"
		expect "... and 403 for a moderator" is "$status" 403
	done
	req GET "$base/admin/analytics/videos/$v1" -H "Authorization: Bearer $tadm" -H "$H"
	expect "$base: a video's analytics page names its JSON" \
	    body_has "data-stats=\"$sp/api/admin/analytics/videos/$v1\""
done

# What the player reports: a view that got to 45 % of its 4 s, from
# another site; three more by other accounts that barely started, with
# referrers that are not origins; values out of range count nowhere.
base=${bases[0]}
for body in '{"position": 1.8, "referrer": "https://blog.example:8443"}' \
    '{"watched": 2, "position": 1.2}' '{"position": "3.9"}' '{"position": 99}' \
    '{"position": -1}'; do
	req POST "$base/api/videos/$v1/views" -H "$J" -d "$body"
	expect "a report is taken: $body" is "$status" 202
done
set -- "$other" "$mod" "$adm"
for r in "https://blog.example/page?q=1" "javascript:alert(1)" \
    "https://$(head -c 300 /dev/zero | tr '\0' a).example"; do
	req POST "$base/api/videos/$v1/views" -H "$J" -H "Authorization: Bearer $(token "$1")" \
	    -d "{\"position\": 0.1, \"referrer\": \"$r\"}"
	expect "a view by $1 is counted" is "$(json b.counted)" true
	shift
done
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
req GET "$base/api/v1/videos/$v1/stats" -H "Authorization: Bearer $(token "$own")"
expect "the stats count the four views" is "$(json b.views)" 4
expect "... four viewers" is "$(json b.unique_viewers)" 4
expect "... the watch time" is "$(json b.watch_seconds)" 2
expect "... on average" is "$(json b.average_watch_seconds)" 0.5
expect "... today in the days" is "$(json 'b.days[b.days.length - 1].views')" 4
expect "... a hundred parts of retention" is "$(json b.retention.length)" 100
expect "... all at the start, one at 30 %, none at 60 % or the end" \
    is "$(json '[b.retention[0], b.retention[30], b.retention[60], b.retention[99]].join()')" "4,1,0,0"
expect "... the referring origin only" is "$(json 'JSON.stringify(b.referrers)')" \
    '[{"origin":"https://blog.example:8443","views":1}]'
expect "nothing but origins is stored" \
    is "$(sql "SELECT count(*) FROM video_referrers WHERE origin ~ '^https?://[^/]+/' OR origin !~ '^https?://'")" 0

finish "e2e-channel"
