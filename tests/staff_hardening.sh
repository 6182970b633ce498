#!/bin/sh
# The staff console against the attacks of the 2026-12-06 review (issue
# 13): every route's role, walked from the console's own route table;
# two reviewers' imports raced a thousand times; an upload refused while
# an import runs leaves nothing behind; upload names that would forge log
# lines; links in the scans folder; slow connections.  The same test runs
# under ASan and under ThreadSanitizer (./configure --enable-tsan).
. "${top_srcdir:-.}/tests/tap.sh"

command -v curl > /dev/null || skip_all "curl missing"
command -v jq > /dev/null || skip_all "jq missing"
SERVE_PORTS="18111 18212 18313 18414 18515 19111"
. "$top_srcdir/tests/serve_lib.sh"
ROUTES="$top_builddir/tests/routes"
HAMMER="$top_builddir/tests/hammer"
PAIRS=${SOGOC_RACE_PAIRS:-1000}

export SOGOC_DB="$tmp/db"
make_registry 20
pick_valid
add_user an "an's long password" admin
add_user binh "binh's long password" reviewer
add_user chi "chi's long password" registrar

mkdir -p "$tmp/scans/a" "$tmp/scans/b" "$tmp/scans/real" "$tmp/elsewhere"
echo "not an image" > "$tmp/scans/a/x.png"
echo "not an image either" > "$tmp/scans/b/y.png"
cp "$top_srcdir/scans/golden/printed-clean.png" "$tmp/scans/real/p1.png"
cp "$top_srcdir/scans/golden/printed-clean.png" "$tmp/elsewhere/secret.png"
ln -s "$tmp/elsewhere" "$tmp/scans/linked"
ln -s "$tmp/elsewhere/secret.png" "$tmp/scans/a/secret.png"

STAFF=1 serve_start "$tmp/log" --key "$tmp/k/signer.key" \
    --scans "$tmp/scans"
sport=$((port + 1))
wait_up "$staff/login"
origin="Origin: $staff"
. "$top_srcdir/tests/console_lib.sh"
login binh "binh's long password"
login chi "chi's long password"
binh=$(csrf_of binh)
chi=$(csrf_of chi)
rn=$("$SOGOC" lookup --serial "$serial" 2> /dev/null | jq -r .record)

# 1. Roles, from the table: each route above a role refuses that role,
# by GET and by POST, with nothing of a record in the answer.
"$ROUTES" > "$tmp/routes"
ok "the route table lists the registrar's and the admin's routes" \
    sh -c "grep -q '^/record .* registrar\$' '$tmp/routes' &&
    grep -q '^/users .* admin\$' '$tmp/routes'"
bad=""
below() {	# below WHO CSRF ROLE...: WHO is refused every route of ROLEs
	who=$1
	tok=$2
	shift 2
	for role in "$@"; do
		for path in $(awk -v r="$role" '$3 == r { print $1 }' \
		    "$tmp/routes"); do
			get "$who" "$path?n=$rn&id=1&serial=$serial"
			[ "$code" = 403 ] || bad="$bad $who:GET:$path:$code"
			grep -qF "$name" "$tmp/out" && bad="$bad $who:leak:$path"
			post "$who" "$path" -d "csrf=$tok" -d "n=$rn" \
			    -d kind=revoke -d decision=1 -d decision_date=2026-12-01 \
			    -d reason=x -d op=add -d name=mallory -d role=admin
			[ "$code" = 403 ] || bad="$bad $who:POST:$path:$code"
		done
	done
}
below binh "$binh" registrar admin
below chi "$chi" admin
ok "a reviewer gets 403 from every registrar and admin route, a registrar from every admin one${bad:+:$bad}" \
    [ -z "$bad" ]
ok "and nothing changed: the record is valid, no account was added" \
    sh -c "'$SOGOC' lookup --serial '$serial' 2>/dev/null |
    jq -e '.status == \"valid\"' > /dev/null &&
    ! '$SOGOC' user list | grep -q mallory"
bad=""
for path in $(awk '$3 != "none" { print $1 }' "$tmp/routes"); do
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' "$staff$path")
	[ "$code" = 303 ] || bad="$bad GET:$path:$code"
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -H "$origin" \
	    -d x=1 "$staff$path")
	[ "$code" = 401 ] || bad="$bad POST:$path:$code"
