#!/bin/sh
# `sogoc serve --syslog`: its messages reach syslog (a stand-in daemon on
# /dev/log, in a mount namespace of the test's own), with the ident
# "sogoc serve" and facility daemon, and carry no personal data; nothing
# of it goes to standard error.  Needs root and unshare(1); skipped
# without them.
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v unshare > /dev/null || skip_all "unshare missing"
[ "$(id -u)" -eq 0 ] || skip_all "needs root for a mount namespace"
unshare --mount true 2> /dev/null || skip_all "no mount namespaces here"
SERVE_PORTS="18636 18737 18838 18939 19636 19737"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 10
pick_valid
free_port

# Inside the namespace: /dev is a copy whose log is our sink's socket;
# the server runs, answers, and is stopped with SIGTERM.
mkdir "$tmp/olddev"
cat > "$tmp/inside.sh" <<EOT
set -e
mount --bind /dev "$tmp/olddev"
mount -t tmpfs -o size=1m sogoc-test-dev /dev
for n in null zero urandom random; do
	touch /dev/\$n
	mount --bind "$tmp/olddev/\$n" /dev/\$n
done
"$top_builddir/tests/logsink" /dev/log > "$tmp/syslog" &
sink=\$!
sleep 0.2
"$SOGOC" serve --listen 127.0.0.1:$port --syslog --access-log \
    2> "$tmp/stderr" &
srv=\$!
i=0
while ! curl -s -o /dev/null http://127.0.0.1:$port/healthz && [ \$i -lt 50 ]; do
	i=\$((i + 1))
	sleep 0.1
done
curl -s -o /dev/null -G http://127.0.0.1:$port/api/v1/verify \
    --data-urlencode "serial=$serial" --data-urlencode "name=$name" \
    --data-urlencode "dob=$dob"
kill -TERM \$srv
wait \$srv
echo "serve exit \$?" > "$tmp/exit"
sleep 0.2
kill \$sink
EOT
unshare --mount sh "$tmp/inside.sh" 2> "$tmp/inside.err" ||
    sed "s/^/# /" "$tmp/inside.err"
ok "the server ran and stopped under a stand-in syslog" \
    grep -qx 'serve exit 0' "$tmp/exit"
# <30> is facility daemon (3) and priority info (6): 3 * 8 + 6.
ok "its start reached syslog as \"sogoc serve\", facility daemon" \
    grep -q '^<30>.*sogoc serve\[[0-9]*\]: listening on 127.0.0.1' "$tmp/syslog"
ok "a request's line reached it too" \
    grep -q 'sogoc serve\[[0-9]*\]: verify 200 ' "$tmp/syslog"
ok "and the stop" grep -q 'sogoc serve\[[0-9]*\]: stopped' "$tmp/syslog"
ok "nothing went to standard error" [ ! -s "$tmp/stderr" ]
ok "syslog got no personal data" \
    sh -c "! grep -qF '$serial' '$tmp/syslog' && ! grep -qF '$name' '$tmp/syslog'"

done_testing
