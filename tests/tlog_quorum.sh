#!/bin/sh
# Three witnesses, one stopped and, later, one frozen: publishing still
# completes within the witness timeout, the log names the witness that
# did not cosign, the served checkpoint and the verify API's receipts carry
# the two cosignatures, `check-receipt --quorum 2` passes and
# `--quorum 3` fails naming the missing witness; a witness's cosignature
# forged in a receipt refuses it; the console's home page shows the
# witnesses; a witness that refuses (a fork of the log) is logged loudly.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18626 18727 18828 18929 19626 19727"
WITNESS_PORTS="17541 17542 17543 17544 17545 17546 17547 17548"
. "$top_srcdir/tests/serve_lib.sh"

ORIGIN=quorum.example/log
ledger 77 50 ledger "$ORIGIN"
head -21 "$tmp/ledger.csv" > "$tmp/first.csv"
{ head -1 "$tmp/ledger.csv"; sed -n '22,31p' "$tmp/ledger.csv"; } \
    > "$tmp/second.csv"
{ head -1 "$tmp/ledger.csv"; sed -n '32,41p' "$tmp/ledger.csv"; } \
    > "$tmp/third.csv"
{ head -1 "$tmp/ledger.csv"; sed -n '42,46p' "$tmp/ledger.csv"; } \
    > "$tmp/fourth.csv"
{ head -1 "$tmp/ledger.csv"; sed -n '47,51p' "$tmp/ledger.csv"; } \
    > "$tmp/fifth.csv"
export SOGOC_DB="$tmp/db"

