#!/bin/bash
# cron.sh: stands in for cron: starts COMMAND (the crontab line's command,
# as install-site printed it) through sh every SECS seconds as USER, like
# cron whether or not the last run has ended, until it is sent TERM; then
# it stops the runs it started. Usage: cron.sh USER SECS COMMAND
set -u
user=$1 secs=$2 cmd=$3
trap 'kill $(jobs -p) 2>/dev/null; exit 0' TERM INT
while :; do
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$user" -- sh -c "$cmd" &
	else
		sh -c "$cmd" &
	fi
	sleep "$secs" &
	wait $!
done
