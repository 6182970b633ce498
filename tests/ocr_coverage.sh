#!/bin/sh
# Right readings that the trust rules used to send to review, won back
# without letting a wrong one through (issue 14, coverage on clean scans).
# Two clean pages from sogoc-gen, read by the real binary:
# - a typewritten page (seed 84021, Noto Sans Mono, eight rows) on which
#   one pass reads the month's 0 as a 9 in four rows ("05/92/76" for
#   "05/02/76"): such a reading names no other date, so the two that
#   agree are accepted as if all three did, and must be right; a cell
#   whose readings give no date twice stays fails-validator;
# - a Circular 21 page (seed 81008, FreeSerif, six rows) whose ethnicity
#   "Kinh" one pass reads "Kính" in every row: the other two write it
#   exactly as listed, so it is accepted; no listed group is "Kính".
. "${top_srcdir:-.}/tests/tap.sh"

command -v jq > /dev/null || skip_all "jq missing"
GEN="$top_builddir/sogoc-gen"

"$GEN" --seed 84021 --era typewritten --rows 8 --out "$tmp/dates" \
    > /dev/null || exit 1
"$GEN" --seed 81008 --era c21 --rows 6 --out "$tmp/kinh" > /dev/null ||
    exit 1
"$SOGOC" ocr --jsonl -q -j 2 "$tmp/dates.png" "$tmp/kinh.png" \
    > "$tmp/out.jsonl" 2> "$tmp/err"
ok "the pages are read (exit 0)" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/err"
grep '"source":"[^"]*dates\.' "$tmp/out.jsonl" > "$tmp/dates.jsonl"
grep '"source":"[^"]*kinh\.' "$tmp/out.jsonl" > "$tmp/kinh.jsonl"
ok "every row is found (8 and 6)" \
    [ "$(wc -l < "$tmp/dates.jsonl") $(wc -l < "$tmp/kinh.jsonl")" = "8 6" ]

# field PAGE ROW KEY: "value status" of field KEY of row ROW of PAGE
field() {
	jq -r --argjson r "$2" --arg k "$3" 'select(.row == $r) |
	    "\(.fields[$k].value) \(.fields[$k].status)"' "$tmp/$1.jsonl"
}
# truth PAGE ROW KEY: the value the page holds there
truth() {
	jq -r --argjson r "$2" --arg k "$3" \
	    '.pages[0].rows[$r - 1].fields[$k].value' "$tmp/$1.json"
}
for r in 4 5 6 7; do
	ok "dates, row $r: two readings on one date, one on none: accepted" \
	    [ "$(field dates $r date_of_birth)" = \
	    "$(truth dates $r date_of_birth) accepted" ]
done
ok "dates, row 3: two readings on no date: fails-validator" \
    [ "$(jq -r 'select(.row == 3) | .fields.date_of_birth.why' \
    "$tmp/dates.jsonl")" = "fails-validator" ]

ok "kinh: the page is the one whose ethnicity a pass reads Kính" \
    [ "$(jq -r '.fields.ethnicity.text' "$tmp/kinh.jsonl" |
    grep -c '^Kính$')" -ge 4 ]
ok "kinh: every ethnicity is accepted" \
    [ "$(jq -r '.fields.ethnicity | "\(.value) \(.status)"' \
    "$tmp/kinh.jsonl" | sort -u)" = "Kinh accepted" ]

for p in dates kinh; do
	jq -rn --slurpfile t "$tmp/$p.json" --slurpfile o "$tmp/$p.jsonl" '
	    $o[] as $r | $r.fields | to_entries[] |
	    select(.value.status == "accepted") |
	    (($t[0].pages[0].rows[$r.row - 1].fields[.key].value) // "")
	    as $want | select(.value.value != $want) |
	    "# wrong: \($r.row) \(.key)"' > "$tmp/wrong.$p"
	cat "$tmp/wrong.$p"
	ok "$p: no accepted field is wrong" [ ! -s "$tmp/wrong.$p" ]
done

done_testing
