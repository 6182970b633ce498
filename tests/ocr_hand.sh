#!/bin/sh
# Handwriting goes to people, never to "accepted" (issue 14).  Pages from
# sogoc-gen --hand (entries written by hand into the printed form), read
# by the real binary and checked with jq against their ground truth:
# - on handwritten pages no field is accepted wrongly, every handwritten
#   cell is "review" with why "handwriting", its row says "hand": true,
#   and at least 95% of the rows are found (their cells reach staff even
#   when nothing reads);
# - on printed pages (typewritten heavily damaged, Circular 21 moderately)
#   no cell is called handwriting; on a page half handwritten, only the
#   handwritten rows are;
# - `sogoc import` of the handwritten rows suggests double keying (not
#   when the volume is double-keyed already, nor for printed rows);
# - the staff console shows a handwriting cell with an empty input and
#   without OCR's reading, and its import of the page suggests double
#   keying.
. "${top_srcdir:-.}/tests/tap.sh"
. "${top_srcdir:-.}/tests/ocr_lib.sh"

command -v jq > /dev/null || skip_all "jq missing"
command -v curl > /dev/null || skip_all "curl missing"
GEN="$top_builddir/sogoc-gen"

for p in "31 typewritten 0 1 h1" "32 printed 1 1 h2" "33 c21 0 1 h3" \
    "34 printed 0 0.5 mix" "35 typewritten 2 0 p1" "36 c21 1 0 p2"; do
	# shellcheck disable=SC2086
	set -- $p
	"$GEN" --seed "$1" --era "$2" --damage "$3" --hand "$4" --rows 8 \
	    --format png --out "$tmp/$5" > /dev/null || exit 1
done
# A page whose row-10 note, "Đã cấp bản sao" in a light hand, passes for
# an empty cell (bench seed 100004): empty cells of a handwritten row are
# keyed too, never accepted as blank.
"$GEN" --seed 100004 --era printed --hand 1 --format png --out "$tmp/h4" \
    > /dev/null || exit 1
ok "the generator marks handwritten rows in the truth" \
    [ "$(jq '[.pages[0].rows[] | select(.hand)] | length' "$tmp/h1.json")" \
    -eq 8 ]

"$SOGOC" ocr --jsonl -q -j 2 "$tmp"/h1.png "$tmp"/h2.png "$tmp"/h3.png \
    "$tmp"/mix.png "$tmp"/p1.png "$tmp"/p2.png "$tmp"/h4.png \
    > "$tmp/out.jsonl" 2> "$tmp/err"
ok "every page is read (exit 0)" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/err"
for n in h1 h2 h3 mix p1 p2 h4; do
	grep "\"source\":\"[^\"]*/$n.png\"" "$tmp/out.jsonl" > "$tmp/$n.jsonl"
done

