#!/bin/sh
# sogoc witness end to end (C2SP tlog-witness): keys, every answer code
# with curl against a running witness, a forked log (two registries grown
# from one prefix with one key), a store that no refusal changes (mdb_dump
# before and after), bodies too large or garbage, the logs file reread on
# SIGHUP, concurrent requests with one old size (one 200, one 409 a
# pair), a clean stop on SIGTERM, and the cosignatures checked by
# tests/interop/cosig.go, written from the spec with Go's crypto/ed25519.
. "${top_srcdir:-.}/tests/tap.sh"

command -v mdb_dump > /dev/null || skip_all "mdb_dump (lmdb-utils) missing"
command -v curl > /dev/null || skip_all "curl missing"
command -v openssl > /dev/null || skip_all "openssl missing"
GEN="$top_builddir/sogoc-gen"
HAMMER="$top_builddir/tests/hammer"
PORTS=${WITNESS_PORTS:-"18991 19091 19291 19391"}
W="$tmp/wdb"
EM=$(printf '\342\200\224')

# grow DB SEED ROWS BATCH: imports a generated ledger into DB and
# publishes it in batches of BATCH, signing with $tmp/k.
grow() {
	"$GEN" --seed "$2" --csv "$3" --out "$tmp/l$2" > "$tmp/v$2" || exit 1
	# shellcheck disable=SC2046
	SOGOC_DB="$1" "$SOGOC" import $(cat "$tmp/v$2") "$tmp/l$2.csv" \
	    2> /dev/null || exit 1
	SOGOC_DB="$1" "$SOGOC" publish --key "$tmp/k/signer.key" \
	    --batch "$4" -q || exit 1
}

# body OUT DB OLD SIZE: an add-checkpoint body: old OLD, DB's proof from
# OLD to SIZE (none from 0 or to itself), a blank line, DB's checkpoint
# of SIZE.
body() {
	{
		echo "old $3"
		if [ "$3" -ne 0 ] && [ "$3" -ne "$4" ]; then
			SOGOC_DB="$2" "$SOGOC" proof --consistency "$3" \
			    --size "$4" | jq -r '.proof[]'
		fi
		echo
		SOGOC_DB="$2" "$SOGOC" checkpoint --size "$4"
	} > "$1"
}

# sign_note KEYFILE TEXT OUT: TEXT signed as a note with the Ed25519 log
# key of KEYFILE by openssl, not by sogoc (checkpoints sogoc never makes).
sign_note() {
	skey=$(cat "$1")
	kname=$(echo "$skey" | cut -d+ -f3)
	kid=$(echo "$skey" | cut -d+ -f4)
	echo "$skey" | cut -d+ -f5- | base64 -d | tail -c 32 | xxd -p -c 64 |
	    sed 's/^/302e020100300506032b657004220420/' | xxd -r -p \
	    > "$tmp/sk.der"
	openssl pkey -inform DER -in "$tmp/sk.der" -out "$tmp/sk.pem" \
	    2> /dev/null
	openssl pkeyutl -sign -rawin -inkey "$tmp/sk.pem" -in "$2" \
	    -out "$tmp/sk.sig"
	sig=$( (printf '%s' "$kid" | xxd -r -p; cat "$tmp/sk.sig") |
	    base64 -w0)
	{ cat "$2"; printf '\n%s %s %s\n' "$EM" "$kname" "$sig"; } > "$3"
	rm -f "$tmp/sk.der" "$tmp/sk.pem"
}

