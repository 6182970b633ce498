#!/bin/sh
# The registry end to end through the real binary: keys, import (CSV and
# the JSONL of sogoc ocr), review, publish, lookup, proofs, corrections,
# revocation, export, backup and audit; and every kind of bad input, each of
# which must be refused with a clear message and leave the store unchanged.
. "${top_srcdir:-.}/tests/tap.sh"

command -v mdb_dump > /dev/null || skip_all "mdb_dump (lmdb-utils) missing"
GEN="$top_builddir/sogoc-gen"
db="$tmp/db"
export SOGOC_DB="$db" SOGOC_USER=tester

# snapshot NAME: a dump of every database, to compare before and after.
snapshot() {
	mdb_dump -a "$db" > "$tmp/$1.dump" 2>&1
}
same() {
	cmp -s "$tmp/$1.dump" "$tmp/$2.dump"
}
# refused DESC PATTERN CMD...: CMD fails, says PATTERN, changes nothing.
refused() {
	desc=$1
	pat=$2
	shift 2
	snapshot before
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	snapshot after
	sed 's/^/#   /' "$tmp/err"
	ok "$desc: refused" [ "$rc" -ne 0 ]
	ok "$desc: message says \"$pat\"" contains "$tmp/err" "$pat"
	ok "$desc: store unchanged" same before after
}

"$GEN" --seed 7 --csv 40 --out "$tmp/ledger" > "$tmp/vol" || exit 1
vol=$(cat "$tmp/vol")

# Keys.
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k1" > "$tmp/vkey"
ok "keygen writes the signer key with mode 0600" \
    [ "$(stat -c %a "$tmp/k1/signer.key")" = 600 ]
ok "keygen prints the verifier key" \
    grep -q '^test.example/sogoc+[0-9a-f]\{8\}+' "$tmp/vkey"
ok "keygen never overwrites a key" \
    sh -c "! '$SOGOC' keygen --name x --out '$tmp/k1' 2>/dev/null"
"$SOGOC" keygen --name other.example/log --out "$tmp/kother" > /dev/null
KEY="$tmp/k1/signer.key"
PUB="$tmp/k1/verifier.pub"

# Import and publish a typed ledger.
# shellcheck disable=SC2086
"$SOGOC" import $vol --authority "Sở GD&ĐT Hà Nội" "$tmp/ledger.csv" \
    2> "$tmp/err"
ok "CSV import succeeds" contains "$tmp/err" "40 rows: 40 new"
# shellcheck disable=SC2086
"$SOGOC" import $vol "$tmp/ledger.csv" 2> "$tmp/err"
ok "importing the same file again adds nothing" \
    contains "$tmp/err" "40 rows: 0 new, 0 restaged, 40 unchanged"
"$SOGOC" publish --key "$KEY" -q
ok "publish makes 40 records" \
    [ "$("$SOGOC" checkpoint | sed -n 2p)" = 40 ]
"$SOGOC" audit --pub "$PUB" > "$tmp/audit"
ok "audit passes after publish" contains "$tmp/audit" "audit passed: 40 events"
"$SOGOC" publish --key "$KEY" -q
ok "publishing again succeeds" [ $? -eq 0 ]
ok "publishing again publishes nothing new" \
    [ "$("$SOGOC" checkpoint | sed -n 2p)" = 40 ]

# Lookups, by serial and by folded name + date of birth.  The ledger's
# notes revoke some diplomas; those are published revoked.
"$SOGOC" export > "$tmp/all.jsonl"
ok "a row whose ledger notes say thu hồi is published revoked" \
    [ "$(jq -r 'select(.fields.notes | test("Thu hồi|Hủy bỏ")) | .status' "$tmp/all.jsonl" | sort -u)" = revoked ]
recno=$(jq -r 'select(.status == "valid") | .record' "$tmp/all.jsonl" | head -1)
serial=$(jq -r "select(.record == $recno) | .fields.serial_no" "$tmp/all.jsonl")
"$SOGOC" lookup --serial "$serial" > "$tmp/rec"
ok "lookup by serial finds the record" contains "$tmp/rec" "\"record\":$recno,"
name=$(jq -r .fields.full_name "$tmp/rec")
dob=$(jq -r .fields.date_of_birth "$tmp/rec")
plain=$(printf '%s' "$name" | iconv -f utf-8 -t ascii//TRANSLIT |
    tr 'a-z' 'A-Z')
