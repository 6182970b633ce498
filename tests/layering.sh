#!/bin/sh
# layering.sh: the modules' layers, checked on every header a module
# includes (docs/architecture.md draws them).  Lowest first:
#
#   0  common/
#   1  text/  http/            (neither uses the other)
#   2  ocr/   registry/        (neither uses the other)
#   3  copy/  cred/  tlog/     (none uses another)
#   4  verify/
#   5  staff/
#   6  src/   scans/           (programs)
#
# A file may include a header of its own module or of a module on a lower
# layer, never one beside or above it.  Each quoted include is resolved as
# the compiler does: the including file's own directory first, then the
# one module that has a header of that name (two modules with one header
# name is itself an error: which is meant would depend on -I order).  And
# LMDB belongs to registry/store.c: no other module file names an LMDB
# type or function.
. "${top_srcdir:-.}/tests/tap.sh"

layer() {
	case $1 in
	common) echo 0 ;;
	text|http) echo 1 ;;
	ocr|registry) echo 2 ;;
	copy|cred|tlog) echo 3 ;;
	verify) echo 4 ;;
	staff) echo 5 ;;
	src|scans) echo 6 ;;
	esac
}
mods="common text http ocr registry copy cred tlog verify staff src scans"

# check ROOT OUT: every finding in the tree at ROOT, one a line, into OUT.
check() {
	(
	cd "$1" || exit 1
	: > "$tmp/headers"
	for m in $mods; do
		for h in "$m"/*.h; do
			[ -e "$h" ] && echo "${h#*/} $m" >> "$tmp/headers"
		done
	done
	sort "$tmp/headers" | awk '$1 == last { print "header " $1 " is in " lastm "/ and " $2 "/" }
	    { last = $1; lastm = $2 }'
	for m in $mods; do
		lm=$(layer "$m")
		for f in "$m"/*.c "$m"/*.h; do
			[ -e "$f" ] || continue
			sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
			while read -r inc; do
				[ "$inc" = config.h ] && continue
				[ -e "$m/$inc" ] && continue
				owner=$(awk -v h="$inc" '$1 == h { print $2; exit }' "$tmp/headers")
				if [ -z "$owner" ]; then
					echo "$f: includes \"$inc\", which no module has"
					continue
				fi
				lo=$(layer "$owner")
				[ "$lo" -lt "$lm" ] ||
				    echo "$f: includes $owner/$inc (layer $lo; $m/ is layer $lm)"
			done
			case $f in
			registry/store.c) ;;
			*) grep -n 'lmdb\.h\|\<MDB_\|\<mdb_' "$f" |
			    sed "s|^|$f: uses LMDB: |" ;;
			esac
		done
	done
	) > "$2"
}

check "${top_srcdir:-.}" "$tmp/found"
ok "every include goes down the layers, and only the store uses LMDB" \
    test ! -s "$tmp/found"
echo "# $(wc -l < "$tmp/found") findings"
head -n 60 "$tmp/found" | sed 's/^/# /'

# The check can fail: a tree with each kind of fault planted in it.
mkdir -p "$tmp/t/common" "$tmp/t/registry" "$tmp/t/ocr" "$tmp/t/copy"
echo '#include "request.h"' > "$tmp/t/common/log.c"
echo '#include "grid.h"' > "$tmp/t/registry/audit.c"
echo 'MDB_txn *t;' > "$tmp/t/copy/share.c"
echo '#include "nowhere.h"' > "$tmp/t/copy/request.c"
: > "$tmp/t/copy/request.h"
: > "$tmp/t/ocr/grid.h"
: > "$tmp/t/registry/grid.h.orig"
: > "$tmp/t/registry/page.h"
: > "$tmp/t/ocr/page.h"
check "$tmp/t" "$tmp/planted"
ok "a planted include of a layer above is found" \
    grep -q '^common/log.c: includes copy/request.h' "$tmp/planted"
ok "a planted include of a module beside is found" \
    grep -q '^registry/audit.c: includes ocr/grid.h' "$tmp/planted"
ok "a planted use of LMDB outside the store is found" \
    grep -q '^copy/share.c: uses LMDB' "$tmp/planted"
ok "a header no module has is found" \
    grep -q '^copy/request.c: includes "nowhere.h"' "$tmp/planted"
ok "two modules with one header name are found" \
    grep -q '^header page.h is in ocr/ and registry/' "$tmp/planted"
done_testing
