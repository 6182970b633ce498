#!/bin/sh
# Pages to key by hand in the staff console over HTTP (issue 14): a page
# `sogoc ocr` could not read is in the queue; its page shows the scan and
# a form of empty rows, one labelled input per field; bad values are
# refused by name with every value kept and nothing stored; good ones
# become staged rows set by the reviewer, published as a reviewed page,
# found in the registry.  The route has the review's role and CSRF checks.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18171 18272 18373 18474 18575 19172"
. "$top_srcdir/tests/serve_lib.sh"

export SOGOC_DB="$tmp/db" SOGOC_USER=tester
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" > /dev/null 2>&1
add_user binh "binh's long password" reviewer

# Two pages OCR cannot read: a photographed letter and a blank page.
mkdir -p "$tmp/scans/vol1"
"$top_builddir/tests/mkinput" letter "$tmp/scans/vol1/p012.jpg"
"$top_builddir/tests/mkinput" blank "$tmp/scans/vol1/p013.png"
"$SOGOC" ocr -q -j 2 "$tmp/scans/vol1" > "$tmp/vol1.jsonl" 2> /dev/null
"$SOGOC" import --type THPT --year 1998 "$tmp/vol1.jsonl" 2> "$tmp/err"
ok "the two pages are staged to key by hand" \
    contains "$tmp/err" "2 pages to key by hand"
"$SOGOC" staged --json > "$tmp/staged"
pid=$(jq -r 'select(.source | endswith("p012.jpg")) | .id' "$tmp/staged" |
    sed 's/:0$//')
bid=$(jq -r 'select(.source | endswith("p013.png")) | .id' "$tmp/staged" |
    sed 's/:0$//')
est=$(jq -r 'select(.source | endswith("p012.jpg")) | .to_key.rows' \
    "$tmp/staged")

STAFF=1 serve_start "$tmp/log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans"
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
# posth NAME PATH ARG...: POST a form as NAME, an HTML answer in $tmp/out.
posth() {
	who=$1
	path=$2
	shift 2
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/$who" \
	    -c "$tmp/$who" -H "$origin" "$@" "$staff$path")
}
# staged_same: the staging area is as it was ($tmp/staged.before).
staged_same() {
	"$SOGOC" staged --all --json > "$tmp/staged.now" &&
	    cmp -s "$tmp/staged.before" "$tmp/staged.now"
}

login binh "binh's long password"
csrf=$(csrf_of binh)
get binh /
ok "the queue lists the page to key, with its estimate ($code)" \
    sh -c "[ $code = 200 ] && grep -q '~$est (cần nhập tay)' '$tmp/out' &&
    grep -q 'href=\"/page?id=$(echo "$pid" | sed 's/:/%3A/')\">Nhập tay</a>' '$tmp/out'"
ok "... and the volume counts 2 pages to key" \
    grep -q '<td>2</td></tr></tbody></table><h2>Các trang' "$tmp/out"

get binh "/page?id=$pid"
ok "its page is the keying form ($code)" sh -c "[ $code = 200 ] &&
    grep -q 'action=\"/key\"' '$tmp/out'"
ok "... with one row per estimated entry ($est)" \
    [ "$(grep -o '<fieldset class="keyrow">' "$tmp/out" | wc -l)" -eq "$est" ]
ok "... each input labelled with its field, in Vietnamese" \
    sh -c "grep -q '<label for=\"r1-full_name\">Họ và tên</label><input id=\"r1-full_name\" name=\"r1-full_name\"' '$tmp/out' &&
    grep -q '<label for=\"r$est-date_of_birth\">' '$tmp/out'"
ok "... no inline script" sh -c "! grep -q '<script>' '$tmp/out' &&
    ! grep -q ' on[a-z]*=' '$tmp/out'"
ok "... and the page image beside it" \
    grep -q "src=\"/img/page?id=$(echo "$pid" | sed 's/:/%3A/')\"" "$tmp/out"
code=$(curl -s -o "$tmp/img" -w '%{http_code} %{content_type}' \
    -b "$tmp/binh" "$staff/img/page?id=$pid")
ok "the page image is served ($code)" [ "$code" = "200 image/jpeg" ]

"$SOGOC" staged --all --json > "$tmp/staged.before"
# The role and CSRF checks of the route table.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$origin" \
    -d "page=$pid" -d n=1 -d action=save -d "r1-full_name=X" "$staff/key")
ok "signed out, keying is refused ($code)" [ "$code" = 303 -o "$code" = 401 ]
posth binh /key -d "page=$pid" -d n=1 -d action=save \
    -d "r1-full_name=Nguyễn Văn An" -d "r1-date_of_birth=12/5/1980"
ok "without the CSRF token, refused ($code)" [ "$code" = 403 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/binh" \
    -H "Origin: http://evil.example" -d "csrf=$csrf" -d "page=$pid" \
    -d n=1 -d action=save -d "r1-full_name=Nguyễn Văn An" \
    -d "r1-date_of_birth=12/5/1980" "$staff/key")
ok "from another origin, refused ($code)" [ "$code" = 403 ]
ok "... nothing stored" staged_same

# A row more, the values typed so far kept.
posth binh /key -d "csrf=$csrf" -d "page=$pid" -d n=2 -d action=add \
    --data-urlencode "r1-full_name=Nguyễn Văn An"
