#!/bin/bash
# faults.sh: PostgreSQL and Redis stopped and started under a running site:
# /health says which is down within 2 s, nothing crashes, and everything
# recovers without restarting a program. Usage: faults.sh BASE STATE
# (STATE: the folder of the stack; its stack.env names ports and passwords)
# [OTHER] (the base of another web server in front of the same services).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tools/stack.sh"
base=$1 state=$2 other=${3:-}
. "$state/stack.env"

programs() { pgrep -f "$state/inst/libexec/vstream/" | sort | tr '\n' ' '; }

req GET "$base/health"
expect "faults: healthy at the start" is "$status" 200
req GET "$base/api/v1/videos"
before=$(programs)

stack_stop_pg "$state"
req GET "$base/health" -m 2
expect "faults: db down: /health is 503 within 2 s" is "$status" 503
expect "faults: db down: database reported down" \
    is "$(json 'b.components.database.status')" down
expect "faults: db down: redis still ok" is "$(json 'b.components.redis.status')" ok
req GET "$base/api/v1/videos"
expect "faults: db down: listing is 503" is "$status" 503
expect "faults: db down: 503 says when to retry" is "$(header Retry-After)" 5
expect "faults: db down: error is JSON" is "$(json 'b.error.code')" unavailable
stack_start_pg "$state" "$pg_port" "$pg_pass" fast
req GET "$base/health"
expect "faults: db back: /health is 200" is "$status" 200
req GET "$base/api/v1/videos"
expect "faults: db back: listing is 200" is "$status" 200

redis-cli -p "$redis_port" -a "$redis_pass" --no-auth-warning shutdown nosave \
    >/dev/null 2>&1
sleep 0.3
req GET "$base/health" -m 2
expect "faults: redis down: /health is 503 within 2 s" is "$status" 503
expect "faults: redis down: redis reported down" \
    is "$(json 'b.components.redis.status')" down
req GET "$base/api/v1/videos"
expect "faults: redis down: listing still works" is "$status" 200
pub=$(json 'b.items.length ? b.items[0].id : ""')
if [ -n "$pub" ]; then
	req GET "$base/api/videos/$pub/hls/master.m3u8"
	expect "faults: redis down: playlists are read from disk" is "$status" 200
	rung=$(grep -o '^[0-9]*p' "$work/body" | head -n 1)
	req GET "$base/api/videos/$pub/hls/$rung/0.m4s"
	expect "faults: redis down: segments stream" is "$status" 200
fi
req GET "$base/metrics"
expect "faults: redis down: /metrics still answers" is "$status" 200
req POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"whatever it is"}'
expect "faults: redis down: login is refused with 503" is "$status" 503
expect "faults: redis down: ... saying why" \
    is "$(json b.error.message)" "The login service (Redis) is unavailable; try again shortly."
stack_start_redis "$state" "$redis_port" "$redis_pass"
sleep 1.1
req GET "$base/health"
expect "faults: redis back: /health is 200" is "$status" 200

expect "faults: no program died or was restarted" is "$(programs)" "$before"
# The other web server's programs held connections through both restarts:
# their first requests after it must not fail either.
if [ -n "${other:-}" ]; then
	req GET "$other/api/v1/videos"
	expect "faults: stale connections: listing is 200" is "$status" 200
	req POST "$other/api/v1/auth/login" -H 'Content-Type: application/json' \
	    -d '{"username":"nobody_at_all","password":"whatever it is"}'
	expect "faults: stale connections: login answers (401)" is "$status" 401
fi
finish "e2e-faults"