"$SOGOC" lookup --name "$plain" --dob "$dob" > "$tmp/rec2"
ok "lookup by name without diacritics, any case, finds it" \
    contains "$tmp/rec2" "\"record\":$recno,"
ok "lookup of an unknown serial fails" \
    sh -c "! '$SOGOC' lookup --serial ZZ9999999 2>/dev/null"

# Proofs.
"$SOGOC" proof --serial "$serial" > "$tmp/proof"
ok "proof carries a C2SP tlog-proof" \
    sh -c "jq -r .tlog_proof '$tmp/proof' | head -1 | grep -qx 'c2sp.org/tlog-proof@v1'"
ok "proof discloses the name" \
    [ "$(jq -r .disclosed.full_name.value "$tmp/proof")" = "$name" ]
ok "proof withholds ethnicity and place of birth" \
    [ "$(jq -r '.disclosed | has("ethnicity") or has("place_of_birth")' "$tmp/proof")" = false ]
ok "a proof never discloses ethnicity" \
    sh -c "! '$SOGOC' proof --serial '$serial' --reveal ethnicity 2>/dev/null"
jq -r .leaf "$tmp/proof" | base64 -d > "$tmp/leaf"
salt=$(jq -r .disclosed.full_name.salt "$tmp/proof")
digest=$({ printf '%s' "$salt" | base64 -d; printf 'full_name\000';
    printf '%s' "$name"; } | sha256sum | cut -c1-64 | xxd -r -p | base64)
ok "the documented digest of the name is in the leaf" \
    grep -qxF "field full_name $digest" "$tmp/leaf"
"$SOGOC" checkpoint > "$tmp/cp40"

# Corrections and revocation, each a signed event.
"$SOGOC" correct --serial "$serial" --decision "12/QĐ-SGDĐT" \
    --decision-date 2026-11-20 --set "full_name=Trần Thị Bích" \
    --key "$KEY" 2> "$tmp/err"
ok "correct logs event 40" contains "$tmp/err" "correct logged as event 40"
mkdir "$tmp/db41" && mdb_copy "$db" "$tmp/db41"
"$SOGOC" lookup --serial "$serial" > "$tmp/rec"
ok "the record shows the corrected name" \
    [ "$(jq -r .fields.full_name "$tmp/rec")" = "Trần Thị Bích" ]
ok "the old name no longer finds it" \
    sh -c "! '$SOGOC' lookup --name '$plain' --dob '$dob' 2>/dev/null"
"$SOGOC" revoke --serial "$serial" --decision "13/QĐ-SGDĐT" \
    --decision-date 2026-11-21 --reason "cấp sai" --key "$KEY" 2>/dev/null
"$SOGOC" lookup --serial "$serial" > "$tmp/rec"
ok "the record is revoked" [ "$(jq -r .status "$tmp/rec")" = revoked ]
ok "the proof of a revoked record says so" \
    [ "$("$SOGOC" proof --serial "$serial" | jq -r .status)" = revoked ]
"$SOGOC" proof --consistency 40 > "$tmp/cons"
ok "consistency proof from 40 to 42" \
    [ "$(jq -c '[.old_size,.new_size]' "$tmp/cons")" = "[40,42]" ]
ok "checkpoint --size 40 is the one signed then" \
    sh -c "'$SOGOC' checkpoint --size 40 | cmp -s - '$tmp/cp40'"
"$SOGOC" audit --pub "$PUB" > "$tmp/audit"
ok "audit passes after correct and revoke" \
    contains "$tmp/audit" "audit passed: 42 events"
ok "and checks a head for each record" \
    contains "$tmp/audit" "40 records, 40 heads, 0 cosignatures; 0 problems"

# Record heads (docs/registry.md): the audit checks each, and `sogoc heads
# --sign` gives a registry written before them the heads it lacks.
# audit_fails DB DESC PATTERN: the audit of DB fails, saying PATTERN.
audit_fails() {
	"$SOGOC" audit --db "$1" --pub "$PUB" > "$tmp/audit" 2>&1
	rc=$?
	ok "audit: $2" sh -c "[ $rc -eq 1 ] && grep -q -- '$3' '$tmp/audit'"
	[ $rc -eq 1 ] || sed 's/^/#   /' "$tmp/audit"
}
# without DB DEST KEY: a copy of registry DB in DEST without the entry
# KEY (hex) of the database heads.
without() {
	mdb_dump -a "$1" | awk -v k=" $3" '/^database=/ { sec = $0 }
	    drop { drop = 0; next }
	    sec == "database=heads" && $0 == k { drop = 1; next }
	    { print }' > "$tmp/w.dump"
	mkdir "$2" && mdb_load -f "$tmp/w.dump" "$2" 2> /dev/null
}
mkdir "$tmp/dbh" && mdb_copy "$db" "$tmp/dbh"
# The record's head from after its correction, before its revocation,
# genuinely signed, put back: it names the correction as the latest event.
mdb_dump -s heads "$tmp/db41" | mdb_load -s heads "$tmp/dbh"
audit_fails "$tmp/dbh" "a stale head is found" \
    "head of record $recno: it names event 40 as the latest, but the latest is 41"
