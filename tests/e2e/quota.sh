#!/bin/bash
# quota.sh: quotas under concurrency through a web server: eight uploads of
# one user side by side, multipart and tus, never keep more than the quota;
# the refused ones say why and leave nothing; the room of an aborted or
# terminated upload comes back; deleting an account removes its unfinished
# uploads' files; housekeeping removes upload files no row claims.
# Usage: quota.sh NAME BASE STATE (the stack runs with quota_user = 24 MiB)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
name=$1 base=$2 state=$3
ctl=$state/inst/bin/vstreamctl
data=$state/data
T='Tus-Resumable: 1.0.0'
O='Content-Type: application/offset+octet-stream'
pass="a good long password"
quota=25165824 MiB=1048576
pids=()
chmod 755 "$work"
for u in q q_gone q_ctl; do
	printf '%s\n' "$pass" | "$ctl" user add "$u$sfx" >/dev/null
done
printf '%s\n' "$pass" | "$ctl" user add -r admin "q_admin$sfx" >/dev/null
A="Authorization: Bearer $(token "q$sfx")"
uid() { sql "SELECT id FROM users WHERE username = '$1'"; }
me=$(uid "q$sfx")
# A real stream, cut to the sizes wanted: MPEG-TS probes when cut anywhere.
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=3 \
    -vf noise=alls=60:allf=t -c:v mpeg2video -q:v 1 -f mpegts "$work/big.ts"
head -c $((13 * MiB)) "$work/big.ts" > "$work/m.ts"
head -c $((6 * MiB)) "$work/big.ts" > "$work/t.ts"
head -c $((5 * MiB)) "$work/big.ts" > "$work/s.ts"
tsize=$(stat -c %s "$work/t.ts")
b64() { printf %s "$1" | base64 -w0; }
# What the user keeps and holds: videos, open uploads, reservations.
held() {
	sql "SELECT (SELECT coalesce(sum(source_size), 0) FROM videos WHERE owner_id = '$me')
	    + (SELECT coalesce(sum(upload_length), 0) FROM upload_sessions
	       WHERE user_id = '$me' AND state = 'open')"
}
stored() { sql "SELECT coalesce(sum(source_size), 0) FROM videos WHERE owner_id = '$me'"; }
open_uploads() { sql "SELECT count(*) FROM upload_sessions WHERE user_id = '$1' AND state = 'open'"; }
holds() { sql "SELECT count(*) FROM upload_reservations WHERE user_id = '$1'"; }
leftovers() { find "$data/uploads" -name '*.mp' 2>/dev/null | wc -l; }

# Multipart bodies in flight for a while, so that the rest comes meanwhile;
# but Apache's mod_fcgid hands a body on only once it has all of it, so
# there they go at full speed, to reach the programs together.
rate=(--limit-rate 20M)
[ "$name" = apache ] && rate=()
# mp N FILE: a multipart upload; its status in $work/mpN.status.
mp() {
	curl -s -m 60 "${rate[@]}" -H "$A" -F "file=@$2" -o "$work/mp$1.body" \
	    -w '%{http_code}' "$base/api/v1/videos/upload" > "$work/mp$1.status"
}
# tus N FILE: create a tus upload, then send the whole file in one PATCH.
tus() {
	local size loc
	size=$(stat -c %s "$2")
	curl -s -m 60 -X POST -H "$A" -H "$T" -H "Content-Length: 0" \
	    -H "Upload-Length: $size" -H "Upload-Metadata: filename $(b64 "t$1.ts")" \
	    -o "$work/tus$1.body" -D "$work/tus$1.head" -w '%{http_code}' \
	    "$base/api/v1/uploads/" > "$work/tus$1.status"
	[ "$(cat "$work/tus$1.status")" = 201 ] || return 0
	loc=$(grep -i '^location:' "$work/tus$1.head" | cut -d' ' -f2 | tr -d '\r')
	curl -s -m 60 --limit-rate 20M -X PATCH -H "$A" -H "$T" -H "$O" \
	    -H "Upload-Offset: 0" --data-binary "@$2" -o /dev/null \
	    -w '%{http_code}' "$base$loc" > "$work/tus$1.patch"
}