# post FILE: POSTs FILE; the status in $code, the body in $tmp/out, the
# Content-Type in $ctype.
post() {
	code=$(curl -s -o "$tmp/out" -w '%{http_code} %{content_type}' \
	    --data-binary "@$1" "$base/add-checkpoint")
	ctype=${code#* }
	code=${code%% *}
}

# snapshot NAME [DB]: a dump of the witness's store (or of its DB).
snapshot() {
	if [ -n "$2" ]; then
		mdb_dump -s "$2" "$W" > "$tmp/$1.dump" 2>&1
	else
		mdb_dump -a "$W" > "$tmp/$1.dump" 2>&1
	fi
}

# said: the start of the last answer, on one line.
said() {
	head -c 70 "$tmp/out" | tr -c '[:print:]' ' '
}

# refused DESC CODE FILE: FILE is refused with CODE and the witness's
# store is the same after.
refused() {
	snapshot before
	post "$3"
	snapshot after
	ok "$1: $2 (got $code: $(said))" [ "$code" = "$2" ]
	ok "$1: the witness's store is unchanged" \
	    cmp -s "$tmp/before.dump" "$tmp/after.dump"
}

# forked DESC FILE: FILE is refused with 422, the logs' state unchanged,
# the request kept once as evidence: sent again, nothing changes at all.
forked() {
	snapshot before wlogs
	snapshot ebefore wrefused
	post "$2"
	snapshot after wlogs
	snapshot eafter wrefused
	ok "$1: 422 (got $code: $(said))" [ "$code" = 422 ]
	ok "$1: the logs' state is unchanged" \
	    cmp -s "$tmp/before.dump" "$tmp/after.dump"
	ok "$1: kept as evidence" \
	    [ "$(wc -l < "$tmp/eafter.dump")" -eq \
	    $(($(wc -l < "$tmp/ebefore.dump") + 2)) ]
	refused "$1, sent again" 422 "$2"
}

# cosigned DESC FILE: FILE is cosigned: 200 and one cosignature line,
# which Go checks when it can.
cosigned() {
	post "$2"
	ok "$1: 200 (got $code: $(said))" [ "$code" = 200 ]
	ok "$1: one cosignature line by the witness" \
	    grep -q "^$EM w.example/w1 [A-Za-z0-9+/]\{102\}==\$" "$tmp/out"
	if [ -n "$COSIG" ]; then
		sed '/^$/,$!d' "$2" | sed 1d > "$tmp/note"
		cat "$tmp/out" >> "$tmp/note"
		ok "$1: Go verifies the cosignature" sh -c "'$COSIG' verify \
		    '$tmp/wk/witness.pub' '$tmp/note' > /dev/null"
	fi
}

# start: the witness on a free port of $PORTS, $base its URL, $wpid.
start() {
	for port in $PORTS; do
		curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null &&
		    continue
		"$SOGOC" witness --listen "127.0.0.1:$port" --key \
		    "$tmp/wk/witness.key" --logs "$tmp/logs" --db "$W" \
		    2>> "$tmp/wlog" &
		wpid=$!
		base="http://127.0.0.1:$port"
		i=0
		while kill -0 $wpid 2>/dev/null &&
		    ! curl -s -o /dev/null "$base/" && [ $i -lt 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		kill -0 $wpid 2>/dev/null && return 0
	done
	skip_all "no free port"
}
trap '[ -n "$wpid" ] && kill -TERM $wpid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# Go's independent cosignature/v1, when there is Go.
COSIG=""
GO=$(command -v "${GO:-go}")
if [ -n "$GO" ]; then
	GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= \
	    GOCACHE="$tmp/gocache" GOTOOLCHAIN=local CGO_ENABLED=0 \
	    "$GO" build -o "$tmp/cosig" "$top_srcdir/tests/interop/cosig.go" &&
	    COSIG="$tmp/cosig"
fi

# Keys: the log's, a stranger's of the same name, the witness's.
"$SOGOC" keygen --name log.example/a --out "$tmp/k" > /dev/null 2>&1
"$SOGOC" keygen --name log.example/a --out "$tmp/kx" > /dev/null 2>&1
"$SOGOC" keygen --name log.example/c --out "$tmp/kc" > /dev/null 2>&1
"$SOGOC" keygen --witness --name w.example/w1 --out "$tmp/wk" \
    > "$tmp/wvkey" 2> /dev/null
ok "keygen --witness writes witness.key with mode 0600" \
    [ "$(stat -c %a "$tmp/wk/witness.key")" = 600 ]
ok "keygen --witness prints a type 0x04 vkey" \
    grep -q '^w.example/w1+[0-9a-f]\{8\}+B' "$tmp/wvkey"
ok "the witness key is no log key" \
    sh -c "! '$SOGOC' publish --key '$tmp/wk/witness.key' 2>/dev/null"
if [ -n "$COSIG" ]; then
	seed=$(cut -d+ -f5- "$tmp/wk/witness.key" | base64 -d | tail -c 32 |
	    xxd -p -c 64)
	"$COSIG" keys w.example/w1 "$seed" > "$tmp/gokeys"
	ok "Go derives the same witness key pair from its seed" \
	    sh -c "cat '$tmp/wk/witness.key' '$tmp/wk/witness.pub' |
	    cmp -s - '$tmp/gokeys'"
fi

# One prefix of 20, then two forks with one key: A to 30, B to 40.
grow "$tmp/p" 7 20 10
cp -a "$tmp/p" "$tmp/a"
cp -a "$tmp/p" "$tmp/b"
grow "$tmp/a" 8 10 10
grow "$tmp/b" 9 20 10
echo "log.example/a $(cat "$tmp/k/verifier.pub")" > "$tmp/logs"
echo "# the second log" >> "$tmp/logs"
echo "log.example/c $(cat "$tmp/kc/verifier.pub") https://c.example/" \
    >> "$tmp/logs"

"$SOGOC" witness --listen 127.0.0.1:1 --key "$tmp/wk/witness.key" \
    --logs "$tmp/logs" --db "$tmp/p" > "$tmp/o" 2>&1
rc=$?
ok "the witness refuses a registry as its store" sh -c "[ $rc -ne 0 ] &&
    grep -qF 'format is not sogoc-witness/1' '$tmp/o'"
start
ok "the registry refuses the witness's store" \
    sh -c "SOGOC_DB='$W' '$SOGOC' checkpoint 2>&1 | grep -q 'not a registry'"

# The happy path, then every refusal, each leaving the store as it was.
body "$tmp/a10" "$tmp/a" 0 10
body "$tmp/a20" "$tmp/a" 10 20
body "$tmp/a30" "$tmp/a" 20 30
body "$tmp/b30" "$tmp/b" 30 30
body "$tmp/b40" "$tmp/b" 30 40
body "$tmp/b20" "$tmp/b" 0 20
cosigned "size 10 from nothing" "$tmp/a10"
refused "size 10 again from 0" 409 "$tmp/a10"
ok "a 409 says the witness's size" [ "$(cat "$tmp/out")" = 10 ]
ok "a 409 is text/x.tlog.size" [ "$ctype" = "text/x.tlog.size" ]
cosigned "size 20 from 10 with its proof" "$tmp/a20"
cosigned "size 30 from 20 with its proof" "$tmp/a30"
forked "a fork's size 30 from 30" "$tmp/b30"
forked "a fork's size 40 from 30 with its own proof" "$tmp/b40"
refused "a fork's size 20 from 0" 409 "$tmp/b20"
ok "the 409 says 30" [ "$(cat "$tmp/out")" = 30 ]
body "$tmp/a30s" "$tmp/a" 30 30
cosigned "size 30 again from 30" "$tmp/a30s"
{ cat "$tmp/a30s"; sed 's/w1 /w2 /' "$tmp/out"; } > "$tmp/a30w"
cosigned "size 30 with another witness's line" "$tmp/a30w"

# Bodies the witness cannot read: 400.
printf 'garbage' > "$tmp/g1"
printf 'old 01\n\n' > "$tmp/g2"; cat "$tmp/a30" | sed 1d >> "$tmp/g2"
sed '1s/.*/old -1/' "$tmp/a30" > "$tmp/g3"
sed '1s/.*/old 31/' "$tmp/a30" > "$tmp/g4"
sed '2s/.*/not base64!/' "$tmp/a30" > "$tmp/g5"
{ echo "old 30"; i=0; while [ $i -lt 64 ]; do
	echo "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; i=$((i + 1))
done; echo; SOGOC_DB="$tmp/a" "$SOGOC" checkpoint; } > "$tmp/g6"
sed '$d' "$tmp/a30" > "$tmp/g7"
head -c 300 /dev/urandom > "$tmp/g8"
refused "garbage" 400 "$tmp/g1"
refused "old with a leading zero" 400 "$tmp/g2"
refused "a negative old size" 400 "$tmp/g3"
refused "old larger than the checkpoint" 400 "$tmp/g4"
refused "a proof line that is no hash" 400 "$tmp/g5"
refused "64 proof lines" 400 "$tmp/g6"
refused "a note without its signature" 400 "$tmp/g7"
refused "random bytes" 400 "$tmp/g8"

# Signatures and origins: 403, 404.  note_line N AWK: the body a30 with
# line N of its note (1 the origin) replaced by AWK's $0.
note_line() {
	awk -v n="$1" 'f && ++c == n { '"$2"' } /^$/ { f = 1 } { print }' \
	    "$tmp/a30"
}
note_line 5 '$0 = $0 "A"' > "$tmp/s1"
sed "s/^$EM log.example\/a /$EM log.example\/z /" "$tmp/a30" > "$tmp/s2"
note_line 3 '$0 = (substr($0, 1, 1) == "A" ? "B" : "A") substr($0, 2)' \
    > "$tmp/s3"
note_line 2 '$0 = "31"' > "$tmp/s4"
sed 's/log.example\/a$/log.example\/nobody/' "$tmp/a30" > "$tmp/s5"
sed -n '/^$/,$p' "$tmp/a30" | sed 1d | sed '1,3!d' > "$tmp/t30"
sign_note "$tmp/kx/signer.key" "$tmp/t30" "$tmp/x30"
{ echo "old 30"; echo; cat "$tmp/x30"; } > "$tmp/s6"
refused "a signature line that is no base64" 400 "$tmp/s1"
refused "a signature by an unknown key name" 403 "$tmp/s2"
refused "a changed root" 403 "$tmp/s3"
refused "a changed size" 403 "$tmp/s4"
refused "a log not in the logs file" 404 "$tmp/s5"
refused "another key of the same name" 403 "$tmp/s6"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/add-checkpoint")
ok "GET /add-checkpoint: 405" [ "$code" = 405 ]
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$tmp/a30" \
    "$base/add-checkpoint/x")
ok "another path: 404" [ "$code" = 404 ]

# Checkpoints sogoc never signs, signed by openssl: log C.
text() { printf '%s\n' "$@" > "$tmp/t"; }
E=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
R=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
text log.example/c 0 "$R"; sign_note "$tmp/kc/signer.key" "$tmp/t" "$tmp/n"
{ printf 'old 0\n\n'; cat "$tmp/n"; } > "$tmp/c1"
text log.example/c 5 "$R" "an extension"
sign_note "$tmp/kc/signer.key" "$tmp/t" "$tmp/n"
{ printf 'old 0\n\n'; cat "$tmp/n"; } > "$tmp/c2"
text log.example/c 5 "$R"; sign_note "$tmp/kc/signer.key" "$tmp/t" "$tmp/n"
{ printf 'old 0\n%s\n\n' "$R"; cat "$tmp/n"; } > "$tmp/c3"
text log.example/c 0 "$E"; sign_note "$tmp/kc/signer.key" "$tmp/t" "$tmp/n"
{ printf 'old 0\n\n'; cat "$tmp/n"; } > "$tmp/c4"
forked "an empty tree with another root" "$tmp/c1"
refused "a checkpoint with an extension line" 400 "$tmp/c2"
forked "a proof from size 0" "$tmp/c3"
cosigned "the empty tree" "$tmp/c4"

# Too large: 413, declared or chunked; the witness still answers.
head -c 132096 /dev/zero | tr '\0' 'a' > "$tmp/big"
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$tmp/big" \
    "$base/add-checkpoint")
ok "a 129 KiB body: 413" [ "$code" = 413 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -H \
    'Transfer-Encoding: chunked' --data-binary @"$tmp/big" \
    "$base/add-checkpoint")
ok "a 129 KiB chunked body: 413" [ "$code" = 413 ]

# SIGHUP: a log dropped is unknown, its state kept; a bad file changes
# nothing.
cp "$tmp/logs" "$tmp/logs.full"
grep -v '^log.example/a' "$tmp/logs.full" > "$tmp/logs"
kill -HUP $wpid; sleep 0.3
refused "after SIGHUP without log A" 404 "$tmp/a30"
cp "$tmp/logs.full" "$tmp/logs"
kill -HUP $wpid; sleep 0.3
refused "log A back: its size is still 30" 409 "$tmp/a20"
echo "log.example/a not-a-key" >> "$tmp/logs"
kill -HUP $wpid; sleep 0.3
ok "a bad logs file on SIGHUP is said with its line" \
    grep -q "SIGHUP: .*logs: line 4: " "$tmp/wlog"
post "$tmp/a30s"
ok "and the old list stays" [ "$code" = 200 ]

# Races: pairs of one request (old i, size i + 1) at the same moment.
"$SOGOC" keygen --name race.example/r --out "$tmp/kr" > /dev/null 2>&1
cp "$tmp/kr/signer.key" "$tmp/k/signer.key"
PAIRS=${PAIRS:-12}
grow "$tmp/r" 11 $((PAIRS + 1)) 1
cp "$tmp/logs.full" "$tmp/logs"
echo "race.example/r $(cat "$tmp/kr/verifier.pub")" >> "$tmp/logs"
kill -HUP $wpid; sleep 0.3
body "$tmp/r1" "$tmp/r" 0 1
post "$tmp/r1"
good=0
i=1
while [ $i -le "$PAIRS" ]; do
	body "$tmp/rb" "$tmp/r" $i $((i + 1))
	{
		printf 'POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\n'
		printf 'Content-Length: %s\r\n' "$(wc -c < "$tmp/rb")"
		printf 'Connection: close\r\n\r\n'
		cat "$tmp/rb"
	} > "$tmp/req"
	"$HAMMER" "${base##*:}" 1 "$tmp/req" "$tmp/req" > "$tmp/h"
	n200=$(awk '$2 == "200" { n += $3 } END { print n + 0 }' "$tmp/h")
	n409=$(awk '$2 == "409" { n += $3 } END { print n + 0 }' "$tmp/h")
	if [ "$n200" -eq 1 ] && [ "$n409" -eq 1 ]; then
		good=$((good + 1))
	else
		sed 's/^/# pair '$i': /' "$tmp/h"
	fi
	i=$((i + 1))
done
ok "$PAIRS pairs with one old size: one 200 and one 409 each" \
    [ $good -eq "$PAIRS" ]

# Every refusal is in the log, with the origin, the sizes and the code.
ok "the log names a 422 with its origin and sizes" \
    grep -q "refused log.example/a old 30 size 40 (422)" "$tmp/wlog"
ok "the log names a 409" \
    grep -q "refused log.example/a old 0 size 10 (409)" "$tmp/wlog"
ok "the log names a 404 with the origin asked for" \
    grep -q "refused log.example/nobody old 20 size - (404)" "$tmp/wlog"

kill -TERM $wpid
wait $wpid
rc=$?
wpid=""
ok "SIGTERM stops the witness with status 0" [ $rc -eq 0 ]
ok "and it says so" grep -q "stopping" "$tmp/wlog"
done_testing
