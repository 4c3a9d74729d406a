#!/bin/bash
# doctor.sh: vstreamctl doctor passes on the healthy stack (through
# lighttpd) and finds, each with exit status 1: a data folder the web
# server's user cannot write, a web server whose body limit is below
# upload_chunk, one that drops the Authorization header, a dead worker and
# an unmigrated database. The health page shows the same checks (those
# through the web server when asked) and marks a stale worker.
# Usage: doctor.sh STATE LIGHTTPD_URL
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
state=$1 base=$2
. "$state/stack.env"
ctl=$state/inst/bin/vstreamctl
worker=$state/inst/bin/vstream-worker
programs=$state/inst/libexec/vstream
htdocs=$state/inst/share/vstream/htdocs
pass="a good long password"
chmod 755 "$work"
webuser="" siteuser=$(id -un)
[ "$(id -u)" = 0 ] && webuser=www-data siteuser=www-data
extra=""

stop_extra() {
	local d
	stack_stop_pidfile "$state/worker.pid"
	for d in doclimit docnoauth; do
		stack_stop_pidfile "$state/apache-$d/apache.pid"
	done
	rm -rf "$work"
}
trap stop_extra EXIT

# doctor ARGS...: run it; the output in $work/doctor, the status in $rc.
doctor() {
	"$ctl" doctor "$@" > "$work/doctor" 2>&1
	rc=$?
}
has() { grep -qF -- "$1" "$work/doctor" || { cat "$work/doctor" >&2; return 1; }; }

# A public video with a thumbnail, for the X-Sendfile check; a worker.
printf '%s\n' "$pass" | "$ctl" user add -r admin "doc_admin$sfx" >/dev/null
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/a.mp4"
V=$(as_site "$ctl" video import -u "doc_admin$sfx" -t "doctor $sfx" "$work/a.mp4")
stack_start_worker "$state" "$worker" "$webuser"
for _ in $(seq 1 120); do
	[ "$(sql "SELECT status FROM videos WHERE id = '$V'")" = ready ] &&
	    [ "$(sql "SELECT count(*) FROM workers")" != 0 ] && break
	sleep 0.5
done
expect "setup: the video is transcoded by the running worker" \
    is "$(sql "SELECT status FROM videos WHERE id = '$V'")" ready

"$worker" --check > "$work/check"
expect "worker --check: exit 0 with the encoders there" is "$?" 0
expect "worker --check: names libx264" grep -q '^libx264 found$' "$work/check"
expect "worker --check: names the AAC encoder" grep -q '^aac found$' "$work/check"

doctor -u "$siteuser" -b "$base"
expect "healthy: exit status 0" is "$rc" 0
expect "healthy: one line per check, none a problem" \
    is "$(grep -cvE '^(ok|skipped|warning): ' "$work/doctor")" 0
expect "healthy: the body limit passes upload_chunk" \
    has "ok: the web server passes a body of upload_chunk"
expect "healthy: Authorization arrives" \
    has "ok: the web server passes the Authorization header"
expect "healthy: X-Sendfile answers the file's bytes" has "ok: X-Sendfile works"
expect "healthy: the worker is seen" has "worker(s) running"
expect "healthy: the encoders come from the worker" \
    has "ok: FFmpeg encoders: libx264 found"
expect "healthy: the clock" has "ok: the clock agrees"
expect "healthy: the schema" has "ok: the database is migrated"
doctor -b "$base"
expect "healthy: the web server's user is found by itself" is "$rc" 0
expect "healthy: ... and named" has "ok: $siteuser can write"

doctor -u "$siteuser" -b "$base" -w /bin/false
expect "encoders: a worker that says no is a problem, exit 1" is "$rc" 1
expect "encoders: ... named" has "problem: /bin/false --check: failed without a word"

# The route is no open sink: without the doctor's token, nothing is read.
req POST "$base/api/v1/uploads/limits-check" --data-binary "x"
expect "limits-check: refused without a token (403)" is "$status" 403
req POST "$base/api/v1/uploads/limits-check" -H "X-Vstream-Doctor: 1.abc" \
    --data-binary "x"