done
ok "signed out, every route but the sign-in page sends you to sign in${bad:+:$bad}" \
    [ -z "$bad" ]

# 2. Two reviewers' imports at the same moment, $PAIRS times (the old
# code freed the last import twice: "double free or corruption").
cookie=$(awk '$6 == "sogoc_staff" { print $7 }' "$tmp/binh")
for f in a b; do
	body="folder=$f&type=THPT&year=1998&csrf=$binh"
	printf 'POST /import HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: %s\r\nCookie: sogoc_staff=%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
	    "$sport" "$staff" "$cookie" "${#body}" "$body" > "$tmp/req.$f"
done
# 5 ms between pairs, so that the last import has often ended when the
# next pair comes: both then see none running, and must not both free it.
"$HAMMER" "$sport" "$PAIRS" "$tmp/req.a" "$tmp/req.b" 5 > "$tmp/hammer"
sed 's/^/# /' "$tmp/hammer"
answered=$(awk '$2 != "000" { n += $3 } END { print n + 0 }' "$tmp/hammer")
started=$(awk '$2 == "303" { n += $3 } END { print n + 0 }' "$tmp/hammer")
# The old code also wedged: two imports started as one, and every import
# after was refused as "running".
ok "$PAIRS pairs of imports at once: every request answered ($answered), $started started (at least $((PAIRS / 4))), the rest 409" \
    sh -c "[ $answered -eq $((2 * PAIRS)) ] &&
    [ $started -ge $((PAIRS / 4)) ] &&
    ! awk '\$2 != \"303\" && \$2 != \"409\"' '$tmp/hammer' | grep -q ."
ok "the server still serves: the console and the public port" \
    sh -c "kill -0 $spid && [ \$(curl -s -o /dev/null -w '%{http_code}' \
    '$staff/login') = 200 ] && [ \"\$(curl -s '$base/healthz')\" = ok ]"

# 3. Links in the scans folder are neither offered nor followed.
get binh /import
ok "the import page does not offer a linked folder" \
    sh -c "[ $code = 200 ] && ! grep -q 'linked' '$tmp/out'"
post binh /import -d "csrf=$binh" -d folder=linked -d type=THPT -d year=2021
ok "importing a linked folder is refused ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'not a folder inside' '$tmp/out'"

# 4. An upload refused because an import runs leaves no file behind.
uploads() {
	find "$tmp/scans/uploads" -type f 2> /dev/null | wc -l
}
curl -s -o /dev/null -b "$tmp/binh" -H "$origin" -d "csrf=$binh" \
    -d folder=real -d type=THPT -d year=2021 "$staff/import"
code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/binh" -H "$origin" \
    -F "csrf=$binh" -F type=THPT -F year=2021 \
    -F "scans=@$tmp/scans/real/p1.png" "$staff/upload")
ok "an upload while an import runs is refused ($code)" \
    sh -c "[ $code = 409 ] && grep -q 'is running' '$tmp/out'"
ok "and none of its files is left in the scans folder ($(uploads))" \
    [ "$(uploads)" -eq 0 ]

# 5. File names that would forge log lines or drive a terminal.
printf 'not a scan' > "$tmp/plain"
esc=$(printf '\033')
curl -s -o /dev/null -b "$tmp/binh" -H "$origin" -F "csrf=$binh" \
    -F type=THPT -F year=2021 \
    -F "scans=@$tmp/plain;filename=\"x${esc}[2J.txt\"" "$staff/upload"
curl -s -o /dev/null -b "$tmp/binh" -H "$origin" -F "csrf=$binh" \
    -F type=THPT -F year=2021 \
    -F "scans=@$tmp/plain;filename=\"y$(printf '\013')z.txt\"" \
    "$staff/upload"
ok "the upload refusals are logged" \
    sh -c "[ \$(grep -c 'upload refused' '$tmp/log') -ge 2 ]"
ok "with no raw ESC or VT from the names, shown escaped" \
    sh -c "! grep -q \"\$(printf '\\033\\|\\013')\" '$tmp/log' &&
    grep -qF 'x\\x1b[2J.txt' '$tmp/log'"