# --- eight side by side --------------------------------------------------------
# Let the server start all its upload processes first (mod_fcgid starts
# them only when requests wait), so that the eight meet side by side.
for _ in 1 2 3; do
	for i in 1 2 3 4 5 6; do
		curl -s -m 5 -H "$A" -o /dev/null "$base/api/v1/uploads" & pids+=($!)
	done
	wait "${pids[@]}"; pids=()
	sleep 0.3
done
# 4 x 13 MiB multipart and 4 x 6 MiB tus: 76 MiB against 24, multipart first.
rm -f "$work/stop"
(while [ ! -e "$work/stop" ]; do held; sleep 0.05; done) > "$work/samples" &
sampler=$!
for i in 1 2 3 4; do mp "$i" "$work/m.ts" & pids+=($!); done
sleep 0.2
for i in 1 2 3 4; do tus "$i" "$work/t.ts" & pids+=($!); done
wait "${pids[@]}"
touch "$work/stop"
wait "$sampler"
held >> "$work/samples"
max=$(sort -n "$work/samples" | tail -n 1)
expect "$name: what the user keeps and holds never passed the quota" \
    test "$max" -le "$quota"
expect "$name: ... nor what is stored in the end" test "$(stored)" -le "$quota"
ok=0 refused=0 bad=0 kept=0
for i in 1 2 3 4; do
	s=$(cat "$work/mp$i.status")
	if [ "$s" = 201 ]; then
		ok=$((ok + 1)) kept=$((kept + 13 * MiB))
	elif [ "$s" = 413 ] && grep -q '"over_quota"' "$work/mp$i.body" &&
	    grep -q 'quota' "$work/mp$i.body"; then
		refused=$((refused + 1))
	else
		bad=$((bad + 1)); echo "  multipart $i: $s $(cat "$work/mp$i.body")" >&2
	fi
	s=$(cat "$work/tus$i.status")
	if [ "$s" = 201 ] && [ "$(cat "$work/tus$i.patch")" = 204 ]; then
		ok=$((ok + 1)) kept=$((kept + tsize))
	elif [ "$s" = 413 ] && grep -q '"over_quota"' "$work/tus$i.body" &&
	    grep -q 'quota' "$work/tus$i.body"; then
		refused=$((refused + 1))
	else
		bad=$((bad + 1)); echo "  tus $i: $s $(cat "$work/tus$i.body")" >&2
	fi
done
expect "$name: some uploads were taken" test "$ok" -ge 1
expect "$name: the others were refused with a 413 naming the quota" is "$bad" 0
expect "$name: ... and there were some" test "$refused" -ge 1
expect "$name: the videos are those answered 201/204" is \
    "$(sql "SELECT count(*) || ' ' || coalesce(sum(source_size), 0) FROM videos WHERE owner_id = '$me'")" \
    "$ok $kept"
expect "$name: no upload is left open" is "$(open_uploads "$me")" 0
expect "$name: no room is held any more" is "$(holds "$me")" 0
expect "$name: no multipart file is left" is "$(leftovers)" 0
expect "$name: no tus file is left" is \
    "$(find "$data/uploads" -name '*.part' -newer "$work/big.ts" 2>/dev/null | wc -l)" 0

# --- the room comes back ----------------------------------------------------------
for v in $(sql "SELECT id FROM videos WHERE owner_id = '$me'"); do
	req DELETE "$base/api/v1/videos/$v" -H "$A"
done
req GET "$base/api/v1/uploads" -H "$A"
expect "$name: with the videos deleted, nothing is used" is "$(json b.quota.used)" 0
# A multipart upload whose client goes away: its hold goes with it.
timeout 1 curl -s --limit-rate 2M -H "$A" -F "file=@$work/m.ts" \
    "$base/api/v1/videos/upload" -o /dev/null
for _ in $(seq 50); do [ "$(holds "$me")" = 0 ] && break; sleep 0.1; done
expect "$name: an aborted multipart upload gives its room back" is "$(holds "$me")" 0
expect "$name: ... and leaves no file" is "$(leftovers)" 0
mp 9 "$work/m.ts"
expect "$name: then 13 MiB fit again" is "$(cat "$work/mp9.status")" 201
tus 9 "$work/t.ts"
expect "$name: ... and 6 MiB more by tus" is "$(cat "$work/tus9.patch")" 204
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $(stat -c %s "$work/s.ts")"
expect "$name: 5 MiB more still fit (24 in all)" is "$status" 201
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $MiB"
expect "$name: one more MiB is over the quota" is "$status" 413
expect "$name: ... saying so" is "$(json b.error.code)" over_quota
loc=$(sql "SELECT id FROM upload_sessions WHERE user_id = '$me' AND state = 'open'")
req DELETE "$base/api/v1/uploads/$loc" -H "$A" -H "$T"
req POST "$base/api/v1/uploads/" -H "$A" -H "$T" -H "Content-Length: 0" \
    -H "Upload-Length: $(stat -c %s "$work/s.ts")"
