#!/bin/bash
# admin.sh: the admin area: who may reach every /admin and /api/admin route,
# a report from the viewer to its resolution, a ban and its lifting, the
# health page with Redis stopped, the audit log and its CSV.
# Usage: admin.sh BASE STATE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
base=$1 state=$2
. "$state/stack.env"
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json'
pass="a good long password"
chmod 755 "$work"
for r in user premium moderator admin; do
	printf '%s\n' "$pass" | "$ctl" user add -r "$r" "m_$r$sfx" >/dev/null
done
for u in target throwaway; do
	printf '%s\n' "$pass" | "$ctl" user add "m_$u$sfx" >/dev/null
done
declare -A tok
for r in user premium moderator admin target; do
	tok[$r]=$(token "m_$r$sfx")
done
uid() { sql "SELECT id FROM users WHERE username = '$1'"; }
T=$(uid "m_target$sfx") X=$(uid "m_throwaway$sfx")
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/a.mp4"
V=$(as_site "$ctl" video import -u "m_target$sfx" -t "matrix $sfx" "$work/a.mp4")
W=$(as_site "$ctl" video import -u "m_target$sfx" -t "reported $sfx" "$work/a.mp4")
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null
req POST "$base/api/v1/videos/$V/reports" -H "Authorization: Bearer ${tok[user]}" -H "$J" \
    -d '{"reason":"spam"}'

