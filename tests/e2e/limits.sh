#!/bin/bash
# limits.sh: the registration limit per address, which the other tests
# share (20 in the test stack): run last, as it uses up the hour.
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

finish "e2e-limits"
