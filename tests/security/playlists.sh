#!/bin/bash
# playlists.sh: the security cases of playlists, through one web server:
# stored XSS in titles and descriptions on every page that shows them,
# reflected XSS in the player page's list and position, one user never
# reaching another's lists (IDOR, by the API and by the forms), every
# change over a cookie session refused without its CSRF token, and the
# size limits. Usage: playlists.sh NAME BASE STATE
. "$(dirname "$0")/lib.sh"
a=qa$sfx b=qb$sfx
users "$a" "$b"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/c.mp4"
pub=$(as_site "$ctl" video import -u "$a" -t "q public $sfx" "$work/c.mp4")
priv=$(as_site "$ctl" video import -u "$a" -v private -t "q private $sfx" "$work/c.mp4")
transcode "$state/inst/bin/vstream-worker" "$pub" "$priv"
A="Authorization: Bearer $(token "$a")" B="Authorization: Bearer $(token "$b")"
# fields JSON-KEY VALUE...: a JSON object of the pairs.
fields() {
	node -e 'const a = process.argv.slice(1), o = {};
	    for (let i = 0; i < a.length; i += 2) o[a[i]] = a[i + 1];
	    console.log(JSON.stringify(o))' "$@"
}
# jar_login USER FILE: a browser session in FILE; prints its CSRF token.
jar_login() {
	req POST "$base/api/v1/auth/login" -H "$F" -c "$2" \
	    --data-urlencode "username=$1" --data-urlencode "password=$pass"
	req GET "$base/my/playlists" -b "$2"
	sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1
}

# --- stored XSS ------------------------------------------------------------------
req POST "$base/api/v1/playlists" -H "$A" -H "$J" \
    -d "$(fields title "$xss" description "$xss" visibility public)"
expect "$name: xss: the payload is stored as given" is "$(json b.title)" "$xss"
pa=$(json b.id)
req POST "$base/api/v1/playlists/$pa/items" -H "$A" -H "$J" -d "{\"video\":\"$pub\"}"
req POST "$base/api/v1/playlists" -H "$A" -H "$J" -d '{"title":"private list","visibility":"private"}'
pp=$(json b.id)
for page in "/playlists/$pa" "/my/playlists" "/videos/$pub?list=$pa&i=1"; do
	req GET "$base$page" -H "$A" -H 'Accept: text/html'
	expect "$name: xss: $page is 200" is "$status" 200
	expect "$name: xss: $page has the title escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;'
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live handler" not_has '<img src=x'
done
e=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$xss")
for page in "/videos/$pub?list=$e&i=$e" "/videos/$pub?list=$pa&i=$e" "/playlists/$e"; do
	req GET "$base$page" -H "$A" -H 'Accept: text/html'
	expect "$name: xss: $page is answered" one_of "$status" 200 400 404
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live handler" not_has '<img src=x'
done