# --- every route x every role -------------------------------------------------
# method | path | JSON body (- none) | anonymous user premium moderator admin
matrix=$(cat <<MATRIX
GET    | /admin                            | -                     | 401 403 403 403 200
GET    | /admin/users                      | -                     | 401 403 403 200 200
GET    | /admin/videos                     | -                     | 401 403 403 200 200
GET    | /admin/reports                    | -                     | 401 403 403 200 200
GET    | /admin/audit                      | -                     | 401 403 403 403 200
GET    | /admin/health                     | -                     | 401 403 403 403 200
GET    | /api/admin/overview               | -                     | 401 403 403 403 200
GET    | /api/admin/users                  | -                     | 401 403 403 200 200
POST   | /api/admin/users/$T/role          | {"role":"user"}       | 401 403 403 403 200
POST   | /api/admin/users/$T/ban           | {"reason":"matrix"}   | 401 403 403 200 200
POST   | /api/admin/users/$T/unban         | {}                    | 401 403 403 200 200
POST   | /api/admin/users/$X/delete        | {}                    | 401 403 403 403 200
GET    | /api/admin/videos                 | -                     | 401 403 403 200 200
POST   | /api/admin/videos/$V/hide         | {}                    | 401 403 403 200 200
POST   | /api/admin/videos/$V/unhide       | {}                    | 401 403 403 200 200
POST   | /api/admin/videos/$V/requeue      | {}                    | 401 403 403 403 200
POST   | /api/admin/videos/$V/cache        | {}                    | 401 403 403 403 200
DELETE | /api/admin/videos/$V/cache        | -                     | 401 403 403 403 204
GET    | /api/admin/reports                | -                     | 401 403 403 200 200
POST   | /api/admin/reports/$V             | {"status":"reviewed"} | 401 403 403 200 200
GET    | /api/admin/audit                  | -                     | 401 403 403 403 200
GET    | /api/admin/health                 | -                     | 401 403 403 403 200
GET    | /api/admin/analytics/videos/$V    | -                     | 401 403 403 403 200
GET    | /api/admin/analytics/users/$T     | -                     | 401 403 403 403 200
GET    | /health                           | -                     | 200 200 200 200 200
GET    | /metrics                          | -                     | 200 200 200 200 200
MATRIX
)
roles=(anon user premium moderator admin)
while IFS='|' read -r method path body want; do
	method=${method// /} path=${path// /} body=${body// /}
	want=($want)
	for i in 0 1 2 3 4; do
		r=${roles[$i]} auth=() data=()
		[ "$r" != anon ] && auth=(-H "Authorization: Bearer ${tok[$r]}")
		[ "$body" != - ] && data=(-H "$J" -d "$body")
		req "$method" "$base$path" "${auth[@]}" "${data[@]}"
		expect "rbac: $method $path as $r" is "$status" "${want[$i]}"
	done
done <<<"$matrix"
# The requeue above queued the video again: transcode it back to ready.
as_site "$state/inst/bin/vstream-worker" --once 2>/dev/null

# --- rules ---------------------------------------------------------------------
A="Authorization: Bearer ${tok[admin]}" M="Authorization: Bearer ${tok[moderator]}"
adm=$(uid "m_admin$sfx")
req POST "$base/api/admin/users/$adm/ban" -H "$M" -H "$J" -d '{"reason":"coup"}'
expect "a moderator cannot ban an administrator" is "$status" 422
req POST "$base/api/admin/users/$T/role" -H "$A" -H "$J" -d '{"role":"emperor"}'
expect "an unknown role is refused" is "$status" 422
req POST "$base/api/admin/users/$T/ban" -H "$A" -H "$J" -d '{"reason":""}'
expect "a ban needs a reason" is "$status" 422

# --- a report, from the viewer to its resolution -------------------------------
req POST "$base/api/v1/videos/$W/reports" -H "Authorization: Bearer ${tok[user]}" -H "$J" \
    -d '{"reason":"abuse","details":"not nice"}'
expect "lifecycle: a user reports a video" is "$status" 201
req GET "$base/api/admin/reports" -H "$M"
expect "lifecycle: it is in the moderators' queue" is \
    "$(json "b.items.filter(i => i.video_id === '$W').length")" 1
req GET "$base/api/videos/$W/hls/master.m3u8"
expect "lifecycle: it plays before" is "$status" 200
req POST "$base/api/admin/reports/$W" -H "$M" -H "$J" \
    -d '{"status":"resolved","resolution":"video_hidden","note":"checked"}'
expect "lifecycle: the moderator resolves it (video hidden)" is "$status" 200
req GET "$base/api/v1/videos?owner=m_target$sfx"
expect "lifecycle: the video is gone from the listing" is \
    "$(json "b.items.filter(i => i.id === '$W').length")" 0
sleep 2.1	# stream.fcgi remembers a video's access facts for 2 s
req GET "$base/api/videos/$W/hls/master.m3u8"
expect "lifecycle: ... and from playback" is "$status" 404
req GET "$base/api/admin/reports" -H "$M"
expect "lifecycle: the queue is empty of it" is \
    "$(json "b.items.filter(i => i.video_id === '$W').length")" 0
req GET "$base/api/admin/audit?target=$W" -H "$A"
expect "lifecycle: the audit log has the review and the hiding" is \
    "$(json "b.items.map(i => i.action + ':' + i.actor).sort().join()")" \
    "report.review:m_moderator$sfx,video.hide:m_moderator$sfx"
expect "lifecycle: ... with the state before and after" is \
    "$(json "b.items.find(i => i.action === 'video.hide').after.hidden")" true

# --- a ban and its lifting -------------------------------------------------------
jar=$work/jar
req POST "$base/api/v1/auth/login" -c "$jar" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-urlencode "username=m_target$sfx" --data-urlencode "password=$pass"
req GET "$base/api/v1/auth/me" -b "$jar"
expect "ban: the session works before" is "$status" 200
req GET "$base/api/videos/$V/hls/master.m3u8"
expect "ban: the video plays before" is "$status" 200
req POST "$base/api/admin/users/$T/ban" -H "$A" -H "$J" -d '{"reason":"spam uploads"}'
expect "ban: the admin bans" is "$status" 200
req GET "$base/api/v1/auth/me" -b "$jar"
expect "ban: the session stops at the next request" one_of "$status" 401 403
req GET "$base/api/v1/auth/me" -H "Authorization: Bearer ${tok[target]}"
expect "ban: so does the access token" is "$status" 403
req POST "$base/api/v1/auth/login" -H "$J" \
    -d "{\"username\":\"m_target$sfx\",\"password\":\"$pass\"}"
expect "ban: login is refused" is "$status" 403
expect "ban: ... with the reason" body_has "spam uploads"
sleep 2.1
req GET "$base/api/videos/$V/hls/master.m3u8"
expect "ban: their videos disappear" is "$status" 404
req GET "$base/api/v1/videos?owner=m_target$sfx"
expect "ban: ... from the listing too" is "$(json 'b.items.length')" 0
req POST "$base/api/admin/users/$T/unban" -H "$A" -H "$J" -d '{}'
expect "ban: the admin lifts it" is "$status" 200
req POST "$base/api/v1/auth/login" -H "$J" \
    -d "{\"username\":\"m_target$sfx\",\"password\":\"$pass\"}"
expect "ban: login works again" is "$status" 200
sleep 2.1
req GET "$base/api/videos/$V/hls/master.m3u8"
expect "ban: the video is back" is "$status" 200
req GET "$base/api/admin/audit?action=user.ban&target=$T" -H "$A"
expect "ban: the audit log has it" is "$(json "b.items[0].after.banned")" true

# --- the audit log as CSV, filters ------------------------------------------------
req GET "$base/api/admin/audit?format=csv&target=$T" -H "$A"
expect "audit: CSV" is "$(header Content-Type)" "text/csv; charset=utf-8"
expect "audit: ... with a header line" is "$(head -n 1 "$work/body" | tr -d '\r')" \
    "id,created_at,actor,action,target_type,target_id,client_addr,before,after"
expect "audit: ... and the ban" body_has '"user.ban"'
req GET "$base/api/admin/audit?since=yesterday-ish" -H "$A"
expect "audit: an unreadable time is 400" is "$status" 400

# --- the overview and the health page ----------------------------------------------
req GET "$base/api/admin/overview" -H "$A"
expect "overview: counts users" test "$(json b.users)" -ge 6
expect "overview: two weeks of days" is "$(json 'b.per_day.length')" 14
redis-cli -p "$redis_port" -a "$redis_pass" --no-auth-warning shutdown nosave \
    >/dev/null 2>&1
sleep 0.3
req GET "$base/api/admin/health" -H "$A"
expect "health: Redis stopped is reported down" is "$(json 'b.components.redis.status')" down
req GET "$base/admin/health" -H "$A" -H 'Accept: text/html'
expect "health: the page still renders" is "$status" 200
expect "health: ... saying Redis does not answer" body_has 'id="redis-down"'
stack_start_redis "$state" "$redis_port" "$redis_pass"
sleep 1.1	# a program waits a second before it tries Redis again
req GET "$base/api/admin/health" -H "$A"
expect "health: Redis back is ok" is "$(json 'b.components.redis.status')" ok

finish e2e-admin
