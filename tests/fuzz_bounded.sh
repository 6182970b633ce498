#!/bin/sh
# The libFuzzer harnesses (tests/fuzz/run.sh) for a bounded time each, as
# CI runs them: fuzz_registry (notes, checkpoints, events, keys,
# receipts), fuzz_text (a ledger cell's OCR text to normalize_field and
# the rest of text/), fuzz_import (the staging area's JSONL and CSV
# importers), fuzz_http (raw requests to the public server, and query
# values), fuzz_tlog (the witness's bodies, logs files, cosignatures) and
# fuzz_monitor (the monitor's stored state).  A crash, a leak or a
# sanitizer report fails its point and leaves the input in
# tests/fuzz/out/.  SOGOC_FUZZ_SECONDS (default 40) is
# each run's time.  Not part of the default `make check`: bootstrap.sh
# test runs it after the suite; it needs clang and libclang-rt-14-dev.
. "${top_srcdir:-.}/tests/tap.sh"

command -v clang > /dev/null || skip_all "clang missing"
secs=${SOGOC_FUZZ_SECONDS:-40}
build=$(cd "$top_builddir" && pwd)
SOGOC_BUILD=$build "$top_srcdir/tests/fuzz/run.sh" "$secs" all \
    > "$tmp/fuzz.out" 2>&1
rc=$?
sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$tmp/fuzz.out" > "$tmp/runs"
reg=$(sed -n 1p "$tmp/runs")
text=$(sed -n 2p "$tmp/runs")
imp=$(sed -n 3p "$tmp/runs")
http=$(sed -n 4p "$tmp/runs")
tlog=$(sed -n 5p "$tmp/runs")
mon=$(sed -n 6p "$tmp/runs")
ok "fuzz_registry: ${reg:-no} runs in $secs s, no crash" \
    sh -c "[ -n '$reg' ] && [ '$reg' -gt 0 ]"
ok "fuzz_text (normalize_field and text/): ${text:-no} runs in $secs s, no crash" \
    sh -c "[ -n '$text' ] && [ '$text' -gt 0 ]"
ok "fuzz_import (JSONL and CSV imports): ${imp:-no} runs in $secs s, no crash" \
    sh -c "[ -n '$imp' ] && [ '$imp' -gt 0 ]"
ok "fuzz_http (requests and query values): ${http:-no} runs in $secs s, no crash (exit $rc)" \
    sh -c "[ $rc -eq 0 ] && [ -n '$http' ] && [ '$http' -gt 0 ]"
ok "fuzz_tlog (witness bodies, logs files, cosignatures): ${tlog:-no} runs in $secs s, no crash" \
    sh -c "[ -n '$tlog' ] && [ '$tlog' -gt 0 ]"
ok "fuzz_monitor (the monitor's state): ${mon:-no} runs in $secs s, no crash" \
    sh -c "[ -n '$mon' ] && [ '$mon' -gt 0 ]"
[ $rc -eq 0 ] || tail -40 "$tmp/fuzz.out" | sed 's/^/# /'
done_testing
