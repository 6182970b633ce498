#!/bin/sh
# A hot backup: `sogoc backup` taken while 10,000 records are being
# published (40 imports of 250 rows, one after another) is consistent:
# it restores and audits clean, holds every publish acknowledged before
# it began, and its checkpoint is the live log's checkpoint of that size
# once publishing is over, of which the final log is an extension
# (`proof --consistency`).
. "${top_srcdir:-.}/tests/tap.sh"

command -v jq > /dev/null || skip_all "jq missing"
db="$tmp/db"
export SOGOC_DB="$db" SOGOC_USER=clerk.hot
ledger 11 10000 big test.example/sogoc

# The publisher: each import acknowledged (returned) appends the tree size
# it left to $tmp/acked.
head -1 "$tmp/big.csv" > "$tmp/header"
tail -n +2 "$tmp/big.csv" | split -l 250 - "$tmp/part."
: > "$tmp/acked"
(
	for p in "$tmp"/part.*; do
		cat "$tmp/header" "$p" > "$p.csv"
		# shellcheck disable=SC2086
		"$SOGOC" import --publish --key "$KEY" $vol "$p.csv" \
		    2> /dev/null || exit 1
		"$SOGOC" checkpoint | sed -n 2p >> "$tmp/acked"
	done
) &
pub=$!
# Wait for a few acknowledged publishes, then back up while it goes on.
i=0
while [ "$(wc -l < "$tmp/acked")" -lt 3 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
acked=$(tail -1 "$tmp/acked")
"$SOGOC" backup --out "$tmp/bk" 2> "$tmp/bk.err"
rc=$?
kill -0 "$pub" 2> /dev/null
running=$?
wait "$pub"
ok "the publisher published all 10,000 records" \
    [ "$(tail -1 "$tmp/acked")" = 10000 ]
ok "the backup succeeded" [ $rc -eq 0 ]
ok "while the publisher was still publishing (acknowledged $acked)" \
    [ $running -eq 0 -a "$acked" -gt 0 -a "$acked" -lt 10000 ]
size=$(jq -r .tree_size "$tmp/bk/MANIFEST.json")
ok "it holds every publish acknowledged before it began ($size >= $acked)" \
    [ "$size" -ge "$acked" ]
ok "no temporary directory is left beside it" \
    sh -c "! ls -d '$tmp'/bk.tmp-* 2> /dev/null"
ok "it restores" \
    sh -c "'$SOGOC' restore --from '$tmp/bk' --db '$tmp/r' 2> /dev/null"
ok "the restored registry audits clean" \
    sh -c "'$SOGOC' audit --db '$tmp/r' --pub '$PUB' > '$tmp/audit'"
ok "at the manifest's tree size" \
    grep -q "^audit passed: $size events" "$tmp/audit"
jq -r .checkpoint "$tmp/bk/MANIFEST.json" | head -3 > "$tmp/cp-bk"
"$SOGOC" checkpoint --size "$size" | head -3 > "$tmp/cp-live"
ok "its checkpoint is the live log's of that size" \
    cmp -s "$tmp/cp-bk" "$tmp/cp-live"
ok "and the final log is consistent with it (proof --consistency)" \
    sh -c "'$SOGOC' proof --consistency '$size' > '$tmp/cons' &&
    jq -e '.proof | length > 0' '$tmp/cons' > /dev/null"
ok "the live registry audits clean too" \
    sh -c "'$SOGOC' audit --pub '$PUB' > /dev/null"
done_testing
