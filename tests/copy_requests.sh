#!/bin/sh
# A graduate's request for a certified copy, end to end over HTTP: the
# request (JSON API and form), the private status link, a registrar's
# approval in the staff console beside the matching record, the signed
# copy, and the share code an employer opens, extended and withdrawn.
# And the hostile cases: a serial with the wrong name, invalid UTF-8, a
# 5 MB form, guessed links and codes, a reviewer approving, a server
# that cannot write; each refused clearly, with nothing stored, nothing
# personal on the public side or in the log.
. "${top_srcdir:-.}/tests/tap.sh"

for c in curl jq pdfsig pdftotext pdftoppm zbarimg openssl mdb_dump; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18171 18272 18373 18474 18575 19172"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 12
pick_valid
export SOGOC_USER=registrar1
make_copy_config
printf '%s\n' "chi's long password" > "$tmp/pw.chi"
printf '%s\n' "binh's long password" > "$tmp/pw.binh"
chmod 600 "$tmp/pw.chi" "$tmp/pw.binh"
"$SOGOC" user add chi --role registrar --password-file "$tmp/pw.chi" \
    > /dev/null 2>&1
"$SOGOC" user add binh --role reviewer --password-file "$tmp/pw.binh" \
    > /dev/null 2>&1
STAFF=1 serve_start "$tmp/log" --config "$tmp/serve.conf" \
    --key "$tmp/k/signer.key" --burst 1000 --trusted-proxy 127.0.0.1
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
size() { "$SOGOC" checkpoint 2> /dev/null | sed -n 2p; }
dob_dmy=$(echo "$dob" | awk -F- '{ print ($3 + 0) "/" ($2 + 0) "/" $1 }')
year=$(jq -r .year "$tmp/picked")

# api JSON: POST it to the API; answer in $tmp/ans, status in $code.
api() {
	code=$(curl -s -o "$tmp/ans" -w '%{http_code}' -H \
	    'Content-Type: application/json' --data-binary "$1" \
	    "$base/api/v1/copy-requests")
}
request() {
	jq -nc --arg n "$1" --arg d "$2" --arg y "$3" --arg s "$4" \
	    '{full_name: $n, date_of_birth: $d, year: $y, serial_no: $s,
	    national_id: "079201001234", contact: "0912 345 678",
	    purpose: "xin việc", copies: 2}'
}

# The request.
api "$(request "$name" "$dob_dmy" "$year" "$serial")"
ok "a request with the diploma's details is taken ($code)" \
    sh -c "[ $code = 201 ] && jq -e '.request == 1 and .state == \"pending\"' '$tmp/ans' > /dev/null"
link=$(jq -r .status_url "$tmp/ans" | sed 's|^/r/||')
code=$(curl -s -o "$tmp/st" -w '%{http_code}' "$base/r/$link")
ok "its private status link says it waits ($code)" \
    sh -c "[ $code = 200 ] && grep -q 'Đang chờ cán bộ kiểm tra' '$tmp/st'"
ok "the status page masks the national ID" \
    sh -c "! grep -q '079201001234' '$tmp/st' && grep -q '•••••••234' '$tmp/st'"
before=$(size)
api "$(request "Người Khác" "$dob_dmy" "$year" "$serial")"
ok "the serial with another name: refused as the verify API would ($code)" \
    sh -c "[ $code = 422 ] && jq -e '.field == \"serial_no\"' '$tmp/ans' > /dev/null"
cp "$tmp/ans" "$tmp/mismatch"
api "$(request "$name" "$dob_dmy" "$year" "NOSUCH999")"
ok "a serial that does not exist gets the very same answer" \
    cmp -s "$tmp/ans" "$tmp/mismatch"
api "$(request "Không Có Ai" "1/1/1990" 2005 "")"
ok "without a serial, any well-formed request is taken for staff to check ($code)" \
    sh -c "[ $code = 201 ] && jq -e '.request == 2' '$tmp/ans' > /dev/null"
