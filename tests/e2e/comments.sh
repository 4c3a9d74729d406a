#!/bin/bash
# comments.sh: comments under videos through lighttpd and Apache: posting,
# replies (a reply to a reply goes under the same comment), editing and
# deleting one's own, both orders and the cursor, counts, comments turned
# off, reports into the moderators' queue and their resolution, a
# moderator's delete and ban, the page's forms without JavaScript (with
# and without the CSRF token), private videos' comments, and a deleted
# video taking its comments with it.
# Usage: comments.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
state=$1
ctl=$state/inst/bin/vstreamctl
pass="a good long password"
J='Content-Type: application/json' F='Content-Type: application/x-www-form-urlencoded'
chmod 755 "$work"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/m.mp4"
for n in l a; do
	for u in own a b c d mod; do
		printf '%s\n' "$pass" | "$ctl" user add "m${n}_$u$sfx" >/dev/null
	done
	"$ctl" user role "m${n}_mod$sfx" moderator >/dev/null
done
ids=""
for n in l a; do
	for v in pub priv gone; do
		vis=public
		[ "$v" = priv ] && vis=private
		id=$(as_site "$ctl" video import -u "m${n}_own$sfx" -v "$vis" \
		    -t "comments $v $n $sfx" "$work/m.mp4")
		eval "${v}_$n=$id"
		ids="$ids $id"
	done
done
transcode "$state/inst/bin/vstream-worker" $ids

# say JSON-EXPR: a JSON body with body set to the string the expression
# gives (node's, so that newlines and quotes stay exact).
say() { node -e 'console.log(JSON.stringify(eval(process.argv[1])))' "$1"; }
# csrf_of: the first CSRF token of the last page.
csrf_of() { sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1; }
# login JAR USER: a browser session in the cookie jar.
login() {
	req POST "$base/api/v1/auth/login" -c "$1" -H "$F" \
	    --data-urlencode "username=$2" --data-urlencode "password=$pass"
}