"$SOGOC" heads --sign --key "$KEY" --db "$tmp/dbh" 2> "$tmp/err"
ok "heads --sign renews the one stale head" \
    contains "$tmp/err" "1 record heads signed"
ok "and the audit passes again" \
    sh -c "'$SOGOC' audit --db '$tmp/dbh' --pub '$PUB' > /dev/null"
# One head's text changed (its tree size), its signature kept.
mdb_dump -p -s heads "$tmp/dbh" |
    sed '0,/\\0a42\\0a/s//\\0a41\\0a/' | mdb_load -s heads "$tmp/dbh"
audit_fails "$tmp/dbh" "a head whose text was changed is found" \
    "head of record [0-9]*: a signature does not verify"
# The corrected and revoked record's own head removed: the issue heads of
# its publish, which still cover it, are stale.
without "$db" "$tmp/dbi" "$(printf %016x "$recno")"
audit_fails "$tmp/dbi" "a changed record left with its issue heads is found" \
    "record $recno: it changed after its issue, but its head is still its issue"
# A registry from before heads: every database but "heads" and "issued".
mdb_dump -a "$db" | awk '/^database=/ { skip = ($0 == "database=heads" ||
    $0 == "database=issued") } /^VERSION=/ { hdr = $0; next }
    !skip { if (hdr != "") print hdr; hdr = ""; print }' > "$tmp/noheads.dump"
mkdir "$tmp/dbold" && mdb_load -f "$tmp/noheads.dump" "$tmp/dbold" 2> /dev/null
audit_fails "$tmp/dbold" "records without heads are named" \
    "heads: 40 records have no head (the first: record 1)"
"$top_builddir/tests/receiptcheck" "$tmp/dbold" "$PUB" > "$tmp/rc" 2>&1
ok "their receipts are refused: head is missing" \
    sh -c "[ $? -eq 1 ] && grep -q 'head is missing' '$tmp/rc'"
grep -q 'head is missing' "$tmp/rc" || head -c 3000 "$tmp/rc" | sed 's/^/#   /'
ok "heads --sign needs the log's key" \
    sh -c "! '$SOGOC' heads --sign --key '$tmp/kother/signer.key' --db '$tmp/dbold' 2>/dev/null"
"$SOGOC" heads --sign --key "$KEY" --db "$tmp/dbold" 2> "$tmp/err"
ok "heads --sign signs the 40 heads" contains "$tmp/err" "40 record heads signed"
"$top_builddir/tests/receiptcheck" "$tmp/dbold" "$PUB" > "$tmp/rc" 2>&1
ok "and then every receipt checks" sh -c "[ $? -eq 0 ] && grep -q 'checked 40' '$tmp/rc'"
"$SOGOC" heads --sign --key "$KEY" --db "$tmp/dbold" 2> "$tmp/err"
ok "a second heads --sign has nothing to do" \
    contains "$tmp/err" "0 record heads signed"

# Export and backup.
"$SOGOC" export --format csv > "$tmp/export.csv"
ok "CSV export has a header and 40 records" \
    [ "$(wc -l < "$tmp/export.csv")" -eq 41 ]
"$SOGOC" export > "$tmp/export.jsonl"
ok "JSONL export holds every field, ethnicity included (staff side)" \
    [ "$(jq -r 'select(.fields.ethnicity != null) | .record' "$tmp/export.jsonl" | wc -l)" -eq 40 ]
"$SOGOC" backup "$tmp/backup" 2>/dev/null
ok "the backup audits" \
    sh -c "'$SOGOC' audit --db '$tmp/backup' --pub '$PUB' > /dev/null"
ok "backup refuses a directory that is not empty" \
    sh -c "! '$SOGOC' backup '$tmp/backup' 2>/dev/null"

