#!/bin/sh
# sogoc's diplomas as SD-JWT VCs, checked by implementations we did not
# write: npm's @sd-jwt/sd-jwt-vc and @sd-jwt/jwt-status-list (node, no
# browser; tests/browser/sdjwt.mjs) against a running `sogoc serve`: the
# signature with the key of our issuer metadata, the disclosures, the vct
# and its type metadata, the status valid before and revoked after `sogoc
# revoke`; a presentation of name, date of birth and serial that shows
# nothing else; an altered disclosure, another credential's disclosure, a
# changed payload and a revoked status refused.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/serve_lib.sh"

. "$top_srcdir/tests/node_lib.sh"
missing=""
command -v node > /dev/null || missing="node missing"
for m in sd-jwt-vc jwt-status-list; do
	[ -f "$bdir/node_modules/@sd-jwt/$m/package.json" ] ||
	    missing="${missing:+$missing, }@sd-jwt/$m missing"
	# (npm ci --prefix tests/browser installs it)
done
for c in curl jq openssl timeout; do
	command -v $c > /dev/null || missing="${missing:+$missing, }$c missing"
done
if [ -n "$missing" ]; then
	if [ "${SOGOC_REQUIRE_BROWSER:-0}" = 1 ]; then
		ok "the interop test can run: $missing" false
		done_testing
	fi
	skip_all "$missing"
fi

make_registry 6
openssl genpkey -algorithm ed25519 -out "$tmp/cred.pem" 2> /dev/null
chmod 600 "$tmp/cred.pem"
SERVE_PORTS="18787 18888 18989 19090"
free_port
cat > "$tmp/serve.conf" <<CONF
[serve]
public-url = http://127.0.0.1:$port
credential-key = $tmp/cred.pem
CONF
SERVE_PORTS=$port serve_start "$tmp/serve.log" --config "$tmp/serve.conf"

"$SOGOC" credential --config "$tmp/serve.conf" --record 1 \
    --out "$tmp/a.sdjwt" 2> "$tmp/err"
ok "sogoc credential issues record 1's" contains "$tmp/err" \
    "credential 0 of the status list"
"$SOGOC" credential --config "$tmp/serve.conf" --record 2 \
    --out "$tmp/b.sdjwt" 2> /dev/null
ok "and record 2's, index 1" [ "$(cut -d. -f2 "$tmp/b.sdjwt" |
    tr -- '-_' '+/' | base64 -d 2>/dev/null | jq .status.status_list.idx)" = 1 ]
# The shell's own check of what a credential carries in clear: no field.
# What record 1 holds, before its revocation, is what a's claims say.
"$SOGOC" lookup --record 1 > "$tmp/rec1.json"
name=$(jq -r .fields.full_name "$tmp/rec1.json")
ok "the issuer-signed part names nobody" sh -c "! cut -d~ -f1 \
    '$tmp/a.sdjwt' | cut -d. -f2 | tr -- '-_' '+/' | base64 -d \
    2>/dev/null | grep -qF '$name'"

# node_run PHASE: the npm verifier's checks of PHASE into $tmp/results.
node_run() {
	jq -c --arg base "$base" --arg phase "$1" --arg a "$tmp/a.sdjwt" \
	    --arg b "$tmp/b.sdjwt" '{base: $base, phase: $phase, a: $a,
	    b: $b, expect: (.fields + {issuing_authority: .authority,
	    diploma_type: .type, graduation_year: .year} |
	    with_entries(select(.value != null and .value != "")))}' \
	    "$tmp/rec1.json" > "$tmp/config.json"
	NODE_PATH="$bdir/node_modules" timeout -k 5 60 node "$bdir/sdjwt.mjs" \
	    "$tmp/config.json" "$tmp/results" > "$tmp/node.out" 2>&1
	[ -s "$tmp/node.out" ] && sed 's/^/# node: /' "$tmp/node.out"
}
# point ID DESCRIPTION: the TAP point of check ID of the node run.
point() {
	st=$(awk -F'\t' -v id="$1" '$2 == id { print $1; exit }' \
	    "$tmp/results" 2>/dev/null)
	ok "$2" [ "$st" = ok ]
	awk -F'\t' -v id="$1" '$2 == id { print "# " $3; exit }' \
	    "$tmp/results"
}

node_run valid
point metadata "issuer metadata at /.well-known/jwt-vc-issuer: issuer, one JWK"
point status-token "status list token: application/statuslist+jwt, typ, max-age"
point list-valid "both credentials' bits are 0 before any revocation"
point verify "the npm verifier checks the signature with the metadata's key"
point vct "vct is ours and its type metadata is fetched and valid"
point claims "every field comes out of its disclosure"
point status-valid "the status claim points into our status list"
point present "a presentation of name, date of birth, serial shows only those"
point altered "an altered disclosure is refused"
point altered-hidden "an altered disclosure never shows its value"
point foreign "another credential's disclosure is refused"
point signature "a changed payload fails the issuer's signature"
point status-expired "two days on, the expired status list token refuses it"

"$SOGOC" revoke --record 1 --decision 7/QĐ-SGDĐT \
    --decision-date 2026-12-01 --reason "cấp sai" --key "$tmp/k/signer.key" \
    2> /dev/null
node_run revoked
point list-revoked "after sogoc revoke, record 1's bit is 1, record 2's 0"
point revoked "the npm verifier refuses the revoked credential"
point other-valid "record 2's credential still verifies"

"$SOGOC" credential --config "$tmp/serve.conf" --record 1 \
    > /dev/null 2> "$tmp/err"
ok "a revoked diploma gets no new credential" contains "$tmp/err" "revoked"
curl -s -D "$tmp/hdr" -o /dev/null "$base/credentials/vn-diploma/v1"
ok "type metadata: JSON, cached a day, open to any origin" sh -c \
    "grep -qi '^content-type: application/json' '$tmp/hdr' &&
    grep -qi '^cache-control: public, max-age=86400' '$tmp/hdr' &&
    grep -qi '^access-control-allow-origin: \*' '$tmp/hdr'"
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "sogoc audit checks the status list: 2 credentials, no problem" sh -c \
    "grep -q 'audit passed' '$tmp/audit' &&
    grep -q 'status list: 2 credentials checked' '$tmp/audit'"
ok "the server logged no graduate's name" sh -c "! grep -qF '$name' \
    '$tmp/serve.log'"
done_testing
