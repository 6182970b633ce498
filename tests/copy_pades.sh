#!/bin/sh
# Certified copies that outlive their certificate (PAdES B-T, B-LT): a
# copy time-stamped by a time-stamping authority (tests/tsaserver, OpenSSL's
# TS_RESP_CTX), checked by tools we did not write: `openssl ts -verify` on
# the token taken out of the PDF, and pdfsig after the signing
# certificate has expired (faketime).  The DSS with the chains and the
# CRL.  A token altered fails; an authority that is down, answers
# garbage, another nonce or imprint, a megabyte, nothing for 12 s, or
# refuses: no copy, a clear
# message, nothing logged; a registrar approving in the console is told
# why and the request stays pending.  With copy-tsa-optional the copy
# goes out B-B and says so.
. "${top_srcdir:-.}/tests/tap.sh"

for c in pdfsig openssl faketime curl jq xxd; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18631 18732 18833 18934 19631 19732"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 6
pick_valid
export SOGOC_USER=registrar1

# A CA of the test's own; under it the time-stamping authority (10
# years) and the department, whose certificate ends tomorrow.
mkdir "$tmp/pki"
pk="$tmp/pki"
cat > "$pk/ext.cnf" <<EOF
[tsa]
basicConstraints = CA:FALSE
extendedKeyUsage = critical,timeStamping
[leaf]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,nonRepudiation
[ca]
default_ca = d
[d]
database = $pk/index.txt
crlnumber = $pk/crlnumber
default_md = sha256
default_crl_days = 30
EOF
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pk/ca.key" \
    -out "$pk/ca.crt" -days 3650 -subj "/CN=sogoc test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=keyCertSign,cRLSign" > /dev/null 2>&1
leaf() {	# leaf NAME DAYS EXTENSIONS SUBJECT
	openssl req -newkey rsa:2048 -nodes -keyout "$pk/$1.key" \
	    -out "$pk/$1.csr" -subj "$4" > /dev/null 2>&1
	openssl x509 -req -in "$pk/$1.csr" -CA "$pk/ca.crt" -CAkey "$pk/ca.key" \
	    -CAcreateserial -days "$2" -extfile "$pk/ext.cnf" -extensions "$3" \
	    -out "$pk/$1.crt" > /dev/null 2>&1
	chmod 600 "$pk/$1.key"
}
leaf tsa 3650 tsa "/CN=sogoc test TSA"
leaf dept 1 leaf "/CN=So Giao duc va Dao tao/O=sogoc test"
: > "$pk/index.txt"
echo 01 > "$pk/crlnumber"
openssl ca -gencrl -config "$pk/ext.cnf" -keyfile "$pk/ca.key" \
    -cert "$pk/ca.crt" -out "$pk/ca.crl" > /dev/null 2>&1
ok "the test PKI: a CA, its CRL, a TSA and a department for one day" \
    sh -c "[ -s '$pk/ca.crl' ] && [ -s '$pk/tsa.crt' ] && [ -s '$pk/dept.crt' ]"

# The authority, on the last of the test's ports (the server takes the
# first free ones), answering as $tmp/mode says.
tport=19732
echo good > "$tmp/mode"
"$top_builddir/tests/tsaserver" "$tport" "$pk/tsa.key" "$pk/tsa.crt" \
    "$tmp/mode" > "$tmp/tsa.out" 2>&1 &
tpid=$!
i=0
while ! grep -q ready "$tmp/tsa.out" && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
cat > "$tmp/serve.conf" <<CONF
[serve]
key = $tmp/k/signer.key
public-url = https://vanbang.sogd.example.vn
copy-key = $pk/dept.key
copy-cert = $pk/dept.crt
copy-chain = $pk/ca.crt
copy-signer = Nguyễn Văn Ký
copy-tsa = http://127.0.0.1:$tport/tsa
copy-tsa-ca = $pk/ca.crt
copy-crl = $pk/ca.crl
CONF
size() { "$SOGOC" checkpoint 2> /dev/null | sed -n 2p; }
add_user chi "chi's long password" registrar
STAFF=1 serve_start "$tmp/log" --config "$tmp/serve.conf" --burst 1000
trap 'kill $tpid $spid 2>/dev/null; rm -rf "$tmp"' EXIT
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
copy() {	# copy OUT [OPTIONS]: sogoc copy of $serial, stderr in $tmp/err
	out=$1
	shift
	"$SOGOC" copy --config "$tmp/serve.conf" --serial "$serial" \
	    --out "$out" "$@" 2> "$tmp/err"
}

