#!/bin/sh
# Hostile and broken inputs to `sogoc ocr`: each gets one clear line naming
# the file and the problem, the good inputs are still read, the exit status
# is non-zero, and nothing crashes (this suite runs under ASan+UBSan).
. "${top_srcdir:-.}/tests/tap.sh"

good="$top_srcdir/scans/golden/printed-clean.png"
[ -f "$good" ] || skip_all "no golden page $good"

: > "$tmp/empty.png"
head -c 3000 "$good" > "$tmp/truncated.png"
printf 'this is not an image\n' > "$tmp/text.png"
"$top_builddir/tests/mkinput" huge "$tmp/huge.png"
"$top_builddir/tests/mkinput" blank "$tmp/notable.png"
cp "$good" "$tmp/good.png"
head -c 100000 "$top_srcdir/scans/golden/typewritten-moderate.jpg" \
    > "$tmp/truncated.jpg"
head -c 20000 "$top_srcdir/scans/golden/c21-heavy.tif" > "$tmp/truncated.tif"

"$SOGOC" ocr --jsonl -q -j 2 "$tmp/empty.png" "$tmp/truncated.png" \
    "$tmp/text.png" "$tmp/good.png" "$tmp/huge.png" "$tmp/notable.png" \
    "$tmp/missing.png" "$tmp/truncated.jpg" "$tmp/truncated.tif" \
    > "$tmp/out.jsonl" 2> "$tmp/err"
rc=$?
cat "$tmp/err" | sed 's/^/# /'

ok "exit status is 1 when some inputs are unreadable" [ "$rc" -eq 1 ]
ok "zero-byte file is named with the reason" \
    contains "$tmp/err" "empty.png: file is empty"
ok "truncated PNG is named with the reason" \
    contains "$tmp/err" "truncated.png: truncated PNG (the file ends before IEND)"
ok "text file named .png is refused as not an image" \
    contains "$tmp/err" "text.png: not a PNG, JPEG, TIFF, BMP, PNM or PDF file"
ok "50000x50000 header is refused before decoding" \
    contains "$tmp/err" "huge.png: image is 50000x50000 pixels"
ok "page without a table is named" \
    contains "$tmp/err" "notable.png: no ruled table found on the page"
ok "missing file is named" \
    contains "$tmp/err" "missing.png: No such file or directory"
ok "truncated JPEG is named with the reason" \
    contains "$tmp/err" "truncated.jpg: truncated JPEG (no end-of-image marker)"
ok "truncated TIFF is named with the reason" \
    contains "$tmp/err" "truncated.tif: truncated or corrupt TIFF"
ok "one line per bad input, nothing else on stderr" \
    [ "$(wc -l < "$tmp/err")" -eq 8 ]
ok "the good page between them is still read" \
    [ "$(grep -c '"source":"'"$tmp"'/good.png"' "$tmp/out.jsonl")" -ge 10 ]
ok "no output rows for the bad inputs" \
    [ "$(grep -v good.png "$tmp/out.jsonl" | grep -vc '"status":"key"')" \
    -eq 0 ]
ok "the page without a table is one line, a page to key by hand" \
    [ "$(grep -c '"source":"'"$tmp"'/notable.png","page":1,"status":"key"' \
    "$tmp/out.jsonl")" -eq 1 ]

# Usage errors: exit 2 with a message.
"$SOGOC" ocr > /dev/null 2> "$tmp/err"
ok "no input files is a usage error" [ $? -eq 2 ]
"$SOGOC" ocr --jobs 0 "$good" > /dev/null 2> "$tmp/err"
ok "--jobs 0 is refused" [ $? -eq 2 ]
ok "--jobs 0 message names the option" contains "$tmp/err" "--jobs"
printf '{"columns": ["seq", "nonsense"]}' > "$tmp/bad.json"
"$SOGOC" ocr --profile "$tmp/bad.json" "$good" > /dev/null 2> "$tmp/err"
ok "a profile with an unknown key is refused" [ $? -eq 2 ]
ok "the profile error names the column" \
    contains "$tmp/err" 'column 2: unknown field key "nonsense"'
printf '{"columns": [' > "$tmp/trunc.json"
"$SOGOC" ocr --profile "$tmp/trunc.json" "$good" > /dev/null 2> "$tmp/err"
ok "a truncated profile is refused with its line" contains "$tmp/err" "line 1"
"$SOGOC" ocr --crops "$tmp/nodir" "$good" > /dev/null 2> "$tmp/err"
ok "--crops to a missing directory is refused" [ $? -eq 2 ]
"$SOGOC" ocr --help > "$tmp/help"
ok "--help succeeds and lists --jobs" contains "$tmp/help" "--jobs"
"$SOGOC" frobnicate > /dev/null 2> "$tmp/err"
ok "an unknown command is a usage error" [ $? -eq 2 ]

done_testing
