#!/bin/sh
# ocr_bench.sh: accuracy and speed of `sogoc ocr` on freshly generated
# ledger pages, per way of capture and page variant, clean and damaged,
# side by side with the plain `tesseract` CLI reading the same pages in the
# same run.
#
#   bench/ocr_bench.sh [-n PAGES] [-s SEED] [-r REPEATS] [-m MODES]
#                      [-b BUILDDIR] [-o DIR]
#
# -n  pages per mode and damage level (default 8), eras cycled typewritten,
#     printed, c21; seeds start at SEED (default 5000, away from the
#     calibration pages 100-160 and the golden pages 11-16)
# -m  modes, comma-separated (default all): scan photo book spread
#     spread-flat header layout hand; a mode this sogoc-gen cannot draw
#     is reported as such and skipped
# -r  timing repeats; the median wall time is reported (default 1)
# -b  the build directory with sogoc, sogoc-gen, sogoc-score (default build)
# -o  where pages and outputs go (default a new directory under /tmp)
#
# Prints four Markdown tables: each mode at each damage level; each mode
# over its levels with the 95% Wilson lower bound of accepted precision;
# the reasons for review by share of flagged fields; the reviewer's time
# per 100 rows beside keying them by hand (docs/console.md's model).
# docs/bench.md records a run and how to read it.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=8
seed=5000
repeats=1
builddir=build
out=""
modes="scan photo book spread spread-flat header layout hand"
bench_options 'n:n s:seed r:repeats m:modes b:builddir o:out' "$@"
modes=$(echo "$modes" | tr , ' ')
SOGOC=$builddir/sogoc
GEN=$builddir/sogoc-gen
SCORE=$builddir/sogoc-score
bench_built "$builddir" sogoc sogoc-gen sogoc-score
bench_needs tesseract jq
bench_workdir bench

# gen_args MODE: the sogoc-gen options that draw MODE.
gen_args() {
	case $1 in
	scan) echo "" ;;
	photo|book|spread|spread-flat) echo "--capture $1" ;;
	header) echo "--header random" ;;
	layout) echo "--layout random" ;;
	hand) echo "--hand 1" ;;
	*) echo "ocr_bench: unknown mode $1" >&2; exit 2 ;;
	esac
}
# levels MODE: the damage levels measured (scans at all three, as before).
levels() {
	if [ "$1" = scan ]; then echo "0 1 2"; else echo "0 1"; fi
}

now() { date +%s.%N; }
# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 }
	    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    print m }'
}
# time_runs N CMD...: the wall seconds of N runs of CMD, one a line
time_runs() {
	k=$1
	shift
	i=0
	while [ "$i" -lt "$k" ]; do
		r0=$(now)
		"$@" > /dev/null 2>&1 || true
		r1=$(now)
		echo "$r0 $r1" | awk '{ printf "%.3f\n", $2 - $1 }'
		i=$((i + 1))
	done
}
# time_cmd N CMD...: median wall seconds of N runs of CMD
time_cmd() {
	time_runs "$@" | median
}
# pct JSON KEY: a ratio of sogoc-score --json as a percentage, or n/a
pct() {
	jq -r --arg k "$2" 'if .[$k] == null then "n/a"
	    else (.[$k] * 10000 | round / 100 | tostring) + "%" end' "$1"
}
# counts JSON: "accepted wrong" of a sogoc-score --json report
counts() {
	jq -r '"\(.accepted + .extra_accepted) \(.wrong_accepted)"' "$1"
}
# tcli DIR IMAGES...: the CLI on every page, as a user would run it
tcli() {
	d=$1
	shift
	for f in "$@"; do
		tesseract "$f" "$d/cli-$(basename "$f")" -l vie || return 1
	done
}

