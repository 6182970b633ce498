#!/bin/sh
# sogoc-gen's capture modes (photo, book, spread): the same seed gives the
# same image, the images have the size and the pages the truth says, a
# spread's truth holds both pages, and `scan`, the default, still gives
# exactly the pages it gave before the modes existed, so that figures
# measured on scans stay comparable.  sogoc ocr must survive the new
# pages (exit 0 or 1, never a signal); reading them well is not asked yet.
. "${top_srcdir:-.}/tests/tap.sh"

GEN="$top_builddir/sogoc-gen"
command -v jq > /dev/null || skip_all "jq not installed"
[ -x "$GEN" ] || skip_all "sogoc-gen not built"

# jqt FILE EXPR: EXPR is true of the JSON in FILE.
jqt() {
	[ "$(jq -r "$2" "$1" 2> /dev/null)" = true ]
}

# Recorded with the generator of commit d86b0c4, before --capture: the
# scan of one seed must not change by a byte (fonts and Leptonica as on
# Debian 12).
scan_png=5363b815d17c975216e991cd8caa6fae81cb606fb122d4ab8185a5b8df17bbb4
scan_json=77976082ef25e82ca857a85c07af251f8d96a4efe7635037b8a45ef5c3e415ff
sum() { sha256sum "$1" | cut -d' ' -f1; }
scan="--seed 5 --era c21 --damage 1 --rows 10 --format png"
"$GEN" $scan --out "$tmp/scan" > /dev/null 2>&1
ok "scan: the image is the one recorded before capture modes" \
    [ "$(sum "$tmp/scan.png")" = "$scan_png" ]
ok "scan: ... and so is its truth" [ "$(sum "$tmp/scan.json")" = "$scan_json" ]
"$GEN" $scan --capture scan --out "$tmp/scan2" > /dev/null 2>&1
ok "scan: --capture scan is the default" \
    cmp -s "$tmp/scan.png" "$tmp/scan2.png"
ok "scan: its truth says nothing of a capture" \
    jqt "$tmp/scan.json" 'has("capture") | not'

for m in photo book spread; do
	opts="--seed 41 --era printed --damage 1 --rows 10 --capture $m"
	"$GEN" $opts --out "$tmp/$m-a" > /dev/null 2> "$tmp/$m.err"
	ok "$m: generated (exit 0)" [ $? -eq 0 ]
	"$GEN" $opts --out "$tmp/$m-b" > /dev/null 2>&1
	ok "$m: the same seed gives the same image" \
	    cmp -s "$tmp/$m-a.jpg" "$tmp/$m-b.jpg"
	ok "$m: ... and the same truth" \
	    cmp -s "$tmp/$m-a.json" "$tmp/$m-b.json"
	ok "$m: the truth parses and names the capture" \
	    jqt "$tmp/$m-a.json" ".capture == \"$m\""
	ok "$m: every page has its 10 rows and their fields" \
	    jqt "$tmp/$m-a.json" '[.pages[] | (.rows | length) == 10 and
	    all(.rows[]; (.fields | length) >= 6)] | all'
	ok "$m: the truth's size is the image's" \
	    jqt "$tmp/$m-a.json" '[.pages[] | .width > 0 and .height > 0] | all'
	ok "$m: each page's corners lie inside the image" \
	    jqt "$tmp/$m-a.json" '[.pages[] | . as $p | .corners[] |
	    .[0] >= 0 and .[0] <= $p.width and .[1] >= 0 and
	    .[1] <= $p.height] | all'
	ok "$m: the image is a JPEG" \
	    [ "$(od -An -tx1 -N3 "$tmp/$m-a.jpg" | tr -d ' ')" = ffd8ff ]
done

"$GEN" --seed 42 --era printed --damage 1 --rows 10 --capture photo \
    --out "$tmp/photo-c" > /dev/null 2>&1
differ() { [ -s "$1" ] && [ -s "$2" ] && ! cmp -s "$1" "$2"; }
ok "photo: another seed gives another image" \
    differ "$tmp/photo-a.jpg" "$tmp/photo-c.jpg"
ok "photo: 8 to 12 Mpx, as phones shoot" \
    jqt "$tmp/photo-a.json" '.pages[0] | .width * .height >= 8000000 and
    .width * .height <= 12000000'
ok "photo: keystone up to 8 degrees, recorded" \
    jqt "$tmp/photo-a.json" '.pages[0].keystone | . >= 0 and . <= 8.5'
