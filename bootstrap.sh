#!/bin/sh
# bootstrap.sh: set up a fresh Debian 12 machine for sogoc and run it.
#
#   ./bootstrap.sh demo   install what is missing, build, OCR the bundled
#                         sample scans (scans/golden) into out/rows.jsonl,
#                         stage and publish them into a signed registry
#                         (out/sogoc.db), audit it, and leave the
#                         verification service running on 127.0.0.1:8080
#   ./bootstrap.sh test   install what is missing, build with ASan+UBSan and
#                         run the whole test suite, the page in headless
#                         Chromium too; then the concurrency tests under
#                         ThreadSanitizer (build-tsan/), the fuzzers
#                         for a bounded time, the Debian package
#                         (tests/deb_package.sh), then make distcheck on
#                         a subset (tests/distcheck.sh); ends "N passed,
#                         N failed"
#   ./bootstrap.sh bench  also install wrk and nginx, and run the registry
#                         and verification benchmarks (docs/bench.md)
#
# Run as root (or with sudo available) the first time: it uses apt-get.
set -eu

PACKAGES="build-essential autoconf automake libtool pkg-config
libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie
tesseract-ocr-script-viet libjansson-dev libutf8proc-dev libcmocka-dev
libpango1.0-dev libcairo2-dev libpoppler-glib-dev zlib1g-dev poppler-utils
fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-noto-core
fonts-noto-mono fonts-dancingscript fonts-breip liblmdb-dev lmdb-utils
libssl-dev libcsv-dev golang-go
golang-golang-x-mod-dev jq xxd libmicrohttpd-dev libglib2.0-dev curl
libcurl4-openssl-dev nginx-light
chromium libqrencode-dev zbar-tools openssl clang libclang-rt-14-dev
faketime debhelper lintian dpkg-dev git"
# The browser tests run playwright-core (tests/browser) on Node.js: Debian's
# unless the machine has one already (installing Debian's npm over another
# Node.js would try to replace it).
command -v npm > /dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

# What threads share, tested again under ThreadSanitizer.
TSAN_TESTS="tests/test_jobs tests/test_guard tests/test_session
tests/test_share tests/staff_hardening.sh tests/verify_serve.sh
tests/share_views.sh tests/staff_console.sh tests/copy_requests.sh
tests/verify_api.sh tests/verify_enumerate.sh tests/test_fetch
tests/test_monitor tests/tlog_monitor.sh tests/tlog_witness.sh
tests/test_asker tests/tlog_quorum.sh"

install_packages() {
	missing=""
	for p in $PACKAGES; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	echo "bootstrap: installing$missing" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	    --no-install-recommends $missing
}

# build DIR [configure options]: an out-of-tree build in DIR.
build() {
	dir=$1
	shift
	[ -x configure ] || autoreconf -fi
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || ../configure -q "$@"; } &&
	    make -s -j"$(nproc)")
}

