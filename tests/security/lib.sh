#!/bin/bash
# lib.sh: what the security suites share, sourced at their top with their
# arguments NAME BASE STATE: tests/lib.sh, the stack's vstreamctl, the
# request headers, the accounts' password, and a stored XSS to try.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$top/tests/lib.sh"
name=$1 base=$2 state=$3
ctl=$state/inst/bin/vstreamctl
J='Content-Type: application/json' F='Content-Type: application/x-www-form-urlencoded'
pass="a good long password"
chmod 755 "$work"
xss='<script>alert(1)</script><img src=x onerror=alert(2)>"'"'"

# users NAME...: an account for each, with $pass.
users() {
	local u
	for u in "$@"; do
		printf '%s\n' "$pass" | "$ctl" user add "$u" >/dev/null
	done
}