copy "$tmp/copy.pdf"
ok "a copy is issued as PAdES B-LT: $(cat "$tmp/err")" \
    sh -c "[ $? -eq 0 ] && grep -q 'PAdES B-LT' '$tmp/err'"

# The token, out of the PDF by pdfsig -dump, then found by asn1parse: the
# DER after the attribute's OID, and the signature value before it.
(cd "$tmp" && pdfsig -dump copy.pdf > /dev/null 2>&1)
sig="$tmp/copy.pdf.sig0"
token() {	# token CMS OUT: the time-stamp token of CMS into OUT.tok,
		# the signature value it is over into OUT.val
	openssl asn1parse -inform DER -in "$1" > "$2.asn1" 2>/dev/null
	awk '/id-smime-aa-timeStampToken/ { found = 1; next }
	    found && /SEQUENCE/ { print; exit }' "$2.asn1" |
	    sed 's/^ *\([0-9]*\):d=[0-9]* *hl= *\([0-9]*\) *l= *\([0-9]*\).*/\1 \2 \3/' \
	    > "$2.at"
	read -r off hl len < "$2.at"
	dd if="$1" of="$2.tok" bs=1 skip="$off" count=$((hl + len)) \
	    2> /dev/null
	awk '/id-smime-aa-timeStampToken/ { print v; exit }
	    /OCTET STRING *\[HEX DUMP\]/ { sub(/.*\[HEX DUMP\]:/, ""); v = $0 }' \
	    "$2.asn1" | xxd -r -p > "$2.val"
}
token "$sig" "$tmp/t"
openssl ts -verify -data "$tmp/t.val" -in "$tmp/t.tok" -token_in \
    -CAfile "$pk/ca.crt" > "$tmp/verify" 2>&1
ok "openssl ts -verify: the token is the TSA's, over the signature value: $(grep Verification "$tmp/verify")" \
    grep -q 'Verification: OK' "$tmp/verify"
openssl ts -reply -in "$tmp/t.tok" -token_in -text > "$tmp/tstext" 2>&1
gentime=$(sed -n 's/^Time stamp: //p' "$tmp/tstext")
notafter=$(openssl x509 -in "$pk/dept.crt" -noout -enddate | sed 's/.*=//')
ok "its time ($gentime) is before the certificate's end ($notafter)" \
    sh -c "[ -n '$gentime' ] && [ $(date -d "$gentime" +%s 2>/dev/null || echo x) -lt $(date -d "$notafter" +%s) ]"
pdfsig "$tmp/copy.pdf" > "$tmp/sig" 2>&1
sed 's/^/# /' "$tmp/sig"
ok "pdfsig today: the signature is valid, the file read without an error" \
    sh -c "grep -q 'Signature Validation: Signature is Valid' '$tmp/sig' &&
    ! grep -qi 'error' '$tmp/sig'"

# After the certificate's end: the signature still checks, the token
# still proves it was made while the certificate was valid.
faketime -f +3d pdfsig "$tmp/copy.pdf" > "$tmp/sig3" 2>&1
sed 's/^/# in 3 days: /' "$tmp/sig3"
faketime -f +3d openssl ts -verify -data "$tmp/t.val" -in "$tmp/t.tok" \
    -token_in -CAfile "$pk/ca.crt" > "$tmp/verify3" 2>&1
ok "in 3 days the certificate has expired, the signature and its time-stamp still check" \
    sh -c "grep -q 'Certificate has Expired' '$tmp/sig3' &&
    grep -q 'Signature Validation: Signature is Valid' '$tmp/sig3' &&
    grep -q 'Verification: OK' '$tmp/verify3'"

# The DSS: the chains and the CRL, in an update after the signature.
ok "the DSS update names the certificates and the CRL" \
    grep -aq '<< /Type /DSS /Certs \[ [0-9]* 0 R [0-9]* 0 R [0-9]* 0 R \] /CRLs \[ [0-9]* 0 R \] >>' \
    "$tmp/copy.pdf"
