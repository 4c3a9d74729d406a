#!/bin/bash
# catalog.sh: the videos API: listing, search, keyset pagination, editing,
# deleting, reports; who may do what. Usage: catalog.sh STATE BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1 base=$2
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json'
pass="a good long password"
chmod 755 "$work"
for u in c_own$sfx c_other$sfx c_mod$sfx c_adm$sfx; do
	printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
done
"$ctl" user role "c_mod$sfx" moderator >/dev/null
"$ctl" user role "c_adm$sfx" admin >/dev/null
own=$(token "c_own$sfx") other=$(token "c_other$sfx") mod=$(token "c_mod$sfx")
adm=$(token "c_adm$sfx")
ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=2 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
ids=""
for i in 1 2 3 4 5; do
	ids="$ids $(as_site "$ctl" video import -u "c_own$sfx" -t "clip $i $sfx" "$work/c.mp4")"
done
transcode "$state/inst/bin/vstream-worker" $ids
set -- $ids
v1=$1 v2=$2 v3=$3

req PATCH "$base/api/v1/videos/$v1" -H "Authorization: Bearer $own" -H "$J" \
    -d "{\"description\":\"a purple elephant$sfx dances <b>here</b>\"}"
expect "the owner edits a video" is "$status" 200
expect "... and gets it back" is "$(json b.description)" "a purple elephant$sfx dances <b>here</b>"
req PATCH "$base/api/v1/videos/$v1" -H "Authorization: Bearer $other" -H "$J" \
    -d '{"title":"mine now"}'
expect "someone else cannot edit it" is "$status" 403
req PATCH "$base/api/v1/videos/$v1" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"visibility":"everyone"}'
expect "an unknown visibility is 422" is "$status" 422
req PATCH "$base/api/v1/videos/$v1" -H "$J" -d '{"title":"x"}'
expect "anonymous cannot edit" is "$status" 401

req GET "$base/api/v1/videos?q=elephant$sfx"
expect "search finds a video by a word of its description" is "$(json 'b.items.map(i => i.id).join()')" "$v1"
expect "... its thumbnail is a link below the site's path" \
    is "$(json 'b.items[0].thumbnail')" "$(site_path "$base")/api/videos/$v1/thumbnail.jpg"
req GET "$base/api/v1/videos?q=clip+$sfx&limit=100"
expect "search finds every matching title" is "$(json 'b.items.length')" 5
req GET "$base/search?q=elephant$sfx" -H 'Accept: text/html'
expect "the search page lists it" body_has "/videos/$v1"
req GET "$base/videos/$v1"
expect "the player page shows the description escaped" body_has "dances &lt;b&gt;here&lt;/b&gt;"

# Keyset pagination: every public video exactly once, two at a time.
seen=$work/seen
: > "$seen"
url="$base/api/v1/videos?limit=2"
for page in $(seq 1 100); do
	req GET "$url"
	json 'b.items.map(i => i.id).join("\n")' >> "$seen"
	echo >> "$seen"
	next=$(json 'b.next || ""')
	[ -z "$next" ] && break
	url="$base/api/v1/videos?limit=2&next=$next"
done
want=$(sql "SELECT count(*) FROM videos v JOIN users u ON u.id = v.owner_id
    WHERE v.status = 'ready' AND v.visibility = 'public' AND NOT v.hidden")
expect "pagination returns every video" is "$(grep -c . "$seen")" "$want"
expect "... exactly once" is "$(grep . "$seen" | sort | uniq -d | wc -l)" 0
req GET "$base/api/v1/videos?sort=popular&limit=3"
expect "sort=popular works" is "$status" 200
req GET "$base/api/v1/videos?next=garbage"
expect "a forged cursor is 400" is "$status" 400
req GET "$base/api/v1/videos?limit=1000"
expect "a limit over 100 is 400" is "$status" 400

req PATCH "$base/api/v1/videos/$v2" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"visibility":"unlisted"}'
req GET "$base/api/v1/videos?q=clip+$sfx&limit=100"
expect "unlisted videos are never listed" is "$(json "b.items.some(i => i.id === '$v2')")" false
req GET "$base/api/v1/videos/$v2"
expect "... but open with the link" is "$status" 200
req GET "$base/api/v1/videos?mine=1&limit=100" -H "Authorization: Bearer $own"
expect "mine=1 lists one's own, unlisted too" is "$(json "b.items.some(i => i.id === '$v2')")" true
req GET "$base/api/v1/videos?mine=1"
expect "mine=1 needs a login" is "$status" 401
req GET "$base/my" -H 'Accept: text/html'
expect "/my sends strangers to log in" is "$status" 303

