#!/bin/bash
# run.sh: the Debian package on this machine. Builds it (make deb, reused
# when up to date) and asks lintian; installs it with dpkg, migrates a
# database of its own on the stack's PostgreSQL with the installed
# vstreamctl, enables the Apache snippet with a2enconf and serves it from
# an Apache whose configuration has no vstream line but the Include of
# that snippet; runs the foundation, upload, playback and caption suites
# through it, with the worker as the package's user vstream and the web
# programs as www-data; purges the package and checks that nothing it
# owned or made is left but that user.
# Usage: run.sh STATE (the stack's folder, from tests/run.sh). Root only:
# the package goes into system paths for a minute or two, one run at a time.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
state=$1
if [ "$(id -u)" != 0 ]; then
	echo "deb: skipped: installing a package needs root" >&2
	finish deb
	exit
fi
. "$state/stack.env"
dir=$state/deb
conf=/etc/vstream/vstream.conf
db=vstream_deb
mkdir -p "$dir/www"
exec 9>/run/lock/vstream-check-deb.lock
flock -w 900 9 || { fail "deb: another package test holds the lock"; finish deb; exit; }

admin_sql() {
	PGPASSWORD=$pg_pass psql -qAt -h 127.0.0.1 -p "$pg_port" -U vstream \
	    -d postgres -c "$1"
}

not() { ! "$@"; }
installed() { dpkg-query -W -f '${Status}' vstream 2>/dev/null | grep -q ' installed$'; }

