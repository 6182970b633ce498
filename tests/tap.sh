# tap.sh: a few TAP helpers for the shell tests, sourced by each of them.
# Tests say what they check; ok/not ok lines are counted by tap-driver.sh.

tap_n=0
tap_failed=0

# ok DESCRIPTION CMD...: one test point, passing when CMD succeeds.
ok() {
	desc=$1
	shift
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		tap_failed=$((tap_failed + 1))
	fi
}

# skip_all REASON: the whole file is skipped.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	exit 0
}

# contains FILE STRING: FILE has a line containing STRING (fixed string).
contains() {
	grep -qF -- "$2" "$1"
}

# ledger SEED ROWS NAME LOG: a generated CSV ledger of ROWS rows in
# $tmp/NAME.csv, the import options of its volume in $vol (and in
# $tmp/vol), and a signing key of the log named LOG in $tmp/k: $KEY, its
# verifier key $PUB.
ledger() {
	"$top_builddir/sogoc-gen" --seed "$1" --csv "$2" --out "$tmp/$3" \
	    > "$tmp/vol" || exit 1
	vol=$(cat "$tmp/vol")
	"$SOGOC" keygen --name "$4" --out "$tmp/k" > /dev/null || exit 1
	KEY="$tmp/k/signer.key"
	PUB="$tmp/k/verifier.pub"
}

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
SOGOC="$top_builddir/sogoc"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sogoc-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# flip_byte FILE OFFSET: the byte at OFFSET of FILE changed (its low bit
# flipped), so that it always differs: writing a fixed byte would leave a
# file that already had it unchanged, one run in 256.
flip_byte() {
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((_b ^ 1)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}
