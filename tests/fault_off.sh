#!/bin/sh
# A build without fault injection (a plain ./configure, as a release is
# built) has none of it: the sogoc binary carries no store_fault_*
# functions, SOGOC_FAULT=1 does not make the first write step fail, and
# SOGOC_FAULT_TRACE writes no file.  The test builds (--enable-sanitizers,
# --enable-tsan) have it on, and skip this; store_fault.sh tests it there.
. "${top_srcdir:-.}/tests/tap.sh"

grep -q '^#define SOGOC_FAULT_INJECTION 1' "$top_builddir/config.h" &&
    skip_all "fault injection built"
unset SOGOC_FAULT SOGOC_FAULT_TRACE
"$top_builddir/sogoc-gen" --seed 6 --csv 2 --out "$tmp/ledger" > "$tmp/vol"

if command -v nm > /dev/null; then
	nm "$SOGOC" > "$tmp/nm"
	ok "sogoc has no fault injection in it" \
	    sh -c "! grep -q -e store_fault -e fault_env '$tmp/nm'"
	ok "nor the variables' names" \
	    sh -c "! grep -q -e SOGOC_FAULT '$SOGOC'"
fi
# shellcheck disable=SC2046
SOGOC_FAULT=1 SOGOC_FAULT_TRACE="$tmp/trace" "$SOGOC" import \
    --db "$tmp/db" $(cat "$tmp/vol") "$tmp/ledger.csv" > /dev/null \
    2> "$tmp/err"
rc=$?
ok "SOGOC_FAULT=1 is ignored: the import succeeds" test $rc -eq 0
ok "and says nothing of an injected fault" \
    sh -c "! grep -q 'injected fault' '$tmp/err'"
ok "SOGOC_FAULT_TRACE is ignored: no trace file" test ! -e "$tmp/trace"
ok "the import staged both rows" \
    sh -c "test \$('$SOGOC' staged --db '$tmp/db' --all --json | wc -l) -eq 2"
done_testing
