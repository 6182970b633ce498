#!/bin/sh
# The verification API through a running `sogoc serve`, driven with curl:
# a receipt for a full match that `sogoc check-receipt` verifies offline,
# the same "not found" whatever did not match, hostile requests refused
# while the server keeps serving, forged receipts refused, and a clean stop.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
SERVE_PORTS="18656 18757 18858 18959 19656 19757"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 30
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/x" > /dev/null 2>&1
PUB="$tmp/k/verifier.pub"
METRICS=1 serve_start "$tmp/serve.log" --threads 2 --rate 5 --burst 40 \
    --access-log
ok "the server answers /healthz" \
    [ "$(curl -s "$base/healthz")" = ok ]

"$SOGOC" export > "$tmp/all.jsonl" 2>/dev/null
pick_valid
plain=$(printf '%s' "$name" | iconv -f utf-8 -t ascii//TRANSLIT | tr a-z A-Z)
d=$(echo "$dob" | awk -F- '{ printf "%d/%d/%s", $3, $2, $1 }')

# verify SERIAL NAME DOB OUT: the status code, the body in OUT.
verify() {
	curl -s -o "$4" -w '%{http_code}' -G "$base/api/v1/verify" \
	    --data-urlencode "serial=$1" --data-urlencode "name=$2" \
	    --data-urlencode "dob=$3"
}
ok "a full match returns 200" \
    [ "$(verify "$serial" "$name" "$dob" "$tmp/r.json")" = 200 ]
ok "the receipt says valid" [ "$(jq -r .status "$tmp/r.json")" = valid ]
ok "the receipt never holds ethnicity or place of birth" \
    [ "$(jq '.disclosed | has("ethnicity") or has("place_of_birth")' "$tmp/r.json")" = false ]
ok "the name matches without diacritics, in capitals, the date as d/m/yyyy" \
    [ "$(verify "$(echo "$serial" | tr A-Z a-z)" "$plain" "$d" "$tmp/r2.json")" = 200 ]
"$SOGOC" check-receipt --pub "$PUB" "$tmp/r.json" > "$tmp/check" 2>&1
ok "check-receipt verifies it offline" contains "$tmp/check" "receipt verified"
ok "check-receipt with another key refuses it" \
    sh -c "! '$SOGOC' check-receipt --pub '$tmp/x/verifier.pub' '$tmp/r.json' > /dev/null"

# forged WHAT JQ: a changed receipt must be refused.
forged() {
	jq "$2" "$tmp/r.json" > "$tmp/f.json"
	ok "check-receipt refuses a receipt with $1" \
	    sh -c "! '$SOGOC' check-receipt --pub '$PUB' '$tmp/f.json' > /dev/null"
}
forged "another name" '.disclosed.full_name.value = "Nguyễn Văn Giả"'
forged "another classification" '.disclosed.classification.value = "Xuất sắc"'
forged "status revoked turned valid" '.status = "revoked"'
forged "another year" '.diploma.year = "1899"'
forged "a proof hash dropped" '.proof |= .[1:]'
forged "another index" '.index += 1'
forged "a changed checkpoint" '.checkpoint |= sub("\n30\n"; "\n31\n")'

code1=$(verify "$serial" "Người Khác" "$dob" "$tmp/m1.json")
code2=$(verify "$serial" "$name" "1901-01-01" "$tmp/m2.json")
code3=$(verify "ZZ0000000" "$name" "$dob" "$tmp/m3.json")
ok "a wrong name, a wrong date and an unknown serial all give 404" \
    [ "$code1$code2$code3" = 404404404 ]
ok "and the same body" \
    sh -c "cmp -s '$tmp/m1.json' '$tmp/m2.json' && cmp -s '$tmp/m2.json' '$tmp/m3.json'"
ok "missing parameters give 400" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/verify?serial=$serial")" = 400 ]
ok "invalid UTF-8 gives 400" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/verify?serial=A%ff&name=x&dob=1980")" = 400 ]
ok "and the error names the part that is wrong" \
    sh -c "curl -s '$base/api/v1/verify?serial=A%ff&name=x&dob=1980' | grep -q '\"serial is required' &&
    curl -s '$base/api/v1/verify?serial=A1&name=x&dob=31/2/1980' | grep -q '\"dob is required: a date that exists'"
long=$(head -c 100000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/verify?serial=$long")
ok "a 100 KB URL gets a 4xx ($code)" [ "$code" -ge 400 -a "$code" -lt 500 ]
ok "POST is refused" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/verify")" = 405 ]
ok "a POST with a body gets its 405 too, saying what is allowed" \
    sh -c "curl -s -D - -o /dev/null -d 'serial=x' '$base/api/v1/verify' | grep -qi '^allow: GET, HEAD'"
