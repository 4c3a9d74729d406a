#!/bin/bash
# run.sh: the security suite, through one web server: one user never
# reaches another's things (IDOR), stored XSS is escaped on every page that
# shows it, SQL injection strings in every parameter are only data, the
# login's next= never leaves the site, the response headers and cookie
# flags. (Forged tokens, CSRF, brute force, path tricks and refused upload
# types are in tests/e2e/auth.sh, stream.sh and upload.sh.)
# Usage: run.sh NAME BASE STATE
. "$(dirname "$0")/lib.sh"
users "sa$sfx" "sb$sfx" "sr$sfx"
printf '%s\n' "$pass" | "$ctl" user add -r admin "sadm$sfx" >/dev/null
ta=$(token "sa$sfx") tb=$(token "sb$sfx") tadm=$(token "sadm$sfx")
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
priv=$(as_site "$ctl" video import -u "sb$sfx" -v private -t "private $sfx" "$work/c.mp4")
pub=$(as_site "$ctl" video import -u "sb$sfx" -t "public $sfx" "$work/c.mp4")
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null

# --- IDOR: A against B's things ----------------------------------------------
A="Authorization: Bearer $ta" B="Authorization: Bearer $tb"
req GET "$base/api/v1/videos/$priv" -H "$A"
expect "$name: idor: A cannot see B's private video" is "$status" 404
req GET "$base/api/videos/$priv/hls/master.m3u8" -H "$A"
expect "$name: idor: ... nor play it" is "$status" 404
req PATCH "$base/api/v1/videos/$pub" -H "$A" -H "$J" -d '{"title":"mine"}'
expect "$name: idor: A cannot edit B's video" is "$status" 403
req DELETE "$base/api/v1/videos/$pub" -H "$A"
expect "$name: idor: A cannot delete B's video" is "$status" 403
req GET "$base/api/v1/videos?mine=1" -H "$A"
expect "$name: idor: A's own list holds none of B's" is \
    "$(json "b.items.filter(i => i.id === '$priv' || i.id === '$pub').length")" 0
req POST "$base/api/v1/uploads/" -H "$B" -H 'Tus-Resumable: 1.0.0' \
    -H 'Content-Length: 0' -H 'Upload-Length: 100'
up=$(header Location)
req HEAD "$base$up" -H "$A" -H 'Tus-Resumable: 1.0.0'
expect "$name: idor: A cannot read B's upload" is "$status" 404
req DELETE "$base$up" -H "$A" -H 'Tus-Resumable: 1.0.0'
expect "$name: idor: ... nor end it" is "$status" 404
req POST "$base/api/v1/videos/$pub/reports" -H "$B" -H "$J" -d '{"reason":"spam"}'
req GET "$base/api/admin/reports" -H "$A"
expect "$name: idor: A cannot see reports" is "$status" 403

# --- CSRF: every state change over a cookie session needs the token ----------
jar=$work/jar
req POST "$base/api/v1/auth/login" -c "$jar" -H "$F" --data-urlencode "username=sadm$sfx" \
    --data-urlencode "password=$pass"
tid=$(sql "SELECT id FROM users WHERE username = 'sa$sfx'")
for route in "PATCH /api/v1/videos/$pub" "DELETE /api/v1/videos/$pub" \
    "POST /api/v1/videos/$pub/reports" "POST /api/v1/auth/logout" \
    "POST /account/password" "POST /api/v1/uploads/" \
    "POST /api/admin/users/$tid/ban" "POST /api/admin/users/$tid/role" \
    "POST /api/admin/users/$tid/delete" "POST /api/admin/videos/$pub/hide" \
    "POST /api/admin/videos/$pub/requeue" "DELETE /api/admin/videos/$pub/cache" \
    "POST /api/admin/reports/$pub"; do
	req "${route%% *}" "$base${route#* }" -b "$jar" -H "$J" -H 'Tus-Resumable: 1.0.0' \
	    -H 'Upload-Length: 10' -d '{"reason":"x","role":"user","title":"x"}'
	expect "$name: csrf: $route with a cookie and no token is 403" is "$status" 403
done
req POST "$base/api/v1/videos/upload" -b "$jar" -F "file=@$work/c.mp4"
expect "$name: csrf: POST /api/v1/videos/upload with a cookie and no token is 403" is "$status" 403
req GET "$base/api/v1/auth/me" -b "$jar"
expect "$name: csrf: ... and the session is still there" is "$status" 200

# --- stored XSS: every page that shows user text escapes it --------------------
req PATCH "$base/api/v1/videos/$pub" -H "$B" -H "$J" \
    -d "$(node -e 'console.log(JSON.stringify({title: process.argv[1], description: process.argv[1]}))' "$xss")"
