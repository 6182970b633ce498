#!/bin/sh
# Tampering with published data: flip random bytes inside the keys and
# values of the log's databases in the LMDB file, 64 times, and `sogoc
# audit` must notice every time (and never crash).
. "${top_srcdir:-.}/tests/tap.sh"

GEN="$top_builddir/sogoc-gen"
FLIP="$top_builddir/tests/flipbytes"
db="$tmp/db"
"$GEN" --seed 21 --csv 60 --out "$tmp/ledger" > "$tmp/vol" || exit 1
"$SOGOC" keygen --name flip.example/log --out "$tmp/k" > /dev/null
# shellcheck disable=SC2046
"$SOGOC" import --db "$db" $(cat "$tmp/vol") "$tmp/ledger.csv" 2>/dev/null
"$SOGOC" publish --db "$db" --key "$tmp/k/signer.key" --batch 25 -q
s=$("$SOGOC" lookup --db "$db" --record 3 | jq -r .fields.serial_no)
"$SOGOC" revoke --db "$db" --serial "$s" --decision 1/QĐ \
    --decision-date 2026-01-02 --reason test --key "$tmp/k/signer.key" \
    2>/dev/null
ok "the pristine registry audits" \
    sh -c "'$SOGOC' audit --db '$db' --pub '$tmp/k/verifier.pub' > /dev/null"

# Eight flips in each of the log's databases, keys and values alike.
trial=1
for dbname in events hashes checkpoints records serials names keys meta; do
	i=1
	while [ $i -le 8 ]; do
		rm -rf "$tmp/t"
		cp -r "$db" "$tmp/t"
		what=$("$FLIP" "$tmp/t" "$trial" "$dbname")
		"$SOGOC" audit --db "$tmp/t" --pub "$tmp/k/verifier.pub" \
		    > "$tmp/audit" 2>&1
		rc=$?
		ok "flip $trial ($what): audit exits 1 or 3, not 0" \
		    [ "$rc" -eq 1 -o "$rc" -eq 3 ]
		[ "$rc" -eq 0 ] && sed 's/^/#   /' "$tmp/audit"
		i=$((i + 1))
		trial=$((trial + 1))
	done
done

done_testing
