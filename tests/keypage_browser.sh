#!/bin/sh
# A page OCR cannot read, end to end in a real browser (issue 14):
# Debian's Chromium, headless, driven by playwright-core
# (tests/browser/keypage.mjs).  A reviewer imports a folder holding a
# photographed page that is no ledger table; it is in the queue as a page
# to key by hand; they key two rows by keyboard beside its image (a slip
# refused by name, the other values kept), save, publish; the public
# verification page then finds the diploma.  Screenshots go to
# $SOGOC_ARTEFACTS (default $top_builddir/tests/artefacts).
#
# Skipped when Chromium, node or tests/browser/node_modules (npm ci
# --prefix tests/browser) is missing, unless SOGOC_REQUIRE_BROWSER=1.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/browser_lib.sh"
browser_needed

SERVE_PORTS="18141 18242 18343 18444 18545 19142"
. "$top_srcdir/tests/serve_lib.sh"
export SOGOC_DB="$tmp/db"
browser_reviewer lan "a reviewer's password"
mkdir -p "$tmp/scans/vol1"
"$top_builddir/tests/mkinput" letter "$tmp/scans/vol1/p012.jpg"
STAFF=1 serve_start "$tmp/serve.log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans"
wait_up "$staff/login"

jq -n --arg staff "$staff" --arg public "$base" --arg art "$art" \
    --arg pw "a reviewer's password" \
    '{staff: $staff, public: $public, artefacts: $art, name: "lan",
      password: $pw, folder: "vol1", year: 1998}' > "$tmp/config.json"

browser_run keypage.mjs 300

point login "sign in by keyboard"
point import "import the folder from the console: its page is staged to key by hand"
point queue "the queue lists the page to key; its screen is a form of rows, the cursor in the first, beside the page image"
point key "two rows keyed by keyboard, each Tab on the next labelled input; a slip refused by name with every value kept, corrected, saved"
point publish "Enter on Publish publishes the 2 records"
point verify "the public verification page finds the keyed diploma valid"
point clean "no console error, page error, failed request or CSP violation"
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "the registry audits afterwards" contains "$tmp/audit" "audit passed"

browser_end
done_testing
