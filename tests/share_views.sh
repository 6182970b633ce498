#!/bin/sh
# Employers opening a share code as fast as they can, from three clients
# at once (unthrottled), while the command line writes (`sogoc user unlock`, 30 times):
# every command-line write succeeds (views only read; their count is
# written in batches, and the command line waits briefly for the lock),
# and once the server is stopped with SIGTERM the stored count is exactly
# the number of views answered 200: none lost, none counted twice.
. "${top_srcdir:-.}/tests/tap.sh"

for c in curl jq openssl mdb_dump; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18121 18222 18323 18424 18525 19122"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 12
pick_valid
make_copy_config
"$SOGOC" copy --config "$tmp/serve.conf" --serial "$serial" \
    --key "$tmp/k/signer.key" --out "$tmp/copy.pdf" 2> "$tmp/copy.err"
code=$(sed -n 's/.*its code \([0-9A-Z-]*\) .*/\1/p' "$tmp/copy.err" |
    tr -d -)
ok "a copy and its code ($code)" [ ${#code} -eq 12 ]
printf '%s\n' "an's long password" > "$tmp/pw"
chmod 600 "$tmp/pw"
"$SOGOC" user add an --role registrar --password-file "$tmp/pw" \
    > /dev/null 2>&1
STAFF=1 serve_start "$tmp/log" --config "$tmp/serve.conf" --rate 0 \
    --threads 4
wait_up "$base/healthz"

# The employers: each a curl keeping its connection, 200 views at a time,
# until the registrar is done.
i=0
while [ $i -lt 200 ]; do
	printf 'url = "%s/c/%s"\noutput = /dev/null\n' "$base" "$code"
	i=$((i + 1))
done > "$tmp/urls"
for n in 1 2 3; do
	while [ ! -f "$tmp/stop" ]; do
		curl -s -K "$tmp/urls" -w '%{http_code}\n'
	done > "$tmp/codes$n" &
	eval "viewer$n=\$!"
done
# shellcheck disable=SC2154
viewers="$viewer1 $viewer2 $viewer3"

# The registrar, meanwhile.
sleep 0.3
fails=0
runs=0
while [ $runs -lt 30 ]; do
	"$SOGOC" user unlock an > /dev/null 2>> "$tmp/unlock.err" ||
	    fails=$((fails + 1))
	runs=$((runs + 1))
done
touch "$tmp/stop"
# shellcheck disable=SC2086
wait $viewers
echo "# $fails of $runs refused"
grep -v unlocked "$tmp/unlock.err" | sort | uniq -c | sed 's/^/#   /' |
    head -3
ok "every command-line write succeeds while employers view ($fails refused)" \
    [ $fails -eq 0 ]
views=$(cat "$tmp/codes1" "$tmp/codes2" "$tmp/codes3" | grep -c '^200$')
others=$(cat "$tmp/codes1" "$tmp/codes2" "$tmp/codes3" | grep -vc '^200$')
ok "the employers were served throughout ($views views, $others not 200)" \
    [ "$views" -ge 600 ] && [ "$others" -eq 0 ]
ok "the server is still serving" \
    sh -c "[ \"\$(curl -s '$base/healthz')\" = ok ]"

# stored: the count the registry holds for the code.
stored() {
	mdb_dump -p -s shares "$SOGOC_DB" | grep -o '"opens":[0-9]*' |
	    sed 's/.*://' | sort -n | tail -1
}
kill -TERM "$spid"
wait "$spid"
rc=$?
spid=""
ok "the server stops cleanly on SIGTERM ($rc)" [ $rc -eq 0 ]
n=$(stored)
ok "every view is counted once, written at the stop ($n of $views)" \
    [ "$n" = "$views" ]
ok "the registry still audits" \
    sh -c "'$SOGOC' audit --pub '$tmp/k/verifier.pub' > /dev/null 2>&1"
done_testing
