#!/bin/bash
# limits.sh: the per-address limits, which every other test shares: run
# last, as it uses them up.
# Usage: limits.sh BASE
set -u
. "$(dirname "$0")/../lib.sh"
base=$1
J='Content-Type: application/json'

# Registrations per address per hour (20 in this stack): the limit holds.
limit_at=0
for i in $(seq 1 25); do
	req POST "$base/api/v1/auth/register" -H "$J" -d '{"username":"x"}'
	if [ "$status" = 429 ]; then limit_at=$i; break; fi
done
expect "limits: registrations are limited per address" test "$limit_at" -ge 1
expect "limits: ... with Retry-After" test "$(header Retry-After)" -ge 1

# Anonymous API requests per address per minute (300).
limit_at=0
for i in $(seq 1 400); do
	status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/videos")
	if [ "$status" = 429 ]; then limit_at=$i; break; fi
done
expect "limits: anonymous API requests are limited per address" \
    test "$limit_at" -ge 1 -a "$limit_at" -le 301
req GET "$base/api/v1/videos"
expect "limits: ... 429 with Retry-After" test "$(header Retry-After)" -ge 1
req GET "$base/"
expect "limits: pages are not API requests" is "$status" 200

finish "e2e-limits"
