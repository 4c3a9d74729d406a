#!/bin/sh
# vendor.sh: install the pinned front-end packages from npm and copy the
# files the pages load into htdocs/vendor/ (no CDN: every asset is ours).
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
out=htdocs/vendor
rm -rf "$out"
mkdir -p "$out/video.js" "$out/tus-js-client" "$out/chart.js"
cp node_modules/video.js/dist/video.min.js \
   node_modules/video.js/dist/video-js.min.css "$out/video.js/"
cp node_modules/tus-js-client/dist/tus.min.js "$out/tus-js-client/"
cp node_modules/chart.js/dist/chart.umd.js "$out/chart.js/"
for p in video.js tus-js-client chart.js; do
	cp "node_modules/$p/"LICENSE* "$out/$p/"
done