# The witnesses: a key each, the log in their logs file.
printf '%s %s\n' "$ORIGIN" "$(cat "$PUB")" > "$tmp/logs"
wpids=""
spid=""
# cleanup: stop the witnesses and the server; serve_start sets its own
# EXIT trap, so this one is set again after each.
cleanup() {
	for p in $wpids; do
		kill -CONT "$p"
		kill -TERM "$p"
	done 2> /dev/null
	[ -n "$spid" ] && kill -TERM "$spid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
witness 1
w1=$wpid
witness 2
w2=$wpid
witness 3
w3=$wpid
{
	echo "# the department's witnesses"
	for n in 1 2 3; do
		echo "witness w$n $(cat "$tmp/w$n/witness.pub") $(cat "$tmp/url.$n")"
	done
} > "$tmp/witnesses"
mkdir "$tmp/tiles"
cat > "$tmp/serve.conf" <<CONF
[serve]
witnesses = $tmp/witnesses
witness-timeout = 3
tiles = $tmp/tiles
CONF
export SOGOC_CONFIG="$tmp/serve.conf"

# import CSV: import --publish of CSV, the log's messages in $tmp/err.
import() {
	# shellcheck disable=SC2086
	"$SOGOC" import --publish --key "$KEY" $vol "$1" > /dev/null \
	    2> "$tmp/err"
}
# cosigs: the cosignature lines of the latest checkpoint as served.
cosigs() {
	"$SOGOC" checkpoint 2> /dev/null | grep -c '^— w[0-9]'
}

kill -TERM "$w3"
wait "$w3" 2> /dev/null
ok "with w3 stopped, import --publish completes" import "$tmp/first.csv"
ok "the log says w3 did not cosign" grep -q 'witness w3 .* did not cosign' \
    "$tmp/err"
ok "and that 2 of 3 did" grep -q '2 of 3 witnesses cosigned' "$tmp/err"
ok "the checkpoint carries the two cosignatures" test "$(cosigs)" = 2
ok "the tiles' checkpoint carries them too" \
    test "$(grep -c '^— w[12]\.example' "$tmp/tiles/checkpoint")" = 2

# A frozen witness (SIGSTOP: it takes the connection, never answers) costs
# the timeout, no more.
kill -STOP "$w2"
t0=$(date +%s)
ok "with w2 frozen, the next publish completes" import "$tmp/second.csv"
t1=$(date +%s)
kill -CONT "$w2"
ok "within the witness timeout ($((t1 - t0)) s)" test $((t1 - t0)) -le 8
ok "the log says w2 did not cosign" grep -q 'witness w2 .* did not cosign' \
    "$tmp/err"
ok "one cosignature on that checkpoint" test "$(cosigs)" = 1
ok "w2 catches up at the next publish" import "$tmp/third.csv"
ok "two cosignatures again" test "$(cosigs)" = 2

# Receipts from the verify API carry the cosignatures of the record's
# checkpoint (the first import: w1 and w2 cosigned it).
serve_start "$tmp/serve.log" --threads 2 --rate 50 --burst 200
trap cleanup EXIT
sed -n 2p "$tmp/first.csv" > "$tmp/row"
"$SOGOC" export 2> /dev/null | jq -c 'select(.record == 1)' > "$tmp/picked"
serial=$(jq -r .fields.serial_no "$tmp/picked")
name=$(jq -r .fields.full_name "$tmp/picked")
dob=$(jq -r .fields.date_of_birth "$tmp/picked")
code=$(curl -s -o "$tmp/r.json" -w '%{http_code}' -G "$base/api/v1/verify" \
    --data-urlencode "serial=$serial" --data-urlencode "name=$name" \
    --data-urlencode "dob=$dob")
ok "the verify API answers" test "$code" = 200
ok "its receipt's checkpoint has two cosignatures" \
    test "$(jq -r .checkpoint "$tmp/r.json" | grep -c '^— w[12]\.example')" = 2
W="--witness $tmp/w1/witness.pub --witness $tmp/w2/witness.pub"
W="$W --witness $tmp/w3/witness.pub"
# shellcheck disable=SC2086
check() {
	"$SOGOC" check-receipt --pub "$PUB" $W "$@" > "$tmp/out" 2>&1
}
ok "check-receipt --quorum 2 passes" check --quorum 2 "$tmp/r.json"
ok "and names who cosigned" grep -q 'cosigned by 2 witnesses: w1.example, w2.example' "$tmp/out"
ok "check-receipt --quorum 3 fails" eval '! check --quorum 3 "$tmp/r.json"'
ok "naming w3" grep -q 'cosigned by 2 of the 3 witnesses given, the policy needs 3; not by w3.example' "$tmp/out"
ok "without --quorum, all three are needed" eval '! check "$tmp/r.json"'
ok "--quorum 4 of 3 keys is a usage error" eval '! check --quorum 4 "$tmp/r.json"'
ok "a log key given as --witness is refused" \
    eval '! "$SOGOC" check-receipt --pub "$PUB" --witness "$PUB" "$tmp/r.json" 2> /dev/null'
# A forged cosignature: w1's line with another signature byte.
jq '.checkpoint |= sub("(?<a>— w1\\.example [A-Za-z0-9+/]{60})(?<c>.)"; "\(.a)\(if .c == "A" then "B" else "A" end)")' \
    "$tmp/r.json" > "$tmp/forged.json"
ok "the forged receipt differs" eval '! cmp -s "$tmp/r.json" "$tmp/forged.json"'
ok "a forged w1 cosignature refuses the receipt, even with quorum 1" \
    eval '! check --quorum 1 "$tmp/forged.json"'
ok "naming the cosignature" grep -q "a witness's cosignature" "$tmp/out"
ok "without --witness the receipt's log signature still checks" \
    "$SOGOC" check-receipt --pub "$PUB" "$tmp/r.json"

# The console's home page lists the witnesses.
add_user an "an-pw-0123456789" registrar
kill -TERM "$spid"
wait "$spid" 2> /dev/null
STAFF=1 serve_start "$tmp/serve2.log" --threads 2 --config "$tmp/serve.conf" \
    --key "$KEY"
trap cleanup EXIT
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
login an "an-pw-0123456789"
get an /
cp "$tmp/out" "$tmp/home.html"
ok "the home page lists the witnesses" grep -q 'Nhân chứng' "$tmp/home.html"
ok "w3 as not answering" grep -q 'w3.*không trả lời' "$tmp/home.html"

# The console's own commits ask the witnesses too: a registrar's
# revocation through it, while the server holds the registry.
before=$(sed -n 2p "$tmp/tiles/checkpoint")
an=$(csrf_of an)
post an /record -d "csrf=$an" -d n=1 -d kind=revoke \
    --data-urlencode "decision=12/QĐ-SGDĐT" -d decision_date=2026-11-30 \
    --data-urlencode "reason=cấp sai"
ok "the console revokes record 1 ($code)" [ "$code" = 303 ]
ok "the tiles' checkpoint moved on by one" \
    test "$(sed -n 2p "$tmp/tiles/checkpoint")" = $((before + 1))
ok "with the two live witnesses' cosignatures" \
    test "$(grep -c '^— w[12]\.example' "$tmp/tiles/checkpoint")" = 2
ok "the server logged w3 down" grep -q 'witness w3 .* did not cosign' \
    "$tmp/serve2.log"

kill -TERM "$spid"
wait "$spid" 2> /dev/null
spid=""

# A fork: the registry copied, then each copy publishes other rows.  The
# witnesses follow the first; the fork's checkpoint, of the same origin
# and key, does not extend what they hold: they refuse it, no
# cosignature, and the fork's log says so loudly (its publish stands).
cp -a "$tmp/db" "$tmp/fork"
ok "the registry publishes more" import "$tmp/fourth.csv"
printf '[serve]\nwitnesses = %s\nwitness-timeout = 3\n' \
    "$tmp/witnesses" > "$tmp/fork.conf"
# shellcheck disable=SC2086
SOGOC_DB="$tmp/fork" SOGOC_CONFIG="$tmp/fork.conf" \
    "$SOGOC" import --publish --key "$KEY" $vol "$tmp/fifth.csv" \
    > /dev/null 2> "$tmp/forkerr"
rc=$?
ok "the fork publishes other rows (the publish stands)" test "$rc" = 0
ok "w1 refuses the fork's checkpoint, loudly" \
    grep -q 'ERROR: witness w1 .* REFUSED the log.s checkpoint: 422' \
    "$tmp/forkerr"
ok "and w2" grep -q 'ERROR: witness w2 .* REFUSED' "$tmp/forkerr"
ok "no witness cosigned the fork" \
    eval 'test "$(SOGOC_DB="$tmp/fork" "$SOGOC" checkpoint 2> /dev/null |
    grep -c "^— w")" = 0'
done_testing
