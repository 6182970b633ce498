#!/bin/sh
# verify_soak.sh: `sogoc serve` under a steady load for a long while,
# its memory sampled all along: the heap (RssAnon) must stay flat once
# warm.  The registry's pages (RssFile) are LMDB's map, the kernel's to
# keep or drop, and are shown apart.
#
#   bench/verify_soak.sh [-d SECONDS] [-c CONNECTIONS] [-b BUILDDIR]
#                        [-o DIR]
#
# -d  how long (default 600); -c  open connections (default 64)
# -o  a directory verify_bench.sh made (its registry and question mix);
#     made afresh with 1,000,000 records when missing
#
# Needs wrk (Debian: wrk).  Prints the samples, then the heap at one
# minute, at the end and at its largest, and the growth per minute
# between.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

secs=600
conns=64
builddir=build
out=""
bench_options 'd:secs c:conns b:builddir o:out' "$@"
bench_needs wrk
bench_built "$builddir" sogoc
bench_workdir soak
if [ ! -f "$out/mix.lua" ]; then
	# verify_bench.sh makes the registry and the questions; a 1-second
	# run of it is enough for that.
	"$(dirname "$0")/verify_bench.sh" -b "$builddir" -o "$out" -d 1 \
	    > /dev/null
fi
port=18713
trap 'kill -TERM $spid 2>/dev/null' EXIT
bench_serve "$builddir/sogoc" "$out/db" "$port" "$out/soak-serve.log"
wrk -t 2 -c "$conns" -d "${secs}s" --latency -s "$out/mix.lua" \
    "http://127.0.0.1:$port/" > "$out/wrk-soak.txt" 2>&1 &
wpid=$!
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$spid/status"; }
t=0
: > "$out/soak.tsv"
echo "seconds	RssAnon_kB	RssFile_kB	threads"
while kill -0 $wpid 2>/dev/null; do
	printf '%s\t%s\t%s\t%s\n' "$t" "$(kb RssAnon)" "$(kb RssFile)" \
	    "$(kb Threads)" | tee -a "$out/soak.tsv"
	sleep 10
	t=$((t + 10))
done
wait $wpid
kill -TERM $spid
wait $spid || true
trap - EXIT
awk -F'\t' '
	$1 == 60 { warm = $2 }
	{ last = $2; lt = $1; if ($2 > max) max = $2 }
	END {
		printf "heap (RssAnon): %d kB at 60 s, %d kB at %d s, at most %d kB;", warm, last, lt, max
		if (lt > 60)
			printf " %+.1f kB a minute after the first\n", (last - warm) / ((lt - 60) / 60)
		else
			printf "\n"
	}' "$out/soak.tsv"
awk '/^Requests\/sec/ { print "requests/s " $2 } $1 == "99%" { print "p99 " $2 }
    /Socket errors/ { print }' "$out/wrk-soak.txt"