# Key rotation: a new key of the same name signs from now on.
"$SOGOC" keygen --name test.example/sogoc --out "$tmp/k2" > /dev/null
"$SOGOC" correct --serial "$serial" --decision "14/QĐ" \
    --decision-date 2026-11-22 --set "school=THPT Chu Văn An" \
    --key "$tmp/k2/signer.key" 2>/dev/null
ok "sogoc keys lists both keys" [ "$("$SOGOC" keys | wc -l)" -eq 2 ]
cat "$PUB" "$tmp/k2/verifier.pub" > "$tmp/both.pub"
ok "audit with both verifier keys passes" \
    sh -c "'$SOGOC' audit --pub '$tmp/both.pub' > /dev/null"
ok "audit with only the old key fails on the new checkpoint" \
    sh -c "! '$SOGOC' audit --pub '$PUB' > /dev/null"

# OCR rows: review fields wait for a person.
head -c 5000 /dev/urandom > "$tmp/scan-p1.png"
cat > "$tmp/rows.jsonl" <<JSONL
{"source":"scan-p1.png","page":1,"row":1,"fields":{"full_name":{"value":"Lê Văn Tám","conf":0.99,"status":"accepted"},"date_of_birth":{"value":"","text":"1?/5/1980","conf":0.3,"status":"review"},"serial_no":{"value":"Q0000001","conf":0.99,"status":"accepted"}}}
{"source":"scan-p1.png","page":1,"row":2,"fields":{"full_name":{"value":"Phạm Thị Hoa","conf":0.97,"status":"accepted"},"date_of_birth":{"value":"1981-02-03","conf":0.97,"status":"accepted"},"serial_no":{"value":"Q0000002","conf":0.6,"status":"review"}}}
JSONL
# shellcheck disable=SC2086
"$SOGOC" import $vol --sources "$tmp" "$tmp/rows.jsonl" 2> "$tmp/err"
ok "JSONL import stages 2 rows, both waiting" \
    contains "$tmp/err" "2 rows: 2 new"
"$SOGOC" staged > "$tmp/staged"
ok "staged lists the field under review" \
    contains "$tmp/staged" "date_of_birth"
row1=$("$SOGOC" staged --json | jq -r 'select(.row==1) | .id')
row2=$("$SOGOC" staged --json | jq -r 'select(.row==2) | .id')
refused "set with an impossible date" "is not a valid date_of_birth" \
    "$SOGOC" set "$row1" date_of_birth 31/2/1980
"$SOGOC" confirm "$row1" date_of_birth 2>/dev/null
"$SOGOC" staged > "$tmp/staged"
ok "a row with no date of birth waits even when its cell is confirmed" \
    contains "$tmp/staged" "no date of birth"
"$SOGOC" set "$row1" date_of_birth 12/5/1980
page=${row2%:*}
"$SOGOC" confirm --page "$page" 2> "$tmp/err"
ok "confirm --page confirms the one field left on the page" \
    contains "$tmp/err" "1 fields confirmed"
ok "after it nothing on the page waits" \
    sh -c "! '$SOGOC' staged | grep -q 'fields to review'"
ok "confirm --page of a page that does not exist fails" \
    sh -c "! '$SOGOC' confirm --page '${page%:*}:99' 2>/dev/null"
"$SOGOC" publish --key "$KEY" -q
ok "reviewed rows are published" \
    sh -c "'$SOGOC' lookup --serial Q0000001 | jq -e '.fields.date_of_birth == \"1980-05-12\"' > /dev/null"
refused "a decision on a published row" "was published as record" \
    "$SOGOC" set "$row1" full_name "Lê Văn Bảy"

# A typed ledger straight into the log: checked whole, then published.
db1="$tmp/db1"
# shellcheck disable=SC2086
"$SOGOC" import --db "$db1" --publish --key "$KEY" --batch 7 $vol \
    "$tmp/ledger.csv" 2> "$tmp/err"
ok "import --publish logs every row" contains "$tmp/err" "40 records published"
ok "import --publish signs a checkpoint per batch" \
    [ "$("$SOGOC" checkpoint --db "$db1" --size 7 | sed -n 2p)" = 7 ]
ok "the one-step registry audits" \
    sh -c "'$SOGOC' audit --db '$db1' --pub '$PUB' > /dev/null"
