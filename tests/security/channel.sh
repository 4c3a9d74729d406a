# channel.sh: the security cases of channels and stats, sourced by run.sh
# after its own (its users, tokens, videos and $xss): markup in a display
# name, a bio and a title stays text on every page and in the feed; one
# user never sees another's stats nor changes another's profile; the
# profile form needs its CSRF token; its fields and body have limits.

jar=$work/chan-jar
req POST "$base/api/v1/auth/login" -c "$jar" -H "$F" --data-urlencode "username=sa$sfx" \
    --data-urlencode "password=$pass"
req GET "$base/account" -b "$jar"
csrf=$(sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' "$work/body" | head -n 1)

# --- CSRF on the profile form ----------------------------------------------------
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "display_name=csrf"
expect "$name: csrf: POST /account/profile with a cookie and no token is 403" is "$status" 403
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "display_name=csrf" \
    --data-urlencode "csrf_token=$(printf '%s' "$csrf" | tr 0-9a-f 1-9a-f0)"
expect "$name: csrf: ... and with a wrong token" is "$status" 403
req GET "$base/api/v1/users/sa$sfx"
expect "$name: csrf: ... the profile is unchanged" is "$(json 'b.display_name')" null

# --- stored XSS in the display name and bio ---------------------------------------
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "display_name=$xss" --data-urlencode "bio=$xss"
expect "$name: xss: the profile with markup is saved" is "$status" 303
req GET "$base/api/v1/users/sa$sfx"
expect "$name: xss: ... as given" is "$(json b.bio)" "$xss"
for page in "/u/sa$sfx" "/account" "/u/sb$sfx" "/my/videos/$pub/stats"; do
	case $page in
	/account) auth=(-b "$jar") ;;
	/my/*) auth=(-H "$B") ;;
	*) auth=() ;;
	esac
	req GET "$base$page" "${auth[@]}" -H 'Accept: text/html'
	expect "$name: xss: $page is 200" is "$status" 200
	expect "$name: xss: $page has no live script" not_has '<script>alert'
	expect "$name: xss: $page has no live handler" not_has '<img src=x'
done
req GET "$base/u/sa$sfx" -H 'Accept: text/html'
expect "$name: xss: the display name shows escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;'
for who in "sa$sfx" "sb$sfx"; do
	req GET "$base/u/$who/feed.atom"
	expect "$name: xss: the feed of $who has no live markup" not_has '<script'
	expect "$name: xss: ... and parses as XML" python3 -c \
	    'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$work/body"
done

# --- IDOR: stats and profiles ----------------------------------------------------------
for v in "$pub" "$priv"; do
	req GET "$base/api/v1/videos/$v/stats" -H "$A"
	expect "$name: idor: A cannot read the stats of B's video $v" is "$status" 403
	req GET "$base/my/videos/$v/stats" -H "$A" -H 'Accept: text/html'
	expect "$name: idor: ... nor open its stats page" is "$status" 403
	expect "$name: idor: ... which tells nothing of it" not_has "views"
done
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "username=sb$sfx" --data-urlencode "user=sb$sfx" \
    --data-urlencode "display_name=taken over"
req GET "$base/api/v1/users/sb$sfx"
expect "$name: idor: A's form never changes B's profile" is "$(json b.display_name)" null
req GET "$base/api/v1/users/$(sql "SELECT id FROM users WHERE username = 'sb$sfx'")"
expect "$name: idor: a user id is not a channel name" is "$status" 404

# --- limits --------------------------------------------------------------------------------
long=$(head -c 2001 /dev/zero | tr '\0' b)
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "bio=$long"
expect "$name: limits: a bio of 2001 characters is refused" grep -q 'error=profile' <<<"$(header Location)"
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "display_name=$(head -c 65 /dev/zero | tr '\0' n)"
expect "$name: limits: a display name of 65 is refused" grep -q 'error=profile' <<<"$(header Location)"
req GET "$base/api/v1/users/sa$sfx"
expect "$name: limits: ... and neither changed the profile" is "$(json b.bio)" "$xss"
head -c 70000 /dev/zero | tr '\0' c > "$work/big"
req POST "$base/account/profile" -b "$jar" -H "$F" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "bio@$work/big"
expect "$name: limits: a profile body over 64 KiB is refused" one_of "$status" 403 413
req GET "$base/api/v1/users/sa$sfx"
expect "$name: limits: ... unread" is "$(json b.bio)" "$xss"
req POST "$base/api/videos/$pub/views" -H "$J" -H 'X-Forwarded-For: 10.77.0.1' \
    -d "{\"position\": 1e308, \"referrer\": \"https://$(head -c 5000 /dev/zero | tr '\0' r).example\"}"
expect "$name: limits: a report with a huge position and referrer is only a view" is "$status" 202
