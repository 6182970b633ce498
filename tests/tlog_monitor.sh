#!/bin/sh
# sogoc monitor against a log served as C2SP tiles by nginx: it follows the
# log from nothing, resumes fetching only what is new (nginx's access log
# says so), and refuses, naming the log and leaving its state unchanged
# (mdb_dump -a before and after), a fork of the log (two checkpoints of one
# size; other entries after the verified prefix), a checkpoint whose root
# the entries do not give, a rewritten full tile (new, and old with
# --recheck all), a rewritten old bundle, a tile of the wrong length, a
# bundle cut short, a checkpoint by another key, and a smaller tree.  An
# unreachable log exits 3 and the others are still checked.
. "${top_srcdir:-.}/tests/tap.sh"

command -v nginx > /dev/null || skip_all "nginx missing"
command -v mdb_dump > /dev/null || skip_all "mdb_dump (lmdb-utils) missing"
GEN="$top_builddir/sogoc-gen"
origin=monitor.test/log
export SOGOC_USER=tester

# publish DB SEED ROWS: ROWS generated rows imported and published in DB.
publish() {
	"$GEN" --seed "$2" --csv "$3" --out "$tmp/l$2" > "$tmp/vol$2" ||
	    exit 1
	# shellcheck disable=SC2046
	"$SOGOC" import --db "$1" --publish --key "$KEY" $(cat "$tmp/vol$2") \
	    "$tmp/l$2.csv" 2> /dev/null || exit 1
}

"$SOGOC" keygen --name $origin --out "$tmp/k" > /dev/null || exit 1
"$SOGOC" keygen --name $origin --out "$tmp/k2" > /dev/null || exit 1
KEY="$tmp/k/signer.key"

# nginx on a free loopback port, serving $tmp/www, a line per request.
mkdir -p "$tmp/www" "$tmp/nginx"
chmod a+rx "$tmp"
port=$(( 20000 + $$ % 20000 ))
tries=0
while :; do
	cat > "$tmp/nginx/nginx.conf" <<EOT
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
	log_format m '\$uri \$status \$bytes_sent';
	access_log $tmp/nginx/access.log m;
	server {
		listen 127.0.0.1:$port;
		root $tmp/www;
		location / { default_type application/octet-stream; }
	}
}
EOT
	nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2> /dev/null && break
	tries=$((tries + 1))
	[ $tries -lt 20 ] || skip_all "nginx would not start"
	port=$((port + 1))
done
trap 'nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" -s stop
    rm -rf "$tmp"' EXIT
url="http://127.0.0.1:$port"

# logs DIR...: the logs file: the log at $url/DIR/ for each DIR.
logs() {
	: > "$tmp/logs"
	for l in "$@"; do
		echo "$origin $(cat "$tmp/k/verifier.pub") $url/$l/" \
		    >> "$tmp/logs"
	done
}
snapshot() {
	mdb_dump -a "$tmp/mon" > "$tmp/$1.dump" 2>&1
}
# monitor ARGS...: sogoc monitor on the logs file; $rc, $tmp/out.
monitor() {
	"$SOGOC" monitor --logs "$tmp/logs" --db "$tmp/mon" "$@" \
	    > "$tmp/out" 2> "$tmp/err"
	rc=$?
	sed 's/^/#   /' "$tmp/out" "$tmp/err"
}
# refused DESC PATTERN ARGS...: exit 1, a FAIL line naming the log and
# saying PATTERN, the monitor's state unchanged.
refused() {
	what=$1
	pat=$2
	shift 2
	snapshot before
	monitor "$@"
	snapshot after
	ok "$what: exit 1" [ "$rc" -eq 1 ]
	ok "$what: FAIL $origin: ...$pat" grep -q "^FAIL $origin: .*$pat" \
	    "$tmp/out"
	ok "$what: state unchanged" cmp -s "$tmp/before.dump" \
	    "$tmp/after.dump"
}
# tiles DB DIR: DB's log as tiles in $tmp/www/DIR (sogoc tiles).
tiles() {
	"$SOGOC" tiles --db "$1" --out "$tmp/www/$2" > /dev/null || exit 1
}
# flip FILE OFFSET: one byte of FILE changed (saved to FILE.orig).
flip() {
	cp "$1" "$1.orig"
	flip_byte "$1" "$2"
}
unflip() {
	mv "$1.orig" "$1"
}