expect "limits-check: refused with a forged token (403)" is "$status" 403
# dtoken: a token made here as the doctor makes it, from secret_key.
dtoken() {
	node -e 'const c = require("crypto"), t = String(Math.floor(Date.now() / 1000));
	    const k = c.createHmac("sha256", process.argv[1]).update("doctor").digest();
	    process.stdout.write(t + "." + c.createHmac("sha256", k).update(t).digest("hex"));' \
	    "$VSTREAM_SECRET_KEY"
}
req POST "$base/api/v1/uploads/limits-check" -H "X-Vstream-Doctor: $(dtoken)" \
    --data-binary @"$work/a.mp4"
expect "limits-check: with the token, the body is counted" \
    is "$(json b.received)" "$(stat -c %s "$work/a.mp4")"
expect "limits-check: ... and no Authorization was sent" \
    is "$(json b.authorization)" false
chunk=$("$ctl" config get upload_chunk)
head -c $((chunk + 1)) /dev/zero > "$work/big"
req POST "$base/api/v1/uploads/limits-check" -H "X-Vstream-Doctor: $(dtoken)" \
    --data-binary @"$work/big"
expect "limits-check: more than upload_chunk is refused (413)" is "$status" 413
expect "limits-check: ... by the program, from its Content-Length" \
    is "$(json b.error.code)" too_large
rm -f "$work/big"

tok=$(token "doc_admin$sfx")
req GET "$base/api/admin/health" -H "Authorization: Bearer $tok"
expect "health: the JSON lists the doctor's checks" \
    is "$(json 'b.doctor.map(c => c.check).join(",")')" \
    "config,database,schema,redis,data_dir,disk,worker,clock"
expect "health: the worker check is ok" \
    is "$(json 'b.doctor.find(c => c.check === "worker").status')" ok
expect "health: the live worker is not stale" \
    is "$(json 'b.postgresql.workers.filter(w => w.stale === false).length')" 1
req GET "$base/admin/health" -H "Authorization: Bearer $tok" -H 'Accept: text/html'
expect "health page: offers the web server's checks" body_has 'id="check-web"'
req GET "$base/api/admin/health?web=1" -H "Authorization: Bearer $tok"
expect "health, web=1: the doctor's web checks too" \
    is "$(json 'b.doctor.map(c => c.check).join(",")')" \
    "config,database,schema,redis,data_dir,disk,worker,clock,authorization,body_limit,sendfile"
expect "health, web=1: each passes" \
    is "$(json 'b.doctor.filter(c => c.status !== "ok").map(c => c.check).join(",")')" ""
req GET "$base/admin/health?web=1" -H "Authorization: Bearer $tok" -H 'Accept: text/html'
expect "health page, web=1: says so" body_has 'id="web-checked"'
expect "health page, web=1: lists the body limit" body_has 'id="d-body_limit"'

# The data folder belongs to someone else.
mkdir -p "$work/data/media"
if [ "$(id -u)" = 0 ]; then
	chown -R nobody: "$work/data"
else
	chmod 555 "$work/data"
fi
VSTREAM_DATA_DIR=$work/data doctor -u "$siteuser" -b "$base"
expect "data_dir: exit status 1" is "$rc" 1
expect "data_dir: says who cannot write it" \
    has "problem: $work/data belongs to"
expect "data_dir: ... and the fix" has "fix: mkdir -p $work/data/media && chown -R $siteuser:"
chmod 755 "$work/data"

# An Apache whose mod_fcgid takes 128 KiB bodies (its default), and one
# from an apache.conf without the line that passes Authorization on.
ports=$(stack_free_ports 2)
lim_port=$(sed -n 1p <<<"$ports") noauth_port=$(sed -n 2p <<<"$ports")
STACK_APACHE_EXTRA="FcgidMaxRequestLen 131072" stack_start_apache "$state" \
    "$lim_port" "$programs" "$htdocs" "$webuser" 1 "$state/data/media" doclimit
doctor -u "$siteuser" -b "http://127.0.0.1:$lim_port"
expect "body limit: exit status 1" is "$rc" 1
n=$(sed -n 's/.*accepts at most ~\([0-9]*\) bytes.*/\1/p' "$work/doctor")
expect "body limit: found by bisection near 128 KiB (~$n)" \
    test "${n:-0}" -gt 120000 -a "${n:-0}" -le 131072