nolink=$(jq -r .status_url "$tmp/ans" | sed 's|^/r/||')
printf '{"full_name":"\377\376","date_of_birth":"1/1/1990","year":"2005","national_id":"079201001234","contact":"a@b.vn"}' \
    > "$tmp/bad.json"
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' -H \
    'Content-Type: application/json' --data-binary "@$tmp/bad.json" \
    "$base/api/v1/copy-requests")
ok "invalid UTF-8 in JSON is refused ($code: $(cat "$tmp/ans"))" \
    [ "$code" = 400 ]
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' \
    --data 'full_name=%FF%FE&date_of_birth=1%2F1%2F1990&year=2005&national_id=079201001234&contact=a%40b.vn' \
    "$base/copy")
ok "invalid UTF-8 in the form: refused, the field marked ($code)" \
    sh -c "[ $code = 400 ] && grep -q 'id=\"full_name\"[^>]*aria-invalid=\"true\"' '$tmp/ans'"
api '{"full_name":"A","date_of_birth":"1/1/1990","year":"2005","national_id":"079201001234","contact":"a@b.vn","ethnicity":"Kinh"}'
ok "an unknown member is refused by name ($code)" \
    sh -c "[ $code = 400 ] && grep -q ethnicity '$tmp/ans'"
api "$(request "$name" "31/2/1990" "$year" "")"
ok "an impossible date of birth is refused by field ($code)" \
    sh -c "[ $code = 400 ] && jq -e '.field == \"date_of_birth\"' '$tmp/ans' > /dev/null"
# Each other field's own refusal: FIELD=VALUE, named in the answer.  From
# another address (through the trusted proxy), since every request, even
# refused, costs one of the 20 an address may send.
bad=""
for fv in copies=11 copies=0 year=1970 year=20x5 national_id=1234 \
    national_id=07920100123x contact=nobody share_until=2001-01-01 \
    share_until=$(date -u -d '+400 days' +%Y-%m-%d) full_name= ; do
	f=${fv%%=*}
	code=$(curl -s -o "$tmp/ans" -w '%{http_code}' \
	    -H 'X-Forwarded-For: 10.9.0.1' -H 'Content-Type: application/json' \
	    --data-binary "$(request "$name" "$dob_dmy" "$year" "" |
	    jq -c --arg f "$f" --arg v "${fv#*=}" '.[$f] = $v')" \
	    "$base/api/v1/copy-requests")
	[ "$code" = 400 ] && jq -e --arg f "$f" '.field == $f' "$tmp/ans" \
	    > /dev/null || bad="$bad $fv($code)"
done
ok "copies, year, ID number, contact, the code's last day, a missing name: each refused by name${bad:+:$bad}" \
    [ -z "$bad" ]
head -c 5000000 /dev/zero | tr '\0' a | sed 's/^/purpose=/' > "$tmp/big"
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' --data-binary "@$tmp/big" \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/copy")
ok "a 5 MB form is refused before it is read, on a page that says so ($code)" \
    sh -c "[ $code = 413 ] && grep -q 'tối đa 16 KiB' '$tmp/ans'"
# Read by the shared form collector (http/form.h): a value over 4 KiB
# in a small form, and a NUL in a value, are refused.
v=$(head -c 5000 /dev/zero | tr '\0' a)
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' --data-binary \
    "full_name=$v&copies=1" \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/copy")
ok "a form with a 5 KB value is refused ($code)" [ "$code" = 413 ]
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' --data-binary \
    "full_name=Nguy%00n&date_of_birth=$dob_dmy&year=$year&national_id=079201001234&contact=0912345678" \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/copy")
ok "a NUL in a form's value is refused, not cut short ($code)" \
    [ "$code" = 400 ]
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' --data-binary "@$tmp/big" \
    -H 'Transfer-Encoding: chunked' \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/copy")
