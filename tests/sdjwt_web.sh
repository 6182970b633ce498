#!/bin/sh
# The diploma as an SD-JWT VC over HTTP, both ways to download it: the
# graduate from their private request page once a registrar approved the
# request (the identity check of certified copies), and the registrar
# from the record's page in the staff console.  And the hostile cases: a
# request not approved, a GET, a form of another site, a wallet key with
# its private part, a reviewer, a revoked diploma; each refused, and no
# graduate's name in the server's log.
. "${top_srcdir:-.}/tests/tap.sh"

for c in curl jq openssl; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18717 18818 18919 19020"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 8
pick_valid
export SOGOC_USER=registrar1
make_copy_config
openssl genpkey -algorithm ed25519 -out "$tmp/cred.pem" 2> /dev/null
chmod 600 "$tmp/cred.pem"
echo "credential-key = $tmp/cred.pem" >> "$tmp/serve.conf"
add_user chi "chi's long password" registrar
add_user binh "binh's long password" reviewer
STAFF=1 serve_start "$tmp/log" --config "$tmp/serve.conf" \
    --key "$tmp/k/signer.key" --burst 1000
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
dob_dmy=$(echo "$dob" | awk -F- '{ print ($3 + 0) "/" ($2 + 0) "/" $1 }')
year=$(jq -r .year "$tmp/picked")

# payload FILE: the issuer-signed JWT's claims of the SD-JWT in FILE.
payload() {
	cut -d~ -f1 "$1" | cut -d. -f2 | tr -- '-_' '+/' |
	    awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d
}
# disclosed FILE NAME: the value FILE's disclosure of NAME gives.
disclosed() {
	cut -d~ -f2- "$1" | tr '~' '\n' | while read -r d; do
		[ -n "$d" ] && printf '%s' "$d" | tr -- '-_' '+/' |
		    awk '{ while (length($0) % 4) $0 = $0 "="; print }' |
		    base64 -d && echo
	done | jq -r --arg n "$2" 'select(.[1] == $n) | .[2]'
}
# cred PATH ARG...: POST to the public side's PATH; body $tmp/cred,
# headers $tmp/hdr, status $code.
cred() {
	p=$1
	shift
	code=$(curl -s -o "$tmp/cred" -D "$tmp/hdr" -w '%{http_code}' \
	    -H "Origin: $base" "$@" "$base$p")
}

code=$(curl -s -o "$tmp/ans" -w '%{http_code}' -H \
    'Content-Type: application/json' --data-binary "$(jq -nc \
    --arg n "$name" --arg d "$dob_dmy" --arg y "$year" --arg s "$serial" \
    '{full_name: $n, date_of_birth: $d, year: $y, serial_no: $s,
    national_id: "079201001234", contact: "0912 345 678", copies: 1}')" \
    "$base/api/v1/copy-requests")
link=$(jq -r .status_url "$tmp/ans" | sed 's|^/r/||')
ok "a graduate's copy request is taken ($code)" [ "$code" = 201 ]
cred "/r/$link/credential" --data "jwk="
ok "no credential before a registrar approves ($code)" \
    sh -c "[ $code = 404 ] && grep -q 'not approved' '$tmp/cred'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/r/$link/credential")
ok "a GET of the credential is refused: each is a new one ($code)" \
    [ "$code" = 405 ]
curl -s "$base/r/$link" > "$tmp/st"
ok "the pending page offers no credential" \
    sh -c "! grep -q '/credential' '$tmp/st'"

login chi "chi's long password"
get chi "/copy-request?n=1"
rec=$(grep -o 'name="record" id="rec[0-9]*"' "$tmp/out" | head -1 |
    tr -dc 0-9)
tok=$(csrf_of chi)
post chi /copy-request --data \
    "csrf=$tok&n=1&action=approve&record=$rec&identity=1"
ok "the registrar approves the request ($code)" [ "$code" = 303 ]
curl -s "$base/r/$link" > "$tmp/st"
ok "the approved page has the credential's form" \
    grep -qF "action=\"/r/$link/credential\"" "$tmp/st"

cred "/r/$link/credential" --data "jwk="
ok "the graduate downloads it ($code)" sh -c "[ $code = 200 ] &&
    grep -qi '^content-type: application/dc+sd-jwt' '$tmp/hdr' &&
    grep -qi '^content-disposition: attachment' '$tmp/hdr'"
