#!/bin/sh
# Leaf versions: a registry written before sogoc/event/v2 (the fixture
# tests/fixtures/leafv1.tar.gz, made by tests/fixtures/leafv1.sh with the
# sogoc of commit d49c9cb) still audits, its old receipts still check, and
# its v1 leaves are served byte for byte as before; events logged now are
# v2 leaves that name no staff account, only its salted digest, which a
# `proof --reveal by` opens and a forged one does not; the staff console
# still shows who did what, old and new.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18691 18793 18895 18997 19691 19793"
. "$top_srcdir/tests/serve_lib.sh"

tar -xzf "$top_srcdir/tests/fixtures/leafv1.tar.gz" -C "$tmp" || exit 1
chmod 700 "$tmp/db"
chmod 600 "$tmp/k/signer.key"
export SOGOC_DB="$tmp/db"
PUB="$tmp/k/verifier.pub"
OLD="clerk.nguyenvan"	# who published the fixture (its v1 leaves)
NEW="chi.registrar"	# who revokes now, through the console

go_verifier
# gov MODE ARG...: the Go verifier's verdict, or success without Go.
gov() {
	[ -z "$GOV" ] && return 0
	"$GOV" "$1" "$PUB" "$2" > "$tmp/gov.out" 2>&1
}
# check RECEIPT: check-receipt's and the Go verifier's verdict.
check() {
	"$SOGOC" check-receipt --pub "$PUB" "$1" > "$tmp/out" 2>&1 &&
	    gov receipt "$1"
}
# old_receipts WHEN: the three receipts the fixture's sogoc gave check.
old_receipts() {
	for r in valid revoked corrected; do
		check "$tmp/receipt-$r.json"
		ok "its $r receipt, given before v2, checks $1" [ $? -eq 0 ]
	done
}
# leaf JSON OUT: the leaf bytes of a proof or receipt.
leaf() {
	jq -r .leaf "$1" | base64 -d > "$2"
}
# by_digest SALT ACCOUNT: the v2 `by` line's digest, with coreutils.
by_digest() {
	{ printf '%s' "$1" | base64 -d; printf 'by\000'; printf '%s' "$2"; } |
	    sha256sum | xxd -r -p | base64
}
# verify SERIAL NAME DOB OUT: the verify API's status, the body in OUT.
verify() {
	curl -s -o "$4" -w '%{http_code}' -G "$base/api/v1/verify" \
	    --data-urlencode "serial=$1" --data-urlencode "name=$2" \
	    --data-urlencode "dob=$3"
}

# The old registry, read by this sogoc.
ok "a v1 registry audits" \
    sh -c "'$SOGOC' audit --pub '$PUB' > '$tmp/audit' 2>&1"
ok "and says how many of its leaves show an account: all 8" \
    grep -q '^note: 8 leaves (sogoc/event/v1) show the staff account' \
    "$tmp/audit"
old_receipts "with this sogoc"
ok "its old proof still checks in Go" gov inclusion "$tmp/proof-valid.json"
leaf "$tmp/proof-valid.json" "$tmp/leaf.v1"
ok "its leaves are v1 and show who published them" \
    sh -c "head -1 '$tmp/leaf.v1' | grep -qx 'sogoc/event/v1' &&
    grep -qx 'by $OLD' '$tmp/leaf.v1'"
# Written before sogoc-registry/2: upgraded before anything writes to it
# (tests/registry_upgrade.sh tests the upgrade itself).
ok "sogoc upgrade brings it to this sogoc's format" \
    sh -c "'$SOGOC' upgrade 2> /dev/null"
add_user "$NEW" "chi's long password" registrar
STAFF=1 serve_start "$tmp/serve.log" --key "$tmp/k/signer.key"
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"

"$SOGOC" proof --record 1 --reveal by > "$tmp/p1.json" 2> /dev/null
ok "proof --reveal by of a v1 leaf: the account, no salt (it is in clear)" \
    jqok ".by == {\"value\": \"$OLD\"}" "$tmp/p1.json"
ok "which the Go verifier finds in the leaf" gov inclusion "$tmp/p1.json"
if [ -n "$GOV" ]; then
	jq '.by.value = "an.admin"' "$tmp/p1.json" > "$tmp/p1f.json"
	gov inclusion "$tmp/p1f.json"
	ok "and another account not" [ $? -ne 0 ]
fi

# The same receipt asked again: the v1 leaf recomputed byte for byte.
ok "a v1 record's receipt is given again" \
    [ "$(verify A3650181 "Lê Thị Tuyết" 1972-05-20 "$tmp/again")" = 200 ]
ok "with the very leaf it had before v2" \
    [ "$(jq -r .leaf "$tmp/again")" = "$(jq -r .leaf "$tmp/receipt-valid.json")" ]
check "$tmp/again"
ok "and it checks" [ $? -eq 0 ]

