#!/bin/sh
# Receipts through a running `sogoc serve`, member by member: a table of
# forged receipts, each refused by `sogoc check-receipt` naming the member
# forged; what a good receipt proves and as of which tree size; the old
# serial of a reissued diploma answering "replaced" with a receipt that
# proves the reissue (and any mismatch still "not found"); and
# `check-receipt --online` telling a receipt still true from one that a
# later revocation overtook.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18616 18717 18818 18919 19616 19717"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 12
PUB="$tmp/k/verifier.pub"
K="--key $tmp/k/signer.key --decision-date 2026-11-30"
"$SOGOC" export 2> /dev/null | jq -c 'select(.status == "valid")' |
    head -3 > "$tmp/three"
# row N FIELD: a field of the Nth of three valid records.
row() {
	sed -n "$1p" "$tmp/three" | jq -r ".fields.$2"
}
# Record 1 stays as issued; record 2 is revoked; record 3 is reissued on a
# new form, its old serial kept as the old paper has it.
# shellcheck disable=SC2086
"$SOGOC" revoke --serial "$(row 2 serial_no)" --decision 7/QĐ-SGDĐT \
    --reason "cấp sai" $K 2> /dev/null
# shellcheck disable=SC2086
"$SOGOC" reissue --serial "$(row 3 serial_no)" --new-serial ZX9000002 \
    --decision 8/QĐ-SGDĐT $K 2> /dev/null
serve_start "$tmp/serve.log" --threads 2 --rate 50 --burst 200

# The independent Go verifier (tests/interop/verify.go), written from
# docs/registry.md's table, checks the same receipts where Go is at hand.
go_verifier
go_forged=0
go_refused=0

# verify SERIAL NAME DOB OUT: the status code, the body in OUT.
verify() {
	curl -s -o "$4" -w '%{http_code}' -G "$base/api/v1/verify" \
	    --data-urlencode "serial=$1" --data-urlencode "name=$2" \
	    --data-urlencode "dob=$3"
}
# jqe FILTER... FILE: jq -e, quietly.
jqe() {
	jq -e "$@" > /dev/null
}
# check FILE [OPTION...]: check-receipt's exit status; its output in
# $tmp/out.
check() {
	f=$1
	shift
	"$SOGOC" check-receipt --pub "$PUB" "$@" "$f" > "$tmp/out" 2>&1
}

ok "a valid diploma's receipt is given" \
    [ "$(verify "$(row 1 serial_no)" "$(row 1 full_name)" "$(row 1 date_of_birth)" "$tmp/valid")" = 200 ]
ok "a revoked diploma's too" \
    [ "$(verify "$(row 2 serial_no)" "$(row 2 full_name)" "$(row 2 date_of_birth)" "$tmp/revoked")" = 200 ]
check "$tmp/valid"
ok "the valid receipt checks" [ $? -eq 0 ]
ok "and says which members it proved" \
    sh -c "grep -q '^proved: checkpoint, index, leaf, proof, tlog_proof, record, kind, status, disclosed.full_name' '$tmp/out' && grep -q 'diploma, event, history (1 events), head$' '$tmp/out'"
ok "and the tree size and time the answer holds as of: the record head's" \
    grep -q '^as of: tree size 12 of test.example/sogoc, where the log.s signed head of the record names this event its latest; its event is of 20[0-9-]*T' "$tmp/out"
ok "and that a later change is not in it" grep -q -- '--online' "$tmp/out"
check "$tmp/revoked"
ok "the revoked receipt checks, and says revoked" \
    sh -c "[ $? -eq 0 ] && grep -q 'is revoked' '$tmp/out'"

# forged NAME RECEIPT MEMBER JQ: a receipt changed by JQ is refused, and
# the refusal names MEMBER.
forged() {
	jq "$4" "$tmp/$2" > "$tmp/f.json"
	check "$tmp/f.json"
	rc=$?
	ok "refused: $1 (names $3)" \
	    sh -c "[ $rc -eq 1 ] && grep -q '^receipt REFUSED: .*$3' '$tmp/out'"
	[ $rc -eq 1 ] || sed 's/^/# /' "$tmp/out"
	[ -n "$GOV" ] || return 0
	go_forged=$((go_forged + 1))
	if "$GOV" receipt "$PUB" "$tmp/f.json" > /dev/null 2>&1; then
		echo "# Go passed the forged receipt: $1"
	else
		go_refused=$((go_refused + 1))
	fi
}
forged "a fake revoke appended to history" valid 'history\[1\]' \
    '.history += [{"index": (.index + 1), "kind": "revoke",
      "time": "2026-12-01T00:00:00Z", "decision": "9/QĐ",
      "decision_date": "2026-12-01", "reason": "giả"}]'