expect "$name: a terminated upload gives its room back" is "$status" 201

# --- deleting an account removes its unfinished uploads ----------------------------
# unfinished USER: a tus upload half sent, and a multipart one in flight;
# their file names in $work/files.
unfinished() {
	local tok size loc
	tok="Authorization: Bearer $(token "$1")"
	size=$(stat -c %s "$work/t.ts")
	req POST "$base/api/v1/uploads/" -H "$tok" -H "$T" -H "Content-Length: 0" \
	    -H "Upload-Length: $size"
	loc=$(header Location)
	head -c $((size / 2)) "$work/t.ts" > "$work/half"
	req PATCH "$base$loc" -H "$tok" -H "$T" -H "$O" -H "Upload-Offset: 0" \
	    --data-binary "@$work/half"
	echo "${loc##*/}.part" > "$work/files"
	curl -s -m 20 --limit-rate 500k -H "$tok" -F "file=@$work/m.ts" \
	    "$base/api/v1/videos/upload" -o /dev/null &
	inflight=$!
	# Apache's mod_fcgid passes a body on only once it has all of it.
	for _ in $(seq 30); do [ "$(holds "$(uid "$1")")" != 0 ] && break; sleep 0.1; done
	sql "SELECT id || '.mp' FROM upload_reservations WHERE user_id = '$(uid "$1")'" \
	    >> "$work/files"
}
# gone: none of the files in $work/files is left.
gone() {
	local f
	for f in $(cat "$work/files"); do
		[ ! -e "$data/uploads/$f" ] || { echo "  $f is left" >&2; return 1; }
	done
}
unfinished "q_gone$sfx"
expect "$name: the half-sent tus upload has its file" test -s "$data/uploads/$(head -n 1 "$work/files")"
[ "$name" = lighttpd ] &&
	expect "$name: ... the multipart one in flight too" is "$(wc -l < "$work/files")" 2
gid=$(uid "q_gone$sfx")
req POST "$base/api/admin/users/$gid/delete" -H "Authorization: Bearer $(token "q_admin$sfx")" \
    -H 'Content-Type: application/json' -d '{}'
expect "$name: an administrator deletes the account" is "$status" 200
expect "$name: ... and its unfinished uploads' files are gone" gone
expect "$name: ... with their rows" is "$(open_uploads "$gid")$(holds "$gid")" 00
kill "$inflight" 2>/dev/null; wait "$inflight" 2>/dev/null

unfinished "q_ctl$sfx"
cid=$(uid "q_ctl$sfx")
vid=$(as_site "$ctl" video import -u "q_ctl$sfx" "$work/s.ts")
expect "$name: vstreamctl user delete" as_site "$ctl" user delete "q_ctl$sfx"
expect "$name: ... removes its unfinished uploads' files" gone
expect "$name: ... its videos' files" test ! -e "$data/media/$vid"
expect "$name: ... and the account" is "$(sql "SELECT count(*) FROM users WHERE id = '$cid'")" 0
kill "$inflight" 2>/dev/null; wait "$inflight" 2>/dev/null

# --- housekeeping: files no row claims ----------------------------------------------
stray=$(sql "SELECT gen_random_uuid()")
as_site touch -d '1 hour ago' "$data/uploads/$stray.part" "$data/uploads/$stray.mp"
live=$(sql "SELECT id FROM upload_sessions WHERE user_id = '$me' AND state = 'open'")
as_site touch -d '1 hour ago' "$data/uploads/$live.part"
as_site "$state/inst/bin/vstream-worker" --once >/dev/null 2>&1
expect "$name: housekeeping removes upload files no row claims" \
    test ! -e "$data/uploads/$stray.part" -a ! -e "$data/uploads/$stray.mp"
expect "$name: ... and keeps an open upload's" test -e "$data/uploads/$live.part"

finish "quota ($name)"