# unflagged NAME: the handwritten cells (truth rows "hand", text not
# empty) of page NAME that are not review for handwriting, or missing.
unflagged() {
	jq -rn --slurpfile t "$tmp/$1.json" --slurpfile o "$tmp/$1.jsonl" '
	    $t[0].pages[0].rows[] | select(.hand) | . as $tr |
	    ([$o[] | select(.row == $tr.row)][0]) as $orow |
	    $tr.fields | to_entries[] | select(.value.text != "") |
	    ($orow.fields[.key] // {}) as $f |
	    select($f.status != "review" or $f.why != "handwriting" or
	    $orow.hand != true) | "\($tr.row) \(.key) \($f.status)"'
}

for n in h1 h2 h3 mix h4; do
	wrong_accepted "$tmp/$n.jsonl" "$tmp/$n.json" > "$tmp/wrong.$n"
	sed 's/^/# wrong: /' "$tmp/wrong.$n"
	ok "$n: no accepted field is wrong" [ ! -s "$tmp/wrong.$n" ]
	unflagged $n > "$tmp/unfl.$n"
	head -5 "$tmp/unfl.$n" | sed 's/^/# not flagged: /'
	ok "$n: every handwritten cell is review, why handwriting" \
	    [ ! -s "$tmp/unfl.$n" ]
done
for n in h1 h2 h3; do
	ok "$n: at least 95% of the rows are found" \
	    [ "$(wc -l < "$tmp/$n.jsonl")" -ge 8 ]
done
ok "hand pages: the rule is exercised (cells were read at all)" \
    [ "$(cat "$tmp"/h[123].jsonl | jq -r '.fields[] | .why // empty' |
    grep -c '^handwriting$')" -gt 120 ]

for n in p1 p2; do
	ok "$n (printed): its rows are read" [ "$(wc -l < "$tmp/$n.jsonl")" \
	    -ge 7 ]
	ok "$n (printed): no cell is called handwriting" \
	    [ "$(jq -r '.fields[] | .why // empty' "$tmp/$n.jsonl" |
	    grep -c handwriting)" -eq 0 ]
	ok "$n (printed): no row is called handwritten" \
	    [ "$(jq -r 'select(.hand) | .row' "$tmp/$n.jsonl" | wc -l)" -eq 0 ]
done
ok "mix: the printed rows are not called handwritten" \
    [ "$(jq -rn --slurpfile t "$tmp/mix.json" --slurpfile o "$tmp/mix.jsonl" \
    '$o[] | select(.hand) | select($t[0].pages[0].rows[.row - 1].hand |
    not) | .row' | wc -l)" -eq 0 ]
ok "mix: the page has rows of both kinds" \
    [ "$(jq '[.pages[0].rows[] | select(.hand)] | length' "$tmp/mix.json")" \
    -ge 3 -a "$(jq '[.pages[0].rows[] | select(.hand | not)] | length' \
    "$tmp/mix.json")" -ge 3 ]

# sogoc import: the volume is mostly handwriting, double keying suggested.
export SOGOC_DB="$tmp/db"
vol="--type THPT --year $(jq .ledger_year "$tmp/h1.json")"
cat "$tmp"/h[123].jsonl > "$tmp/hand.jsonl"
# shellcheck disable=SC2086
"$SOGOC" import $vol --sources / "$tmp/hand.jsonl" 2> "$tmp/err"
ok "import of the handwritten rows (exit 0)" [ $? -eq 0 ]
sed 's/^/# /' "$tmp/err"
ok "import suggests double keying" contains "$tmp/err" "double keying"
"$SOGOC" staged --json > "$tmp/staged.json" 2> /dev/null
ok "the staged rows keep \"hand\"" \
    [ "$(jq -r 'select(.hand) | .id' "$tmp/staged.json" | wc -l)" -ge 20 ]
SOGOC_DB="$tmp/db2" "$SOGOC" import $vol --double-key --sources / \
    "$tmp/hand.jsonl" 2> "$tmp/err"
ok "... not when the volume is double-keyed already" \
    sh -c "! grep -q 'double keying' '$tmp/err'"
vol2="--type THPT --year $(jq .ledger_year "$tmp/p2.json")"
# shellcheck disable=SC2086
SOGOC_DB="$tmp/db3" "$SOGOC" import $vol2 --sources / "$tmp/p2.jsonl" \
    2> "$tmp/err"
ok "... nor for printed rows" sh -c "! grep -q 'double keying' '$tmp/err'"
printf '{"source":"%s","page":1,"row":1,"fields":{"notes":{"value":"","conf":0.9,"status":"accepted"}},"hand":"yes"}\n' \
    "$tmp/p2.png" > "$tmp/bad.jsonl"
# shellcheck disable=SC2086
SOGOC_DB="$tmp/db3" "$SOGOC" import $vol2 --sources / "$tmp/bad.jsonl" \
    2> "$tmp/err"
ok "import refuses a \"hand\" that is not true or false" [ $? -ne 0 ]

# The console: a handwriting cell starts empty, OCR's reading not shown.
SERVE_PORTS="18191 18292 18393 18494 18595 19192"
. "$top_srcdir/tests/serve_lib.sh"
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" > /dev/null 2>&1
add_user binh "binh's long password" reviewer
mkdir -p "$tmp/scans/vol1"
cp "$tmp/h2.png" "$tmp/scans/vol1/p001.png"
STAFF=1 serve_start "$tmp/log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans"
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
login binh "binh's long password"
pid=$(jq -r 'select(.source | endswith("/h2.png")) | .id' "$tmp/staged.json" |
    head -1)
get binh "/page?id=${pid%:*}"
ok "the handwritten page's review screen opens ($code)" [ "$code" = 200 ]
grep -o '<input name="value" id="[^"]*" value="[^"]*"' "$tmp/out" \
    > "$tmp/inputs"
ok "it shows the page's cells ($(wc -l < "$tmp/inputs"))" \
    [ "$(wc -l < "$tmp/inputs")" -ge 40 ]
ok "every input of a handwriting cell starts empty" \
    [ "$(grep -vc 'value=""$' "$tmp/inputs")" -eq 0 ]
ok "OCR's reading of them is not shown" sh -c "! grep -q 'OCR: «' '$tmp/out'"
ok "each says why: handwriting" contains "$tmp/out" "chữ viết tay"
# A reviewer's value for a handwriting cell is kept as typed.
id=$(jq -r 'select(.source | endswith("/h2.png")) |
    select(.fields.full_name.why == "handwriting") | .id' "$tmp/staged.json" |
    head -1)
seen=$(jq -r --arg id "$id" 'select(.id == $id) | .fields.full_name.value' \
    "$tmp/staged.json")
post binh /review -d "csrf=$(csrf_of binh)" -d "id=$id" -d field=full_name \
    --data-urlencode "value=Nguyễn Văn Hùng" --data-urlencode "seen=$seen" \
    -d seen_status=review -d action=save
ok "a reviewer keys the name ($code)" sh -c "[ $code = 200 ] &&
    jq -e '.status == \"set\"' '$tmp/out' > /dev/null"

# The console's import of the handwritten page says so, and suggests
# double keying.
curl -s -o /dev/null -D "$tmp/hdr" -b "$tmp/binh" -H "$origin" \
    -d "csrf=$(csrf_of binh)" -d folder=vol1 -d type=THPT \
    -d "year=$(jq .ledger_year "$tmp/h2.json")" "$staff/import"
job=$(tr -d '\r' < "$tmp/hdr" | sed -n 's/^[Ll]ocation:.*job=\([0-9]*\).*/\1/p')
i=0
while [ $i -lt 600 ]; do
	get binh "/import/status?job=$job"
	[ "$(jq -r .state "$tmp/out")" != running ] && break
	i=$((i + 1))
	sleep 0.5
done
ok "the console's import of the page is done ($(jq -c \
    '{state,hand,suggest_double_key}' "$tmp/out"))" \
    jqok '.state == "done" and .hand >= 7 and .suggest_double_key' "$tmp/out"
get binh "/import?job=$job"
ok "its import page says the volume is handwritten, double keying" \
    sh -c "grep -q 'id=\"handwritten\"' '$tmp/out' &&
    grep -q 'Nên nhập hai lần' '$tmp/out'"

done_testing
