#!/bin/bash
# programs.sh: the programs outside a web server: plain CGI, configuration
# errors, migrations, the worker, and what `make install` put in place.
# Usage: programs.sh PREFIX (the installation the stack runs).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
prefix=$1

cgi() {
	env REQUEST_METHOD=GET PATH_INFO=/health "$@" 2>/dev/null
}
cgi "$prefix/libexec/vstream/admin.fcgi" > "$work/cgi"
expect "cgi: plain CGI answers with a Status line" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 200 OK"
expect "cgi: plain CGI separates headers from the body" \
    grep -q '^{"status":"ok"' "$work/cgi"
env -u VSTREAM_CONFIG REQUEST_METHOD=GET PATH_INFO=/health \
    VSTREAM_DB_URL=postgresql://x@127.0.0.1:1/x "$top/cgi/admin.fcgi" \
    > "$work/cgi" 2>/dev/null
expect "cgi: the build tree runs without a config file" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 503 Service Unavailable"

# A body that trickles in is cut at its deadline (here 2 s) with 408.
start=$(date +%s)
env REQUEST_METHOD=POST PATH_INFO=/api/v1/auth/login CONTENT_LENGTH=100 \
    CONTENT_TYPE=application/json VSTREAM_BODY_TIMEOUT=2 \
    "$prefix/libexec/vstream/auth.fcgi" > "$work/cgi" 2>/dev/null \
    < <(printf '{"username":"slow'; sleep 8)
secs=$(( $(date +%s) - start ))
expect "cgi: a body that trickles in is 408" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 408 Request Timeout"
expect "cgi: ... at its deadline (took $secs s)" test "$secs" -le 4

# Without a web server's own limit, the route's refuses a body larger than
# it takes (413), before the handler reads a byte.
head -c 70000 /dev/zero | tr '\0' 'a' > "$work/big.json"
env REQUEST_METHOD=POST PATH_INFO=/api/v1/auth/login CONTENT_LENGTH=70000 \
    CONTENT_TYPE=application/json "$prefix/libexec/vstream/auth.fcgi" \
    < "$work/big.json" > "$work/cgi" 2>/dev/null
expect "cgi: a body past the route's limit is 413" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 413 Content Too Large"
expect "cgi: ... in the API's error form" grep -q '"code":"too_large"' \
    "$work/cgi"

env REQUEST_METHOD=GET PATH_INFO=/metrics VSTREAM_METRICS_TOKEN=s3cret \
    "$prefix/libexec/vstream/admin.fcgi" > "$work/cgi" 2>/dev/null
expect "metrics: with metrics_token set, no token is 401" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 401 Unauthorized"
env REQUEST_METHOD=GET PATH_INFO=/metrics VSTREAM_METRICS_TOKEN=s3cret \
    HTTP_AUTHORIZATION="Bearer s3cret" "$prefix/libexec/vstream/admin.fcgi" \
    > "$work/cgi" 2>/dev/null
expect "metrics: ... and the token is 200" \
    is "$(head -n 1 "$work/cgi" | tr -d '\r')" "Status: 200 OK"

VSTREAM_DB_POOL=abc "$prefix/libexec/vstream/admin.fcgi" </dev/null \
    >/dev/null 2>"$work/err"
rc=$?
expect "config: a bad value exits with status 2" is "$rc" 2
expect "config: one line of error" is "$(wc -l < "$work/err")" 1
expect "config: the line names the key" grep -q 'db_pool' "$work/err"
VSTREAM_CONFIG=/nonexistent.conf "$prefix/bin/vstreamctl" migrate \
    >/dev/null 2>"$work/err"
expect "config: a missing file exits with status 2" is "$?" 2

"$prefix/bin/vstreamctl" migrate > "$work/out" 2>/dev/null
expect "migrate: a second run applies nothing" \
    is "$(cat "$work/out")" "migrate: 0 applied, schema current"
expect "migrate: config get prints a value" \
    is "$("$prefix/bin/vstreamctl" config get db_pool)" 4

printf 'a long enough password\n' | "$prefix/bin/vstreamctl" user add \
    -r moderator -e mod@example.org mod1 >/dev/null 2>&1
expect "vstreamctl: user add works" is "$?" 0
printf 'another password\n' | "$prefix/bin/vstreamctl" user add mod1 \
    >/dev/null 2>&1
expect "vstreamctl: a taken name is refused" is "$?" 1

"$prefix/bin/vstream-worker" --once 2>/dev/null
expect "worker: --once exits 0" is "$?" 0
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/one.mp4"
timeout 20 "$prefix/bin/vstream-worker" --transcode "$work/one.mp4" \
    "$work/none/out" 2>"$work/err"
expect "worker: --transcode into a folder it cannot make fails at once" \
    is "$?" 1
expect "worker: ... saying so" grep -q 'cannot create the output' "$work/err"

for f in lib/libvstream.so share/vstream/templates/home.html \
    share/vstream/schema/0001_init.sql share/vstream/htdocs/vendor/video.js/video.min.js \
    share/man/man8/vstreamctl.8 lib/systemd/system/vstream-worker.service; do
	expect "install: $f" test -e "$prefix/$f"
done
# The library serves the programs only: no headers, no pkg-config file.
for f in lib/pkgconfig/vstream.pc include/vstream; do
	expect "install: no $f" test ! -e "$prefix/$f"
done
expect "install: the systemd unit is valid" \
    systemd-analyze verify --man=no "$prefix/lib/systemd/system/vstream-worker.service"
expect "install: the library has a soname" \
    sh -c "objdump -p '$prefix/lib/libvstream.so' | grep -q 'SONAME.*libvstream.so.0'"
finish "e2e-programs"
