#!/bin/sh
# sogoc-score is the yardstick of the golden test and the benchmark, so it
# is tested too: a wrong accepted value, a missing row and a malformed line
# must each be caught.
. "${top_srcdir:-.}/tests/tap.sh"

golden="$top_srcdir/scans/golden"
[ -f "$golden/printed-clean.png" ] || skip_all "no golden page"
SCORE="$top_builddir/sogoc-score"
truth="$golden/printed-clean.json"

"$SOGOC" ocr -q -j 2 "$golden/printed-clean.png" > "$tmp/ok.jsonl"
"$SCORE" --ocr "$tmp/ok.jsonl" --min-row-recall 1 "$truth" > "$tmp/out" 2>&1
ok "the real output has every row" [ $? -eq 0 ]

# Change one accepted full name: precision must drop and name the field.
sed '1s/"full_name":{"value":"[^"]*"/"full_name":{"value":"Nguyễn Sai Tên"/' \
    "$tmp/ok.jsonl" > "$tmp/wrong.jsonl"
differ() { ! cmp -s "$1" "$2"; }
ok "the forged row differs" differ "$tmp/ok.jsonl" "$tmp/wrong.jsonl"
"$SCORE" --ocr "$tmp/wrong.jsonl" --min-precision 1 "$truth" \
    > "$tmp/out" 2> "$tmp/err"
ok "a wrong accepted value fails --min-precision 1 (exit 1)" [ $? -eq 1 ]
ok "... and is listed with its row and field" \
    contains "$tmp/err" "page 1 row 1 full_name"

# The precision's 95% Wilson lower bound, against the formula worked
# here from the counts the report gives (awk, not the C under test).
wilson() {
	"$SCORE" --json --ocr "$1" "$truth" 2> /dev/null |
	    jq -r '"\(.accepted_correct) \(.accepted + .extra_accepted) \(.precision_lower_bound)"' |
	    awk '{ z = 1.959964; n = $2; p = $1 / n
		w = (p + z*z/(2*n) - z*sqrt(p*(1-p)/n + z*z/(4*n*n))) / (1 + z*z/n)
		d = w - $3; if (d < 0) d = -d
		exit !(n > 0 && d < 1e-5 && $3 < p) }'
}
command -v jq > /dev/null || skip_all "jq missing"
ok "the lower bound of an all-right page is the formula's, below 100%" \
    wilson "$tmp/ok.jsonl"
ok "... and of a page with one wrong value" wilson "$tmp/wrong.jsonl"
sed 's/"status":"accepted"/"status":"review"/g' "$tmp/ok.jsonl" \
    > "$tmp/none.jsonl"
"$SCORE" --json --ocr "$tmp/none.jsonl" "$truth" > "$tmp/none" 2>&1
ok "nothing accepted: no lower bound (null)" \
    [ "$(jq -r .precision_lower_bound "$tmp/none")" = null ]
ok "the text report prints the bound" \
    grep -q "95% lower bound [0-9.]*%" "$tmp/out"

# Drop a row: recall below 100%.
sed 1d "$tmp/ok.jsonl" > "$tmp/short.jsonl"
"$SCORE" --ocr "$tmp/short.jsonl" --min-row-recall 1 "$truth" > /dev/null 2>&1
ok "a missing row fails --min-row-recall 1 (exit 1)" [ $? -eq 1 ]

# A malformed line is an input error naming the line.
{ head -1 "$tmp/ok.jsonl"; echo '{"source": 3'; } > "$tmp/bad.jsonl"
"$SCORE" --ocr "$tmp/bad.jsonl" "$truth" > /dev/null 2> "$tmp/err"
ok "a malformed line is exit 2" [ $? -eq 2 ]
ok "... naming line 2" contains "$tmp/err" ":2:"

# A status outside the contract is refused.
sed '1s/"status":"accepted"/"status":"maybe"/' "$tmp/ok.jsonl" \
    > "$tmp/status.jsonl"
"$SCORE" --ocr "$tmp/status.jsonl" "$truth" > /dev/null 2> "$tmp/err"
ok "status \"maybe\" is exit 2" [ $? -eq 2 ]

done_testing