cleanup() {
	stack_stop_pidfile "$dir/apache/apache.pid"
	stack_stop_pidfile "$dir/lighttpd/lighttpd.pid"
	if dpkg-query -W vstream >/dev/null 2>&1; then
		dpkg --purge vstream >>"$dir/dpkg.log" 2>&1
	fi
	admin_sql "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

# --- build -------------------------------------------------------------------
tree=$(cd "$top" && git status --porcelain)
deb=$(make -s -C "$top" deb 2>"$dir/make.log" | sed -n 's/^deb: //p')
expect "deb: make deb names the package it built" test -f "$deb"
[ -f "$deb" ] || { tail -n 20 "$dir/make.log" >&2; finish deb; exit; }
expect "deb: the file is vstream_<version>_<arch>.deb" is "${deb##*/}" \
    "vstream_$(sed -n 's/^VERSION[[:space:]]*= *//p' "$top/Makefile")_$(dpkg --print-architecture).deb"
expect "deb: debian/changelog has the Makefile's version" is \
    "$(cd "$top" && dpkg-parsechangelog -S Version)" \
    "$(sed -n 's/^VERSION[[:space:]]*= *//p' "$top/Makefile")"
expect "deb: the build left the tree as it was" \
    is "$(cd "$top" && git status --porcelain)" "$tree"
lintian "$deb" > "$dir/lintian.txt" 2>/dev/null
expect "deb: lintian finds no errors" is "$(grep -c '^E:' "$dir/lintian.txt")" 0
grep -E '^(E|W):' "$dir/lintian.txt" >&2
expect "deb: no headers, pkg-config file or development link" \
    is "$(dpkg-deb -c "$deb" | grep -cE '\.h$|\.pc$|libvstream\.so$')" 0

# --- install -----------------------------------------------------------------
installed && dpkg --purge vstream >>"$dir/dpkg.log" 2>&1
if ! DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >>"$dir/dpkg.log" 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get -f install -y -q >>"$dir/dpkg.log" 2>&1
fi
expect "deb: dpkg -i installs it" installed
installed || { tail -n 20 "$dir/dpkg.log" >&2; finish deb; exit; }
dpkg-query -L vstream > "$dir/owned"
for f in admin auth stream upload videos; do
	expect "deb: /usr/lib/vstream/$f.fcgi" test -x "/usr/lib/vstream/$f.fcgi"
done
for f in vstreamctl vstream-worker; do
	expect "deb: /usr/bin/$f runs" test -x "/usr/bin/$f"
	expect "deb: $f finds the private library by its RUNPATH" \
	    is "$(ldd "/usr/bin/$f" | awk '/libvstream/ { print $3 }')" \
	    /usr/lib/vstream/libvstream.so.0
done
for f in /lib/systemd/system/vstream-worker.service \
    /usr/share/man/man8/vstreamctl.8.gz /usr/share/man/man8/vstream-worker.8.gz \
    /usr/share/man/man5/vstream.conf.5.gz /usr/share/vstream/templates \
    /usr/share/vstream/schema /usr/share/vstream/htdocs/vendor/video.js; do
	expect "deb: $f" test -e "$f"
done
conffiles=$(dpkg-query -W -f '${Conffiles}' vstream | awk '{ print $1 }')
for f in /etc/cron.d/vstream /etc/logrotate.d/vstream \
    /etc/apache2/conf-available/vstream.conf \
    /etc/lighttpd/conf-available/50-vstream.conf; do
	expect "deb: $f is a conffile" grep -qx "$f" <<<"$conffiles"
done
expect "deb: the cron line is commented out" \
    is "$(grep -cv '^#' /etc/cron.d/vstream)" 0
expect "deb: ... and runs the worker as vstream" \
    grep -q '^#\* \* \* \* \* vstream flock' /etc/cron.d/vstream
expect "deb: the system user vstream: home /var/lib/vstream, no shell" \
    is "$(getent passwd vstream | cut -d: -f6,7)" /var/lib/vstream:/usr/sbin/nologin
expect "deb: ... a system id" \
    test "$(id -u vstream)" -lt 1000
expect "deb: ... its group vstream" is "$(id -gn vstream)" vstream
expect "deb: www-data is in group vstream" \
    grep -qw vstream <<<"$(id -nG www-data)"
expect "deb: the unit runs the worker as vstream" \
    is "$(grep -E '^(User|Group)=' /lib/systemd/system/vstream-worker.service | tr '\n' ' ')" \
    "User=vstream Group=vstream "
expect "deb: $conf is kept by ucf, not dpkg" \
    is "$(ucfq -w "$conf" | cut -d: -f2)" vstream
expect "deb: ... and is no conffile" not grep -qx "$conf" <<<"$conffiles"
secret=$(sed -n 's/^secret_key = //p' "$conf")
expect "deb: $conf has a secret of its own" test "${#secret}" -ge 32
expect "deb: ... which names the package's paths" not grep -q /usr/local "$conf"
expect "deb: ... readable by root, the worker and the web server only" \
    is "$(stat -c '%U:%G %a' "$conf")" "root:vstream 640"
expect "deb: ... whose umask lets the group write" \
    grep -qx 'umask = 007' "$conf"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >>"$dir/dpkg.log" 2>&1
expect "deb: installing again keeps the secret" \
    is "$(sed -n 's/^secret_key = //p' "$conf")" "$secret"
expect "deb: the data folder is vstream's, setgid, for the group" \
    is "$(stat -c '%U:%G %a' /var/lib/vstream)" "vstream:vstream 2770"
expect "deb: the log folder is vstream's, readable by adm" \
    is "$(stat -c '%U:%G %a' /var/log/vstream)" "vstream:adm 2750"
if command -v logrotate >/dev/null; then
	expect "deb: logrotate takes the configuration" \
	    logrotate -d /etc/logrotate.d/vstream
fi

# --- configure as an administrator would: the stack's services, a database
# of its own, and the settings the suites expect ------------------------------
set_key() {
	sed -i "/^#\{0,1\}$1 =/d" "$conf"
	printf '%s = %s\n' "$1" "$2" >> "$conf"
}
apache_port=$(stack_free_ports 1)
base=http://127.0.0.1:$apache_port
dburl=postgresql://vstream:$pg_pass@127.0.0.1:$pg_port/$db
admin_sql "DROP DATABASE IF EXISTS $db" >/dev/null
admin_sql "CREATE DATABASE $db" >/dev/null
set_key db_url "$dburl"
set_key redis_url "redis://:$redis_pass@127.0.0.1:$redis_port/3"
set_key base_url "$base"
grep -E '^[a-z_]+ = ' "$state/vstream.conf" |
    grep -vE '^(db_url|redis_url|data_dir|template_dir|schema_dir|base_url|secret_key) ' |
    while IFS= read -r line; do set_key "${line%% = *}" "${line#* = }"; done
cp -p "$conf" "$dir/conf.edited"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >>"$dir/dpkg.log" 2>&1
expect "deb: installing again keeps the edited file and its secret" \
    cmp -s "$conf" "$dir/conf.edited"
expect "deb: ... and has ucf propose nothing" test ! -e "$conf.ucf-dist"

# COMMAND...: with the installed configuration only, as a system service
# runs (lighttpd hands its environment to the programs it starts).
pkg() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
expect "deb: vstreamctl config check" pkg vstreamctl config check >&2
expect "deb: vstreamctl migrate" pkg vstreamctl migrate >&2
expect "deb: ... made the tables" \
    is "$(psql -qAt "$dburl" -c 'SELECT count(*) FROM users')" 0
expect "deb: the worker finds its encoders" pkg runuser -u vstream -- \
    vstream-worker --check >&2

# --- serve: Apache and lighttpd with only the package's snippets --------------
export VSTREAM_SITE_NAME="Site of the calling shell"
expect "deb: a2enconf vstream" a2enconf vstream >&2
mkdir -p "$dir/apache/fcgid"
chown -R www-data: "$dir/apache"
m=/usr/lib/apache2/modules
cat > "$dir/apache/apache.conf" <<CONF
ServerRoot $dir/apache
ServerName 127.0.0.1
Listen 127.0.0.1:$apache_port
PidFile $dir/apache/apache.pid
ErrorLog $dir/apache/error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule mime_module $m/mod_mime.so
LoadModule alias_module $m/mod_alias.so
LoadModule headers_module $m/mod_headers.so
LoadModule fcgid_module $m/mod_fcgid.so
LoadModule xsendfile_module $m/mod_xsendfile.so
TypesConfig /etc/mime.types
FcgidIPCDir $dir/apache/fcgid
FcgidProcessTableFile $dir/apache/fcgid.shm
DocumentRoot $dir/www
<Directory />
    AllowOverride None
    Require all denied
</Directory>
# As Debian's apache2.conf does for /var/www.
<Directory $dir/www>
    Require all granted
</Directory>
Include /etc/apache2/conf-enabled/vstream.conf
CONF
expect "deb: Apache takes the snippet" apache2 -t -f "$dir/apache/apache.conf"
pkg apache2 -k start -f "$dir/apache/apache.conf"
expect "deb: Apache starts" bash -c ". '$top/tools/stack.sh' &&
    stack_wait_port $apache_port apache"
lighttpd_port=$(stack_free_ports 1)
m=/etc/lighttpd/conf-available
mkdir -p "$dir/lighttpd"
chown www-data: "$dir/lighttpd"
cat > "$dir/lighttpd/lighttpd.conf" <<CONF
server.modules = ( "mod_access", "mod_alias" )
server.document-root = "$dir/www"
server.bind = "127.0.0.1"
server.port = $lighttpd_port
server.pid-file = "$dir/lighttpd/lighttpd.pid"
server.errorlog = "$dir/lighttpd/error.log"
server.username = "www-data"
server.groupname = "www-data"
include_shell "/usr/share/lighttpd/create-mime.conf.pl"
include "$m/05-setenv.conf"
include "$m/10-fastcgi.conf"
include "$m/10-rewrite.conf"
include "$m/50-vstream.conf"
CONF
expect "deb: lighttpd takes the snippet and the modules it names" \
    lighttpd -tt -f "$dir/lighttpd/lighttpd.conf"
expect "deb: ... which are the ones lighty-enable-mod enables with it" \
    is "$(sed -n 's/^# -\*- depends: \(.*\) -\*-$/\1/p' "$m/50-vstream.conf")" \
    "fastcgi, rewrite, setenv"
pkg lighttpd -f "$dir/lighttpd/lighttpd.conf"
expect "deb: lighttpd starts" bash -c ". '$top/tools/stack.sh' &&
    stack_wait_port $lighttpd_port lighttpd"

# The servers start their programs with nothing of this shell's
# environment, where a VSTREAM_<KEY> would override the installed file.
for b in "$base" "http://127.0.0.1:$lighttpd_port"; do
	req GET "$b/"
	expect "deb: $b serves with the installed configuration alone" \
	    not body_has "$VSTREAM_SITE_NAME"
done

# The suites find the installed programs, the data and the secret where
# they look in a stack's folder.
mkdir -p "$dir/site/inst/bin"
ln -sfn /usr/bin/vstreamctl "$dir/site/inst/bin/vstreamctl"
ln -sfn /usr/bin/vstream-worker "$dir/site/inst/bin/vstream-worker"
ln -sfn /var/lib/vstream "$dir/site/data"
(umask 077; printf '%s' "$secret" > "$dir/site/secret")
behave() {	# SCRIPT ARGS...: one behaviour suite; its counts join ours
	local out line
	out=$(pkg VSTREAM_DB_URL="$dburl" VSTREAM_DATA_DIR=/var/lib/vstream \
	    SITE_USER=vstream HOME="$work" bash "$top/tests/e2e/$1" "${@:2}")
	printf '%s\n' "$out"
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
	else
		fail "deb: $1 printed no result"
	fi
}
behave foundation.sh deb-apache "$base" "$dir/apache/error.log"
behave foundation.sh deb-lighttpd "http://127.0.0.1:$lighttpd_port" \
    /var/log/lighttpd/vstream.log
behave upload.sh deb-apache "$base" "$dir/site"
behave stream.sh "$dir/site" "$base"
behave captions.sh "$dir/site" "http://127.0.0.1:$lighttpd_port" "$base"

# --- two users on one video: upload.fcgi (www-data) makes its folder, the
# worker (vstream) the renditions inside, stream.fcgi serves them and
# videos.fcgi deletes the whole ---------------------------------------------
pass="a good long password"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=2 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/two.mp4"
printf '%s\n' "$pass" | pkg vstreamctl user add "deb$sfx" >/dev/null
A="Authorization: Bearer $(token "deb$sfx")"
req POST "$base/api/v1/videos/upload" -H "$A" -F "file=@$work/two.mp4" \
    -F "title=two users" -F visibility=public
expect "deb: an upload through Apache is 201" is "$status" 201
id=$(json b.id)
m=/var/lib/vstream/media/$id
expect "deb: upload.fcgi made the video's folder as www-data, in the group" \
    is "$(stat -c '%U:%G %a' "$m")" "www-data:vstream 2770"
expect "deb: ... and its source, group writable" \
    is "$(stat -c '%U:%G %a' "$m/source.mp4")" "www-data:vstream 660"
pkg runuser -u vstream -- vstream-worker --once >>"$dir/worker.log" 2>&1
expect "deb: the worker as vstream transcoded it" \
    is "$(psql -qAt "$dburl" -c "SELECT status FROM videos WHERE id = '$id'")" ready
expect "deb: ... into folders of its own in the video's" \
    is "$(stat -c '%U:%G %a' "$m/hls")" "vstream:vstream 2770"
f=$(find "$m/hls" -type f -name '*.m3u8' | head -n 1)
expect "deb: ... with files the group can write" \
    is "$(stat -c '%U:%G %a' "$f")" "vstream:vstream 660"
req GET "$base/api/videos/$id/hls/master.m3u8"
expect "deb: stream.fcgi as www-data serves the master playlist" \
    is "$status" 200
req GET "$base/api/videos/$id/hls/360p/init.mp4"
expect "deb: ... and a rendition's init segment" is "$status" 200
req DELETE "$base/api/v1/videos/$id" -H "$A"
expect "deb: deleting it through videos.fcgi is 204" is "$status" 204
expect "deb: ... takes the worker's folders with it" test ! -e "$m"

# --- purge ---------------------------------------------------------------------
stack_stop_pidfile "$dir/apache/apache.pid"
stack_stop_pidfile "$dir/lighttpd/lighttpd.pid"
dpkg --purge vstream >>"$dir/dpkg.log" 2>&1
expect "deb: dpkg --purge removes it" not dpkg-query -W vstream
left=0
while IFS= read -r f; do
	# A folder stays when another package owns it too, or the system
	# made it (/., and /lib linked to /usr/lib).
	if [ -d "$f" ]; then
		[ "$f" = /. ] || [ -L "$f" ] && continue
		dpkg-query -S "$f" >/dev/null 2>&1 && continue
	fi
	if [ -e "$f" ] || [ -L "$f" ]; then
		printf '  left behind: %s\n' "$f" >&2
		left=$((left + 1))
	fi
done < <({ cat "$dir/owned"; printf '%s\n' /etc/vstream /var/lib/vstream \
    /var/log/vstream /var/log/lighttpd/vstream.log \
    /etc/apache2/conf-enabled/vstream.conf \
    /etc/lighttpd/conf-enabled/50-vstream.conf; } | sort -u)
expect "deb: nothing the package owned or made is left" is "$left" 0
expect "deb: ... but the system user vstream, as Debian keeps them" \
    getent passwd vstream
expect "deb: ucf forgot the configuration file" \
    not grep -qs vstream /var/lib/ucf/registry
expect "deb: Apache's helper keeps no state of the snippet" \
    not grep -rqs vstream /var/lib/apache2/conf
finish deb