cp "$tmp/cred" "$tmp/g.sdjwt"
payload "$tmp/g.sdjwt" > "$tmp/g.json"
ok "issuer, vct, status index 0, no cnf" jq -e '.iss ==
    "https://vanbang.sogd.example.vn" and .vct ==
    "https://vanbang.sogd.example.vn/credentials/vn-diploma/v1" and
    .status.status_list.idx == 0 and .cnf == null and .["_sd_alg"] ==
    "sha-256" and (.["_sd"] | length) >= 10' "$tmp/g.json"
gname=$(disclosed "$tmp/g.sdjwt" full_name)
geth=$(disclosed "$tmp/g.sdjwt" ethnicity)
ok "its disclosures are the record's: the name, the ethnicity too" \
    sh -c "[ -n '$geth' ] && [ '$gname' = '$name' ] &&
    [ '$geth' = \"\$(jq -r .fields.ethnicity '$tmp/picked')\" ]"
ok "nothing personal in the signed part" sh -c "! grep -qF '$name' \
    '$tmp/g.json'"

jwk='{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}'
cred "/r/$link/credential" --data-urlencode "jwk=$jwk"
payload "$tmp/cred" > "$tmp/h.json"
ok "a wallet's key is bound as cnf ($code)" sh -c "[ $code = 200 ] &&
    jq -e '.cnf.jwk.x == \"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\" and
    .status.status_list.idx == 1' '$tmp/h.json' > /dev/null"
cred "/r/$link/credential" --data-urlencode \
    "jwk={\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"d\":\"AA\"}"
ok "a wallet key with its private part is refused ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'private' '$tmp/cred'"
cred "/r/$link/credential" --data-urlencode "jwk=not json"
ok "a wallet key that is not a JWK is refused ($code)" [ "$code" = 409 ]
code=$(curl -s -o "$tmp/cred" -w '%{http_code}' -H \
    "Origin: https://evil.example" --data "jwk=" \
    "$base/r/$link/credential")
ok "a form of another site is refused ($code)" [ "$code" = 403 ]
cred "/r/x$link/credential" --data "jwk="
ok "a wrong link gets nothing ($code)" [ "$code" = 404 ]

# The registrar's way, in the console.
get chi "/record?n=$rec"
ok "the record's page has the credential's form" \
    grep -q 'action="/record/credential"' "$tmp/out"
tok=$(csrf_of chi)
code=$(curl -s -o "$tmp/c.sdjwt" -D "$tmp/hdr" -w '%{http_code}' \
    -b "$tmp/chi" -H "$origin" --data "csrf=$tok&n=$rec&jwk=" \
    "$staff/record/credential")
ok "the registrar downloads the record's credential ($code)" sh -c "
    [ $code = 200 ] && grep -qi '^content-type: application/dc+sd-jwt' \
    '$tmp/hdr'"
ok "with the next index, 2" jq -e '.status.status_list.idx == 2' \
    "$(payload "$tmp/c.sdjwt" > "$tmp/c.json"; echo "$tmp/c.json")"
login binh "binh's long password"
tok=$(csrf_of binh)
post binh /record/credential --data "csrf=$tok&n=$rec&jwk="
ok "a reviewer may not ($code)" [ "$code" = 403 ]
post chi /record/credential --data "n=$rec&jwk="
ok "nor a form without the session's CSRF token ($code)" [ "$code" = 403 ]

"$SOGOC" revoke --record "$rec" --decision 7/QĐ --decision-date \
    2026-12-01 --reason "cấp sai" --key "$tmp/k/signer.key" 2> /dev/null
cred "/r/$link/credential" --data "jwk="
ok "a revoked diploma gets no new credential ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'revoked' '$tmp/cred'"
curl -s -D "$tmp/hdr" -o "$tmp/tok" "$base/credentials/status"
ok "the status list token is served, a JWT of typ statuslist+jwt" sh -c "
    grep -qi '^content-type: application/statuslist+jwt' '$tmp/hdr' &&
    grep -qi '^cache-control: public, max-age=300' '$tmp/hdr' &&
    [ \"\$(cut -d. -f1 '$tmp/tok' | tr -- '-_' '+/' | base64 -d \
    2>/dev/null | jq -r .typ)\" = statuslist+jwt ]"
ok "the logs name no graduate" sh -c "! grep -qF '$name' '$tmp/log'"
done_testing