ok "the same sent chunked is refused too: a form comes with its length ($code)" \
    [ "$code" = 411 ]
# raw: stdin to the public port as is, the answer on stdout.
raw() {
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; timeout 3 cat <&3"
}
ext=$(head -c 20000 /dev/zero | tr '\0' a)
printf 'POST /copy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n5;%s\r\nhello\r\n0\r\n\r\n' \
    "$ext" | raw > "$tmp/ext"
ok "a 20 KB chunk extension gets a 4xx, not libmicrohttpd's 500 ($(head -1 "$tmp/ext" | tr -d '\r'))" \
    sh -c "head -1 '$tmp/ext' | grep -q '^HTTP/1.1 4[0-9][0-9] '"
ok "and no 5xx line in the log" \
    sh -c "! grep -Eq ' 5[0-9][0-9] |HTTP response code is 5' '$tmp/log'"
printf 'GET /healthz HTTP/1.1\r\n\r\n' | raw > "$tmp/nohost"
ok "HTTP/1.1 without Host is refused with 400 (strict)" \
    sh -c "head -1 '$tmp/nohost' | grep -q '^HTTP/1.1 400 '"
api "$(request "$name" "$dob_dmy" "$year" "")"
ok "after all that, the next request is number 3: nothing else was stored" \
    jq -e '.request == 3' "$tmp/ans"
ok "and the log did not change" [ "$(size)" = "$before" ]
id3=$(jq -r .status_url "$tmp/ans" | sed 's|^/r/||')

# Guessed links.
wrong=$(echo "$link" | sed 's/.$/x/')
[ "$wrong" = "$link" ] && wrong=$(echo "$link" | sed 's/.$/y/')
c1=$(curl -s -o "$tmp/g1" -w '%{http_code}' "$base/r/$wrong")
c2=$(curl -s -o "$tmp/g2" -w '%{http_code}' "$base/r/99-$(echo "$link" | cut -d- -f2-)")
c3=$(curl -s -o "$tmp/g3" -w '%{http_code}' "$base/r/1")
ok "a guessed status link: 404, the same page for a real number or not" \
    sh -c "[ $c1 = 404 ] && [ $c2 = 404 ] && [ $c3 = 404 ] &&
    cmp -s '$tmp/g1' '$tmp/g2' && cmp -s '$tmp/g1' '$tmp/g3'"
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' "$base/r/$wrong/copy.pdf")
ok "and no copy behind it ($code)" [ "$code" = 404 ]

# The registrar's approval.
login chi "chi's long password"
get chi /
ok "the registrar's home page says 3 requests wait" \
    grep -q '3 yêu cầu cấp bản sao đang chờ duyệt' "$tmp/out"
login binh "binh's long password"
get binh /
ok "a reviewer's does not" sh -c "! grep -q 'yêu cầu cấp bản sao' '$tmp/out'"
get binh "/copy-request?n=1"
ok "a reviewer may not see requests ($code)" [ "$code" = 403 ]
login chi "chi's long password"
get chi /copies
ok "the registrar lists the requests" \
    sh -c "[ $code = 200 ] && grep -qF '$name' '$tmp/out'"
get chi "/copy-request?n=1"
rec=$(grep -o 'name="record" id="rec[0-9]*"' "$tmp/out" | head -1 | tr -dc 0-9)
ok "the request is shown beside the matching record ($rec), with its ID" \
    sh -c "[ -n '$rec' ] && grep -q '079201001234' '$tmp/out'"
tok=$(csrf_of chi)
code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/chi" -H "$origin" \
    --data "csrf=$tok&n=1&action=approve&record=$rec" "$staff/copy-request")
ok "approval without confirming identity is refused, the record still chosen ($code)" \
    sh -c "[ $code = 400 ] && [ '$(size)' = '$before' ] &&
    grep -q 'id=\"rec$rec\" value=\"$rec\" required checked' '$tmp/out' &&
    grep -q '<title>Lỗi: ' '$tmp/out'"
