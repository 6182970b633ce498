#!/bin/sh
# The release tarball: `make distcheck` from this build tree makes it,
# unpacks it read-only, configures and builds it out of tree, runs a
# subset of the suite there (DISTCHECK_TESTS), installs, uninstalls, makes
# a tarball again and checks that distclean leaves nothing.  Each result of
# that inner suite is a point here, so CI's total counts them; then every
# file git tracks must be in the tarball but those listed in nodist below.
# Not part of the default `make check` (it runs make check itself):
# bootstrap.sh test runs it after the suite, `make check
# TESTS=tests/distcheck.sh` by hand (docs/release.md).
. "${top_srcdir:-.}/tests/tap.sh"

# Every C unit test, and shell tests that read what only the tarball can
# bring, one or two per module: layering.sh every source file and header;
# ocr_golden.sh and score.sh the golden scans (scans/golden);
# registry_e2e.sh the generator and the whole registry path;
# registry_interop.sh and tlog_interop.sh the Go verifiers
# (tests/interop/*.go); registry_leafv2.sh the fixture tarball
# (tests/fixtures); staff_console.sh the console's assets (staff/,
# generated into the build tree); copy_pdf.sh the fonts and copy/;
# sdjwt_web.sh cred/ over HTTP; verify_browser.sh the page in Chromium
# with tests/browser's scripts from the tarball and the checkout's
# node_modules (SOGOC_NODE_MODULES).
# The unit tests are the tests/test_* of TESTS, as automake wrote them
# into the Makefile.
units=$(awk '/^TESTS = / { on = 1 } on { print; if (!/\\$/) exit }' \
    "$top_builddir/Makefile" | tr ' \t' '\n\n' | grep '^tests/test_' |
    tr '\n' ' ')
DISTCHECK_TESTS=${DISTCHECK_TESTS:-"$units tests/layering.sh
tests/ocr_golden.sh tests/score.sh tests/registry_e2e.sh
tests/registry_interop.sh tests/tlog_interop.sh tests/registry_leafv2.sh
tests/staff_console.sh tests/copy_pdf.sh tests/sdjwt_web.sh
tests/verify_browser.sh"}
# What the repository keeps that a release does not: git's own file, the
# CI entry point of a clean clone (.ci/run), the Debian packaging, which
# dpkg-buildpackage builds from the checkout.
nodist='^(\.gitignore|\.ci/.*|debian/.*)$'

bmods="$top_srcdir/tests/browser/node_modules"
[ -d "$bmods" ] && SOGOC_NODE_MODULES=$(cd "$bmods" && pwd)
export SOGOC_NODE_MODULES

# Never from within itself: the inner suite does not list this test, but
# a TESTS or TEST_LOGS from a make above would reach the inner make
# through MAKEFLAGS (hence its own, clean environment) and start it again.
[ -n "${SOGOC_IN_DISTCHECK:-}" ] && skip_all "already inside make distcheck"
SOGOC_IN_DISTCHECK=1
export SOGOC_IN_DISTCHECK

# The tarball distcheck makes first, and leaves even when it fails.
pkg=$(sed -n 's/^PACKAGE = //p' "$top_builddir/Makefile")
ver=$(sed -n 's/^VERSION = //p' "$top_builddir/Makefile")
tarball="$pkg-$ver.tar.gz"
rm -f "$top_builddir/$tarball"

t0=$(date +%s)
# shellcheck disable=SC2086
(cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    ${MAKE:-make} -s -j"${DISTCHECK_JOBS:-$(nproc)}" distcheck \
    TESTS="$(echo $DISTCHECK_TESTS)") > "$tmp/out" 2>&1
rc=$?
echo "# make distcheck: exit $rc after $(( $(date +%s) - t0 )) s"

# The inner suite's results, as tap-driver.sh printed them.
sed 's/\x1b\[[0-9;]*m//g' "$tmp/out" |
    grep -E '^(PASS|FAIL|XFAIL|XPASS|SKIP|ERROR): ' > "$tmp/results"
while IFS= read -r line; do
	res=${line%%: *}
	what=${line#*: }
	case $res in
	PASS|XFAIL) ok "distcheck: $what" true ;;
	SKIP) tap_n=$((tap_n + 1))
		echo "ok $tap_n - distcheck: $what # SKIP" ;;
	*) ok "distcheck: $res $what" false ;;
	esac
done < "$tmp/results"
n=$(wc -l < "$tmp/results")
ok "make distcheck passes: built, tested ($n results), installed, cleaned" \
    [ "$rc" -eq 0 ]
ok "the inner suite ran" [ "$n" -gt 0 ]
[ "$rc" -eq 0 ] || grep -v '^\(PASS\|SKIP\): ' "$tmp/out" | tail -60 |
    sed 's/^/# /'

if [ ! -f "$top_builddir/$tarball" ] || ! git -C "$top_srcdir" rev-parse --git-dir \
    > /dev/null 2>&1; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - every tracked file is in the tarball # SKIP no" \
	    "tarball or no git checkout"
	done_testing
fi
tar -tzf "$top_builddir/$tarball" | sed 's|^[^/]*/||; /\/$/d; /^$/d' |
    sort > "$tmp/tar"
git -C "$top_srcdir" ls-files | grep -Ev "$nodist" | sort > "$tmp/git"
comm -13 "$tmp/tar" "$tmp/git" > "$tmp/missing"
ok "every file git tracks is in $tarball ($(wc -l < "$tmp/tar") files)" \
    [ ! -s "$tmp/missing" ]
sed 's/^/# not in the tarball: /' "$tmp/missing"
done_testing
