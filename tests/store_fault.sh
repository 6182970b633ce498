#!/bin/sh
# Fault injection in the store, as Sunlight's tests do it: a sequence of
# writes (import, publish, revoke, a correction that changes the indexed
# name, a certified copy, a staff account) is run once to count and name
# each command's write steps (SOGOC_FAULT_TRACE, written by sogoc in a
# build with fault injection, store.h); then, from the
# registry as it was before the command, the command runs once with each
# step k failing (SOGOC_FAULT=k).  Every time the command must report the
# injected fault and fail, `sogoc audit` must pass, the registry must be
# exactly as before the command (everything acknowledged earlier is
# there, nothing of the failed command is), and running the command again
# without a fault must succeed and leave what the clean run left.
. "${top_srcdir:-.}/tests/tap.sh"
SERVE_PORTS="18676 18777 18878 18979 19676 19777"
. "$top_srcdir/tests/serve_lib.sh"

grep -q '^#define SOGOC_FAULT_INJECTION 1' "$top_builddir/config.h" ||
    skip_all "fault injection not built"
for c in jq openssl; do
	command -v $c > /dev/null || skip_all "$c missing"
done
unset SOGOC_FAULT SOGOC_FAULT_TRACE
"$top_builddir/sogoc-gen" --seed 5 --csv 4 --out "$tmp/ledger" > "$tmp/vol"
"$SOGOC" keygen --name fault.example/log --out "$tmp/k" > /dev/null 2>&1
KEY="$tmp/k/signer.key"
make_copy_config
printf '%s\n' "a long enough password" > "$tmp/pw"
chmod 600 "$tmp/pw"
# op N DB: the Nth command of the sequence on DB, with the environment
# $fenv; its stderr in $tmp/err.
op() {
	serial2=$("$SOGOC" lookup --db "$2" --record 2 2> /dev/null |
	    jq -r .fields.serial_no)
	serial3=$("$SOGOC" lookup --db "$2" --record 3 2> /dev/null |
	    jq -r .fields.serial_no)
	# shellcheck disable=SC2086
	case $1 in
	1)	# shellcheck disable=SC2046
		env $fenv "$SOGOC" import --db "$2" $(cat "$tmp/vol") \
		    "$tmp/ledger.csv" ;;
	2)	env $fenv "$SOGOC" publish --db "$2" --key "$KEY" ;;
	3)	env $fenv "$SOGOC" revoke --db "$2" --serial "$serial2" \
		    --decision 1/QĐ --decision-date 2026-01-02 \
		    --reason "cấp sai" --key "$KEY" ;;
	4)	env $fenv "$SOGOC" correct --db "$2" --serial "$serial3" \
		    --decision 2/QĐ --decision-date 2026-01-03 \
		    --set "full_name=Trần Thị Bích" --key "$KEY" ;;
	5)	env $fenv "$SOGOC" copy --db "$2" --config "$tmp/serve.conf" \
		    --serial "$serial3" --key "$KEY" --out "$tmp/copy.pdf" ;;
	6)	env $fenv "$SOGOC" user add --db "$2" chi --role registrar \
		    --password-file "$tmp/pw" ;;
	esac > /dev/null 2> "$tmp/err"
}
names="import publish revoke correct copy user-add"

# state DB: what the registry holds, without the times of events (or
# why it cannot be read, without its path).
state() {
	{
		"$SOGOC" checkpoint --db "$1" | sed -n 2p
		"$SOGOC" export --db "$1" | jq -c 'del(.events[].time)'
		"$SOGOC" staged --db "$1" --all --json
		"$SOGOC" user list --db "$1" | cut -d' ' -f1-2
	} 2>&1 | sed "s|$1|DB|g"
}

# differ A B: files A and B differ.
differ() {
	! cmp -s "$1" "$2"
}

# audits DB: sogoc audit passes, or there is no registry at all.
audits() {
	[ -d "$1" ] || return 0
	"$SOGOC" audit --db "$1" --pub "$tmp/k/verifier.pub" > "$tmp/audit" \
	    2>&1 || { sed 's/^/#   /' "$tmp/audit"; return 1; }
}

# The registry does not exist before the first import, which makes an
# empty one first: a failure after that leaves an empty registry, made
# whole, as an import of nothing does.
head -1 "$tmp/ledger.csv" > "$tmp/header.csv"
# shellcheck disable=SC2046
"$SOGOC" import --db "$tmp/empty" $(cat "$tmp/vol") "$tmp/header.csv" \
    2> /dev/null
state "$tmp/empty" > "$tmp/state.empty"
n=1
for name in $names; do
	# The clean run: its steps, and the state it leaves.
	rm -rf "$tmp/before" "$tmp/clean"
	if [ -d "$tmp/db" ]; then
		cp -r "$tmp/db" "$tmp/before"
		cp -r "$tmp/db" "$tmp/clean"
	fi
	state "$tmp/before" > "$tmp/state.before"
	rm -f "$tmp/trace"
	fenv="SOGOC_FAULT_TRACE=$tmp/trace"
	op $n "$tmp/clean"
	rc=$?
	steps=$(wc -l < "$tmp/trace")
	ok "$name: the clean run succeeds in $steps write steps" \
	    test $rc -eq 0 -a "$steps" -gt 0
	state "$tmp/clean" > "$tmp/state.after"
	ok "$name: the clean run changes the registry" \
	    differ "$tmp/state.before" "$tmp/state.after"
	k=1
	bad=""
	while [ $k -le "$steps" ]; do
		what=$(sed -n "${k}p" "$tmp/trace" | cut -d' ' -f2-)
		rm -rf "$tmp/t"
		[ ! -d "$tmp/before" ] || cp -r "$tmp/before" "$tmp/t"
		fenv="SOGOC_FAULT=$k"
		op $n "$tmp/t"
		rc=$?
		why=""
		[ $rc -ne 0 ] || why="$why reported success;"
		contains "$tmp/err" "injected fault at write step $k" ||
		    why="$why did not say so;"
		audits "$tmp/t" || why="$why audit failed;"
		state "$tmp/t" > "$tmp/state.t"
		cmp -s "$tmp/state.before" "$tmp/state.t" || { [ ! -d \
		    "$tmp/before" ] && cmp -s "$tmp/state.empty" \
		    "$tmp/state.t"; } || why="$why the registry changed;"
		fenv=""
		op $n "$tmp/t" || why="$why the retry failed;"
		state "$tmp/t" > "$tmp/state.t"
		cmp -s "$tmp/state.after" "$tmp/state.t" ||
		    why="$why the retry left another state;"
		if [ -n "$why" ]; then
			echo "# $name, step $k ($what):$why"
			sed 's/^/#   /' "$tmp/err" | head -3
			bad="$bad $k"
		fi
		k=$((k + 1))
	done
	ok "$name: each of its $steps steps failing once is reported, leaves the registry as it was, and a retry succeeds${bad:+ (failed at$bad)}" \
	    [ -z "$bad" ]
	# The sequence goes on from the clean run's registry.
	rm -rf "$tmp/db"
	mv "$tmp/clean" "$tmp/db"
	n=$((n + 1))
done
ok "the registry at the end audits" audits "$tmp/db"
done_testing
