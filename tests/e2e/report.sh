#!/bin/bash
# report.sh: hiding a video after enough reports counts only accounts with
# a verified email older than report_min_age; moderators see every report.
# Usage: report.sh BASE STATE (report_hide_threshold = 5, report_min_age =
# 7 days: the defaults)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
base=$1 state=$2
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json'
pass="a good long password"
chmod 755 "$work"
printf '%s\n' "$pass" | "$ctl" user add "r_owner$sfx" >/dev/null
printf '%s\n' "$pass" | "$ctl" user add -r moderator "r_mod$sfx" >/dev/null
names=()
for i in 1 2 3 4 5; do
	printf '%s\n' "$pass" | "$ctl" user add "r_$i$sfx" >/dev/null
	names+=("r_$i$sfx")
done
declare -A tok
for n in "${names[@]}"; do tok[$n]=$(token "$n"); done
reporters="username LIKE 'r\_%$sfx' AND username NOT IN ('r_owner$sfx', 'r_mod$sfx')"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/a.mp4"
# video TITLE: a public video, marked ready (its transcode is not the point).
video() {
	local id
	id=$(as_site "$ctl" video import -u "r_owner$sfx" -t "$1 $sfx" "$work/a.mp4")
	sql "UPDATE videos SET status = 'ready' WHERE id = '$id'" >/dev/null
	echo "$id"
}
hidden() { sql "SELECT hidden FROM videos WHERE id = '$1'"; }
# report VIDEO FIRST LAST: accounts FIRST to LAST report it.
report() {
	local i
	for i in $(seq "$2" "$3"); do
		req POST "$base/api/v1/videos/$1/reports" -H "Authorization: Bearer ${tok[${names[i - 1]}]}" \
		    -H "$J" -d '{"reason":"spam"}'
		[ "$status" = 201 ] || echo "  report by ${names[i - 1]}: $status" >&2
	done
}

V=$(video fresh)
report "$V" 1 5
expect "five fresh unverified accounts do not hide a video" is "$(hidden "$V")" f
req GET "$base/api/admin/reports" -H "Authorization: Bearer $(token "r_mod$sfx")"
expect "... and the moderators see all five reports" is \
    "$(json "b.items.find(r => r.video_id === '$V').reports")" 5

sql "UPDATE users SET email_verified = true, email_verified_at = now() WHERE $reporters" >/dev/null
V=$(video verified)
report "$V" 1 5
expect "five fresh verified accounts do not hide it" is "$(hidden "$V")" f

sql "UPDATE users SET email_verified = false, created_at = now() - interval '8 days' WHERE $reporters" >/dev/null
V=$(video old)
report "$V" 1 5
expect "five old unverified accounts do not hide it" is "$(hidden "$V")" f

sql "UPDATE users SET email_verified = true, email_verified_at = now() WHERE $reporters" >/dev/null
V=$(video trusted)
report "$V" 1 4
expect "four old verified accounts do not hide it yet" is "$(hidden "$V")" f
report "$V" 5 5
expect "the fifth old verified account hides it" is "$(hidden "$V")" t
expect "... until a moderator looks" is \
    "$(sql "SELECT hidden_reason FROM videos WHERE id = '$V'")" "reported, pending review"

finish "report"
