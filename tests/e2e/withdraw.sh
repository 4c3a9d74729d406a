#!/bin/bash
# withdraw.sh: signed links end when access is withdrawn (made private from
# public or unlisted, hidden by a moderator or by reports, owner banned,
# deleted) within access_check_ttl, through each web server; a playlist
# fetched with a link hands out no link that outlives it.
# Usage: withdraw.sh STATE BASE... (the stack's folder, then each server).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
state=$1
shift
. "$state/stack.env"
ctl=$state/inst/bin/vstreamctl
secret=$(cat "$state/secret")
ttl=$(sed -n 's/^access_check_ttl = *//p' "$state/vstream.conf")
ttl=${ttl:-30}
J='Content-Type: application/json'
pass="a good long password"
chmod 755 "$work"
owner=w_o$sfx mod=w_m$sfx banned=w_b$sfx
printf '%s\n' "$pass" | "$ctl" user add "$owner" >/dev/null
printf '%s\n' "$pass" | "$ctl" user add -r moderator "$mod" >/dev/null
printf '%s\n' "$pass" | "$ctl" user add "$banned" >/dev/null
for i in 1 2 3 4 5; do
	printf '%s\n' "$pass" | "$ctl" user add "w_r$i$sfx" >/dev/null
done
# Only reporters with a verified email older than report_min_age hide.
sql "UPDATE users SET email_verified = true, email_verified_at = now(),
    created_at = now() - interval '8 days' WHERE username LIKE 'w\_r_$sfx'" >/dev/null
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/a.mp4"
new_video() {	# new_video USER VISIBILITY: the new video's id
	as_site "$ctl" video import -u "$1" -v "$2" -t "withdraw $sfx" "$work/a.mp4"
}
priv=$(new_video "$owner" private)
vis=$(new_video "$owner" unlisted)
hid=$(new_video "$owner" unlisted)
rep=$(new_video "$owner" unlisted)
ban=$(new_video "$banned" unlisted)
del1=$(new_video "$owner" private)
del2=$(new_video "$owner" private)
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null