ok "the catalog points to it, in the file's last update" \
    sh -c "grep -aq '/DSS [0-9]* 0 R /AcroForm' '$tmp/copy.pdf' &&
    [ \"\$(grep -ac '^%%EOF' '$tmp/copy.pdf')\" -eq 3 ]"
crl=$(openssl crl -in "$pk/ca.crl" -outform DER | xxd -p | tr -d '\n')
dept=$(openssl x509 -in "$pk/dept.crt" -outform DER | xxd -p | tr -d '\n')
tsa=$(openssl x509 -in "$pk/tsa.crt" -outform DER | xxd -p | tr -d '\n')
xxd -p "$tmp/copy.pdf" | tr -d '\n' > "$tmp/copy.hex"
ok "it holds the CRL, the department's and the TSA's certificates, byte for byte" \
    sh -c "grep -q '$crl' '$tmp/copy.hex' && grep -q '$dept' '$tmp/copy.hex' &&
    grep -q '$tsa' '$tmp/copy.hex'"

# A byte of the token's own signature changed in the PDF (its /Contents
# holds the CMS in hex): the token no longer checks.
start=$(grep -abo '/Contents <' "$tmp/copy.pdf" | tail -1 | cut -d: -f1)
read -r off hl len < "$tmp/t.at"
at=$((start + 11 + 2 * (off + hl + len - 20)))
cp "$tmp/copy.pdf" "$tmp/forged.pdf"
c=$(dd if="$tmp/copy.pdf" bs=1 skip="$at" count=1 2> /dev/null)
[ "$c" = 0 ] && n=1 || n=0
printf '%s' "$n" | dd of="$tmp/forged.pdf" bs=1 seek="$at" conv=notrunc \
    2> /dev/null
mkdir "$tmp/f"
(cd "$tmp/f" && pdfsig -dump ../forged.pdf > /dev/null 2>&1)
token "$tmp/f/forged.pdf.sig0" "$tmp/f/t"
openssl ts -verify -data "$tmp/f/t.val" -in "$tmp/f/t.tok" -token_in \
    -CAfile "$pk/ca.crt" > "$tmp/fverify" 2>&1
ok "a token altered in the PDF fails openssl ts -verify: $(grep -v Using "$tmp/fverify" | tail -1)" \
    sh -c "[ -s '$tmp/f/t.tok' ] && ! cmp -s '$tmp/t.tok' '$tmp/f/t.tok' &&
    ! grep -q 'Verification: OK' '$tmp/fverify'"

# Authorities that fail: no copy, the reason, and what to do.
refused() {	# refused MODE WORDS
	echo "$1" > "$tmp/mode"
	rm -f "$tmp/none.pdf"
	before=$(size)
	copy "$tmp/none.pdf"
	rc=$?
	after=$(size)
	ok "the authority answers $1: refused, nothing issued: $(cat "$tmp/err")" \
	    sh -c "[ $rc -ne 0 ] && [ ! -e '$tmp/none.pdf' ] &&
	    grep -q '$2' '$tmp/err' && grep -q 'no copy was issued' '$tmp/err' &&
	    [ $after -eq $before ]"
}
refused garbage 'not an RFC 3161 time-stamp response'
refused nonce 'nonce mismatch'
refused imprint 'message imprint mismatch'
refused reject 'status 2: policy <b>refused</b>?forged line'
refused error 'HTTP 500'
refused huge 'too long'
refused slow 'imed out'

# A registrar approving a graduate's request while the authority answers
# garbage: told why, the request still pending, nothing logged; then it
# answers, and the graduate's copy is B-LT.
dob_dmy=$(echo "$dob" | awk -F- '{ print ($3 + 0) "/" ($2 + 0) "/" $1 }')
jq -nc --arg n "$name" --arg d "$dob_dmy" --arg s "$serial" \
    --arg y "$(jq -r .year "$tmp/picked")" \
    '{full_name: $n, date_of_birth: $d, year: $y, serial_no: $s,
    national_id: "079201001234", contact: "0912 345 678"}' > "$tmp/req"
curl -s -H 'Content-Type: application/json' --data-binary "@$tmp/req" \
    "$base/api/v1/copy-requests" > "$tmp/ans"
