#!/bin/sh
# The log's C2SP tiles (tlog/tiles.c) through the real binary: 70,000
# records published in two steps (65,700, then the rest) with tiles = DIR
# in the config $SOGOC_CONFIG names give the spec's file set for size
# 70,000 (0/000..0/272, 0/273.p/112, 1/000, 1/001.p/17, 2/000.p/1 and the
# bundles) beside the partials of 65,700, with exact sizes; full tiles are
# mode 0444; `sogoc tiles` rebuilds them byte for byte; --check finds a
# rewritten tile and a missing bundle, naming them; a DIR of another log,
# or of another root, is refused with nothing changed; and a publish whose
# tiles cannot be written stands, with a warning naming DIR, repaired by
# the next one.
. "${top_srcdir:-.}/tests/tap.sh"

ledger 16 70100 big tiles.example/log
dir="$tmp/tiles"
mkdir "$dir"
printf '[serve]\ntiles = %s\n' "$dir" > "$tmp/serve.conf"
head -65701 "$tmp/big.csv" > "$tmp/first.csv"
head -70001 "$tmp/big.csv" > "$tmp/second.csv"

# publish CSV: import --publish with the config, one batch per file.
publish() {
	# shellcheck disable=SC2086
	SOGOC_CONFIG="$tmp/serve.conf" "$SOGOC" import --db "$tmp/db" \
	    --publish --key "$KEY" --batch 100000 $vol "$1" > /dev/null \
	    2> "$tmp/err"
}
tiles() {
	"$SOGOC" tiles --db "$tmp/db" "$@" > "$tmp/out" 2> "$tmp/err"
}
# listing DIR: every file under DIR but the writer's own, with its size.
listing() {
	(cd "$1" && find . -path ./.tmp -prune -o -type f ! -name .lock \
	    -printf '%P %s\n' | sort)
}
# sums DIR: every file with its checksum, to see that nothing changed.
sums() {
	(cd "$1" && find . -type f ! -name .lock -print0 | sort -z |
	    xargs -0 cksum)
}

ok "65,700 records published with tiles" publish "$tmp/first.csv"
ok "the checkpoint is the log's" \
    sh -c '"$1" checkpoint --db "$2" | cmp -s - "$3/checkpoint"' sh \
    "$SOGOC" "$tmp/db" "$dir"
ok "70,000 with the rest" publish "$tmp/second.csv"
ok "the checkpoint is at 70,000" \
    [ "$(sed -n 2p "$dir/checkpoint")" = 70000 ]

# The spec's set at 70,000, and the partials of 65,700 (0/256.p/164,
# its bundle and 2/000.p/1), each with its size: a bundle's is the sum
# of its entries', so only that it is there and not empty.
expect() {
	n=0
	while [ $n -lt 273 ]; do
		p=$(printf '%03d' $n)
		echo "tile/0/$p 8192"
		echo "tile/entries/$p B"
		n=$((n + 1))
	done
	echo "tile/0/256.p/164 5248"
	echo "tile/entries/256.p/164 B"
	echo "tile/0/273.p/112 3584"
	echo "tile/entries/273.p/112 B"
	echo "tile/1/000 8192"
	echo "tile/1/001.p/17 544"
	echo "tile/2/000.p/1 32"
	echo "checkpoint B"
}
expect | sort > "$tmp/want"
listing "$dir" | awk '$1 ~ /entries|checkpoint/ && $2 > 0 { $2 = "B" }
    { print }' > "$tmp/got"
ok "the files are the spec's for 70,000 and 65,700's partials, sizes exact" \
    cmp -s "$tmp/want" "$tmp/got"
cp "$dir/tile/0/256.p/164" "$tmp/tile256"
diff "$tmp/want" "$tmp/got" | head -5 | sed 's/^/# /'
ok "full tiles and bundles are read-only (0444)" \
    [ "$(stat -c %a "$dir/tile/0/000" "$dir/tile/1/000" \
    "$dir/tile/entries/272" "$dir/tile/0/273.p/112" | sort -u)" = 444 ]
ok "nothing is left in .tmp" [ -z "$(ls -A "$dir/.tmp")" ]

# A rebuild into a new directory gives the same bytes (without the
# partials of 65,700, whose tile is full now).
ok "sogoc tiles rebuilds the log's tiles" tiles --out "$tmp/re"
listing "$tmp/re" | grep -v '256\.p/164\|^checkpoint' > "$tmp/re.list"
listing "$dir" | grep -v '256\.p/164\|^checkpoint' > "$tmp/dir.list"
ok "the rebuild has the same files" cmp -s "$tmp/re.list" "$tmp/dir.list"
ok "byte for byte" sh -c 'cd "$1" && find tile -type f |
    while read -r f; do cmp -s "$f" "$2/$f" || exit 1; done' sh \
    "$tmp/re" "$dir"