ok "'Thêm một dòng' adds a row and keeps what was typed ($code)" \
    sh -c "[ $code = 200 ] &&
    [ \$(grep -o '<fieldset class=\"keyrow\">' '$tmp/out' | wc -l) -eq 3 ] &&
    grep -q 'value=\"Nguyễn Văn An\"' '$tmp/out' &&
    grep -q 'id=\"r3-full_name\" name=\"r3-full_name\" value=\"\" lang=\"vi\" autocomplete=\"off\" spellcheck=\"false\" autofocus' '$tmp/out'"
ok "... nothing stored" staged_same

# Bad values: each named, all values kept, nothing stored.
posth binh /key -d "csrf=$csrf" -d "page=$pid" -d n=3 -d action=save \
    --data-urlencode "r1-full_name=Nguyễn Văn An" \
    --data-urlencode "r1-date_of_birth=12/5/1980" \
    --data-urlencode "r2-full_name=Trần Thị Bình" \
    --data-urlencode "r2-date_of_birth=32/13/1981" \
    --data-urlencode "r2-sex=không rõ" \
    --data-urlencode "r3-school=THPT Chu Văn An"
ok "bad values are refused ($code)" [ "$code" = 400 ]
ok "... each named with its row and field" sh -c "
    grep -q 'Dòng 2 · Ngày sinh</a>: «32/13/1981» giá trị không hợp lệ' '$tmp/out' &&
    grep -q 'Dòng 2 · Giới tính</a>: «không rõ» giá trị không hợp lệ' '$tmp/out' &&
    grep -q 'Dòng 3 · Họ và tên</a>: bắt buộc' '$tmp/out'"
ok "... beside its input, marked invalid" \
    grep -q 'id="r2-date_of_birth" name="r2-date_of_birth" value="32/13/1981" lang="vi" autocomplete="off" spellcheck="false" autofocus aria-invalid="true" aria-describedby="r2-date_of_birth-err"' "$tmp/out"
ok "... every value typed still in the form" sh -c "
    grep -q 'value=\"Trần Thị Bình\"' '$tmp/out' &&
    grep -q 'value=\"THPT Chu Văn An\"' '$tmp/out' &&
    grep -q 'value=\"12/5/1980\"' '$tmp/out'"
ok "... nothing stored" staged_same

# Good values: staged rows set by the reviewer, normalised as a review's.
posth binh /key -d "csrf=$csrf" -d "page=$pid" -d n=3 -d action=save \
    --data-urlencode "r1-full_name=Nguyễn Văn An" \
    --data-urlencode "r1-date_of_birth=12/5/1980" \
    --data-urlencode "r1-sex=nam" \
    --data-urlencode "r1-serial_no=B 0123456" \
    --data-urlencode "r3-full_name=Trần Thị Bình" \
    --data-urlencode "r3-date_of_birth=3.2.1981"
ok "good values are saved ($code)" [ "$code" = 303 ]
"$SOGOC" staged --json > "$tmp/staged"
ok "two rows staged (the blank one skipped), set by binh, by hand" \
    [ "$(jq -c "select(.id | startswith(\"$pid:\")) |
    [.id, .by_hand, .fields.full_name.status, .fields.full_name.by]" \
    "$tmp/staged" | tr '\n' ' ')" = "[\"$pid:1\",true,\"set\",\"binh\"] [\"$pid:2\",true,\"set\",\"binh\"] " ]
ok "... values normalised as a reviewer's are" \
    [ "$(jq -c "select(.id == \"$pid:1\") | [.fields.date_of_birth.value,
    .fields.sex.value, .fields.serial_no.value]" "$tmp/staged")" = \
    '["1980-05-12","Nam","B0123456"]' ]
ok "... and the page has left the queue of pages to key" \
    sh -c "! jq -e 'select(.id == \"$pid:0\")' '$tmp/staged' > /dev/null"
posth binh /key -d "csrf=$csrf" -d "page=$pid" -d n=1 -d action=save \
    --data-urlencode "r1-full_name=Lê Văn Tám" \
    --data-urlencode "r1-date_of_birth=1/1/1980"
ok "keying the page twice is refused ($code)" [ "$code" = 404 ]

get binh "/page?id=$pid&keyed=2"
ok "the page is now a review screen, ready to publish" sh -c "
    [ $code = 200 ] && grep -q 'Đã lưu 2 dòng nhập tay' '$tmp/out' &&
    grep -q '<button id=\"publish\">' '$tmp/out'"
posth binh /publish -d "csrf=$csrf" -d "page=$pid"
ok "the reviewer publishes it ($code)" [ "$code" = 303 ]
"$SOGOC" lookup --name "Nguyen Van An" --dob 12/5/1980 > "$tmp/rec" 2>&1
ok "its record is in the registry" grep -q 'B0123456' "$tmp/rec"

# The blank page: nothing on it to key; saved empty, it leaves the queue.
post binh /key -d "csrf=$csrf" -d "page=$bid" -d n=1 -d action=save
ok "a page with no entries is saved empty ($code)" sh -c "[ $code = 200 ] &&
    jq -e '.ok and .rows == 0' '$tmp/out' > /dev/null"
"$SOGOC" staged > "$tmp/staged"
ok "... and nothing waits to be keyed any more" \
    sh -c "! grep -q 'to key by hand' '$tmp/staged'"

"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "the registry audits" contains "$tmp/audit" "audit passed"
done_testing
