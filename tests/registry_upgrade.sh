#!/bin/sh
# The registry's format version and `sogoc upgrade`: a registry written
# before sogoc-registry/2 (tests/fixtures/leafv1.tar.gz, made by an older
# sogoc: tests/fixtures/leafv1.sh) is read as it was, every write to it is
# refused and changes nothing, `sogoc upgrade --backup` migrates it (after
# a backup that restores) and running it again does nothing; the upgraded
# registry audits, its old receipts check, its old checkpoints are
# prefixes of the log, and it takes writes.  A registry of a newer
# (faked) format is refused by every command, readers too, unchanged.
. "${top_srcdir:-.}/tests/tap.sh"

command -v mdb_dump > /dev/null || skip_all "mdb_dump (lmdb-utils) missing"
command -v mdb_load > /dev/null || skip_all "mdb_load (lmdb-utils) missing"
command -v jq > /dev/null || skip_all "jq missing"

tar -xzf "$top_srcdir/tests/fixtures/leafv1.tar.gz" -C "$tmp" || exit 1
chmod 700 "$tmp/db"
chmod 600 "$tmp/k/signer.key"
db="$tmp/db"
export SOGOC_DB="$db" SOGOC_USER=registrar.tranthi
PUB="$tmp/k/verifier.pub"
KEY="$tmp/k/signer.key"

# dump DB OUT: every database of DB, as mdb_dump prints it.
dump() {
	mdb_dump -a "$1" > "$2"
}
# refused MSG CMD...: CMD fails, saying MSG.
refused() {
	msg=$1
	shift
	! "$@" > /dev/null 2> "$tmp/err" && grep -qF -- "$msg" "$tmp/err"
}
# format DB: the registry's meta "format".
format() {
	mdb_dump -p -s meta "$1" | sed -n '/^ format$/{n;s/^ //;p;}'
}
revoke() {
	"$SOGOC" revoke --serial "$1" --decision 3/QĐ-SGDĐT \
	    --decision-date 2026-12-02 --reason "cấp sai" --key "$KEY"
}
# receipts WHEN: the three receipts the old sogoc gave still check.
receipts() {
	for r in valid revoked corrected; do
		ok "its $r receipt, given by the old sogoc, checks $1" \
		    sh -c "'$SOGOC' check-receipt --pub '$PUB' \
		    '$tmp/receipt-$r.json' > /dev/null 2>&1"
	done
}

ok "the fixture is of format sogoc-registry/1" \
    [ "$(format "$db")" = "sogoc-registry/1" ]
"$SOGOC" checkpoint > "$tmp/cp-old"
ok "it is read as before: audit, lookup, checkpoint" \
    sh -c "'$SOGOC' audit --pub '$PUB' > /dev/null &&
    '$SOGOC' lookup --serial A3650181 > /dev/null &&
    head -2 '$tmp/cp-old' | tail -1 | grep -qx 8"
dump "$db" "$tmp/before"
NEED='run `sogoc upgrade --db'
ok "revoke is refused, saying to run sogoc upgrade" \
    refused "$NEED" revoke A3650181
"$top_builddir/sogoc-gen" --seed 3 --csv 2 --out "$tmp/more" > "$tmp/vol"
# shellcheck disable=SC2046
ok "import is refused" \
    refused "$NEED" "$SOGOC" import --publish --key "$KEY" \
    $(cat "$tmp/vol") "$tmp/more.csv"
ok "heads --sign is refused" \
    refused "$NEED" "$SOGOC" heads --sign --key "$KEY"
printf 'correct horse battery staple\n' > "$tmp/pw"
chmod 600 "$tmp/pw"
ok "user add is refused" \
    refused "$NEED" "$SOGOC" user add clerk.x --role reviewer \
    --password-file "$tmp/pw"
dump "$db" "$tmp/after"
ok "and nothing in the registry changed (mdb_dump)" \
    cmp -s "$tmp/before" "$tmp/after"
receipts "before the upgrade"

# The upgrade, after a backup.
ok "sogoc upgrade --backup succeeds" \
    sh -c "'$SOGOC' upgrade --backup '$tmp/bk' 2> '$tmp/err'"
ok "and says from which format" \
    contains "$tmp/err" "upgraded from format sogoc-registry/1 to"
ok "the registry is now sogoc-registry/2" \
    [ "$(format "$db")" = "sogoc-registry/2" ]
ok "with the databases the old one lacked" \
    sh -c "mdb_stat -a '$db' | grep -q 'Status of cosigs' &&
    mdb_stat -a '$db' | grep -q 'Status of statuslist' &&
    mdb_dump -p -s counts '$db' | grep -qx ' version'"
ok "the backup was taken before: its manifest says sogoc-registry/1, 8" \
    sh -c "jq -e '.format == \"sogoc-registry/1\" and .tree_size == 8' \
    '$tmp/bk/MANIFEST.json' > /dev/null"