# A log of 600 entries, copied into A and B, which then part.
publish "$tmp/db0" 1 600
cp -r "$tmp/db0" "$tmp/dbA"
cp -r "$tmp/db0" "$tmp/dbB"
publish "$tmp/dbA" 2 300
publish "$tmp/dbB" 3 300
tiles "$tmp/db0" a
cp "$tmp/www/a/checkpoint" "$tmp/cp600"

logs a
mdb_dump -a "$tmp/db0" > "$tmp/reg.before" 2>&1
"$SOGOC" monitor --logs "$tmp/logs" --db "$tmp/db0" > /dev/null 2> "$tmp/err"
rc=$?
sed 's/^/#   /' "$tmp/err"
mdb_dump -a "$tmp/db0" > "$tmp/reg.after" 2>&1
ok "a registry as --db: refused (exit 2), unchanged" sh -c "[ $rc -eq 2 ] &&
    cmp -s '$tmp/reg.before' '$tmp/reg.after'"
monitor
ok "from nothing: exit 0" [ "$rc" -eq 0 ]
ok "from nothing: OK $origin 600" grep -qx "OK $origin 600" "$tmp/out"

# The resume fetches only the checkpoint and what 600 -> 900 added.
find "$tmp/www/a" -type f | sed "s|^$tmp/www||" | sort > "$tmp/before"
tiles "$tmp/dbA" a
cp "$tmp/www/a/checkpoint" "$tmp/cp900"
: > "$tmp/nginx/access.log"
monitor
sed 's/^/#   nginx: /' "$tmp/nginx/access.log"
ok "resume: OK $origin 900" grep -qx "OK $origin 900" "$tmp/out"
ok "resume: the checkpoint was fetched" \
    grep -q "^/a/checkpoint 200" "$tmp/nginx/access.log"
ok "resume: no bundle or tile before 600's was fetched again" \
    sh -c "! grep -q '/0/00[01]\|entries/00[01]' '$tmp/nginx/access.log'"
ok "resume: the bundles from 600's on were fetched" \
    sh -c "grep -q '^/a/tile/entries/002 200' '$tmp/nginx/access.log' &&
    grep -q '^/a/tile/entries/003.p/132 200' '$tmp/nginx/access.log'"
ok "resume: nothing failed to be found" \
    sh -c "! grep -qv ' 200 ' '$tmp/nginx/access.log'"
awk '{ print $1 }' "$tmp/nginx/access.log" | sort > "$tmp/asked"
ok "resume: no file there before was fetched, but the checkpoint" \
    sh -c "comm -12 '$tmp/before' '$tmp/asked' | grep -vxq /a/checkpoint
    [ \$? -eq 1 ]"
monitor
ok "nothing new: OK $origin 900" grep -qx "OK $origin 900" "$tmp/out"

# The fork: B, same origin and key, other entries after 600.
tiles "$tmp/dbB" b
logs b
refused "a fork of the same size" "two checkpoints of size 900"
publish "$tmp/dbB" 4 100
tiles "$tmp/dbB" b
refused "a fork that grew" \
    "tile/entries/003.p/232: entry 0 is not the one verified before"

# A's entries, but B's checkpoint of size 1000: the root is not theirs.
publish "$tmp/dbA" 5 100
tiles "$tmp/dbA" a
cp "$tmp/www/a/checkpoint" "$tmp/cp1000"
cp "$tmp/www/b/checkpoint" "$tmp/www/a/checkpoint"
logs a
refused "entries that do not give the checkpoint's root" "root mismatch"
cp "$tmp/cp1000" "$tmp/www/a/checkpoint"

# 1000 -> 1300 makes tiles 0/003 and 0/004 full.
publish "$tmp/dbA" 6 300
tiles "$tmp/dbA" a
flip "$tmp/www/a/tile/0/004" 100
refused "a new full tile rewritten" "tile/0/004 rewritten or wrong"
unflip "$tmp/www/a/tile/0/004"
head -c 8160 "$tmp/www/a/tile/0/004" > "$tmp/short"
cp "$tmp/www/a/tile/0/004" "$tmp/t004"
cp "$tmp/short" "$tmp/www/a/tile/0/004"
refused "a tile of the wrong length" "tile/0/004 has 8160 bytes, not 8192"
cp "$tmp/t004" "$tmp/www/a/tile/0/004"
cp "$tmp/www/a/tile/entries/004" "$tmp/b004"
size=$(wc -c < "$tmp/b004")
head -c $((size - 10)) "$tmp/b004" > "$tmp/www/a/tile/entries/004"
refused "a bundle cut short" "tile/entries/004 cut short"
cp "$tmp/b004" "$tmp/www/a/tile/entries/004"