# server NAME BASE N: the whole story through one web server.
server() {
	local name=$1 base=$2 n=$3 pub priv gone own a b c d mod c1 r1 r2 i got
	local p1 p2 p3 p4 p5 next jar csrf loc fid
	eval "pub=\$pub_$n priv=\$priv_$n gone=\$gone_$n"
	own=$(token "m${n}_own$sfx") a=$(token "m${n}_a$sfx") b=$(token "m${n}_b$sfx")
	c=$(token "m${n}_c$sfx") d=$(token "m${n}_d$sfx") mod=$(token "m${n}_mod$sfx")
	A="Authorization: Bearer $a" B="Authorization: Bearer $b"
	C="Authorization: Bearer $c" O="Authorization: Bearer $own"
	M="Authorization: Bearer $mod"

	# --- post, reply, a reply to a reply ------------------------------------
	req POST "$base/api/v1/videos/$pub/comments" -H "$A" -H "$J" \
	    -d "$(say '({body: "first <b>one</b>\nline two"})')"
	expect "$name: a comment is posted" is "$status" 201
	expect "$name: ... kept as written, the newline too" is "$(json b.body)" \
	    "$(printf 'first <b>one</b>\nline two')"
	expect "$name: ... by its author, marked theirs" is "$(json '[b.author, b.mine, b.edited].join()')" \
	    "m${n}_a$sfx,true,false"
	c1=$(json b.id)
	req POST "$base/api/v1/videos/$pub/comments" -H "$B" -H "$J" \
	    -d "{\"body\":\"a reply\",\"parent_id\":\"$c1\"}"
	expect "$name: a reply is posted" is "$status" 201
	expect "$name: ... under the comment" is "$(json b.parent_id)" "$c1"
	r1=$(json b.id)
	req POST "$base/api/v1/videos/$pub/comments" -H "$A" -H "$J" \
	    -d "{\"body\":\"a reply to the reply\",\"parent_id\":\"$r1\"}"
	expect "$name: a reply to a reply is posted" is "$status" 201
	expect "$name: ... under the same first comment" is "$(json b.parent_id)" "$c1"
	r2=$(json b.id)
	# (rate_comment: ten a minute per account; the owner takes some here)
	req POST "$base/api/v1/videos/$pub/comments" -H "$O" -H "$J" \
	    -d "{\"body\":\"x\",\"parent_id\":\"$(sql "SELECT gen_random_uuid()")\"}"
	expect "$name: a reply to no comment is 422" is "$status" 422
	req POST "$base/api/v1/videos/$priv/comments" -H "$O" -H "$J" -d '{"body":"x"}'
	req POST "$base/api/v1/videos/$pub/comments" -H "$O" -H "$J" \
	    -d "{\"body\":\"x\",\"parent_id\":\"$(json b.id)\"}"
	expect "$name: a reply to another video's comment is 422" is "$status" 422
	full=$(sql "INSERT INTO comments (video_id, author_id, body) SELECT id,
	    owner_id, 'full' FROM videos WHERE id = '$pub' RETURNING id" | head -n 1)
	sql "INSERT INTO comments (video_id, parent_id, author_id, body) SELECT
	    video_id, id, author_id, 'r' FROM comments, generate_series(1, 500)
	    WHERE id = '$full'" >/dev/null
	req POST "$base/api/v1/videos/$pub/comments" -H "$O" -H "$J" \
	    -d "{\"body\":\"one more\",\"parent_id\":\"$full\"}"
	expect "$name: a 501st reply is 422" is "$status" 422
	expect "$name: ... and not stored" \
	    is "$(sql "SELECT count(*) FROM comments WHERE parent_id = '$full'")" 500
	sql "DELETE FROM comments WHERE id = '$full'" >/dev/null
	req POST "$base/api/v1/videos/$pub/comments" -H "$J" -d '{"body":"x"}'
	expect "$name: anonymous cannot comment" is "$status" 401
	req GET "$base/api/v1/videos/$pub/comments"
	expect "$name: the list has the comment" is "$(json 'b.items.map(i => i.id).join()')" "$c1"
	expect "$name: ... with both replies, oldest first" \
	    is "$(json 'b.items[0].replies.map(r => r.id).join()')" "$r1,$r2"
	expect "$name: ... and no deeper" is "$(json 'b.items[0].replies.every(r => r.replies.length === 0)')" true
	expect "$name: ... counted" is "$(json b.comment_count)" 3
	expect "$name: ... mine only for who asks" is "$(json 'b.items[0].mine')" false

	# --- edit and delete: one's own only -------------------------------------
	req PATCH "$base/api/v1/comments/$c1" -H "$A" -H "$J" -d '{"body":"first, edited"}'
	expect "$name: the author edits" is "$status" 200
	expect "$name: ... marked edited" is "$(json '[b.body, b.edited].join()')" "first, edited,true"
	req PATCH "$base/api/v1/comments/$c1" -H "$B" -H "$J" -d '{"body":"mine now"}'
	expect "$name: someone else cannot edit it" is "$status" 403
	req PATCH "$base/api/v1/comments/$c1" -H "$M" -H "$J" -d '{"body":"mine now"}'
	expect "$name: ... not even a moderator" is "$status" 403
	req PATCH "$base/api/v1/comments/$c1" -H "$J" -d '{"body":"mine now"}'
	expect "$name: ... nor anonymous" is "$status" 401
	req DELETE "$base/api/v1/comments/$c1" -H "$B"
	expect "$name: someone else cannot delete it" is "$status" 403
	req DELETE "$base/api/v1/comments/$c1" -H "$O"
	expect "$name: ... nor the video's owner" is "$status" 403
	req DELETE "$base/api/v1/comments/$(sql "SELECT gen_random_uuid()")" -H "$A"
	expect "$name: no such comment is 404" is "$status" 404
	expect "$name: ... the text is unchanged" is "$(sql "SELECT body FROM comments WHERE id = '$c1'")" "first, edited"
	req DELETE "$base/api/v1/comments/$c1" -H "$A"
	expect "$name: the author deletes it" is "$status" 204
	req GET "$base/api/v1/videos/$pub/comments"
	expect "$name: ... it keeps its place as deleted, for its replies" \
	    is "$(json '[b.items[0].id, b.items[0].deleted, b.items[0].body, b.items[0].author, b.items[0].replies.length].join()')" \
	    "$c1,true,,,2"
	expect "$name: ... and is not counted" is "$(json b.comment_count)" 2
	req PATCH "$base/api/v1/comments/$c1" -H "$A" -H "$J" -d '{"body":"back"}'
	expect "$name: a deleted comment cannot be edited" is "$status" 404
	req POST "$base/api/v1/videos/$pub/comments" -H "$O" -H "$J" \
	    -d "{\"body\":\"x\",\"parent_id\":\"$c1\"}"
	expect "$name: ... nor answered" is "$status" 422
	req DELETE "$base/api/v1/comments/$r1" -H "$B"
	req DELETE "$base/api/v1/comments/$r2" -H "$A"
	expect "$name: the last reply goes" is "$status" 204
	req GET "$base/api/v1/videos/$pub/comments"
	expect "$name: ... and the deleted comment with it" is "$(json b.items.length)" 0
	expect "$name: ... in the database too" is "$(sql "SELECT count(*) FROM comments WHERE video_id = '$pub'")" 0

	# --- both orders, the cursor --------------------------------------------
	for i in 1 2 3 4 5; do
		req POST "$base/api/v1/videos/$pub/comments" -H "$C" -H "$J" -d "{\"body\":\"number $i\"}"
		eval "p$i=\$(json b.id)"
	done
	got="" next=""
	for i in 1 2 3 4; do
		req GET "$base/api/v1/videos/$pub/comments?sort=newest&limit=2${next:+&after=$next}"
		got="$got$(json 'b.items.map(i => i.body.slice(7)).join("")')"
		next=$(json 'b.next || ""')
		[ -z "$next" ] && break
	done
	expect "$name: newest first, two a page, each once" is "$got" 54321
	expect "$name: ... the last page has no cursor" is "$i" 3
	got="" next=""
	for i in 1 2 3 4; do
		req GET "$base/api/v1/videos/$pub/comments?sort=oldest&limit=2${next:+&after=$next}"
		got="$got$(json 'b.items.map(i => i.body.slice(7)).join("")')"
		next=$(json 'b.next || ""')
		[ -z "$next" ] && break
	done
	expect "$name: oldest first too" is "$got" 12345
	for bad in garbage "12.not-a-uuid" "99999999999999999999.$p1" "999999999999999999.$p1" "-5.$p1" "1e5.$p1" ".$p1"; do
		req GET "$base/api/v1/videos/$pub/comments?after=$bad"
		expect "$name: a forged cursor ($bad) is 400" is "$status" 400
	done
	req GET "$base/api/v1/videos/$pub/comments?sort=sideways"
	expect "$name: an unknown sort is 400" is "$status" 400
	req GET "$base/api/v1/videos/$pub/comments?limit=101"
	expect "$name: a limit past 100 is 400" is "$status" 400
	req GET "$base/videos/$pub?after=garbage" -H 'Accept: text/html'
	expect "$name: ... the page too" is "$status" 400

	# --- counts on the video and its page ------------------------------------
	req GET "$base/api/v1/videos/$pub"
	expect "$name: the video JSON counts its comments" is "$(json '[b.comment_count, b.comments_enabled].join()')" "5,true"
	req GET "$base/videos/$pub" -H 'Accept: text/html'
	expect "$name: the page counts them" body_has '<span id="comment-count">5</span>'
	expect "$name: ... lists them newest first" is \
	    "$(grep -o 'number [0-9]' "$work/body" | tr -d '\n')" "number 5number 4number 3number 2number 1"
	req GET "$base/videos/$pub?sort=oldest&limit=2" -H 'Accept: text/html'
	expect "$name: ... or oldest first" is "$(grep -o 'number [0-9]' "$work/body" | head -n 1)" "number 1"

	# --- comments off: read-only ---------------------------------------------
	req PATCH "$base/api/v1/videos/$pub" -H "$B" -H "$J" -d '{"comments_enabled":false}'
	expect "$name: only the owner turns comments off" is "$status" 403
	req PATCH "$base/api/v1/videos/$pub" -H "$O" -H "$J" -d '{"comments_enabled":"no","title":"renamed"}'
	expect "$name: comments_enabled is a boolean" is "$status" 422
	expect "$name: ... and nothing else of the PATCH is applied" \
	    is "$(sql "SELECT title FROM videos WHERE id = '$pub'")" "comments pub $n $sfx"
	req PATCH "$base/api/v1/videos/$pub" -H "$O" -H "$J" -d '{"comments_enabled":false,"title":""}'
	expect "$name: a PATCH refused for its title" is "$status" 422
	expect "$name: ... leaves the comments on" is "$(sql "SELECT comments_enabled FROM videos WHERE id = '$pub'")" t
	req PATCH "$base/api/v1/videos/$pub" -H "$O" -H "$J" -d '{"comments_enabled":false}'
	expect "$name: the owner turns them off" is "$(json "[$status, b.comments_enabled].join()")" "200,false"
	req POST "$base/api/v1/videos/$pub/comments" -H "$A" -H "$J" -d '{"body":"late"}'
	expect "$name: ... then no new comment" is "$status:$(json b.error.code)" "403:comments_off"
	req PATCH "$base/api/v1/comments/$p1" -H "$C" -H "$J" -d '{"body":"changed"}'
	expect "$name: ... nor an edit" is "$status" 403
	req GET "$base/api/v1/videos/$pub/comments"
	expect "$name: ... the old ones are still shown" is "$(json b.items.length)" 5
	req GET "$base/videos/$pub" -H 'Accept: text/html' -H "$A"
	expect "$name: ... the page says so" body_has 'id="comments-off"'
	expect "$name: ... without the form" not_has 'id="comment-form"'
	expect "$name: ... with the comments" body_has "number 3"
	expect "$name: ... read-only: no reply form" not_has 'class="comment-reply"'
	req PATCH "$base/api/v1/videos/$pub" -H "$O" -H "$J" -d '{"comments_enabled":true}'
	expect "$name: ... and on again" is "$(json b.comments_enabled)" true

	# --- reports into the queue, resolved -----------------------------------
	req POST "$base/api/v1/comments/$p1/reports" -H "$B" -H "$J" -d '{"reason":"spam","details":"ads"}'
	expect "$name: a comment is reported" is "$status" 201
	req POST "$base/api/v1/comments/$p1/reports" -H "$B" -H "$J" -d '{"reason":"spam"}'
	expect "$name: ... once per person" is "$status" 409
	req POST "$base/api/v1/comments/$p1/reports" -H "$A" -H "$J" -d '{"reason":"because"}'
	expect "$name: ... for a reason of the list" is "$status" 422
	req GET "$base/api/admin/reports" -H "$M"
	expect "$name: the report is in the moderators' queue" \
	    is "$(json "b.comments.filter(i => i.comment_id === '$p1').map(i => i.reports + ' ' + i.reasons).join()")" "1 spam"
	req GET "$base/admin/reports" -H "$M" -H 'Accept: text/html'
	expect "$name: ... on the reports page" body_has "data-comment=\"$p1\""
	req POST "$base/api/admin/comment-reports/$p1" -H "$A" -H "$J" -d '{"status":"resolved","resolution":"dismissed"}'
	expect "$name: only moderators resolve" is "$status" 403
	req POST "$base/api/admin/comment-reports/$p1" -H "$M" -H "$J" -d '{"status":"resolved","resolution":"comment_deleted","note":"ads"}'
	expect "$name: the moderator deletes it from the queue" is "$status" 200
	req GET "$base/api/v1/videos/$pub/comments"
	expect "$name: ... it is gone" is "$(json "b.items.some(i => i.id === '$p1')")" false
	req GET "$base/api/admin/reports" -H "$M"
	expect "$name: ... and out of the queue" is "$(json "b.comments.some(i => i.comment_id === '$p1')")" false
	expect "$name: ... both audited" is "$(sql "SELECT string_agg(action, ' ' ORDER BY id) FROM audit_logs WHERE target_id = '$p1'")" \
	    "report.review comment.delete"
	req POST "$base/api/v1/comments/$p2/reports" -H "$B" -H "$J" -d '{"reason":"abuse"}'
	req POST "$base/api/admin/comment-reports/$p2" -H "$M" -H "$F" -H 'Accept: text/html' \
	    -d 'status=resolved&resolution=dismissed'
	expect "$name: the page's form resolves, back to the page" is "$status $(header Location)" \
	    "303 $(site_path "$base")/admin/reports"
	expect "$name: ... dismissed, the comment stays" is "$(sql "SELECT count(*) FROM comments WHERE id = '$p2'")" 1

	# --- a moderator deletes and bans from the comment ------------------------
	req DELETE "$base/api/v1/comments/$p2" -H "$M"
	expect "$name: a moderator deletes anyone's comment" is "$status" 204
	expect "$name: ... audited with the comment as it was" \
	    is "$(sql "SELECT actor_name || ' ' || action || ' ' || (before->>'body') FROM audit_logs WHERE target_id = '$p2' AND action = 'comment.delete'")" \
	    "m${n}_mod$sfx comment.delete number 2"
	req POST "$base/api/v1/comments/$p3/ban" -H "$A" -H "$J" -d '{"reason":"spam"}'
	expect "$name: only moderators ban" is "$status" 403
	req POST "$base/api/v1/comments/$p3/ban" -H "$M" -H "$J" -d '{"reason":"spam in comments"}'
	expect "$name: a moderator bans the author from the comment" is "$status" 200
	expect "$name: ... through the ban, audited" is "$(sql "SELECT action FROM audit_logs WHERE target_id = (SELECT id::text FROM users WHERE username = 'm${n}_c$sfx')")" user.ban
	req POST "$base/api/v1/videos/$pub/comments" -H "$C" -H "$J" -d '{"body":"again"}'
	expect "$name: a banned account cannot comment" is "$status:$(json b.error.code)" "403:banned"

	# --- the page's forms, without JavaScript --------------------------------
	jar=$work/jar-$name
	login "$jar" "m${n}_d$sfx"
	req GET "$base/videos/$pub" -b "$jar"
	csrf=$(csrf_of)
	expect "$name: the page has the comment form" body_has 'id="comment-form"'
	req POST "$base/videos/$pub/comments" -b "$jar" -H "$F" --data-urlencode "body=from the form"
	expect "$name: a form post without the token is 403" is "$status" 403
	req POST "$base/videos/$pub/comments" -b "$jar" -H "$F" -H 'Accept: text/html' \
	    --data-urlencode "csrf_token=$csrf" --data-urlencode "body=$(printf 'from the form\r\nsecond line')"
	loc=$(header Location)
	fid=${loc##*#comment-}
	expect "$name: with it, back to the video at the comment" is "$status ${loc%#*}" \
	    "303 $(site_path "$base")/videos/$pub"
	expect "$name: ... the browser's CRLF kept as a newline" \
	    is "$(sql "SELECT body FROM comments WHERE id = '$fid'")" "$(printf 'from the form\nsecond line')"
	req POST "$base/videos/$pub/comments" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
	    --data-urlencode "body=a form reply" --data-urlencode "parent_id=$fid"
	expect "$name: a reply through the form" is "$(sql "SELECT parent_id FROM comments WHERE body = 'a form reply' AND video_id = '$pub'")" "$fid"
	req POST "$base/videos/$pub/comments/$fid/edit" -b "$jar" -H "$F" --data-urlencode "body=edited in the form"
	expect "$name: an edit without the token is 403" is "$status" 403
	req POST "$base/videos/$pub/comments/$fid/edit" -b "$jar" -H "$F" \
	    --data-urlencode "csrf_token=$csrf" --data-urlencode "body=edited in the form"
	expect "$name: an edit through the form" is "$status $(sql "SELECT body FROM comments WHERE id = '$fid'")" \
	    "303 edited in the form"
	req POST "$base/videos/$gone/comments/$fid/edit" -b "$jar" -H "$F" \
	    --data-urlencode "csrf_token=$csrf" --data-urlencode "body=elsewhere"
	expect "$name: ... only under its own video" is "$status" 404
	req POST "$base/videos/$pub/comments/$p4/report" -b "$jar" -H "$F" \
	    --data-urlencode "csrf_token=$csrf" -d 'reason=other'
	expect "$name: a report through the form" is "$status $(sql "SELECT count(*) FROM comment_reports WHERE comment_id = '$p4'")" "303 1"
	req GET "$base/videos/$pub" -b "$jar"
	expect "$name: the page shows the reply" body_has "a form reply"
	expect "$name: ... marked edited" body_has 'class="comment-edited"'
	expect "$name: ... its own delete form" body_has "/videos/$pub/comments/$fid/delete"
	req POST "$base/videos/$pub/comments/$fid/delete" -b "$jar" -H "$F" -d x=1
	expect "$name: a delete without the token is 403" is "$status" 403
	req POST "$base/videos/$pub/comments/$fid/delete" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf"
	expect "$name: a delete through the form, back to the list" is "$status $(header Location)" \
	    "303 $(site_path "$base")/videos/$pub#comments"
	expect "$name: ... kept as deleted for its reply" is "$(sql "SELECT deleted_at IS NOT NULL FROM comments WHERE id = '$fid'")" t
	login "$jar-own" "m${n}_own$sfx"
	req GET "$base/videos/$pub" -b "$jar-own"
	expect "$name: the owner's page has the switch" body_has 'id="comment-settings"'
	req POST "$base/videos/$pub/comments/settings" -b "$jar-own" -H "$F" -d enabled=0 \
	    --data-urlencode "csrf_token=$(csrf_of)"
	expect "$name: the owner turns comments off with it" is "$status $(sql "SELECT comments_enabled FROM videos WHERE id = '$pub'")" "303 f"
	req POST "$base/videos/$pub/comments/settings" -b "$jar" -H "$F" -d enabled=1 \
	    --data-urlencode "csrf_token=$csrf"
	expect "$name: ... nobody else" is "$status" 403
	req GET "$base/videos/$pub" -b "$jar-own"
	req POST "$base/videos/$pub/comments/settings" -b "$jar-own" -H "$F" -d enabled=1 \
	    --data-urlencode "csrf_token=$(csrf_of)"
	expect "$name: ... and on again" is "$(sql "SELECT comments_enabled FROM videos WHERE id = '$pub'")" t

	# --- private videos: comments only for who may see the video --------------
	req POST "$base/api/v1/videos/$priv/comments" -H "$O" -H "$J" -d '{"body":"just us"}'
	expect "$name: the owner comments on a private video" is "$status" 201
	i=$(json b.id)
	req GET "$base/api/v1/videos/$priv/comments" -H "$A"
	expect "$name: others do not see them" is "$status" 404
	req GET "$base/api/v1/videos/$priv/comments"
	expect "$name: ... nor anonymous" is "$status" 404
	req POST "$base/api/v1/videos/$priv/comments" -H "$A" -H "$J" -d '{"body":"hi"}'
	expect "$name: ... nor comment" is "$status" 404
	req POST "$base/api/v1/comments/$i/reports" -H "$A" -H "$J" -d '{"reason":"spam"}'
	expect "$name: ... nor report one" is "$status" 404
	req DELETE "$base/api/v1/comments/$i" -H "$A"
	expect "$name: ... nor delete one" is "$status" 404
	req GET "$base/api/v1/videos/$priv/comments" -H "$M"
	expect "$name: a moderator sees them" is "$(json b.items.length)" 2

	# --- a deleted video takes its comments ----------------------------------
	req POST "$base/api/v1/videos/$gone/comments" -H "$A" -H "$J" -d '{"body":"soon gone"}'
	i=$(json b.id)
	req POST "$base/api/v1/comments/$i/reports" -H "$B" -H "$J" -d '{"reason":"spam"}'
	req DELETE "$base/api/v1/videos/$gone" -H "$O"
	expect "$name: the owner deletes the video" is "$status" 204
	expect "$name: ... its comments and their reports go with it" \
	    is "$(sql "SELECT (SELECT count(*) FROM comments WHERE video_id = '$gone') + (SELECT count(*) FROM comment_reports WHERE comment_id = '$i')")" 0
	req PATCH "$base/api/v1/comments/$i" -H "$A" -H "$J" -d '{"body":"x"}'
	expect "$name: ... the comment is 404" is "$status" 404
}

server lighttpd "$2" l
server apache "$3" a
finish "e2e-comments"
