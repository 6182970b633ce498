#!/bin/sh
# tiles_bench.sh: what keeping the log's C2SP tiles up costs a publish:
# `sogoc import --publish` of N generated records into a fresh registry,
# without tiles and with `tiles = DIR` (the commit hook writes the tiles
# after every batch), the same binary, the two alternated R times; the
# median rate of each, and the tiles' bytes and files on disk.  Then
# `sogoc tiles` rebuilding the whole directory from the registry.
#
#   bench/tiles_bench.sh [-n RECORDS] [-r RUNS] [-b BUILDDIR] [-o DIR]
#
# -n  records (default 1000000)
# -r  runs of each (default 3)
# -b  the build directory with sogoc and sogoc-gen (default build)
# -o  where the registries go (default a new directory under /tmp)
#
# docs/bench.md records a run.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
runs=3
builddir=build
out=""
bench_options 'n:n r:runs b:builddir o:out' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen
bench_workdir tiles

# secs CMD...: run CMD, print its wall time in seconds.
secs() {
	t0=$(date +%s.%N)
	"$@" > /dev/null 2>&1 || { echo "tiles_bench: $* failed" >&2; exit 1; }
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}
median() {
	echo "$@" | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }'
}

[ -f "$out/ledger.csv" ] ||
    "$builddir/sogoc-gen" --seed 1 --csv "$n" --out "$out/ledger" > "$out/vol"
"$S" keygen --name bench.example/sogoc --out "$out/keys" > /dev/null 2>&1 ||
    true
printf '[serve]\ntiles = %s/tiles\n' "$out" > "$out/tiles.conf"
plain=""
tiled=""
i=0
while [ "$i" -lt "$runs" ]; do
	rm -rf "$out/db" "$out/tiles"
	# shellcheck disable=SC2046
	plain="$plain $(secs "$S" import --db "$out/db" --publish \
	    --key "$out/keys/signer.key" $(cat "$out/vol") "$out/ledger.csv")"
	rm -rf "$out/db"
	mkdir "$out/tiles"
	# shellcheck disable=SC2046
	tiled="$tiled $(secs env SOGOC_CONFIG="$out/tiles.conf" "$S" import \
	    --db "$out/db" --publish --key "$out/keys/signer.key" \
	    $(cat "$out/vol") "$out/ledger.csv")"
	i=$((i + 1))
done
"$S" tiles --db "$out/db" --out "$out/tiles" --check
rm -rf "$out/rebuilt"
t_rebuild=$(secs "$S" tiles --db "$out/db" --out "$out/rebuilt")
mp=$(median $plain)
mt=$(median $tiled)
echo "records $n, runs $runs"
echo "import --publish without tiles: runs$plain s; median $mp s," \
    "$(echo "$n $mp" | awk '{ printf "%.0f", $1 / $2 }') records/s"
echo "import --publish with tiles:    runs$tiled s; median $mt s," \
    "$(echo "$n $mt" | awk '{ printf "%.0f", $1 / $2 }') records/s"
echo "tiles on disk: $(du -sb "$out/tiles" | cut -f1) bytes in" \
    "$(find "$out/tiles" -type f | wc -l) files; entry bundles" \
    "$(du -sb "$out/tiles/tile/entries" | cut -f1) bytes"
echo "sogoc tiles rebuilding them all: $t_rebuild s"
