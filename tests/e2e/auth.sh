#!/bin/bash
# auth.sh: accounts and access through one web server: register, login,
# tokens, refresh rotation, logout, forged tokens, CSRF, rate limits, bans,
# roles, escaping, redirects, forms from other sites, sessions racing their
# end, X-Forwarded-For, no token in any log. Usage: auth.sh NAME BASE STATE
# LOG (the stack's folder, where mail goes to mail.txt, and the programs'
# log). The stack trusts 127.0.0.1 as a proxy.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
name=$1 base=$2 state=$3 log=$4
# Redirects and the cookie name paths below base, the site's own path.
sp=$(site_path "$base")
ctl=$state/inst/bin/vstreamctl
secret=$(cat "$state/secret")
suffix=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
user=u_$name$suffix
pass="a good long password"
J='Content-Type: application/json'
F='Content-Type: application/x-www-form-urlencoded'
# ip N: an address of this run's own (IPv6, as the programs write it), so
# that limits per address never meet another run's.
rnd=$(( 0x${suffix:0:4} | 0x1000 ))
ip() { printf '2001:db8:%x:%x::%x' "$rnd" "$1" "$rnd"; }
# What must never reach a log: every token and session id handed out.
secrets=()
# session_id JAR: the session cookie kept in a curl cookie jar.
session_id() { awk '$6 == "vs_session" { print $7 }' "$1"; }
. "$state/stack.env"
# in_redis JAR: 1 while the jar's session has its key in Redis, else 0.
in_redis() {
	local key
	key=$(printf '%s' "$(session_id "$1")" | sha256sum | cut -d' ' -f1)
	redis-cli -p "$redis_port" -a "$redis_pass" --no-auth-warning \
	    exists "vs:sess:$key"
}

req POST "$base/api/v1/auth/register" -H "$J" \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"$pass\"}"
expect "$name: register is 201" is "$status" 201
expect "$name: register returns the user" is "$(json b.username)" "$user"
expect "$name: register returns no hash" is "$(json '"password_hash" in b')" false
uid=$(json b.id)
sleep 0.3
link=$(grep -o "/api/v1/auth/verify?u=$uid&t=[0-9a-f.]*" "$state/mail.txt" | tail -n 1)
secrets+=("${link##*t=}")
expect "$name: registration sends a verification link" test -n "$link"
req GET "$base$link"
expect "$name: the link verifies the address" is "$status" 200
last=${link: -1}
req GET "$base${link%?}$([ "$last" = 0 ] && echo 1 || echo 0)"
expect "$name: a changed link is refused" is "$status" 400
req POST "$base/api/v1/auth/register" -H "$J" \
    -d "{\"username\":\"$user\",\"email\":\"x$user@example.org\",\"password\":\"$pass\"}"
expect "$name: duplicate username is 409" is "$status" 409
req POST "$base/api/v1/auth/register" -H "$J" \
    -d "{\"username\":\"X<script>\",\"email\":\"a'; DROP TABLE users;--@x.org\",\"password\":\"short\"}"
expect "$name: bad fields are 422" is "$status" 422
expect "$name: 422 names the username" is "$(json 'typeof b.error.fields.username')" string
expect "$name: 422 names the email" is "$(json 'typeof b.error.fields.email')" string
expect "$name: 422 names the password" is "$(json 'typeof b.error.fields.password')" string
expect "$name: the hash is bcrypt cost 12" is "$(psql -qAt "$VSTREAM_DB_URL" \
    -c "SELECT substr(password_hash, 1, 7) FROM users WHERE username = '$user'")" '$2b$12$'

req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$user\",\"password\":\"$pass\"}"
expect "$name: login is 200" is "$status" 200
expect "$name: login gives a Bearer token" is "$(json b.token_type)" Bearer
expect "$name: login says when it expires" is "$(json b.expires_in)" 900
access=$(json b.access_token)
refresh1=$(json b.refresh_token)
secrets+=("$access" "$refresh1")
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $access"
expect "$name: me with the token is 200" is "$status" 200
expect "$name: me names the user" is "$(json b.username)" "$user"
expect "$name: the email is verified" is "$(json b.email_verified)" true

req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh1\"}"
expect "$name: refresh is 200" is "$status" 200
refresh2=$(json b.refresh_token)
secrets+=("$refresh2")
expect "$name: refresh rotates the token" test "$refresh2" != "$refresh1"
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $(json b.access_token)"
expect "$name: the new access token works" is "$status" 200
req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh1\"}"
expect "$name: a reused refresh token is 401" is "$status" 401
req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh2\"}"
expect "$name: reuse revoked the newer token too" is "$status" 401

