#!/bin/sh
# The staff console over HTTP, as a browser would use it and as an
# attacker would: sign-in, lock-out, sessions, CSRF and origin checks,
# roles, an import of real scans through OCR, the review of flagged
# fields (with two reviewers on one field), publishing a page, and a
# registrar's revocation.  Every refusal leaves the registry as it was;
# everything done lands in the log with the account's name, and the log
# still audits.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18161 18262 18363 18464 18565 19162"
. "$top_srcdir/tests/serve_lib.sh"

export SOGOC_DB="$tmp/db"
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" > /dev/null 2>&1
add_user an "an's long password" admin
add_user binh "binh's long password" reviewer
add_user chi "chi's long password" registrar
add_user dung "dung's long password" reviewer

# The scans staff may import: one real ledger page, and a folder whose
# only "scan" is text.
mkdir -p "$tmp/scans/vol1" "$tmp/scans/bad"
cp "$top_srcdir/scans/golden/c21-clean.png" "$tmp/scans/vol1/p001.png"
echo "not an image" > "$tmp/scans/bad/p001.png"

STAFF=1 serve_start "$tmp/log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans" --public-url https://vanbang.example.vn
wait_up "$staff/login"
origin="Origin: $staff"

. "$top_srcdir/tests/console_lib.sh"
events() {
	"$SOGOC" export 2> /dev/null | wc -l
}