# shellcheck disable=SC2086
"$SOGOC" import --db "$tmp/db2" $vol "$tmp/ledger.csv" 2>/dev/null
"$SOGOC" publish --db "$tmp/db2" --key "$KEY" -q
"$SOGOC" export --db "$db1" --format csv > "$tmp/one.csv" 2>/dev/null
"$SOGOC" export --db "$tmp/db2" --format csv > "$tmp/two.csv" 2>/dev/null
ok "one step and two steps record the same values" \
    cmp -s "$tmp/one.csv" "$tmp/two.csv"
# shellcheck disable=SC2086
"$SOGOC" import --db "$db1" --publish --key "$KEY" $vol "$tmp/ledger.csv" \
    2> "$tmp/err"
ok "import --publish again publishes nothing" \
    contains "$tmp/err" "0 records published, 40 rows already published"
{ head -1 "$tmp/ledger.csv"; printf '1,Đỗ Văn Lặp,3/3/1980,,Nam,Kinh,,,B8000001,,\r\n2,Do Van Lap,3/3/1980,,Nam,Kinh,,,B8000001,,\r\n'; } \
    > "$tmp/repeat.csv"
# shellcheck disable=SC2086
"$SOGOC" import --db "$db1" --publish --key "$KEY" $vol "$tmp/repeat.csv" \
    2> "$tmp/err"
ok "a row repeating the same person's diploma is not a second record" \
    contains "$tmp/err" "1 records published, 0 rows already published, 1 the same person"
snapshot_db1() {
	mdb_dump -a "$db1" > "$tmp/$1.dump" 2>&1
}
{ cat "$tmp/ledger.csv"; printf '99,Nguyễn An,31/02/1980,,Nam,Kinh,,,X2,,\r\n'; } \
    > "$tmp/lastbad.csv"
snapshot_db1 before
# shellcheck disable=SC2086
"$SOGOC" import --db "$db1" --publish --key "$KEY" $vol "$tmp/lastbad.csv" \
    2> "$tmp/err"
rc=$?
snapshot_db1 after
ok "import --publish of an impossible date is refused" [ $rc -ne 0 ]
ok "it names the cell" contains "$tmp/err" "\"31/02/1980\" is not a valid date_of_birth"
ok "and nothing was published" same before after
ok "import --publish refuses OCR rows, which wait for review" \
    sh -c "! '$SOGOC' import --db '$db1' --publish --key '$KEY' $vol '$tmp/rows.jsonl' 2>/dev/null"
ok "import --publish needs a key" \
    sh -c "! '$SOGOC' import --db '$db1' --publish $vol '$tmp/ledger.csv' 2>/dev/null"

# Bad input: each refused with a clear message, the store unchanged.
printf '{"source":"scan-p1.png","page":1,"row":9,"fields":{}\n' \
    > "$tmp/bad.jsonl"
# shellcheck disable=SC2086
refused "malformed JSONL" "bad.jsonl:1: not JSON" \
    "$SOGOC" import $vol --sources "$tmp" "$tmp/bad.jsonl"
printf '{"source":"scan-p1.png","page":2,"row":1,"fields":{"full_name":{"value":"A","conf":0.9,"status":"review","box":[1,2,"x",4]}}}\n' \
    > "$tmp/badbox.jsonl"
# shellcheck disable=SC2086
refused "a malformed cell box" "\"box\" must be [x, y, width, height]" \
    "$SOGOC" import $vol --sources "$tmp" "$tmp/badbox.jsonl"
{ head -1 "$tmp/ledger.csv"; printf '1,Nguy\377n,1/1/1980,,,,,,X1,,\r\n'; } \
    > "$tmp/badutf8.csv"
# shellcheck disable=SC2086
refused "invalid UTF-8 in CSV" "not valid UTF-8" \
    "$SOGOC" import $vol "$tmp/badutf8.csv"
{ head -1 "$tmp/ledger.csv"; printf '1,Nguyễn An,31/02/1980,,Nam,Kinh,,,X2,,\r\n'; } \
    > "$tmp/baddate.csv"
# shellcheck disable=SC2086
refused "impossible date in CSV" "\"31/02/1980\" is not a valid date_of_birth" \
    "$SOGOC" import $vol "$tmp/baddate.csv"
{ head -1 "$tmp/ledger.csv"; printf '1,"Nguyễn "An",1/1/1980,,Nam,Kinh,,,X3,,\r\n'; } \
    > "$tmp/badquote.csv"
# shellcheck disable=SC2086
refused "a broken CSV quote" "badquote.csv: row 2: a quote is not closed" \
    "$SOGOC" import $vol "$tmp/badquote.csv"