# 6. Sign-ins straight from a client: what it writes in X-Forwarded-For
# is not believed (no proxy is trusted here).
xlogin() {	# xlogin XFF NAME PASSWORD
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -H "$origin" \
	    -H "X-Forwarded-For: $1" --data-urlencode "name=$2" \
	    --data-urlencode "password=$3" "$staff/login")
}
# five_wrong XFF...: five wrong passwords for chi, each saying it
# forwards for the next XFF given (the last one again when they run out).
five_wrong() {
	for i in 1 2 3 4 5; do
		xff=$1
		[ $# -gt 1 ] && shift
		xlogin "$xff" chi "not chi's password"
	done
}
five_wrong 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4 \
    198.51.100.5
xlogin 198.51.100.99 chi "chi's long password"
ok "an X-Forwarded-For from a client is not believed: still held ($code)" \
    [ "$code" = 429 ]
code=$(curl -s -o "$tmp/out" -w '%{http_code}' "$staff/metrics")
ok "the console serves the public service's metrics ($code)" \
    sh -c "[ $code = 200 ] && grep -q '^sogoc_http_requests_total' '$tmp/out'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")
ok "and the public port does not ($code)" [ "$code" = 404 ]

# 7. Slow connections: 300 from 10 addresses, then 1,000 from one.
idle "$tmp/idle.out" "$sport" 300 10 5
codes=""
for i in 1 2 3 4 5; do
	codes="$codes$(curl -s -m 1 -o /dev/null -w '%{http_code}' \
	    "$staff/login")"
done
ok "300 slow connections from 10 addresses: the sign-in page answers within 1 s, 5 times of 5 ($codes)" \
    [ "$codes" = 200200200200200 ]
wait $ipid
"$top_builddir/tests/idleconn" "$sport" 1000 1 2 > "$tmp/one.out"
ok "1,000 from one address are cut off but 16 ($(sed -n 's/^closed //p' "$tmp/one.out") of 1000 shut within 2 s)" \
    [ "$(sed -n 's/^closed //p' "$tmp/one.out")" -ge 984 ]
codes=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$staff/login")
ok "and the console answers afterwards ($codes)" [ "$codes" = 200 ]

stop_clean "$tmp/log"

# 8. The public side's trusted proxy is not the console's: its
# X-Forwarded-For is not believed by the console (a sign-in limit a
# client could pick its way around).  Then, behind the console's own
# proxy (staff-trusted-proxy), the console counts the client it names:
# one client held back, another through the same proxy not; the log
# names the client.
STAFF=1 serve_start "$tmp/log3" --trusted-proxy 127.0.0.1
sport=$((port + 1))
origin="Origin: $staff"
wait_up "$staff/login"
five_wrong 198.51.100.1 198.51.100.2 198.51.100.3 198.51.100.4 \
    198.51.100.5
xlogin 198.51.100.77 chi "chi's long password"
ok "the public port's trusted proxy does not vouch for sign-ins ($code)" \
    [ "$code" = 429 ]
"$top_builddir/tests/idleconn" "$sport" 100 1 1 > "$tmp/one3.out"
ok "and the console's 16 connections per address still hold ($(sed -n 's/^closed //p' "$tmp/one3.out") of 100 shut)" \
    [ "$(sed -n 's/^closed //p' "$tmp/one3.out")" -ge 84 ]
stop_clean "$tmp/log3"

STAFF=1 serve_start "$tmp/log2" --trusted-proxy 127.0.0.1 \
    --staff-trusted-proxy 127.0.0.1
origin="Origin: $staff"
wait_up "$staff/login"
five_wrong 198.51.100.7
xlogin 198.51.100.7 chi "chi's long password"
ok "behind the proxy, the client with five wrong passwords waits ($code)" \
    [ "$code" = 429 ]
xlogin 198.51.100.8 chi "chi's long password"
ok "and another client of the same proxy signs in ($code)" [ "$code" = 303 ]
ok "the log names the client the proxy saw" \
    grep -q 'sign-in as chi from 198.51.100.7 refused' "$tmp/log2"
stop_clean "$tmp/log2"
done_testing
