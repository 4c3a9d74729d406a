#!/bin/bash
# docs.sh: the manuals and the example configuration cannot drift from the
# programs: every configuration key is in README's table, in vstream.conf(5)
# (generated from that table) and in vstream.conf; every command and option
# the programs accept is in their manual page. Needs no services.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
# bare COMMAND...: run with no setting from the environment or a file.
bare() { env -i PATH="$PATH" VSTREAM_CONFIG=/dev/null "$@"; }
ctl=$top/tools/vstreamctl

sh "$top/tools/man-conf.sh" "$top/README.md" > "$work/vstream.conf.5"
expect "man: vstream.conf.5 is what tools/man-conf.sh makes of README.md" \
    cmp -s "$work/vstream.conf.5" "$top/man/vstream.conf.5"
keys=$(bare "$ctl" config keys)
expect "config keys lists the keys" test "$(wc -l <<<"$keys")" -gt 30
for k in $keys; do
	expect "README's table has $k" grep -qE "^\| (\`[a-z_]+\`, )*\`$k\`" \
	    "$top/README.md"
	expect "vstream.conf(5) has $k" grep -qE "^\.B (.*, )?$k(,|$)" \
	    "$top/man/vstream.conf.5"
	expect "vstream.conf has $k" grep -qE "^#?$k =" "$top/vstream.conf"
done
while read -r k v; do
	expect "vstream.conf: $k is the default" is \
	    "$(bare "$ctl" config get "$k")" "$v"
done < <(sed -n 's/^\([a-z_]*\) = \(.*\)/\1 \2/p' "$top/vstream.conf")

# words WORDS: the plain lower-case words of a usage text, one a line.
words() { tr ' ' '\n' | grep -E '^(--)?[a-z][a-z-]+$' | sort -u; }
usage=$(bare "$ctl" 2>&1 | sed 's/^usage://')
for w in $(words <<<"$usage"); do
	expect "vstreamctl(8) mentions $w" grep -qw -- "$w" "$top/man/vstreamctl.8"
done
usage=$(bare "$top/worker/vstream-worker" --help 2>&1 |
    sed 's/^usage://')
for w in $(words <<<"$usage"); do
	[[ $w == --* ]] || continue
	expect "vstream-worker(8) has $w" grep -q -- "^\.BR\? .*\\\\-\\\\-${w#--}" \
	    "$top/man/vstream-worker.8"
done
finish docs
