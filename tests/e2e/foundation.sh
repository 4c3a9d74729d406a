#!/bin/bash
# foundation.sh: health, listing, home page, errors, headers, metrics and
# static files through one web server. Usage: foundation.sh NAME BASE LOG
set -u
. "$(dirname "$0")/../lib.sh"
name=$1 base=$2 log=$3

req GET "$base/health"
expect "$name: /health is 200" is "$status" 200
expect "$name: /health is JSON" is "$(header Content-Type)" application/json
for c in database redis storage queue; do
	expect "$name: /health $c ok" is "$(json "b.components.$c.status")" ok
done
expect "$name: /health latency reported" \
    is "$(json 'typeof b.components.database.latency_ms')" number
id=$(header X-Request-Id)
expect "$name: request id is 32 hex digits" \
    is "$(printf '%s' "$id" | grep -cE '^[0-9a-f]{32}$')" 1
sleep 0.2
expect "$name: one log line carries the request id" \
    is "$(grep "\"request_id\":\"$id\"" "$log" | grep -c '"msg":"request"')" 1
expect "$name: the log line is JSON with status and duration" \
    node -e 'const l = require("fs").readFileSync(process.argv[1], "utf8")
	.split("\n").filter(x => x.includes(process.argv[2]) &&
	x.includes("\"msg\":\"request\""));
	const o = JSON.parse(l[0]);
	process.exit(o.status === 200 && o.method === "GET" &&
	o.path === "/health" && typeof o.duration_ms === "number" &&
	o.program === "admin" ? 0 : 1)' "$log" "$id"

req HEAD "$base/health"
expect "$name: HEAD /health is 200" is "$status" 200
# /health's body holds latencies, so the length is compared on a body that
# cannot change between the two requests.
req HEAD "$base/api/admin/none"
expect "$name: HEAD gives the length of the GET body" \
    length_is "$(header Content-Length)" "$(curl -s "$base/api/admin/none" | wc -c)"
# Over a raw HTTP/1.0 connection nothing may follow the headers.
hostport=$(site_origin "$base")
hostport=${hostport#http://}
exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}"
printf 'HEAD %s/health HTTP/1.0\r\nHost: x\r\n\r\n' "$(site_path "$base")" >&3
expect "$name: HEAD has no body" \
    is "$(timeout 5 cat <&3 | sed -n '/^\r$/,$p' | wc -c)" 2
exec 3<&-

req GET "$base/api/v1/videos"
expect "$name: listing is 200" is "$status" 200
expect "$name: listing has items" is "$(json 'Array.isArray(b.items)')" true
expect "$name: listing has next" is "$(json 'b.next')" null

req GET "$base/?from=test"
expect "$name: home page is 200" is "$status" 200
expect "$name: home page is HTML" is "$(header Content-Type)" \
    "text/html; charset=utf-8"
expect "$name: home page shows the empty state" body_has "No videos yet"
expect "$name: home page has a policy" \
    is "$(header Content-Security-Policy | grep -c "frame-ancestors 'none'")" 1
expect "$name: nosniff sent once" is "$(header_count X-Content-Type-Options)" 1

req GET "$base/api/v1/videos/x/y/z"
expect "$name: unknown API path is 404" is "$status" 404
expect "$name: 404 is a JSON error" is "$(json 'b.error.code')" not_found
expect "$name: 404 has a message" is "$(json 'typeof b.error.message')" string

req GET "$base/videos/nothing/here" -H 'Accept: text/html'
expect "$name: unknown page is 404" is "$status" 404
expect "$name: browsers get an HTML error page" body_has "404 · Not Found"

req DELETE "$base/health"
expect "$name: DELETE /health is 405" is "$status" 405
expect "$name: 405 names what is allowed" is "$(header Allow)" "GET, HEAD"
expect "$name: 405 is a JSON error" is "$(json 'b.error.code')" \
    method_not_allowed

req GET "$base/api/v1/videos/%zz"
expect "$name: bad escape is 400" is "$status" 400
# A web server may refuse these itself (Apache: 404 for %00 in a path).
req GET "$base/api/v1/videos/a%00b"
expect "$name: encoded NUL in a path is refused" one_of "$status" 400 404
req GET "$base/api/v1/videos?q=a%00b"
expect "$name: encoded NUL in a query is 400" is "$status" 400

req GET "$base/metrics"
expect "$name: /metrics is 200" is "$status" 200
expect "$name: /metrics is Prometheus text" \
    is "$(header Content-Type)" "text/plain; version=0.0.4; charset=utf-8"
expect "$name: /metrics counts requests" \
    body_has 'vstream_http_requests_total{program="admin",status="200"}'
expect "$name: /metrics has duration histograms" \
    body_has 'vstream_http_request_duration_seconds_bucket{program="videos",le="+Inf"}'
expect "$name: /metrics has db and redis gauges" \
    body_has 'vstream_up{component="database"} 1'
expect "$name: /metrics has the queue depth" body_has 'vstream_queue_depth 0'
expect "$name: /metrics parses strictly" node "$(dirname "$0")/promcheck.js" \
    "$work/body"

req GET "$base/css/site.css"
expect "$name: stylesheet served" is "$status" 200
req GET "$base/vendor/video.js/video.min.js"
expect "$name: vendored Video.js served" is "$status" 200
req GET "$base/vendor/tus-js-client/tus.min.js"
expect "$name: vendored tus-js-client served" is "$status" 200
req GET "$base/vendor/chart.js/chart.umd.js"
expect "$name: vendored Chart.js served" is "$status" 200

finish "e2e-foundation-$name"
