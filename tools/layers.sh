#!/bin/bash
# layers.sh: every file of lib/ calls and includes only its own layer and
# the layers below, with no circle inside a layer. The layers are the table
# in docs/architecture.md; the calls are the undefined symbols of each
# lib/*.o (nm) matched to the object that defines them. The programs see
# nothing of the store layer's libpq: no PGresult. Prints each
# offending file and edge, then "layers: N passed, M failed". Needs the
# objects built, no services.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Edges known to point the wrong way, being fixed: "from to" file names.
# The runtime reads requests back from its answers.
allowed="
response http
"

declare -A rank layer never
passed=0
failed=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failed=$((failed + 1)); }

# The table: "| rank | layer | files | never calls |" rows.
while IFS='|' read -r _ r l files nev _; do
	r=${r// /} l=${l// /}
	for f in $files; do
		rank[$f]=$r layer[$f]=$l never[$f]=" $nev "
	done
done < <(grep -E '^\| *[0-9]+ *\| *[a-z]+ *\|' docs/architecture.md)
# What every file may include: the error codes and the private macros.
rank[err]=0 layer[err]=any rank[extern]=0 layer[extern]=any

# check FROM TO HOW [WHAT]: one edge, FROM's layer to TO's.
check() {
	local from=$1 to=$2 how=$3 what=${4:+ ($4)}
	if [ -z "${rank[$to]:-}" ]; then
		fail "lib/$from $how $to$what, which has no layer in docs/architecture.md"
	elif [[ $allowed == *$'\n'"${from%.*} $to"$'\n'* ]]; then
		echo "${from%.*} $to" >> "$work/used"
		passed=$((passed + 1))
	elif [ "${rank[$to]}" -gt "${rank[${from%.*}]}" ]; then
		fail "lib/$from $how $to$what:" \
		    "${layer[${from%.*}]} (${rank[${from%.*}]}) ->" \
		    "${layer[$to]} (${rank[$to]})"
	elif [[ ${never[${from%.*}]} == *" $to "* ]]; then
		fail "lib/$from $how $to$what: ${layer[${from%.*}]} never calls $to"
	else
		passed=$((passed + 1))
	fi
}

for src in lib/*.c lib/*.h; do
	f=${src#lib/}
	n=${f%.*}
	[ "$n" = vstream ] && continue
	if [ -z "${rank[$n]:-}" ]; then
		fail "$src has no layer in docs/architecture.md"
		continue
	fi
	for h in $(sed -n 's/^#include "\([a-z_]*\)\.h".*/\1/p' "$src"); do
		[ "$h" = "$n" ] || check "$f" "$h" includes
	done
done

# The programs reach PostgreSQL through the library only.
for src in cgi/*.c worker/*.c tools/*.c; do
	if grep -nE '#include [<"](db|libpq-fe)\.h[>"]|\<(PG[a-z]+|PQ[a-z]+)\>' \
	    "$src" > "$work/pq"; then
		fail "$src sees libpq: $(head -n 1 "$work/pq")"
	else
		passed=$((passed + 1))
	fi
done

# Calls: who defines each global symbol, then each object's undefined ones.
for o in lib/*.o; do
	nm -g --defined-only "$o" | awk -v f="$(basename "$o" .o)" \
	    'NF == 3 { print $3, f }'
done | sort -k1,1 > "$work/defs"
[ -s "$work/defs" ] || fail "no lib/*.o: build first (make)"
for o in lib/*.o; do
	n=$(basename "$o" .o)
	[ -n "${rank[$n]:-}" ] || continue
	nm -u "$o" | awk '{ print $NF }' | sort -u | join - "$work/defs" |
	    awk -v f="$n" '$2 != f { print f, $2, $1 }'
done | awk '{ k = $1 " " $2; if (k in s) s[k] = s[k] "," $3; else s[k] = $3 }
    END { for (k in s) print k, s[k] }' | sort > "$work/syms"
cut -d' ' -f1,2 "$work/syms" > "$work/calls"
while read -r from to what; do
	check "$from.o" "$to" calls "$what"
done < "$work/syms"

# A circle inside a layer, allowed edges aside: tsort names its files.
grep -vxF -f <(printf '%s\n' "$allowed" | grep .) "$work/calls" > "$work/dag"
if ! tsort "$work/dag" > /dev/null 2> "$work/loop"; then
	fail "calls go round in a circle: $(sed -n 's/^tsort: //p' "$work/loop" |
	    grep -v loop | tr '\n' ' ')"
else
	passed=$((passed + 1))
fi
# An allowance nobody needs any more is worth deleting.
printf '%s\n' "$allowed" | grep . | while read -r a; do
	grep -qxF "$a" "$work/used" 2>/dev/null ||
	    echo "layers: the allowance \"$a\" is no longer needed" >&2
done
echo "layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
