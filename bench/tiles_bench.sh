#!/bin/sh
# tiles_bench.sh: what keeping the log's C2SP tiles up costs a publish:
# `sogoc import --publish` of N generated records into a fresh registry,
# without tiles, with `tiles = DIR` (the commit hook writes the tiles
# after every batch), and with the tiles and W live witnesses (`sogoc
# witness` on loopback, fresh stores each run, asked after every batch),
# the same binary, the three alternated R times; the median rate of each,
# and the tiles' bytes and files on disk.  Then `sogoc tiles` rebuilding
# the whole directory from the registry.
#
#   bench/tiles_bench.sh [-n RECORDS] [-r RUNS] [-w WITNESSES] [-b BUILDDIR]
#       [-o DIR]
#
# -n  records (default 1000000)
# -r  runs of each (default 3)
# -w  witnesses (default 2; 0: no witnessed runs)
# -b  the build directory with sogoc and sogoc-gen (default build)
# -o  where the registries go (default a new directory under /tmp)
#
# docs/bench.md records a run.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
runs=3
nw=2
builddir=build
out=""
bench_options 'n:n r:runs w:nw b:builddir o:out' "$@"
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

# The witnesses: a key each (once), the log in their logs file, and the
# department's witnesses file naming them on ports 18741...
printf 'bench.example/sogoc %s\n' "$(cat "$out/keys/verifier.pub")" \
    > "$out/logs"
: > "$out/witnesses"
j=1
while [ "$j" -le "$nw" ]; do
	[ -f "$out/w$j/witness.pub" ] || "$S" keygen --witness \
	    --name "w$j.bench.example" --out "$out/w$j" > /dev/null 2>&1
	echo "witness w$j $(cat "$out/w$j/witness.pub")" \
	    "http://127.0.0.1:$((18740 + j))" >> "$out/witnesses"
	j=$((j + 1))
done
printf '[serve]\ntiles = %s/tiles\nwitnesses = %s/witnesses\n' "$out" "$out" \
    > "$out/witnessed.conf"
wpids=""
trap 'for p in $wpids; do kill "$p"; done 2> /dev/null' EXIT
# witnesses_start: each witness on its port with a fresh store.
witnesses_start() {
	j=1
	while [ "$j" -le "$nw" ]; do
		rm -rf "$out/w$j.db"
		"$S" witness --listen "127.0.0.1:$((18740 + j))" \
		    --key "$out/w$j/witness.key" --logs "$out/logs" \
		    --db "$out/w$j.db" 2> "$out/w$j.log" &
		wpids="$wpids $!"
		k=0
		while ! curl -s -o /dev/null "http://127.0.0.1:$((18740 + j))/" &&
		    [ $k -lt 50 ]; do
			k=$((k + 1))
			sleep 0.1
		done
		j=$((j + 1))
	done
}
witnesses_stop() {
	for p in $wpids; do
		kill "$p"
		wait "$p" 2> /dev/null || true
	done
	wpids=""
}

plain=""
tiled=""
witnessed=""
i=0
while [ "$i" -lt "$runs" ]; do
	rm -rf "$out/db" "$out/tiles"
	# shellcheck disable=SC2046
	plain="$plain $(secs "$S" import --db "$out/db" --publish \
	    --key "$out/keys/signer.key" $(cat "$out/vol") "$out/ledger.csv")"
	if [ "$nw" -gt 0 ]; then
		rm -rf "$out/db" "$out/tiles"
		mkdir "$out/tiles"
		witnesses_start
		# shellcheck disable=SC2046
		witnessed="$witnessed $(secs env \
		    SOGOC_CONFIG="$out/witnessed.conf" "$S" import \
		    --db "$out/db" --publish --key "$out/keys/signer.key" \
		    $(cat "$out/vol") "$out/ledger.csv")"
		witnesses_stop
		# Every witness cosigned the last checkpoint, or the run
		# measured something else.
		c=$(grep -c '^— w[0-9]*\.bench\.example ' "$out/tiles/checkpoint" ||
		    true)
		[ "$c" = "$nw" ] || { echo "tiles_bench: $c of $nw" \
		    "witnesses cosigned" >&2; exit 1; }
	fi
	rm -rf "$out/db" "$out/tiles"
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
[ "$nw" -gt 0 ] && mw=$(median $witnessed) &&
    echo "import --publish with tiles and $nw witnesses: runs$witnessed s;" \
    "median $mw s, $(echo "$n $mw" | awk '{ printf "%.0f", $1 / $2 }')" \
    "records/s"
echo "tiles on disk: $(du -sb "$out/tiles" | cut -f1) bytes in" \
    "$(find "$out/tiles" -type f | wc -l) files; entry bundles" \
    "$(du -sb "$out/tiles/tile/entries" | cut -f1) bytes"
echo "sogoc tiles rebuilding them all: $t_rebuild s"
