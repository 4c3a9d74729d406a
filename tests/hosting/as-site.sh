#!/bin/bash
# as-site.sh: run a behaviour suite against a site that install.sh set up:
# with that site's configuration, database and user in the environment
# (HOSTING/vstream.env) in place of the stack's.
# Usage: as-site.sh HOSTING COMMAND...
set -u
unset $(compgen -e | grep '^VSTREAM_')
set -a
. "$1/vstream.env"
set +a
shift
exec "$@"
