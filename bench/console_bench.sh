#!/bin/sh
# console_bench.sh: the staff console's home page on a registry of N
# staged rows: `sogoc import` of a generated typed ledger (staged, not
# published; its wall time), then GET / on the console, signed in as an
# admin, R times one after another; the median, fastest and slowest time
# curl saw.  Run it with main's build and then with yours (-b), in the
# same minutes, and compare; docs/bench.md records a run.
#
#   bench/console_bench.sh [-n ROWS] [-r REQUESTS] [-b BUILDDIR] [-o DIR]
#                          [-p PORT] [-i 0|1]
#
# -n  staged rows (default 1000000)
# -r  requests of the home page (default 20)
# -b  the build directory with sogoc and sogoc-gen (default build)
# -o  where the ledger and the registry go (default a new directory under
#     /tmp; a ledger of N rows already there is used again)
# -p  the public port; the console listens on the next (default 18931)
# -i  0: keep the registry already in DIR (measure the page only)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
r=20
builddir=build
out=""
port=18931
imp=1
bench_options 'n:n r:r b:builddir o:out p:port i:imp' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen
bench_needs curl
bench_workdir console
staff="http://127.0.0.1:$((port + 1))"

if [ ! -s "$out/vol" ] || [ "$(cat "$out/n" 2> /dev/null)" != "$n" ]; then
	echo "console_bench: generating $n rows in $out" >&2
	"$builddir/sogoc-gen" --seed 1 --csv "$n" --out "$out/ledger" \
	    > "$out/vol"
	echo "$n" > "$out/n"
fi
if [ "$imp" = 1 ]; then
	rm -rf "$out/db"
	t0=$(date +%s.%N)
	# shellcheck disable=SC2046
	"$S" import --db "$out/db" $(cat "$out/vol") "$out/ledger.csv" \
	    > /dev/null 2>&1
	t1=$(date +%s.%N)
	echo "$t0 $t1 $n" | awk '{ printf "import: %d rows staged in " \
	    "%.1f s\n", $3, $2 - $1 }'
fi
[ -s "$out/k/signer.key" ] || "$S" keygen --name bench.example/console \
    --out "$out/k" > /dev/null 2>&1
printf '%s\n' "a bench password, long enough" > "$out/pw"
chmod 600 "$out/pw"
"$S" user add --db "$out/db" bench --role admin --password-file \
    "$out/pw" > /dev/null 2>&1 || true

"$S" serve --db "$out/db" --listen "127.0.0.1:$port" \
    --staff-listen "127.0.0.1:$((port + 1))" --key "$out/k/signer.key" \
    2> "$out/serve.log" &
spid=$!
trap 'kill -TERM $spid 2> /dev/null || true' EXIT
curl -s --retry 20 --retry-connrefused --retry-delay 0 -o /dev/null \
    "$staff/login"
curl -s -o /dev/null -c "$out/cookie" -H "Origin: $staff" \
    --data-urlencode "name=bench" \
    --data-urlencode "password=a bench password, long enough" \
    "$staff/login"
code=$(curl -s -o "$out/home.html" -w '%{http_code}' -b "$out/cookie" \
    "$staff/")
[ "$code" = 200 ] || bench_fail "GET / answered $code (see $out/serve.log)"
i=0
: > "$out/times"
while [ $i -lt "$r" ]; do
	curl -s -o /dev/null -b "$out/cookie" -w '%{time_total}\n' \
	    "$staff/" >> "$out/times"
	i=$((i + 1))
done
sort -n "$out/times" | awk '{ t[NR] = $1 * 1000 } END {
	m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
	printf "GET /: median %.1f ms, fastest %.1f, slowest %.1f " \
	    "(%d requests after the first)\n", m, t[1], t[NR], NR }'