# A registrar revokes a v1 record through the console: a v2 event.
login "$NEW" "chi's long password"
csrf=$(csrf_of "$NEW")
post "$NEW" /record -d "csrf=$csrf" -d n=4 -d kind=revoke \
    --data-urlencode "decision=11/QĐ-SGDĐT" -d decision_date=2026-12-02 \
    --data-urlencode "reason=cấp trùng"
ok "the registrar revokes record 4 ($code)" [ "$code" = 303 ]
"$SOGOC" proof --record 4 --reveal full_name,by > "$tmp/p4.json" 2> /dev/null
leaf "$tmp/p4.json" "$tmp/leaf.v2"
ok "the new event is a v2 leaf" \
    sh -c "head -1 '$tmp/leaf.v2' | grep -qx 'sogoc/event/v2'"
ok "whose bytes name no account" \
    sh -c "! grep -aqF '$NEW' '$tmp/leaf.v2'"
ok "only a digest of it" \
    grep -Eqx 'by [A-Za-z0-9+/]{43}=' "$tmp/leaf.v2"
salt=$(jq -r .by.salt "$tmp/p4.json")
ok "proof --reveal by names who did it, and its salt" \
    [ "$(jq -r .by.value "$tmp/p4.json")" = "$NEW" ]
ok "which a stranger recomputes with coreutils to the leaf's by line" \
    grep -qx "by $(by_digest "$salt" "$NEW")" "$tmp/leaf.v2"
ok "and the Go verifier accepts" gov inclusion "$tmp/p4.json"

# Forged disclosures of who did it.
jq '.by.value = "an.admin"' "$tmp/p4.json" > "$tmp/forged1.json"
ok "another account under the same salt is not the leaf's" \
    sh -c "! grep -qx 'by $(by_digest "$salt" an.admin)' '$tmp/leaf.v2'"
jq '.by.salt = "AAAAAAAAAAAAAAAAAAAAAA=="' "$tmp/p4.json" > "$tmp/forged2.json"
if [ -n "$GOV" ]; then
	gov inclusion "$tmp/forged1.json"
	ok "the Go verifier refuses a forged account" \
	    sh -c "[ $? -ne 0 ] && grep -q 'by does not match' '$tmp/gov.out'"
	gov inclusion "$tmp/forged2.json"
	ok "and a forged salt" \
	    sh -c "[ $? -ne 0 ] && grep -q 'by does not match' '$tmp/gov.out'"
fi

# The new receipt: a v2 leaf, with the v1 issue event in its history.
ok "the revoked record's receipt is given" \
    [ "$(verify A3650184 "Lê Văn Đạt" 1973-03-18 "$tmp/r4")" = 200 ]
check "$tmp/r4"
ok "and checks, v2 leaf and v1 history" \
    sh -c "[ $? -eq 0 ] && grep -q 'is revoked' '$tmp/out'"
ok "it carries no account, in no member" \
    sh -c "! grep -qF '$NEW' '$tmp/r4' && ! grep -qF '\"by\"' '$tmp/r4'"
# Its leaf with another `by` digest (the salted digest of another
# account) is not the leaf the log signed.
leaf "$tmp/r4" "$tmp/leaf.r4"
sed "s|^by .*|by $(by_digest "$salt" an.admin)|" "$tmp/leaf.r4" > "$tmp/leaf.f"
jq --arg l "$(base64 -w0 < "$tmp/leaf.f")" '.leaf = $l' "$tmp/r4" \
    > "$tmp/r4f"
"$SOGOC" check-receipt --pub "$PUB" "$tmp/r4f" > "$tmp/out" 2>&1
ok "a receipt whose v2 by line is forged is refused" \
    sh -c "[ $? -ne 0 ] && grep -q 'leaf is not in the signed log' '$tmp/out'"
if [ -n "$GOV" ]; then
	gov receipt "$tmp/r4f"
	ok "by the Go verifier too" [ $? -ne 0 ]
fi

# The staff side shows who did what, from v1 and v2 events alike.
"$SOGOC" lookup --record 4 > "$tmp/look" 2> /dev/null
ok "lookup names both accounts" \
    jqok ".events[0].by == \"$OLD\" and .events[1].by == \"$NEW\"" \
    "$tmp/look"
get "$NEW" "/record?n=4"
ok "the record's console page shows both" \
    sh -c "grep -qF '<td>$NEW</td>' '$tmp/out' &&
    grep -qF '<td>$OLD</td>' '$tmp/out'"

# The mixed registry, and the receipts given before v2.
ok "the mixed registry audits" \
    sh -c "'$SOGOC' audit --pub '$PUB' > '$tmp/audit' 2>&1"
ok "and its v2 event is not among those that show an account" \
    grep -q '^note: 8 leaves (sogoc/event/v1)' "$tmp/audit"
old_receipts "after v2 events"
stop_clean "$tmp/serve.log"
done_testing