ok "a GET with a body gets 413, before the body is read" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X GET --data-binary "$(head -c 4000 /dev/zero | tr '\0' x)" "$base/api/v1/verify")" = 413 ]
# A truncated request, left hanging, and one cut off mid-header.
bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /api/v1/verify?serial=' >&3; sleep 1" &
bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ' >&3; exec 3>&-"
wait $!
ok "after all that the server still answers" \
    [ "$(curl -s "$base/healthz")" = ok ]
ok "responses carry the security headers" \
    sh -c "curl -s -D - -o /dev/null '$base/healthz' | grep -i '^content-security-policy: default-src .none.;' | grep -q 'frame-ancestors .none.'"
ok "/checkpoint is the signed checkpoint" \
    sh -c "curl -s '$base/checkpoint' | cmp -s - '$tmp/cp' || { '$SOGOC' checkpoint > '$tmp/cp'; curl -s '$base/checkpoint' | cmp -s - '$tmp/cp'; }"
ok "the access log has lines" grep -q '^sogoc serve: verify 200 ' "$tmp/serve.log"
ok "the log names no personal data" \
    sh -c "! grep -qF '$serial' '$tmp/serve.log' && ! grep -qF '$name' '$tmp/serve.log'"
# The HTML page, without JavaScript, in both languages.
curl -s "$base/" > "$tmp/page.html"
ok "the page is Vietnamese by default" \
    sh -c "grep -q '<html lang=\"vi\"' '$tmp/page.html' && grep -q 'Số hiệu văn bằng' '$tmp/page.html'"
ok "every input has a label" \
    sh -c "[ \$(grep -o '<label for=' '$tmp/page.html' | wc -l) -eq 3 ]"
ok "the page has no script" sh -c "! grep -qi '<script' '$tmp/page.html'"
ok "?lang=en is English" \
    sh -c "curl -s '$base/?lang=en' | grep -q 'Serial number'"
curl -s -G "$base/" --data-urlencode "serial=$serial" \
    --data-urlencode "name=$name" --data-urlencode "dob=$dob" > "$tmp/hit.html"
ok "a match on the page says valid and shows the name" \
    sh -c "grep -q 'Văn bằng hợp lệ' '$tmp/hit.html' && grep -qF '$name' '$tmp/hit.html'"
ok "the page offers the receipt" grep -q 'download="receipt.json"' "$tmp/hit.html"
curl -s -G "$base/" --data-urlencode "serial=$serial" \
    --data-urlencode "name=<script>alert(1)</script>" \
    --data-urlencode "dob=$dob" > "$tmp/xss.html"
ok "a miss says not found, and what was typed comes back escaped" \
    sh -c "grep -q 'Không tìm thấy' '$tmp/xss.html' && grep -qF '&lt;script&gt;' '$tmp/xss.html' && ! grep -q '<script>' '$tmp/xss.html'"

# One client asking 10,000 times: after its burst, throttled.  It asks
# from 127.0.0.2, a client address with a full bucket.
i=0
while [ $i -lt 10000 ]; do
	echo "url = \"$base/api/v1/verify?serial=ZZ$i&name=x&dob=1980\""
	echo "output = /dev/null"
	i=$((i + 1))
done > "$tmp/flood.cfg"
curl -s --interface 127.0.0.2 -w '%{http_code}\n' -K "$tmp/flood.cfg" \
    > "$tmp/flood.out"
n429=$(grep -c '^429$' "$tmp/flood.out")
n404=$(grep -c '^404$' "$tmp/flood.out")
echo "# 10,000 requests: $n404 answered, $n429 throttled"
ok "10,000 requests from one client: all but a few throttled with 429" \
    [ "$n429" -ge 9800 -a $((n429 + n404)) -eq 10000 ]
head -200 "$tmp/flood.cfg" > "$tmp/again.cfg"
curl -s --interface 127.0.0.2 -D "$tmp/again.hdr" -K "$tmp/again.cfg" \
    > /dev/null
ok "a throttled answer says when to retry" \
    grep -qi '^retry-after: [1-9]' "$tmp/again.hdr"
ok "another client is still answered meanwhile" \
    [ "$(verify "$serial" "$name" "$dob" "$tmp/r3.json")" = 200 ]
