#!/bin/sh
# The receipt page at /receipt in a real browser (Debian's Chromium,
# headless, driven by tests/browser/receipt_page.mjs): genuine receipts of
# a valid, a revoked, a corrected (its name corrected to markup, shown as
# text) and a reissued diploma pass with the right words, in Vietnamese
# and English, opened, pasted or dropped; forgeries each fail naming the
# check (a changed name, a swapped proof, a checkpoint signed by another
# key, a forged cosignature, no record head or another's, a truncated
# file, a 50 MB file, script in a member's name); 276 changed receipts
# pass the page exactly when they pass check-receipt; the page saved to
# disk and opened from file:// with the network blocked still checks; no
# request leaves the page once loaded; a browser without Ed25519 is told
# plainly; a phone's width; no console error or CSP violation.  Also the
# keys at /.well-known/sogoc/keys: the log's key and the witnesses',
# cached, which check-receipt takes too.
#
# Skipped when Chromium, node or tests/browser/node_modules (npm ci
# --prefix tests/browser) is missing, unless SOGOC_REQUIRE_BROWSER=1.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/browser_lib.sh"
browser_needed

SERVE_PORTS="18691 18792 18893 18994 19295 19396"
WITNESS_PORTS="17551 17552 17553 17554 17555 17556 17557 17558"
. "$top_srcdir/tests/serve_lib.sh"

# The log's key, one witness that cosigns (w1) and one listed that never
# answers (w2), so that the page counts 1 of 2.
ORIGIN=test.example/sogoc
ledger 9 30 ledger "$ORIGIN"
export SOGOC_DB="$tmp/db"
printf '%s %s\n' "$ORIGIN" "$(cat "$PUB")" > "$tmp/logs"
"$SOGOC" keygen --witness --name w2.example --out "$tmp/w2" > /dev/null 2>&1
witness 1
trap 'kill -TERM $wpid 2>/dev/null; rm -rf "$tmp"' EXIT
{
	echo "witness w1 $(cat "$tmp/w1/witness.pub") $(cat "$tmp/url.1")"
	echo "witness w2 $(cat "$tmp/w2/witness.pub") http://127.0.0.1:9"
} > "$tmp/witnesses"
printf '[serve]\nwitnesses = %s\nwitness-timeout = 2\n' "$tmp/witnesses" \
    > "$tmp/serve.conf"
export SOGOC_CONFIG="$tmp/serve.conf"
# shellcheck disable=SC2086
"$SOGOC" import --publish --key "$KEY" $vol "$tmp/ledger.csv" 2> /dev/null

"$SOGOC" export 2>/dev/null | jq -c 'select(.status == "valid")' |
    head -4 > "$tmp/four.jsonl"
pick() {
	sed -n "${1}p" "$tmp/four.jsonl" | jq -r "$2"
}
"$SOGOC" revoke --serial "$(pick 2 .fields.serial_no)" \
    --decision "12/QĐ-SGDĐT" --decision-date 2026-11-20 --reason "cấp sai" \
    --key "$KEY" 2>/dev/null
new="<img src=x onerror=alert(1)><script>alert(2)</script>"
"$SOGOC" correct --serial "$(pick 3 .fields.serial_no)" \
    --decision "34/QĐ-SGDĐT" --decision-date 2026-11-21 \
    --set "full_name=$new" --key "$KEY" 2>/dev/null
"$SOGOC" reissue --serial "$(pick 4 .fields.serial_no)" \
    --new-serial ZX7000001 --decision "56/QĐ-SGDĐT" \
    --decision-date 2026-11-22 --key "$KEY" 2>/dev/null
ok "the correction to a name of markup is logged" \
    sh -c '"$1" export 2>/dev/null | grep -qF "onerror=alert(1)"' - "$SOGOC"

serve_start "$tmp/serve.log" --config "$tmp/serve.conf" --threads 2 \
    --rate 50 --burst 200 --ask-limit false

