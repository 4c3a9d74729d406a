#!/bin/sh
# install-site.sh: `make install-site`: vstream in a web space, for an
# unprivileged user on shared hosting. After `make install PREFIX=...` it
# writes DEST: the static files, a wrapper per program that names the
# configuration by its absolute path (and sends its log lines to
# PREFIX/var/vstream.log), and both .htaccess files; it writes
# the configuration, with a new secret, unless it exists; and it prints the
# crontab line for the worker.
#
# From the environment: DEST (the web folder), PREFIX (where make install
# put the programs), CONFIG (default PREFIX/etc/vstream.conf), MODE (fcgid
# or cgi), BODY_MAX (the most the host takes in one request body: default
# mod_fcgid's 131072, for cgi 1 GiB), URL (the site's address, for
# base_url; with a path when DEST is a sub-folder of the web space, as in
# http://example.org/video for public_html/video), DB_URL and REDIS_URL
# (for a new configuration).
set -eu
site=$(cd "$(dirname "$0")/site" && pwd)

die() { echo "install-site: $*" >&2; exit 1; }

# An absolute path for $1, made if missing.
absolute() { mkdir -p "$1" && (cd "$1" && pwd); }

: "${DEST:?}" "${PREFIX:?}"
MODE=${MODE:-fcgid}
case $MODE in
fcgid) ext=fcgi handler=fcgid-script limit=131072 ;;
cgi) ext=cgi handler=cgi-script limit=1073741824 ;;
*) die "MODE is fcgid or cgi, not $MODE" ;;
esac
BODY_MAX=${BODY_MAX:-$limit}
case $BODY_MAX in ''|*[!0-9]*) die "BODY_MAX is a number of bytes" ;; esac
URL=${URL:-http://localhost/}
case $URL in http://*|https://*) ;; *) die "URL starts with http:// or https://" ;; esac
# The URL's path, from / to a trailing /.
path=$(printf '%s\n' "$URL" | sed -E 's|^https?://[^/]*||; s|/*$|/|')
case $path in *[!A-Za-z0-9._~/-]*) die "the path of URL is plain names of A-Za-z0-9._~- between slashes" ;; esac
prefix=$(absolute "$PREFIX")
dest=$(absolute "$DEST")
[ -x "$prefix/bin/vstream-worker" ] || die "no vstream-worker in $prefix/bin (make install PREFIX=$prefix first)"
CONFIG=${CONFIG:-$prefix/etc/vstream.conf}
case $CONFIG in /*) ;; *) CONFIG=$(pwd)/$CONFIG ;; esac
share=$prefix/share/vstream

# esc TEXT: TEXT for the right-hand side of sed's s|||.
esc() { printf '%s' "$1" | sed 's/[|&\\]/\\&/g'; }

# fill FILE: the template with this install's values.
fill() {
	sed -e "s|@EXT@|$ext|g; s|@HANDLER@|$handler|g; s|@BODY_MAX@|$BODY_MAX|g" \
	    -e "s|@PATH@|$path|g; s|@CONFIG@|$(esc "$CONFIG")|g" \
	    -e "s|@LOG@|$prefix/var/vstream.log|g" "$site/$1"
}

# The configuration, only when there is none: an upgrade keeps it.
write_config() {
	chunk=52428800
	[ "$BODY_MAX" -lt "$chunk" ] && chunk=$BODY_MAX
	secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
	mkdir -p "$(dirname "$CONFIG")"
	(umask 077; sed -e "s|^db_url = .*|db_url = $(esc "${DB_URL:-postgresql://vstream@127.0.0.1:5432/vstream}")|" \
	    -e "s|^redis_url = .*|redis_url = $(esc "${REDIS_URL:-redis://127.0.0.1:6379/0}")|" \
	    -e "s|^data_dir = .*|data_dir = $prefix/data|" \
	    -e "s|^#template_dir = .*|template_dir = $share/templates|" \
	    -e "s|^#schema_dir = .*|schema_dir = $share/schema|" \
	    -e "s|^base_url = .*|base_url = $(esc "${URL%/}")|" \
	    -e "s|^#secret_key =.*|secret_key = $secret|" \
	    -e "s|^sendfile = .*|sendfile = none|" \
	    -e "s|^upload_chunk = .*|upload_chunk = $chunk|" \
	    "$prefix/etc/vstream/vstream.conf.example" > "$CONFIG")
	echo "install-site: wrote $CONFIG (upload_chunk = $chunk)"
}

[ -f "$CONFIG" ] || write_config
mkdir -p "$prefix/data/media" "$prefix/var"

cp -R "$share/htdocs/." "$dest/"
fill 413.json > "$dest/errors/413.json"
fill htaccess > "$dest/.htaccess"
mkdir -p "$dest/vs"
fill htaccess-vs > "$dest/vs/.htaccess"
for p in admin auth stream upload videos; do
	fill wrapper | sed -e "s|@NAME@|$p.$ext|g" \
	    -e "s|@PROGRAM@|$prefix/libexec/vstream/$p.fcgi|g" > "$dest/vs/$p.$ext"
	chmod 755 "$dest/vs/$p.$ext"
done
chmod 644 "$dest/.htaccess" "$dest/vs/.htaccess"
echo "install-site: $dest serves vstream ($MODE), configured by $CONFIG"
echo "install-site: the worker, from your crontab (crontab -e):"
echo "* * * * * VSTREAM_CONFIG=$CONFIG $prefix/bin/vstream-worker --once --lock $prefix/var/worker.lock >>$prefix/var/worker.log 2>&1"
