#!/bin/sh
# Our checkpoints, inclusion proofs (with disclosed fields) and consistency
# proofs, checked by an independent implementation: Go's
# golang.org/x/mod/sumdb/note and .../tlog from Debian's
# golang-golang-x-mod-dev, in GOPATH mode, without network.  Forged proofs
# must be refused by it too.
. "${top_srcdir:-.}/tests/tap.sh"

GO=$(command -v "${GO:-go}")
GOPATH=/usr/share/gocode
[ -n "$GO" ] && [ -x "$GO" ] || skip_all "no Go toolchain (golang-go)"
[ -d "$GOPATH/src/golang.org/x/mod/sumdb/tlog" ] ||
    skip_all "no golang-golang-x-mod-dev in $GOPATH"
export GOPATH GO111MODULE=off GOFLAGS= GOCACHE="$tmp/gocache" \
    GOTOOLCHAIN=local CGO_ENABLED=0
V="$tmp/verify"
"$GO" build -o "$V" "$top_srcdir/tests/interop/verify.go" ||
    { echo "not ok 1 - the Go verifier builds"; echo "1..1"; exit 0; }

GEN="$top_builddir/sogoc-gen"
db="$tmp/db"
export SOGOC_DB="$db"
"$GEN" --seed 5 --csv 37 --out "$tmp/ledger" > "$tmp/vol"
"$SOGOC" keygen --name interop.example/sogoc --out "$tmp/k" > /dev/null
"$SOGOC" keygen --name stranger.example/log --out "$tmp/x" > /dev/null
# shellcheck disable=SC2046
"$SOGOC" import $(cat "$tmp/vol") "$tmp/ledger.csv" 2>/dev/null
"$SOGOC" publish --key "$tmp/k/signer.key" --batch 11 -q
"$SOGOC" checkpoint --size 11 > "$tmp/cp11"
"$SOGOC" checkpoint > "$tmp/cp37"
PUB="$tmp/k/verifier.pub"

ok "Go verifies a checkpoint signed by sogoc" \
    sh -c "'$V' checkpoint '$PUB' '$tmp/cp37' > /dev/null"
ok "Go refuses it with another log's key" \
    sh -c "! '$V' checkpoint '$tmp/x/verifier.pub' '$tmp/cp37' 2>/dev/null"
sed '2s/37/38/' "$tmp/cp37" > "$tmp/cpforged"
ok "Go refuses a checkpoint whose size was changed" \
    sh -c "! '$V' checkpoint '$PUB' '$tmp/cpforged' 2>/dev/null"

# Every record's inclusion proof, with its disclosed fields.
n=0
bad=0
for r in 1 2 3 10 11 12 20 31 36 37; do
	"$SOGOC" proof --record $r --reveal \
	    full_name,date_of_birth,serial_no,sex,school > "$tmp/p$r" || bad=1
	"$V" inclusion "$PUB" "$tmp/p$r" > /dev/null || bad=1
	n=$((n + 1))
done
ok "Go verifies $n inclusion proofs and their disclosed fields" [ $bad -eq 0 ]
"$SOGOC" proof --record 5 --size 11 > "$tmp/pold"
ok "Go verifies a proof against an older checkpoint" \
    sh -c "'$V' inclusion '$PUB' '$tmp/pold' > /dev/null"

# forged NAME JQFILTER: the proof of record 12 changed by a jq filter.
forged() {
	jq -c "$2" "$tmp/p12" > "$tmp/f-$1"
	ok "Go refuses a proof with $1" \
	    sh -c "! '$V' inclusion '$PUB' '$tmp/f-$1' 2>/dev/null"
}
forged "a wrong index" '.index += 1'
forged "a hash dropped" '.proof |= .[1:]'
forged "a hash added" '.proof += [.proof[0]]'
forged "a hash replaced" '.proof[0] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'
forged "the leaf of another record" ".leaf = \"$(jq -r .leaf "$tmp/p20")\""
forged "a changed disclosed name" '.disclosed.full_name.value = "Nguyễn Văn Giả"'
forged "a changed disclosed date" '.disclosed.date_of_birth.value = "1970-01-01"'
forged "a tlog-proof that disagrees" '.tlog_proof |= sub("index [0-9]+"; "index 3")'

"$SOGOC" proof --consistency 11 > "$tmp/c11"
ok "Go verifies the consistency proof 11 -> 37" \
    sh -c "'$V' consistency '$PUB' '$tmp/cp11' '$tmp/cp37' '$tmp/c11' > /dev/null"
jq -c '.proof[0] = .proof[1]' "$tmp/c11" > "$tmp/cforged"
jq -j .old_checkpoint "$tmp/c11" > "$tmp/c11-old"
jq -j .checkpoint "$tmp/c11" > "$tmp/c11-new"
ok "and with the two checkpoints the proof itself carries" \
    sh -c "'$V' consistency '$PUB' '$tmp/c11-old' '$tmp/c11-new' '$tmp/c11' > /dev/null"
ok "Go refuses a forged consistency proof" \
    sh -c "! '$V' consistency '$PUB' '$tmp/cp11' '$tmp/cp37' '$tmp/cforged' 2>/dev/null"
bad=0
for old in 1 2 5 11 22 33; do
	"$SOGOC" checkpoint --size $old > "$tmp/cpo" 2>/dev/null || continue
	"$SOGOC" proof --consistency $old > "$tmp/co"
	"$V" consistency "$PUB" "$tmp/cpo" "$tmp/cp37" "$tmp/co" \
	    > /dev/null || bad=1
done
ok "Go verifies consistency from every earlier checkpoint" [ $bad -eq 0 ]

done_testing
