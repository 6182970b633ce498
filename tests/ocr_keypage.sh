#!/bin/sh
# Nothing is lost (SPEC section 3, issue 14): a page `sogoc ocr` cannot
# read as a ledger table is written as a page for staff to key by hand,
# one "status":"key" line with the reason and an estimate of its rows,
# named on stderr, its image kept with --crops; the other pages of the
# run are still read, the exit status is 0 (a page to key is read input),
# and nothing is accepted from the unreadable pages.
. "${top_srcdir:-.}/tests/tap.sh"

good="$top_srcdir/scans/golden/printed-clean.png"
[ -f "$good" ] || skip_all "no golden page $good"
command -v jq > /dev/null || skip_all "jq is not installed"

"$top_builddir/tests/mkinput" blank "$tmp/blank.png"
"$top_builddir/tests/mkinput" letter "$tmp/letter.jpg"
cp "$good" "$tmp/good.png"
cp "${good%.png}.json" "$tmp/good.json"
mkdir "$tmp/crops"

"$SOGOC" ocr --jsonl -q -j 2 --crops "$tmp/crops" "$tmp/blank.png" \
    "$tmp/good.png" "$tmp/letter.jpg" > "$tmp/out.jsonl" 2> "$tmp/err"
rc=$?
sed 's/^/# /' "$tmp/err"

# lines NAME: the output lines of input NAME.
lines() {
	jq -c --arg s "$tmp/$1" 'select(.source == $s)' "$tmp/out.jsonl"
}
# is NAME JQ: NAME gave exactly one line, and JQ holds of it.
is() {
	[ "$(lines "$1" | wc -l)" -eq 1 ] &&
	    [ "$(lines "$1" | jq "$2")" = true ]
}

ok "exit status 0: pages to key are read input, not unreadable files" \
    [ "$rc" -eq 0 ]
ok "a blank page is one line: a page to key, no table" \
    is blank.png '.status == "key" and .why == "no-table" and .page == 1
    and .error == "no ruled table found on the page" and .rows == 0'
ok "... with no row and no fields, so readers of rows pass it by" \
    is blank.png '(has("row") or has("fields")) | not'
ok "a photo of a letter (no ledger) is one line: a page to key" \
    is letter.jpg '.status == "key" and .why == "no-table" and
    (has("fields") | not)'
ok "... whose 20 lines of text give an estimate of 10 to 22 rows" \
    is letter.jpg '.rows >= 10 and .rows <= 22'
ok "the good page between them is still read (10 rows or more)" \
    [ "$(lines good.png | jq 'select(.row >= 1 and .fields != null)' |
    grep -c '"row"')" -ge 10 ]
ok "... with accepted fields, and no line to key" \
    sh -c "! grep -q '\"status\":\"key\".*good.png\|good.png.*\"status\":\"key\"' \
    '$tmp/out.jsonl' && grep good.png '$tmp/out.jsonl' | grep -q accepted"
ok "nothing is accepted from the unreadable pages" \
    sh -c "! grep -E 'blank.png|letter.jpg' '$tmp/out.jsonl' | grep -q accepted"
ok "stderr names the blank page, the reason, and that it is to key" \
    contains "$tmp/err" "blank.png: no ruled table found on the page; a page to key by hand"
ok "... and the letter with its estimate" \
    grep -q 'letter.jpg: no ruled table found on the page; a page to key by hand, ~[0-9]* rows' "$tmp/err"
ok "one stderr line per page to key, nothing else (-q)" \
    [ "$(wc -l < "$tmp/err")" -eq 2 ]

# --crops keeps the whole page of a page to key, for the console.
# png_width FILE: the width in a PNG's IHDR.
png_width() {
	od -An -tu1 -j16 -N4 "$1" |
	    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }'
}
# The name is the source percent-encoded (its slashes too), then #p1.png.
bimg=$(ls "$tmp/crops" | grep 'blank.png#p1.png$')
ok "--crops: the blank page's image is kept as its source#p1.png" \
    [ -n "$bimg" ] && [ -f "$tmp/crops/$bimg" ]
ok "... the whole page (2339 pixels wide, as the scan)" \
    [ "$(png_width "$tmp/crops/$bimg")" = 2339 ]
ok "... and the letter's" \
    [ "$(ls "$tmp/crops" | grep -c 'letter.jpg#p1.png$')" -eq 1 ]
ok "readers of rows pass the key lines by (sogoc-score reads the file)" \
    sh -c "'$top_builddir/sogoc-score' --ocr '$tmp/out.jsonl' \
    --min-row-recall 1 '$tmp/good.json' \
    > '$tmp/score' 2>&1"
ok "... and counts the 2 pages to key" \
    contains "$tmp/score" "pages to key by hand 2"

# Pages of a multi-page file: each its own line, page and image.
"$top_builddir/tests/mkinput" blanks "$tmp/blanks.tif"
mkdir "$tmp/crops2"
"$SOGOC" ocr -q --crops "$tmp/crops2" "$tmp/blanks.tif" > "$tmp/m.jsonl" \
    2> "$tmp/m.err"
rc=$?
ok "a TIFF of two blank pages: exit 0, a line to key for page 1 and 2" \
    sh -c "[ $rc -eq 0 ] && [ \"\$(jq -c '[.page, .status]' '$tmp/m.jsonl' |
    tr '\n' ' ')\" = '[1,\"key\"] [2,\"key\"] ' ]"
ok "... stderr names page 2" \
    contains "$tmp/m.err" "blanks.tif: page 2: no ruled table found on the page; a page to key by hand"
ok "... and its image is source#p2.png" \
    [ "$(ls "$tmp/crops2" | grep -c 'blanks.tif#p2.png$')" -eq 1 ]

# A table that is found but yields no usable row (a profile that ignores
# every column): the page is to key, too few rows, with the estimate.
printf '{"columns": ["ignore","ignore","ignore","ignore","ignore","ignore",
"ignore","ignore","ignore","ignore","ignore","ignore"]}\n' > "$tmp/ign.json"
"$SOGOC" ocr -q -j 2 --profile "$tmp/ign.json" "$tmp/good.png" \
    > "$tmp/ign.jsonl" 2> "$tmp/ign.err"
rc=$?
ok "a page read to no usable row: exit 0" [ "$rc" -eq 0 ]
ok "... one line: too-few-rows, ~11 rows (the ruled bands with ink)" \
    sh -c "[ \$(wc -l < '$tmp/ign.jsonl') -eq 1 ] && jq -e \
    '.status == \"key\" and .why == \"too-few-rows\" and .rows >= 9 and
    .rows <= 13' '$tmp/ign.jsonl' > /dev/null"

# A profile that does not fit the page: a page to key, not an error.
printf '{"columns": ["seq", "full_name"]}\n' > "$tmp/short.json"
"$SOGOC" ocr -q --profile "$tmp/short.json" "$tmp/good.png" \
    > "$tmp/short.jsonl" 2> "$tmp/short.err"
rc=$?
ok "a profile that does not fit: exit 0, a page to key (profile-mismatch)" \
    sh -c "[ $rc -eq 0 ] && jq -e '.why == \"profile-mismatch\"' \
    '$tmp/short.jsonl' > /dev/null"

done_testing