req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$user\",\"password\":\"$pass\"}"
access=$(json b.access_token)
refresh3=$(json b.refresh_token)
secrets+=("$access" "$refresh3")
req POST "$base/api/v1/auth/logout" -H "Authorization: Bearer $access" -H "$J" \
    -d "{\"refresh_token\":\"$refresh3\"}"
expect "$name: logout is 204" is "$status" 204
req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh3\"}"
expect "$name: a logged-out refresh token is 401" is "$status" 401

for kind in expired none wrongkey hs384 noclaims wrongiss tampered; do
	req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $(node \
	    "$top/tests/e2e/jwt.js" "$kind" "$secret" "$uid")"
	expect "$name: a $kind token is 401" is "$status" 401
done
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $(node \
    "$top/tests/e2e/jwt.js" valid "$secret" "$uid")"
expect "$name: a well-made token is accepted (the forgeries were real)" is "$status" 200
req GET "$base/api/v1/auth/me" -H "Authorization: Basic eDp5"
expect "$name: another scheme is 401" is "$status" 401
req GET "$base/api/v1/auth/me"
expect "$name: anonymous me is 401" is "$status" 401
expect "$name: 401 asks for a Bearer token" is "$(header WWW-Authenticate)" Bearer

# The browser: a form login sets a fresh session cookie; never the one sent.
jar=$work/jar
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar" \
    -H "Cookie: vs_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    --data-urlencode "username=$user" --data-urlencode "password=$pass" \
    --data-urlencode "next=//evil.example/"
expect "$name: form login redirects" is "$status" 303
expect "$name: never to another site" is "$(header Location)" "$sp/"
cookie=$(header Set-Cookie)
expect "$name: the cookie is HttpOnly" is "$(echo "$cookie" | grep -c HttpOnly)" 1
expect "$name: the cookie is SameSite=Lax" is "$(echo "$cookie" | grep -c 'SameSite=Lax')" 1
expect "$name: the cookie is for the whole site" is "$(echo "$cookie" | grep -c "Path=${sp:-/};")" 1
expect "$name: the session id is fresh" \
    is "$(echo "$cookie" | grep -c aaaaaaaaaaaaaaaa)" 0
secrets+=("$(session_id "$jar")")

# next_refused: the login page of the last req goes to "/" afterwards,
# or lighttpd refused the URL itself (400 for a control character).
next_refused() { [ "$status" = 400 ] || body_has 'name="next" value="/"'; }
# Redirects after login go to local paths only, however the target is
# dressed up (each is decoded once by the query, then looked through).
for target in '//evil.example/' '/\evil.example' '/%2F%2Fevil.example' \
    $'/\t/evil.example' '/%09/evil.example' 'https://evil.example' \
    'javascript:alert(1)' '/%0d%0aSet-Cookie:x=1' '/%252F%252Fevil.example' \
    '/%5Cevil.example' ' /account'; do
	req GET "$base/login" -G --data-urlencode "next=$target"
	expect "$name: the login page refuses next=$target" next_refused
done
req GET "$base/login" -G --data-urlencode "next=/account"
expect "$name: the login page keeps a local next" \
    body_has 'name="next" value="/account"'
req POST "$base/api/v1/auth/login" -H "$F" \
    --data-urlencode "username=$user" --data-urlencode "password=$pass" \
    --data-urlencode $'next=/\t/evil.example'
expect "$name: a tab in next does not make //host" is "$(header Location)" "$sp/"
req GET "$base/account" -b "$jar"
expect "$name: /account with the cookie is 200" is "$status" 200
expect "$name: /account shows the user" body_has "$user"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
expect "$name: the page carries a CSRF token" is "${#csrf}" 64
req GET "$base/api/v1/auth/me" -b "$jar"
expect "$name: me with the cookie is 200" is "$status" 200
req POST "$base/api/v1/auth/logout" -b "$jar" -H "$J" -d '{}'
expect "$name: cookie POST without CSRF is 403" is "$status" 403
expect "$name: 403 says csrf" is "$(json b.error.code)" csrf
req POST "$base/api/v1/auth/logout" -b "$jar" -H "$J" -H "X-CSRF-Token: $(printf '%s' "$csrf" | tr 0-9a-f 1-9a-f0)" -d '{}'
expect "$name: cookie POST with a wrong CSRF token is 403" is "$status" 403
req POST "$base/logout" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf"
expect "$name: logout with the CSRF token is 303" is "$status" 303
req GET "$base/api/v1/auth/me" -b "$jar"
expect "$name: the session is gone after logout" is "$status" 401
req GET "$base/account" -b "$jar" -H 'Accept: text/html'
expect "$name: /account sends browsers to log in" is "$status" 303
expect "$name: ... and back afterwards" is "$(header Location)" "$sp/login?next=%2Faccount"

