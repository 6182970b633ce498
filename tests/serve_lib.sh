# serve_lib.sh: what the tests of `sogoc serve` share, sourced after
# tap.sh: a small signed registry, and a server on a free port that is
# stopped when the test exits.

# make_registry N: a registry of N typed records in $tmp/db (also
# $SOGOC_DB), signed with the key in $tmp/k.
make_registry() {
	export SOGOC_DB="$tmp/db"
	"$top_builddir/sogoc-gen" --seed 9 --csv "$1" --out "$tmp/ledger" \
	    > "$tmp/vol"
	"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" \
	    > /dev/null 2>&1
	# shellcheck disable=SC2046
	"$SOGOC" import --publish --key "$tmp/k/signer.key" \
	    $(cat "$tmp/vol") "$tmp/ledger.csv" 2> /dev/null
}

# go_verifier: tests/interop/verify.go, the independent Go verifier
# written from docs/registry.md, built into $GOV where Go and Debian's
# golang.org/x/mod are at hand (GOPATH mode, offline); $GOV empty if not.
go_verifier() {
	GOV=""
	GO=$(command -v "${GO:-go}")
	if [ -n "$GO" ] &&
	    [ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] &&
	    GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS='' \
	    GOCACHE="$tmp/gocache" GOTOOLCHAIN=local CGO_ENABLED=0 \
	    "$GO" build -o "$tmp/gov" "$top_srcdir/tests/interop/verify.go"
	then
		GOV="$tmp/gov"
	fi
}

# pick_valid: the first valid record of the registry, its $serial,
# $name and $dob (ISO) as the diploma shows them.
pick_valid() {
	"$SOGOC" export 2> /dev/null | jq -c 'select(.status == "valid")' |
	    head -1 > "$tmp/picked"
	serial=$(jq -r .fields.serial_no "$tmp/picked")
	name=$(jq -r .fields.full_name "$tmp/picked")
	dob=$(jq -r .fields.date_of_birth "$tmp/picked")
}

# wait_up URL: until URL answers (5 s at most).
wait_up() {
	i=0
	while ! curl -s -o /dev/null "$1" && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
}

# free_port: the first of a few ports nothing answers on, into $port.
free_port() {
	port=""
	for p in $SERVE_PORTS; do
		if ! curl -s -o /dev/null "http://127.0.0.1:$p/healthz" 2>/dev/null
		then
			port=$p
			return 0
		fi
	done
	skip_all "no free port"
}

# serve_start LOG [OPTION...]: sogoc serve on a free port, its stderr in
# LOG; sets $port, $base and $spid.  A port another test took meanwhile
# makes the server exit, and the next is tried.  The test's exit stops it.
# With STAFF=1 the staff console listens on the next port, $staff its URL;
# with METRICS=1 /metrics is served on the one after, $metrics its URL.
serve_start() {
	log=$1
	shift
	spid=""
	trap '[ -n "$spid" ] && kill -TERM $spid 2>/dev/null; rm -rf "$tmp"' EXIT
	trap 'exit 1' INT TERM HUP
	for port in $SERVE_PORTS; do
		curl -s -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null &&
		    continue
		base="http://127.0.0.1:$port"
		staff="http://127.0.0.1:$((port + 1))"
		metrics="http://127.0.0.1:$((port + 2))/metrics"
		mopt=""
		[ "${METRICS:-0}" = 1 ] &&
		    mopt="--metrics-listen 127.0.0.1:$((port + 2))"
		if [ "${STAFF:-0}" = 1 ]; then
			# shellcheck disable=SC2086
			"$SOGOC" serve --listen "127.0.0.1:$port" $mopt \
			    --staff-listen "127.0.0.1:$((port + 1))" "$@" \
			    2> "$log" &
		else
			# shellcheck disable=SC2086
			"$SOGOC" serve --listen "127.0.0.1:$port" $mopt "$@" \
			    2> "$log" &
		fi
		spid=$!
		i=0
		while kill -0 $spid 2>/dev/null &&
		    ! curl -s -o /dev/null "$base/healthz" && [ $i -lt 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		kill -0 $spid 2>/dev/null && return 0
	done
	skip_all "no free port"
}

# Each test its own ports, so that make -j runs them side by side.
SERVE_PORTS=${SERVE_PORTS:-"18181 18282 18383 18484 18585 19191"}

# make_copy_config: a department certificate ($tmp/dept.crt, its key
# $tmp/dept.key, mode 600) and $tmp/serve.conf with the settings of
# certified copies (sogoc-serve.conf(5)), to add more lines to.
make_copy_config() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/dept.key" \
	    -out "$tmp/dept.crt" -days 30 \
	    -subj "/CN=So Giao duc va Dao tao/O=sogoc test" > /dev/null 2>&1
	chmod 600 "$tmp/dept.key"
	cat > "$tmp/serve.conf" <<CONF
[serve]
public-url = https://vanbang.sogd.example.vn
copy-key = $tmp/dept.key
copy-cert = $tmp/dept.crt
copy-signer = Nguyễn Văn Ký
copy-signer-title = KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
copy-place = Cà Mau
CONF
}