forged "a fake revoke appended to history with a real leaf" revoked \
    'history\[2\]' '.history += [.history[1]]'
forged "a history entry's kind changed" revoked 'history\[1\].kind' \
    '.history[1].kind = "correct"'
forged "a history entry's reason changed" revoked 'history\[1\].reason' \
    '.history[1].reason = "nhầm"'
forged "a history entry's reason removed" revoked 'history\[1\].reason' \
    'del(.history[1].reason)'
forged "the proven event's own entry given another kind" valid \
    'history\[0\].kind' '.history[0].kind = "revoke"'
forged "an earlier entry's leaf removed" revoked 'history\[0\].leaf' \
    'del(.history[0].leaf)'
forged "an earlier entry's proof given for the own entry" revoked \
    'history\[1\].leaf' '.history[1].proof = .history[0].proof'
forged "a history entry's time removed" valid 'history\[0\].time' \
    'del(.history[0].time)'
forged "a history entry's made-up member" valid 'history\[0\].note' \
    '.history[0].note = "đã xác minh"'
forged "the revocation dropped from history" revoked \
    'history does not end' '.history |= .[:1]'
forged "history removed" valid 'history is missing' 'del(.history)'
forged "another record's history" valid 'history\[0\]' \
    ".history = $(jq -c .history "$tmp/revoked")"
forged "record changed" valid 'record is not the signed' '.record += 1'
# The security review's forgery (issue 13): a revoked diploma's receipt
# made "valid" by proving its issue event instead, copied from history,
# with the revocation left out of history.  The record's signed head names
# the revocation as its latest event, so the receipt is refused by it.
FORGE_ISSUE='.history[0] as $h | .index = $h.index | .leaf = $h.leaf |
    .proof = $h.proof | del(.tlog_proof) | .status = "valid" |
    .kind = $h.kind | .event = ($h | del(.index, .leaf, .proof, .time)) |
    .history = [$h | del(.leaf, .proof)]'
forged "review: revoked turned valid by proving the issue event" revoked \
    'head names event [0-9]* as the record.s latest as of tree size 13, not event [0-9]*: a later event is left out' \
    "$FORGE_ISSUE"
forged "review: the same with the head dropped" revoked 'head is missing' \
    "$FORGE_ISSUE | del(.head)"
forged "review: the same with the issue heads of its publish" revoked \
    'head is of tree size 12, not the checkpoint.s 13' \
    "$FORGE_ISSUE | .head = $(jq -c .head "$tmp/valid")"
forged "the head of another record" valid 'head is record [0-9]*.s' \
    ".head = $(jq -c .head "$tmp/revoked")"
forged "the checkpoint given as the head" valid 'head is not a record head' \
    '.head = .checkpoint'
forged "the head given as the checkpoint" valid 'checkpoint: malformed' \
    '.checkpoint = .head'
forged "the head's tree size changed" valid 'head: .*signature' \
    '.head |= sub("\n12\n"; "\n13\n")'
forged "a history entry dropped, the head's count kept" revoked \
    'head counts 2 events of the record as of tree size 13, history has 1' \
    '.history |= .[1:]'
forged "top-level kind changed" valid 'kind is not' '.kind = "reissue"'
forged "status revoked turned valid" revoked 'status' '.status = "valid"'
forged "tlog_proof changed" valid 'tlog_proof' \
    '.tlog_proof |= sub("index [0-9]+"; "index 3")'
forged "tlog_proof's checkpoint changed" valid 'tlog_proof' \
    '.tlog_proof |= sub("\n12\n"; "\n13\n")'
forged "event.decision removed" revoked 'event.decision is missing' \
    'del(.event.decision)'
forged "event.decision_date removed" revoked \
    'event.decision_date is missing' 'del(.event.decision_date)'
forged "event.reason removed" revoked 'event.reason is missing' \
    'del(.event.reason)'
forged "event.kind changed" revoked 'event.kind' '.event.kind = "correct"'
forged "a made-up member of event" valid 'event.valid_until' \
    '.event.valid_until = "2099-12-31"'
forged "a made-up signer_title in event" valid 'event.signer_title' \
    '.event.signer_title = "Giám đốc"'
forged "a made-up member of diploma" valid 'diploma.honours' \
    '.diploma.honours = "Xuất sắc"'
forged "diploma.year removed" valid 'diploma.year is missing' \
    'del(.diploma.year)'
forged "a made-up top-level member" valid 'verified is not a member' \
    '.verified = true'
forged "a made-up member of a disclosure" valid 'disclosed.full_name' \
    '.disclosed.full_name.checked = true'
