#!/bin/sh
# deps.sh: `make deps`: install the Debian 12 packages that building,
# running and testing vstream need, when any is missing.
set -eu
pkgs="gcc make pkg-config libc6-dev curl ca-certificates procps bc systemd
libfcgi-dev libpq-dev libhiredis-dev libjson-c-dev libcrypt-dev check
libjwt-dev libssl-dev libavformat-dev libavcodec-dev libavutil-dev
libswscale-dev libswresample-dev libavfilter-dev zlib1g-dev ffmpeg
postgresql postgresql-client redis-server redis-tools lighttpd
apache2 libapache2-mod-fcgid libapache2-mod-xsendfile spawn-fcgi nodejs npm
dpkg-dev debhelper lintian ucf
chromium"

# `deps.sh fuzz` adds what `make fuzz` needs.
[ "${1:-}" = fuzz ] && pkgs="$pkgs clang libclang-rt-14-dev"
# `deps.sh bench` adds what `make bench` needs.
[ "${1:-}" = bench ] && pkgs="$pkgs wrk gnuplot-nox linux-perf time"

missing=""
for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
# Node.js may come from elsewhere than Debian; what counts is npm running.
case "$missing" in *npm*|*nodejs*)
	command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
	    missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
esac
[ -z "$(echo $missing)" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: install them as root: apt-get install$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
