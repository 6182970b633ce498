#!/bin/sh
# The staff console end to end in a real browser: Debian's Chromium,
# headless, driven by playwright-core (tests/browser/console_review.mjs)
# as a reviewer works: sign in, import a sample scan through OCR, review
# every flagged field with the keyboard (one of them corrected after a
# slip), publish the page; the public API then verifies a record of that
# page with the corrected value, and the registry audits.  Screenshots of
# the review screen go to $SOGOC_ARTEFACTS (default
# $top_builddir/tests/artefacts); the keyboard flow's timing is printed
# as a TAP comment (docs/console.md).
#
# Skipped when Chromium, node or tests/browser/node_modules (npm ci
# --prefix tests/browser) is missing, unless SOGOC_REQUIRE_BROWSER=1.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/browser_lib.sh"
browser_needed

SERVE_PORTS="18131 18232 18333 18434 18535 19132"
. "$top_srcdir/tests/serve_lib.sh"
export SOGOC_DB="$tmp/db"
browser_reviewer lan "a reviewer's password"
page=c21-clean
mkdir -p "$tmp/scans/vol1"
cp "$top_srcdir/scans/golden/$page.png" "$tmp/scans/vol1/"
STAFF=1 serve_start "$tmp/serve.log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans"
wait_up "$staff/login"

jq -n --arg staff "$staff" --arg public "$base" --arg art "$art" \
    --arg pw "a reviewer's password" \
    --slurpfile truth "$top_srcdir/scans/golden/$page.json" \
    '{staff: $staff, public: $public, artefacts: $art, name: "lan",
      password: $pw, folder: "vol1", year: $truth[0].ledger_year,
      truth: $truth[0]}' > "$tmp/config.json"

browser_run console_review.mjs 400

point login "sign in by the labels and the keyboard; the cookie is HttpOnly and SameSite=Strict"
point import "import the sample scan from the console; its progress ends in rows staged for review"
point screen "the review screen: the first flagged cell focused, every cell and the page image shown, the cell outlined"
point correct "a slip saved, Shift-Tab back to the cell, the true value typed over it and saved"
point review "every other flagged cell by keyboard (Enter keeps, typing corrects, F2 marks ink from the signature column illegible); Publish waits for the last, then has the cursor"
point publish "Enter publishes the page: records published"
point verify "the public API verifies the corrected row, with the corrected value"
point clean "no console error, page error, failed request or CSP violation"
awk -F'\t' '$1 == "timing" { printf "# timing: %d cells, median %s ms a cell (save and move on, measured in the browser), %s ms in all, %d keystrokes, %d cells corrected\n", $2, $3, $4, $5, $6 }' \
    "$tmp/results" 2>/dev/null
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "the registry audits afterwards" contains "$tmp/audit" "audit passed"
n=$("$SOGOC" export 2> /dev/null | wc -l)
ok "the page's records are in the registry ($n)" [ "$n" -gt 20 ]

browser_end
done_testing