forged "a field that is no field disclosed" valid 'disclosed.nickname' \
    '.disclosed.nickname = .disclosed.full_name'
forged "an older format" valid 'receipt is not .sogoc-receipt/v2' \
    '.receipt = "sogoc-receipt/v1"'
forged "another name" valid 'disclosed.full_name' \
    '.disclosed.full_name.value = "Nguyễn Văn Giả"'
forged "a proof hash dropped" valid 'proof' '.proof |= .[1:]'
# Members of the wrong JSON type: refused, and no crash.
forged "history not an array" valid 'history is missing' '.history = "x"'
forged "a history entry not an object" valid 'history\[0\].index' \
    '.history[0] = 5'
forged "event an array" valid 'event is missing or not an object' \
    '.event = []'
forged "a disclosure a string" valid 'disclosed.full_name is malformed' \
    '.disclosed.full_name = "Nguyễn Văn An"'
forged "record a string" valid 'record is not the signed' \
    '.record |= tostring'

# The old paper of a reissued diploma.
code=$(verify "$(row 3 serial_no)" "$(row 3 full_name)" "$(row 3 date_of_birth)" "$tmp/old")
ok "the old serial of a reissued diploma answers 200, not 404 ($code)" \
    [ "$code" = 200 ]
ok "with status replaced, the new serial, the reissue's decision and date" \
    jqe '.status == "replaced" and .kind == "reissue" and
        .disclosed.serial_no.value == "ZX9000002" and
        .event.decision == "8/QĐ-SGDĐT" and
        .event.decision_date == "2026-11-30"' "$tmp/old"
ok "and the old serial, which the event before the reissue proves" \
    jqe --arg s "$(row 3 serial_no)" '.replaced.serial_no.value == $s and
        (.replaced.index as $i | [.history[].index] | index($i)) != null' "$tmp/old"
check "$tmp/old"
ok "check-receipt verifies it and says replaced, as what" \
    sh -c "[ $? -eq 0 ] && grep -q 'is replaced: reissued as ZX9000002, decision 8/QĐ-SGDĐT of 2026-11-30' '$tmp/out' && grep -q 'replaced, head$' '$tmp/out'"
code=$(verify ZX9000002 "$(row 3 full_name)" "$(row 3 date_of_birth)" "$tmp/new")
ok "the new serial answers valid ($code)" \
    sh -c "[ $code = 200 ] && jq -e '.status == \"valid\"' '$tmp/new' > /dev/null"
c1=$(verify "$(row 3 serial_no)" "Người Khác" "$(row 3 date_of_birth)" "$tmp/m1")
c2=$(verify "$(row 3 serial_no)" "$(row 3 full_name)" "1901-01-01" "$tmp/m2")
c3=$(verify "ZZ0000001" "$(row 3 full_name)" "$(row 3 date_of_birth)" "$tmp/m3")
ok "the old serial with a wrong name or date is not found, as is an unknown serial" \
    sh -c "[ '$c1$c2$c3' = 404404404 ] && cmp -s '$tmp/m1' '$tmp/m2' && cmp -s '$tmp/m2' '$tmp/m3'"
forged "replaced: another old serial" old 'replaced.serial_no does not match' \
    '.replaced.serial_no.value = "QQ0000001"'
forged "replaced: the old serial the new one" old 'replaced.serial_no' \
    '.replaced.serial_no = .disclosed.serial_no'
forged "replaced: an index not in history" old 'replaced.index' \
    '.replaced.index = 0'
forged "replaced removed, status kept" old 'status' 'del(.replaced)'
forged "replaced member made up" old 'replaced.by' '.replaced.by = "x"'
forged "replaced a number" old 'replaced.index' '.replaced = 3'
forged "a valid receipt claimed replaced" valid 'replaced: the proven event is not a reissue' \
    '.status = "replaced" | .replaced = {"index": 0, "serial_no": .disclosed.serial_no}'
forged "the new diploma's receipt claimed replaced" new 'replaced' \
    '.status = "replaced" | .replaced = {"index": .history[0].index,
      "serial_no": .disclosed.serial_no}'
curl -s -G "$base/" --data-urlencode "serial=$(row 3 serial_no)" \
    --data-urlencode "name=$(row 3 full_name)" \
    --data-urlencode "dob=$(row 3 date_of_birth)" > "$tmp/old.html"
ok "the page says the old serial was replaced, in Vietnamese" \
    sh -c "grep -q 'Văn bằng đã được cấp lại' '$tmp/old.html' && grep -q 'ZX9000002' '$tmp/old.html' && grep -q '30/11/2026' '$tmp/old.html' && grep -qF '8/QĐ-SGDĐT' '$tmp/old.html'"
