# /etc/cron.d/vstream: the worker from cron, for machines that do not run
# the systemd unit vstream-worker.service. Use one or the other, not both.
# Each run takes the queued jobs and exits; flock skips a run while the
# previous one still transcodes.
#
#* * * * * vstream flock -n /var/lib/vstream/worker.lock /usr/bin/vstream-worker --once >>/var/log/vstream/worker.log 2>&1
