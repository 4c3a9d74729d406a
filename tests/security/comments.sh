#!/bin/bash
# comments.sh: the security of comments, through one web server: stored
# XSS in their text is shown escaped (scripts, attributes, javascript:
# links) on the video and admin pages, nobody edits, deletes or reports
# what is not theirs to reach (IDOR), every new form and route wants the
# CSRF token of a cookie session, the text's limits (5000 characters,
# UTF-8, no control characters) and the body limit (413), the comment
# rate (429). Usage: comments.sh NAME BASE STATE
. "$(dirname "$0")/lib.sh"
xss='<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>"'"'"
users "xa$sfx" "xb$sfx" "xr$sfx" "xs$sfx" "xt$sfx"
printf '%s\n' "$pass" | "$ctl" user add -r admin "xadm$sfx" >/dev/null
ta=$(token "xa$sfx") tb=$(token "xb$sfx") tr=$(token "xr$sfx") tadm=$(token "xadm$sfx")
ts=$(token "xs$sfx") tt=$(token "xt$sfx")
A="Authorization: Bearer $ta" B="Authorization: Bearer $tb" ADM="Authorization: Bearer $tadm"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
pub=$(as_site "$ctl" video import -u "xb$sfx" -t "comments public $sfx" "$work/c.mp4")
priv=$(as_site "$ctl" video import -u "xb$sfx" -v private -t "comments private $sfx" "$work/c.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
# body TEXT: a JSON body whose body field is TEXT, exactly.
body() { node -e 'console.log(JSON.stringify({body: process.argv[1]}))' "$1"; }

# --- stored XSS: the text is only ever text --------------------------------------
req POST "$base/api/v1/videos/$pub/comments" -H "$A" -H "$J" -d "$(body "$xss")"
expect "$name: xss: the payload is stored as given" is "$(json b.body)" "$xss"
ca=$(json b.id)
req POST "$base/api/v1/comments/$ca/reports" -H "$B" -H "$J" -d '{"reason":"abuse"}'
for page in "/videos/$pub" "/admin/reports"; do
	req GET "$base$page" -H "$ADM" -H 'Accept: text/html'
	expect "$name: xss: $page is 200" is "$status" 200
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live attribute" not_has '<img src=x'
	expect "$name: xss: $page has no live javascript: link" not_has '<a href="javascript:'
	expect "$name: xss: $page shows it escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'
done
req GET "$base/videos/$pub?after=%3Cscript%3Ealert(1)%3C/script%3E&sort=%3Cscript%3E" -H 'Accept: text/html'
expect "$name: xss: a cursor or sort in the query is refused" is "$status" 400
expect "$name: xss: ... not reflected" not_has '<script>alert'

# --- IDOR: B against A's comment; A against B's private video ---------------------
req PATCH "$base/api/v1/comments/$ca" -H "$B" -H "$J" -d '{"body":"mine"}'
expect "$name: idor: B cannot edit A's comment" is "$status" 403
req DELETE "$base/api/v1/comments/$ca" -H "$B"
expect "$name: idor: B (the video's owner) cannot delete it" is "$status" 403
req POST "$base/api/v1/comments/$ca/ban" -H "$B" -H "$J" -d '{"reason":"x"}'
expect "$name: idor: B cannot ban its author" is "$status" 403
req POST "$base/api/admin/comment-reports/$ca" -H "$B" -H "$J" -d '{"status":"resolved","resolution":"comment_deleted"}'
expect "$name: idor: B cannot resolve its reports" is "$status" 403
expect "$name: idor: ... it is still there" is "$(sql "SELECT body FROM comments WHERE id = '$ca'")" "$xss"
req POST "$base/api/v1/videos/$priv/comments" -H "$B" -H "$J" -d '{"body":"private words"}'
cb=$(json b.id)
req GET "$base/api/v1/videos/$priv/comments" -H "$A"
expect "$name: idor: A cannot list B's private video's comments" is "$status" 404
for r in "PATCH /api/v1/comments/$cb" "DELETE /api/v1/comments/$cb" \
    "POST /api/v1/comments/$cb/reports"; do
	req "${r%% *}" "$base${r#* }" -H "$A" -H "$J" -d '{"body":"x","reason":"spam"}'
	expect "$name: idor: A on B's private comment: $r is 404" is "$status" 404
done
expect "$name: idor: ... no report was filed" is "$(sql "SELECT count(*) FROM comment_reports WHERE comment_id = '$cb'")" 0
req GET "$base/videos/$priv" -H "$A" -H 'Accept: text/html'
expect "$name: idor: ... nor read it on a page" not_has "private words"

# --- CSRF: every new route and form over a cookie session needs the token ----------
jar=$work/jar
req POST "$base/api/v1/auth/login" -c "$jar" -H "$F" --data-urlencode "username=xadm$sfx" \
    --data-urlencode "password=$pass"
for route in "POST /api/v1/videos/$pub/comments" "PATCH /api/v1/comments/$ca" \
    "DELETE /api/v1/comments/$ca" "POST /api/v1/comments/$ca/reports" \
    "POST /api/v1/comments/$ca/ban" "POST /api/admin/comment-reports/$ca"; do
	req "${route%% *}" "$base${route#* }" -b "$jar" -H "$J" \
	    -d '{"body":"forged","reason":"spam","status":"resolved","resolution":"comment_deleted"}'
	expect "$name: csrf: $route with a cookie and no token is 403" is "$status" 403
done
for form in "/videos/$pub/comments" "/videos/$pub/comments/settings" \
    "/videos/$pub/comments/$ca/edit" "/videos/$pub/comments/$ca/delete" \
    "/videos/$pub/comments/$ca/report" "/videos/$pub/comments/$ca/ban"; do
	req POST "$base$form" -b "$jar" -H "$F" -d 'body=forged&reason=spam&enabled=0'
	expect "$name: csrf: the form $form without the token is 403" is "$status" 403
	req POST "$base$form" -b "$jar" -H "$F" -d 'body=forged&reason=spam&enabled=0&csrf_token=0123456789abcdef'
	expect "$name: csrf: ... with a wrong token too" is "$status" 403
done
expect "$name: csrf: nothing was posted" is "$(sql "SELECT count(*) FROM comments WHERE body = 'forged'")" 0
expect "$name: csrf: ... edited or deleted" is "$(sql "SELECT md5(body) FROM comments WHERE id = '$ca'")" \
    "$(printf '%s' "$xss" | md5sum | cut -d' ' -f1)"
expect "$name: csrf: ... switched off" is "$(sql "SELECT comments_enabled FROM videos WHERE id = '$pub'")" t
expect "$name: csrf: ... nor anyone banned" is "$(sql "SELECT banned_at IS NULL FROM users WHERE username = 'xa$sfx'")" t

# --- sizes and characters (two accounts, within the comment rate) ------------------
S="Authorization: Bearer $ts" T="Authorization: Bearer $tt"
long=$(printf '\xc3\xa9%.0s' $(seq 5000))
req POST "$base/api/v1/videos/$pub/comments" -H "$S" -H "$J" -d "$(body "$long")"
expect "$name: size: 5000 characters (10000 bytes) are taken" is "$status" 201
req POST "$base/api/v1/videos/$pub/comments" -H "$S" -H "$J" -d "$(body "${long}e")"
expect "$name: size: 5001 are 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$S" -H "$J" -d '{"body":""}'
expect "$name: size: none is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$S" -H "$J" -d '{"body":" \n\t "}'
expect "$name: size: only white space is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$S" -H "$J" -d '{"body":"bell \u0007"}'
expect "$name: chars: a control character is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$T" -H "$J" -d '{"body":"cut\u0000here"}'
expect "$name: chars: a NUL is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$T" -H "$J" -d '{"body":"c1 \u0085"}'
expect "$name: chars: a C1 control is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$T" -H "$J" -d '{"body":["a"]}'
expect "$name: chars: a body that is not text is 422" is "$status" 422
req POST "$base/api/v1/videos/$pub/comments" -H "$T" -H "$F" -d 'body=%FF%FE'
expect "$name: chars: bytes that are not UTF-8 are refused" one_of "$status" 400 422
head -c 300000 /dev/zero | tr '\0' 'a' | sed 's/^/{"body":"/; s/$/"}/' > "$work/huge.json"
req POST "$base/api/v1/videos/$pub/comments" -H "$T" -H "$J" --data-binary "@$work/huge.json"
expect "$name: size: a huge body is 413" is "$status" 413 ||
    printf '  got %s\n' "$(wc -c < "$work/huge.json") $(head -c 300 "$work/body") $(grep -i content-length "$work/head")" >&2
req PATCH "$base/api/v1/comments/$ca" -H "$A" -H "$J" --data-binary "@$work/huge.json"
expect "$name: size: ... an edit too" is "$status" 413
expect "$name: size: nothing was kept" is "$(sql "SELECT count(*) FROM comments WHERE video_id = '$pub' AND author_id IN (SELECT id FROM users WHERE username IN ('xs$sfx', 'xt$sfx'))")" 1

# --- the comment rate: rate_comment a minute per account --------------------------
R="Authorization: Bearer $tr"
for i in $(seq 1 12); do
	req POST "$base/api/v1/videos/$pub/comments" -H "$R" -H "$J" -d "{\"body\":\"flood $i\"}"
	[ "$status" = 429 ] && break
done
expect "$name: rate: the eleventh comment within a minute is 429" is "$i $status" "11 429"
expect "$name: rate: ... with Retry-After" test -n "$(header Retry-After)"
req POST "$base/api/v1/videos/$pub/comments" -H "$A" -H "$J" -d '{"body":"another account"}'
expect "$name: rate: another account still comments" is "$status" 201

finish "security-comments ($name)"
