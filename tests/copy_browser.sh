#!/bin/sh
# The graduates' certified-copy request form in a real browser: Debian's
# Chromium, headless, driven by playwright-core (tests/browser/
# copy_request.mjs) the way a graduate uses it: the form's fields found
# by their labels and filled with the keyboard, Vietnamese diacritics
# included; the private status page it lands on; an impossible date and a
# serial number with another name, each marked on its field; the English
# form; the copy approved by a registrar in the staff console, in the
# browser by keyboard (signed in, the request from the list, the record
# beside it, the identity box), then downloaded, its share code opened and
# withdrawn from the status page; hostile markup as the school; a phone's
# width; no console error or CSP violation.  Screenshots go to
# $SOGOC_ARTEFACTS (default $top_builddir/tests/artefacts).
#
# Skipped when Chromium, node or tests/browser/node_modules (npm ci
# --prefix tests/browser) is missing, unless SOGOC_REQUIRE_BROWSER=1.
. "${top_srcdir:-.}/tests/tap.sh"
. "$top_srcdir/tests/browser_lib.sh"
browser_needed
command -v openssl > /dev/null || skip_all "openssl missing"

SERVE_PORTS="18141 18242 18343 18444 18545 19142"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 12
pick_valid
export SOGOC_USER=registrar1

make_copy_config
pw="chi's long password"
printf '%s\n' "$pw" > "$tmp/pw.chi"
chmod 600 "$tmp/pw.chi"
"$SOGOC" user add chi --role registrar --password-file "$tmp/pw.chi" \
    > /dev/null 2>&1

STAFF=1 serve_start "$tmp/serve.log" --config "$tmp/serve.conf" \
    --key "$tmp/k/signer.key" --threads 2 --burst 1000
wait_up "$staff/login"

jq -n --arg base "$base" --arg staff "$staff" --arg art "$art" \
    --arg pw "$pw" --slurpfile v "$tmp/picked" \
    '{base: $base, staff: $staff, artefacts: $art, registrar: "chi",
      password: $pw, valid: $v[0]}' > "$tmp/config.json"

browser_run copy_request.mjs 90

point form "the form: every field found by its label, filled by keyboard (Tab from one to the next), diacritics kept, sent with Enter on \"Gửi yêu cầu\""
point sent "it lands on the private status page /r/ID-SECRET: received, its number, waiting, the name as typed, the national ID masked"
point badfield "an impossible date of birth: the form again, that field marked and explained, every value typed kept"
point serialmismatch "a real serial number with another name: that field marked and explained, the page as for no such serial"
point english "the English switch by keyboard: English labels, and an English status page"
point console "the registrar in the console, by keyboard: signed in, \"Bản sao\", the request's number; its name and full national ID beside the record, whose radio is found by its label and checked; \"Duyệt và cấp bản sao\" without the identity box does not approve; with it ticked (Space), Enter: \"Đã ghi.\", issued, its copy number and PDF"
point approved "approved in the console: the signed PDF downloads, the share code's page shows the certified extract, nothing more"
point withdraw "\"Thu hồi mã này\" by keyboard withdraws the code: its page then says so (410)"
point injection "markup typed as the school comes back as text on the status page: no element, no dialog"
point phone "on a 375 px phone, and a 280 px one, neither the form nor the status page scrolls sideways"
point clean "no console error, page error, failed request or CSP violation; the stylesheet applies"

ok "the log names no graduate and no national ID" \
    sh -c "! grep -qF '$name' '$tmp/serve.log' && ! grep -q 079201001234 '$tmp/serve.log'"
browser_end

done_testing
