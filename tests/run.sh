#!/bin/bash
# run.sh: `make check`. Installs the build into a temporary folder, starts
# a private PostgreSQL, Redis, lighttpd and Apache on free loopback ports,
# runs the unit tests, the integration tests and the behaviour tests
# through both web servers, and stops everything it started, pass or fail.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tools/stack.sh

state=$(mktemp -d /tmp/vstream-check.XXXXXX)
chmod 755 "$state"
webuser=""
[ "$(id -u)" = 0 ] && webuser=www-data
passed=0
failed=0

cleanup() {
	local h
	for h in "$state"/hosting-*; do
		[ -d "$h" ] || continue
		stack_stop "$h"
		[ -n "${KEEP:-}" ] || rm -rf "$(cat "$h/run")"
	done
	stack_stop "$state"
	if [ "$failed" -eq 0 ] && [ -z "${KEEP:-}" ]; then
		rm -rf "$state"
	else
		echo "check: state and logs kept in $state"
	fi
}
trap cleanup EXIT

# count LINE: add "N passed, M failed" or check's "Checks: N, Failures: F,
# Errors: E" to the totals.
count() {
	local n f e
	if [[ $1 =~ Checks:\ ([0-9]+),\ Failures:\ ([0-9]+),\ Errors:\ ([0-9]+) ]]; then
		n=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} e=${BASH_REMATCH[3]}
		passed=$((passed + n - f - e))
		failed=$((failed + f + e))
	elif [[ $1 =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
	fi
}

# suite COMMAND...: run one test program; a crash or silence is a failure.
# With ONLY set (an extended regular expression), only the suites whose
# command line matches it run: `make check ONLY=security`.
suite() {
	local out rc line
	if [ -n "${ONLY:-}" ] && ! [[ "$*" =~ $ONLY ]]; then
		return
	fi
	out=$("$@" 2>"$state/suite.err")
	rc=$?
	printf '%s\n' "$out"
	grep -E '^(FAIL|  got)' "$state/suite.err"
	line=$(printf '%s\n' "$out" | grep -E 'Checks:|passed,' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL: $* printed no result (exit $rc)"
		tail -n 5 "$state/suite.err"
		failed=$((failed + 1))
		return
	fi
	count "$line"
	printf '%s\t%s\n' "$*" "$line" >> "$state/results"
	if [ "$rc" -ne 0 ] && [[ ! $line =~ [1-9][0-9]*\ failed|Failures:\ [1-9]|Errors:\ [1-9] ]]; then
		echo "FAIL: $* exited $rc"
		failed=$((failed + 1))
	fi
}

# make_list NAME: a list of the Makefile's, one word a line.
make_list() { make -s --no-print-directory "print-$1" | tr ' ' '\n'; }

echo "== unit tests"
for t in $(make_list UNIT_TESTS); do
	suite "$t"
done
suite bash tests/docs.sh
suite bash tools/layers.sh
suite bash tools/exports.sh check

echo "== installing into $state/inst"
make -s install PREFIX="$state/inst" SYSCONFDIR="$state/inst/etc" >/dev/null ||
    { echo "FAIL: make install"; exit 1; }

echo "== starting PostgreSQL, Redis, lighttpd and Apache"
ports=$(stack_free_ports 5)
{
	echo "pg_port=$(sed -n 1p <<<"$ports")"
	echo "pg_pass=$(stack_secret)"
	echo "redis_port=$(sed -n 2p <<<"$ports")"
	echo "redis_pass=$(stack_secret)"
	echo "lighttpd_port=$(sed -n 3p <<<"$ports")"
	echo "apache_port=$(sed -n 4p <<<"$ports")"
	echo "proxy_port=$(sed -n 5p <<<"$ports")"
} > "$state/stack.env"
. "$state/stack.env"
mkdir -p "$state/data/media"
touch "$state/mail.txt"
[ -n "$webuser" ] && chown -R "$webuser:" "$state/data" "$state/mail.txt"
stack_start_pg "$state" "$pg_port" "$pg_pass" fast
stack_start_redis "$state" "$redis_port" "$redis_pass"
share=$state/inst/share/vstream
stack_config "$state" "postgresql://vstream:$pg_pass@127.0.0.1:$pg_port/vstream" \
    "redis://:$redis_pass@127.0.0.1:$redis_port/0" "$state/data" \
    "$share/templates" "$share/schema" "http://127.0.0.1:$lighttpd_port" \
    "# Both web servers' tests register from 127.0.0.1 within the hour.
rate_register = 20
rate_upload = 100
# Small limits, so that the tests can go past them.
upload_max = 16777216
quota_user = 25165824
sendfile = x-sendfile
cors_origins = http://player.example
# Withdrawn links stop within seconds, so that the test need not wait.
access_check_ttl = 2
# Mail goes to one file; the web servers stand in for a proxy in front.
mail_command = cat >> $state/mail.txt
trusted_proxies = 127.0.0.1/32
# Slow bodies are cut soon: each of a program's processes takes queued slow
# clients one after the other (tests/fault/slowbody.sh).
body_timeout = 5"
export VSTREAM_CONFIG=$state/vstream.conf
set -a; . "$state/vstream.env"; set +a
"$state/inst/bin/vstreamctl" migrate || { echo "FAIL: migrate"; exit 1; }
programs=$state/inst/libexec/vstream
stack_start_lighttpd "$state" "$lighttpd_port" "$programs" "$share/htdocs" \
    "$webuser" 2 "$state/data/media"
stack_start_apache "$state" "$apache_port" "$programs" "$share/htdocs" \
    "$webuser" 2 "$state/data/media"
stack_start_apache "$state" "$proxy_port" "$programs" "$share/htdocs" \
    "$webuser" 2 "$state/data/media" proxy

echo "== integration tests (PostgreSQL, Redis)"
for t in $(make_list DB_TESTS); do
	suite "$t"
done

echo "== behaviour tests through lighttpd and Apache"
suite bash tests/e2e/foundation.sh lighttpd "http://127.0.0.1:$lighttpd_port" \
    "$state/lighttpd/vstream.log"
suite bash tests/e2e/foundation.sh apache "http://127.0.0.1:$apache_port" \
    "$state/apache/error.log"
suite bash tests/e2e/auth.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state" \
    "$state/lighttpd/vstream.log"
suite bash tests/e2e/auth.sh apache "http://127.0.0.1:$apache_port" "$state" \
    "$state/apache/error.log"
echo "== transcoding"
suite bash tests/e2e/media.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/hostile.sh "$state"
suite bash tests/e2e/transcode.sh "$state"
suite bash tests/e2e/corpus.sh "$state"
suite bash tests/e2e/resume.sh "$state"
suite bash tests/e2e/stream.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/progressive.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/withdraw.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/catalog.sh "$state" "http://127.0.0.1:$apache_port"
suite bash tests/e2e/playlists.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/channel.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/comments.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/embed.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/captions.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/storyboard.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/subtitles.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/trickplay.sh "$state" "http://127.0.0.1:$lighttpd_port" \
    "http://127.0.0.1:$apache_port"
echo "== uploads (lighttpd, Apache with mod_fcgid, Apache with mod_proxy_fcgi)"
suite bash tests/e2e/upload.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/e2e/upload.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/e2e/upload.sh apache-proxy "http://127.0.0.1:$proxy_port" "$state"
suite bash tests/e2e/quota.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/e2e/quota.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/e2e/report.sh "http://127.0.0.1:$lighttpd_port" "$state"
echo "== admin"
suite bash tests/e2e/admin.sh "http://127.0.0.1:$lighttpd_port" "$state"
echo "== browser (headless Chromium)"
suite node tests/browser/auth.mjs "http://127.0.0.1:$lighttpd_port" \
    "$top/tests/artifacts"
# The longest such video: other suites make short ones with four rungs too.
ladder=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT id FROM videos WHERE status = 'ready'
    AND visibility = 'public' AND NOT hidden AND jsonb_array_length(renditions) = 4
    ORDER BY duration DESC LIMIT 1")
suite node tests/browser/player.mjs "http://127.0.0.1:$lighttpd_port" "$ladder" \
    "$top/tests/artifacts"
noaudio=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT id FROM videos WHERE status = 'ready'
    AND visibility = 'public' AND NOT has_audio AND title = 'corpus noaudio.mp4' LIMIT 1")
suite node tests/browser/noaudio.mjs "http://127.0.0.1:$lighttpd_port" "$noaudio" \
    "$top/tests/artifacts"
embed=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT id FROM videos WHERE status = 'ready'
    AND visibility = 'public' AND NOT hidden AND duration >= 10 LIMIT 1")
suite node tests/browser/embed.mjs "http://127.0.0.1:$lighttpd_port" "$embed" \
    "$top/tests/artifacts"
# The one with a default track: captions.sh leaves it; the embedded
# tracks of subtitles.sh are never the default.
captioned=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT c.video_id FROM captions c
    JOIN videos v ON v.id = c.video_id WHERE v.visibility = 'public' AND
    c.is_default LIMIT 1")
suite node tests/browser/captions.mjs "http://127.0.0.1:$lighttpd_port" \
    "$captioned" "$top/tests/artifacts"
# hls.js on the captioned video, a resumed one and one with I-frame
# playlists.
others=$(psql -qAt "$VSTREAM_DB_URL" -c "(SELECT v.id FROM videos v JOIN
    transcode_jobs j ON j.video_id = v.id WHERE j.resumed_at IS NOT NULL AND
    v.status = 'ready' AND v.visibility = 'public' LIMIT 1) UNION ALL
    (SELECT id FROM videos WHERE status = 'ready' AND visibility = 'public'
    AND title LIKE 'trickplay %' LIMIT 1)")
suite node tests/browser/hlsjs.mjs "http://127.0.0.1:$lighttpd_port" \
    "$top/tests/artifacts" "$captioned" $others
storyboarded=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT id FROM videos WHERE status = 'ready'
    AND visibility = 'public' AND title LIKE 'storyboard %' ORDER BY created_at DESC LIMIT 1")
suite node tests/browser/storyboard.mjs "http://127.0.0.1:$lighttpd_port" \
    "$storyboarded" "$top/tests/artifacts"
listed=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT v.id FROM videos v JOIN users u
    ON u.id = v.owner_id WHERE v.status = 'ready' AND v.visibility = 'public' AND NOT
    v.hidden AND u.banned_at IS NULL AND v.duration BETWEEN 2 AND 30 ORDER BY
    v.created_at LIMIT 2")
suite node tests/browser/playlists.mjs "http://127.0.0.1:$lighttpd_port" $listed \
    "$top/tests/artifacts"
commented=$(psql -qAt "$VSTREAM_DB_URL" -c "SELECT id FROM videos WHERE status = 'ready'
    AND visibility = 'public' AND NOT hidden AND comments_enabled LIMIT 1")
printf 'a good long password\n' | "$state/inst/bin/vstreamctl" user add browser_commenter >/dev/null
suite node tests/browser/comments.mjs "http://127.0.0.1:$lighttpd_port" "$commented" \
    browser_commenter "a good long password" "$top/tests/artifacts"
stack_start_worker "$state" "$state/inst/bin/vstream-worker" "$webuser"
suite node tests/browser/upload.mjs "http://127.0.0.1:$lighttpd_port" \
    "$top/tests/artifacts"
# A 20 s video of its own, which the running worker transcodes.
printf 'a good long password\n' | "$state/inst/bin/vstreamctl" user add browser_stats >/dev/null
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=20 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$state/stats.mp4"
chmod 644 "$state/stats.mp4"
stats=$(${webuser:+runuser -u "$webuser" --} "$state/inst/bin/vstreamctl" video import \
    -u browser_stats -t "stats clip" "$state/stats.mp4")
suite node tests/browser/stats.mjs "http://127.0.0.1:$lighttpd_port" "$stats" \
    browser_stats "a good long password" "$top/tests/artifacts"
suite node tests/browser/progressive.mjs "http://127.0.0.1:$lighttpd_port" \
    "$top/tests/artifacts"
stack_stop_pidfile "$state/worker.pid"
printf 'a good long password\n' | "$state/inst/bin/vstreamctl" user add -r admin \
    browser_admin >/dev/null
suite node tests/browser/admin.mjs "http://127.0.0.1:$lighttpd_port" browser_admin \
    "a good long password" "$top/tests/artifacts"
suite bash tests/e2e/programs.sh "$state/inst"
suite bash tests/e2e/doctor.sh "$state" "http://127.0.0.1:$lighttpd_port"
echo "== the Debian package (as root)"
suite bash tests/deb/run.sh "$state"
echo "== faults and security"
suite bash tests/fault/slowbody.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/fault/slowbody.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/fault/slowbody.sh apache-proxy "http://127.0.0.1:$proxy_port" "$state"
suite bash tests/e2e/numbers.sh apache-proxy "http://127.0.0.1:$proxy_port" "$state"
suite bash tests/e2e/numbers.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/fault/diskfull.sh "$state"
suite bash tests/fault/reload.sh "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/security/run.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/security/run.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/security/playlists.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/security/playlists.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/security/comments.sh lighttpd "http://127.0.0.1:$lighttpd_port" "$state"
suite bash tests/security/comments.sh apache "http://127.0.0.1:$apache_port" "$state"
suite bash tests/e2e/faults.sh "http://127.0.0.1:$lighttpd_port" "$state" \
    "http://127.0.0.1:$apache_port"
suite bash tests/e2e/limits.sh "http://127.0.0.1:$apache_port"

echo "== shared hosting: a user's own install, .htaccess only (mod_fcgid, mod_cgi)"
# hosting MODE COMMAND...: a behaviour suite against that site.
hosting() { suite bash tests/hosting/as-site.sh "$state/hosting-$1" "${@:2}"; }
suite bash tests/hosting/install.sh "$state" fcgid
h=$state/hosting-fcgid
if [ -s "$h/url" ]; then
	url=$(cat "$h/url")
	hosting fcgid bash tests/e2e/foundation.sh hosting-fcgid "$url" "$h/vstream.log"
	hosting fcgid bash tests/e2e/auth.sh hosting-fcgid "$url" "$h" "$h/vstream.log"
	hosting fcgid bash tests/e2e/upload.sh hosting-fcgid "$url" "$h"
	hosting fcgid bash tests/e2e/stream.sh "$h" "$url"
	hosting fcgid bash tests/e2e/catalog.sh "$h" "$url"
	hosting fcgid node tests/browser/upload.mjs "$url" "$top/tests/artifacts"
	hosting fcgid node tests/browser/player.mjs "$url" "$(cat "$h/video")" \
	    "$top/tests/artifacts"
fi
# The same install in a sub-folder of the web space, served under its path.
suite bash tests/hosting/install.sh "$state" fcgid video
h=$state/hosting-fcgid-video
if [ -s "$h/url" ]; then
	url=$(cat "$h/url")
	hosting fcgid-video bash tests/e2e/foundation.sh hosting-sub "$url" "$h/vstream.log"
	hosting fcgid-video bash tests/e2e/auth.sh hosting-sub "$url" "$h" "$h/vstream.log"
	hosting fcgid-video bash tests/e2e/upload.sh hosting-sub "$url" "$h"
	hosting fcgid-video bash tests/e2e/stream.sh "$h" "$url"
	hosting fcgid-video bash tests/e2e/catalog.sh "$h" "$url"
	hosting fcgid-video bash tests/e2e/channel.sh "$h" "$url"
	hosting fcgid-video node tests/browser/upload.mjs "$url" "$top/tests/artifacts"
	hosting fcgid-video node tests/browser/player.mjs "$url" "$(cat "$h/video")" \
	    "$top/tests/artifacts"
fi
# Through plain CGI a subset: every request starts a program (see README).
suite bash tests/hosting/install.sh "$state" cgi
h=$state/hosting-cgi
if [ -s "$h/url" ]; then
	url=$(cat "$h/url")
	hosting cgi bash tests/e2e/foundation.sh hosting-cgi "$url" "$h/vstream.log"
	hosting cgi bash tests/e2e/upload.sh hosting-cgi "$url" "$h"
	hosting cgi bash tests/e2e/stream.sh "$h" "$url"
fi

# A sanitizer build (make asan) reports into the programs' logs.
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
    "$state"/*.log "$state"/*/*.log 2>/dev/null; then
	echo "FAIL: sanitizer reports in the logs above"
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi

# A partial run (ONLY) leaves the table of the last whole run.
[ -n "${ONLY:-}" ] || bash tests/robustness.sh "$state/results" > docs/robustness.md

echo
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
