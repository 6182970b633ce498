#!/bin/sh
# run.sh: build the libFuzzer harnesses with clang and run them.
#
#   tests/fuzz/run.sh [SECONDS] [http|query|registry|text|import|tlog|monitor|all]
#
# SECONDS (default 60) is for each harness run; all (the default) runs
# fuzz_registry, fuzz_text, fuzz_import, fuzz_http with both of its
# modes, then fuzz_tlog, then fuzz_monitor.
#
#   registry  fuzz_registry: notes, checkpoints, events, keys, receipts,
#             record heads.
#             With SOGOC_FUZZ_RECEIPT=FILE and SOGOC_FUZZ_VKEY=KEY (a
#             receipt from `sogoc serve` and its log's verifier key) the
#             receipt check is fuzzed past the signature.
#   text      fuzz_text: the text of a ledger cell as OCR reads it, to
#             normalize_field (every field), norm_text, norm_fold,
#             norm_date and the other calls of text/.
#   http      fuzz_http, raw HTTP requests to the server (server.c).
#   query     fuzz_http, query values to receipt_make and page_render.
#   import    fuzz_import: the staging area's JSONL and CSV importers,
#             staged and straight into the log, on a temporary registry.
#   tlog      fuzz_tlog: the witness's add-checkpoint body and whole
#             check, logs files, cosignature lines, cosigned notes.
#   monitor   fuzz_monitor: the monitor's stored state of a followed log
#             (tlog/monitor_state.c).
#
# fuzz_http serves the registry in $SOGOC_FUZZ_DB (default
# tests/fuzz/out/reg/db), made here when missing with the programs in
# $SOGOC_BUILD (default build/): 30 published rows of sogoc-gen's seed 9,
# as tests/verify_api.sh makes them.
#
# Needs clang and Debian's libclang-rt-14-dev; not part of `make check`.
# A crash leaves crash-* in tests/fuzz/out/ and a non-zero exit.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
what=${2:-all}
case $what in
http|query|registry|text|import|tlog|monitor|all) ;;
*) echo "usage: $0 [SECONDS] [http|query|registry|text|import|tlog|monitor|all]" >&2
	exit 2 ;;
esac
out="$top/tests/fuzz/out"
mkdir -p "$out/corpus" "$out/corpus-http" "$out/corpus-import"
# The sources include "config.h", which configure writes; none of it is
# needed here.
: > "$out/config.h"
cc="clang -g -O1 -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=undefined -Werror=implicit-function-declaration
    -D_GNU_SOURCE -I$out -I$top/common -I$top/http -I$top/text
    -I$top/verify -I$top/registry -I$top/tlog"
