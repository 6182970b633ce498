#!/bin/sh
# cred_bench.sh: the time to issue a diploma as an SD-JWT VC with `sogoc
# credential`, and to update the status list (`sogoc revoke`, which sets
# the credential's bit in the revocation's transaction, then `sogoc
# credential --status-list`, which signs the new status list token),
# each beside `openssl pkeyutl -sign` of the same bytes (the JWS signing
# input) with the same Ed25519 key, in the same run.
#
#   bench/cred_bench.sh [-b BUILDDIR] [-n RECORDS] [-r RUNS]
#
# -b  the build directory with sogoc and sogoc-gen (default build)
# -n  records in the registry (default 10000)
# -r  runs of each command (default 50), interleaved so that the noise
#     of a shared machine falls on all of them; medians are compared
#
# Wall times are of whole processes (`date +%s%N` either side), the
# process start, the key loading and the fsyncs included; /bin/true timed
# the same way is the floor.  Then bench/credbench times cred_issue()
# and the status token in process, 4 x RUNS each, beside the Ed25519
# signature of the same bytes alone.  Needs openssl and jq;
# docs/bench.md records a run.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

builddir=build
n=10000
runs=50
bench_options 'b:builddir n:n r:runs' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen bench/credbench
bench_needs openssl jq
out=$(mktemp -d /tmp/sogoc-credbench.XXXXXX)
trap 'rm -rf "$out"' EXIT INT TERM
export SOGOC_DB="$out/db" SOGOC_USER=credbench

echo "cred_bench: a registry of $n records in $out" >&2
"$builddir/sogoc-gen" --seed 5 --csv "$n" --out "$out/ledger" > "$out/vol"
"$S" keygen --name bench.example/sogoc --out "$out/keys" > /dev/null 2>&1
# shellcheck disable=SC2046
"$S" import --publish --key "$out/keys/signer.key" $(cat "$out/vol") \
    "$out/ledger.csv" 2> /dev/null
openssl genpkey -algorithm ed25519 -out "$out/cred.pem" 2> /dev/null
chmod 600 "$out/cred.pem"
openssl pkey -in "$out/cred.pem" -pubout -out "$out/cred.pub"
cat > "$out/serve.conf" <<CONF
[serve]
public-url = https://vanbang.sogd.example.vn
credential-key = $out/cred.pem
CONF
"$S" export 2> /dev/null | jq -r 'select(.status == "valid") | .record' |
    head -n "$runs" > "$out/records"
[ "$(wc -l < "$out/records")" -eq "$runs" ] ||
    { echo "cred_bench: fewer than $runs valid records" >&2; exit 1; }

# signing_input JWS OUT: the bytes the JWS's signature is over, into OUT;
# its signature, decoded, into OUT.sig.
signing_input() {
	cut -d~ -f1 "$1" | cut -d. -f1,2 | tr -d '\n' > "$2"
	cut -d~ -f1 "$1" | cut -d. -f3 | tr -- '-_' '+/' |
	    awk '{ while (length($0) % 4) $0 = $0 "="; print }' |
	    openssl base64 -d -A > "$2.sig"
}

# peer_sign JWS TIMES: openssl signs JWS's signing input with our key,
# its time added to TIMES; Ed25519 is deterministic, so its signature
# must be the one in JWS.
peer_sign() {
	signing_input "$1" "$out/in"
	bench_ms openssl pkeyutl -sign -inkey "$out/cred.pem" -rawin \
	    -in "$out/in" -out "$out/peer.sig" >> "$2"
	cmp -s "$out/peer.sig" "$out/in.sig" ||
	    { echo "cred_bench: $1: openssl's signature differs" >&2; exit 1; }
	wc -c < "$out/in" > "$2.bytes"
}

echo "cred_bench: $runs runs each" >&2
for f in issue issue_peer revoke token token_peer true version; do
	: > "$out/t.$f"
done
i=0
while IFS= read -r rec; do
	i=$((i + 1))
	bench_ms "$S" credential --config "$out/serve.conf" --record "$rec" \
	    --out "$out/c$i" >> "$out/t.issue"
	peer_sign "$out/c$i" "$out/t.issue_peer"
	bench_ms "$S" revoke --record "$rec" --decision "$i/QĐ" \
	    --decision-date 2026-12-01 --reason bench \
	    --key "$out/keys/signer.key" >> "$out/t.revoke"
	bench_ms "$S" credential --config "$out/serve.conf" --status-list \
	    --out "$out/tok$i" >> "$out/t.token"
	peer_sign "$out/tok$i" "$out/t.token_peer"
	bench_ms /bin/true >> "$out/t.true"
	bench_ms "$S" version >> "$out/t.version"
done < "$out/records"

is=$(bench_median < "$out/t.issue")
ip=$(bench_median < "$out/t.issue_peer")
ts=$(bench_median < "$out/t.token")
tp=$(bench_median < "$out/t.token_peer")
echo "| command ($runs runs each, interleaved) | median ms |"
echo "|---|---|"
echo "| sogoc credential --record (index, sign, write the SD-JWT VC) | $is |"
echo "| openssl pkeyutl -sign of its $(cat "$out/t.issue_peer.bytes")-byte signing input (peer) | $ip |"
echo "| sogoc revoke (the event, the checkpoint and the status bits) | $(bench_median < "$out/t.revoke") |"
echo "| sogoc credential --status-list (sign the new token) | $ts |"
echo "| openssl pkeyutl -sign of its $(cat "$out/t.token_peer.bytes")-byte signing input (peer) | $tp |"
echo "| /bin/true (the floor of a timed process) | $(bench_median < "$out/t.true") |"
echo "| sogoc version (the floor of a sogoc process) | $(bench_median < "$out/t.version") |"
echo "| ratio of medians, issue / openssl | $(bench_ratio "$is" "$ip")x |"
echo "| ratio of medians, status token / openssl | $(bench_ratio "$ts" "$tp")x |"
echo
echo "cred_bench: credbench, $((4 * runs)) in process" >&2
echo '```'
"$builddir/bench/credbench" "$out/db" "$out/cred.pem" $((runs + 1)) \
    $((4 * runs))
echo '```'
