#!/bin/bash
# playlists.sh: playlists through each web server: create, add, reorder,
# remove, delete; who sees which (private, unlisted, public), videos one
# may not watch shown without their names, the limits, another user's
# lists refused, the pages' forms with and without their CSRF token, and
# the player page's previous and next. Usage: playlists.sh STATE BASE...
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
shift
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json' F='Content-Type: application/x-www-form-urlencoded'
pass="a good long password"
chmod 755 "$work"
own=p_own$sfx other=p_oth$sfx mod=p_mod$sfx
for u in "$own" "$other" "$mod"; do
	printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
done
"$ctl" user role "$mod" moderator >/dev/null
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=3 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
import() { as_site "$ctl" video import "$@" "$work/c.mp4"; }
# Six public videos for each web server's run (it deletes two).
ids=
for i in $(seq $((6 * $#))); do
	ids="$ids $(import -u "$own" -t "pl clip $i $sfx")"
done
ids=${ids# }
secret=$(import -u "$other" -t "secret title $sfx")
mine=$(import -u "$own" -v private -t "own private $sfx")
hid=$(import -u "$other" -t "hidden title $sfx")
transcode "$state/inst/bin/vstream-worker" $ids "$secret" "$mine" "$hid"
sql "UPDATE videos SET hidden = true WHERE id = '$hid'" >/dev/null
# A video still queued: nobody but its owner sees it, and not in a list.
busy=$(import -u "$own" -t "busy title $sfx")

# order: the video ids of the last answer's items, in order.
order() { json 'b.items.map(i => i.id).join(" ")'; }
# dense ID: the positions of playlist ID in the database are 1..n.
dense() {
	is "$(sql "SELECT string_agg(position::text, ' ' ORDER BY position) FROM
	    playlist_items WHERE playlist_id = '$1'")" \
	    "$(sql "SELECT string_agg(g::text, ' ') FROM generate_series(1, (SELECT
	    count(*) FROM playlist_items WHERE playlist_id = '$1')::int) g")"
}
# csrf_of: the first CSRF token of the page in the last answer.
csrf_of() { sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1; }

# run NAME BASE A B C D E F: every case through one web server, with six
# public videos of the owner's.
run() {
	local n=$1 base=$2 a=$3 b=$4 c=$5 d=$6 e=$7 f=$8 to tt tm O T M pl url jar csrf
	local p2 loc path
	path=$(site_path "$base")
	to=$(token "$own") tt=$(token "$other") tm=$(token "$mod")
	O="Authorization: Bearer $to" T="Authorization: Bearer $tt" M="Authorization: Bearer $tm"

	# --- create, add, reorder, remove --------------------------------------
	req POST "$base/api/v1/playlists" -H "$O" -H "$J" \
	    -d '{"title":"Road trip","description":"on the way","visibility":"public"}'
	expect "$n: a playlist is created (201)" is "$status" 201
	pl=$(json b.id)
	expect "$n: ... Location names it" is "$(header Location)" "$path/api/v1/playlists/$pl"
	expect "$n: ... empty" is "$(json b.items.length)" 0
	for bad in '{"title":""}' "{\"title\":\"$(printf 'x%.0s' $(seq 201))\"}" \
	    '{"title":"x","visibility":"friends"}' '{"description":"no title"}'; do
		req POST "$base/api/v1/playlists" -H "$O" -H "$J" -d "$bad"
		expect "$n: a bad playlist is 422: $(cut -c1-30 <<<"$bad")" is "$status" 422
	done
	req POST "$base/api/v1/playlists" -H "$J" -d '{"title":"x"}'
	expect "$n: anonymous cannot create one (401)" is "$status" 401
	for v in "$a" "$b" "$c"; do
		req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$v\"}"
		expect "$n: a video is added (201)" is "$status" 201
	done
	expect "$n: ... in the order added" is "$(order)" "$a $b $c"
	expect "$n: ... positions 1..3" is "$(json 'b.items.map(i => i.position).join()')" "1,2,3"
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$d\",\"position\":1}"
	expect "$n: a video is put first (position 1)" is "$(order)" "$d $a $b $c"
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$e\",\"position\":\"3\"}"
	expect "$n: ... or in the middle" is "$(order)" "$d $a $e $b $c"
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$a\"}"
	expect "$n: a video only once per playlist (409)" is "$status" 409
	for bad in 0 -1 501 '"x"' 1.5 true; do
		req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" \
		    -d "{\"video\":\"$f\",\"position\":$bad}"
		expect "$n: position $bad is refused (422)" is "$status" 422
	done
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" \
	    -d '{"video":"00000000-0000-4000-8000-000000000000"}'
	expect "$n: an unknown video is 404" is "$status" 404
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d '{"video":"../x"}'
	expect "$n: a malformed video id is 404" is "$status" 404
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$busy\"}"
	expect "$n: the owner may add a video of theirs still queued" is "$status" 201
	req DELETE "$base/api/v1/playlists/$pl/items/$busy" -H "$O"
	req PATCH "$base/api/v1/playlists/$pl/items/$a" -H "$O" -H "$J" -d '{"position":5}'
	expect "$n: an item moves down (200)" is "$status" 200
	expect "$n: ... the others shift up" is "$(order)" "$d $e $b $c $a"
	req PATCH "$base/api/v1/playlists/$pl/items/$c" -H "$O" -H "$J" -d '{"position":1}'
	expect "$n: an item moves up" is "$(order)" "$c $d $e $b $a"
	req PATCH "$base/api/v1/playlists/$pl/items/$c" -H "$O" -H "$J" -d '{"position":400}'
	expect "$n: past the end is last" is "$(order)" "$d $e $b $a $c"
	req PATCH "$base/api/v1/playlists/$pl/items/$c" -H "$O" -H "$J" -d '{}'
	expect "$n: a move needs a position (422)" is "$status" 422
	req PATCH "$base/api/v1/playlists/$pl/items/$f" -H "$O" -H "$J" -d '{"position":1}'
	expect "$n: moving a video not in it is 404" is "$status" 404
	expect "$n: positions stay dense" dense "$pl"
	req DELETE "$base/api/v1/playlists/$pl/items/$e" -H "$O"
	expect "$n: an item is removed (204)" is "$status" 204
	req GET "$base/api/v1/playlists/$pl"
	expect "$n: ... the rest close up" is "$(order)" "$d $b $a $c"
	expect "$n: ... 1..4" is "$(json 'b.items.map(i => i.position).join()')" "1,2,3,4"
	expect "$n: ... dense in the database" dense "$pl"
	req DELETE "$base/api/v1/playlists/$pl/items/$e" -H "$O"
	expect "$n: removing it again is 404" is "$status" 404

	# Concurrent moves and adds: each in its own transaction, the list
	# locked; whatever order they land in, positions stay 1..n.
	for i in 1 2 3 4 5 6; do
		curl -s -m 10 -o /dev/null -X PATCH -H "$O" -H "$J" \
		    -d "{\"position\":$(( (i % 4) + 1 ))}" \
		    "$base/api/v1/playlists/$pl/items/$( [ $((i % 2)) = 0 ] && echo "$a" || echo "$d")" &
	done
	curl -s -m 10 -o /dev/null -X POST -H "$O" -H "$J" -d "{\"video\":\"$e\",\"position\":2}" \
	    "$base/api/v1/playlists/$pl/items" &
	wait
	expect "$n: after concurrent edits the positions are dense" dense "$pl"
	expect "$n: ... and all five are there" is "$(sql "SELECT count(*) FROM playlist_items
	    WHERE playlist_id = '$pl'")" 5
	req DELETE "$base/api/v1/playlists/$pl/items/$e" -H "$O"
	for i in 1 2 3 4; do
		set -- "$d" "$b" "$a" "$c"
		req PATCH "$base/api/v1/playlists/$pl/items/${!i}" -H "$O" -H "$J" \
		    -d "{\"position\":$i}"
	done
	expect "$n: ... then moved back into order" is "$(order)" "$d $b $a $c"

	# --- who sees what -------------------------------------------------------
	req GET "$base/api/v1/playlists?owner=$own"
	expect "$n: a public playlist is listed for anyone" \
	    is "$(json "b.items.some(i => i.id === '$pl')")" true
	req PATCH "$base/api/v1/playlists/$pl" -H "$O" -H "$J" -d '{"visibility":"unlisted"}'
	expect "$n: the owner makes it unlisted" is "$(json b.visibility)" unlisted
	req GET "$base/api/v1/playlists?owner=$own"
	expect "$n: ... no longer listed for others" \
	    is "$(json "b.items.some(i => i.id === '$pl')")" false
	req GET "$base/api/v1/playlists?owner=$own" -H "$O"
	expect "$n: ... but for its owner" is "$(json "b.items.some(i => i.id === '$pl')")" true
	req GET "$base/api/v1/playlists/$pl"
	expect "$n: ... and open by its link" is "$status" 200
	req GET "$base/playlists/$pl" -H 'Accept: text/html'
	expect "$n: ... its page too" is "$status" 200
	req PATCH "$base/api/v1/playlists/$pl" -H "$O" -H "$J" -d '{"visibility":"private"}'
	for who in "" "$T"; do
		req GET "$base/api/v1/playlists/$pl" ${who:+-H "$who"}
		expect "$n: a private playlist is 404 for others (${who:+another user}${who:-anonymous})" \
		    is "$status" 404
		req GET "$base/playlists/$pl" ${who:+-H "$who"} -H 'Accept: text/html'
		expect "$n: ... its page too" is "$status" 404
	done
	req GET "$base/api/v1/playlists/$pl" -H "$O"
	expect "$n: ... 200 for its owner" is "$status" 200
	req GET "$base/api/v1/playlists"
	expect "$n: listing without an owner needs a login (401)" is "$status" 401
	req GET "$base/api/v1/playlists" -H "$O"
	expect "$n: ... with one, one's own, private too" \
	    is "$(json "b.items.some(i => i.id === '$pl' && i.visibility === 'private')")" true
	req PATCH "$base/api/v1/playlists/$pl" -H "$O" -H "$J" -d '{"visibility":"public"}'

	# Videos the viewer may not watch: there, without their titles.
	sql "UPDATE videos SET visibility = 'public' WHERE id = '$secret'" >/dev/null
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$secret\",\"position\":2}"
	expect "$n: another's public video is added" is "$status" 201
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$mine\"}"
	expect "$n: the owner's private video is added" is "$status" 201
	req PATCH "$base/api/v1/videos/$secret" -H "$T" -H "$J" -d '{"visibility":"private"}'
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$hid\"}"
	expect "$n: a hidden video cannot be added (404)" is "$status" 404
	sql "INSERT INTO playlist_items (playlist_id, video_id, position) VALUES
	    ('$pl', '$hid', 7)" >/dev/null
	req GET "$base/api/v1/playlists/$pl"
	expect "$n: the private video is unavailable to a visitor" \
	    is "$(json "b.items[1].available + ' ' + b.items[1].position")" "false 2"
	expect "$n: ... without its title or id" not_has "secret title"
	expect "$n: ... nor its id" not_has "$secret"
	expect "$n: the owner's private video too" is "$(json 'b.items[5].available')" false
	expect "$n: ... without its title" not_has "own private"
	expect "$n: the hidden video too" not_has "hidden title"
	expect "$n: ... seven items" is "$(json b.items.length)" 7
	req GET "$base/playlists/$pl" -H 'Accept: text/html'
	expect "$n: the page says unavailable" body_has "This video is unavailable."
	expect "$n: ... without the titles" sh -c "! grep -q 'secret title\|own private\|hidden title' '$work/body'"
	req GET "$base/api/v1/playlists/$pl" -H "$O"
	expect "$n: the owner sees their own private video" is "$(json 'b.items[5].title')" "own private $sfx"
	expect "$n: ... not another's private one, only its id" \
	    is "$(json "b.items[1].available + ' ' + (b.items[1].title === undefined) + ' ' + b.items[1].id")" \
	    "false true $secret"

	# The player page plays the list through, skipping what is unavailable.
	req GET "$base/videos/$d?list=$pl&i=1"
	expect "$n: the player page shows the list's bar" body_has 'id="playlist-bar"'
	expect "$n: ... 1 of 7" body_has "1 / 7"
	expect "$n: ... its next skips the private video" \
	    body_has "data-next=\"$path/videos/$b?list=$pl&amp;i=3&amp;autoplay=1\""
	expect "$n: ... no previous on the first" not_has 'id="playlist-prev"'
	req GET "$base/videos/$c?list=$pl&i=5"
	expect "$n: the last playable has no next (6 and 7 are not)" body_has 'data-next=""'
	expect "$n: ... a previous" body_has "$path/videos/$a?list=$pl&amp;i=4&amp;autoplay=1"
	req GET "$base/videos/$f?list=$pl&i=1"
	expect "$n: a video not in the list shows no bar" not_has 'id="playlist-bar"'
	req GET "$base/videos/$d?list=garbage&i=x"
	expect "$n: a bad list is ignored" is "$status" 200
	req GET "$base/videos/$d?list=$pl&i=1" -H "$T"
	expect "$n: ... a signed-in visitor gets the save control" body_has 'id="playlist-save"'

	# A deleted video leaves no gap.
	req POST "$base/api/v1/playlists/$pl/items" -H "$O" -H "$J" -d "{\"video\":\"$f\",\"position\":1}"
	sql "DELETE FROM videos WHERE id = '$f'" >/dev/null
	expect "$n: a deleted video's item goes, the rest close up" dense "$pl"
	expect "$n: ... seven left" is "$(sql "SELECT count(*) FROM playlist_items WHERE playlist_id = '$pl'")" 7

	# --- another user's playlist ---------------------------------------------
	req PATCH "$base/api/v1/playlists/$pl" -H "$T" -H "$J" -d '{"title":"mine now"}'
	expect "$n: idor: another user cannot edit it (403)" is "$status" 403
	req POST "$base/api/v1/playlists/$pl/items" -H "$T" -H "$J" -d "{\"video\":\"$a\"}"
	expect "$n: idor: ... nor add to it" is "$status" 403
	req PATCH "$base/api/v1/playlists/$pl/items/$a" -H "$T" -H "$J" -d '{"position":1}'
	expect "$n: idor: ... nor reorder it" is "$status" 403
	req DELETE "$base/api/v1/playlists/$pl/items/$a" -H "$T"
	expect "$n: idor: ... nor remove from it" is "$status" 403
	req DELETE "$base/api/v1/playlists/$pl" -H "$T"
	expect "$n: idor: ... nor delete it" is "$status" 403
	req GET "$base/api/v1/playlists/$pl"
	expect "$n: idor: ... which left it as it was" is "$(json 'b.title + " " + b.items.length')" "Road trip 7"

	# --- the pages' forms, without script ------------------------------------
	jar=$work/jar-$n
	req POST "$base/api/v1/auth/login" -H "$F" -c "$jar" \
	    --data-urlencode "username=$own" --data-urlencode "password=$pass"
	req GET "$base/my/playlists" -b "$jar"
	expect "$n: /my/playlists lists one's own" body_has "/playlists/$pl"
	csrf=$(csrf_of)
	req GET "$base/my/playlists" -H 'Accept: text/html'
	expect "$n: ... strangers go to log in" is "$status" 303
	req POST "$base/my/playlists" -b "$jar" -H "$F" --data-urlencode "title=By form" \
	    --data-urlencode visibility=unlisted
	expect "$n: csrf: the create form without the token is 403" is "$status" 403
	req POST "$base/my/playlists" -b "$jar" -H "$F" --data-urlencode "title=By form" \
	    --data-urlencode visibility=unlisted --data-urlencode "csrf_token=$csrf"
	expect "$n: ... with it, 303" is "$status" 303
	loc=$(header Location)
	p2=${loc##*/}
	expect "$n: ... to the new playlist's page" is "$loc" "$path/playlists/$p2"
	expect "$n: ... unlisted" is "$(sql "SELECT visibility FROM playlists WHERE id = '$p2'")" unlisted
	req GET "$base/videos/$a" -b "$jar"
	expect "$n: the player page has the save form" body_has 'id="playlist-save-form"'
	expect "$n: ... naming the new playlist" body_has "<option value=\"$p2\">By form</option>"
	for v in "$a" "$b"; do
		req POST "$base/my/playlists/items" -b "$jar" -H "$F" -d "playlist=$p2&video=$v"
		expect "$n: csrf: the save form without the token is 403" is "$status" 403
		req POST "$base/my/playlists/items" -b "$jar" -H "$F" \
		    -d "playlist=$p2&video=$v&csrf_token=$csrf"
		expect "$n: ... with it, back to the video (303)" is "$(header Location)" \
		    "$path/videos/$v#playlist-save"
	done
	req POST "$base/my/playlists/items" -b "$jar" -H "$F" \
	    -d "playlist=$p2&video=$a&csrf_token=$csrf" -H 'Accept: text/html'
	expect "$n: saving it twice is 409, a page" is "$status $(header Content-Type | cut -d';' -f1)" \
	    "409 text/html"
	req POST "$base/my/playlists" -b "$jar" -H "$F" \
	    -d "title=Saved+new&video=$c&csrf_token=$csrf"
	expect "$n: create-and-save from the player page goes back to it" is "$(header Location)" \
	    "$path/videos/$c#playlist-save"
	req GET "$base/playlists/$p2" -b "$jar"
	expect "$n: the owner's page has the up and down forms" body_has "/playlists/$p2/items/$b/move"
	req POST "$base/playlists/$p2/items/$b/move" -b "$jar" -H "$F" -d "position=1"
	expect "$n: csrf: the move form without the token is 403" is "$status" 403
	req POST "$base/playlists/$p2/items/$b/move" -b "$jar" -H "$F" -d "position=1&csrf_token=$csrf"
	expect "$n: ... with it, back to the list (303)" is "$(header Location)" "$path/playlists/$p2"
	req GET "$base/api/v1/playlists/$p2" -H "$O"
	expect "$n: ... moved" is "$(order)" "$b $a"
	req POST "$base/playlists/$p2/edit" -b "$jar" -H "$F" \
	    -d "title=Renamed&description=&visibility=public&csrf_token=$csrf"
	expect "$n: the edit form (303)" is "$status" 303
	req POST "$base/playlists/$p2/edit" -b "$jar" -H "$F" -d "title=Nope"
	expect "$n: csrf: ... not without the token" is "$status" 403
	expect "$n: ... renamed once" is "$(sql "SELECT title || ' ' || visibility FROM playlists WHERE id = '$p2'")" \
	    "Renamed public"
	req POST "$base/playlists/$p2/items/$a/delete" -b "$jar" -H "$F" -d "x=1"
	expect "$n: csrf: the remove form without the token is 403" is "$status" 403
	req POST "$base/playlists/$p2/items/$a/delete" -b "$jar" -H "$F" -d "csrf_token=$csrf"
	expect "$n: ... with it, 303" is "$status" 303
	expect "$n: ... one left" is "$(sql "SELECT count(*) FROM playlist_items WHERE playlist_id = '$p2'")" 1
	req POST "$base/playlists/$p2/delete" -b "$jar" -H "$F" -d "x=1"
	expect "$n: csrf: the delete form without the token is 403" is "$status" 403
	req POST "$base/playlists/$p2/delete" -b "$jar" -H "$F" -d "csrf_token=$csrf"
	expect "$n: ... with it, to /my/playlists" is "$(header Location)" "$path/my/playlists"
	expect "$n: ... gone, with its items" is "$(sql "SELECT count(*) FROM playlist_items WHERE
	    playlist_id = '$p2'") $(sql "SELECT count(*) FROM playlists WHERE id = '$p2'")" "0 0"
	req GET "$base/api/v1/playlists/$pl" -b "$jar"
	req PATCH "$base/api/v1/playlists/$pl" -b "$jar" -H "$J" -d '{"title":"x"}'
	expect "$n: csrf: the API over a cookie needs the token" is "$status" 403
	req PATCH "$base/api/v1/playlists/$pl" -b "$jar" -H "$J" -H "X-CSRF-Token: $csrf" \
	    -d '{"title":"Road trip"}'
	expect "$n: ... with it, 200" is "$status" 200

	# --- delete ---------------------------------------------------------------
	req DELETE "$base/api/v1/playlists/$pl" -H "$M"
	expect "$n: a moderator deletes another's playlist (204)" is "$status" 204
	expect "$n: ... audited" is "$(sql "SELECT actor_name || ' ' || action FROM audit_logs
	    WHERE target_id = '$pl'")" "$mod playlist.delete"
	req GET "$base/api/v1/playlists/$pl" -H "$O"
	expect "$n: ... then it is 404" is "$status" 404
	req POST "$base/api/v1/playlists" -H "$O" -H "$J" -d '{"title":"gone soon"}'
	pl=$(json b.id)
	req DELETE "$base/api/v1/playlists/$pl" -H "$O"
	expect "$n: the owner deletes theirs (204)" is "$status" 204
	expect "$n: ... without an audit entry" is "$(sql "SELECT count(*) FROM audit_logs
	    WHERE target_id = '$pl'")" 0
	req DELETE "$base/api/v1/playlists/$pl" -H "$O"
	expect "$n: ... twice is 404" is "$status" 404
}

# --- limits (once: they are the database's) ------------------------------------
limits() {
	local base=$1 lim=p_lim$sfx L uid pl
	printf '%s\n' "$pass" | "$ctl" user add "$lim" >/dev/null
	L="Authorization: Bearer $(token "$lim")"
	uid=$(sql "SELECT id FROM users WHERE username = '$lim'")
	sql "INSERT INTO playlists (owner_id, title) SELECT '$uid', 'filler ' || g
	    FROM generate_series(1, 199) g" >/dev/null
	req POST "$base/api/v1/playlists" -H "$L" -H "$J" -d '{"title":"the 200th"}'
	expect "limits: the 200th playlist is made" is "$status" 201
	pl=$(json b.id)
	req POST "$base/api/v1/playlists" -H "$L" -H "$J" -d '{"title":"the 201st"}'
	expect "limits: the 201st is refused (422)" is "$status" 422
	expect "limits: ... saying why" body_has "at most 200 playlists"
	sql "INSERT INTO videos (owner_id, title, status, visibility) SELECT '$uid',
	    'filler ' || g, 'ready', 'private' FROM generate_series(1, 499) g" >/dev/null
	sql "INSERT INTO playlist_items (playlist_id, video_id, position) SELECT '$pl', id,
	    row_number() OVER (ORDER BY id) FROM videos WHERE owner_id = '$uid'" >/dev/null
	set -- $ids
	req POST "$base/api/v1/playlists/$pl/items" -H "$L" -H "$J" -d "{\"video\":\"$1\",\"position\":250}"
	expect "limits: the 500th video goes in" is "$status" 201
	req POST "$base/api/v1/playlists/$pl/items" -H "$L" -H "$J" -d "{\"video\":\"$2\"}"
	expect "limits: the 501st is refused (422)" is "$status" 422
	expect "limits: ... saying why" body_has "at most 500 videos"
	expect "limits: ... 500 dense positions" dense "$pl"
	sql "DELETE FROM videos WHERE owner_id = '$uid'" >/dev/null
	expect "limits: deleting 499 of its videos leaves one, at 1" \
	    is "$(sql "SELECT string_agg(position::text, ',') FROM playlist_items WHERE playlist_id = '$pl'")" 1
	sql "DELETE FROM users WHERE id = '$uid'" >/dev/null
}

k=0
for base in "$@"; do
	run "${base##*:}" "$base" $(cut -d' ' -f$((k + 1))-$((k + 6)) <<<$ids)
	k=$((k + 6))
done
limits "$1"

finish "e2e-playlists"