common_src="$top/registry/*.c $top/verify/receipt.c $top/verify/jsonw.c
    $top/verify/receipt_check.c $top/http/fetch.c $top/common/*.c
    $top/text/*.c"
libs="-lcrypto -lutf8proc -llmdb -ljansson -lcsv -lcurl -lpthread -lm"

run_registry() {
	# shellcheck disable=SC2086
	$cc "$top/tests/fuzz/fuzz_registry.c" $common_src $libs \
	    -o "$out/fuzz_registry"
	# Seeds: a real checkpoint note and key, and a receipt when one is
	# given.
	[ -n "${SOGOC_FUZZ_RECEIPT:-}" ] &&
	    { printf '\005'; cat "$SOGOC_FUZZ_RECEIPT"; } > "$out/corpus/receipt"
	printf '\000go.example/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\342\200\224 go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n' \
	    > "$out/corpus/note"
	printf '\001o\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next\n' \
	    > "$out/corpus/checkpoint"
	printf '\004go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb' \
	    > "$out/corpus/key"
	printf '\006sogoc/record-head/v1\no\n12\n3\n11\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n2\n' \
	    > "$out/corpus/head"
	printf '\006sogoc/issue-heads/v1\no\n12\n3\n5\n9\n' \
	    > "$out/corpus/issued"
	(cd "$out" && ./fuzz_registry -max_total_time="$secs" -max_len=4096 \
	    corpus)
}

run_text() {
	mkdir -p "$out/corpus-text"
	# shellcheck disable=SC2086
	$cc "$top/tests/fuzz/fuzz_text.c" "$top"/text/*.c \
	    "$top/common/utf8.c" "$top/common/names.c" -lutf8proc \
	    -o "$out/fuzz_text"
	# Seeds: byte 0 the field (seq, full_name, date_of_birth, ... as
	# text/field.h numbers them), byte 1 the ledger year - 1900.
	c="$out/corpus-text"
	printf '\000\131 12.' > "$c/seq"
	printf '\001\131Nguy\341\273\205n V\304\203n An' > "$c/name"
	printf '\002\13112/5/80' > "$c/dob"
	printf '\002\000 l2.O5.l98O.' > "$c/dob-misread"
	printf '\003\131tp. H\341\273\223 Ch\303\255 Minh' > "$c/place"
	printf '\004\131N\341\273\257' > "$c/sex"
	printf '\005\131Kh\306\241-me' > "$c/ethnic"
	printf '\006\131THPT L\303\252 Qu\303\275 \304\220' > "$c/school"
	printf '\007\131Lo\341\272\241i: Kh\303\241' > "$c/class"
	printf '\010\131|TNG 476798.' > "$c/serial"
	printf '\011\13105- THPT/1868' > "$c/register"
	printf '\012\131C\341\272\245p l\341\272\241i' > "$c/notes"
	printf '\013\131\303\220\314\201\342\200\213\377' > "$c/hostile"
	(cd "$out" && ./fuzz_text -max_total_time="$secs" -max_len=4096 \
	    corpus-text)
}

run_import() {
	# shellcheck disable=SC2086
	$cc "$top/tests/fuzz/fuzz_import.c" $common_src $libs \
	    -o "$out/fuzz_import"
	# Seeds: a JSONL row and a page to key; a CSV ledger, staged and
	# published (the first byte picks the importer).
	c="$out/corpus-import"
	printf '\000{"source":"scan.png","page":1,"row":1,"fields":{"full_name":{"value":"L\303\252 V\304\203n T\303\241m","conf":0.99,"status":"accepted"},"date_of_birth":{"value":"","text":"1?/5/1980","conf":0.3,"status":"review","why":"low-conf","box":[1,2,3,4]},"serial_no":{"value":"Q0000001","conf":0.9,"status":"accepted"}}}\n' \
	    > "$c/jsonl"
	printf '\000{"source":"scan.png","page":2,"status":"key","why":"no-grid","error":"x","rows":20}\n' \
	    > "$c/jsonl-key"
	v='full_name,date_of_birth,serial_no,place_of_birth,sex\n'
	v="$v\"L\303\252 V\304\203n T\303\241m\",12/5/1980,Q0000001,H\303\240 N\341\273\231i,Nam\n"
	v="${v}Ph\341\272\241m Th\341\273\213 Hoa,3/2/1981,Q0000002,,N\341\273\257\n"
	printf "\\001$v" > "$c/csv"
	printf "\\002$v" > "$c/csv-publish"
	(cd "$out" && ./fuzz_import -max_total_time="$secs" -max_len=4096 \
	    -timeout=10 corpus-import)
}

# The registry fuzz_http serves, and the seeds drawn from it.
make_db() {
	build=${SOGOC_BUILD:-$top/build}
	db=${SOGOC_FUZZ_DB:-$out/reg/db}
	dir=$(dirname "$db")
	if [ ! -d "$db" ]; then
		mkdir -p "$dir"
		rm -rf "$dir/k"
		"$build/sogoc-gen" --seed 9 --csv 30 --out "$dir/ledger" \
		    > "$dir/vol"
		"$build/sogoc" keygen --name fuzz.example/sogoc --out "$dir/k" \
		    > /dev/null 2>&1
		# shellcheck disable=SC2046
		"$build/sogoc" import --db "$db" --publish \
		    --key "$dir/k/signer.key" $(cat "$dir/vol") \
		    "$dir/ledger.csv" 2> /dev/null
	fi
	SOGOC_FUZZ_DB=$(cd "$db" && pwd)
	mkdir -p "$out/reg"
	export SOGOC_FUZZ_DB
	"$build/sogoc" export --db "$SOGOC_FUZZ_DB" 2> /dev/null |
	    jq -c 'select(.status == "valid")' | head -1 > "$out/reg/rec"
	serial=$(jq -r .fields.serial_no "$out/reg/rec")
	name=$(jq -r .fields.full_name "$out/reg/rec")
	dob=$(jq -r .fields.date_of_birth "$out/reg/rec")
	q="serial=$(jq -rn --arg v "$serial" '$v|@uri')"
	q="$q&name=$(jq -rn --arg v "$name" '$v|@uri')"
	q="$q&dob=$(jq -rn --arg v "$dob" '$v|@uri')"
}

# seed FILE REQUEST-LINE [HEADER-LINES [BODY]]: a mode 0 (http) seed.
seed() {
	printf '\000%s\r\nHost: fuzz\r\n%b\r\n%b' "$2" "${3:-}" "${4:-}" \
	    > "$out/corpus-http/$1"
}

run_http() {
	# fuzz_http.c has its own log_msg, in place of common/log.c's.
	src=
	for f in $common_src; do
		[ "$f" = "$top/common/log.c" ] || src="$src $f"
	done
	# http/fetch.c is in $common_src already.
	for f in "$top"/http/*.c; do
		[ "$f" = "$top/http/fetch.c" ] || src="$src $f"
	done
	# shellcheck disable=SC2086
	$cc -I"$top/copy" -I"$top/cred" \
	    $(pkg-config --cflags pangocairo libqrencode) \
	    "$top/tests/fuzz/fuzz_http.c" $src \
	    "$top/verify/server.c" "$top/verify/pubhtml.c" \
	    "$top/verify/client.c" "$top/verify/asklimit.c" \
	    "$top/verify/metrics.c" \
	    "$top/verify/copyweb.c" "$top/verify/copyweb_html.c" \
	    "$top/verify/copyweb_parse.c" "$top"/copy/*.c \
	    "$top/verify/credweb.c" "$top"/cred/*.c \
	    "$top/verify/receiptpage.c" "$top/tlog/policy.c" \
	    "${SOGOC_BUILD:-$top/build}/verify/receipt_js.c" \
	    $libs -lmicrohttpd -lz \
	    $(pkg-config --libs pangocairo libqrencode) \
	    -o "$out/fuzz_http"
	make_db
	c="$out/corpus-http"
	seed page 'GET / HTTP/1.1'
	seed page-en 'GET /?lang=en HTTP/1.1'
	seed healthz 'GET /healthz HTTP/1.1'
	seed metrics 'GET /metrics HTTP/1.1'
	seed css 'GET /style.css HTTP/1.1'
	seed checkpoint 'GET /checkpoint HTTP/1.1'
	seed cred-status 'GET /credentials/status HTTP/1.1'
	seed cred-issuer 'GET /.well-known/jwt-vc-issuer HTTP/1.1'
	seed consistency 'GET /api/v1/proof/consistency?old=30 HTTP/1.1'
	seed verify-hit "GET /api/v1/verify?$q HTTP/1.1"
	seed verify-miss \
	    'GET /api/v1/verify?serial=A1&name=x&dob=1%2F2%2F1990 HTTP/1.0'
	seed page-hit "GET /?$q&lang=en HTTP/1.1"
	v='name=Nguy%E1%BB%85n+V%C4%83n+An'
	seed page-plus "GET /?serial=A+1&$v&dob=12/5/1980 HTTP/1.1"
	seed head 'HEAD / HTTP/1.1'
	v='Content-Type: application/x-www-form-urlencoded\r\n'
	seed post 'POST /api/v1/verify HTTP/1.1' \
	    "${v}Content-Length: 30\r\n" 'serial=A1&name=An&dob=1/1/1990'
	seed chunked 'POST / HTTP/1.1' "Transfer-Encoding: chunked\r\n" \
	    "5\r\nhello\r\n0\r\n\r\n"
	seed badutf8 'GET /?serial=%ff%fe&name=%c3%28&dob=%ed%a0%80 HTTP/1.1'
	v='serial=%3Cscript%3E&name=%22%3E%3Cimg+src%3Dx%3E'
	seed script "GET /?$v&dob=1/1/1990&lang=en HTTP/1.1"
	v='GET /checkpoint HTTP/1.1\r\nHost: fuzz\r\n\r\n'
	seed pipelined 'GET /healthz HTTP/1.1' '' \
	    "${v}HEAD /metrics HTTP/1.1\r\nHost: fuzz\r\n\r\n"
	seed long-header 'GET / HTTP/1.1' \
	    "X-Long: $(head -c 20000 /dev/zero | tr '\0' a)\r\n"
	seed http2 'GET / HTTP/2.0'
	# Copy requests and share codes (the registry is read-only here:
	# requests get their 503, the pages and refusals are all there).
	seed copy-form 'GET /copy?lang=en HTTP/1.1'
	seed copy-post 'POST /copy HTTP/1.1' \
	    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\n" \
	    'full_name=A&year=2005&x='
	seed copy-api 'POST /api/v1/copy-requests HTTP/1.1' \
	    "Content-Type: application/json\r\nContent-Length: 2\r\n" '{}'
	seed copy-status 'GET /r/1-AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1'
	seed copy-pdf 'GET /r/1-AAAAAAAAAAAAAAAAAAAAAA/copy.pdf HTTP/1.1'
	seed copy-api-status 'GET /api/v1/copy-requests/1-AAAA HTTP/1.1'
	seed share 'GET /c/ABCD-EFGH-JKMN HTTP/1.1'
	seed share-receipt 'GET /c/abcdefghjkmn/receipt.json HTTP/1.1'
	# Mode 1 (query) seeds: serial NUL name NUL dob NUL lang.
	printf '\001%s\000%s\000%s\000en' "$serial" "$name" "$dob" \
	    > "$c/q-hit"
	# shellcheck disable=SC2018,SC2019
	printf '\001%s\000%s\000%s' "$(echo "$serial" | tr A-Z a-z)" \
	    "$(printf '%s' "$name" | iconv -f utf-8 -t ascii//TRANSLIT |
	    tr a-z A-Z)" "$(echo "$dob" |
	    awk -F- '{ printf "%d/%d/%s", $3, $2, $1 }')" > "$c/q-folded"
	printf '\001A1\000<script>x</script>\0001/1/1990\000vi' > "$c/q-script"
	printf '\001A1\000x"><b>\000\000en' > "$c/q-badinput"
	printf '\001\377\000\303\050\0001990-13-45' > "$c/q-badutf8"
	# A dictionary of the request's words.
	cat > "$out/http.dict" <<-'EOF'
	"GET "
	"HEAD "
	"POST "
	" HTTP/1.1\x0d\x0a"
	" HTTP/1.0\x0d\x0a"
	"\x0d\x0a"
	"Host: "
	"Content-Length: "
	"Transfer-Encoding: chunked"
	"Connection: close"
	"Expect: 100-continue"
	"/api/v1/verify?"
	"/api/v1/proof/consistency?old="
	"/checkpoint"
	"/healthz"
	"/metrics"
	"/style.css"
	"serial="
	"&name="
	"&dob="
	"&lang=en"
	"%C3%A1"
	"%00"
	"+"
	EOF
	case $1 in
	http|query) mode=$1 ;;
	*) mode= ;;
	esac
	(cd "$out" && SOGOC_FUZZ_MODE=$mode ./fuzz_http \
	    -max_total_time="$secs" -max_len=32768 -timeout=10 \
	    -dict=http.dict corpus-http)
}

run_tlog() {
	mkdir -p "$out/corpus-tlog"
	# shellcheck disable=SC2086
	$cc "$top/tests/fuzz/fuzz_tlog.c" "$top"/tlog/logsfile.c \
	    "$top"/tlog/witness.c $common_src $libs -o "$out/fuzz_tlog"
	# Seeds: a body, a logs file, a cosignature line, a cosigned note
	# (as test_cosig.c has them), a body to the whole check.
	c="$out/corpus-tlog"
	n='go.example/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\342\200\224 go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n'
	w='\342\200\224 witness.example.com/w1 oAWfEQAAAABkGFDLrmt9H1Oxk1/GHNz0genl72PvzVI3mL7qFCuz2lNLtC+xX5tiNuSanrLOKpIbttCKXbahgk/HtU+dE/9soVgiCQ==\n'
	printf "\\000old 3\\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\\n\\n$n" \
	    > "$c/body"
	# The most proof lines there may be, to go one past.
	{ printf '\000old 3\n'; i=0; while [ $i -lt 63 ]; do
		echo 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
		i=$((i + 1))
	done; printf "\n$n"; } > "$c/body63"
	printf '\001# logs\ngo.example/log go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb https://go.example/\n' \
	    > "$c/logs"
	printf "\\002$w" > "$c/line"
	printf "\\003$n$w" > "$c/cosigned"
	printf "\\004old 0\\n\\n$n" > "$c/check"
	(cd "$out" && ./fuzz_tlog -max_total_time="$secs" -max_len=8192 \
	    corpus-tlog)
}

run_monitor() {
	mkdir -p "$out/corpus-monitor"
	# shellcheck disable=SC2086
	$cc -I"$top/tlog" "$top/tests/fuzz/fuzz_monitor.c" \
	    "$top/tlog/monitor_state.c" $common_src $libs -o "$out/fuzz_monitor"
	# Seeds: the states of sizes 0 and 1 (empty note), and 257 (the
	# level-0 partial of 1 hash and the level-1 partial of 1).
	c="$out/corpus-monitor"
	z32=$(printf '%032d' 0 | sed 's/0/\\000/g')
	printf "\001\0\0\0\0\0\0\0\0$z32\0\0\0\0" > "$c/s0"
	printf "\001\0\0\0\0\0\0\0\001$z32\001$z32\0\0\0\0" > "$c/s1"
	printf "\001\0\0\0\0\0\0\001\001$z32\001$z32\001$z32\0\0\0\002x\n" \
	    > "$c/s257"
	(cd "$out" && ./fuzz_monitor -max_total_time="$secs" -max_len=20000 \
	    corpus-monitor)
}

case $what in
registry) run_registry ;;
tlog) run_tlog ;;
monitor) run_monitor ;;
text) run_text ;;
http|query) run_http "$what" ;;
import) run_import ;;
all) run_registry; run_text; run_import; run_http all; run_tlog; run_monitor ;;
esac
