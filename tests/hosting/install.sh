#!/bin/bash
# install.sh: vstream installed the way a shared-hosting user does it, and
# served by an Apache set up the way a host is (tests/hosting/apache.conf:
# AllowOverride All, mod_rewrite, mod_fcgid with its defaults, mod_cgi;
# not one line for vstream). An unprivileged user runs make install-site
# into a web folder of theirs (MODE fcgid or cgi), migrates, and checks the
# install with vstreamctl doctor; the worker runs from the printed crontab
# line, started every few seconds as cron would. Apache and that loop are
# left running for the behaviour suites (tests/run.sh runs them through
# tests/hosting/as-site.sh); the stack's stop ends them. With SUB the
# site is the sub-folder public_html/SUB, at http://127.0.0.1:PORT/SUB.
# Usage: install.sh STATE MODE [SUB]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
state=$1 mode=$2 sub=${3:-}
. "$state/stack.env"
# What the user's site reads is its own configuration, nothing else.
unset $(compgen -e | grep '^VSTREAM_')
site=hosting-$mode${sub:+-$sub} m=$mode${sub:+ in /$sub}
h=$state/$site
mkdir -p "$h"
chmod 755 "$work"

if [ "$(id -u)" = 0 ]; then
	user=hostuser
	id -u "$user" >/dev/null 2>&1 || useradd -m -s /bin/sh "$user"
	home=$(getent passwd "$user" | cut -d: -f6)
	run=$home/check-$mode${sub:+-$sub}-$sfx
	runuser -u "$user" -- mkdir -p "$run"
else
	user=$(id -un)
	run=$(mktemp -d /tmp/site.XXXXXX)
fi
echo "$run" > "$h/run"
as_user() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
port=$(stack_free_ports 1)
url=http://127.0.0.1:$port${sub:+/$sub}
db=hosting_${mode}${sub:+_$sub}_$sfx
redis_db=1
[ "$mode" = cgi ] && redis_db=2
[ -n "$sub" ] && redis_db=3
PGPASSWORD=$pg_pass createdb -h 127.0.0.1 -p "$pg_port" -U vstream "$db"
db_url=postgresql://vstream:$pg_pass@127.0.0.1:$pg_port/$db
redis_url=redis://:$redis_pass@127.0.0.1:$redis_port/$redis_db
dest=$run/public_html${sub:+/$sub} prefix=$run/vstream conf=$run/vstream/etc/vstream.conf

# --- the install, as the user ------------------------------------------------
as_user make -s -C "$top" install-site DEST="$dest" PREFIX="$prefix" \
    MODE="$mode" URL="$url/" DB_URL="$db_url" REDIS_URL="$redis_url" \
    > "$h/install.out" 2>&1
expect "$m: make install-site as $user succeeds" is "$?" 0
expect "$m: ... and says it wrote the configuration" \
    grep -q "^install-site: wrote $conf" "$h/install.out"
expect "$m: the configuration is the user's alone" \
    is "$(stat -c '%U %a' "$conf")" "$user 600"
secret=$(sed -n 's/^secret_key = //p' "$conf")
expect "$m: ... with a secret of its own" grep -qE '^[0-9a-f]{64}$' <<<"$secret"
expect "$m: every wrapper names the configuration by its absolute path" \
    is "$(grep -l "^VSTREAM_CONFIG='$conf' exec '$prefix/libexec/vstream/.*' 2>>'$prefix/var/vstream.log'$" \
    "$dest"/vs/*.* | wc -l)" 5
lacks() { ! grep -qE "$@"; }
expect "$m: no .htaccess line is one only a server may hold" \
    lacks '^\s*(Fcgid|LimitRequestBody|Alias|ScriptAlias)' "$dest/.htaccess" "$dest/vs/.htaccess"
cron=$(sed -n 's/^\* \* \* \* \* //p' "$h/install.out")
expect "$m: the crontab line runs the worker once, under a lock" \
    grep -q -- "/bin/vstream-worker --once --lock $prefix/var/worker.lock" <<<"$cron"
as_user make -s -C "$top" install-site DEST="$dest" PREFIX="$prefix" \
    MODE="$mode" URL="$url/" > "$h/again.out" 2>&1
expect "$m: installing again keeps the configuration" \
    is "$(sed -n 's/^secret_key = //p' "$conf")" "$secret"