other=$(( rec == 1 ? 2 : 1 ))
post chi /copy-request --data "csrf=$tok&n=1&action=approve&record=$other&identity=1"
ok "a record that is not one of the request's is refused ($code)" \
    sh -c "[ $code = 400 ] && [ '$(size)' = '$before' ]"
post chi /copy-request --data "csrf=$tok&n=1&action=approve&record=$rec&identity=1"
ok "the registrar approves it ($code)" [ "$code" = 303 ]
ok "one copy event more in the signed log" [ "$(size)" -eq $((before + 1)) ]
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
ok "the status says approved, with a copy number and a share code" \
    jq -e '.state == "approved" and (.copy_no | test("^[0-9]+/[0-9]{4}/BS$")) and (.codes | length == 1) and .codes[0].state == "open" and .codes[0].opens == 0' "$tmp/status"
code=$(curl -s -o "$tmp/copy.pdf" -w '%{http_code}' "$base/r/$link/copy.pdf")
ok "the graduate downloads the copy ($code)" [ "$code" = 200 ]
pdfsig "$tmp/copy.pdf" > "$tmp/sig" 2>&1
ok "pdfsig: its signature is valid" \
    grep -q 'Signature Validation: Signature is Valid' "$tmp/sig"
ccode=$(jq -r '.copy_code.url' "$tmp/status")
pdftoppm -r 200 -png -singlefile "$tmp/copy.pdf" "$tmp/page"
ok "its QR code is the copy's own code, not the graduate's share code" \
    sh -c "[ \"\$(zbarimg --raw -q '$tmp/page.png' 2>/dev/null)\" = 'https://vanbang.sogd.example.vn$ccode' ] &&
    [ '$ccode' != \"\$(jq -r '.codes[0].url' '$tmp/status')\" ]"
pdftotext "$tmp/copy.pdf" - > "$tmp/copy.txt"
ok "it is the graduate's diploma" \
    sh -c "grep -qF '$name' '$tmp/copy.txt' && grep -qF '$serial' '$tmp/copy.txt'"
post chi /copy-request --data "csrf=$tok&n=1&action=refuse&reason=late"
ok "a decided request cannot be decided again ($code)" [ "$code" = 409 ]

# The employer opens the share code.
cpath=$(jq -r '.codes[0].url' "$tmp/status")
code=$(curl -s -o "$tmp/share" -w '%{http_code}' "$base$cpath")
ok "the share code shows the certified extract ($code)" \
    sh -c "[ $code = 200 ] && grep -qF '$name' '$tmp/share' && grep -q 'Văn bằng hợp lệ' '$tmp/share'"
pob=$(jq -r .fields.place_of_birth "$tmp/picked")
eth=$(jq -r .fields.ethnicity "$tmp/picked")
ok "but neither place of birth nor ethnicity, nor the request's ID" \
    sh -c "! grep -qF '$pob' '$tmp/share' && ! grep -qF '>$eth<' '$tmp/share' && ! grep -q 079201001234 '$tmp/share'"
curl -s "$base$cpath/receipt.json" > "$tmp/receipt"
ok "its receipt checks offline against the log's key" \
    "$SOGOC" check-receipt --pub "$tmp/k/verifier.pub" "$tmp/receipt"
# The copy's signer and office are the leaf's: leaving one out is refused.
jq 'del(.event.signer_title)' "$tmp/receipt" > "$tmp/forged"
ok "a receipt without the copy's signer_title is refused, by name" \
    sh -c "! '$SOGOC' check-receipt --pub '$tmp/k/verifier.pub' '$tmp/forged' > '$tmp/forged.out' 2>&1 && grep -q 'event.signer_title is missing' '$tmp/forged.out'"
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
ok "the graduate sees it was opened once, and when" \
    jq -e '.codes[0].opens == 1 and (.codes[0].opened | length == 1)' "$tmp/status"
lower=$(echo "$cpath" | sed 's|/c/||' | tr 'A-Z' 'a-z' | sed 's/^\(....\)\(....\)/\1-\2-/')
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/c/$lower")
ok "typed in lower case with dashes, it is the same code ($code)" \
    [ "$code" = 200 ]
code=$(curl -s -o "$tmp/g1" -w '%{http_code}' "$base/c/ABCD-EFGH-JKMN")
c2=$(curl -s -o "$tmp/g2" -w '%{http_code}' "$base/c/not-a-code-at-all")
ok "a guessed or malformed code: 404, the same page ($code $c2)" \
    sh -c "[ $code = 404 ] && [ $c2 = 404 ] && cmp -s '$tmp/g1' '$tmp/g2'"

# Extend, add, withdraw.
code1=$(echo "$cpath" | sed 's|/c/||')
far=$(date -u -d '+400 days' +%Y-%m-%d)
later=$(date -u -d '+200 days' +%Y-%m-%d)
form() {
	code=$(curl -s -o "$tmp/ans" -w '%{http_code}' "$@" "$base/r/$link")
}
form --data "action=extend&code=$code1&until=$far"
ok "extending past 366 days is refused ($code)" \
    sh -c "[ $code = 400 ] && grep -q 'role=\"alert\"' '$tmp/ans'"
form --data "action=extend&code=$code1&until=$later"
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
ok "the graduate extends the code to $later ($code)" \
    sh -c "[ $code = 303 ] && jq -e --arg d '$later' '.codes[0].expires | startswith(\$d)' '$tmp/status' > /dev/null"
form --data "action=extend&code=$code1&until=$later" -H "Origin: https://evil.example"
ok "a form posted from another site is refused ($code)" [ "$code" = 403 ]
form --data "action=extend&code=$code1&until=$later" -H "Origin: null" \
    -H "Sec-Fetch-Site: cross-site"
ok "so is one a browser says is cross-site ($code)" [ "$code" = 403 ]
form --data "action=extend&code=$code1&until=$later" -H "Origin: null"
ok "and one of Origin null with no more said ($code)" [ "$code" = 403 ]
form --data "action=extend&code=$code1&until=$later" -H "Origin: null" \
    -H "Sec-Fetch-Site: same-origin"
ok "a browser's own form (Origin null, Sec-Fetch-Site same-origin) is taken ($code)" \
    [ "$code" = 303 ]
code=$(curl -s -o /dev/null -w '%{http_code}' \
    --data "action=withdraw&code=$code1&sure=1" "$base/r/$nolink")
ok "another request's link cannot touch this code ($code)" \
    sh -c "[ $code = 400 ] || [ $code = 409 ]"
form --data "action=new&until=$later"
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
ok "a second code for another employer ($code)" \
    sh -c "[ $code = 303 ] && jq -e '.codes | length == 2' '$tmp/status' > /dev/null"
form --data "action=withdraw&code=$code1"
ok "withdrawing needs the box ticked: it cannot be undone ($code)" \
    [ "$code" = 400 ]
form --data "action=withdraw&code=$code1&sure=1" -D "$tmp/hdr"
ok "the graduate withdraws the first code ($code)" \
    sh -c "[ $code = 303 ] && grep -q 'done=withdraw' '$tmp/hdr'"
code=$(curl -s -o "$tmp/share" -w '%{http_code}' "$base$cpath")
ok "opened now, it says it was withdrawn ($code)" \
    sh -c "[ $code = 410 ] && grep -q 'đã thu hồi mã chia sẻ' '$tmp/share' && ! grep -qF '$name' '$tmp/share'"
code=$(curl -s -o "$tmp/ans" -w '%{http_code}' "$base$cpath/receipt.json")
ok "and its receipt is gone too ($code)" [ "$code" = 410 ]
form --data "action=extend&code=$code1&until=$later"
ok "a withdrawn code cannot be extended back ($code)" [ "$code" = 400 ]
code2=$(jq -r '.codes[1].url' "$tmp/status")
code=$(curl -s -o /dev/null -w '%{http_code}' "$base$code2")
ok "the second code still opens ($code)" [ "$code" = 200 ]
code=$(curl -s -o "$tmp/share" -w '%{http_code}' "$base$ccode")
ok "and so does the copy's own, which never expires ($code)" \
    sh -c "[ $code = 200 ] && grep -q 'không hết hạn' '$tmp/share'"
form --data "action=withdraw&code=$(echo "$ccode" | sed 's|/c/||')&sure=1"
code2b=$(curl -s -o /dev/null -w '%{http_code}' "$base$ccode")
ok "the copy's code cannot be withdrawn from the status page ($code, then $code2b)" \
    sh -c "[ $code = 400 ] && [ $code2b = 200 ]"

# At most 20 share codes in use; a withdrawn one makes room.
made=0
while [ $made -lt 25 ]; do
	form --data "action=new&until=$later"
	[ "$code" = 303 ] || break
	made=$((made + 1))
done
ok "19 more codes beside the one in use, then the 21st is refused ($made made, then $code)" \
    sh -c "[ $made = 19 ] && [ $code = 400 ] && grep -q 'at most 20' '$tmp/ans'"
curl -s "$base/api/v1/copy-requests/$link" > "$tmp/status"
last=$(jq -r '.codes[-1].url' "$tmp/status" | sed 's|/c/||')
form --data "action=withdraw&code=$last&sure=1"
form --data "action=new&until=$later"
ok "withdrawing one makes room for another ($code)" [ "$code" = 303 ]

# Corrected after its copy: still "corrected", though a copy came last.
"$SOGOC" copy --config "$tmp/serve.conf" --key "$tmp/k/signer.key" \
    --serial "$serial" --out "$tmp/again.pdf" 2> /dev/null
"$SOGOC" correct --serial "$serial" --decision "45/QĐ-SGDĐT" \
    --decision-date 2026-11-25 --set "school=THPT Trần Phú" \
    --key "$tmp/k/signer.key" > /dev/null 2>&1
"$SOGOC" copy --config "$tmp/serve.conf" --key "$tmp/k/signer.key" \
    --serial "$serial" --out "$tmp/again.pdf" 2> /dev/null
curl -s "$base$code2" > "$tmp/share"
ok "a diploma corrected, then copied, reads as corrected" \
    grep -q 'Văn bằng hợp lệ (đã được chỉnh sửa)' "$tmp/share"

# A diploma revoked after its copy: the code says so, the extract stays.
"$SOGOC" revoke --serial "$serial" --decision "99/QĐ-SGDĐT" \
    --decision-date 2026-11-30 --reason "cấp sai" \
    --key "$tmp/k/signer.key" > /dev/null 2>&1
curl -s "$base$code2" > "$tmp/share"
ok "revoked after the copy: the share code shows it revoked, with the decision" \
    sh -c "grep -q 'Văn bằng đã bị thu hồi' '$tmp/share' && grep -qF '99/QĐ-SGDĐT' '$tmp/share'"

get chi "/copy-request?n=3"
ok "a request whose only record is revoked cannot be approved, and says why" \
    sh -c "grep -q 'đều đã bị thu hồi' '$tmp/out' && ! grep -q 'Duyệt và cấp bản sao' '$tmp/out'"

# Refusal, with its reason for the graduate.
post chi /copy-request --data "csrf=$tok&n=2&action=refuse&reason=Không+tìm+thấy+trong+sổ+gốc"
curl -s "$base/r/$nolink" > "$tmp/st"
ok "a refused request shows the reason on its status page ($code)" \
    sh -c "[ $code = 303 ] && grep -q 'Không tìm thấy trong sổ gốc' '$tmp/st'"
post chi /copy-request --data "csrf=$tok&n=3&action=refuse&reason="
ok "a refusal without a reason is refused ($code)" [ "$code" = 400 ]

ok "the log names no graduate and no ID" \
    sh -c "! grep -qF '$name' '$tmp/log' && ! grep -q 079201001234 '$tmp/log'"
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > /dev/null 2>&1
ok "the log still audits" [ $? -eq 0 ]

# Requests are kept for staff to read: few from one address.
n=0
while [ $n -lt 25 ]; do
	code=$(curl -s -o /dev/null -D "$tmp/hdr" -w '%{http_code}' \
	    -H 'Content-Type: application/json' \
	    --data-binary "$(request "$name" "$dob_dmy" "$year" "")" \
	    "$base/api/v1/copy-requests")
	[ "$code" = 429 ] && break
	n=$((n + 1))
done
ok "one address may send 20 requests at once, then waits ($n sent, then $code)" \
    sh -c "[ $code = 429 ] && [ $n -le 20 ] && grep -qi '^Retry-After: [1-9]' '$tmp/hdr'"
code=$(curl -s -o "$tmp/ans" -D "$tmp/hdr" -w '%{http_code}' \
    --data 'full_name=A' "$base/copy")
ok "the form gets a page saying so, with the wait ($code)" \
    sh -c "[ $code = 429 ] && grep -qi '^Content-Type: text/html' '$tmp/hdr' &&
    grep -q 'thử lại sau' '$tmp/ans'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/r/$link")
ok "its status page still opens meanwhile ($code)" [ "$code" = 200 ]

# The count of requests waiting (which caps them) is the list's.
hex=$(mdb_dump -s meta -p "$SOGOC_DB" 2>/dev/null |
    sed -n '/^ requests_pending$/{n;p;}' | tr -d ' \\')
count=$(printf '%d' "0x${hex:-x}" 2>/dev/null)
listed=$("$SOGOC" requests --pending 2> /dev/null | wc -l)
ok "the registry counts $listed requests waiting, as listed ($count)" \
    [ "$count" = "$listed" ]

# Staff on the command line: the list, and erasing old personal data.
"$SOGOC" requests --pending > "$tmp/pending" 2> /dev/null
ok "sogoc requests --pending lists those waiting ($(wc -l < "$tmp/pending"))" \
    sh -c "grep -q '^3	.*	pending	' '$tmp/pending' && ! grep -q '^1	' '$tmp/pending'"
"$SOGOC" requests --purge 0 2> "$tmp/err"
ok "sogoc requests --purge 0 erases the decided ones: $(cat "$tmp/err")" \
    grep -q 'of 2 requests decided' "$tmp/err"
"$SOGOC" requests --json > "$tmp/all" 2> /dev/null
ok "their ID numbers and names are gone; those waiting keep theirs" \
    sh -c "jq -se 'map(select(.id <= 2)) | length == 2 and all(has(\"national_id\") or has(\"full_name\") | not)' '$tmp/all' > /dev/null &&
    jq -se 'map(select(.id == 3))[0].national_id == \"079201001234\"' '$tmp/all' > /dev/null"
code=$(curl -s -o "$tmp/st" -w '%{http_code}' "$base/r/$link")
ok "the erased request's link still shows its copy and codes ($code)" \
    sh -c "[ $code = 200 ] && grep -q 'Đã cấp bản sao' '$tmp/st' &&
    ! grep -qF '$name' '$tmp/st' && grep -q 'section class=\"code\"' '$tmp/st'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base$code2")
ok "and its share code still opens ($code)" [ "$code" = 200 ]

# A server that cannot write takes no request.
kill -TERM $spid; wait $spid 2> /dev/null
spid=""
serve_start "$tmp/log2"
api "$(request "$name" "$dob_dmy" "$year" "")"
ok "a read-only server says it takes no requests ($code)" [ "$code" = 503 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$base$code2")
ok "but still opens share codes ($code)" [ "$code" = 200 ]
done_testing
