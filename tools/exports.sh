#!/bin/sh
# exports.sh: what libvstream.so exports. `map LIBOBJS USEROBJS` prints a
# linker version script exporting the symbols the library objects define
# and the user objects (programs, the media archive) need; `check` compares
# the built library with that and requires a comment on the declaration of
# every export in lib/*.h. Needs no services.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

# defined OBJS: the global symbols the objects define, one a line, sorted.
defined() {
	# shellcheck disable=SC2086
	nm -g --defined-only $1 | awk 'NF == 3 { print $3 }' | sort -u
}

# needed LIBOBJS USEROBJS: the symbols of the library the users need.
needed() {
	defined "$1" > "$tmp/defined"
	# shellcheck disable=SC2086
	nm -u $2 | awk '{ print $NF }' | sort -u | comm -12 - "$tmp/defined"
}

# documented SYMBOL: its declaration in a lib/*.h comes right after a
# comment.
documented() {
	awk -v sym="$1" '
	FNR == 1 { doc = 0 }
	/\*\/[ \t]*$/ { doc = 1; next }
	/^[ \t]*(\/\*|\*)/ { next }
	doc && $0 ~ ("(^|[^a-z0-9_])" sym "[[(;]") { found = 1; exit }
	/;|^[ \t]*$|^(#|typedef|union|struct [a-z_]+ \{|enum [a-z_]+ \{|\})/ {
		doc = 0
	}
	END { exit !found }' lib/*.h
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case ${1:-} in
map)
	[ $# -eq 3 ] || { echo "usage: exports.sh map LIBOBJS USEROBJS" >&2; exit 2; }
	echo "# libvstream.map: what libvstream.so exports, what the programs"
	echo "# and the media archive use; written by \`make exports\`."
	echo "{"
	echo "global:"
	needed "$2" "$3" | sed 's/^/	/; s/$/;/'
	echo "local:"
	echo "	*;"
	echo "};"
	;;
check)
	lib=$(make -s --no-print-directory print-LIB_OBJS)
	users="$(make -s --no-print-directory print-MEDIA_OBJS) \
	    $(make -s --no-print-directory print-PROG_OBJS)"
	needed "$lib" "$users" > "$tmp/needed"
	nm -D --defined-only lib/libvstream.so | awk 'NF == 3 { print $3 }' |
	    sort -u > "$tmp/exported"
	passed=0 failed=0
	for s in $(comm -23 "$tmp/exported" "$tmp/needed"); do
		echo "FAIL: exported, used by no program: $s (make exports)" >&2
		failed=$((failed + 1))
	done
	for s in $(comm -13 "$tmp/exported" "$tmp/needed"); do
		echo "FAIL: used by a program, not exported: $s (make exports)" >&2
		failed=$((failed + 1))
	done
	for s in $(cat "$tmp/exported"); do
		if documented "$s"; then
			passed=$((passed + 1))
		else
			echo "FAIL: the export $s has no commented declaration in lib/*.h" >&2
			failed=$((failed + 1))
		fi
	done
	echo "exports: $(wc -l < "$tmp/exported") symbols exported"
	echo "exports: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	;;
*)
	echo "usage: exports.sh map LIBOBJS USEROBJS | check" >&2
	exit 2
	;;
esac