sums "$dir" > "$tmp/sums.before"
ok "a rebuild over DIR writes nothing" tiles --out "$dir"
ok "and says all was there" contains "$tmp/err" "0 files written"
ok "--check passes" tiles --out "$dir" --check

# A rewritten full tile, then a missing bundle too.
chmod u+w "$dir/tile/0/005"
flip_byte "$dir/tile/0/005" 100
ok "--check refuses a rewritten tile" eval '! tiles --out "$dir" --check'
sed 's/^/# /' "$tmp/err"
ok "naming it" contains "$tmp/err" "tile/0/005: its bytes differ"
mv "$dir/tile/entries/010" "$tmp/bundle010"
sums "$dir" > "$tmp/sums.bad"
ok "--check refuses a missing bundle" eval '! tiles --out "$dir" --check'
ok "naming it, and counting the other" \
    contains "$tmp/err" "tile/entries/010: missing (and 1 more files)"
ok "a rebuild refuses to replace the rewritten tile" \
    eval '! tiles --out "$dir"'
ok "naming it" contains "$tmp/err" "tile/0/005"
ok "and changes nothing" eval 'sums "$dir" | cmp -s - "$tmp/sums.bad"'
cp "$tmp/re/tile/0/005" "$tmp/tile005"
rm -f "$dir/tile/0/005"
cp "$tmp/tile005" "$dir/tile/0/005"
ok "with the tile restored the rebuild puts the bundle back" \
    tiles --out "$dir"
ok "--check passes again" tiles --out "$dir" --check
ok "the bundle is the one written first" \
    cmp -s "$dir/tile/entries/010" "$tmp/bundle010"

# An older partial, whose tile is full now, rewritten: checked too.
chmod u+w "$dir/tile/0/256.p/164"
flip_byte "$dir/tile/0/256.p/164" 7
ok "--check finds a rewritten older partial" \
    eval '! tiles --out "$dir" --check'
ok "naming it" contains "$tmp/err" "tile/0/256.p/164: its bytes differ"
ok "a rebuild refuses it" eval '! tiles --out "$dir"'
cp "$tmp/tile256" "$dir/tile/0/256.p/164"
ok "put back, --check passes" tiles --out "$dir" --check

# Another log's DIR, and this log's DIR with another root: refused,
# nothing changed.
"$top_builddir/sogoc-gen" --seed 17 --csv 300 --out "$tmp/other" > /dev/null
"$SOGOC" keygen --name other.example/log --out "$tmp/k2" > /dev/null
# shellcheck disable=SC2086
"$SOGOC" import --db "$tmp/db2" --publish --key "$tmp/k2/signer.key" $vol \
    "$tmp/other.csv" > /dev/null 2>&1
sums "$dir" > "$tmp/sums.before"
ok "a DIR of another log is refused" \
    eval '! "$SOGOC" tiles --db "$tmp/db2" --out "$dir" 2> "$tmp/err"'
ok "saying so" contains "$tmp/err" "another log (origin tiles.example/log)"
ok "nothing changed" eval 'sums "$dir" | cmp -s - "$tmp/sums.before"'
cp "$dir/checkpoint" "$tmp/checkpoint.good"
# The same origin and size, another root (the checkpoint is not signed
# by anyone else here: the root is what is compared).
awk 'NR == 3 { $0 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } { print }' \
    "$tmp/checkpoint.good" > "$dir/checkpoint"
sums "$dir" > "$tmp/sums.before"
ok "a DIR of another root is refused" eval '! tiles --out "$dir"'
ok "saying so" contains "$tmp/err" "is not this log's"
ok "nothing changed" eval 'sums "$dir" | cmp -s - "$tmp/sums.before"'

# A publish whose tiles cannot be brought up stands, loudly.
ok "a publish with a bad DIR succeeds" publish "$tmp/big.csv"
sed 's/^/# /' "$tmp/err"
ok "warning, naming DIR" contains "$tmp/err" "WARNING: the log's tiles in $dir"
ok "the log has the new records" \
    [ "$("$SOGOC" checkpoint --db "$tmp/db" | sed -n 2p)" = 70100 ]
ok "DIR is as it was" eval 'sums "$dir" | cmp -s - "$tmp/sums.before"'
cp "$tmp/checkpoint.good" "$dir/checkpoint"
ok "once DIR is right, sogoc tiles brings it up" tiles --out "$dir"
ok "to 70,100" [ "$(sed -n 2p "$dir/checkpoint")" = 70100 ]
ok "--check passes" tiles --out "$dir" --check
ok "the new partial is there" [ "$(stat -c %s "$dir/tile/0/273.p/212")" = 6784 ]

done_testing