req POST "$base/api/v1/videos/$v1/reports" -H "Authorization: Bearer $other" -H "$J" \
    -d '{"reason":"spam","details":"<script>x</script>"}'
expect "a user reports a video" is "$status" 201
req POST "$base/api/v1/videos/$v1/reports" -H "Authorization: Bearer $other" -H "$J" \
    -d '{"reason":"spam"}'
expect "one open report per user and video" is "$status" 409
req POST "$base/api/v1/videos/$v1/reports" -H "Authorization: Bearer $own" -H "$J" \
    -d '{"reason":"because"}'
expect "an unknown reason is 422" is "$status" 422
req GET "$base/api/admin/reports" -H "Authorization: Bearer $mod"
expect "the report is in the moderators' queue" is "$(json "b.items.some(i => i.video_id === '$v1')")" true

req DELETE "$base/api/v1/videos/$v3" -H "Authorization: Bearer $other"
expect "someone else cannot delete it" is "$status" 403
req DELETE "$base/api/v1/videos/$v3" -H "Authorization: Bearer $mod"
expect "a moderator deletes it" is "$status" 204
expect "... its files are gone" test ! -e "$VSTREAM_DATA_DIR/media/$v3"
expect "... and the deletion is audited" \
    is "$(sql "SELECT actor_name || ' ' || action FROM audit_logs WHERE target_id = '$v3'")" \
    "c_mod$sfx video.delete"
req GET "$base/api/v1/videos/$v3"
expect "a deleted video is 404" is "$status" 404
req DELETE "$base/api/v1/videos/$v2" -H "Authorization: Bearer $own"
expect "the owner deletes their own" is "$status" 204
expect "... without an audit entry" \
    is "$(sql "SELECT count(*) FROM audit_logs WHERE target_id = '$v2'")" 0
# Views: one per viewer per half hour, counted in Redis, moved to
# PostgreSQL by the worker.
for i in 1 2; do
	req POST "$base/api/videos/$v1/views" -H "$J" -d '{}'
done
expect "a second view from the same viewer is not counted" is "$(json b.counted)" false
req POST "$base/api/videos/$v1/views" -H "$J" -H "Authorization: Bearer $other" -d '{}'
expect "another viewer is counted" is "$(json b.counted)" true
req POST "$base/api/videos/$v1/views" -H "$J" -d '{"watched": 12}'
expect "watch time is taken" is "$status" 202
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
expect "views reach PostgreSQL" is "$(sql "SELECT view_count FROM videos WHERE id = '$v1'")" 2
expect "... one row each" is "$(sql "SELECT count(*) FROM video_views WHERE video_id = '$v1'")" 2
expect "... with the day's analytics" is "$(sql "SELECT views || ' ' || unique_viewers || ' ' || watch_seconds FROM video_analytics WHERE video_id = '$v1'")" "2 2 12"
req GET "$base/api/v1/videos/$v1"
expect "the API shows the count" is "$(json b.views)" 2
req POST "$base/api/videos/$v3/views" -H "$J" -d '{}'
expect "a deleted video takes no views" is "$status" 404

req DELETE "$base/api/admin/videos/$v1/cache" -H "Authorization: Bearer $mod"
expect "a moderator cannot drop the playlist cache" is "$status" 403
req DELETE "$base/api/admin/videos/$v1/cache" -H "Authorization: Bearer $adm"
expect "an admin drops it" is "$status" 204
expect "... audited" is "$(sql "SELECT count(*) FROM audit_logs WHERE target_id = '$v1' AND action = 'video.cache_drop'")" 1
req GET "$base/api/videos/$v1/hls/master.m3u8"
expect "the playlist is read again" is "$status" 200

finish "e2e-catalog"
