# browser_lib.sh: what the headless Chromium tests share, sourced after
# tap.sh: the check that the browser can run, the TAP point of each check
# the node script reported, and that no browser process outlives the run.

CHROMIUM=/usr/bin/chromium
. "$top_srcdir/tests/node_lib.sh"
# Where the screenshots go, made and absolute.
art=${SOGOC_ARTEFACTS:-$top_builddir/tests/artefacts}
mkdir -p "$art"
art=$(cd "$art" && pwd)

# browser_needed: skipped without Chromium, node, playwright-core (npm ci
# --prefix tests/browser), curl, jq or timeout; a failure instead when
# SOGOC_REQUIRE_BROWSER=1.
browser_needed() {
	missing=""
	[ -x "$CHROMIUM" ] || missing="$CHROMIUM missing"
	command -v node > /dev/null ||
	    missing="${missing:+$missing, }node missing"
	[ -f "$bdir/node_modules/playwright-core/package.json" ] ||
	    missing="${missing:+$missing, }$bdir/node_modules/playwright-core missing (npm ci --prefix tests/browser; under distcheck, SOGOC_NODE_MODULES)"
	for c in curl jq timeout; do
		command -v $c > /dev/null ||
		    missing="${missing:+$missing, }$c missing"
	done
	[ -z "$missing" ] && return 0
	if [ "${SOGOC_REQUIRE_BROWSER:-0}" = 1 ]; then
		ok "the browser test can run: $missing" false
		done_testing
	fi
	skip_all "$missing"
}

# browser_run SCRIPT SECONDS: node runs tests/browser/SCRIPT on
# $tmp/config.json into $tmp/results, killed after SECONDS; its profile and
# temporary files live under $tmp, and what it printed is shown as TAP
# comments.
browser_run() {
	t0=$(date +%s)
	TMPDIR="$tmp" timeout -k 5 "$2" node "$bdir/$1" "$tmp/config.json" \
	    "$tmp/results" > "$tmp/node.out" 2>&1
	echo "# browser run: exit $? after $(( $(date +%s) - t0 )) s," \
	    "screenshots in $art"
	[ -s "$tmp/node.out" ] && sed 's/^/# node: /' "$tmp/node.out"
}

# point ID DESCRIPTION: the TAP point for check ID of the browser run,
# from its results file $tmp/results ("ok|fail<TAB>ID<TAB>detail").
point() {
	st=$(awk -F'\t' -v id="$1" '$2 == id { print $1; exit }' \
	    "$tmp/results" 2>/dev/null)
	ok "$2" [ "$st" = ok ]
	if [ -n "$st" ]; then
		awk -F'\t' -v id="$1" '$2 == id { print "# " $3; exit }' \
		    "$tmp/results"
	else
		echo "# no result: the browser run ended first"
	fi
}

# browser_gone: no process of the run (its profile is under $tmp) is left
# but the server; any that is, is killed.
browser_gone() {
	left=""
	for d in /proc/[0-9]*; do
		cl=$( { tr '\0' ' ' < "$d/cmdline"; } 2>/dev/null) || continue
		case $cl in
		*"sogoc serve"*) ;;
		*"$tmp/"*) left="$left ${d#/proc/}" ;;
		esac
	done
	ok "no browser process is left behind" [ -z "$left" ]
	# shellcheck disable=SC2086
	[ -n "$left" ] && kill -KILL $left 2>/dev/null
}

# browser_end: no browser process left, then the server ($spid) stopped
# by SIGTERM, which must end it cleanly.
browser_end() {
	browser_gone
	kill -TERM "$spid"
	wait "$spid"
	ok "SIGTERM stops the server cleanly" [ $? -eq 0 ]
	spid=""
}

# browser_reviewer NAME PASSWORD: the log's key in $tmp/k and a reviewer
# account, in the registry $SOGOC_DB.
browser_reviewer() {
	"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k" \
	    > /dev/null 2>&1
	printf '%s\n' "$2" > "$tmp/pw"
	chmod 600 "$tmp/pw"
	"$SOGOC" user add "$1" --role reviewer --password-file "$tmp/pw" \
	    > /dev/null 2>&1
}
