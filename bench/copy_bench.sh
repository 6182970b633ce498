#!/bin/sh
# copy_bench.sh: the time to issue a certified copy with `sogoc copy`,
# beside the OpenSSL command line doing only its signing step, and what a
# reader's check of the copy with pdfsig costs, all in the same run.
#
#   bench/copy_bench.sh [-b BUILDDIR] [-n RECORDS] [-r RUNS]
#
# -b  the build directory with sogoc, sogoc-gen, bench/copybench
#     (default build)
# -n  records in the registry (default 10000)
# -r  runs of each command (default 50), interleaved: sogoc copy, then
#     openssl cms, then pdfsig, so that the noise of a shared machine
#     falls on all three; the medians are compared
#
# Wall times are of whole processes (`date +%s%N` either side), the
# process start, the key loading and the fsyncs included; /bin/true timed
# the same way is the floor.  Then bench/copybench times copy_issue() in
# process, 4 x RUNS copies.  Needs openssl, pdfsig (poppler-utils) and
# jq; docs/bench.md records a run.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

builddir=build
n=10000
runs=50
bench_options 'b:builddir n:n r:runs' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen bench/copybench
bench_needs openssl pdfsig jq
out=$(mktemp -d /tmp/sogoc-copybench.XXXXXX)
trap 'rm -rf "$out"' EXIT INT TERM
export SOGOC_DB="$out/db" SOGOC_USER=copybench

echo "copy_bench: a registry of $n records in $out" >&2
"$builddir/sogoc-gen" --seed 5 --csv "$n" --out "$out/ledger" > "$out/vol"
"$S" keygen --name bench.example/sogoc --out "$out/keys" > /dev/null 2>&1
# shellcheck disable=SC2046
"$S" import --publish --key "$out/keys/signer.key" $(cat "$out/vol") \
    "$out/ledger.csv" 2> /dev/null
# The department's RSA-2048 key and certificate, and the copy settings:
# those the tests of certified copies use (tests/serve_lib.sh), in $out.
tmp=$out
# shellcheck source=tests/serve_lib.sh
. "$(dirname "$0")/../tests/serve_lib.sh"
make_copy_config
echo "key = $out/keys/signer.key" >> "$out/serve.conf"
# The serials of the first RUNS valid records, one copy of each.
"$S" export 2> /dev/null | jq -r 'select(.status == "valid") |
    .fields.serial_no' | head -n "$runs" > "$out/serials"
[ "$(wc -l < "$out/serials")" -eq "$runs" ] ||
    { echo "copy_bench: fewer than $runs valid records" >&2; exit 1; }

# The peer's input: the bytes of a first copy (issued before the runs, so
# that no run is the registry's first copy), the size of every copy.
"$S" copy --config "$out/serve.conf" --serial "$(head -1 "$out/serials")" \
    --out "$out/unsigned.pdf" 2> /dev/null ||
    { echo "copy_bench: sogoc copy failed" >&2; exit 1; }

pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 }
	END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'; }

echo "copy_bench: $runs runs each of sogoc copy, openssl cms, pdfsig" >&2
: > "$out/t.sogoc"
: > "$out/t.openssl"
: > "$out/t.pdfsig"
: > "$out/t.true"
i=0
while IFS= read -r serial; do
	i=$((i + 1))
	bench_ms "$S" copy --config "$out/serve.conf" --serial "$serial" \
	    --out "$out/copy$i.pdf" >> "$out/t.sogoc"
	bench_ms openssl cms -sign -binary -md sha256 -outform DER \
	    -signer "$out/dept.crt" -inkey "$out/dept.key" \
	    -in "$out/unsigned.pdf" -out "$out/peer.p7s" >> "$out/t.openssl"
	bench_ms pdfsig "$out/copy$i.pdf" >> "$out/t.pdfsig"
	bench_ms /bin/true >> "$out/t.true"
	# pdfsig exits 0 on a bad signature too: read what it says.
	pdfsig "$out/copy$i.pdf" 2>&1 | grep -q 'Signature is Valid' ||
	    { echo "copy_bench: copy $i does not verify" >&2; exit 1; }
done < "$out/serials"

ms_s=$(bench_median < "$out/t.sogoc")
ms_o=$(bench_median < "$out/t.openssl")
ms_p=$(bench_median < "$out/t.pdfsig")
under=$(awk '$1 < 200 { k++ } END { print k + 0 }' "$out/t.sogoc")
# row WHAT FILE: a line of the table, the times in FILE.
row() {
	echo "| $1 | $(bench_median < "$2") | $(pct 90 < "$2") |" \
	    "$(pct 100 < "$2") |"
}
echo "| command ($runs runs each, interleaved) | median ms | p90 ms | max ms |"
echo "|---|---|---|---|"
row "sogoc copy (issue, sign, log, write the PDF)" "$out/t.sogoc"
row "openssl cms -sign of a $(stat -c %s "$out/unsigned.pdf")-byte PDF (peer)" \
    "$out/t.openssl"
row "pdfsig, checking the copy" "$out/t.pdfsig"
row "/bin/true (the floor of a timed process)" "$out/t.true"
echo "| ratio of medians, sogoc copy / openssl cms |" \
    "$(bench_ratio "$ms_s" "$ms_o")x | | |"
echo "| ratio of medians, sogoc copy / pdfsig | $(bench_ratio "$ms_s" "$ms_p")x | | |"
echo
echo "sogoc copy under 200 ms: $under of $runs runs ($n records)."
echo
echo "copy_bench: copybench, $((4 * runs)) copies in process" >&2
echo '```'
"$builddir/bench/copybench" "$out/db" "$out/keys/signer.key" \
    "$out/serve.conf" $((4 * runs))
echo '```'
