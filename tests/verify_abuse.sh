#!/bin/sh
# The verification service under a slow-client attack: 1,000 connections
# that each send half a request and wait.  A real client must still be
# answered while they hang on, the server must let them go after its
# timeout, and one address cannot take more than its share.
. "${top_srcdir:-.}/tests/tap.sh"

for c in curl jq; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18191 18292 18393 18494 18595 19192"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 30
pick_valid
# The defaults but a 3-second idle timeout, so the test need not wait 10.
serve_start "$tmp/serve.log" --threads 2 --timeout 3

"$SOGOC" export 2> /dev/null | jq -c 'select(.status == "valid")' \
    > "$tmp/valid"

# ask N: a real employer's question about the Nth valid diploma (each
# diploma may be asked about 10 times at once: asklimit.h), answered
# (200) within 2 seconds.
ask() {
	sed -n "${1}p" "$tmp/valid" > "$tmp/one"
	curl -s -m 2 -o /dev/null -w '%{http_code}' -G "$base/api/v1/verify" \
	    --data-urlencode "serial=$(jq -r .fields.serial_no "$tmp/one")" \
	    --data-urlencode "name=$(jq -r .fields.full_name "$tmp/one")" \
	    --data-urlencode "dob=$(jq -r .fields.date_of_birth "$tmp/one")"
}

# 1,000 idle connections from 1,000 addresses, held 6 seconds.
idle "$tmp/idle.out" "$port" 1000 1000 6
ok "1,000 slow clients connect ($(sed -n 's/^connected //p' "$tmp/idle.out"))" \
    [ "$(sed -n 's/^connected //p' "$tmp/idle.out")" = 1000 ]
codes=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	codes="$codes$(ask $i)"
done
ok "while they hang on, a real client gets 10 answers out of 10" \
    [ "$codes" = 200200200200200200200200200200 ]
ok "and /healthz answers" [ "$(curl -s -m 2 "$base/healthz")" = ok ]
wait $ipid
ok "the server let all 1,000 go after its 3-second timeout ($(sed -n 's/^closed //p' "$tmp/idle.out"))" \
    [ "$(sed -n 's/^closed //p' "$tmp/idle.out")" = 1000 ]

# 1,000 from one address: it keeps its 16 (--per-ip), the rest are shut
# at once, long before the timeout.
idle "$tmp/one.out" "$port" 1000 1 2
ok "a real client is answered while one address tries 1,000" [ "$(ask 11)" = 200 ]
wait $ipid
ok "one address holds no more than 16 of them ($(sed -n 's/^closed //p' "$tmp/one.out") of 1000 shut within 2 s)" \
    [ "$(sed -n 's/^closed //p' "$tmp/one.out")" -ge 984 ]
ok "the server still answers afterwards" [ "$(ask 12)" = 200 ]
ok "and did not write a line for each it refused ($(wc -l < "$tmp/serve.log") lines)" \
    [ "$(wc -l < "$tmp/serve.log")" -lt 100 ]
ok "it logged no personal data meanwhile" \
    sh -c "! grep -qF '$serial' '$tmp/serve.log' && ! grep -qF '$name' '$tmp/serve.log'"
kill -TERM $spid
wait $spid
ok "and stops cleanly" [ $? -eq 0 ]

done_testing
