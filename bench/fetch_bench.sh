#!/bin/sh
# fetch_bench.sh: http/fetch.h's fetch_many() (bench/fetchbench) reading
# many tile-sized files from nginx, beside wget and curl reading the same
# files from the same nginx: what a monitor following a log pays for the
# HTTP part alone.
#
#   bench/fetch_bench.sh [-n FILES] [-p PARALLEL] [-b BUILDDIR] [-o DIR]
#
# -n  files (default 4000): half 8,192 random bytes (a full level-0 tile,
#     256 SHA-256 hashes, which gzip cannot shrink), half 16 KiB of
#     text-like bytes (an entry bundle, which it can)
# -p  transfers at once for fetchbench and curl (default 8)
# -b  the build directory (default build); -o  where files go
#
# Needs nginx, wget and curl (Debian: nginx-light, wget, curl);
# docs/bench.md records a run.  nginx gzips what it serves, as a static
# host of tiles would.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=4000
par=8
builddir=build
out=""
bench_options 'n:n p:par b:builddir o:out' "$@"
bench_needs nginx wget curl
bench_built "$builddir" bench/fetchbench
bench_workdir fetchbench
out=$(cd "$out" && pwd)
nport=18713

mkdir -p "$out/www/tile/0" "$out/www/tile/entries"
if [ ! -f "$out/paths" ]; then
	i=0
	while [ $i -lt $((n / 2)) ]; do
		head -c 8192 /dev/urandom > "$out/www/tile/0/$i"
		# Text-like: a few words again and again, and a counter.
		yes "sogoc/event/v2 kind issue record $i field full_name" |
		    head -c 16384 > "$out/www/tile/entries/$i"
		echo "/tile/0/$i"
		echo "/tile/entries/$i"
		i=$((i + 1))
	done > "$out/paths"
fi
bench_nginx "$out" "$nport" "$out/www" "keepalive_requests 100000;" \
    "gzip on;" "gzip_types application/octet-stream;" "gzip_min_length 256;"
trap 'bench_nginx_stop "$out"' EXIT
base="http://127.0.0.1:$nport"
sed "s|^|$base|" "$out/paths" > "$out/urls"
# curl's config: one url and output pair a file.
sed "s|.*|url = \"&\"\noutput = \"/dev/null\"|" "$out/urls" > "$out/curl.cfg"

# secs CMD...: the seconds CMD took.
secs() {
	_t0=$(date +%s.%N)
	"$@" > /dev/null 2>&1
	echo "$(date +%s.%N) $_t0" | awk '{ printf "%.2f", $1 - $2 }'
}
echo "fetchbench, $par at once:"
"$builddir/bench/fetchbench" "$base" "$out/paths" "$par"
echo "fetchbench, 1 at a time:"
"$builddir/bench/fetchbench" "$base" "$out/paths" 1
echo "wget -i (one connection, kept alive, gzip): $(secs wget -q \
    --compression=gzip -O /dev/null -i "$out/urls") s"
echo "curl -Z --parallel-max $par --compressed: $(secs curl -s -Z \
    --parallel-max "$par" --compressed -K "$out/curl.cfg") s"
