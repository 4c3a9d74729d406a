#!/bin/bash
# report.sh: the end of `make bench`: prints the table of $BENCH_OUT/rows.tsv
# and writes docs/benchmarks.md: the machine, the table, one chart per
# family (gnuplot, PNG, docs/bench-FAMILY.png), the transcode profile and
# the listing's plans.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rows=$BENCH_OUT/rows.tsv
doc=docs/benchmarks.md

table() {	# the rows as a Markdown table
	echo "| metric | vstream | reference | unit | ratio | target | ok |"
	echo "| --- | ---: | ---: | --- | ---: | --- | --- |"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n",
	    $2, $3, $4, $5, $6, $7, $8 }' "$rows"
}
machine() {
	local p
	printf -- '- cores: %s; memory: %s MB\n' "$(nproc)" \
	    "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
	printf -- '- CPU: %s\n' "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
	printf -- '- kernel: %s\n' "$(uname -sr)"
	printf -- '- Debian %s;' "$(cat /etc/debian_version 2>/dev/null)"
	for p in lighttpd apache2 libapache2-mod-fcgid postgresql ffmpeg \
	    libx264-164 wrk nodejs; do
		printf ' %s %s,' "$p" "$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null)"
	done | sed 's/,$//'
	echo
}
# chart FAMILY: its rows' ratios against their targets.
chart() {
	local f=$1 dat
	dat=$BENCH_OUT/$f.dat
	awk -F'\t' -v f="$f" '$1 == f && $6 != "" {
	    t = $7; sub(/^[<>]=/, "", t); if (t == "-") t = "NaN"
	    gsub(/"/, "", $2); printf "\"%s\" %s %s\n", $2, $6, t }' "$rows" > "$dat"
	[ -s "$dat" ] || return 1
	gnuplot <<GP
set terminal pngcairo noenhanced size 900,480 font "sans,9"
set output "docs/bench-$f.png"
set title "$f: vstream / reference (bars) and the target (points)"
set style data histograms
set style fill solid 0.6 border -1
set boxwidth 0.7
set yrange [0:*]
set xtics rotate by -20 left
set grid ytics
set key top right
set bmargin 9
plot "$dat" using 2:xtic(1) title "ratio", "" using 0:3 with points pt 7 ps 1.5 title "target"
GP
}

echo
echo "make bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
printf '%-52s %12s %12s %-5s %7s %7s %s\n' metric vstream reference unit ratio target ok
awk -F'\t' '{ printf "%-52s %12s %12s %-5s %7s %7s %s\n", $2, $3, $4, $5, $6, $7, $8 }' "$rows"
printf '%s of %s targets met\n' "$(awk -F'\t' '$8 == "yes"' "$rows" | wc -l)" \
    "$(awk -F'\t' '$8 == "yes" || $8 == "NO" || $8 == "?"' "$rows" | wc -l)"

{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\`$([ "${BENCH_QUICK:-0}" = 1 ] && echo " (BENCH_QUICK=1: smaller inputs, fewer rounds)")"
	echo "on $(date -u '+%Y-%m-%d %H:%M UTC'), in ${BENCH_SECONDS_TOTAL:-?} s. Each ratio is"
	echo "vstream against its reference measured side by side in the same run: the"
	echo "two alternate, several rounds, and the ratio is the median of the rounds'"
	echo "ratios (speeds for requests and uploads, times for the ladder; the memory"
	echo "rows divide by their limit). The machine is shared, so the absolute"
	echo "figures move from run to run; the ratios are what the targets are about."
	echo
	echo "## Machine"
	echo
	machine
	echo
	echo "## Results"
	echo
	table
	echo
	for f in $(cut -f1 "$rows" | awk '!seen[$0]++'); do
		chart "$f" >/dev/null 2>&1 && printf '![%s](bench-%s.png)\n\n' "$f" "$f"
	done
	if [ -s "$BENCH_OUT/transcode-profile.txt" ]; then
		echo "## Where the ladder's CPU time goes"
		echo
		echo "perf record of one more \`vstream-worker --transcode\` run:"
		echo
		echo '```'
		cat "$BENCH_OUT/transcode-profile.txt"
		echo '```'
		echo
	fi
	if [ -s "$BENCH_OUT/listing-plans.txt" ]; then
		echo "## The listing's plans (EXPLAIN ANALYZE)"
		echo
		echo '```'
		cat "$BENCH_OUT/listing-plans.txt"
		echo '```'
		echo
	fi
	[ -f docs/benchmarks-notes.md ] && cat docs/benchmarks-notes.md
} > "$doc.new"
mv "$doc.new" "$doc"
echo "written: $doc"