expect "body limit: the fix names both ways" \
    has "fix: set upload_chunk below $n, or raise FcgidMaxRequestLen"
expect "body limit: Authorization still passes there" \
    has "ok: the web server passes the Authorization header"

mkdir -p "$work/noauth/tools"
cp "$top/tools/stack.sh" "$work/noauth/tools/"
grep -v 'FcgidPassHeader Authorization' "$top/apache.conf" > "$work/noauth/apache.conf"
(. "$work/noauth/tools/stack.sh"; stack_start_apache "$state" "$noauth_port" \
    "$programs" "$htdocs" "$webuser" 1 "$state/data/media" docnoauth)
doctor -u "$siteuser" -b "http://127.0.0.1:$noauth_port"
expect "authorization: exit status 1" is "$rc" 1
expect "authorization: the header is dropped" \
    has "problem: the web server drops the Authorization header"
expect "authorization: the fix names FcgidPassHeader" \
    has "fix: Apache with mod_fcgid: FcgidPassHeader Authorization"
expect "authorization: only that is wrong" \
    is "$(grep -c '^problem: ' "$work/doctor")" 1

# No worker: the last heartbeat is ten minutes old.
stack_stop_pidfile "$state/worker.pid"
sql "DELETE FROM workers" >/dev/null
sql "INSERT INTO workers (name, hostname, pid, version, concurrency,
    heartbeat_at) VALUES ('doctor$sfx:1', 'doctor$sfx', 1, 'test', 1,
    now() - interval '10 minutes')" >/dev/null
doctor -u "$siteuser" -b "$base"
expect "worker: exit status 1" is "$rc" 1
expect "worker: none running" has "problem: no worker is running (last heartbeat: 600 s ago"
expect "worker: the fix" has "fix: start vstream-worker or its cron line"
req GET "$base/api/admin/health" -H "Authorization: Bearer $tok"
expect "health: the stale worker is still listed, marked stale" \
    is "$(json 'b.postgresql.workers.find(w => w.name === "doctor'"$sfx"':1").stale')" true
expect "health: the worker check is a problem" \
    is "$(json 'b.doctor.find(c => c.check === "worker").status')" problem
req GET "$base/admin/health" -H "Authorization: Bearer $tok" -H 'Accept: text/html'
expect "health page: the stale worker is marked" body_has "stale: not running?"
expect "health page: the finding and its fix" \
    body_has "start vstream-worker or its cron line"
sql "UPDATE workers SET heartbeat_at = now() - interval '2 days'" >/dev/null
req GET "$base/api/admin/health" -H "Authorization: Bearer $tok"
expect "health: a worker silent for a day is dropped" \
    is "$(json 'b.postgresql.workers.length')" 0
sql "DELETE FROM workers" >/dev/null

# A fresh, empty database on the same PostgreSQL.
fresh=doctor_$sfx
PGPASSWORD=$pg_pass createdb -h 127.0.0.1 -p "$pg_port" -U vstream "$fresh"
VSTREAM_DB_URL=postgresql://vstream:$pg_pass@127.0.0.1:$pg_port/$fresh \
    doctor -u "$siteuser" -b "$base"
expect "schema: exit status 1" is "$rc" 1
expect "schema: says what to run" has "fix: run vstreamctl migrate"
expect "schema: counts the missing migrations" \
    has "problem: the database lacks $(ls "$state/inst/share/vstream/schema" | grep -c '^[0-9]\{4\}_.*\.sql$') of the migrations"
expect "schema: the worker check waits for the schema" \
    has "skipped: worker: not checked"
PGPASSWORD=$pg_pass dropdb -h 127.0.0.1 -p "$pg_port" -U vstream "$fresh"

VSTREAM_SECRET_KEY=short doctor -b "$base"
expect "config: a bad key is the first finding, exit 1" is "$rc" 1
expect "config: ... named" has "problem: configuration: secret_key"

VSTREAM_SECRET_KEY= doctor -u "$siteuser" -b "$base"
expect "config: no secret_key is a problem, exit 1" is "$rc" 1
expect "config: ... named" has "problem: secret_key is missing"
expect "config: ... and the site refuses a token made without it" \
    has "limits-check answered 403"
expect "config: ... with the fix" \
    has "fix: give vstreamctl and the web server the same configuration file"

finish doctor