link=$(jq -r .status_url "$tmp/ans" | sed 's|^/r/||')
n=$(jq -r .request "$tmp/ans")
login chi "chi's long password"
get chi "/copy-request?n=$n"
rec=$(grep -o 'name="record" id="rec[0-9]*"' "$tmp/out" | head -1 | tr -dc 0-9)
tok=$(csrf_of chi)
echo garbage > "$tmp/mode"
before=$(size)
get chi /
post chi /copy-request --data "csrf=$tok&n=$n&action=approve&record=$rec&identity=1"
after=$(size)
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
ok "the registrar approving while the authority answers garbage is told why ($code)" \
    sh -c "[ $code -ge 500 ] && grep -q 'gave no valid time-stamp' '$tmp/out' &&
    grep -q 'no copy was issued' '$tmp/out' && [ $after -eq $before ] &&
    jq -e '.state == \"pending\"' '$tmp/status' > /dev/null"
echo good > "$tmp/mode"
post chi /copy-request --data "csrf=$tok&n=$n&action=approve&record=$rec&identity=1"
curl -s -o "$tmp/grad.pdf" "$base/r/$link/copy.pdf"
pdfsig "$tmp/grad.pdf" > "$tmp/gsig" 2>&1
mkdir "$tmp/g"
(cd "$tmp/g" && pdfsig -dump ../grad.pdf > /dev/null 2>&1)
openssl asn1parse -inform DER -in "$tmp/g/grad.pdf.sig0" > "$tmp/g/asn1" 2>&1
ok "once it answers, the approval goes through and the graduate's copy is B-LT ($code)" \
    sh -c "[ $code = 303 ] && grep -q 'Signature is Valid' '$tmp/gsig' &&
    grep -aq '/Type /DSS /Certs' '$tmp/grad.pdf' &&
    grep -q 'id-smime-aa-timeStampToken' '$tmp/g/asn1'"

# A token from an authority that does not chain to copy-tsa-ca.
echo good > "$tmp/mode"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pk/other.key" \
    -out "$pk/other.crt" -days 30 -subj "/CN=another CA" \
    -addext "basicConstraints=critical,CA:TRUE" > /dev/null 2>&1
rm -f "$tmp/none.pdf"
before=$(size)
copy "$tmp/none.pdf" --copy-tsa-ca "$pk/other.crt"
after=$(size)
ok "a token whose signer does not chain to copy-tsa-ca: no copy: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && [ $after -eq $before ] &&
    grep -q 'certificate verify error' '$tmp/err'"

# A CRL that revokes the department's certificate: no copy.
openssl ca -config "$pk/ext.cnf" -keyfile "$pk/ca.key" -cert "$pk/ca.crt" \
    -revoke "$pk/dept.crt" > /dev/null 2>&1
openssl ca -gencrl -config "$pk/ext.cnf" -keyfile "$pk/ca.key" \
    -cert "$pk/ca.crt" -out "$pk/rev.crl" > /dev/null 2>&1
rm -f "$tmp/none.pdf"
copy "$tmp/none.pdf" --copy-crl "$pk/rev.crl"
ok "a CRL that revokes the department's certificate: no copy: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'revokes the department' '$tmp/err'"
kill $tpid
wait $tpid 2> /dev/null
refused down 'gave no valid time-stamp'

# Unless the config says a copy without a time-stamp will do.
copy "$tmp/bb.pdf" --copy-tsa-optional yes
ok "with copy-tsa-optional, the copy goes out B-B and says why: $(cat "$tmp/err")" \
    sh -c "[ -s '$tmp/bb.pdf' ] && grep -q 'PAdES B-B' '$tmp/err' &&
    grep -q 'WARNING.*without a time-stamp' '$tmp/err'"
sed 's/^copy-tsa-ca.*//' "$tmp/serve.conf" > "$tmp/noca.conf"
rm -f "$tmp/none.pdf"
"$SOGOC" copy --config "$tmp/noca.conf" --serial "$serial" \
    --out "$tmp/none.pdf" 2> "$tmp/err"
ok "copy-tsa without copy-tsa-ca is refused: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'copy-tsa-ca' '$tmp/err'"
copy "$tmp/none.pdf" --copy-tsa ftp://tsa.example.vn
ok "a copy-tsa that is not an http(s) address is refused: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'copy-tsa takes an address' '$tmp/err'"
copy "$tmp/none.pdf" --copy-tsa-optional perhaps
ok "copy-tsa-optional takes true or false: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'takes true or false' '$tmp/err'"
done_testing
