#!/bin/sh
# Two-page spreads and "a row is one person" (issue 14, point 5).  Pages
# from sogoc-gen, read by the real binary, checked with jq and sogoc-score
# against their ground truth:
# - a flat spread (--capture spread-flat): both pages found, numbered 1
#   (the left) and 2, every row found, no accepted field holding another
#   truth row's value (another person's), and the rows say which half of
#   which image they came from, and the review console shows a right
#   page's cell from that place in the scan;
# - a curled spread (--capture spread) whose one-page reading joined the
#   cells of two people in accepted fields: read as one page by
#   page_read() alone (tests/readpage, the split failing), and split by
#   sogoc ocr, no row's accepted fields are two people's;
# - the flat spread with its right page missing: that page named on
#   stderr and given to staff to key, the left page still read; with
#   its right page upside down: both read, in order;
# - a landscape page holding one table is not split;
# - in a two-page file whose first image is a spread, the single page
#   after it is page 3.
. "${top_srcdir:-.}/tests/tap.sh"

command -v jq > /dev/null || skip_all "jq missing"
GEN="$top_builddir/sogoc-gen"
MKINPUT="$top_builddir/tests/mkinput"
READPAGE="$top_builddir/tests/readpage"

# chimeras OUT TRUTH: the rows of OUT whose accepted fields (leaving out
# values no truth row has at all: misreads, precision's business) are not
# all the values of one truth row, on any page; one line each.
chimeras() {
	jq -rn --slurpfile t "$2" --slurpfile o "$1" '
	    [$t[0].pages[] | .rows[] | .fields | map_values(.value)] as $T |
	    $o[] | . as $r |
	    [.fields | to_entries[] | select(.value.status == "accepted") |
	    {key, value: .value.value} |
	    select(. as $e | any($T[]; .[$e.key] == $e.value))] |
	    from_entries | select(length > 1) | . as $a |
	    select(any($T[]; . as $f |
	    all($a | to_entries[]; $f[.key] == .value)) | not) |
	    "page \($r.page) row \($r.row): \($a)"'
}
# others OUT TRUTH: accepted fields of OUT whose value is not the truth of
# their own page and row but is another truth row's value of that key
# (another person's), one line each.  A plain misread is left to the
# precision the other OCR tests hold.
others() {
	jq -rn --slurpfile t "$2" --slurpfile o "$1" '
	    $t[0].pages as $P | $o[] | . as $r | .fields | to_entries[] |
	    select(.value.status == "accepted") | . as $e |
	    (($P[$r.page - 1].rows[$r.row - 1].fields[$e.key].value) // "")
	    as $own | select($e.value.value != $own) |
	    select(any($P[].rows[]; .fields[$e.key].value == $e.value.value)) |
	    "page \($r.page) row \($r.row) \($e.key): \($e.value.value)"'
}
# one_person OUT TRUTH: every row of OUT found, and no accepted field is
# another person's (the rows are the truth's, page by page).
one_person() {
	others "$1" "$2" > "$1.others"
	sed 's/^/# another person'"'"'s: /' "$1.others"
	"$top_builddir/sogoc-score" --ocr "$1" --min-row-recall 1.0 "$2" \
	    > "$1.score" 2> "$1.wrong" || return 1
	sed 's/^/# /' "$1.wrong"
	[ ! -s "$1.others" ]
}
accepted() {
	jq -s '[.[].fields[] | select(.status == "accepted")] | length' "$1"
}

# A flat spread: two scans of facing pages side by side.
"$GEN" --seed 7101 --era c21 --rows 6 --capture spread-flat --format png \
    --out "$tmp/flat" > /dev/null 2>&1
"$SOGOC" ocr -q -j 2 "$tmp/flat.png" > "$tmp/flat.jsonl" 2> "$tmp/flat.err"
ok "flat spread: read, exit 0" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/flat.err"
ok "flat spread: pages 1 and 2, each with rows" \
    [ "$(jq -s -c '[.[].page] | unique' "$tmp/flat.jsonl")" = "[1,2]" ]
ok "flat spread: page 1 is the left half, page 2 the right" \
    [ "$(jq -s -c '[.[] | [.page, .half]] | unique' "$tmp/flat.jsonl")" \
    = '[[1,"left"],[2,"right"]]' ]
ok "flat spread: each half's region lies in the image, its image page 1" \
    [ "$(jq -s '[.[] | .image_page == 1 and .region[0] >= 0 and
    .region[2] > 1000 and .region[0] + .region[2] <= 7200] | all' \
    "$tmp/flat.jsonl")" = true ]
ok "flat spread: every row found, no accepted field another person's" \
    one_person "$tmp/flat.jsonl" "$tmp/flat.json"
ok "flat spread: most fields accepted (>= 90 of 132)" \
    [ "$(accepted "$tmp/flat.jsonl")" -ge 90 ]
# The review console shows a right-page cell from the right half: the
# box, moved by the half's region, lies in the right page the truth
# places, and the console's cell image is the scan there.
set -- $(jq -r 'select(.page == 2 and .row == 1) |
    [.page, .image_page, .region[], .fields.full_name.box[]] |
    map(tostring) | join(" ")' "$tmp/flat.jsonl")
ok "flat spread: a page 2 cell, moved by its region, is in the right page" \
    [ "$(jq --argjson x "$(($3 + $7))" --argjson y "$(($4 + $8))" \
    '.pages[1].corners as $c | $x > $c[0][0] and $x < $c[1][0] and
    $y > $c[0][1] and $y < $c[3][1]' "$tmp/flat.json")" = true ]
"$top_builddir/tests/cellcheck" "$tmp/flat.png" "$@" 2>&1 | sed 's/^/# /'
ok "flat spread: the console's image of that cell is the scan there" \
    "$top_builddir/tests/cellcheck" "$tmp/flat.png" "$@"

# A curled spread (seed 7205: read as one page before the split, rows
# joined the register number of the left page's rows with the row
# number, name and date of birth of the right page's, all accepted).
"$GEN" --seed 7205 --rows 10 --capture spread --out "$tmp/curl" \
    > /dev/null 2>&1
"$READPAGE" "$tmp/curl.jpg" curl.jpg > "$tmp/one.jsonl" 2> "$tmp/one.err"
ok "curled spread read as one page: rows come out" [ -s "$tmp/one.jsonl" ]
chimeras "$tmp/one.jsonl" "$tmp/curl.json" > "$tmp/one.bad"
sed 's/^/# two people: /' "$tmp/one.bad"
ok "curled spread read as one page: no row accepts two people's fields" \
    [ ! -s "$tmp/one.bad" -a -s "$tmp/one.jsonl" ]
# Straightened, the curled spread reads as one table; the flat one, read
# whole, is two tables side by side whose rows join two people (a field
# mapped twice): those rows say so, and accept nothing of two people.
"$READPAGE" "$tmp/flat.png" flat.png > "$tmp/flat1.jsonl" 2> /dev/null
chimeras "$tmp/flat1.jsonl" "$tmp/flat.json" > "$tmp/flat1.bad"
sed 's/^/# two people: /' "$tmp/flat1.bad"
ok "flat spread read as one page: rows say row-misaligned, none two people's" \
    [ "$(grep -c '"why":"row-misaligned"' "$tmp/flat1.jsonl")" -gt 0 -a \
    ! -s "$tmp/flat1.bad" ]
"$SOGOC" ocr -q -j 2 "$tmp/curl.jpg" > "$tmp/curl.jsonl" 2> "$tmp/curl.err"
sed 's/^/# /' "$tmp/curl.err"
chimeras "$tmp/curl.jsonl" "$tmp/curl.json" > "$tmp/curl.bad"
sed 's/^/# two people: /' "$tmp/curl.bad"
ok "curled spread split: no row accepts two people's fields" \
    [ ! -s "$tmp/curl.bad" -a -s "$tmp/curl.jsonl" ]
ok "curled spread split: rows of page 2 come out" \
    [ "$(jq -s '[.[] | select(.page == 2)] | length' "$tmp/curl.jsonl")" \
    -gt 0 ]

# The flat spread with its right page missing (blank but for a sliver).
"$MKINPUT" blankhalf "$tmp/flat.png" "$tmp/half.png"
"$SOGOC" ocr -q -j 2 "$tmp/half.png" > "$tmp/half.jsonl" 2> "$tmp/half.err"
rc=$?
sed 's/^/# /' "$tmp/half.err"
ok "right page missing: exit 0, page 2 a page to key by hand (no-table)" \
    [ "$rc" -eq 0 -a "$(jq -r 'select(.page == 2) |
    "\(.status) \(.why) \(.half) \(.image_page)"' "$tmp/half.jsonl")" = \
    "key no-table right 1" ]
ok "right page missing: stderr names page 2, the right page of a spread" \
    contains "$tmp/half.err" "page 2: the right page of a two-page spread"
cp "$tmp/flat.json" "$tmp/half.json"
others "$tmp/half.jsonl" "$tmp/half.json" > "$tmp/half.others"
ok "right page missing: the left page read as page 1, all 6 rows, its own" \
    [ ! -s "$tmp/half.others" -a \
    "$(jq -s '[.[] | select(.page == 1)] | length' "$tmp/half.jsonl")" -eq 6 ]

# The flat spread with its right page upside down.
"$MKINPUT" turnhalf "$tmp/flat.png" "$tmp/turn.png"
"$SOGOC" ocr -q -j 2 "$tmp/turn.png" > "$tmp/turn.jsonl" 2> "$tmp/turn.err"
sed 's/^/# /' "$tmp/turn.err"
cp "$tmp/flat.json" "$tmp/turn.json"
ok "right page upside down: both pages in order, no field another's" \
    one_person "$tmp/turn.jsonl" "$tmp/turn.json"
ok "right page upside down: page 2 was turned half round" \
    [ "$(jq -s '[.[] | select(.page == 2) | .rotation] | unique' -c \
    "$tmp/turn.jsonl")" = "[180]" ]

# A landscape page with one table is one page.
"$GEN" --seed 7102 --era printed --rows 6 --format png --out "$tmp/land" \
    > /dev/null 2>&1
"$SOGOC" ocr -q -j 2 "$tmp/land.png" > "$tmp/land.jsonl" 2> "$tmp/land.err"
ok "landscape page: read (exit 0), 6 rows, all page 1, none a half" \
    [ $? -eq 0 -a "$(jq -s -c '[.[] | [.page, .half]] | unique' \
    "$tmp/land.jsonl")" = '[[1,null]]' -a \
    "$(wc -l < "$tmp/land.jsonl")" -eq 6 ]

# A two-page file, a spread then a single page: pages are numbered as
# they are written, 1 and 2 the spread's halves, 3 the single page.
"$MKINPUT" tiff2 "$tmp/flat.png" "$tmp/land.png" "$tmp/two.tif"
"$SOGOC" ocr -q -j 2 "$tmp/two.tif" > "$tmp/two.jsonl" 2> "$tmp/two.err"
sed 's/^/# /' "$tmp/two.err"
ok "two-page file: pages 1 and 2 from its image 1, page 3 its image 2" \
    [ "$(jq -s -c '[.[] | [.page, .half, .image_page]] | unique' \
    "$tmp/two.jsonl")" = '[[1,"left",1],[2,"right",1],[3,null,null]]' ]
ok "two-page file: page 3 holds the single page's rows, in order" \
    [ "$(jq -s -c '[.[] | select(.page == 3) | .fields.seq.value]' \
    "$tmp/two.jsonl")" = "$(jq -c '[.pages[0].rows[].fields.seq.value]' \
    "$tmp/land.json")" ]

done_testing
