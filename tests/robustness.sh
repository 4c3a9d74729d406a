#!/bin/bash
# robustness.sh: docs/robustness.md from a `make check` run's results: each
# fault, security and hardening suite, what it does (its own first comment
# line), and what it gave. Usage: robustness.sh RESULTS > docs/robustness.md
# (RESULTS: lines of "command<TAB>result" written by tests/run.sh).
set -u
cat <<'HEAD'
# Robustness

What the fault, security and hardening suites do and what they gave in the
last `make check` (this file is written by that run). `make fuzz` and
`make load` are the longer runs; their figures are in the README.

| suite | what it does | result |
|---|---|---|
HEAD
while IFS=$'\t' read -r cmd result; do
	script=$(grep -o 'tests/[a-z0-9]*/[a-z]*\.\(sh\|mjs\)' <<<"$cmd" | head -n 1)
	# The server a suite ran through, when it names one.
	server=$(awk '{ print $3 }' <<<"$cmd")
	case $server in lighttpd|apache|apache-proxy) ;; *) server="" ;; esac
	case $script in
	tests/fault/*|tests/security/*|tests/e2e/faults.sh|tests/e2e/limits.sh|\
	tests/e2e/upload.sh|tests/e2e/auth.sh|tests/e2e/admin.sh|tests/e2e/stream.sh) ;;
	*) continue ;;
	esac
	# The comment under the first line, up to its first sentence's end.
	what=$(sed -n '2,6p' "$script" | sed 's/^# \{0,1\}//' | tr '\n' ' ' |
	    sed 's/^[a-z.]*: //; s/\([.]\) .*/\1/; s/|/\\|/g')
	printf '| `%s`%s | %s | %s |\n' "$script" "${server:+ ($server)}" \
	    "$what" "$result"
done < "$1"