# Changing the password ends every other session and refresh token (its
# own account: logins per name are limited to five a minute).
pwuser=p_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$pwuser" >/dev/null
jar2=$work/jar2
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar" \
    --data-urlencode "username=$pwuser" --data-urlencode "password=$pass"
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar2" \
    --data-urlencode "username=$pwuser" --data-urlencode "password=$pass"
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$pwuser\",\"password\":\"$pass\"}"
refresh4=$(json b.refresh_token)
req GET "$base/account" -b "$jar"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
expect "$name: the account page lists both sessions" \
    is "$(grep -c 'sessions/[0-9a-f]*/revoke' "$work/body")" 1
req POST "$base/account/password" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=$pass" --data-urlencode "new_password=$pass 2"
expect "$name: password change redirects" is "$(header Location)" "$sp/account?changed=1"
req GET "$base/api/v1/auth/me" -b "$jar"
expect "$name: this session survives the change" is "$status" 200
req GET "$base/api/v1/auth/me" -b "$jar2"
expect "$name: the other session is ended" is "$status" 401
req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh4\"}"
expect "$name: refresh tokens are revoked" is "$status" 401
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$pwuser\",\"password\":\"$pass 2\"}"
expect "$name: the new password works" is "$status" 200
secrets+=("$refresh4" "$(json b.access_token)" "$(json b.refresh_token)")

# Changing the password guesses at the current one: five a minute per
# account and per address. From behind the trusted proxy (127.0.0.1), the
# address is the right-most one X-Forwarded-For names that is not trusted.
limited=l_$name$suffix
other=k_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$limited" >/dev/null
printf '%s\n' "$pass" | "$ctl" user add "$other" >/dev/null
jar3=$work/jar3
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar3" \
    -H "X-Forwarded-For: 198.51.100.7, $(ip 1)" \
    --data-urlencode "username=$limited" --data-urlencode "password=$pass"
secrets+=("$(session_id "$jar3")")
req GET "$base/account" -b "$jar3"
expect "$name: the session has the forwarded address" body_has "$(ip 1)"
expect "$name: ... not what the client wrote" not_has 198.51.100.7
sleep 0.3
expect "$name: the request log names the client and the proxy" \
    grep -q "\"client\":\"$(ip 1)\",\"peer\":\"127.0.0.1\"" "$log"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
for i in 1 2 3 4 5; do
	req POST "$base/account/password" -b "$jar3" -H "$F" -H 'Accept: text/html' \
	    -H "X-Forwarded-For: $(ip 1)" --data-urlencode "csrf_token=$csrf" \
	    --data-urlencode "current_password=wrong guess $i" \
	    --data-urlencode "new_password=$pass 3"
	[ "$(header Location)" = "$sp/account?error=current" ] ||
	    fail "$name: password guess $i: $status $(header Location)"
done
req POST "$base/account/password" -b "$jar3" -H "$F" -H 'Accept: text/html' \
    -H "X-Forwarded-For: $(ip 1)" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=wrong guess 6" \
    --data-urlencode "new_password=$pass 3"
expect "$name: the 6th password guess in a minute is 429" is "$status" 429
expect "$name: ... says when to retry" test "$(header Retry-After)" -ge 1
expect "$name: ... on a page" body_has "Too many attempts"
req POST "$base/account/password" -b "$jar3" -H "$F" \
    -H "X-Forwarded-For: $(ip 2)" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=$pass" --data-urlencode "new_password=$pass 3"
expect "$name: ... even right, from elsewhere (per account)" is "$status" 429
jar4=$work/jar4
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar4" -H "X-Forwarded-For: $(ip 1)" \
    --data-urlencode "username=$other" --data-urlencode "password=$pass"
secrets+=("$(session_id "$jar4")")
req GET "$base/account" -b "$jar4"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
req POST "$base/account/password" -b "$jar4" -H "$F" \
    -H "X-Forwarded-For: $(ip 1)" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=$pass" --data-urlencode "new_password=$pass 3"
expect "$name: another account from that address is 429 (per address)" \
    is "$status" 429