# A checkpoint by another key of the same name, and an older one.
cp "$tmp/www/a/checkpoint" "$tmp/cp1300"
KEY="$tmp/k2/signer.key"
publish "$tmp/dbK" 7 1
KEY="$tmp/k/signer.key"
tiles "$tmp/dbK" k
cp "$tmp/www/k/checkpoint" "$tmp/www/a/checkpoint"
refused "a checkpoint signed by another key" "not signed by the log's key"
cp "$tmp/cp1300" "$tmp/www/a/checkpoint"
monitor
ok "after the refusals: OK $origin 1300" grep -qx "OK $origin 1300" \
    "$tmp/out"
cp "$tmp/cp900" "$tmp/www/a/checkpoint"
refused "a smaller tree" "log went backwards"
cp "$tmp/cp1300" "$tmp/www/a/checkpoint"

# An old full tile, and an old bundle, rewritten: only a recheck sees it.
flip "$tmp/www/a/tile/0/000" 5000
monitor
ok "an old tile rewritten: unseen without --recheck" [ "$rc" -eq 0 ]
refused "an old tile rewritten, --recheck all" "tile/0/000 rewritten since" \
    --recheck all
refused "an old tile rewritten, --recheck 100 (more than there are)" \
    "tile/0/000 rewritten since" --recheck 100
unflip "$tmp/www/a/tile/0/000"
flip "$tmp/www/a/tile/entries/001" 300
refused "an old bundle rewritten, --recheck all" "tile/entries/001: entry" \
    --recheck all
unflip "$tmp/www/a/tile/entries/001"
monitor --recheck all
ok "--recheck all of an untouched log: exit 0" [ "$rc" -eq 0 ]

# Two logs followed at once (--jobs 2), each kept in its own transaction.
"$SOGOC" keygen --name second.test/log --out "$tmp/ks" > /dev/null || exit 1
KEY="$tmp/ks/signer.key"
publish "$tmp/dbS" 8 300
KEY="$tmp/k/signer.key"
tiles "$tmp/dbS" s
echo "second.test/log $(cat "$tmp/ks/verifier.pub") $url/s/" >> "$tmp/logs"
monitor --jobs 2
ok "two logs at once: exit 0" [ "$rc" -eq 0 ]
ok "two logs at once: both OK" sh -c "grep -qx 'OK $origin 1300' \
    '$tmp/out' && grep -qx 'OK second.test/log 300' '$tmp/out'"
monitor --jobs 2
ok "two logs at once: kept, nothing new the next time" \
    sh -c "grep -qx 'OK second.test/log 300' '$tmp/out' &&
    grep -q 'second.test/log: 0 new entries, 1 requests' '$tmp/err'"

# An unreachable log, then also a bad one: the others are still checked.
"$SOGOC" keygen --name down.test/log --out "$tmp/kd" > /dev/null || exit 1
"$SOGOC" keygen --name bad.test/log --out "$tmp/kb" > /dev/null || exit 1
# A port nothing listens on (port 1 as a rule, but a root may bind it).
for dport in 1 9 13 17 19 37 42 79; do
	curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$dport/" || break
done
echo "down.test/log $(cat "$tmp/kd/verifier.pub") http://127.0.0.1:$dport/" \
    >> "$tmp/logs"
monitor
ok "an unreachable log: exit 3" [ "$rc" -eq 3 ]
ok "an unreachable log: named" grep -q "^FAIL down.test/log: cannot fetch" \
    "$tmp/out"
ok "an unreachable log: the other still checked" \
    grep -qx "OK $origin 1300" "$tmp/out"
sed -i "1s|^|bad.test/log $(cat "$tmp/kb/verifier.pub") $url/a/\n|" \
    "$tmp/logs"
monitor --jobs 3
ok "bad and unreachable logs: exit 1" [ "$rc" -eq 1 ]
ok "bad and unreachable logs: a line each" [ "$(wc -l < "$tmp/out")" -eq 4 ]
ok "bad and unreachable logs: the bad one named" \
    grep -q "^FAIL bad.test/log: checkpoint not signed" "$tmp/out"
ok "bad and unreachable logs: the good one still OK" \
    grep -qx "OK $origin 1300" "$tmp/out"

done_testing