# receipt N NAME [FULLNAME]: the receipt of record N into $tmp/NAME.json.
receipt() {
	curl -s -G "$base/api/v1/verify" \
	    --data-urlencode "serial=$(pick "$1" .fields.serial_no)" \
	    --data-urlencode "name=${3:-$(pick "$1" .fields.full_name)}" \
	    --data-urlencode "dob=$(pick "$1" .fields.date_of_birth)" \
	    > "$tmp/$2.json"
}
receipt 1 valid
receipt 2 revoked
receipt 3 corrected "$new"
receipt 4 replaced
ok "the receipts are given" sh -c 'jq -e ".receipt" "$1/valid.json" \
    "$1/revoked.json" "$1/corrected.json" "$1/replaced.json" > /dev/null' \
    - "$tmp"
ok "the valid receipt's checkpoint is cosigned by w1" \
    sh -c 'jq -r .checkpoint "$1/valid.json" | grep -q "^— w1.example "' - "$tmp"
# Its work done, the witness goes (browser_gone would count it).
kill -TERM $wpid
wait $wpid

# The keys, as served.
curl -s -D "$tmp/keys.h" -o "$tmp/keys" "$base/.well-known/sogoc/keys"
ok "keys: the log's verifier key as a log line" \
    grep -qxF "log $(cat "$PUB")" "$tmp/keys"
ok "keys: both witnesses, by name and key" sh -c \
    'grep -qxF "witness w1 $(cat "$1/w1/witness.pub")" "$1/keys" &&
    grep -qxF "witness w2 $(cat "$1/w2/witness.pub")" "$1/keys"' - "$tmp"
ok "keys: text/plain, cached five minutes, nosniff" sh -c \
    'grep -qi "^content-type: text/plain; charset=utf-8" "$1" &&
    grep -qi "^cache-control: public, max-age=300" "$1" &&
    grep -qi "^x-content-type-options: nosniff" "$1"' - "$tmp/keys.h"
"$SOGOC" check-receipt --pub "$tmp/keys" --witness "$tmp/keys" --quorum 1 \
    "$tmp/valid.json" > "$tmp/ck.out" 2>&1
ok "check-receipt takes the keys file for --pub and --witness" \
    grep -q 'cosigned by 1 witness.*w1.example' "$tmp/ck.out"
ok "and without --quorum 1 a witness missing refuses it" \
    sh -c '! "$1" check-receipt --pub "$2" --witness "$2" "$3" \
    > /dev/null 2>&1' - "$SOGOC" "$tmp/keys" "$tmp/valid.json"
curl -s -D "$tmp/page.h" -o "$tmp/page.html" "$base/receipt"
ok "/receipt: its CSP allows no script but its own, by hash" sh -c \
    'grep -i "^content-security-policy:" "$1" |
    grep -q "default-src .none.; script-src .sha256-[A-Za-z0-9+/=]*.; style-src .sha256-" &&
    ! grep -i "^content-security-policy:" "$1" | grep -q "unsafe"' \
    - "$tmp/page.h"
ok "/receipt: the page carries the keys" grep -qF "$(cat "$PUB")" \
    "$tmp/page.html"

# The page against the C checker: every scalar of the valid, revoked
# and replaced receipts changed (a string lengthened, a number plus one,
# a boolean negated), and every member deleted, one at a time; what
# `check-receipt` says of each (with the witnesses, quorum 1) is what the
# page must say.
mkdir "$tmp/mut"
: > "$tmp/mut/list"
m=0
for r in valid revoked replaced; do
	jq -c '(paths(scalars) | ["set", .]), (paths | ["del", .])' \
	    "$tmp/$r.json" > "$tmp/paths"
	while read -r op; do
		m=$((m + 1))
		jq --argjson op "$op" 'if $op[0] == "del" then delpaths([$op[1]])
		    else setpath($op[1]; getpath($op[1]) | if type == "string"
		    then . + "x" elif type == "number" then . + 1 else not end)
		    end' "$tmp/$r.json" > "$tmp/mut/$m.json"
		"$SOGOC" check-receipt --pub "$PUB" \
		    --witness "$tmp/w1/witness.pub" \
		    --witness "$tmp/w2/witness.pub" --quorum 1 \
		    "$tmp/mut/$m.json" > /dev/null 2>&1
		printf '%s\t%s\t%s %s\n' "$m" $? "$r" "$op" >> "$tmp/mut/list"
	done < "$tmp/paths"
