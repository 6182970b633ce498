#!/bin/sh
# sogoc copy: a certified copy of a record.  Every field as recorded now,
# diacritics and all, in the text of the PDF; the correction with its
# decision; the fonts embedded as subsets; the QR code decoding to the
# share code's address; the CMS signature over its byte range, valid for
# pdfsig and invalid after one byte of the file is changed; the copy
# event in the signed log; and what is refused with nothing logged.
. "${top_srcdir:-.}/tests/tap.sh"

for c in pdftotext pdffonts pdftoppm pdfsig zbarimg openssl jq iconv xxd; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18666 18767 18868 18969 19666 19767"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 10
pick_valid
export SOGOC_USER=registrar1
"$SOGOC" correct --serial "$serial" --decision "12/QĐ-SGDĐT" \
    --decision-date 2026-11-20 --set "school=THPT Chuyên Hùng Vương Đắk Lắk" \
    --key "$tmp/k/signer.key" > /dev/null 2>&1
ok "the record is corrected first" [ $? -eq 0 ]
"$SOGOC" export 2> /dev/null | jq -c --arg s "$serial" \
    'select(.fields.serial_no == $s)' > "$tmp/rec"

# The department's key and X.509 certificate, and the settings of copies.
make_copy_config
echo "key = $tmp/k/signer.key" >> "$tmp/serve.conf"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.key" \
    -out "$tmp/other.crt" -days 30 -subj "/CN=other" > /dev/null 2>&1
chmod 600 "$tmp/other.key"
size() { "$SOGOC" checkpoint 2> /dev/null | sed -n 2p; }
before=$(size)
"$SOGOC" copy --config "$tmp/serve.conf" --serial "$serial" \
    --out "$tmp/copy.pdf" 2> "$tmp/err"
ok "sogoc copy issues the copy: $(cat "$tmp/err")" [ $? -eq 0 ]
code=$(sed -n 's/.*its code \([0-9A-Z-]*\) (on.*/\1/p' "$tmp/err")
copyno=$(sed -n 's/.*copy \([0-9]*\/[0-9]*\/BS\) logged.*/\1/p' "$tmp/err")
index=$(sed -n 's/.*logged as event \([0-9]*\);.*/\1/p' "$tmp/err")
ok "one event more in the log, signed" [ "$(size)" -eq $((before + 1)) ]
pdftotext "$tmp/copy.pdf" "$tmp/copy.txt"
ok "it is headed BẢN SAO VĂN BẰNG TỪ SỔ GỐC" \
    contains "$tmp/copy.txt" "BẢN SAO VĂN BẰNG TỪ SỔ GỐC"
jq -r '.fields | to_entries[] | select(.value != "") |
    if .key == "date_of_birth" then
	(.value | split("-") | "\(.[2] | tonumber)/\(.[1] | tonumber)/\(.[0])")
    else .value end' "$tmp/rec" > "$tmp/values"
missing=""
while IFS= read -r v; do
	contains "$tmp/copy.txt" "$v" || missing="$missing [$v]"
done < "$tmp/values"
ok "every field of the record is in its text ($(wc -l < "$tmp/values") values)$missing" \
    [ -z "$missing" ]
ok "the corrected value, with its diacritics" \
    contains "$tmp/copy.txt" "THPT Chuyên Hùng Vương Đắk Lắk"
ok "the correction's decision is noted" \
    contains "$tmp/copy.txt" "Chỉnh sửa theo quyết định số 12/QĐ-SGDĐT ngày 20/11/2026"
ok "its number ($copyno), the signer and the office on two lines" \
    sh -c "grep -qF '$copyno' '$tmp/copy.txt' &&
    grep -qF 'Nguyễn Văn Ký' '$tmp/copy.txt' &&
    grep -qx 'KT. GIÁM ĐỐC' '$tmp/copy.txt' &&
    grep -qx 'PHÓ GIÁM ĐỐC' '$tmp/copy.txt'"
pdffonts "$tmp/copy.pdf" | awk 'NR > 2' > "$tmp/fonts"
ok "its fonts are embedded, as subsets" \
    sh -c "[ -s '$tmp/fonts' ] && ! awk '\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\"' '$tmp/fonts' | grep -q ."
pdftoppm -r 200 -png -singlefile "$tmp/copy.pdf" "$tmp/page"
url="https://vanbang.sogd.example.vn/c/$(echo "$code" | tr -d -)"
ok "its QR code holds the copy's own code's address ($url)" \
    [ "$(zbarimg --raw -q "$tmp/page.png" 2>/dev/null)" = "$url" ]
ok "the share code is printed on it too" contains "$tmp/copy.txt" "$code"

pdfsig "$tmp/copy.pdf" > "$tmp/sig" 2>&1
sed 's/^/# /' "$tmp/sig"
ok "pdfsig: the signature is valid, over the whole document" \
    sh -c "grep -q 'Signature Validation: Signature is Valid' '$tmp/sig' &&
    grep -q 'Total document signed' '$tmp/sig'"
ok "it is a CAdES detached signature with SHA-256 (PAdES)" \
    sh -c "grep -q 'ETSI.CAdES.detached' '$tmp/sig' &&
    grep -q 'SHA-256' '$tmp/sig'"
