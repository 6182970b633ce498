# node_lib.sh: where the node scripts of tests/browser run from ($bdir),
# sourced after tap.sh by the tests that run them.  In a checkout that is
# the source tree's tests/browser, where `npm ci --prefix tests/browser`
# put node_modules.  Under `make distcheck` the source tree is the
# tarball's, read-only and without node_modules: then SOGOC_NODE_MODULES
# (the checkout's, which tests/distcheck.sh passes) is linked beside a
# copy of the tarball's scripts in $tmp, so the tarball's own scripts run
# (node resolves an import next to the importing file; NODE_PATH does not
# reach ES modules).
bdir="$top_srcdir/tests/browser"
if [ ! -d "$bdir/node_modules" ] && [ -n "${SOGOC_NODE_MODULES:-}" ] &&
    [ -d "$SOGOC_NODE_MODULES" ]; then
	mkdir -p "$tmp/browser"
	cp "$bdir"/*.mjs "$bdir/package.json" "$tmp/browser/" || exit 1
	ln -s "$(cd "$SOGOC_NODE_MODULES" && pwd)" \
	    "$tmp/browser/node_modules" || exit 1
	bdir="$tmp/browser"
fi
