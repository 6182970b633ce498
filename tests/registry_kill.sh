#!/bin/sh
# Crashes: kill `sogoc import` and `sogoc publish`, and `sogoc import
# --publish`, with SIGKILL at random moments, 50 times.  Afterwards the audit passes, no row is published
# twice or lost, a publish that reported success is all there, and running
# the commands again finishes the work.
. "${top_srcdir:-.}/tests/tap.sh"

rows=400
ledger 33 $rows ledger kill.example/log

# job DB: import then publish in small batches, as staff would.
job() {
	# shellcheck disable=SC2086
	"$SOGOC" import --db "$1" $vol "$tmp/ledger.csv" 2>/dev/null &&
	    "$SOGOC" publish --db "$1" --key "$KEY" --batch 20 -q
}

# job1 DB: the one-step path for a typed ledger.
job1() {
	# shellcheck disable=SC2086
	"$SOGOC" import --db "$1" --publish --key "$KEY" --batch 20 $vol \
	    "$tmp/ledger.csv" 2>/dev/null
}

# How long the whole job takes here, to aim the kills inside it.
start=$(date +%s%N)
job "$tmp/timing"
ms=$(( ($(date +%s%N) - start) / 1000000 + 20 ))
echo "# the uninterrupted job takes about $ms ms"

# size DB: the size of the latest checkpoint, 0 when none.
size() {
	"$SOGOC" checkpoint --db "$1" 2>/dev/null | sed -n 2p | grep . ||
	    echo 0
}

trial=1
while [ $trial -le 50 ]; do
	db="$tmp/db$trial"
	delay=$(awk -v s=$trial -v m=$ms 'BEGIN { srand(s); printf "%.3f", rand() * m / 1000 }')
	# The job runs in a process group of its own, killed whole at once,
	# so that no command of it can start after the kill.  Odd trials
	# stage then publish; even ones import --publish in one step.
	if [ $((trial % 2)) -eq 1 ]; then
		setsid sh -c '"$0" import --db "$1" $2 "$3" 2>/dev/null &&
		    "$0" publish --db "$1" --key "$4" --batch 20 -q' \
		    "$SOGOC" "$db" "$vol" "$tmp/ledger.csv" "$KEY" &
	else
		setsid sh -c '"$0" import --db "$1" --publish --key "$4" \
		    --batch 20 $2 "$3" 2>/dev/null' \
		    "$SOGOC" "$db" "$vol" "$tmp/ledger.csv" "$KEY" &
	fi
	pid=$!
	sleep "$delay"
	kill -KILL -$pid 2>/dev/null
	wait $pid 2>/dev/null
	rc=$?
	n=$(size "$db")
	good=1
	if [ -d "$db" ] && [ -f "$db/data.mdb" ] && [ "$n" -gt 0 ]; then
		"$SOGOC" audit --db "$db" --pub "$PUB" > "$tmp/audit" 2>&1 ||
		    { good=0; sed 's/^/#   /' "$tmp/audit"; }
	fi
	why=""
	[ $good -eq 1 ] || why="audit failed;"
	marked=0
	[ -f "$db/data.mdb" ] && marked=$("$SOGOC" staged --db "$db" --all \
	    --json 2>/dev/null | grep -c '"record":')
	# (import --publish keeps no staged rows to mark.)
	[ $((trial % 2)) -eq 0 ] || [ "$marked" -eq "$n" ] ||
	    why="$why $marked rows marked published;"
	# A job that finished before the kill published every row.
	[ "$rc" -eq 0 ] && [ "$n" -ne $rows ] && why="$why finished short;"
	# Finish the work; then everything is there exactly once.
	if [ $((trial % 2)) -eq 1 ]; then
		job "$db" > "$tmp/rerun" 2>&1
	else
		job1 "$db" > "$tmp/rerun" 2>&1
	fi || why="$why rerun failed: $(head -1 "$tmp/rerun");"
	[ "$(size "$db")" -eq $rows ] || why="$why size $(size "$db");"
	"$SOGOC" audit --db "$db" --pub "$PUB" > /dev/null 2>&1 ||
	    why="$why audit after rerun;"
	[ "$("$SOGOC" export --db "$db" 2>/dev/null | wc -l)" -eq $rows ] ||
	    why="$why export count;"
	[ -z "$why" ] || echo "# $why"
	[ -z "$why" ] || good=0
	ok "kill $trial after ${delay}s (exit $rc, $n events logged): consistent, and finished on rerun" \
	    [ $good -eq 1 ]
	rm -rf "$db"
	trial=$((trial + 1))
done

done_testing
