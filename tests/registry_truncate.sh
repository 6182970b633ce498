#!/bin/sh
# A registry whose data.mdb was cut short (a disk that filled, a copy cut
# short) by 1, 2 and 8 pages, cut to nothing, or overwritten with zeros:
# every reader (audit, lookup, export, checkpoint, serve) and a writer
# (revoke) stop with a clear error naming the file, never a signal or a
# sanitizer report, and the damaged file is left as it was.
. "${top_srcdir:-.}/tests/tap.sh"
SERVE_PORTS="18151 18252 18353 18454 18555 19152"
. "${top_srcdir:-.}/tests/serve_lib.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
make_registry 300
unset SOGOC_DB
db="$tmp/db"
pub="$tmp/k/verifier.pub"
serial=$("$SOGOC" lookup --db "$db" --record 3 | jq -r .fields.serial_no)
ok "the whole registry audits" \
    sh -c "'$SOGOC' audit --db '$db' --pub '$pub' > /dev/null 2>&1"
psize=$(getconf PAGESIZE 2> /dev/null || echo 4096)
size=$(stat -c %s "$db/data.mdb")

# clear NAME RC WANT: RC is a plain failure (1..127, no signal), the
# command's stderr in $tmp/err says WANT and no sanitizer spoke.
clear_error() {
	[ "$2" -ge 1 ] && [ "$2" -lt 128 ] && contains "$tmp/err" "$3" &&
	    ! grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" \
	    "$tmp/err" || { echo "# $1: exit $2"; sed 's/^/#   /' \
	    "$tmp/err" | head -5; return 1; }
}

# damage HOW: a copy of the registry in $tmp/t, damaged as HOW says
# (cutN: N pages cut off the end; empty; zero: zeros, same size).
damage() {
	rm -rf "$tmp/t"
	cp -r "$db" "$tmp/t"
	case $1 in
	cut*)	truncate -s $((size - ${1#cut} * psize)) "$tmp/t/data.mdb" ;;
	empty)	: > "$tmp/t/data.mdb" ;;
	zero)	dd if=/dev/zero of="$tmp/t/data.mdb" bs="$size" count=1 \
		    conv=notrunc 2> /dev/null ;;
	esac
}

for how in cut1 cut2 cut8 empty zero; do
	case $how in
	zero)	want="not an LMDB file" ;;
	*)	want="cut short; restore it from a backup" ;;
	esac
	damage $how
	before=$(sha256sum < "$tmp/t/data.mdb")
	"$SOGOC" audit --db "$tmp/t" --pub "$pub" > /dev/null 2> "$tmp/err"
	ok "$how: audit says so" clear_error audit $? "$want"
	"$SOGOC" lookup --db "$tmp/t" --serial "$serial" > /dev/null \
	    2> "$tmp/err"
	ok "$how: lookup says so" clear_error lookup $? "$want"
	"$SOGOC" export --db "$tmp/t" > /dev/null 2> "$tmp/err"
	ok "$how: export says so" clear_error export $? "$want"
	"$SOGOC" checkpoint --db "$tmp/t" > /dev/null 2> "$tmp/err"
	ok "$how: checkpoint says so" clear_error checkpoint $? "$want"
	"$SOGOC" revoke --db "$tmp/t" --serial "$serial" --decision 1/QĐ \
	    --decision-date 2026-01-02 --reason test \
	    --key "$tmp/k/signer.key" > /dev/null 2> "$tmp/err"
	ok "$how: a writer (revoke) says so" clear_error revoke $? "$want"
	ok "$how: the damaged file is left as it was" \
	    [ "$(sha256sum < "$tmp/t/data.mdb")" = "$before" ]
	# The server refuses to start: it would die on the first read.
	"$SOGOC" serve --db "$tmp/t" --listen "127.0.0.1:${SERVE_PORTS%% *}" \
	    2> "$tmp/err" &
	spid=$!
	i=0
	while kill -0 $spid 2> /dev/null && [ $i -lt 30 ] && ! curl -s \
	    -o /dev/null "http://127.0.0.1:${SERVE_PORTS%% *}/healthz"; do
		i=$((i + 1))
		sleep 0.1
	done
	curl -s -o /dev/null -m 5 \
	    "http://127.0.0.1:${SERVE_PORTS%% *}/checkpoint"
	sleep 0.2
	if kill -0 $spid 2> /dev/null; then
		kill -TERM $spid
		wait $spid
		echo "# $how: serve started on the damaged registry" >> \
		    "$tmp/err"
		rc=0
	else
		wait $spid
		rc=$?
	fi
	spid=""
	ok "$how: serve refuses to start, saying so" \
	    clear_error serve $rc "$want"
done

ok "the original registry still audits" \
    sh -c "'$SOGOC' audit --db '$db' --pub '$pub' > /dev/null 2>&1"
done_testing