# Signing in.
get nobody /
ok "signed out, the console sends you to sign in ($code)" \
    [ "$code" = 303 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/login")
ok "the public port has no console ($code)" [ "$code" = 404 ]
login binh "wrong password!"
ok "a wrong password is refused ($code)" sh -c "[ $code = 403 ] &&
    grep -q 'Sai tên tài khoản hoặc mật khẩu' '$tmp/out'"
cp "$tmp/out" "$tmp/wrongpw"
login nobody "whatever password"
ok "an unknown name gets the very same answer ($code)" sh -c \
    "[ $code = 403 ] && grep -o 'role=\"alert\"[^<]*' '$tmp/out' >'$tmp/a' &&
    grep -o 'role=\"alert\"[^<]*' '$tmp/wrongpw' | cmp -s - '$tmp/a'"
# Five wrong passwords hold back the address they came from, for that
# name only, and a made-up name exactly as a real one; the owner at
# another address is not locked out (issue 13, finding 4).
i=0
while [ $i -lt 5 ]; do
	login dung "not dung's password"
	login nobody.real "not a password either"
	i=$((i + 1))
done
login dung "dung's long password"
ok "after 5 wrong passwords that address waits, even with the right one ($code)" \
    sh -c "[ $code = 429 ] && grep -q 'nhập sai mật khẩu nhiều lần' '$tmp/out'"
grep -o 'role="alert"[^<]*' "$tmp/out" > "$tmp/held.real"
login nobody.real "whatever password"
grep -o 'role="alert"[^<]*' "$tmp/out" > "$tmp/held.none"
ok "a made-up name is held back with the very same answer ($code)" \
    sh -c "[ $code = 429 ] && cmp -s '$tmp/held.real' '$tmp/held.none'"
code=$(curl -s -o "$tmp/out" -w '%{http_code}' --interface 127.0.0.2 \
    -c "$tmp/dung2" -H "$origin" --data-urlencode "name=dung" \
    --data-urlencode "password=dung's long password" "$staff/login")
ok "from another address the right password still signs in ($code)" \
    [ "$code" = 303 ]
ok "failed sign-ins are logged with the account and the address" \
    grep -q "sign-in as dung from 127.0.0.1 refused" "$tmp/log"
ok "the passwords typed are not" sh -c "! grep -q \"not dung's\" '$tmp/log'"
login binh "dung's long password"
ok "the hold is for that name: binh from the same address is just wrong ($code)" \
    [ "$code" = 403 ]
"$SOGOC" user unlock dung > /dev/null 2>&1
ok "the command line can unlock while the console runs" [ $? -eq 0 ]
login dung "dung's long password"
ok "and then dung signs in ($code)" [ "$code" = 303 ]
login binh "binh's long password"
ok "the reviewer signs in ($code)" [ "$code" = 303 ]
ok "the session cookie is HttpOnly and SameSite=Strict" \
    grep -qi '^Set-Cookie: sogoc_staff=[A-Za-z0-9_-]\{43\}; Path=/; HttpOnly; SameSite=Strict' "$tmp/hdr"
login chi "chi's long password"
login an "an's long password"
binh=$(csrf_of binh)
an=$(csrf_of an)
ok "each session has its own CSRF token" \
    sh -c "[ -n '$binh' ] && [ -n '$an' ] && [ '$binh' != '$an' ]"

# Forged requests.
post binh /import -d folder=vol1 -d type=THPT -d year=2021
ok "a form without the CSRF token is refused ($code)" [ "$code" = 403 ]
post binh /import -d "csrf=$an" -d folder=vol1 -d type=THPT -d year=2021
ok "another session's token is refused ($code)" [ "$code" = 403 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/binh" \
    -H 'Origin: http://evil.example' -d "csrf=$binh" -d folder=vol1 \
    "$staff/import")
ok "a form from another site is refused ($code)" [ "$code" = 403 ]
# The browser's Sec-Fetch-Site decides when sent (http/origin.h): a
# form of another site, or of the public service on another port of
# this host (same-site), is refused even with the session's token; the
# console's own is taken whatever Origin says.
for site in cross-site same-site; do
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/binh" \
	    -H "Sec-Fetch-Site: $site" -d "csrf=$binh" -d folder=../vol1 \
	    -d type=THPT -d year=2021 "$staff/import")
	ok "a $site form (Sec-Fetch-Site) is refused ($code)" \
	    sh -c "[ $code = 403 ] && grep -q 'không đến từ trang' '$tmp/out'"
done
code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/binh" \
    -H 'Sec-Fetch-Site: same-origin' -H 'Origin: null' -d "csrf=$binh" \
    -d folder=../vol1 -d type=THPT -d year=2021 "$staff/import")
ok "a same-origin form (Sec-Fetch-Site) is taken ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'not a folder inside' '$tmp/out'"
post binh /import -d "csrf=$binh" --data-binary "folder=vol%ff1"
ok "invalid UTF-8 is refused ($code)" [ "$code" = 400 ]
head -c 100000 /dev/zero | tr '\0' a > "$tmp/big"
post binh /import -d "csrf=$binh" --data-urlencode "type@$tmp/big"
ok "a 100 kB form is refused ($code)" [ "$code" = 413 ]
post binh /import -d "csrf=$binh" -d folder=../vol1 -d type=THPT \
    -d year=2021
ok "a folder outside the scans folder is refused ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'not a folder inside' '$tmp/out'"
post binh /import -d "csrf=$binh" -d folder=vol1 -d type= -d year=2021
ok "an import without the volume's type is refused ($code)" \
    [ "$code" = 400 ]
ok "nothing was staged by any of it" \
    [ "$("$SOGOC" staged --all --json 2>/dev/null | wc -l)" -eq 0 ]

# Importing: a folder of text is skipped with its name, nothing staged.
wait_job() {
	job=$(sed -n 's/.*job=\([0-9]*\).*/\1/p' "$tmp/loc")
	i=0
	while [ $i -lt 600 ]; do
		get "$1" "/import/status?job=$job"
		[ "$(jq -r .state "$tmp/out")" != running ] && break
		i=$((i + 1))
		sleep 0.5
	done
}
curl -s -o /dev/null -D "$tmp/hdr" -b "$tmp/binh" -H "$origin" \
    -d "csrf=$binh" -d folder=bad -d type=THPT -d year=2021 \
    "$staff/import"
grep -i '^Location:' "$tmp/hdr" > "$tmp/loc"
wait_job binh
ok "an import is read by a worker a core, as sogoc ocr reads ($(jq .workers "$tmp/out"))" \
    jqok ".workers == $(nproc)" "$tmp/out"
ok "a folder whose scan is not an image is read, and the file named" \
    sh -c "jq -e '.message | test(\"p001.png\")' '$tmp/out' > /dev/null"
ok "it staged nothing" \
    [ "$("$SOGOC" staged --all --json 2>/dev/null | wc -l)" -eq 0 ]
curl -s -o /dev/null -D "$tmp/hdr" -b "$tmp/binh" -H "$origin" \
    -d "csrf=$binh" -d folder=vol1 -d type=THPT -d year=2021 \
    --data-urlencode "authority=SỞ GIÁO DỤC VÀ ĐÀO TẠO" "$staff/import"
grep -i '^Location:' "$tmp/hdr" > "$tmp/loc"
wait_job binh
ok "the import of a real page finishes ($(jq -c . "$tmp/out"))" \
    sh -c "jq -e '.state == \"done\" and .added > 10 and .pages_done == 1' \
    '$tmp/out' > /dev/null"
"$SOGOC" staged --json > "$tmp/staged" 2> /dev/null
ok "its rows are staged, some waiting for a person" [ -s "$tmp/staged" ]
page=$(jq -r 'select(.page == 1) | .source' "$tmp/staged" | head -1)
ok "the rows name the scan as the console read it" \
    [ "$page" = "$tmp/scans/vol1/p001.png" ]

# The review screen and its images.
pid=$(curl -s -b "$tmp/binh" "$staff/" |
    sed -n 's/.*href="\/page?id=\([^"]*\)".*/\1/p' | head -1 |
    sed 's/%3A/:/')
get binh "/page?id=$pid"
ok "the review screen opens ($code)" [ "$code" = 200 ]
ok "it shows each flagged cell's image and OCR value" \
    sh -c "grep -q 'img/cell?id=' '$tmp/out' && grep -q 'độ tin cậy' '$tmp/out'"
ok "and why OCR flagged it (issue 14)" \
    sh -c "grep -q '<span class=\"why\">Lý do: [^<]' '$tmp/out'"
cell=$(grep -o 'img/cell?id=[^"]*' "$tmp/out" | head -1 | sed 's/&amp;/\&/')
get binh "/$cell"
ok "a cell's image is a PNG ($code)" \
    sh -c "[ $code = 200 ] && head -c 8 '$tmp/out' | grep -q PNG"
get binh "/img/page?id=$pid"
ok "the page's image is a JPEG ($code)" \
    sh -c "[ $code = 200 ] && head -c 3 '$tmp/out' | od -An -tx1 | grep -q 'ff d8 ff'"
get binh "/img/cell?id=$pid:999&f=full_name"
ok "a cell that is not there is 404 ($code)" [ "$code" = 404 ]

# The flagged fields, one per line: row id, field, value, status.
flagged() {
	curl -s -b "$tmp/binh" "$staff/page?id=$pid" | tr '>' '\n' |
	    sed -n 's/.*name="\(id\|field\|seen\|seen_status\)" value="\([^"]*\)".*/\2/p' |
	    paste - - - - | awk -F'\t' '$4 == "review"'
}
# save WHO TOKEN ID FIELD SEEN SEEN_STATUS VALUE: WHO, with the CSRF
# TOKEN, saves VALUE into FIELD of the staged row ID, having been shown
# the value SEEN with the status SEEN_STATUS.
save() {
	post "$1" /review -d "csrf=$2" -d "id=$3" -d "field=$4" \
	    --data-urlencode "seen=$5" -d "seen_status=$6" \
	    --data-urlencode "value=$7" -d action=save
}
flagged > "$tmp/flags"
n=$(wc -l < "$tmp/flags")
ok "the screen lists the flagged fields ($n)" [ "$n" -gt 0 ]
IFS='	' read -r rid fld seen st < "$tmp/flags"
save binh "$binh" "$rid" "$fld" "not what was shown" review "$seen"
ok "a save of a value that changed meanwhile is refused ($code)" \
    [ "$code" = 409 ]
if [ "$fld" = date_of_birth ]; then bad=31/02/1990; else bad=""; fi
if [ -n "$bad" ]; then
	save binh "$binh" "$rid" "$fld" "$seen" review "$bad"
	ok "an impossible date is refused ($code)" [ "$code" = 400 ]
fi
# Two reviewers save the same field from what they were both shown.
save binh "$binh" "$rid" "$fld" "$seen" review "$seen" &
other=$!
save an "$an" "$rid" "$fld" "$seen" review "${seen}x"
wait $other
"$SOGOC" staged --all --json 2> /dev/null |
    jq -r --arg f "$fld" '.fields[$f] | select(.by) | "\(.by) \(.value)"' \
    > "$tmp/by"
ok "of two reviewers saving one field at once, one wins whole" \
    sh -c "[ \$(wc -l < '$tmp/by') -eq 1 ] && grep -qE '^(binh|an) ' '$tmp/by'"
save dung "$(csrf_of dung)" "$rid" "$fld" "$seen" review "late"
ok "the loser's save, sent again, is refused as stale ($code)" \
    [ "$code" = 409 ]

post binh /publish -d "csrf=$binh" -d "page=$pid"
ok "a page with flagged fields left cannot be published ($code)" \
    [ "$code" = 409 ]
# The reviewer settles every other flagged field: confirmed as read.
flagged > "$tmp/flags"
while IFS='	' read -r rid fld seen st; do
	save binh "$binh" "$rid" "$fld" "$seen" review "$seen"
	[ "$code" = 200 ] || echo "# $rid $fld: $code $(cat "$tmp/out")"
done < "$tmp/flags"
ok "every flagged field is settled" [ "$(flagged | wc -l)" -eq 0 ]
# A date typed as on the ledger (d/m/yyyy) is stored in ISO, and the answer
# gives the stored value, so the form can save the field again.
"$SOGOC" staged --json 2> /dev/null | head -1 |
    jq -r '"\(.id)\t\(.fields.date_of_birth.value)\t\(.fields.date_of_birth.status)"' \
    > "$tmp/dob"
IFS='	' read -r drid dv dst < "$tmp/dob"
save binh "$binh" "$drid" "date_of_birth" "$dv" "$dst" "2/11/1987"
ok "a date typed d/m/yyyy is saved ($code), stored and answered as ISO" \
    jqok '.seen == "1987-11-02" and .value == "2/11/1987"' "$tmp/out"
save binh "$binh" "$drid" date_of_birth "$(jq -r .seen "$tmp/out")" \
    "$(jq -r .status "$tmp/out")" "$(jq -r .value "$tmp/out")"
ok "the form saves it again from the answer, not refused as stale ($code)" \
    [ "$code" = 200 ]
save binh "$binh" "$drid" "date_of_birth" "1987-11-02" set "$dv"
ok "and back to what it was ($code)" [ "$code" = 200 ]
"$SOGOC" staged --json 2> /dev/null | jq -c --arg id "$drid" \
    'select(.id == $id) | .fields.date_of_birth' > "$tmp/dobnow"
if [ "$dst" = accepted ]; then
	ok "back to OCR's accepted value, OCR counts as right again" \
	    jqok '.status == "accepted" and (has("was_status") | not)' \
	    "$tmp/dobnow"
fi
before=$(events)
post binh /publish -d "csrf=$binh" -d "page=$pid"
ok "then the reviewer publishes the page ($code)" [ "$code" = 303 ]
after=$(events)
ok "its rows became records ($before before, $after after)" \
    [ "$after" -gt "$before" ]
"$SOGOC" export 2> /dev/null | jq -c 'select(.status == "valid")' |
    head -1 > "$tmp/rec"
serial=$(jq -r .fields.serial_no "$tmp/rec")
name=$(jq -r .fields.full_name "$tmp/rec")
dob=$(jq -r .fields.date_of_birth "$tmp/rec")
curl -s -G "$base/api/v1/verify" --data-urlencode "serial=$serial" \
    --data-urlencode "name=$name" --data-urlencode "dob=$dob" > "$tmp/rc"
ok "the public service verifies a record of the page" \
    jqok '.status == "valid"' "$tmp/rc"
"$SOGOC" lookup --serial "$serial" > "$tmp/look" 2> /dev/null
ok "the issue event names who published it" \
    jqok '.events[0].by == "binh"' "$tmp/look"

# Roles: a reviewer cannot revoke; a registrar can.
recno=$(jq -r .record "$tmp/look")
post binh /record -d "csrf=$binh" -d "n=$recno" -d kind=revoke \
    -d decision=1/QĐ -d decision_date=2026-11-30 -d reason=test
ok "a reviewer trying to revoke is refused ($code)" \
    sh -c "[ $code = 403 ] && grep -q registrar '$tmp/out'"
chi=$(csrf_of chi)
post chi /record -d "csrf=$chi" -d "n=$recno" -d kind=revoke \
    --data-urlencode "decision=12/QĐ-SGDĐT" -d decision_date=2026-11-30 \
    -d reason=
ok "a revocation without a reason is refused ($code)" [ "$code" = 400 ]
post chi /record -d "csrf=$chi" -d "n=$recno" -d kind=revoke \
    --data-urlencode "decision=12/QĐ-SGDĐT" -d decision_date=2026-11-30 \
    --data-urlencode "reason=cấp sai"
ok "the registrar revokes it ($code)" [ "$code" = 303 ]
"$SOGOC" lookup --serial "$serial" > "$tmp/look" 2> /dev/null
ok "the revocation is in the log with the registrar's name" \
    jqok '.status == "revoked" and .events[-1].by == "chi" and
    .events[-1].decision == "12/QĐ-SGDĐT"' "$tmp/look"
get chi "/record?n=$recno"
ok "the record's page shows its history with who did what" \
    sh -c "grep -q '<td>chi</td>' '$tmp/out' && grep -q '<td>binh</td>' '$tmp/out'"
ok "and links to the public page with its serial, name and date" \
    grep -q "href=\"https://vanbang.example.vn/?serial=$serial&amp;name=" "$tmp/out"

# Precision: a registrar's correction of a field OCR accepted counts
# against OCR on the progress page.
changed_later() {
	get chi /
	tr '\n' ' ' < "$tmp/out" | sed -n 's/.*class="precision"><thead>.*<\/thead><tbody><tr><td>[0-9-]*<\/td><td>[0-9]*<\/td><td>\([0-9]*\)<\/td>.*/\1/p'
}
"$SOGOC" staged --all --json 2> /dev/null | jq -r 'select(.record != null) |
    .record as $r | .fields.school | select(.status == "accepted") |
    "\($r)\t\(.value)"' | head -1 > "$tmp/acc"
IFS='	' read -r rn sv < "$tmp/acc"
c0=$(changed_later)
post chi /record -d "csrf=$chi" -d "n=$rn" -d kind=correct -d field=school \
    --data-urlencode "value=$sv Mới" --data-urlencode "decision=13/QĐ-SGDĐT" \
    -d decision_date=2026-11-30
ok "the registrar corrects a school OCR had accepted ($code)" [ "$code" = 303 ]
c1=$(changed_later)
ok "the progress page counts it against OCR's accepted ($c0 then $c1)" \
    [ "$c1" -eq $((c0 + 1)) ]
# Vietnamese typed decomposed (NFD, as some input methods send it) is
# stored composed (NFC).
nfd=$(printf 'THPT Nguye\314\202\314\203n Tra\314\203i')
post chi /record -d "csrf=$chi" -d "n=$rn" -d kind=correct -d field=school \
    --data-urlencode "value=$nfd" --data-urlencode "decision=14/QĐ-SGDĐT" \
    -d decision_date=2026-11-30
"$SOGOC" lookup --record "$rn" > "$tmp/look" 2> /dev/null
ok "a value typed in NFD is stored in NFC ($code)" \
    jqok '.fields.school == "THPT Nguyễn Trãi"' "$tmp/look"

# Uploads: each file must be a scan, the form's own, or nothing is kept.
upload() {
	who=$1
	shift
	curl -s -o "$tmp/out" -D "$tmp/hdr" -w '%{http_code}' -b "$tmp/$who" \
	    -H "$origin" "$@" -F type=THPT -F year=2021 "$staff/upload"
}
kept() {
	find "$tmp/scans/uploads" -type f 2> /dev/null | wc -l
}
staged0=$("$SOGOC" staged --all --json 2>/dev/null | wc -l)
cp "$top_srcdir/scans/golden/printed-clean.png" "$tmp/good.png"
echo "not an image" > "$tmp/fake.png"
echo "a letter" > "$tmp/letter.txt"
binh=$(csrf_of binh)
code=$(upload binh -F "csrf=$binh" -F "scans=@$tmp/good.png" \
    -F "scans=@$tmp/fake.png")
ok "an upload with a file that is not an image is refused ($code)" \
    sh -c "[ $code = 400 ] && grep -q 'fake.png is not an image' '$tmp/out'"
ok "and none of its files is kept" [ "$(kept)" -eq 0 ]
code=$(upload binh -F "csrf=$binh" -F "scans=@$tmp/letter.txt")
ok "a file that is not a scan by its name is refused ($code)" \
    sh -c "[ $code = 400 ] && grep -q 'letter.txt is not a scan' '$tmp/out'"
code=$(upload binh -F "scans=@$tmp/good.png")
ok "an upload without the CSRF token is refused ($code)" [ "$code" = 403 ]
code=$(upload binh -F "csrf=$an" -F "scans=@$tmp/good.png")
ok "and with another session's token ($code)" [ "$code" = 403 ]
ok "no file of the refused uploads was written" [ "$(kept)" -eq 0 ]
ok "nothing was staged by them" \
    [ "$("$SOGOC" staged --all --json 2>/dev/null | wc -l)" -eq "$staged0" ]
code=$(upload binh -F "csrf=$binh" -F "scans=@$tmp/good.png" \
    -F double_key=1)
ok "an upload of a scan starts its import ($code)" [ "$code" = 303 ]
grep -i '^Location:' "$tmp/hdr" > "$tmp/loc"
wait_job binh
ok "which stages its rows ($(jq -c '{state,added}' "$tmp/out"))" \
    sh -c "jq -e '.state == \"done\" and .added > 5' '$tmp/out' > /dev/null"
ok "the upload is kept under uploads/ in the scans folder" [ "$(kept)" -eq 1 ]

# Double keying (the upload's volume asked for it): two reviewers key
# each flagged field blind; agreement settles it, disagreement goes to a
# third.
upid=$("$SOGOC" staged --json 2>/dev/null |
    jq -r 'select(.source | test("/uploads/")) | .id' | head -1)
upid=${upid%:*}
get binh "/page?id=$upid"
ok "the double-keyed page shows no OCR value to key against" \
    sh -c "grep -q 'nhập mù' '$tmp/out' && ! grep -q 'OCR: «' '$tmp/out'"
"$SOGOC" staged --json 2> /dev/null | jq -r --arg p "$upid:" '
    select(.id | startswith($p)) | .id as $id | .fields | to_entries[] |
    select(.value.status == "review") | [$id, .key, .value.value] | @tsv' \
    > "$tmp/dk"
ndk=$(wc -l < "$tmp/dk")
# key WHO ID FIELD VALUE [STATUS]: one blind keying.
key() {
	save "$1" "$(eval echo \$"$1")" "$2" "$3" "" "${5:-review}" "$4"
}
# other FIELD VALUE: another valid value for the field.
other() {
	case $1 in
	date_of_birth) echo 1990-01-01 ;;
	sex) [ "$2" = Nam ] && echo Nữ || echo Nam ;;
	classification) [ "$2" = Khá ] && echo Giỏi || echo Khá ;;
	ethnicity) [ "$2" = Kinh ] && echo Tày || echo Kinh ;;
	*) echo "${2}9" ;;
	esac
}
dung=$(csrf_of dung)
IFS='	' read -r r1 f1 v1 < "$tmp/dk"
key binh "$r1" "$f1" "$v1"
ok "a first blind keying is kept, the field not yet settled ($code)" \
    sh -c "[ $code = 200 ] && jq -e '.status == \"keyed\"' '$tmp/out' >/dev/null"