req POST "$base/account/password" -b "$jar4" -H "$F" \
    -H "X-Forwarded-For: $(ip 2)" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=$pass" --data-urlencode "new_password=$pass 3"
expect "$name: ... and changes it from another address" \
    is "$(header Location)" "$sp/account?changed=1"

# Logins that checked the old password while it was being changed (bcrypt
# takes a while) keep nothing: forms and API clients, spread over the
# change. Bounded: 12 logins, each from its own address.
slow=s_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$slow" >/dev/null
jar5=$work/jar5
req POST "$base/api/v1/auth/login" -H "$F" -c "$jar5" -H "X-Forwarded-For: $(ip 30)" \
    --data-urlencode "username=$slow" --data-urlencode "password=$pass"
req GET "$base/account" -b "$jar5"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
curl -s -m 60 -o "$work/changed" -D "$work/changed.head" -b "$jar5" -H "$F" \
    -H "X-Forwarded-For: $(ip 30)" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "current_password=$pass" \
    --data-urlencode "new_password=$pass 4" "$base/account/password" &
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	sleep 0.1
	if [ $((i % 2)) = 0 ]; then
		curl -s -m 10 -o /dev/null -c "$work/slow$i" -H "$F" \
		    -H "X-Forwarded-For: $(ip $((40 + i)))" \
		    --data-urlencode "username=$slow" \
		    --data-urlencode "password=$pass" "$base/api/v1/auth/login" &
	else
		curl -s -m 10 -o "$work/slow$i" -H "$J" \
		    -H "X-Forwarded-For: $(ip $((40 + i)))" \
		    -d "{\"username\":\"$slow\",\"password\":\"$pass\"}" \
		    "$base/api/v1/auth/login" &
	fi
done
wait
expect "$name: the password changed under the logins" \
    grep -q "Location: $sp/account?changed=1" "$work/changed.head"
alive=0
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	if [ $((i % 2)) = 0 ]; then
		[ -n "$(session_id "$work/slow$i")" ] || continue
		req GET "$base/api/v1/auth/me" -b "$work/slow$i"
	else
		t=$(node -e 'try { const b = JSON.parse(require("fs").readFileSync(
		    process.argv[1], "utf8")); process.stdout.write(
		    b.refresh_token || "") } catch (e) {}' "$work/slow$i")
		[ -n "$t" ] || continue
		secrets+=("$t")
		req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$t\"}"
	fi
	[ "$status" = 401 ] || alive=$((alive + 1))
done
expect "$name: no login with the old password outlived the change" is "$alive" 0

# Login CSRF: a login or registration form posted from another site is
# refused with a page; the same site's form and API clients pass.
site=$("$ctl" config get base_url | sed -E 's|^([a-z]+://[^/]+).*|\1|')
csrfu=c_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$csrfu" >/dev/null
for h in "Origin: http://evil.example" "Origin: null" \
    "Origin: $site.evil.example" "Sec-Fetch-Site: cross-site" \
    "Sec-Fetch-Site: same-site"; do
	req POST "$base/api/v1/auth/login" -H "$F" -H "$h" \
	    --data-urlencode "username=$csrfu" --data-urlencode "password=$pass"
	expect "$name: a form login with $h is 403" is "$status" 403
	expect "$name: ... on a page that says why" body_has "from another site"
	expect "$name: ... with no session" is "$(header_count Set-Cookie)" 0
done
req POST "$base/api/v1/auth/register" -H "$F" -H "Origin: http://evil.example" \
    --data-urlencode "username=x$csrfu" --data-urlencode "email=x$csrfu@example.org" \
    --data-urlencode "password=$pass"
expect "$name: a registration form from another site is 403" is "$status" 403
expect "$name: ... and creates nothing" is "$(sql "SELECT count(*) FROM users
    WHERE username = 'x$csrfu'")" 0
req POST "$base/api/v1/auth/login" -H "$F" -H "Origin: $site" \
    -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "username=$csrfu" --data-urlencode "password=$pass"
expect "$name: the site's own login form passes" is "$status" 303
req POST "$base/api/v1/auth/login" -H "$J" -H "Origin: http://evil.example" \
    -d "{\"username\":\"$csrfu\",\"password\":\"$pass\"}"
expect "$name: a JSON login is an API call, Origin or not" is "$status" 200
secrets+=("$(json b.access_token)" "$(json b.refresh_token)")

