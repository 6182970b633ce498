#!/bin/sh
# Pages off the scanner glass (issue 14): a phone photo (perspective, a
# darker desk, uneven light, JPEG) and a bound page under a book scanner
# (curl into the spine, lines bending, the gutter in shadow), ruled and
# with no rules between its rows (the curl then shows only in the
# header's and the bottom's rules), from sogoc-gen, read by the real
# binary and checked against their truth:
# - every row of the three pages is found, and no accepted field is wrong;
# - most fields are accepted (a floor below what they measure: 73%, 93%
#   and 92%);
# - the crop a reviewer sees is the cell the value came from: the box of a
#   review field, cut from page_straighten()'s page (what the staff
#   console shows), holds the ink of the crop cut while reading;
# - what is not a ledger, photographed (a blank sheet on a desk, a sheet
#   of text without rules, a round plate, a 50-Mpx photo of a blank
#   sheet), gets one clear line each, no rows, and no crash.
. "${top_srcdir:-.}/tests/tap.sh"

command -v jq > /dev/null || skip_all "jq missing"
GEN="$top_builddir/sogoc-gen"
MK="$top_builddir/tests/mkinput"

"$GEN" --seed 8101 --era printed --rows 10 --capture photo \
    --out "$tmp/photo" > /dev/null || exit 1
"$GEN" --seed 8102 --era c21 --rows 10 --capture book \
    --out "$tmp/book" > /dev/null || exit 1
"$GEN" --seed 8103 --era printed --rows 10 --capture book --no-row-rules \
    --out "$tmp/unruled" > /dev/null || exit 1

# relative names, so that the crops are named photo.jpg#p1-r... in crops/
mkdir "$tmp/crops"
sogoc=$(cd "$(dirname "$SOGOC")" && pwd)/sogoc
(cd "$tmp" && "$sogoc" ocr --jsonl -q -j 2 --crops crops photo.jpg \
    book.jpg unruled.jpg > out.jsonl 2> err)
ok "the three pages are read (exit 0)" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/err"

for p in photo book unruled; do
	grep "\"source\":\"$p.jpg\"" "$tmp/out.jsonl" > "$tmp/$p.jsonl"
	ok "$p: every row is found" [ "$(wc -l < "$tmp/$p.jsonl")" -eq \
	    "$(jq '.pages[0].rows | length' "$tmp/$p.json")" ]
	"$top_builddir/sogoc-score" --ocr "$tmp/$p.jsonl" "$tmp/$p.json" \
	    > "$tmp/score.$p" 2> "$tmp/wrong.$p"
	sed 's/^/# /' "$tmp/wrong.$p"
	ok "$p: no accepted field is wrong" \
	    grep -q '^accepted precision *100.00%' "$tmp/score.$p"
	ok "$p: at least 65% of the fields are accepted" \
	    "$top_builddir/sogoc-score" --ocr "$tmp/$p.jsonl" \
	    --min-coverage 0.65 "$tmp/$p.json"
done

# crop_matches PAGE: the first review field of PAGE with a value, its box
# cut from page_straighten()'s page against its --crops file.
crop_matches() {
	jq -r 'select(.row != null) | .row as $r | .rotation as $rot |
	    .skew as $sk | .fields | to_entries[] |
	    select(.value.status == "review" and .value.value != "") |
	    "\($r) \(.key) \($rot) \($sk) \(.value.box | join(" "))"' \
	    "$tmp/$1.jsonl" | head -1 > "$tmp/pick.$1"
	read -r row key rot skew x y w h < "$tmp/pick.$1" || return 1
	echo "# $1: row $row $key box $x $y $w $h"
	"$top_builddir/tests/cropcheck" "$tmp/$1.jpg" "$rot" "$skew" \
	    "$x" "$y" "$w" "$h" "$tmp/crops/$1.jpg#p1-r$row-$key.png" \
	    > "$tmp/check.$1" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/check.$1"
	return $rc
}
ok "photo: the reviewer's crop is the cell that was read" crop_matches photo
ok "book: the reviewer's crop is the cell that was read" crop_matches book

"$MK" sheet "$tmp/sheet.jpg"
"$MK" text "$tmp/text.jpg"
"$MK" plate "$tmp/plate.jpg"
"$MK" scale "$tmp/sheet.jpg" "$tmp/sheet50.jpg" 2.04 > "$tmp/size"
read -r w h < "$tmp/size"
ok "the 50-Mpx photo is 50 Mpx (${w}x$h)" [ $((w * h)) -ge 49000000 ]
t0=$(date +%s)
"$SOGOC" ocr --jsonl -q -j 2 "$tmp/sheet.jpg" "$tmp/text.jpg" \
    "$tmp/plate.jpg" "$tmp/sheet50.jpg" > "$tmp/none.jsonl" 2> "$tmp/err"
rc=$?
t1=$(date +%s)
sed 's/^/# /' "$tmp/err"
ok "not ledgers: read (exit status 0: pages to key), no crash" [ "$rc" -eq 0 ]
for f in sheet text plate sheet50; do
	ok "$f.jpg: named with the reason" \
	    contains "$tmp/err" "$f.jpg: no ruled table found on the page"
done
ok "one line each, nothing else on stderr" [ "$(wc -l < "$tmp/err")" -eq 4 ]
ok "no rows from them: four pages to key by hand (no-table), nothing else" \
    [ "$(jq -r 'select(.row == null and .status == "key") | .why' \
    "$tmp/none.jsonl" | grep -c '^no-table$')" -eq 4 -a \
    "$(wc -l < "$tmp/none.jsonl")" -eq 4 ]
echo "# not ledgers: $((t1 - t0)) s"
ok "not ledgers: read in bounded time" [ $((t1 - t0)) -lt 120 ]

done_testing