key binh "$r1" "$f1" "$v1" keyed
ok "the same reviewer cannot key it twice ($code)" \
    sh -c "[ $code = 400 ] && grep -q 'keyed' '$tmp/out'"
post binh /publish -d "csrf=$binh" -d "page=$upid"
ok "a page with a field keyed once cannot be published ($code)" \
    [ "$code" = 409 ]
key an "$r1" "$f1" "$v1" keyed
ok "a second reviewer's equal keying settles it ($code)" \
    sh -c "[ $code = 200 ] && jq -e '.status == \"set\"' '$tmp/out' >/dev/null"
"$SOGOC" staged --all --json 2> /dev/null | jq -c --arg id "$r1" \
    --arg f "$f1" 'select(.id == $id) | .fields[$f]' > "$tmp/f1"
ok "the field keeps both keyings and who made them" \
    jqok '(.keyed | map(.by)) == ["binh", "an"]' "$tmp/f1"
if [ "$ndk" -ge 2 ]; then
	sed -n 2p "$tmp/dk" > "$tmp/dk2"
	IFS='	' read -r r2 f2 v2 < "$tmp/dk2"
	key binh "$r2" "$f2" "$v2"
	key an "$r2" "$f2" "$(other "$f2" "$v2")" keyed
	ok "two different keyings make the field disputed ($code)" \
	    jqok '.status == "disputed"' "$tmp/out"
	cur=$("$SOGOC" staged --all --json 2> /dev/null | jq -r --arg id "$r2" \
	    --arg f "$f2" 'select(.id == $id) | .fields[$f].value')
	save binh "$binh" "$r2" "$f2" "$cur" disputed "$v2"
	ok "one of the two cannot decide it ($code)" [ "$code" = 400 ]
	save dung "$dung" "$r2" "$f2" "$cur" disputed "$v2"
	ok "a third reviewer decides it ($code)" \
	    sh -c "[ $code = 200 ] && jq -e '.status != \"disputed\"' '$tmp/out' >/dev/null"