# A session ends for good: requests racing with its logout (through two
# programs at once) must not write it back. Bounded: 5 rounds of 4 x 10.
racer=r_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$racer" >/dev/null
back=0
for round in 1 2 3 4 5; do
	rjar=$work/rjar$round
	req POST "$base/api/v1/auth/login" -H "$F" -c "$rjar" \
	    -H "X-Forwarded-For: $(ip $((10 + round)))" \
	    --data-urlencode "username=$racer" --data-urlencode "password=$pass"
	secrets+=("$(session_id "$rjar")")
	req GET "$base/account" -b "$rjar"
	csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)
	for l in 1 2 3 4; do
		for i in 1 2 3 4 5 6 7 8 9 10; do
			curl -s -m 5 -o /dev/null -b "$rjar" "$base/"
			curl -s -m 5 -o /dev/null -b "$rjar" "$base/account"
		done &
	done
	sleep "0.$((round * 2))"
	req POST "$base/logout" -b "$rjar" -H "$F" --data-urlencode "csrf_token=$csrf"
	[ "$status" = 303 ] || fail "$name: race $round: logout is $status"
	wait
	req GET "$base/api/v1/auth/me" -b "$rjar"
	[ "$status" = 401 ] && [ "$(in_redis "$rjar")" = 0 ] ||
	    back=$((back + 1))
done
expect "$name: no session came back after its logout" is "$back" 0

# Six guesses at one account within a minute: the sixth is refused unheard.
victim=v_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add "$victim" >/dev/null
for i in 1 2 3 4 5 6; do
	req POST "$base/api/v1/auth/login" -H "$J" \
	    -d "{\"username\":\"$victim\",\"password\":\"wrong password $i\"}"
	[ "$i" -lt 6 ] && { [ "$status" = 401 ] || fail "$name: attempt $i: $status"; }
done
expect "$name: the 6th login in a minute is 429" is "$status" 429
expect "$name: 429 says when to retry" test "$(header Retry-After)" -ge 1
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$victim\",\"password\":\"$pass\"}"
expect "$name: ... even with the right password" is "$status" 429

# Roles: a moderator route.
req GET "$base/api/admin/reports" -H "Authorization: Bearer $access"
expect "$name: a user on a moderator route is 403" is "$status" 403
req GET "$base/api/admin/reports"
expect "$name: anonymous on a moderator route is 401" is "$status" 401
mod=m_$name$suffix
printf '%s\n' "$pass" | "$ctl" user add -r moderator -e "$mod@example.org" "$mod" >/dev/null
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$mod\",\"password\":\"$pass\"}"
expect "$name: vstreamctl user add, then login" is "$status" 200
modtoken=$(json b.access_token)
req GET "$base/api/admin/reports" -H "Authorization: Bearer $modtoken"
expect "$name: a moderator on a moderator route is 200" is "$status" 200
req GET "$base/api/admin/health" -H "Authorization: Bearer $modtoken"
expect "$name: a moderator on an admin route is 403" is "$status" 403

# Bans: the live token stops working, login says why.
"$ctl" user ban "$mod" "spamming <b>links</b>" >/dev/null
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $modtoken"
expect "$name: a banned user's token is 403" is "$status" 403
expect "$name: 403 gives the reason" is "$(json b.error.message)" \
    "This account is banned: spamming <b>links</b>"
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$mod\",\"password\":\"$pass\"}"
expect "$name: a banned user's login is 403" is "$status" 403
expect "$name: ... with the reason" is "$(json b.error.code)" banned
"$ctl" user unban "$mod" >/dev/null
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$mod\",\"password\":\"$pass\"}"
expect "$name: unbanned, login works again" is "$status" 200

# Markup in what users send is refused or shown escaped.
req POST "$base/api/v1/auth/register" -H "$F" -H 'Accept: text/html' \
    --data-urlencode 'username=<script>alert(1)</script>' \
    --data-urlencode 'email=x@example.org' --data-urlencode "password=$pass"
expect "$name: a script username is refused" is "$status" 422
expect "$name: ... and shown escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;'
expect "$name: ... never raw" test "$(grep -c '<script>alert' "$work/body")" = 0

# No token, session id or link handed out above is in any log.
sleep 0.3
found=0
for s in "${secrets[@]}"; do
	[ -n "$s" ] || continue
	if grep -rlF -- "$s" "$state"/*.log "$state"/*/*.log 2>/dev/null; then
		found=$((found + 1))
	fi
done
expect "$name: the logs hold none of ${#secrets[@]} tokens and ids" is "$found" 0

finish "e2e-auth-$name"