dump "$db" "$tmp/up1"
ok "a second upgrade does nothing" \
    sh -c "'$SOGOC' upgrade 2> '$tmp/err' &&
    grep -q 'nothing to do' '$tmp/err'"
dump "$db" "$tmp/up2"
ok "and changes nothing (mdb_dump)" cmp -s "$tmp/up1" "$tmp/up2"
ok "the upgraded registry audits" \
    sh -c "'$SOGOC' audit --pub '$PUB' > '$tmp/audit'"
receipts "after the upgrade"
revoke A3650181 2> /dev/null
ok "it takes writes now: a revocation" [ $? -eq 0 ]
ok "and still audits" sh -c "'$SOGOC' audit --pub '$PUB' > /dev/null"
"$SOGOC" checkpoint --size 8 > "$tmp/cp-8"
ok "its checkpoint of size 8 is the one given before the upgrade" \
    [ "$(head -3 "$tmp/cp-old")" = "$(head -3 "$tmp/cp-8")" ]
ok "and the new log is consistent with it (proof --consistency 8)" \
    sh -c "'$SOGOC' proof --consistency 8 > '$tmp/cons' &&
    jq -e '.proof | length > 0' '$tmp/cons' > /dev/null"
ok "a receipt made before the upgrade checks offline after a write" \
    sh -c "'$SOGOC' check-receipt --pub '$PUB' '$tmp/receipt-valid.json' \
    > /dev/null 2>&1"

# The backup taken before the upgrade restores, and upgrades again.
ok "restore refuses to replace a registry without --force" \
    refused "exists" "$SOGOC" restore --from "$tmp/bk"
ok "restore --check accepts the backup" \
    sh -c "'$SOGOC' restore --check --from '$tmp/bk' 2> /dev/null"
ok "restore into a new directory" \
    sh -c "'$SOGOC' restore --from '$tmp/bk' --db '$tmp/r' 2> /dev/null"
ok "the restored registry audits" \
    sh -c "'$SOGOC' audit --db '$tmp/r' --pub '$PUB' > /dev/null"
ok "and is the registry before the upgrade (format 1)" \
    [ "$(format "$tmp/r")" = sogoc-registry/1 ]
ok "restore --force replaces a registry, keeping the old one beside" \
    sh -c "'$SOGOC' restore --from '$tmp/bk' --db '$tmp/r' --force \
    2> /dev/null && ls -d '$tmp'/r.replaced-* > /dev/null &&
    '$SOGOC' audit --db '$tmp/r' --pub '$PUB' > /dev/null"
cp -r "$tmp/bk" "$tmp/bad"
jq '.tree_size = 7' "$tmp/bk/MANIFEST.json" > "$tmp/bad/MANIFEST.json"
ok "a backup whose manifest lies is refused" \
    refused "not what its manifest says" "$SOGOC" restore \
    --from "$tmp/bad" --db "$tmp/r2"
ok "and leaves nothing behind" [ ! -e "$tmp/r2" ]
cp "$tmp/bk/MANIFEST.json" "$tmp/bad/MANIFEST.json"
printf 'x' | dd of="$tmp/bad/data.mdb" bs=1 seek=5000 conv=notrunc \
    2> /dev/null
ok "a backup whose data.mdb changed is refused" \
    refused "not what its manifest says" "$SOGOC" restore \
    --from "$tmp/bad" --db "$tmp/r2"

# A registry of a newer format: refused by every command, unchanged.
cp -r "$tmp/r" "$tmp/new"
rm -f "$tmp/new/lock.mdb"
printf 'format\nsogoc-registry/3\n' | mdb_load -T -s meta "$tmp/new" ||
    exit 1
dump "$tmp/new" "$tmp/new-before"
export SOGOC_DB="$tmp/new"
NEWER="newer than this sogoc's"
ok "audit refuses a newer registry" refused "$NEWER" \
    "$SOGOC" audit --pub "$PUB"
ok "lookup refuses it" refused "$NEWER" "$SOGOC" lookup --serial A3650181
ok "checkpoint refuses it" refused "$NEWER" "$SOGOC" checkpoint
ok "proof refuses it" refused "$NEWER" "$SOGOC" proof --serial A3650181
ok "backup refuses it" refused "$NEWER" "$SOGOC" backup --out "$tmp/b3"
ok "upgrade refuses it" refused "$NEWER" "$SOGOC" upgrade
ok "revoke refuses it" refused "$NEWER" revoke A3650181
ok "serve refuses it" refused "$NEWER" timeout 20 "$SOGOC" serve \
    --listen 127.0.0.1:1
dump "$tmp/new" "$tmp/new-after"
ok "and it is unchanged (mdb_dump)" cmp -s "$tmp/new-before" \
    "$tmp/new-after"
done_testing