fi
sed 1,2d "$tmp/dk" | while IFS='	' read -r r f v; do
	key binh "$r" "$f" "$v"
	key an "$r" "$f" "$v" keyed
done
post binh /publish -d "csrf=$binh" -d "page=$upid"
ok "once every field is keyed twice alike, the page publishes ($code)" \
    [ "$code" = 303 ]

# Accounts in the console, for admins only.
get binh /users
ok "a reviewer cannot open the accounts page ($code)" [ "$code" = 403 ]
post an /users -d "csrf=$an" -d op=add -d name=em -d role=reviewer \
    --data-urlencode "password=em's long password"
ok "the admin adds an account ($code)" \
    sh -c "[ $code = 200 ] && grep -q 'Đã ghi: em' '$tmp/out'"
ok "it is in the registry" sh -c "'$SOGOC' user list 2>/dev/null | grep -q '^em .*reviewer'"
post an /users -d "csrf=$an" -d op=add -d name=em -d role=reviewer \
    --data-urlencode "password=em's long password"
ok "a name taken is refused ($code)" [ "$code" = 409 ]
post an /users -d "csrf=$an" -d op=add -d name=gia -d role=reviewer \
    -d password=short
ok "a short password is refused ($code)" \
    sh -c "[ $code = 400 ] && grep -q '10 characters' '$tmp/out'"