# The test's settings, as the user would add them with an editor.
as_user tee -a "$conf" >/dev/null <<CONF
# For the behaviour suites: they register and upload much within the hour,
# go past small limits, and read mail from one file.
rate_register = 20
rate_upload = 100
upload_max = 16777216
quota_user = 25165824
cors_origins = http://player.example
access_check_ttl = 2
mail_command = cat >> $h/mail.txt
trusted_proxies = 127.0.0.1/32
body_timeout = 5
CONF
touch "$h/mail.txt"
[ "$(id -u)" = 0 ] && chown "$user:" "$h/mail.txt"
as_user env VSTREAM_CONFIG="$conf" "$prefix/bin/vstreamctl" migrate >/dev/null
expect "$m: vstreamctl migrate as the user" is "$?" 0

# --- the host's Apache -------------------------------------------------------
mkdir -p "$run/apache/fcgid"
[ "$(id -u)" = 0 ] && chown "$user:" "$run/apache/fcgid"
sed -e "s|@ROOT@|$run/apache|g; s|@PORT@|$port|g; s|@DOCROOT@|$run/public_html|g" \
    -e "s|@USER@|$user|g; s|@GROUP@|$(id -gn "$user")|g" \
    -e "s|@MODULES@|/usr/lib/apache2/modules|g" \
    "$top/tests/hosting/apache.conf" > "$run/apache/apache.conf"
expect "$m: the server configuration has not one vstream line" \
    is "$(grep -ci vstream "$run/apache/apache.conf")" 0
ln -sfn "$run/apache" "$h/apache"
apache2 -k start -f "$run/apache/apache.conf" ||
    { fail "$m: the host's Apache starts"; finish "$site"; exit 1; }
stack_wait_port "$port" apache
base=$url
req GET "$base/"
expect "$m: the home page through .htaccess is 200" is "$status" 200
req GET "$base/css/site.css"
expect "$m: static files are the web folder's" is "$status" 200
req GET "$base/vs/.htaccess"
expect "$m: the .htaccess files are not served" one_of "$status" 403 404
if [ -n "$sub" ]; then
	req GET "$base/"
	expect "$m: the page tells its scripts the site's path" \
	    body_has '<html lang="en" data-base="/'"$sub"'">'
	expect "$m: ... and its links and assets start with it" \
	    body_has 'href="/'"$sub"'/css/site.css"'
	expect "$m: ... every one of them" not_has 'href="/css/'
	req GET "$base/account" -H 'Accept: text/html'
	expect "$m: a page that needs a login redirects inside the folder" \
	    is "$(header Location)" "/$sub/login?next=%2Faccount"
	req GET "${base%/$sub}/account"
	expect "$m: the host's root is not the site" one_of "$status" 403 404
fi

# --- limits the host imposes ---------------------------------------------------
req POST "$base/api/v1/videos/upload" -H 'Content-Type: multipart/form-data; boundary=b' \
    -H 'Content-Length: 1100000000' --data-binary x
expect "$m: a multipart body over the host's limit is 413 at once" is "$status" 413
expect "$m: ... in JSON, pointing to the resumable upload" \
    is "$(json b.error.code)" too_large
expect "$m: ... with the size to send" body_has "in chunks of at most"
if [ "$mode" = fcgid ]; then
	head -c 200000 /dev/zero > "$work/over"
	req PATCH "$base/api/v1/uploads/0" -H 'Tus-Resumable: 1.0.0' \
	    -H 'Content-Type: application/offset+octet-stream' \
	    -H 'Upload-Offset: 0' --data-binary @"$work/over"
	expect "$m: a tus chunk over FcgidMaxRequestLen is 413, not a bare 500" \
	    is "$status" 413
	expect "$m: ... saying how big a chunk may be" \
	    body_has "in chunks of at most 131072 bytes"
fi

# --- the worker from the crontab line ------------------------------------------
printf 'a good long password\n' | as_user env VSTREAM_CONFIG="$conf" \
    "$prefix/bin/vstreamctl" user add -r admin "host_admin" >/dev/null
# Unlisted, so that the home page stays empty for foundation.sh; three
# rungs and 6 s, for the player test.
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1280x720:rate=25:duration=6 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/a.mp4"
V=$(as_user env VSTREAM_CONFIG="$conf" "$prefix/bin/vstreamctl" video import \
    -u host_admin -v unlisted -t "cron $sfx" "$work/a.mp4")
log=$prefix/var/worker.log
as_user sh -c "$cron" &
first=$!
for _ in $(seq 1 50); do
	grep -q 'started, concurrency' "$log" 2>/dev/null && break
	sleep 0.1