ok "book: one page, its spine on a side, its curl recorded" \
    jqt "$tmp/book-a.json" '(.pages | length) == 1 and
    (.pages[0].spine == "left" or .pages[0].spine == "right") and
    .pages[0].curl > 0'
ok "book: about a page at 270-300 dpi" \
    jqt "$tmp/book-a.json" '.pages[0] | .width > 2900 and .width < 4000 and
    .height > 2100 and .height < 3200'

# A spread: pages 1 and 2 of one volume, left and right of the gutter.
s="$tmp/spread-a.json"
ok "spread: two pages in the truth, numbered 1 and 2" \
    jqt "$s" '[.pages[].page] == [1, 2]'
ok "spread: page 1 is the left half, its spine on its right" \
    jqt "$s" '.pages[0].half == "left" and .pages[0].spine == "right"'
ok "spread: page 2 is the right half, its spine on its left" \
    jqt "$s" '.pages[1].half == "right" and .pages[1].spine == "left"'
ok "spread: the left page lies left of the right page" \
    jqt "$s" '([.pages[0].corners[][0]] | max) <
    ([.pages[1].corners[][0]] | min)'
ok "spread: one image, wider than twice its height" \
    jqt "$s" '.pages[0].width == .pages[1].width and
    .pages[0].width > 2 * .pages[0].height'
ok "spread: the right page's rows follow the left page's" \
    jqt "$s" '(.pages[1].rows[0].fields.seq.value | tonumber) >
    (.pages[0].rows[-1].fields.seq.value | tonumber)'

# A flat spread: two flat scans side by side, the same truth as a spread's.
f="--seed 41 --era printed --damage 1 --rows 10 --capture spread-flat"
"$GEN" $f --format png --out "$tmp/flat-a" > /dev/null 2>&1
ok "spread-flat: generated" [ -s "$tmp/flat-a.png" ]
"$GEN" $f --format png --out "$tmp/flat-b" > /dev/null 2>&1
ok "spread-flat: the same seed gives the same image" \
    cmp -s "$tmp/flat-a.png" "$tmp/flat-b.png"
s="$tmp/flat-a.json"
ok "spread-flat: pages 1 left and 2 right, not curled, 10 rows each" \
    jqt "$s" '.capture == "spread-flat" and [.pages[] | [.page, .half,
    .curl, (.rows | length)]] == [[1, "left", 0, 10], [2, "right", 0, 10]]'
ok "spread-flat: the left page lies left of the right page, in the image" \
    jqt "$s" '([.pages[0].corners[][0]] | max) <
    ([.pages[1].corners[][0]] | min) and
    ([.pages[1].corners[][0]] | max) <= .pages[1].width'

# --rotate turns the capture and its corners with it.
"$GEN" --seed 41 --era printed --damage 1 --rows 10 --capture photo \
    --rotate 90 --out "$tmp/photo-r" > /dev/null 2>&1
ok "photo --rotate 90: width and height swap" \
    jqt "$tmp/photo-r.json" '.pages[0].width < .pages[0].height'
# turned A B: corner 0 of truth A, turned a quarter clockwise, is B's.
turned() {
	a=$(jq -r '.pages[0] | "\(.height - .corners[0][1] | floor)" +
	    " \(.corners[0][0] | floor)"' "$1" 2> /dev/null)
	b=$(jq -r '.pages[0].corners[0] | "\(.[0] | floor) \(.[1] | floor)"' \
	    "$2" 2> /dev/null)
	[ -n "$a" ] && [ "$a" = "$b" ]
}
ok "photo --rotate 90: a corner (x, y) moves to (height - y, x)" \
    turned "$tmp/photo-a.json" "$tmp/photo-r.json"

# Bad requests are usage errors.
"$GEN" --capture flatbed --out "$tmp/x" > /dev/null 2>&1
ok "an unknown capture is exit 2" [ $? -eq 2 ]
"$GEN" --capture spread --format tiff-multi --out "$tmp/x" > /dev/null 2>&1
ok "a capture in a multi-page TIFF is exit 2" [ $? -eq 2 ]

# sogoc ocr on the new pages: no crash.  Reading them is the next step's.
for m in photo book; do
	rc=99
	[ -s "$tmp/$m-a.jpg" ] && { "$SOGOC" ocr -q -j 2 "$tmp/$m-a.jpg" \
	    > "$tmp/$m.jsonl" 2> "$tmp/$m.oerr"; rc=$?; }
	ok "sogoc ocr on a $m page exits 0 or 1, not by a signal (rc $rc)" \
	    [ "$rc" -eq 0 -o "$rc" -eq 1 ]
done

done_testing