ok "/healthz is not throttled" [ "$(curl -s "$base/healthz")" = ok ]
curl -s "$metrics" > "$tmp/metrics"
ok "/metrics counts the throttled requests" \
    grep -q '^sogoc_http_requests_total{route="verify",status="429"} [0-9]' "$tmp/metrics"
ok "/metrics gives the registry's size" \
    grep -qx 'sogoc_registry_size 30' "$tmp/metrics"
# Finding 9 of issue 13: times per route to the microsecond told one
# kind of miss from another, to anyone.
ok "the public port has no /metrics (404)" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")" = 404 ]
ok "/metrics keeps no time per route: one histogram over all routes" \
    sh -c "grep -q '^sogoc_http_request_duration_seconds_count [1-9]' '$tmp/metrics' &&
    ! grep '^sogoc_http_request_duration' '$tmp/metrics' | grep -q route="
ok "and its buckets start at a millisecond, its sum in whole milliseconds" \
    sh -c "grep '^sogoc_http_request_duration_seconds_bucket' '$tmp/metrics' | head -1 | grep -qF '{le=\"0.001\"}' &&
    grep -Eq '^sogoc_http_request_duration_seconds_sum [0-9]+\.[0-9]{3}$' '$tmp/metrics'"
ok "the metrics port serves nothing else" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${metrics%/metrics}/")$(curl -s -o /dev/null -w '%{http_code}' -X POST "$metrics")" = 404405 ]
# The log grows while the server runs: a consistency proof from the old
# size carries both signed checkpoints, and the service sees the change.
"$SOGOC" revoke --serial "$serial" --decision 3/QĐ-SGDĐT \
    --decision-date 2026-11-29 --reason "cấp sai" --key "$tmp/k/signer.key" \
    2> /dev/null
curl -s "$base/api/v1/proof/consistency?old=30" > "$tmp/cons.json"
ok "a consistency proof carries both signed checkpoints, old and new" \
    sh -c "jq -e '(.old_checkpoint | test(\"\\n30\\n\")) and (.checkpoint | test(\"\\n31\\n\")) and (.proof | length > 0)' '$tmp/cons.json' > /dev/null"
ok "and the service answers the revocation at once" \
    [ "$(verify "$serial" "$name" "$dob" "$tmp/r4.json"; jq -r .status "$tmp/r4.json")" = 200revoked ]
kill -TERM $spid
wait $spid
ok "SIGTERM stops the server cleanly" [ $? -eq 0 ]

# Every record's receipt, checked against the store: for records revoked,
# corrected twice and reissued too.
jq -r 'select(.status == "valid") | .fields.serial_no' "$tmp/all.jsonl" |
    sed -n '2,4p' > "$tmp/three"
K="--key $tmp/k/signer.key --decision 7/QĐ-SGDĐT --decision-date 2026-11-30"
# shellcheck disable=SC2086
"$SOGOC" revoke --serial "$(sed -n 1p "$tmp/three")" --reason "cấp sai \"số\"" \
    $K 2> /dev/null
# shellcheck disable=SC2086
"$SOGOC" correct --serial "$(sed -n 2p "$tmp/three")" --set "register_no=12/AB" \
    $K 2> "$tmp/c1.err" || sed 's/^/# /' "$tmp/c1.err"
# shellcheck disable=SC2086
"$SOGOC" correct --serial "$(sed -n 2p "$tmp/three")" --set "classification=Giỏi" \
    $K 2> /dev/null
# shellcheck disable=SC2086
"$SOGOC" reissue --serial "$(sed -n 3p "$tmp/three")" --new-serial ZX9000001 \
    $K 2> "$tmp/c3.err" || sed 's/^/# /' "$tmp/c3.err"
"$top_builddir/tests/receiptcheck" "$SOGOC_DB" "$PUB" > "$tmp/rc" 2>&1
ok "every record's receipt checks and says what its record says ($(head -1 "$tmp/rc"))" \
    grep -qx 'checked 30' "$tmp/rc"
ok "and the same check refuses them under another log's key" \
    sh -c "! '$top_builddir/tests/receiptcheck' '$SOGOC_DB' '$tmp/x/verifier.pub' > /dev/null 2>&1"
changed=$("$SOGOC" export 2> /dev/null | jq -s -j '
    ([.[] | select(.status == "revoked")] | length), " ",
    ([.[] | select(.fields.register_no == "12/AB" and
        .fields.classification == "Giỏi")] | length), " ",
    ([.[] | select(.fields.serial_no == "ZX9000001")] | length)')
ok "and among them were 2 revoked, 1 corrected twice, 1 reissued ($changed)" \
    [ "$changed" = "2 1 1" ]

done_testing