done
# And what JSON.parse takes and jansson does not: a member twice (the
# valid receipt's status first said "revoked"), a NUL in a string; and a
# disclosed value longer than any stored.
odd() {
	m=$((m + 1))
	sed "$1" "$tmp/valid.json" > "$tmp/mut/$m.json"
	"$SOGOC" check-receipt --pub "$PUB" --witness "$tmp/w1/witness.pub" \
	    --quorum 1 "$tmp/mut/$m.json" > /dev/null 2>&1
	printf '%s\t%s\t%s\n' "$m" $? "valid, $2" >> "$tmp/mut/list"
}
odd 's/^{/{"status":"revoked",/' "status twice"
odd 's/"value":"/"value":"\\u0000/' "a NUL in a value"
odd "s/\"value\":\"/\"value\":\"$(head -c 1100 /dev/zero | tr '\0' a)/" \
    "a value of 1,100 bytes"
echo "# check-receipt passes $(awk -F'\t' '$2 == 0' "$tmp/mut/list" |
    wc -l) of the $m changed receipts"
ok "the C checker refuses most of the $m changed receipts" \
    [ "$(awk -F'\t' '$2 != 0' "$tmp/mut/list" | wc -l)" -gt $((m * 3 / 4)) ]

# A 50 MB file: JSON-looking, so that only its size refuses it.
{ printf '{"receipt":"'; head -c 52428800 /dev/zero | tr '\0' a; printf '"}'; } \
    > "$tmp/huge.json"
jq -n --arg base "$base" --arg art "$art" --arg tmp "$tmp" \
    --arg keys "$tmp/keys" --arg page "$tmp/page.html" \
    --arg name "$(pick 1 .fields.full_name)" --arg new "$new" \
    --arg old "$(pick 4 .fields.serial_no)" \
    '{base: $base, artefacts: $art, tmp: $tmp, keys: $keys, page: $page,
      mutations: "\($tmp)/mut",
      name: $name, newname: $new, reason: "cấp sai", oldserial: $old,
      decision: "12/QĐ-SGDĐT"}' > "$tmp/config.json"

browser_run receipt_page.mjs 90

point valid "a valid diploma's receipt passes: valid, the name, the tree size, what was proven and what not"
point revoked "a revoked diploma's receipt passes as revoked, with the decision and reason"
point corrected "a corrected diploma's receipt passes as corrected; its name of markup shown as text, never run"
point replaced "a reissued diploma's old serial: replaced, both serials, the reissue's decision"
point english "in English: the same receipt, \"Receipt checked: Valid diploma\""
point witnesses "the cosignature of w1 counted, 1 of the 2 witnesses listed"
point pasted "a receipt pasted in the box checks the same"
point dropped "a receipt dropped on the box checks the same"
point name "a changed name fails the field check"
point proof "a swapped proof fails the inclusion check"
point otherkey "a checkpoint signed by another key of the same name fails the signature check"
point cosig "a forged cosignature of a listed witness fails the cosignature check"
point head "a receipt without its record head, or with another record's, fails the head check"
point differential "each changed receipt: the page passes it if and only if check-receipt does"
point truncated "a truncated file is not a receipt"
point huge "a 50 MB file is refused at once, unread"
point hostile "script in a member's name is shown as text and never runs"
point keyfile "a keys file the user opens replaces the page's keys (another key: refused)"
point offline "the page saved to disk, opened from file:// with the network blocked, still checks"
point phone "on a 320 px phone, with the keys open, no page scrolls sideways"
point norequest "no request leaves the page once loaded"
point nocrypto "a browser without Ed25519 in WebCrypto is told it cannot check"
point clean "no console error, page error or CSP violation"

browser_end

done_testing