# add_user NAME PASSWORD ROLE: a staff account, its password also in
# $tmp/pw.NAME (mode 600).
add_user() {
	printf '%s\n' "$2" > "$tmp/pw.$1"
	chmod 600 "$tmp/pw.$1"
	"$SOGOC" user add "$1" --role "$3" --password-file "$tmp/pw.$1" \
	    > /dev/null 2>&1
}

# idle OUT PORT COUNT ADDRS SECONDS: tests/idleconn's slow clients in the
# background ($ipid), once all its connections are tried.
idle() {
	"$top_builddir/tests/idleconn" "$2" "$3" "$4" "$5" > "$1" &
	ipid=$!
	i=0
	while ! grep -q '^connected' "$1" && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
}

# stop_clean LOG: SIGTERM to the server ($spid), one test point that it
# exits 0 and LOG holds no sanitizer report (shown if it does).
stop_clean() {
	kill -TERM "$spid"
	wait "$spid"
	rc=$?
	spid=""
	ok "the server stops cleanly on SIGTERM (exit $rc), no sanitizer report" \
	    sh -c "[ $rc -eq 0 ] && ! grep -q 'Sanitizer\|runtime error' '$1'"
	grep -A30 'Sanitizer\|runtime error' "$1" | sed 's/^/# /' | head -60
}

# witness N: witness wN (key in $tmp/wN) of the logs in $tmp/logs,
# listening on a free port of $WITNESS_PORTS ($wport), its pid in $wpid
# and added to $wpids; wN's URL in $tmp/url.N.  Each test its own ports:
# a port a test's stopped witness gave back must not be taken by another
# test's witness, which would answer in its place.
witness() {
	"$SOGOC" keygen --witness --name "w$1.example" --out "$tmp/w$1" \
	    > /dev/null 2>&1 || exit 1
	for wport in $WITNESS_PORTS; do
		curl -s -o /dev/null "http://127.0.0.1:$wport/" && continue
		"$SOGOC" witness --listen "127.0.0.1:$wport" \
		    --key "$tmp/w$1/witness.key" --logs "$tmp/logs" \
		    --db "$tmp/w$1.db" 2> "$tmp/w$1.log" &
		wpid=$!
		i=0
		while kill -0 $wpid 2> /dev/null && [ $i -lt 50 ] &&
		    ! curl -s -o /dev/null "http://127.0.0.1:$wport/"; do
			i=$((i + 1))
			sleep 0.1
		done
		if kill -0 $wpid 2> /dev/null; then
			wpids="$wpids $wpid"
			echo "http://127.0.0.1:$wport" > "$tmp/url.$1"
			return 0
		fi
	done
	skip_all "no free port for a witness"
}
