#!/bin/sh
# End to end: the real binary on a PDF, on a directory, with --crops, with
# a layout profile, and the output contract checked on what comes out.
. "${top_srcdir:-.}/tests/tap.sh"

golden="$top_srcdir/scans/golden"
page="$golden/printed-clean.png"
[ -f "$page" ] || skip_all "no golden page $page"
MK="$top_builddir/tests/mkinput"
SCORE="$top_builddir/sogoc-score"

# PDF input: the page rendered by poppler reads as well as the PNG.
"$MK" pdf "$page" "$tmp/printed-clean.pdf"
"$SOGOC" ocr -q -j 2 "$tmp/printed-clean.pdf" > "$tmp/pdf.jsonl" 2> "$tmp/err"
ok "a PDF scan is read (exit 0)" [ $? -eq 0 ]
ok "the PDF's rows say page 1" \
    [ "$(grep -c '"page":1,' "$tmp/pdf.jsonl")" -eq "$(wc -l < "$tmp/pdf.jsonl")" ]
cp "$golden/printed-clean.json" "$tmp/printed-clean.json"
"$SCORE" --ocr "$tmp/pdf.jsonl" --min-row-recall 1 --min-accuracy 0.95 \
    "$tmp/printed-clean.json" > /dev/null 2>&1
ok "PDF rows match the page's truth (recall 100%, accuracy >= 95%)" [ $? -eq 0 ]

# --crops: one PNG per review field, named from (source, page, row, field).
mkdir "$tmp/crops"
"$SOGOC" ocr -q -j 2 --crops "$tmp/crops" "$golden/c21-heavy.tif" \
    > "$tmp/heavy.jsonl" 2> "$tmp/err"
ok "--crops run succeeds" [ $? -eq 0 ]
nreview=$(grep -o '"status":"review"' "$tmp/heavy.jsonl" | wc -l)
ncrops=$(ls -A "$tmp/crops" | wc -l)
ok "there is something to review on the heavy page" [ "$nreview" -gt 0 ]
ok "one crop per review field ($nreview)" [ "$ncrops" -eq "$nreview" ]
# Take one review field from the output and find its crop by name.
line=$(grep -m1 '"status":"review"' "$tmp/heavy.jsonl")
row=$(printf '%s' "$line" | sed 's/.*"row":\([0-9]*\),.*/\1/')
key=$(printf '%s' "$line" |
    sed 's/"status":"review".*//; s/.*"\([a-z_]*\)":{"value.*/\1/')
src=$(printf '%s\n' "$golden/c21-heavy.tif" | awk '
    BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    { out = ""; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1);
      if (c ~ /[A-Za-z0-9_-]/ || (c == "." && i > 1)) out = out c;
      else out = out sprintf("%%%02X", ord[c]) } print out }')
ok "crop of row $row $key is at ${src}#p1-r${row}-${key}.png" \
    [ -f "$tmp/crops/${src}#p1-r${row}-${key}.png" ]

# A directory stands for the scans in it, in natural order.
mkdir "$tmp/vol"
cp "$page" "$tmp/vol/p10.png"
cp "$page" "$tmp/vol/p2.png"
printf 'notes\n' > "$tmp/vol/readme.txt"
"$SOGOC" ocr -q -j 2 "$tmp/vol" > "$tmp/vol.jsonl" 2> "$tmp/err"
ok "a directory is read (exit 0)" [ $? -eq 0 ]
ok "p2 comes before p10, other files are ignored" \
    [ "$(sed 's/.*"source":"[^"]*\/\(p[0-9]*\).png".*/\1/' "$tmp/vol.jsonl" |
    uniq | tr '\n' ' ')" = "p2 p10 " ]

# A profile that pins the columns: the wrong number of columns is refused
# with a message that says so, the right one reads the page.
printf '{"columns": ["seq", "full_name"]}\n' > "$tmp/short.json"
"$SOGOC" ocr -q --profile "$tmp/short.json" "$page" > "$tmp/p.jsonl" \
    2> "$tmp/err"
rc=$?
ok "a profile with too few columns makes the page one to key (exit 0)" \
    sh -c "[ $rc -eq 0 ] && grep -q '\"why\":\"profile-mismatch\"' \
    '$tmp/p.jsonl'"
ok "... and says how many columns each has" \
    contains "$tmp/err" "the profile names 2 columns but the page has"
cols=$(tr -d '\n' < "$golden/printed-clean.json" |
    sed 's/.*"columns": *\[\([^]]*\)\].*/\1/')
printf '{"columns": [%s], "ledger_year": 2005}\n' "$cols" > "$tmp/good.json"
"$SOGOC" ocr -q --profile "$tmp/good.json" "$page" > "$tmp/p.jsonl" \
    2> "$tmp/err"
ok "the page's own columns as a profile read it (exit 0)" [ $? -eq 0 ]
"$SCORE" --ocr "$tmp/p.jsonl" --min-row-recall 1 --min-accuracy 0.95 \
    "$tmp/printed-clean.json" > /dev/null 2>&1
ok "... with the same rows" [ $? -eq 0 ]

# A file name that is not UTF-8 still gives rows that say where they came
# from, with the bad byte as U+FFFD.
bad=$(printf 'vol\377.png')
cp "$page" "$tmp/$bad"
"$SOGOC" ocr -q -j 2 "$tmp/$bad" > "$tmp/bad.jsonl" 2> "$tmp/err"
ok "a non-UTF-8 file name is read (exit 0)" [ $? -eq 0 ]
ok "... and its rows name it with U+FFFD" \
    contains "$tmp/bad.jsonl" "$(printf 'vol\357\277\275.png')"

# Output stays valid UTF-8 NFC JSON: every line parses as one object.
ok "every output line is one JSON object" \
    [ "$(grep -c '^{.*}$' "$tmp/heavy.jsonl")" -eq "$(wc -l < "$tmp/heavy.jsonl")" ]

done_testing
