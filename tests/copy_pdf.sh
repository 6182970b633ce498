#!/bin/sh
# The certified copy's PDF page (copy/, issue 6 in progress): every field
# of the record as recorded now, diacritics and all, in the text of the
# PDF; the correction with its decision; the fonts embedded as subsets;
# the QR code decoding to the verification address; the CMS signature
# over its byte range, valid for pdfsig, and invalid after one byte of
# the file is changed.
. "${top_srcdir:-.}/tests/tap.sh"

for c in pdftotext pdffonts pdftoppm pdfsig zbarimg openssl jq; do
	command -v $c > /dev/null || skip_all "$c missing"
done
. "$top_srcdir/tests/serve_lib.sh"
make_registry 10
pick_valid
"$SOGOC" correct --serial "$serial" --decision "12/QĐ-SGDĐT" \
    --decision-date 2026-11-20 --set "school=THPT Chuyên Hùng Vương Đắk Lắk" \
    --key "$tmp/k/signer.key" > /dev/null 2>&1
ok "the record is corrected first" [ $? -eq 0 ]
"$SOGOC" export 2> /dev/null | jq -c --arg s "$serial" \
    'select(.fields.serial_no == $s)' > "$tmp/rec"
url="https://vanbang.sogd.example.vn/c/K7Q2-9XAB-3MZD"
"$top_builddir/tests/copypdf" "$SOGOC_DB" "$serial" "$tmp/copy.pdf" "$url"
ok "the copy is written" [ $? -eq 0 ]
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
pdffonts "$tmp/copy.pdf" | awk 'NR > 2' > "$tmp/fonts"
ok "its fonts are embedded, as subsets" \
    sh -c "[ -s '$tmp/fonts' ] && ! awk '\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\"' '$tmp/fonts' | grep -q ."
pdftoppm -r 200 -png -singlefile "$tmp/copy.pdf" "$tmp/page"
ok "its QR code holds the verification address" \
    [ "$(zbarimg --raw -q "$tmp/page.png" 2>/dev/null)" = "$url" ]

# Signed with the department's key and X.509 certificate.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/dept.key" \
    -out "$tmp/dept.crt" -days 30 \
    -subj "/CN=So Giao duc va Dao tao/O=sogoc test" > /dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.key" \
    -out "$tmp/other.crt" -days 30 -subj "/CN=other" > /dev/null 2>&1
"$top_builddir/tests/copypdf" "$SOGOC_DB" "$serial" "$tmp/signed.pdf" \
    "$url" "$tmp/dept.key" "$tmp/dept.crt"
ok "the copy is signed" [ $? -eq 0 ]
pdfsig "$tmp/signed.pdf" > "$tmp/sig" 2>&1
sed 's/^/# /' "$tmp/sig"
ok "pdfsig: the signature is valid, over the whole document" \
    sh -c "grep -q 'Signature Validation: Signature is Valid' '$tmp/sig' &&
    grep -q 'Total document signed' '$tmp/sig'"
ok "it is a CAdES detached signature with SHA-256 (PAdES)" \
    sh -c "grep -q 'ETSI.CAdES.detached' '$tmp/sig' &&
    grep -q 'SHA-256' '$tmp/sig'"
pdftotext "$tmp/signed.pdf" - | grep -qF "THPT Chuyên Hùng Vương Đắk Lắk"
ok "the signed copy still reads the same" [ $? -eq 0 ]
cp "$tmp/signed.pdf" "$tmp/forged.pdf"
printf 'X' | dd of="$tmp/forged.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
pdfsig "$tmp/forged.pdf" > "$tmp/sig2" 2>&1
ok "one byte changed: pdfsig says the signature no longer matches" \
    sh -c "! grep -q 'Signature is Valid' '$tmp/sig2' &&
    grep -q 'Digest Mismatch' '$tmp/sig2'"
"$top_builddir/tests/copypdf" "$SOGOC_DB" "$serial" "$tmp/wrong.pdf" \
    "$url" "$tmp/other.key" "$tmp/dept.crt" 2> "$tmp/err"
ok "a key that is not the certificate's is refused: $(cat "$tmp/err")" \
    sh -c "[ -s '$tmp/err' ] && ! pdfsig '$tmp/wrong.pdf' 2>&1 | grep -q 'Signature #1'"
"$top_builddir/tests/copypdf" "$SOGOC_DB" "NOSUCH1" "$tmp/none.pdf" "$url" \
    2> "$tmp/err"
ok "a serial with no record writes nothing" \
    sh -c "[ ! -e '$tmp/none.pdf' ] && [ -s '$tmp/err' ]"
done_testing