expect "$name: xss: the payload is stored as given" is "$(json b.title)" "$xss"
req POST "$base/api/v1/videos/$pub/reports" -H "$A" -H "$J" \
    -d "$(node -e 'console.log(JSON.stringify({reason: "other", details: process.argv[1]}))' "$xss")"
for page in "/" "/search?q=alert" "/videos/$pub" "/embed/$pub" "/my" "/admin/videos" \
    "/admin/reports" "/admin/users" "/admin/audit"; do
	who=$B
	case $page in /admin*) who="Authorization: Bearer $tadm" ;; esac
	req GET "$base$page" -H "$who" -H 'Accept: text/html'
	expect "$name: xss: $page is 200" is "$status" 200
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live handler" not_has '<img src=x'
done
req GET "$base/videos/$pub" -H 'Accept: text/html'
expect "$name: xss: the title shows escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;'
req GET "$base/oembed?url=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' \
    "$VSTREAM_BASE_URL/videos/$pub")"
expect "$name: xss: oEmbed's iframe has the title escaped" \
    is "$(json '!b.html.includes("<script") && b.html.includes("&lt;script&gt;")')" true
# Reflected: the query of the embed, player and oEmbed pages.
e=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$xss")
for page in "/embed/$pub?t=$e&autoplay=$e&loop=$e" "/videos/$pub?t=$e" \
    "/oembed?url=$e&maxwidth=$e&maxheight=$e&format=json"; do
	req GET "$base$page" -H 'Accept: text/html'
	expect "$name: xss: $page is answered" one_of "$status" 200 400 404
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live handler" not_has '<img src=x'
done

# --- SQL injection strings are only data ----------------------------------------
for s in "' OR '1'='1" "1; DROP TABLE users; --" "\") OR 1=1 --" "%27%20OR%201%3D1"; do
	e=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$s")
	for u in "/api/v1/videos?q=$e" "/api/v1/videos?owner=$e" "/api/v1/videos?sort=$e" \
	    "/api/v1/videos?next=$e" "/api/v1/videos?limit=$e" "/api/v1/videos/$e" \
	    "/search?q=$e" "/api/videos/$e/hls/master.m3u8" "/embed/$e" \
	    "/embed/$pub?t=$e" "/oembed?url=$e" "/oembed?url=$e&maxwidth=$e"; do
		req GET "$base$u"
		expect "$name: sqli: $u is not a server error" one_of "$status" 200 400 404
	done
	for u in "/api/admin/users?q=$e" "/api/admin/videos?q=$e&status=$e" \
	    "/api/admin/audit?actor=$e&action=$e&target=$e" "/api/admin/audit?since=$e"; do
		req GET "$base$u" -H "Authorization: Bearer $tadm"
		expect "$name: sqli: $u is not a server error" one_of "$status" 200 400
	done
	req POST "$base/api/v1/auth/login" -H "$J" \
	    -d "$(node -e 'console.log(JSON.stringify({username: process.argv[1], password: process.argv[1]}))' "$s")"
	expect "$name: sqli: a login with it fails cleanly" one_of "$status" 401 429
done
expect "$name: sqli: the users table is still there" test "$(sql 'SELECT count(*) FROM users')" -gt 2

# --- open redirect, headers, cookies ---------------------------------------------
# (four logins: the login rate limit allows five a minute per name)
for next in "//evil.example/" "https://evil.example/" "/\\evil.example" "javascript:alert(1)"; do
	req POST "$base/api/v1/auth/login" -H "$F" --data-urlencode "username=sr$sfx" \
	    --data-urlencode "password=$pass" --data-urlencode "next=$next"
	expect "$name: redirect: next=$next stays on the site" is "$(header Location | cut -c1-1)" /
	expect "$name: redirect: next=$next is not another host" not_starts "$(header Location)" //
done
cookie=$(header Set-Cookie)
expect "$name: cookie: HttpOnly" grep -q HttpOnly <<<"$cookie"
expect "$name: cookie: SameSite" grep -q SameSite <<<"$cookie"
req GET "$base/" -H 'Accept: text/html'
expect "$name: headers: Content-Security-Policy" grep -q "default-src 'self'" <<<"$(header Content-Security-Policy)"
expect "$name: headers: frame-ancestors 'none'" grep -q "frame-ancestors 'none'" <<<"$(header Content-Security-Policy)"
expect "$name: headers: nosniff" is "$(header X-Content-Type-Options)" nosniff
expect "$name: headers: Referrer-Policy" is "$(header Referrer-Policy)" same-origin
req GET "$base/api/v1/videos"
expect "$name: headers: the API says nosniff too" is "$(header X-Content-Type-Options)" nosniff

. "$top/tests/security/channel.sh"

finish "security ($name)"