eras="typewritten printed c21"
t1=$out/by-level.md
t2=$out/by-mode.md
t3=$out/why.md
t4=$out/time.md
printf '| mode | damage | pages | truth rows | rows found | field accuracy | accepted | wrong | accepted precision | 95%% lower bound | coverage | pages to key | sogoc -j2 s | tesseract s | -j2 / tesseract |\n' > "$t1"
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n' >> "$t1"
printf '| mode | pages | truth rows | rows found | accepted | wrong | accepted precision | 95%% lower bound | coverage |\n' > "$t2"
printf '|---|---|---|---|---|---|---|---|---|\n' >> "$t2"
printf '| mode | flagged fields | reasons (share of flagged) |\n' > "$t3"
printf '|---|---|---|\n' >> "$t3"
printf '| mode | truth rows | fields to look at per 100 rows | of them to type | review, min per 100 rows | keying by hand, min per 100 rows | review / keying |\n' > "$t4"
printf '|---|---|---|---|---|---|---|\n' >> "$t4"

# review_time MODE DIR: a row of the reviewer-time table, by the keystroke
# model of docs/console.md (M = 1.35 s to look at a cell and decide, K =
# 0.28 s a keystroke).  Every truth field the OCR did not accept is looked
# at: Enter when its reading is right (M + K), else its text as written is
# typed and entered (M + K (length + 1)); a row never found is typed in
# full.  Keying by hand types every field.
review_time() {
	{
		for t in "$2"/d*/p*.json; do
			jq -r --arg s "$(basename "$t" .json)" '
			    .pages | to_entries[] | (.key + 1) as $p |
			    .value.rows[] | .row as $r | .fields |
			    to_entries[] | ["T", $s, $p, $r, .key,
			    .value.value, (.value.text // .value.value |
			    length)] | @tsv' "$t"
		done
		cat "$2"/d*/ocr.jsonl | jq -r 'select(.fields != null) |
		    (.source | sub(".*/"; "") | sub("\\.[^.]*$"; "")) as $s |
		    .page as $p | .row as $r | .fields | to_entries[] |
		    ["O", $s, $p, $r, .key, .value.status, .value.value] |
		    @tsv'
	} | awk -F'\t' -v m="$1" '
	    $1 == "O" { k = $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
		st[k] = $6; val[k] = $7; next }
	    $1 == "T" { k = $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
		rows[$2 SUBSEP $3 SUBSEP $4] = 1
		tv[k] = $6; tl[k] = $7; next }
	    END { M = 1.35; K = 0.28
		for (r in rows) nr++
		for (k in tv) {
			hand += M + K * (tl[k] + 1)
			if (st[k] == "accepted")
				continue
			look++
			if ((k in val) && val[k] == tv[k])
				rev += M + K
			else {
				typ++
				rev += M + K * (tl[k] + 1)
			}
		}
		if (nr == 0) { printf "| %s | 0 | | | | | |\n", m; exit }
		printf "| %s | %d | %.0f | %.0f | %.1f | %.1f | %.2f |\n", m,
		    nr, 100 * look / nr, 100 * typ / nr, 100 * rev / nr / 60,
		    100 * hand / nr / 60, rev / hand }'
}
mi=0
for mode in $modes; do
	args=$(gen_args "$mode")
	mdir=$out/$mode
	mkdir -p "$mdir"
	# shellcheck disable=SC2086
	if ! "$GEN" --seed 1 --rows 2 $args --out "$mdir/probe" \
	    > /dev/null 2>&1; then
		echo "ocr_bench: this sogoc-gen cannot draw mode $mode" \
		    "($args); skipped" >&2
		printf '| %s | – | not drawn by this sogoc-gen | | | | | | | | | | | | |\n' \
		    "$mode" >> "$t1"
		mi=$((mi + 1))
		continue
	fi
	rm -f "$mdir"/probe*
	for d in $(levels "$mode"); do
		dir=$mdir/d$d
		mkdir -p "$dir"
		i=0
		for era in $eras $eras $eras $eras $eras $eras $eras $eras \
		    $eras $eras $eras $eras $eras $eras; do
			[ "$i" -lt "$n" ] || break
			s=$((seed + mi * 10000 + d * 1000 + i))
			# shellcheck disable=SC2086
			[ -f "$dir/p$s.json" ] || "$GEN" --seed "$s" \
			    --era "$era" --damage "$d" $args \
			    --out "$dir/p$s" > /dev/null
			i=$((i + 1))
		done
		pages=$(ls "$dir"/p*.json | wc -l)
		imgs=$(ls "$dir"/p* | grep -v '\.json$' | grep -v '\.txt$' |
		    grep -v '/cli-')

		# The run whose output is scored is also the first timing.
		w0=$(now)
		# shellcheck disable=SC2086
		"$SOGOC" ocr -q -j 2 $imgs > "$dir/ocr.jsonl" \
		    2> "$dir/ocr.err" || true
		w1=$(now)
		"$SCORE" --json --ocr "$dir/ocr.jsonl" "$dir"/p*.json \
		    > "$dir/score.json" 2> "$dir/wrong.txt" || true
		set -- $(counts "$dir/score.json")
		acc=$1
		wrong=$2
		tokey=$(jq -r 'select(.status == "key") | .page' \
		    "$dir/ocr.jsonl" 2> /dev/null | wc -l)
		# shellcheck disable=SC2086
		j2=$({ echo "$w0 $w1" | awk '{ printf "%.3f\n", $2 - $1 }'
		    time_runs $((repeats - 1)) \
		    "$SOGOC" ocr -q -j 2 $imgs; } | median)
		# shellcheck disable=SC2086
		tc=$(time_cmd "$repeats" tcli "$dir" $imgs)
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		    "$mode" "$d" "$pages" \
		    "$(jq -r .truth_rows "$dir/score.json")" \
		    "$(pct "$dir/score.json" row_recall)" \
		    "$(pct "$dir/score.json" field_accuracy)" \
		    "$acc" "$wrong" \
		    "$(pct "$dir/score.json" accepted_precision)" \
		    "$(pct "$dir/score.json" precision_lower_bound)" \
		    "$(pct "$dir/score.json" coverage)" "$tokey" \
		    "$j2" "$tc" \
		    "$(echo "$j2 $tc" | awk '{ printf "%.2f", $1 / $2 }')" \
		    >> "$t1"
	done

	# The mode over its levels: one score, one bound.
	cat "$mdir"/d*/ocr.jsonl > "$mdir/ocr.jsonl"
	"$SCORE" --json --ocr "$mdir/ocr.jsonl" "$mdir"/d*/p*.json \
	    > "$mdir/score.json" 2> "$mdir/wrong.txt" || true
	set -- $(counts "$mdir/score.json")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" \
	    "$(ls "$mdir"/d*/p*.json | wc -l)" \
	    "$(jq -r .truth_rows "$mdir/score.json")" \
	    "$(pct "$mdir/score.json" row_recall)" "$1" "$2" \
	    "$(pct "$mdir/score.json" accepted_precision)" \
	    "$(pct "$mdir/score.json" precision_lower_bound)" \
	    "$(pct "$mdir/score.json" coverage)" >> "$t2"
	# Where review time goes: each flagged field's why.
	jq -r 'select(.fields != null) | .fields[] |
	    select(.status == "review") | (.why // "none")' \
	    "$mdir/ocr.jsonl" | sort | uniq -c | sort -rn |
	    awk -v m="$mode" '{ c[NR] = $1; w[NR] = $2; t += $1 }
		END { s = ""
		for (i = 1; i <= NR; i++)
			s = s sprintf("%s%s %.1f%%", i > 1 ? ", " : "",
			    w[i], 100 * c[i] / t)
		printf "| %s | %d | %s |\n", m, t, s }' >> "$t3"
	review_time "$mode" "$mdir" >> "$t4"
	mi=$((mi + 1))
done
cat "$t1"
echo
cat "$t2"
echo
cat "$t3"
echo
cat "$t4"
echo
echo "pages, outputs and scores in $out"
