#!/bin/sh
# The verification page at `/` in a real browser: Debian's Chromium,
# headless, driven by playwright-core (tests/browser/verify_page.mjs) the
# way a person uses it: fields found by their labels and filled with the
# keyboard, in Vietnamese and English; a valid, a revoked and a corrected
# record, a reissued one's old serial, a wrong date and a hostile name; the language switch; a phone's
# width; no console error or CSP violation; the receipt link.  Screenshots
# go to $SOGOC_ARTEFACTS (default $top_builddir/tests/artefacts).
#
# Skipped when Chromium, node or tests/browser/node_modules (npm ci
# --prefix tests/browser) is missing, unless SOGOC_REQUIRE_BROWSER=1.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/browser_lib.sh"
browser_needed

SERVE_PORTS="18686 18787 18888 18989 19292 19393"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 30

# Four valid records: one stays valid, one is revoked, one corrected, one
# reissued (the employer holds its old paper).
"$SOGOC" export 2>/dev/null | jq -c 'select(.status == "valid")' |
    head -4 > "$tmp/three.jsonl"
pick() {
	sed -n "${1}p" "$tmp/three.jsonl" | jq -r "$2"
}
decision="12/QĐ-SGDĐT"
"$SOGOC" revoke --serial "$(pick 2 .fields.serial_no)" --decision "$decision" \
    --decision-date 2026-11-20 --reason "cấp sai" \
    --key "$tmp/k/signer.key" 2>/dev/null
old=$(pick 3 .fields.classification)
new="Giỏi"
[ "$old" = "$new" ] && new="Xuất sắc"
"$SOGOC" correct --serial "$(pick 3 .fields.serial_no)" \
    --decision "34/QĐ-SGDĐT" --decision-date 2026-11-21 \
    --set "classification=$new" --key "$tmp/k/signer.key" 2>/dev/null
"$SOGOC" reissue --serial "$(pick 4 .fields.serial_no)" \
    --new-serial ZX7000001 --decision "56/QĐ-SGDĐT" \
    --decision-date 2026-11-22 --key "$tmp/k/signer.key" 2>/dev/null
"$SOGOC" export > "$tmp/all.jsonl" 2>/dev/null
rec() {
	jq -c --argjson r "$(pick "$1" .record)" 'select(.record == $r)' \
	    "$tmp/all.jsonl"
}

# The page asks about the same diplomas over and over: the limits per
# diploma (asklimit.h, tests/verify_enumerate.sh) are off here.
serve_start "$tmp/serve.log" --threads 2 --rate 50 --burst 200 \
    --ask-limit false

jq -n --arg base "$base" --arg art "$art" --argjson v "$(rec 1)" \
    --argjson r "$(rec 2)" --argjson c "$(rec 3)" --arg d "$decision" \
    --argjson x "$(sed -n 4p "$tmp/three.jsonl")" \
    --arg old "$old" --arg new "$new" \
    '{base: $base, artefacts: $art, valid: $v, revoked: ($r + {decision: $d, reason: "cấp sai",
      decision_date: "20/11/2026"}),
      corrected: ($c + {field: "classification", value: $new, old: $old}),
      replaced: ($x + {new_serial: "ZX7000001", decision: "56/QĐ-SGDĐT",
      decision_date: "22/11/2026"})}' \
    > "$tmp/config.json"

browser_run verify_page.mjs 50

point vi "Vietnamese: the fields found by their labels, filled by keyboard, a valid diploma with its name and serial"
point en "English: the same with the English labels, \"Valid diploma\""
point folded "the name typed without diacritics, in capitals, still matches"
point wrongdob "a wrong date of birth: not found, and nothing else of the record on the page"
point revoked "a revoked diploma says so, with the decision, its date and reason, in the title and the history too"
point badinput "an impossible date: that field marked and explained, what was typed kept"
point switchkeeps "switching language on an answer keeps the question and gives the same answer"
point corrected "a corrected diploma shows the corrected value"
point replaced "a reissued diploma's old serial: replaced, both serials, the reissue's decision and date, in the title too"
point langswitch "the language switch works from the keyboard and lands on the English page"
point clean "no console error, page error or CSP violation; the stylesheet applies"
point phone "on a 375 px phone, and a 280 px one, no page scrolls sideways"
point injection "markup typed as a name comes back as text: no element, no dialog"
point receipt "the receipt link is /api/v1/verify with the same question, and gives a valid receipt"

browser_end

done_testing