done
t0=$(date +%s)
as_user sh -c "$cron"
expect "$m: a run started while one works ends at once, exit 0" is "$?" 0
expect "$m: ... within two seconds" test $(($(date +%s) - t0)) -le 2
expect "$m: ... saying the lock is held" grep -q 'worker.lock is held' "$log"
wait "$first"
psql_h() { psql -qAt "$db_url" -c "$1"; }
expect "$m: the first run transcoded the video" \
    is "$(psql_h "SELECT status FROM videos WHERE id = '$V'")" ready
expect "$m: ... as one worker, kept for its heartbeat" \
    is "$(psql_h "SELECT count(*) FROM workers WHERE name LIKE '%:cron'")" 1
setsid bash "$top/tests/hosting/cron.sh" "$user" 3 "$cron" </dev/null >/dev/null 2>&1 &
echo $! > "$h/worker.pid"

# --- the doctor, against the host ----------------------------------------------
doctor() {
	as_user env VSTREAM_CONFIG="$conf" "$@" "$prefix/bin/vstreamctl" doctor \
	    -u "$user" -b "$base" > "$work/doctor" 2>&1
	rc=$?
}
has() { grep -qF -- "$1" "$work/doctor" || { cat "$work/doctor" >&2; return 1; }; }
doctor
expect "$m: doctor: all pass on the installed site, exit 0" is "$rc" 0
expect "$m: doctor: the body limit passes upload_chunk" \
    has "ok: the web server passes a body of upload_chunk"
expect "$m: doctor: Authorization arrives through CGIPassAuth" \
    has "ok: the web server passes the Authorization header"
expect "$m: doctor: the cron worker is seen" has "worker(s) running"
if [ "$mode" = fcgid ]; then
	doctor VSTREAM_UPLOAD_CHUNK=52428800
	expect "$m: doctor: FcgidMaxRequestLen below upload_chunk, exit 1" is "$rc" 1
	n=$(sed -n 's/.*accepts at most ~\([0-9]*\) bytes.*/\1/p' "$work/doctor")
	expect "$m: doctor: ... found near mod_fcgid's 128 KiB (~$n)" \
	    test "${n:-0}" -gt 120000 -a "${n:-0}" -le 131072
	expect "$m: doctor: ... and says which upload_chunk to set" \
	    has "fix: set upload_chunk below $n"
fi

# --- how fast: the home page, 200 times on one connection -------------------
# rate N URL: requests a second; 0 when they do not all come within a minute.
rate() {
	local t0 t1
	for _ in $(seq 1 "$1"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$2"; done > "$work/urls"
	t0=$(date +%s.%N)
	timeout 60 curl -s -m 5 -K "$work/urls" || { echo 0; return; }
	t1=$(date +%s.%N)
	echo "scale=1; $1 / ($t1 - $t0)" | bc
}
rate 20 "$base/" >/dev/null
r=$(rate 200 "$base/")
echo "$r" > "$h/rate"
echo "$m: the home page, 200 requests on one connection: $r a second"
expect "$m: the home page answers at a rate at all" test "${r%.*}" -gt 0
if [ "$mode" = cgi ] && [ -s "$state/hosting-fcgid/rate" ]; then
	f=$(cat "$state/hosting-fcgid/rate")
	echo "fcgid vs cgi: $f vs $r a second: plain CGI is $(echo "scale=1; $f / $r" | bc) times slower"
fi

# What the behaviour suites take for the stack's folder (see as-site.sh).
cp "$state/stack.env" "$h/stack.env"
printf '%s' "$secret" > "$h/secret"
ln -sfn "$prefix" "$h/inst"
ln -sfn "$prefix/data" "$h/data"
ln -sfn "$prefix/var/vstream.log" "$h/vstream.log"
{
	echo "SITE_USER=$user"
	echo "VSTREAM_CONFIG=$conf"
	echo "VSTREAM_DB_URL=$db_url"
	echo "VSTREAM_REDIS_URL=$redis_url"
	echo "VSTREAM_DATA_DIR=$prefix/data"
	echo "VSTREAM_TEMPLATE_DIR=$prefix/share/vstream/templates"
	echo "VSTREAM_SCHEMA_DIR=$prefix/share/vstream/schema"
	echo "VSTREAM_BASE_URL=$url"
	echo "VSTREAM_SECRET_KEY=$secret"
	echo "UPLOAD_CHUNK=$(sed -n 's/^upload_chunk = //p' "$conf")"
	[ "$mode" = cgi ] && echo "NO_LENGTH=1"
} > "$h/vstream.env"
echo "$V" > "$h/video"
echo "$url" > "$h/url"
finish "$site"
