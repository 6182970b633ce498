#!/bin/sh
# The log's C2SP tiles, served by nginx as docs/deploy.md sets it up, read
# by an independent implementation: Go's golang.org/x/mod/sumdb/tlog
# (tests/interop/tiles.go, GOPATH mode, no network) proves the inclusion
# of 64 random leaves and a few at the tiles' edges, each read from its
# entry bundle, and the consistency of the checkpoint of 65,700 records
# with the served one of 70,000, from the tiles alone; its consistency
# proof is the one `sogoc proof --consistency` gives.  A flipped byte in a
# served full tile, or in an entry of a bundle, makes Go refuse the
# proof.  nginx
# answers with the cache lifetimes deploy.md gives and keeps the writer's
# files (.lock, .tmp/) to itself.
. "${top_srcdir:-.}/tests/tap.sh"

GO=$(command -v "${GO:-go}") || GO=""
GOPATH=/usr/share/gocode
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -n "$GO" ] && [ -x "$GO" ] || skip_all "no Go toolchain (golang-go)"
[ -d "$GOPATH/src/golang.org/x/mod/sumdb/tlog" ] ||
    skip_all "no golang-golang-x-mod-dev in $GOPATH"
[ -x "$NGINX" ] || skip_all "no nginx (nginx-light)"
export GOPATH GO111MODULE=off GOFLAGS= GOCACHE="$tmp/gocache" \
    GOTOOLCHAIN=local CGO_ENABLED=0 NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
T="$tmp/tiles"
"$GO" build -o "$T" "$top_srcdir/tests/interop/tiles.go" ||
    { echo "not ok 1 - the Go tile reader builds"; echo "1..1"; exit 0; }

# The log, published in two steps with its tiles in $tmp/srv/log.
ledger 23 70000 big interop.example/log
srv="$tmp/srv"
mkdir -p "$srv/log"
printf '[serve]\ntiles = %s/log\n' "$srv" > "$tmp/serve.conf"
head -65701 "$tmp/big.csv" > "$tmp/first.csv"
publish() {
	# shellcheck disable=SC2086
	SOGOC_CONFIG="$tmp/serve.conf" "$SOGOC" import --db "$tmp/db" \
	    --publish --key "$KEY" --batch 100000 $vol "$1" > /dev/null 2>&1
}
publish "$tmp/first.csv" || exit 1
cp "$srv/log/checkpoint" "$tmp/cp65700"
publish "$tmp/big.csv" || exit 1

# Copies with one byte flipped: in a full tile, in an entry of a bundle.
cp -R "$srv/log" "$srv/badtile"
cp -R "$srv/log" "$srv/badentry"
chmod -R u+w "$srv/badtile" "$srv/badentry"
flip_byte "$srv/badtile/tile/0/005" 4000
# 10 bytes into the second entry (leaf 1281), past the first's length.
len0=$(od -An -tu1 -N2 "$srv/badentry/tile/entries/005" |
    awk '{ print $1 * 256 + $2 }')
flip_byte "$srv/badentry/tile/entries/005" $((2 + len0 + 2 + 10))

