#!/bin/bash
# lib.sh: assertions for the behaviour tests, which drive the real programs
# through real web servers with curl. Sourced; each script ends with
# `finish NAME`, which prints "NAME: N passed, M failed".

passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# sql QUERY: one statement against the stack's database, unaligned.
sql() { psql -qAt "$VSTREAM_DB_URL" -c "$1"; }
# as_site COMMAND...: as the web server's user (SITE_USER, else www-data)
# when run as root, as a real site runs it.
as_site() {
	if [ "$(id -u)" = 0 ]; then runuser -u "${SITE_USER:-www-data}" -- "$@"; else "$@"; fi
}
# transcode WORKER ID...: runs the worker once as the site, then waits (up
# to five minutes) until each video has left the queue: where a cron-started
# worker runs too, it may hold a job this run found taken.
transcode() {
	local worker=$1 id i
	shift
	as_site "$worker" --once 2>/dev/null
	for id in "$@"; do
		for i in $(seq 300); do
			case $(sql "SELECT status FROM videos WHERE id = '$id'") in
			queued|processing) sleep 1 ;;
			*) break ;;
			esac
		done
	done
}
# clip_suite STATE: the set-up of a suite that runs the real worker on
# clips it makes: sets state, ctl, worker and clips (a folder the site's
# user can read).
clip_suite() {
	state=$1
	ctl=$state/inst/bin/vstreamctl
	worker=$state/inst/bin/vstream-worker
	clips=$work/clips
	mkdir -p "$clips"
	chmod 755 "$work" "$clips"
}
# A random suffix that keeps this run's names apart from earlier ones.
sfx=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# expect "what" COMMAND...: the command must succeed.
expect() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}

# req METHOD URL [curl options]: sets $status; the body is in $work/body,
# the headers in $work/head. Never waits more than 5 s.
req() {
	local method=(-X "$1") url=$2
	[ "$1" = HEAD ] && method=(--head)
	shift 2
	status=$(curl -s -m 5 "${method[@]}" -o "$work/body" -D "$work/head" \
	    -w '%{http_code}' "$@" "$url") || status=000
}

# header NAME: the value of a response header of the last req.
header() {
	grep -i "^$1:" "$work/head" | head -n 1 | cut -d: -f2- |
	    sed 's/^ *//; s/\r$//'
}

# header_count NAME: how often the header came.
header_count() { grep -ci "^$1:" "$work/head"; }

# json EXPR: evaluate a JavaScript expression over the body as `b`.
json() {
	node -e 'const fs = require("fs");
	    const b = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	    const v = eval(process.argv[2]);
	    process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));' \
	    "$work/body" "$1"
}

# token USER [PASSWORD]: log in through $base (with $pass unless given);
# prints the access token.
token() {
	req POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d "{\"username\":\"$1\",\"password\":\"${2:-$pass}\"}"
	json b.access_token
}

body_has() { grep -qF -- "$1" "$work/body"; }
# one_of GOT WANT...: GOT is one of the WANTs.
one_of() {
	local got=$1 w
	shift
	for w; do [ "$got" = "$w" ] && return 0; done
	printf '  got "%s", want one of: %s\n' "$got" "$*" >&2
	return 1
}
# length_is GOT WANT: a response's Content-Length is WANT; or none where the
# web server drops the programs' (NO_LENGTH set: Apache's mod_cgi, which
# answers chunked).
length_is() { if [ -n "${NO_LENGTH:-}" ]; then is "$1" ""; else is "$1" "$2"; fi; }
# site_path URL: the URL's path without a trailing slash ("" at the root):
# what the site puts before its redirects and as its cookie's Path.
site_path() { printf '%s' "$1" | sed -E 's|^[a-z]+://[^/]*||; s|/*$||'; }
# site_origin URL: its scheme and host, where a Location path is resolved.
site_origin() { printf '%s' "$1" | sed -E 's|^([a-z]+://[^/]*).*|\1|'; }
is() { [ "$1" = "$2" ] || { printf '  got "%s", want "%s"\n' "$1" "$2" >&2; return 1; }; }

finish() {
	printf '%s: %d passed, %d failed\n' "$1" "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
# not_has TEXT: the body of the last req does not hold TEXT.
not_has() { ! grep -qF -- "$1" "$work/body"; }
# not_starts GOT PREFIX: GOT does not begin with PREFIX.
not_starts() { case "$1" in "$2"*) printf '  "%s" starts with "%s"\n' "$1" "$2" >&2; return 1 ;; esac; }