signed() {	# a link token for video $1 at generation $2 that expires at $3
	node -e 'const c = require("crypto");
	    const [s, id, gen, exp] = process.argv.slice(1);
	    const k = c.createHmac("sha256", s).update("media").digest();
	    process.stdout.write(exp + "." + gen + "." +
	        c.createHmac("sha256", k).update(id + "\n" + gen + "\n" + exp)
	        .digest("hex"));' "$secret" "$1" "$2" "$3"
}
# links: the expiry of every link in the body, one a line.
links() { grep -o '?t=[0-9]*' "$work/body" | cut -c4-; }
# seg VIDEO TOKEN: sets $seg to the URL of the first segment of VIDEO's
# first rendition, as the owner's playlists name it (the master with
# Authorization: Bearer TOKEN, then the rendition's with the link alone).
seg() {
	local v
	req GET "$base/api/videos/$1/hls/master.m3u8" -H "Authorization: Bearer $2"
	v=$(grep -m 1 -v '^#' "$work/body")
	req GET "$base/api/videos/$1/hls/$v"
	seg=$base/api/videos/$1/hls/${v%%/*}/$(grep -m 1 '\.m4s' "$work/body")
}
# gone URL: within access_check_ttl and a margin, URL answers 403 or 404.
gone() {
	local end=$((SECONDS + ttl + 4))
	while :; do
		req GET "$1"
		case $status in 403|404) return 0 ;; esac
		[ $SECONDS -lt $end ] || break
		sleep 0.3
	done
	printf '  still %s %ss after the withdrawal\n' "$status" "$((ttl + 4))" >&2
	return 1
}
# works URL: the URL answers 200 now.
works() { req GET "$1"; is "$status" 200; }
# patch VIDEO BODY: the owner changes the video.
patch() {
	req PATCH "$base/api/v1/videos/$1" -H "Authorization: Bearer $otok" \
	    -H "$J" -d "$2"
}

base=$1
otok=$(token "$owner") mtok=$(token "$mod") rtok=$(token "w_r5$sfx")
M="Authorization: Bearer $mtok"
for base in "$@"; do
	n=${base##*:}
	btok=$(token "$banned")

	# No renewal from a link alone.
	req GET "$base/api/videos/$priv/hls/master.m3u8" -H "Authorization: Bearer $otok"
	v=$(grep -m 1 -v '^#' "$work/body")
	exp=$(links | head -n 1)
	expect "$n: the owner's master links expire in hours" \
	    test "$exp" -gt $((EPOCHSECONDS + 3600))
	sleep 1.1
	req GET "$base/api/videos/$priv/hls/$v"
	expect "$n: a rendition playlist opens with the link" is "$status" 200
	expect "$n: ... naming its init and segments" test "$(links | wc -l)" -ge 2
	expect "$n: ... expires with the link that fetched it" \
	    test "$(links | sort -n | tail -n 1)" -le "$exp"
	gen=$(sql "SELECT access_gen FROM videos WHERE id = '$priv'")
	short=$((EPOCHSECONDS + 40))
	req GET "$base/api/videos/$priv/hls/${v%%/*}/playlist.m3u8?t=$(signed "$priv" "$gen" "$short")"
	expect "$n: a link good for 40 s opens the rendition" is "$status" 200
	expect "$n: ... whose links all expire then" \
	    test "$(links | sort -u)" = "$short"
	req GET "$base/api/videos/$priv/hls/master.m3u8?t=$(signed "$priv" "$gen" "$short")"
	expect "$n: ... and so do the master's" test "$(links | sort -u)" = "$short"
	req GET "$base/api/videos/$priv/hls/master.m3u8?t=$(signed "$priv" "$gen" $((EPOCHSECONDS - 5)))"
	expect "$n: an expired link gets no playlist" is "$status" 404

	# Made private: from public, and from unlisted.
	patch "$vis" '{"visibility":"unlisted"}'
	seg "$vis" "$otok"
	expect "$n: unlisted: the signed segment plays" works "$seg"
	req GET "$base/videos/$vis" -H "Authorization: Bearer $otok"
	mp4=$base$(grep -o "/api/videos/$vis/stream/[0-9]*p?t=[0-9a-f.]*" "$work/body" | head -n 1)
	expect "$n: ... and the player page's signed MP4" works "$mp4"
	patch "$vis" '{"visibility":"public"}'
	expect "$n: made public, the link still plays" works "$seg"
	open=${seg%%\?*}
	expect "$n: ... and so does the segment without a token" works "$open"
	patch "$vis" '{"visibility":"private"}'
	expect "$n: public, then private" is "$status" 200
	expect "$n: ... the old segment link stops" gone "$seg"
	expect "$n: ... and the MP4 link" gone "$mp4"
	expect "$n: ... and the segment without a token" gone "$open"
	seg "$vis" "$otok"
	expect "$n: ... the owner's fresh link plays at once" works "$seg"
	patch "$vis" '{"visibility":"unlisted"}'
	seg "$vis" "$otok"
	expect "$n: unlisted again: a new link plays" works "$seg"
	patch "$vis" '{"visibility":"private"}'
	expect "$n: unlisted then private: that link stops too" gone "$seg"
	patch "$vis" '{"visibility":"unlisted"}'
	expect "$n: ... and stays stopped when unlisted again" gone "$seg"

	# Hidden by a moderator.
	seg "$hid" "$otok"
	expect "$n: before hiding, the link plays" works "$seg"
	req POST "$base/api/admin/videos/$hid/hide" -H "$M" -H "$J" -d '{"reason":"check"}'
	expect "$n: the moderator hides it" is "$status" 200
	expect "$n: hidden: the link stops" gone "$seg"
	req POST "$base/api/admin/videos/$hid/unhide" -H "$M" -H "$J" -d '{}'

	# Hidden by reports: four filed already, the fifth hides it.
	seg "$rep" "$otok"
	expect "$n: before the reports, the link plays" works "$seg"
	for i in 1 2 3 4; do
		sql "INSERT INTO content_reports (video_id, reporter_id, reason)
		    SELECT '$rep', id, 'spam' FROM users WHERE username = 'w_r$i$sfx'" >/dev/null
	done
	req POST "$base/api/v1/videos/$rep/reports" -H "Authorization: Bearer $rtok" \
	    -H "$J" -d '{"reason":"spam"}'
	expect "$n: the fifth report is taken" is "$status" 201
	expect "$n: ... the video is hidden" \
	    is "$(sql "SELECT hidden FROM videos WHERE id = '$rep'")" t
	expect "$n: hidden by reports: the link stops" gone "$seg"
	sql "DELETE FROM content_reports WHERE video_id = '$rep'" >/dev/null
	req POST "$base/api/admin/videos/$rep/unhide" -H "$M" -H "$J" -d '{}'

	# The owner banned: by a moderator, then from the command line.
	seg "$ban" "$btok"
	expect "$n: before the ban, the link plays" works "$seg"
	bid=$(sql "SELECT id FROM users WHERE username = '$banned'")
	if [ "$base" = "$1" ]; then
		req POST "$base/api/admin/users/$bid/ban" -H "$M" -H "$J" \
		    -d '{"reason":"check"}'
		expect "$n: the moderator bans the owner" is "$status" 200
	else
		expect "$n: vstreamctl bans the owner" \
		    "$ctl" user ban "$banned" check >/dev/null
	fi
	expect "$n: owner banned: the link stops" gone "$seg"
	"$ctl" user unban "$banned" >/dev/null

	# Deleted.
	[ "$base" = "$1" ] && d=$del1 || d=$del2
	seg "$d" "$otok"
	expect "$n: before the deletion, the link plays" works "$seg"
	req DELETE "$base/api/v1/videos/$d" -H "Authorization: Bearer $otok"
	expect "$n: the owner deletes it" one_of "$status" 200 204
	expect "$n: deleted: the link stops" gone "$seg"
done
# Redis down: links are checked against PostgreSQL, and still end; the
# statement that withdraws may even be typed at psql.
base=$1
seg "$hid" "$otok"
redis-cli -p "$redis_port" -a "$redis_pass" --no-auth-warning shutdown nosave \
    >/dev/null 2>&1
expect "redis down: the signed segment plays" works "$seg"
sql "UPDATE videos SET hidden = true WHERE id = '$hid'" >/dev/null
expect "redis down: hidden at psql, the link stops" gone "$seg"
stack_start_redis "$state" "$redis_port" "$redis_pass"
sleep 1.1
seg "$rep" "$otok"
expect "redis back: a link plays" works "$seg"
finish "e2e-withdraw"
