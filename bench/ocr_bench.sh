#!/bin/sh
# ocr_bench.sh: accuracy and speed of `sogoc ocr` on freshly generated
# ledger pages at three damage levels, side by side with the plain
# `tesseract` CLI reading the same pages in the same run.
#
#   bench/ocr_bench.sh [-n PAGES] [-s SEED] [-r REPEATS] [-b BUILDDIR] [-o DIR]
#                      [-c CAPTURE] [-d DAMAGES]
#
# -n  pages per damage level (default 8), eras cycled typewritten, printed,
#     c21; seeds start at SEED (default 5000, away from the calibration
#     pages 100-160 and the golden pages 11-16)
# -r  timing repeats; the median wall time is reported (default 1)
# -b  the build directory with sogoc, sogoc-gen, sogoc-score (default build)
# -o  where pages and outputs go (default a new directory under /tmp)
# -c  how the pages were captured: scan (default), photo or book
#     (sogoc-gen --capture)
# -d  the damage levels, a quoted list (default "0 1 2")
#
# Prints a Markdown table; docs/bench.md records a run and how to read it.
set -eu

n=8
seed=5000
repeats=1
builddir=build
out=""
capture=scan
damages="0 1 2"
while getopts n:s:r:b:o:c:d: opt; do
	case $opt in
	n) n=$OPTARG ;;
	s) seed=$OPTARG ;;
	r) repeats=$OPTARG ;;
	b) builddir=$OPTARG ;;
	o) out=$OPTARG ;;
	c) capture=$OPTARG ;;
	d) damages=$OPTARG ;;
	*) sed -n '2,21s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
SOGOC=$builddir/sogoc
GEN=$builddir/sogoc-gen
SCORE=$builddir/sogoc-score
for p in "$SOGOC" "$GEN" "$SCORE"; do
	[ -x "$p" ] || { echo "ocr_bench: $p not built" >&2; exit 2; }
done
command -v tesseract > /dev/null ||
    { echo "ocr_bench: tesseract CLI not installed" >&2; exit 2; }
[ -n "$out" ] || out=$(mktemp -d /tmp/sogoc-bench.XXXXXX)
mkdir -p "$out"

now() { date +%s.%N; }
# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 }
	    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    print m }'
}
# time_cmd N CMD...: median wall seconds of N runs of CMD
time_cmd() {
	k=$1
	shift
	i=0
	while [ "$i" -lt "$k" ]; do
		t0=$(now)
		"$@" > /dev/null 2>&1 || true
		t1=$(now)
		echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
		i=$((i + 1))
	done | median
}
metric() { sed -n "s/^$1 *\([0-9.]*\)%.*/\1/p" "$2"; }

eras="typewritten printed c21"
printf '| damage | pages | rows | row recall | field accuracy | accepted precision | coverage | sogoc -j1 s | sogoc -j2 s | tesseract s | tesseract (OMP 1) s | -j2 / tesseract |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for d in $damages; do
	dir=$out/d$d
	mkdir -p "$dir"
	i=0
	for era in $eras $eras $eras $eras $eras $eras $eras $eras $eras $eras; do
		[ "$i" -lt "$n" ] || break
		s=$((seed + d * 1000 + i))
		[ -f "$dir/p$s.json" ] || "$GEN" --seed "$s" --era "$era" \
		    --damage "$d" --capture "$capture" --out "$dir/p$s" \
		    > /dev/null
		i=$((i + 1))
	done
	pages=$(ls "$dir"/p*.json | wc -l)
	imgs=$(ls "$dir"/p* | grep -v '\.json$' | grep -v '\.txt$')

	"$SOGOC" ocr -q -j 2 $imgs > "$dir/ocr.jsonl" 2> "$dir/ocr.err" || true
	"$SCORE" --ocr "$dir/ocr.jsonl" "$dir"/p*.json > "$dir/score.txt" \
	    2> "$dir/wrong.txt" || true
	rows=$(sed -n 's/^truth files [0-9]*, truth rows \([0-9]*\).*/\1/p' \
	    "$dir/score.txt")

	j1=$(time_cmd "$repeats" "$SOGOC" ocr -q -j 1 $imgs)
	j2=$(time_cmd "$repeats" "$SOGOC" ocr -q -j 2 $imgs)
	# tcli LIMIT: the CLI on every page, as a user would run it (LIMIT
	# empty: OpenMP as installed) or with OMP_THREAD_LIMIT=LIMIT.
	tcli() {
		for f in $imgs; do
			if [ -n "$1" ]; then
				OMP_THREAD_LIMIT=$1 tesseract "$f" \
				    "$dir/cli-$(basename "$f")" -l vie || return 1
			else
				tesseract "$f" "$dir/cli-$(basename "$f")" \
				    -l vie || return 1
			fi
		done
	}
	tc=$(time_cmd "$repeats" tcli "")
	tc1=$(time_cmd "$repeats" tcli 1)
	printf '| %s | %s | %s | %s%% | %s%% | %s%% | %s%% | %s | %s | %s | %s | %s |\n' \
	    "$d" "$pages" "$rows" \
	    "$(metric 'row recall' "$dir/score.txt")" \
	    "$(metric 'field accuracy' "$dir/score.txt")" \
	    "$(metric 'accepted precision' "$dir/score.txt")" \
	    "$(metric 'coverage' "$dir/score.txt")" \
	    "$j1" "$j2" "$tc" "$tc1" \
	    "$(echo "$j2 $tc" | awk '{ printf "%.2f", $1 / $2 }')"
done
echo
echo "pages, outputs and scores in $out"
