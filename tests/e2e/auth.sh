#!/bin/bash
# auth.sh: accounts and access through one web server: register, login,
# tokens, refresh rotation, logout, forged tokens, CSRF, rate limits, bans,
# roles, escaping. Usage: auth.sh NAME BASE STATE LOG (the stack's folder
# and the programs' log, where mail goes in the test stack).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
name=$1 base=$2 state=$3 log=$4
ctl=$state/inst/bin/vstreamctl
secret=$(cat "$state/secret")
suffix=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
user=u_$name$suffix
pass="a good long password"
J='Content-Type: application/json'
F='Content-Type: application/x-www-form-urlencoded'

req POST "$base/api/v1/auth/register" -H "$J" \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.org\",\"password\":\"$pass\"}"
expect "$name: register is 201" is "$status" 201
expect "$name: register returns the user" is "$(json b.username)" "$user"
expect "$name: register returns no hash" is "$(json '"password_hash" in b')" false
uid=$(json b.id)
sleep 0.3
link=$(grep -o "/api/v1/auth/verify?u=$uid&t=[0-9a-f.]*" "$log" | tail -n 1)
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
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer $access"
expect "$name: me with the token is 200" is "$status" 200
expect "$name: me names the user" is "$(json b.username)" "$user"
expect "$name: the email is verified" is "$(json b.email_verified)" true

req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh1\"}"
expect "$name: refresh is 200" is "$status" 200
refresh2=$(json b.refresh_token)
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
expect "$name: never to another site" is "$(header Location)" /
cookie=$(header Set-Cookie)
expect "$name: the cookie is HttpOnly" is "$(echo "$cookie" | grep -c HttpOnly)" 1
expect "$name: the cookie is SameSite=Lax" is "$(echo "$cookie" | grep -c 'SameSite=Lax')" 1
expect "$name: the cookie is for the whole site" is "$(echo "$cookie" | grep -c 'Path=/')" 1
expect "$name: the session id is fresh" \
    is "$(echo "$cookie" | grep -c aaaaaaaaaaaaaaaa)" 0
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
expect "$name: ... and back afterwards" is "$(header Location)" "/login?next=%2Faccount"

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
expect "$name: password change redirects" is "$(header Location)" "/account?changed=1"
req GET "$base/api/v1/auth/me" -b "$jar"
expect "$name: this session survives the change" is "$status" 200
req GET "$base/api/v1/auth/me" -b "$jar2"
expect "$name: the other session is ended" is "$status" 401
req POST "$base/api/v1/auth/refresh" -H "$J" -d "{\"refresh_token\":\"$refresh4\"}"
expect "$name: refresh tokens are revoked" is "$status" 401
req POST "$base/api/v1/auth/login" -H "$J" -d "{\"username\":\"$pwuser\",\"password\":\"$pass 2\"}"
expect "$name: the new password works" is "$status" 200

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

finish "e2e-auth-$name"
