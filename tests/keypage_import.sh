#!/bin/sh
# Pages to key by hand through `sogoc import` and `sogoc staged` (issue
# 14, "nothing is lost"): a "status":"key" line of `sogoc ocr` is staged
# as a page to key with its source, page, reason and estimated rows, is
# listed by `sogoc staged`, is never published, gives way to rows read
# from its page later, and a malformed one is refused with nothing
# stored.  Hand-written JSONL: no OCR is run.
. "${top_srcdir:-.}/tests/tap.sh"
. "${top_srcdir:-.}/tests/ocr_lib.sh"

command -v jq > /dev/null || skip_all "jq is not installed"
db="$tmp/db"
export SOGOC_DB="$db" SOGOC_USER=tester
vol="--type THPT --year 1998"

# Three scans, only fingerprinted: their bytes differ.
printf 'scan of page 12\n' > "$tmp/p012.png"
printf 'scan of page 13\n' > "$tmp/p013.png"
printf 'scan of page 14\n' > "$tmp/p014.png"
cat > "$tmp/a.jsonl" <<'EOT'
{"source":"p012.png","page":4,"status":"key","why":"no-table","error":"no ruled table found on the page","rows":18,"rotation":0,"skew":0.41}
{"source":"p013.png","page":1,"status":"key","why":"no-header","error":"the header row could not be read","rows":0,"rotation":180,"skew":0.0}
{"source":"p014.png","page":1,"row":1,"fields":{"full_name":{"value":"Nguyễn Văn An","conf":0.99,"status":"accepted"},"date_of_birth":{"value":"1980-05-12","conf":0.99,"status":"accepted"}}}
EOT

import_jsonl "$tmp/a.jsonl"
ok "import of rows and pages to key succeeds" [ "$rc" -eq 0 ]
ok "... and counts 2 pages to key by hand" \
    contains "$tmp/err" "1 rows: 1 new, 0 restaged, 0 unchanged, 0 kept (decided by a person), 0 already published; 0 wait for review; 2 pages to key by hand"

"$SOGOC" staged > "$tmp/staged" 2> "$tmp/err"
sed 's/^/# /' "$tmp/staged"
ok "staged shows the page to key: file, page, reason, ~rows" \
    grep -q ':4:0 *p012.png page 4: to key by hand (no ruled table found on the page), ~18 rows$' "$tmp/staged"
ok "... and the one with no estimate, without one" \
    grep -q ':1:0 *p013.png page 1: to key by hand (the header row could not be read)$' "$tmp/staged"
ok "... beside the row" grep -q 'p014.png p1 r1  ready to publish' \
    "$tmp/staged"
"$SOGOC" staged --json > "$tmp/staged.json"
ok "staged --json keeps reason, estimate and straightening" \
    [ "$(jq -c 'select(.to_key != null and .page == 4) |
    [.to_key.why, .to_key.rows, .skew, .row, .waiting, (.id | test(":4:0$"))]' \
    "$tmp/staged.json")" = '["no-table",18,0.41,0,"page to key by hand",true]' ]

import_jsonl "$tmp/a.jsonl"
"$SOGOC" staged --json > "$tmp/staged2.json"
ok "importing the same file again stages nothing twice" \
    [ "$(jq -c 'select(.to_key != null)' "$tmp/staged2.json" | wc -l)" -eq 2 ]

# Never published: the key pages stay, waiting.
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" > /dev/null
"$SOGOC" publish --key "$tmp/k/signer.key" -q 2> "$tmp/err"
ok "publish publishes the row only" \
    [ "$("$SOGOC" checkpoint | sed -n 2p)" = 1 ]
"$SOGOC" staged > "$tmp/staged"
ok "... and the pages to key still wait" \
    [ "$(grep -c 'to key by hand' "$tmp/staged")" -eq 2 ]

# A later reading of page 13 with rows: the page to key gives way.
cat > "$tmp/b.jsonl" <<'EOT'
{"source":"p013.png","page":1,"row":1,"fields":{"full_name":{"value":"Trần Thị Bình","conf":0.99,"status":"accepted"},"date_of_birth":{"value":"1981-02-03","conf":0.99,"status":"accepted"}}}
{"source":"p014.png","page":1,"status":"key","why":"no-table","error":"no ruled table found on the page","rows":3}
EOT
import_jsonl "$tmp/b.jsonl"
"$SOGOC" staged --all > "$tmp/staged"
sed 's/^/# /' "$tmp/staged"
ok "rows read later from a page to key replace it" \
    sh -c "grep -q 'p013.png p1 r1' '$tmp/staged' &&
    ! grep -q 'p013.png page 1: to key' '$tmp/staged'"
ok "a page with rows already is not made a page to key" \
    sh -c "! grep -q 'p014.png page 1' '$tmp/staged'"

# Malformed lines: refused with the line, nothing stored.
refused() {
	desc=$1
	pat=$2
	printf '%s\n' "$3" > "$tmp/bad.jsonl"
	"$SOGOC" staged --all --json > "$tmp/before"
	import_jsonl "$tmp/bad.jsonl"
	"$SOGOC" staged --all --json > "$tmp/after"
	ok "$desc: refused, saying \"$pat\", nothing stored" \
	    sh -c "[ $rc -ne 0 ] && grep -qF -- '$pat' '$tmp/err' &&
	    cmp -s '$tmp/before' '$tmp/after'"
}
refused "a page to key without a why" 'bad.jsonl:1: a page to key needs a "why" code' \
    '{"source":"p012.png","page":5,"status":"key","rows":3}'
refused "a why that is not a code" 'bad.jsonl:1: a page to key needs a "why" code' \
    '{"source":"p012.png","page":5,"status":"key","why":"No Table!","rows":3}'
refused "an error with control characters" 'bad.jsonl:1: "error" must be text' \
    '{"source":"p012.png","page":5,"status":"key","why":"no-table","error":"a\u0007b"}'
refused "an estimate that is not a count" 'bad.jsonl:1: "rows" must be an integer' \
    '{"source":"p012.png","page":5,"status":"key","why":"no-table","rows":-4}'
refused "a page to key of page 0" 'bad.jsonl:1: "page" must be a positive integer' \
    '{"source":"p012.png","page":0,"status":"key","why":"no-table"}'

done_testing