case "${1:-}" in
demo)
	install_packages
	build build
	mkdir -p out/crops
	echo "bootstrap: reading the sample scans in scans/golden" >&2
	set +e
	build/sogoc ocr --jsonl --crops out/crops scans/golden \
	    > out/rows.jsonl
	rc=$?
	set -e
	echo "bootstrap: rows in out/rows.jsonl ($(wc -l < out/rows.jsonl)" \
	    "lines), review images in out/crops/" >&2
	build/sogoc-score --ocr out/rows.jsonl scans/golden/*.json || true
	# Into the signed registry: stage every row with its provenance,
	# publish those OCR accepted whole, sign, and audit from scratch.
	export SOGOC_DB=out/sogoc.db
	[ -f out/keys/signer.key ] ||
	    build/sogoc keygen --name demo.sogoc.invalid/registry \
	    --out out/keys > /dev/null
	# Each sample page is a different ledger volume: import each with its
	# own authority and graduation year, as staff would.
	for truth in scans/golden/*.json; do
		base=$(basename "$truth" .json)
		jq -c --arg p "scans/golden/$base." \
		    'select(.source | startswith($p))' out/rows.jsonl \
		    > "out/volume-$base.jsonl"
		build/sogoc import --type THPT \
		    --year "$(jq -r .ledger_year "$truth")" \
		    --authority "$(jq -r .authority "$truth")" \
		    "out/volume-$base.jsonl"
	done
	build/sogoc publish --key out/keys/signer.key
	# A registry left in out/ by an older sogoc has records without the
	# signed heads receipts now carry: sign what is missing (nothing on
	# a new one).
	build/sogoc heads --sign --key out/keys/signer.key
	build/sogoc audit --pub out/keys/verifier.pub
	echo "bootstrap: registry in out/sogoc.db; \`build/sogoc staged\`" \
	    "lists the rows waiting for a person, \`build/sogoc checkpoint\`" \
	    "prints the signed checkpoint" >&2
	# The verification service on the sample registry, left running.
	port=${SOGOC_DEMO_PORT:-8080}
	if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
		echo "bootstrap: port $port is taken; not starting the" \
		    "verification service (SOGOC_DEMO_PORT=N picks another)" >&2
		exit $rc
	fi
	# The staff console beside it, with a first admin account.
	sport=${SOGOC_DEMO_STAFF_PORT:-$((port + 1))}
	if ! build/sogoc user list 2> /dev/null | grep -q '^admin '; then
		umask 077
		head -c 18 /dev/urandom | base64 | tr -d '/+=' \
		    > out/admin.password
		umask 022
		build/sogoc user add admin --role admin \
		    --password-file out/admin.password
	fi
	# Certified copies: a demo department certificate (a real one comes
	# from the department's CA) and who signs; no copy-place, since the
	# samples are volumes of several provinces.
	if [ ! -f out/keys/dept.crt ]; then
		umask 077
		openssl req -x509 -newkey rsa:2048 -nodes -days 365 \
		    -keyout out/keys/dept.key -out out/keys/dept.crt \
		    -subj "/CN=So Giao duc va Dao tao (demo)/O=sogoc demo" \
		    > /dev/null 2>&1
		umask 022
	fi
	cat > out/serve.conf <<EOF
[serve]
public-url = http://127.0.0.1:$port
copy-key = out/keys/dept.key
copy-cert = out/keys/dept.crt
copy-signer = Nguyễn Văn Ký
copy-signer-title = KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
EOF
	nohup build/sogoc serve --config out/serve.conf \
	    --listen "127.0.0.1:$port" \
	    --staff-listen "127.0.0.1:$sport" --key out/keys/signer.key \
	    --scans scans > out/serve.log 2>&1 &
	echo $! > out/serve.pid
	i=0
	while ! curl -s -o /dev/null "http://127.0.0.1:$port/healthz" &&
	    [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	sample=$(build/sogoc export 2> /dev/null |
	    jq -r 'select(.status == "valid") | "serial=\(.fields.serial_no |
	    @uri)&name=\(.fields.full_name | @uri)&dob=\(.fields.date_of_birth)"' |
	    head -1)
	echo "bootstrap: verification service running (pid $(cat out/serve.pid)," \
	    "log out/serve.log; stop it with kill \$(cat out/serve.pid))." >&2
	echo "bootstrap: try http://127.0.0.1:$port/?$sample" >&2
	echo "bootstrap: or the API: curl 'http://127.0.0.1:$port/api/v1/verify?$sample'" >&2
	echo "bootstrap: staff console: http://127.0.0.1:$sport/ -- sign in" \
	    "as admin with the password in out/admin.password" \
	    "($(cat out/admin.password 2>/dev/null)); the sample pages wait" \
	    "there for review" >&2
	echo "bootstrap: graduates ask for a certified copy at" \
	    "http://127.0.0.1:$port/copy; registrars approve it under" \
	    "\"Bản sao\" in the console" >&2
	exit $rc
	;;
test)
	install_packages
	# The version tests/browser/package-lock.json pins, from the npm
	# registry; the browser is Debian's chromium.
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	set +e
	# check DIR OUT [MAKE ARGS]: make check in DIR into DIR/OUT.out, and
	# its test-suite.log kept as DIR/OUT.log when anything failed.
	check() {
		dir=$1
		out=$2
		shift 2
		(cd "$dir" && make -s -j"$(nproc)" check "$@" > "$out.out" \
		    2>&1) || {
			cp "$dir/test-suite.log" "$dir/$out.log" 2> /dev/null
			failed_logs="$failed_logs $dir/$out.log"
			harness=1
		}
		cat "$dir/$out.out"
		outs="$outs $dir/$out.out"
	}
	failed_logs=""
	outs=""
	harness=0
	if build build-san --enable-sanitizers; then
		export SOGOC_REQUIRE_BROWSER=1
		check build-san check
		# The fuzzers, a bounded time each (SOGOC_FUZZ_SECONDS).
		check build-san fuzz TESTS=tests/fuzz_bounded.sh
		# The Debian package, built from a clean copy and installed
		# into a fresh root (not in make check: it compiles it all).
		check build-san deb TESTS=tests/deb_package.sh
	else
		harness=1
	fi
	# The tests of what threads share, again under ThreadSanitizer.
	if build build-tsan --enable-tsan; then
		check build-tsan check TESTS="$TSAN_TESTS"
	else
		harness=1
	fi
	# The release tarball: make distcheck (plain build, a subset of the
	# suite) from the ASan tree, its inner results counted here too
	# (tests/distcheck.sh, docs/release.md).
	if [ -f build-san/Makefile ]; then
		check build-san distcheck TESTS=tests/distcheck.sh
	else
		harness=1
	fi
	set -e
	passed=0
	failed=0
	skip=0
	for f in $outs; do
		p=$(sed -n 's/^# PASS: *//p' "$f" | tail -1)
		x=$(sed -n 's/^# XFAIL: *//p' "$f" | tail -1)
		k=$(sed -n 's/^# SKIP: *//p' "$f" | tail -1)
		fl=$(sed -n 's/^# FAIL: *//p' "$f" | tail -1)
		xp=$(sed -n 's/^# XPASS: *//p' "$f" | tail -1)
		e=$(sed -n 's/^# ERROR: *//p' "$f" | tail -1)
		passed=$((passed + ${p:-0} + ${x:-0}))
		failed=$((failed + ${fl:-0} + ${xp:-0} + ${e:-0}))
		skip=$((skip + ${k:-0}))
	done
	if [ "$harness" -ne 0 ]; then
		[ "$failed" -eq 0 ] && failed=1	# a build or harness failed
		echo "bootstrap: make check failed (see build-san/ and" \
		    "build-tsan/)" >&2
		for f in $failed_logs; do
			[ -f "$f" ] && cat "$f"
		done
	fi
	echo "${passed} passed, ${failed} failed, ${skip} skipped"
	[ "$failed" -eq 0 ]
	;;
bench)
	# The benchmarks' peers come from Debian too.
	PACKAGES="$PACKAGES wrk wget"
	install_packages
	build build
	bench/registry_bench.sh -b build
	vdir=$(mktemp -d /tmp/sogoc-verifybench.XXXXXX)
	bench/verify_bench.sh -b build -o "$vdir"
	build/bench/verifybench "$vdir/db" 6000 1
	bench/copy_bench.sh -b build
	bench/tlog_bench.sh -b build
	;;
*)
	sed -n '2,18s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
