#!/bin/sh
# The spill file of `sogoc import --publish`: it exists, unlinked, while
# the import runs, and nothing of it is left after a success, a refused
# file, a failure after the check, or a SIGKILL.  A bad row late in the
# file (past the first chunks, so after rows that passed) leaves the
# registry as it was, byte for byte.
. "${top_srcdir:-.}/tests/tap.sh"

rows=40000
ledger 41 $rows big spill.example/log

# import DB CSV: the one-step import, quiet, in batches of 5,000 rows (a
# late refusal must stop it before the first batch is written).
import() {
	# shellcheck disable=SC2086
	"$SOGOC" import --db "$1" --publish --key "$KEY" --batch 5000 $vol \
	    "$2" > /dev/null 2> "$tmp/err"
}

# only_lmdb DB: the registry's directory holds LMDB's files and the lock
# file, nothing else (no spill file, no temporary of any kind).
only_lmdb() {
	[ "$(ls -A "$1" | sort | tr '\n' ' ')" = \
	    "data.mdb lock.mdb sogoc.lock " ] || { ls -la "$1"; false; }
}

# A first import, the registry the refusals below must not change.
head -1001 "$tmp/big.csv" > "$tmp/first.csv"
ok "a first import succeeds" import "$tmp/db" "$tmp/first.csv"
ok "nothing but LMDB's files is left after a success" only_lmdb "$tmp/db"
sum=$(cksum < "$tmp/db/data.mdb")

# unchanged: the registry is byte for byte what it was after the first.
unchanged() {
	[ "$(cksum < "$tmp/db/data.mdb")" = "$sum" ]
}

# The rest of the file, then a row with an impossible date at its end:
# 39,000 good rows are checked (and spilled) before it.
{ cat "$tmp/big.csv"; tail -1 "$tmp/big.csv" |
    sed 's/"[0-9]*\/[0-9]*\/[0-9]*"/"31\/2\/1990"/'; } > "$tmp/late.csv"
ok "a bad date on the last row is refused" \
    eval '! import "$tmp/db" "$tmp/late.csv"'
ok "the refusal names the last line" contains "$tmp/err" "row $((rows + 2))"
ok "the registry is unchanged after the refusal" unchanged
ok "nothing is left after the refusal" only_lmdb "$tmp/db"

# A serial number given to two people: found after the whole file is
# checked and spilled, refused before anything is written.
{ cat "$tmp/big.csv"; tail -1 "$tmp/big.csv" |
    sed 's/^"[0-9]*","[^"]*"/"99999","Người Khác"/'; } > "$tmp/twice.csv"
ok "one serial number for two people is refused" \
    eval '! import "$tmp/db" "$tmp/twice.csv"'
ok "the refusal says why" contains "$tmp/err" "for another person"
ok "the registry is unchanged after the conflict" unchanged
ok "nothing is left after the conflict" only_lmdb "$tmp/db"

# While the import runs, its spill file is open and already unlinked.
# shellcheck disable=SC2086
"$SOGOC" import --db "$tmp/db2" --publish --key "$KEY" $vol "$tmp/big.csv" \
    > /dev/null 2>&1 &
pid=$!
seen=no
while kill -0 $pid 2>/dev/null; do
	if ls -l /proc/$pid/fd 2>/dev/null |
	    grep -q 'import-spill\..* (deleted)'; then
		seen=yes
		break
	fi
	sleep 0.02
done
ok "the spill file is open, unlinked, during the import" [ $seen = yes ]
# Killed there: nothing is left either.
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
ok "nothing is left after a SIGKILL" only_lmdb "$tmp/db2"
ok "the import finishes when run again" import "$tmp/db2" "$tmp/big.csv"
ok "nothing is left after that success" only_lmdb "$tmp/db2"
"$SOGOC" checkpoint --db "$tmp/db2" 2>/dev/null | sed -n 2p > "$tmp/size"
ok "every row is in the log" [ "$(cat "$tmp/size")" = $rows ]

done_testing