# nginx on a free loopback port, its workers (nobody) able to read.
chmod -R a+rX "$tmp"
ng="$tmp/ng"
mkdir -p "$ng"
start_nginx() {
	cat > "$ng/nginx.conf" <<EOF
daemon off;
worker_processes 1;
error_log $ng/error.log;
pid $ng/nginx.pid;
events { worker_connections 64; }
http {
	access_log $ng/access.log;
	client_body_temp_path $ng/body;
	proxy_temp_path $ng/proxy;
	fastcgi_temp_path $ng/fastcgi;
	uwsgi_temp_path $ng/uwsgi;
	scgi_temp_path $ng/scgi;
	server {
		listen 127.0.0.1:$1;
		# The copies with a flipped byte, plainly.
		location / {
			root $srv;
			default_type application/octet-stream;
		}
		# The log, as docs/deploy.md serves it.
		location /log/ {
			alias $srv/log/;
			location ~ /\. { deny all; }
			location ~ /checkpoint\$ {
				default_type "text/plain; charset=utf-8";
				add_header Cache-Control "public, max-age=5";
				add_header Access-Control-Allow-Origin *;
			}
			location ~ /tile/.*\.p/ {
				default_type application/octet-stream;
				add_header Cache-Control "public, max-age=5";
				gzip on;
				gzip_types application/octet-stream;
			}
			location ~ /tile/entries/ {
				default_type application/octet-stream;
				add_header Cache-Control
				    "public, max-age=31536000, immutable";
				gzip on;
				gzip_types application/octet-stream;
			}
			location ~ /tile/ {
				default_type application/octet-stream;
				add_header Cache-Control
				    "public, max-age=31536000, immutable";
			}
		}
	}
}
EOF
	"$NGINX" -p "$ng" -c "$ng/nginx.conf" -e "$ng/error.log" \
	    2> "$ng/start.err" &
	npid=$!
	# Up when it serves our checkpoint (not another program on the port).
	curl -s --max-time 5 --retry 20 --retry-connrefused --retry-delay 0 \
	    -o "$ng/probe" "http://127.0.0.1:$1/log/checkpoint" &&
	    kill -0 "$npid" 2> /dev/null &&
	    cmp -s "$ng/probe" "$srv/log/checkpoint"
}
npid=""
trap '[ -z "$npid" ] || kill "$npid" 2> /dev/null; rm -rf "$tmp"' EXIT
port=""
for try in 1 2 3 4 5; do
	p=$((20000 + $(od -An -tu2 -N2 /dev/urandom | tr -d ' ') % 40000))
	if start_nginx "$p"; then
		port=$p
		break
	fi
	[ -z "$npid" ] || kill "$npid" 2> /dev/null
	npid=""
done
if [ -z "$port" ]; then
	sed 's/^/# /' "$ng/error.log" "$ng/start.err"
	echo "not ok 1 - nginx serves the tiles"
	echo "1..1"
	exit 0
fi
base="http://127.0.0.1:$port"

# What nginx answers (docs/deploy.md): lifetimes, and no writer's files.
header() {
	curl -sI --max-time 10 "$base/$1" | tr -d '\r' | awk -v h="$2" \
	    'tolower($1) == tolower(h) ":" { sub(/^[^:]*: /, ""); print }'
}
ok "a full tile is cached for a year" \
    [ "$(header log/tile/0/000 Cache-Control)" = \
    "public, max-age=31536000, immutable" ]
ok "a partial tile for seconds" \
    [ "$(header log/tile/0/273.p/112 Cache-Control)" = "public, max-age=5" ]
ok "the checkpoint for seconds, as text" \
    [ "$(header log/checkpoint Content-Type)" = \
    "text/plain; charset=utf-8" ]
ok "the writer's lock is not served" \
    [ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' \
    "$base/log/.lock")" = 403 ]

# Go, from the tiles alone.
"$T" -base "$base/log/" -pub "$PUB" -old "$tmp/cp65700" -n 64 -seed 7 \
    > "$tmp/goproof" 2> "$tmp/goerr"
rc=$?
sed 's/^/# /' "$tmp/goerr"
ok "Go proves 64 random inclusions and 65,700 -> 70,000 from the tiles" \
    [ "$rc" -eq 0 ]
"$SOGOC" proof --db "$tmp/db" --consistency 65700 | jq -r '.proof[]' \
    > "$tmp/ourproof"
ok "its consistency proof is sogoc's" \
    sh -c '[ -s "$1" ] && cmp -s "$1" "$2"' sh "$tmp/goproof" "$tmp/ourproof"
ok "Go proves the leaves at the tiles' edges" sh -c '"$1" -base "$2" \
    -pub "$3" -old "$4" -index 0,255,256,65535,65536,69887,69888,69999 \
    > /dev/null 2>&1' sh "$T" "$base/log/" "$PUB" "$tmp/cp65700"
ok "Go's reads went through nginx" \
    contains "$ng/access.log" "GET /log/tile/2/000.p/1 "

# refuses WHAT COPY LEAF PATTERN: Go, proving LEAF from the served COPY,
# refuses, saying PATTERN.
refuses() {
	"$T" -base "$base/$2/" -pub "$PUB" -old "$tmp/cp65700" -index "$3" \
	    > /dev/null 2> "$tmp/goerr"
	rc=$?
	sed 's/^/# /' "$tmp/goerr"
	ok "Go refuses $1" [ "$rc" -ne 0 ]
	ok "saying \"$4\"" contains "$tmp/goerr" "$4"
}
refuses "a served full tile with a flipped byte" badtile 1287 \
    "inclusion of leaf 1287"
refuses "an entry with a flipped byte" badentry 1281 "inclusion of leaf 1281"

done_testing