# --- IDOR: B against A's lists -------------------------------------------------------
req GET "$base/api/v1/playlists/$pp" -H "$B"
expect "$name: idor: B cannot see A's private list" is "$status" 404
req GET "$base/api/v1/playlists?owner=$a" -H "$B"
expect "$name: idor: ... nor find it listed" is "$(json "b.items.some(i => i.id === '$pp')")" false
for route in "PATCH /api/v1/playlists/ID" "DELETE /api/v1/playlists/ID" \
    "POST /api/v1/playlists/ID/items" "PATCH /api/v1/playlists/ID/items/$pub" \
    "DELETE /api/v1/playlists/ID/items/$pub"; do
	for list in "$pa:403" "$pp:404"; do
		u=${route#* }
		req "${route%% *}" "$base${u/ID/${list%:*}}" -H "$B" -H "$J" \
		    -d "{\"title\":\"mine\",\"video\":\"$pub\",\"position\":1}"
		expect "$name: idor: B: $route on A's ${list%:*} is ${list#*:}" is "$status" "${list#*:}"
	done
done
req GET "$base/api/v1/playlists/$pa"
expect "$name: idor: A's list is as it was" is "$(json 'b.title + b.items.length')" "${xss}1"
req POST "$base/api/v1/playlists" -H "$B" -H "$J" -d '{"title":"B list"}'
pb=$(json b.id)
req POST "$base/api/v1/playlists/$pb/items" -H "$B" -H "$J" -d "{\"video\":\"$priv\"}"
expect "$name: idor: B cannot put A's private video in B's list" is "$status" 404
jb=$work/jar-b
cb=$(jar_login "$b" "$jb")
for form in "/playlists/$pa/edit" "/playlists/$pa/delete" "/playlists/$pa/items/$pub/move" \
    "/playlists/$pa/items/$pub/delete"; do
	req POST "$base$form" -b "$jb" -H "$F" -d "title=x&position=1&csrf_token=$cb"
	expect "$name: idor: B's form $form on A's list is 403" is "$status" 403
done
req POST "$base/my/playlists/items" -b "$jb" -H "$F" -d "playlist=$pa&video=$pub&csrf_token=$cb"
expect "$name: idor: B's save form into A's list is 403" is "$status" 403
req POST "$base/my/playlists/items" -b "$jb" -H "$F" -d "playlist=$pp&video=$pub&csrf_token=$cb"
expect "$name: idor: ... into A's private list 404" is "$status" 404
expect "$name: idor: A's list still holds one" is "$(sql "SELECT count(*) FROM playlist_items
    WHERE playlist_id = '$pa'")" 1

# --- CSRF: a cookie session without the token changes nothing -------------------------
ja=$work/jar-a
ca=$(jar_login "$a" "$ja")
for route in "POST /api/v1/playlists" "PATCH /api/v1/playlists/$pa" \
    "DELETE /api/v1/playlists/$pa" "POST /api/v1/playlists/$pa/items" \
    "PATCH /api/v1/playlists/$pa/items/$pub" "DELETE /api/v1/playlists/$pa/items/$pub"; do
	req "${route%% *}" "$base${route#* }" -b "$ja" -H "$J" \
	    -d "{\"title\":\"x\",\"video\":\"$pub\",\"position\":1}"
	expect "$name: csrf: $route with a cookie and no token is 403" is "$status" 403
done
for form in "/my/playlists" "/my/playlists/items" "/playlists/$pa/edit" \
    "/playlists/$pa/delete" "/playlists/$pa/items/$pub/move" "/playlists/$pa/items/$pub/delete"; do
	req POST "$base$form" -b "$ja" -H "$F" -d "title=x&playlist=$pa&video=$pub&position=1"
	expect "$name: csrf: form $form without the token is 403" is "$status" 403
	req POST "$base$form" -b "$ja" -H "$F" \
	    -d "title=x&playlist=$pa&video=$pub&position=1&csrf_token=0000$ca"
	expect "$name: csrf: form $form with a wrong token is 403" is "$status" 403
done
expect "$name: csrf: nothing changed" is "$(sql "SELECT count(*) FROM playlists p JOIN users u
    ON u.id = p.owner_id WHERE u.username = '$a'") $(sql "SELECT count(*) FROM playlist_items
    WHERE playlist_id = '$pa'")" "2 1"

# --- limits --------------------------------------------------------------------------
long=$(head -c 201 /dev/zero | tr '\0' x)
req POST "$base/api/v1/playlists" -H "$A" -H "$J" -d "{\"title\":\"$long\"}"
expect "$name: limits: a 201-character title is 422" is "$status" 422
req POST "$base/api/v1/playlists" -H "$A" -H "$J" \
    -d "{\"title\":\"ok\",\"description\":\"$(head -c 5001 /dev/zero | tr '\0' x)\"}"
expect "$name: limits: a 5001-byte description is 422" is "$status" 422
req PATCH "$base/api/v1/playlists/$pa" -H "$A" -H "$J" -d "{\"title\":\"$long\"}"
expect "$name: limits: ... in an edit too" is "$status" 422
req POST "$base/api/v1/playlists" -H "$A" -H "$J" -d "$(printf '\xff\xfe')"
expect "$name: limits: a body that is not JSON is 400" is "$status" 400
req POST "$base/api/v1/playlists" -H "$A" -H "$J" \
    -d "{\"title\":\"big\",\"description\":\"$(head -c 70000 /dev/zero | tr '\0' x)\"}"
expect "$name: limits: a body over 64 KiB is refused (413; 400 when the web
    server's own limit cut it first)" one_of "$status" 413 400
req GET "$base/api/v1/playlists?owner=$a"
expect "$name: limits: ... and made nothing" is "$(json "b.items.some(i => i.title === 'big')")" false
req POST "$base/api/v1/playlists/$pa/items" -H "$A" -H "$J" \
    -d "{\"video\":\"$pub\",\"position\":99999999999999999999}"
expect "$name: limits: a huge position is 422" is "$status" 422
# Fields left out: 404 or 422, never a dead program.
req POST "$base/my/playlists/items" -b "$ja" -H "$F" -d "csrf_token=$ca"
expect "$name: limits: the save form without a playlist is 404" is "$status" 404
req POST "$base/my/playlists/items" -b "$ja" -H "$F" -d "playlist=$pa&csrf_token=$ca"
expect "$name: limits: ... without a video 404" is "$status" 404
req POST "$base/api/v1/playlists/$pa/items" -H "$A" -H "$J" -d '{"position":1}'
expect "$name: limits: adding no video is 404" is "$status" 404
req POST "$base/my/playlists" -b "$ja" -H "$F" -d "csrf_token=$ca"
expect "$name: limits: the create form without a title is 422" is "$status" 422
for s in "' OR '1'='1" "1; DROP TABLE playlists; --" "../../etc/passwd"; do
	e=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$s")
	for u in "/api/v1/playlists/$e" "/api/v1/playlists?owner=$e" "/playlists/$e" \
	    "/videos/$pub?list=$e&i=$e"; do
		req GET "$base$u"
		expect "$name: sqli: $u is not a server error" one_of "$status" 200 404
	done
	req POST "$base/api/v1/playlists/$pa/items" -H "$A" -H "$J" -d "$(fields video "$s")"
	expect "$name: sqli: a video id of $s is 404" is "$status" 404
done
expect "$name: sqli: the playlists table is still there" test "$(sql 'SELECT count(*) FROM playlists')" -gt 0

finish "security-playlists ($name)"