# shellcheck disable=SC2086
refused "a broken CSV quote, one step" "badquote.csv: row 2:" \
    "$SOGOC" import --publish --key "$KEY" $vol "$tmp/badquote.csv"
printf 'Họ và tên,Điểm thi\r\nNguyễn An,9\r\n' > "$tmp/badcol.csv"
# shellcheck disable=SC2086
refused "unknown CSV column" "\"Điểm thi\" is not a ledger column" \
    "$SOGOC" import $vol "$tmp/badcol.csv"
{ head -1 "$tmp/ledger.csv"; printf '1,Nguyễn Văn Khác,1/1/1980,,Nam,Kinh,,,%s,,\r\n' "$(sed -n 3p "$tmp/ledger.csv" | awk -F, '{print $9}')"; } \
    > "$tmp/dupserial.csv"
# shellcheck disable=SC2086
refused "a serial number of another person" "issued to another person" \
    "$SOGOC" import $vol "$tmp/dupserial.csv"
{ head -1 "$tmp/ledger.csv"; printf '1,Nguyễn Văn Một,1/1/1980,,Nam,Kinh,,,B7000001,,\r\n2,Nguyễn Văn Hai,2/2/1980,,Nam,Kinh,,,B7000001,,\r\n'; } \
    > "$tmp/dupinfile.csv"
# shellcheck disable=SC2086
refused "one serial for two people in one file" "also on" \
    "$SOGOC" import $vol "$tmp/dupinfile.csv"
refused "import without the volume" "--type" \
    "$SOGOC" import "$tmp/ledger.csv"
refused "publish with another log's key" "this log's checkpoints are signed as" \
    "$SOGOC" publish --key "$tmp/kother/signer.key"
refused "publish without a key" "--key" \
    "$SOGOC" publish
chmod 644 "$KEY"
refused "a key file others can read" "readable by others" \
    "$SOGOC" publish --key "$KEY"
chmod 600 "$KEY"
printf 'PRIVATE+KEY+test.example/sogoc+00000000+AQ==\n' > "$tmp/junk.key"
chmod 600 "$tmp/junk.key"
refused "a malformed key" "not a signer key" \
    "$SOGOC" publish --key "$tmp/junk.key"
refused "correct without a decision" "--decision" \
    "$SOGOC" correct --serial Q0000001 --set sex=Nam --key "$KEY"
refused "correcting a name to nothing" "cannot be corrected to nothing" \
    "$SOGOC" correct --serial Q0000001 --decision 2 \
    --decision-date 2026-11-23 --set full_name= --key "$tmp/k2/signer.key"
refused "correcting a date of birth to an impossible one" "is not a valid date_of_birth" \
    "$SOGOC" correct --serial Q0000001 --decision 2 \
    --decision-date 2026-11-23 --set date_of_birth=30/2/1980 \
    --key "$tmp/k2/signer.key"
refused "revoking twice" "already revoked" \
    "$SOGOC" revoke --serial "$serial" --decision 1 \
    --decision-date 2026-11-23 --reason x --key "$tmp/k2/signer.key"
flock "$db/sogoc.lock" sleep 3 &
lockpid=$!
sleep 0.5
# shellcheck disable=SC2086
refused "a second writer, after waiting 1 s" \
    "another sogoc process is writing to this registry (waited 1 s" \
    env SOGOC_LOCK_WAIT=1 "$SOGOC" import $vol "$tmp/ledger.csv"
wait $lockpid
# A writer holding the lock for a moment only is waited for.
flock "$db/sogoc.lock" sleep 1 &
lockpid=$!
sleep 0.3
printf 'correct horse battery staple\n' > "$tmp/wpw"
chmod 600 "$tmp/wpw"
ok "a second writer waits for a short write to finish" \
    "$SOGOC" user add waiter --role reviewer --password-file "$tmp/wpw"
wait $lockpid
"$GEN" --seed 7 --csv 3000 --out "$tmp/big" > /dev/null
sed -i 's/"B4/"C4/' "$tmp/big.csv"
# shellcheck disable=SC2086
refused "a full registry (small map)" "the registry is full" \
    "$SOGOC" import --map-size 1 $vol "$tmp/big.csv"
"$SOGOC" audit --pub "$tmp/both.pub" > "$tmp/audit"
ok "audit still passes after all the refused input" \
    contains "$tmp/audit" "audit passed"

done_testing
