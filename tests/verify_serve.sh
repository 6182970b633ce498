#!/bin/sh
# `sogoc serve`'s settings: the config file (sogoc-serve.conf(5)) and the
# command line over it, every kind of mistake refused with its name, and
# the rate limit behind a trusted reverse proxy, which only that proxy
# can steer.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
SERVE_PORTS="18646 18747 18848 18949 19646 19747"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 10
export SOGOC_DB="$tmp/nowhere"
free_port
base="http://127.0.0.1:$port"

# refused WHAT CONF MESSAGE: serve with this config exits 2 naming it.
refused() {
	printf '%b' "$2" > "$tmp/bad.conf"
	"$SOGOC" serve --config "$tmp/bad.conf" > /dev/null 2> "$tmp/err"
	rc=$?
	ok "a config file with $1 is refused (exit $rc): $(cat "$tmp/err")" \
	    sh -c "[ $rc -eq 2 ] && grep -qF -- '$3' '$tmp/err'"
}
refused "an unknown key" '[serve]\nthreds = 2\n' 'no setting "threds"'
refused "another section" '[server]\nthreads = 2\n' 'unknown section [server]'
refused "a line that is no setting" '[serve]\nthreads\n' 'bad.conf'
refused "threads = 0" '[serve]\nthreads = 0\n' 'threads takes a whole number from 1 to 256'
refused "a negative rate" '[serve]\nrate = -1\n' 'rate takes a whole number'
refused "a port too large" '[serve]\nlisten = 127.0.0.1:70000\n' 'listen takes ADDR:PORT'
refused "a host name for an address" '[serve]\nlisten = localhost:80\n' 'localhost is not an IPv4 address'
refused "access-log = maybe" '[serve]\naccess-log = maybe\n' 'access-log takes true or false'
refused "metrics-listen without a port" '[serve]\nmetrics-listen = 127.0.0.1\n' 'metrics-listen takes ADDR:PORT'
refused "ask-limit = maybe" '[serve]\nask-limit = maybe\n' 'ask-limit takes true or false'
refused "log = file" '[serve]\nlog = file\n' 'log takes stderr or syslog'
refused "a trusted proxy that is no address" '[serve]\ntrusted-proxy = proxy.local\n' 'trusted-proxy takes IPv4 or IPv6 addresses or prefixes (10.0.0.0/8), not "proxy.local"'
refused "a proxy list with a host name in it" '[serve]\ntrusted-proxy = 127.0.0.1, nginx\n' 'not "nginx"'
refused "a proxy prefix too long" '[serve]\ntrusted-proxy = 10.0.0.0/33\n' 'a prefix length is at most 32'
refused "an empty proxy list" '[serve]\ntrusted-proxy = ,\n' 'trusted-proxy takes one or more'
"$SOGOC" serve --config "$tmp/none.conf" 2> "$tmp/err"
ok "a missing config file is named" \
    sh -c "[ $? -eq 2 ] && grep -qF '$tmp/none.conf' '$tmp/err'"
"$SOGOC" serve --timeout 0 2> "$tmp/err"
ok "a bad option value on the command line is refused the same way" \
    sh -c "[ $? -eq 2 ] && grep -qF 'timeout takes a whole number from 1 to 3600' '$tmp/err'"

# A good file: the registry, the port and the log from it; the threads
# from the command line, which wins.
cat > "$tmp/good.conf" <<EOT
# sogoc serve, as in sogoc-serve.conf(5)
[serve]
db = $tmp/db
listen = 127.0.0.1:$port
threads = 3
rate = 1
burst = 2
access-log = true
trusted-proxy = 127.0.0.1, 10.0.0.0/8, ::1
metrics-listen = 127.0.0.1:$((port + 2))
EOT
"$SOGOC" serve --config "$tmp/good.conf" --threads 2 2> "$tmp/serve.log" &
spid=$!
trap 'kill -TERM $spid 2>/dev/null; rm -rf "$tmp"' EXIT
wait_up "$base/healthz"
ok "the server starts from the config file" \
    [ "$(curl -s "$base/healthz")" = ok ]
ok "the command line overrides it" \
    grep -q "listening on 127.0.0.1:$port, 2 threads" "$tmp/serve.log"
ok "its registry is the file's, not \$SOGOC_DB's" \
    grep -qx 'sogoc_registry_size 10' "$(curl -s "http://127.0.0.1:$((port + 2))/metrics" > "$tmp/m"; echo "$tmp/m")"