name16=$(printf 'Nguyễn Văn Ký' | iconv -f UTF-8 -t UTF-16BE | xxd -p -u | tr -d '\n')
ok "the signature names its signer in full, diacritics and all (UTF-16)" \
    grep -aq "/Name <FEFF$name16>" "$tmp/copy.pdf"
cp "$tmp/copy.pdf" "$tmp/forged.pdf"
# One byte made another (an 'X' over a byte that is an 'X' changes nothing).
b=$(od -An -tu1 -j2000 -N1 "$tmp/copy.pdf" | tr -d ' ')
printf "\\$(printf %o $(( (b + 1) % 256 )))" |
    dd of="$tmp/forged.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
pdfsig "$tmp/forged.pdf" > "$tmp/sig2" 2>&1
ok "one byte changed: pdfsig says the signature no longer matches" \
    sh -c "! cmp -s '$tmp/copy.pdf' '$tmp/forged.pdf' &&
    ! grep -q 'Signature is Valid' '$tmp/sig2' &&
    grep -q 'Digest Mismatch' '$tmp/sig2'"
"$SOGOC" copy --fetch "$index" --out "$tmp/again.pdf" 2> /dev/null
ok "--fetch gives the same copy again, byte for byte" \
    cmp -s "$tmp/copy.pdf" "$tmp/again.pdf"

# The copy event, as the log has it.
"$SOGOC" proof --index "$index" 2> /dev/null > "$tmp/proof"
jq -r .leaf "$tmp/proof" | base64 -d > "$tmp/leaf"
sed 's/^/# /' "$tmp/leaf" | grep -v '^# field'
ok "the leaf is a copy event with its number, signer and office" \
    sh -c "grep -qx 'kind copy' '$tmp/leaf' &&
    grep -qxF 'copy_no $copyno' '$tmp/leaf' &&
    grep -qx 'signer Nguyễn Văn Ký' '$tmp/leaf' &&
    grep -qx 'signer_title KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' '$tmp/leaf' &&
    grep -Eqx 'by [A-Za-z0-9+/]{43}=' '$tmp/leaf' &&
    ! grep -q registrar1 '$tmp/leaf' && grep -qx 'status valid' '$tmp/leaf'"
"$SOGOC" proof --index "$index" --reveal by 2> /dev/null > "$tmp/proofby"
ok "whose by line is the digest of who issued it (the leaf names nobody)" \
    sh -c "jq -e '.by.value == \"registrar1\"' '$tmp/proofby' > /dev/null"
"$SOGOC" audit --pub "$tmp/k/verifier.pub" > "$tmp/audit" 2>&1
ok "sogoc audit passes with the copy in the log" [ $? -eq 0 ]
"$SOGOC" copy --config "$tmp/serve.conf" --serial "$serial" \
    --out "$tmp/copy2.pdf" 2> "$tmp/err"
ok "a second copy gets the next number" \
    grep -qF "copy $(echo "$copyno" | awk -F/ '{ print $1 + 1 "/" $2 "/" $3 }') logged" "$tmp/err"

# Refused, with nothing logged.
before=$(size)
"$SOGOC" copy --config "$tmp/serve.conf" --copy-key "$tmp/other.key" \
    --serial "$serial" --out "$tmp/wrong.pdf" 2> "$tmp/err"
ok "a key that is not the certificate's is refused: $(cat "$tmp/err")" \
    sh -c "[ -s '$tmp/err' ] && [ ! -e '$tmp/wrong.pdf' ] &&
    grep -q 'not the key of the certificate' '$tmp/err'"
chmod 644 "$tmp/other.key"
cp "$tmp/dept.key" "$tmp/open.key"
chmod 644 "$tmp/open.key"
"$SOGOC" copy --config "$tmp/serve.conf" --copy-key "$tmp/open.key" \
    --serial "$serial" --out "$tmp/wrong.pdf" 2> "$tmp/err"
ok "a private key others may read is refused: $(cat "$tmp/err")" \
    grep -q 'others may read' "$tmp/err"
"$SOGOC" copy --config "$tmp/serve.conf" --public-url vanbang.example.vn \
    --serial "$serial" --out "$tmp/none.pdf" 2> "$tmp/err"
ok "a public-url that is not an address is refused: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'https://host' '$tmp/err'"
"$SOGOC" copy --config "$tmp/serve.conf" --serial NOSUCH1 \
    --out "$tmp/none.pdf" 2> "$tmp/err"
ok "a serial with no record: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && [ -s '$tmp/err' ]"
"$SOGOC" revoke --serial "$serial" --decision "99/QĐ" \
    --decision-date 2026-11-30 --reason "cấp sai" \
    --key "$tmp/k/signer.key" > /dev/null 2>&1
before=$(size)
"$SOGOC" copy --config "$tmp/serve.conf" --serial "$serial" \
    --out "$tmp/none.pdf" 2> "$tmp/err"
ok "a revoked diploma gets no copy: $(cat "$tmp/err")" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && grep -q 'revoked' '$tmp/err'"
ok "nothing refused was logged" [ "$(size)" -eq "$before" ]
done_testing
