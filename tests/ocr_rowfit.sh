#!/bin/sh
# Rows on straightened pages are one band (issue 14): a phone photo and a
# bound page from sogoc-gen whose rules, after straightening, lie a few
# pixels off the grid's straight lines near the table's far edge (a
# residue of perspective, the curl by the spine), read by the real binary
# and checked against their truth.  Before ocr/rowalign.c followed each
# column's own rules, 4 of the photo's 10 rows and 11 of the book page's
# 12 were marked row-misaligned (coverage 58% and 8%):
# - every row is found, and no accepted field is wrong;
# - at most one row (photo), two (book) say row-misaligned;
# - most fields are accepted (floors below what they measure: 94%, 78%).
# A third page, a printed book page (seed 76000, 24 rows), lost 5 rows to
# row-misaligned (coverage 75%) until ocr/straighten.c fitted its curl
# model robustly: traces that slipped onto the signature column's strokes
# bent the model there, and the notes column was left 11 pixels below
# the rest of its row.  None may be marked now (it reads 95%).
. "${top_srcdir:-.}/tests/tap.sh"

command -v jq > /dev/null || skip_all "jq missing"
GEN="$top_builddir/sogoc-gen"

"$GEN" --seed 40005 --era c21 --rows 10 --capture photo \
    --out "$tmp/photo" > /dev/null || exit 1
"$GEN" --seed 41011 --era c21 --rows 12 --capture book \
    --out "$tmp/book" > /dev/null || exit 1
"$GEN" --seed 76000 --era printed --rows 24 --capture book \
    --out "$tmp/signed" > /dev/null || exit 1
"$SOGOC" ocr --jsonl -q -j 2 "$tmp/photo.jpg" "$tmp/book.jpg" \
    "$tmp/signed.jpg" > "$tmp/out.jsonl" 2> "$tmp/err"
ok "the pages are read (exit 0)" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/err"

# misaligned PAGE: the rows of PAGE with a row-misaligned field.
misaligned() {
	jq -r 'select([.fields[]? | .why] | index("row-misaligned")) | .row' \
	    "$tmp/$1.jsonl" | wc -l
}
# covers PAGE FLOOR: at least FLOOR of PAGE's fields are accepted.
covers() {
	"$top_builddir/sogoc-score" --ocr "$tmp/$1.jsonl" --min-coverage "$2" \
	    "$tmp/$1.json" > /dev/null 2>&1
}
for p in photo:1:0.85 book:2:0.70 signed:0:0.85; do
	name=${p%%:*}
	most=${p#*:}
	most=${most%%:*}
	floor=${p##*:}
	grep "\"source\":\"[^\"]*/$name.jpg\"" "$tmp/out.jsonl" \
	    > "$tmp/$name.jsonl"
	ok "$name: every row is found" [ "$(wc -l < "$tmp/$name.jsonl")" -eq \
	    "$(jq '.pages[0].rows | length' "$tmp/$name.json")" ]
	n=$(misaligned "$name")
	echo "# $name: $n rows row-misaligned"
	ok "$name: at most $most rows row-misaligned" [ "$n" -le "$most" ]
	"$top_builddir/sogoc-score" --ocr "$tmp/$name.jsonl" \
	    "$tmp/$name.json" > "$tmp/score.$name" 2> "$tmp/wrong.$name"
	sed 's/^/# /' "$tmp/wrong.$name"
	grep -E '^(accepted|coverage)' "$tmp/score.$name" | sed 's/^/# /'
	ok "$name: no accepted field is wrong" \
	    grep -q '^accepted precision *100.00%' "$tmp/score.$name"
	ok "$name: at least $floor of the fields are accepted" \
	    covers "$name" "$floor"
done

done_testing