login em "em's long password"
ok "the new account signs in ($code)" [ "$code" = 303 ]
post an /users -d "csrf=$an" -d op=disable -d name=em
get em /
ok "disabled by the admin, its session ends ($code)" [ "$code" = 303 ]
login em "em's long password"
ok "and it cannot sign in ($code)" [ "$code" = 403 ]
post an /users -d "csrf=$an" -d op=disable -d name=an
ok "an admin cannot disable themself ($code)" [ "$code" = 409 ]

# An account disabled on the command line is signed out at once.
get dung /
ok "dung is signed in ($code)" [ "$code" = 200 ]
"$SOGOC" user disable dung > /dev/null 2>&1
get dung /
ok "disabled on the command line, dung's session ends ($code)" \
    [ "$code" = 303 ]

# Signing out ends the session and its token.
post binh /logout -d "csrf=$binh"
ok "signing out ($code)" [ "$code" = 303 ]
save binh "$binh" "$rid" "$fld" x review x
ok "the signed-out session's token no longer works ($code)" \
    sh -c "[ $code = 401 ] && jq -e .signin '$tmp/out' > /dev/null"

"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "the registry audits after all of it" contains "$tmp/audit" "audit passed"
ok "the log names no password and no personal data" \
    sh -c "! grep -q 'long password\|$name\|$serial' '$tmp/log'"
