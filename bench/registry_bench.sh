#!/bin/sh
# registry_bench.sh: the signed registry on a generated ledger of N typed
# records: import and publish rate (hashing and signing included), bytes on
# disk per record, lookup and proof latency in process, and audit time;
# each beside a named peer measured in the same run.
#
#   bench/registry_bench.sh [-n RECORDS] [-q QUERIES] [-b BUILDDIR] [-o DIR]
#
# -n  records (default 1000000)
# -q  lookup and proof queries (default 20000)
# -b  the build directory with sogoc, sogoc-gen, bench/regbench (default build)
# -o  where the registry goes (default a new directory under /tmp)
#
# Peers: mdb_load loading the registry's own events database (LMDB's bulk
# write floor, no hashing or signing); one mdb_get in its own transaction
# (LMDB's read floor); sha256sum of data.mdb and mdb_dump of every database
# (reading and hashing every byte once).  docs/bench.md records a run.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
q=20000
builddir=build
out=""
bench_options 'n:n q:q b:builddir o:out' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen bench/regbench
bench_workdir regbench
rm -rf "$out/db" "$out/db1" "$out/peer" "$out/backup"

# secs CMD...: run CMD, print its wall time in seconds.
secs() {
	t0=$(date +%s.%N)
	"$@" > /dev/null 2>&1
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}
rate() {
	echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }'
}
ratio() {
	echo "$1 $2" | awk '{ printf "%.1f", $1 / $2 }'
}

echo "registry_bench: generating $n records in $out" >&2
"$builddir/sogoc-gen" --seed 1 --csv "$n" --out "$out/ledger" > "$out/vol"
"$S" keygen --name bench.example/sogoc --out "$out/keys" > /dev/null 2>&1 ||
    true
echo "registry_bench: import, publish, audit" >&2
# shellcheck disable=SC2046
t_imp=$(secs "$S" import --db "$out/db" $(cat "$out/vol") "$out/ledger.csv")
t_pub=$(secs "$S" publish --db "$out/db" --key "$out/keys/signer.key" -q)
size=$("$S" checkpoint --db "$out/db" | sed -n 2p)
[ "$size" = "$n" ] || { echo "registry_bench: published $size of $n" >&2;
    exit 1; }
# The one-step path for typed ledgers, into a fresh registry each time;
# three runs, the median reported.
t1s=""
for i in 1 2 3; do
	rm -rf "$out/db1"
	# shellcheck disable=SC2046
	t1s="$t1s $(secs "$S" import --db "$out/db1" --publish \
	    --key "$out/keys/signer.key" $(cat "$out/vol") "$out/ledger.csv")"
done
t_one=$(echo $t1s | tr ' ' '\n' | sort -n | sed -n 2p)
size1=$("$S" checkpoint --db "$out/db1" | sed -n 2p)
[ "$size1" = "$n" ] || { echo "registry_bench: import --publish logged" \
    "$size1 of $n" >&2; exit 1; }
"$S" audit --db "$out/db1" --pub "$out/keys/verifier.pub" > /dev/null ||
    { echo "registry_bench: audit of the one-step registry failed" >&2;
    exit 1; }
bytes1=$(stat -c %s "$out/db1/data.mdb")
t_aud=$(secs "$S" audit --db "$out/db" --pub "$out/keys/verifier.pub")
"$S" audit --db "$out/db" --pub "$out/keys/verifier.pub" > /dev/null ||
    { echo "registry_bench: audit failed" >&2; exit 1; }

echo "registry_bench: peers" >&2
mdb_dump -s events "$out/db" > "$out/events.dump"
mkdir -p "$out/peer"
t_load=$(secs mdb_load -s events -f "$out/events.dump" "$out/peer")
t_sha=$(secs sha256sum "$out/db/data.mdb")
t_dump=$(secs sh -c "mdb_dump -a '$out/db' > /dev/null")
"$S" backup --db "$out/db" "$out/backup" > /dev/null 2>&1
bytes=$(stat -c %s "$out/db/data.mdb")
cbytes=$(stat -c %s "$out/backup/data.mdb")
csvbytes=$(stat -c %s "$out/ledger.csv")

echo "registry_bench: $q lookups and proofs" >&2
"$builddir/bench/regbench" "$out/db" "$q" 1 > "$out/latency"

t_both=$(echo "$t_imp $t_pub" | awk '{ printf "%.2f", $1 + $2 }')
cat <<EOT
| measure | sogoc | peer (same run) | ratio |
|---|---|---|---|
| import (CSV to staging), records/s | $(rate "$n" "$t_imp") ($t_imp s) | | |
| publish (events, hashes, signed checkpoints), records/s | $(rate "$n" "$t_pub") ($t_pub s) | | |
| import + publish, records/s | $(rate "$n" "$t_both") ($t_both s) | mdb_load of the events alone: $(rate "$n" "$t_load")/s ($t_load s) | $(ratio "$t_both" "$t_load")x the time |
| import --publish (typed CSV straight into the signed log), records/s, median of 3 | $(rate "$n" "$t_one") ($t_one s; runs:$t1s) | the same mdb_load | $(ratio "$t_one" "$t_load")x the time |
| bytes on disk per record, import --publish | $((bytes1 / n)) | | |
| bytes on disk per record (data.mdb) | $((bytes / n)) | the CSV: $((csvbytes / n)) | $(ratio "$bytes" "$csvbytes")x |
| bytes per record, compacted backup | $((cbytes / n)) | | |
| audit of $n records, s | $t_aud | sha256sum of data.mdb: $t_sha s; mdb_dump -a: $t_dump s | $(ratio "$t_aud" "$t_dump")x mdb_dump |
EOT
echo
echo '```'
cat "$out/latency"
echo '```'