"$SOGOC" serve --config "$tmp/good.conf" --db "$tmp/elsewhere" \
    2> "$tmp/err2"
ok "--db on the command line wins over the file's db" \
    sh -c "[ $? -ne 0 ] && grep -qF '$tmp/elsewhere' '$tmp/err2'"

# q [CURL-OPTION...]: the status of a question, a new one each time (so
# that only the limits per client count, not those per diploma asked).
q() {
	n=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	curl -s -o /dev/null -w '%{http_code}' "$@" \
	    "$base/api/v1/verify?serial=X$n&name=x$n&dob=1980"
}
# code XFF [INTERFACE]: through the "proxy", with X-Forwarded-For.
code() {
	q ${2:+--interface "$2"} -H "X-Forwarded-For: $1"
}
c1=$(code 192.0.2.1)
c2=$(code 192.0.2.1)
c3=$(code 192.0.2.1)
ok "behind the trusted proxy, each client has its own bucket ($c1 $c2 $c3)" \
    [ "$c1$c2$c3" = 404404429 ]
ok "so another client is still answered" [ "$(code 192.0.2.2)" = 404 ]
ok "the proxy's last address counts, not what the client wrote before it" \
    [ "$(code "192.0.2.2, 192.0.2.1")" = 429 ]
c1=$(code 192.0.2.3 127.0.0.5)
c2=$(code 192.0.2.4 127.0.0.5)
c3=$(code 192.0.2.5 127.0.0.5)
ok "anyone else's X-Forwarded-For is ignored ($c1 $c2 $c3)" \
    [ "$c1$c2$c3" = 404404429 ]
# A chain of trusted proxies (a load balancer in 10.0.0.0/8, then nginx):
# the first untrusted address from the right is the client.
c1=$(code "198.51.100.1, 203.0.113.1, 10.0.0.7")
c2=$(code "198.51.100.2, 203.0.113.1, 10.9.0.1")
c3=$(code "203.0.113.1")
ok "behind a chain of trusted proxies the client is the first untrusted address from the right ($c1 $c2 $c3)" \
    [ "$c1$c2$c3" = 404404429 ]
# fwd FORWARDED: with an RFC 7239 Forwarded.
fwd() {
	q -H "Forwarded: $1"
}
c1=$(fwd 'for=203.0.113.2;proto=https')
c2=$(fwd 'for="203.0.113.2:4711", for=10.0.0.9')
c3=$(code 203.0.113.2)
ok "Forwarded for= names the client as X-Forwarded-For does ($c1 $c2 $c3)" \
    [ "$c1$c2$c3" = 404404429 ]
c1=$(fwd 'for="[2001:db8:1:2::1]"')
c2=$(code "2001:db8:1:2:aaaa::2")
c3=$(code "[2001:db8:1:2:ffff::3]:443")
c4=$(code "2001:db8:1:3::1")
ok "an IPv6 client is its /64 ($c1 $c2 $c3, another /64: $c4)" \
    [ "$c1$c2$c3$c4" = 404404429404 ]
# The proxy's own bucket: two questions without the header empty it.
c1=$(q)
c2=$(q)
c3=$(q -H "X-Forwarded-For: bogus")
c4=$(q -H "X-Forwarded-For: 192.0.2.9")
ok "a malformed X-Forwarded-For from the proxy counts as the proxy's own ($c1 $c2 $c3 $c4)" \
    [ "$c1$c2$c3$c4" = 404404429404 ]
# nginx passes a client's own Forwarded through: beside X-Forwarded-For
# it is ignored, so it can neither spend the proxy's (empty) bucket nor
# pick another.
c1=$(q -H "X-Forwarded-For: 192.0.2.10" -H "Forwarded: for=127.0.0.1")
c2=$(q -H "X-Forwarded-For: 192.0.2.10" -H "Forwarded: for=6.6.6.6")
c3=$(q -H "X-Forwarded-For: 192.0.2.10")
ok "a client's Forwarded beside X-Forwarded-For is ignored: not the proxy's bucket, not another ($c1 $c2 $c3)" \
    [ "$c1$c2$c3" = 404404429 ]
kill -TERM $spid
wait $spid
ok "it stops cleanly" [ $? -eq 0 ]
ok "and logged through the file's access-log setting" \
    grep -q '^sogoc serve: verify 404 ' "$tmp/serve.log"

done_testing