# A flood of sign-ins from one address, across accounts, is slowed down:
# the console lets LOGIN_BURST (30) through at once, then one every 2 s.
# Signing in until 5 are refused (a loaded machine is slow, and the
# bucket refills meanwhile) must not let more through than that allows.
t0=$(date +%s)
i=0
n429=0
nbad=0
nok=0
while [ $i -lt 200 ] && [ $n429 -lt 5 ]; do
	login "user$i" "some password $i"
	if [ "$code" != 429 ]; then
		nok=$((nok + 1))
	elif grep -q 'Quá nhiều lần đăng nhập' "$tmp/out"; then
		n429=$((n429 + 1))
	else
		nbad=$((nbad + 1))
	fi
	i=$((i + 1))
done
t=$(($(date +%s) - t0))
flood_held() {
	[ "$n429" -ge 5 ] && [ "$nbad" -eq 0 ] &&
	    [ "$nok" -le $((30 + (t + 1) / 2 + 1)) ]
}
ok "a flood of sign-ins from one address: refused after the burst, saying why ($nok let through, $n429 refused in $t s)" \
    flood_held
stop_clean "$tmp/log"
"$SOGOC" serve --listen 127.0.0.1:18999 --staff-listen 127.0.0.1:18999 \
    2> "$tmp/err"
ok "the console on the public port is refused" \
    contains "$tmp/err" "port of its own"
done_testing
