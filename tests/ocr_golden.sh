#!/bin/sh
# Golden test: the committed fixture pages in scans/golden (three eras,
# clean to heavily damaged, PNG, JPEG, Group 4 and multi-page TIFF, turned
# 90 and 180 degrees, rows not ruled) are read and compared field by field with their
# ground truth.  The floors are below what the pipeline measures on them
# today (docs/ocr.md), so a regression fails here.
. "${top_srcdir:-.}/tests/tap.sh"

golden="$top_srcdir/scans/golden"
ls "$golden"/*.json > /dev/null 2>&1 || skip_all "no golden pages"

"$SOGOC" ocr --jsonl -q -j 2 "$golden" > "$tmp/out.jsonl" 2> "$tmp/err"
rc=$?
sed 's/^/# /' "$tmp/err"
ok "every golden page is read (exit 0)" [ "$rc" -eq 0 ]
ok "nothing on stderr" [ ! -s "$tmp/err" ]

"$top_builddir/sogoc-score" --ocr "$tmp/out.jsonl" --json \
    "$golden"/*.json > "$tmp/score.json" 2> "$tmp/wrong"
sed 's/^/# /' "$tmp/wrong"
"$top_builddir/sogoc-score" --ocr "$tmp/out.jsonl" \
    --min-row-recall 1.0 "$golden"/*.json > /dev/null 2>&1
ok "row recall is 100%" [ $? -eq 0 ]
"$top_builddir/sogoc-score" --ocr "$tmp/out.jsonl" \
    --min-precision 0.995 "$golden"/*.json > /dev/null 2>&1
ok "accepted precision is at least 99.5%" [ $? -eq 0 ]
"$top_builddir/sogoc-score" --ocr "$tmp/out.jsonl" \
    --min-coverage 0.85 "$golden"/*.json > /dev/null 2>&1
ok "coverage is at least 85%" [ $? -eq 0 ]
"$top_builddir/sogoc-score" --ocr "$tmp/out.jsonl" \
    --min-accuracy 0.90 "$golden"/*.json > /dev/null 2>&1
ok "field accuracy is at least 90%" [ $? -eq 0 ]

# Output contract (SPEC section 3), line by line.
ok "every line is a JSON object with source, page, row and fields" \
    [ "$(grep -c '^{"source":"[^"]*","page":[0-9]*,"row":[0-9]*,"fields":{' \
    "$tmp/out.jsonl")" -eq "$(wc -l < "$tmp/out.jsonl")" ]
ok "every status is accepted or review" \
    [ "$(grep -o '"status":"[a-z]*"' "$tmp/out.jsonl" | sort -u | tr -d '\n')" \
    = '"status":"accepted""status":"review"' ]
ok "pages of the two-page TIFF are numbered 1 and 2" \
    [ "$(grep -o 'sideways.tif","page":[0-9]*' "$tmp/out.jsonl" | sort -u |
    wc -l)" -eq 2 ]
ok "no signature column in the output" \
    [ "$(grep -c '"signature"' "$tmp/out.jsonl")" -eq 0 ]

# Rows of a page come top to bottom, 1, 2, 3, ...
awk -F'"row":' '{ split($2, a, ","); split($0, s, "\"page\":");
    split(s[2], p, ","); key = $1 p[1];
    if (a[1] != last[key] + 1) bad++; last[key] = a[1] }
    END { exit bad > 0 }' "$tmp/out.jsonl"
ok "rows are numbered 1, 2, 3, ... down each page" [ $? -eq 0 ]

done_testing
