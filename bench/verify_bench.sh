#!/bin/sh
# verify_bench.sh: wrk against `sogoc serve`'s /api/v1/verify on a generated
# registry, with a mix of hits and misses, side by side in the same run
# with nginx serving a static JSON file the size of a receipt.
#
#   bench/verify_bench.sh [-n RECORDS] [-c CONNECTIONS] [-d SECONDS]
#                         [-r ROUNDS] [-b BUILDDIR] [-o DIR]
#
# -n  records in the registry (default 1000000)
# -c  open connections (default 64); -d  seconds per run (default 20)
# -r  rounds (default 3): each runs sogoc, then nginx, so that the noise
#     of a shared machine falls on both; the medians are compared
# -b  the build directory (default build); -o  where files go
#
# Needs wrk and nginx (Debian: wrk, nginx-light); docs/bench.md records a
# run.  The rate limit and the per-address connection limit are off for
# the run (wrk is one address): it measures the service, not the limits.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
conns=64
secs=20
rounds=3
builddir=build
out=""
bench_options 'n:n c:conns d:secs r:rounds b:builddir o:out' "$@"
bench_needs wrk nginx
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen
bench_workdir verifybench
out=$(cd "$out" && pwd)
sport=18711
nport=18712

if [ ! -f "$out/db/data.mdb" ]; then
	echo "verify_bench: a registry of $n records in $out" >&2
	"$builddir/sogoc-gen" --seed 3 --csv "$n" --out "$out/ledger" \
	    > "$out/vol"
	"$S" keygen --name bench.example/sogoc --out "$out/keys" \
	    > /dev/null 2>&1 || true
	# shellcheck disable=SC2046
	"$S" import --db "$out/db" --publish --key "$out/keys/signer.key" \
	    $(cat "$out/vol") "$out/ledger.csv" 2> /dev/null
fi

# 2,000 questions: half real diplomas, half a wrong name or serial.
"$S" export --db "$out/db" 2> /dev/null | shuf -n 1000 --random-source=/dev/zero |
    jq -r '"/api/v1/verify?serial=\(.fields.serial_no | @uri)&name=\(.fields.full_name | @uri)&dob=\(.fields.date_of_birth)"' \
    > "$out/hits"
sed 's/name=[^&]*/name=Nguyen%20Van%20Khong/' "$out/hits" > "$out/misses"
{
	echo 'local paths = {'
	cat "$out/hits" "$out/misses" | sed 's/.*/  "&",/'
	echo '}'
	echo 'local i = 0'
	echo 'request = function()'
	echo '  i = i + 1'
	echo '  return wrk.format("GET", paths[(i % #paths) + 1])'
	echo 'end'
} > "$out/mix.lua"

bench_serve "$S" "$out/db" "$sport" "$out/serve.log"
# nginx serving a receipt-sized static file, two workers.
mkdir -p "$out/www" "$out/nginx"
curl -s --retry 20 --retry-connrefused --retry-delay 0 \
    "http://127.0.0.1:$sport$(head -1 "$out/hits")" > "$out/www/receipt.json"
cat > "$out/nginx/nginx.conf" <<EOT
worker_processes 2;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nport;
		root $out/www;
		location / { default_type application/json; }
	}
}
EOT
nginx -c "$out/nginx/nginx.conf" -p "$out/nginx"
sleep 0.5

run() {
	wrk -t 2 -c "$conns" -d "${secs}s" --latency "$@" 2>&1
}
# Warm both first: the registry's pages of the questions asked, nginx's
# file, both servers' threads.
wrk -t 2 -c "$conns" -d 3s -s "$out/mix.lua" "http://127.0.0.1:$sport/" \
    > /dev/null 2>&1
wrk -t 2 -c "$conns" -d 3s "http://127.0.0.1:$nport/receipt.json" \
    > /dev/null 2>&1
r=1
while [ $r -le "$rounds" ]; do
	run -s "$out/mix.lua" "http://127.0.0.1:$sport/" > "$out/wrk-sogoc.$r.txt"
	run "http://127.0.0.1:$nport/receipt.json" > "$out/wrk-nginx.$r.txt"
	r=$((r + 1))
done
kill -TERM "$spid"
wait "$spid" || true
nginx -c "$out/nginx/nginx.conf" -p "$out/nginx" -s stop

# each WHAT FIELD: the value of every round, one a line.
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) v = v / 1000;
	else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000;
	print v }' "$1"; }
errs() { awk '/Socket errors/ { sub(/^ */, ""); print }' "$1" | tr '\n' ' '; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
all() { for f in "$out"/wrk-"$1".*.txt; do "$2" "$f"; done; }
rs=$(all sogoc rps | median)
rn=$(all nginx rps | median)
cat <<EOT
| server | requests/s, median (rounds) | p99 ms, median | socket errors |
|---|---|---|---|
| sogoc serve, /api/v1/verify, half hits (receipts) half misses (404) | $rs ($(all sogoc rps | tr '\n' ' ')) | $(all sogoc p99 | median) | $(all sogoc errs)|
| nginx, static $(stat -c %s "$out/www/receipt.json")-byte JSON | $rn ($(all nginx rps | tr '\n' ' ')) | $(all nginx p99 | median) | $(all nginx errs)|
| ratio of medians, sogoc / nginx | $(echo "$rs $rn" | awk '{ printf "%.2f", $1 / $2 }') | | |
EOT
echo
echo "($rounds rounds of $secs s each, $conns connections, wrk -t 2, $n records;"
echo " misses are 404 by design, which wrk counts as non-2xx)"