curl -s -G "$base/" --data-urlencode "lang=en" \
    --data-urlencode "serial=$(row 3 serial_no)" \
    --data-urlencode "name=$(row 3 full_name)" \
    --data-urlencode "dob=$(row 3 date_of_birth)" > "$tmp/old-en.html"
ok "and in English" \
    sh -c "grep -q 'Replaced: this diploma was reissued' '$tmp/old-en.html' && grep -q 'ZX9000002' '$tmp/old-en.html'"


# Online: still true, then overtaken by a revocation.
check "$tmp/valid" --online "$base"
ok "--online: the valid receipt still holds" \
    sh -c "[ $? -eq 0 ] && grep -q '^online: at tree size 14 .*unchanged' '$tmp/out'"
check "$tmp/old" --online "$base/"
ok "--online: the replaced receipt still holds" \
    sh -c "[ $? -eq 0 ] && grep -q 'unchanged' '$tmp/out'"
# shellcheck disable=SC2086
"$SOGOC" revoke --serial "$(row 1 serial_no)" --decision 9/QĐ-SGDĐT \
    --reason "gian lận" $K 2> /dev/null
check "$tmp/valid"
ok "offline, the receipt still checks: it holds as of its tree size" \
    [ $? -eq 0 ]
verify "$(row 1 serial_no)" "$(row 1 full_name)" "$(row 1 date_of_birth)" \
    "$tmp/revoked1" > /dev/null
# A stale head: genuinely signed, but of the tree before the revocation,
# where the issue was the record's latest event.
forged "stale head: the revoked receipt with the head from before" \
    revoked1 'head is of tree size 12, not the checkpoint.s 15' \
    ".head = $(jq -c .head "$tmp/valid")"
forged "stale head: the review's forgery with the head from before" \
    revoked1 'head is of tree size 12, not the checkpoint.s 15' \
    "$FORGE_ISSUE | .head = $(jq -c .head "$tmp/valid")"
check "$tmp/valid" --online "$base"
rc=$?
ok "--online: a later revocation is found (exit $rc)" \
    sh -c "[ $rc -eq 4 ] && grep -q '^online: at tree size 15 (proven to extend the receipt.s 12), the record changed since the receipt: now revoked: revoke event 14 .*decision 9/QĐ-SGDĐT of 2026-11-30, reason: gian lận' '$tmp/out'"
# shellcheck disable=SC2086
"$SOGOC" reissue --serial ZX9000002 --new-serial ZX9000003 \
    --decision 10/QĐ-SGDĐT $K 2> /dev/null
check "$tmp/new" --online "$base"
rc=$?
ok "--online: a later reissue of the new diploma is found too (exit $rc)" \
    sh -c "[ $rc -eq 4 ] && grep -q 'now replaced: reissue event 15 .*reissued as ZX9000003' '$tmp/out'"
if [ -n "$GOV" ]; then
	bad=0
	for r in valid revoked old new revoked1; do
		"$GOV" receipt "$PUB" "$tmp/$r" > /dev/null || bad=1
	done
	ok "Go verifies the valid, revoked, replaced and new receipts" \
	    [ $bad -eq 0 ]
	ok "Go refuses every forged receipt too ($go_refused of $go_forged)" \
	    [ "$go_refused" -eq "$go_forged" ]
fi

# A service whose log is not the receipt's: another registry, signed with
# the same key, with a checkpoint of the receipt's size.
kill -TERM $spid
wait $spid
SOGOC_DB="$tmp/db2"
"$top_builddir/sogoc-gen" --seed 4 --csv 20 --out "$tmp/ledger2" \
    > "$tmp/vol2"
# shellcheck disable=SC2046
"$SOGOC" import --publish --batch 6 --key "$tmp/k/signer.key" \
    $(cat "$tmp/vol2") "$tmp/ledger2.csv" 2> /dev/null
serve_start "$tmp/serve2.log" --rate 50 --burst 200
check "$tmp/valid" --online "$base"
ok "--online: a log rewritten under the same key is refused" \
    sh -c "[ $? -eq 1 ] && grep -q '^online: cannot ask .*does not extend the receipt.s of size 12 (consistency proof refused)' '$tmp/out'"
check "$tmp/valid" --online "http://127.0.0.1:1"
ok "--online with nothing listening fails, saying so" \
    sh -c "[ $? -eq 1 ] && grep -q '^online: cannot ask' '$tmp/out'"
check "$tmp/valid" --online "file:///etc/passwd"
ok "--online takes only http and https" \
    sh -c "[ $? -eq 1 ] && grep -q 'only http:// and https://' '$tmp/out'"

done_testing
