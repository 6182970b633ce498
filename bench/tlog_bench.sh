#!/bin/sh
# tlog_bench.sh: `sogoc monitor` following a log of N records served as
# C2SP tiles by nginx: from nothing, then after M more records; entries a
# second, bytes and requests (the monitor's count and nginx's access log),
# beside wget fetching the same files from the same nginx (one process,
# keep-alive, the URL list of every file the monitor needs, to /dev/null)
# as the peer.  The first run is also timed with --connections 1, and
# against a second server of the same nginx with gzip on (level 1).
# It checks that the resume asked only for the checkpoint and files that
# were not there before the M records.
#
#   bench/tlog_bench.sh [-n RECORDS] [-m MORE] [-b BUILDDIR] [-o DIR]
#
# -n  records (default 1000000)
# -m  records published after the first run (default 10000)
# -b  the build directory with sogoc and sogoc-gen (default build)
# -o  where the registry, tiles and logs go (default a new directory
#     under /tmp)
#
# Needs nginx and wget.  Not part of `make check`; docs/bench.md records a
# run.  Run it on an idle machine (uptime's load under 1).
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

n=1000000
m=10000
builddir=build
out=""
bench_options 'n:n m:m b:builddir o:out' "$@"
S="$builddir/sogoc"
bench_built "$builddir" sogoc sogoc-gen
bench_needs nginx wget
bench_workdir tlog
rm -rf "$out/db" "$out/www" "$out/mon" "$out/mon1" "$out/nginx"
mkdir -p "$out/www" "$out/nginx"
chmod a+rx "$out"
origin=bench.example/sogoc

# secs CMD...: run CMD, print its wall time in seconds.
secs() {
	t0=$(date +%s.%N)
	"$@" > "$out/last.out" 2> "$out/last.err"
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}
rate() {
	echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }'
}
# logged: requests and bytes sent in nginx's access log.
logged() {
	awk '{ n++; b += $3 } END { printf "%d requests, %d bytes", n, b }' \
	    "$out/nginx/access.log"
}

load0=$(uptime | sed 's/.*load/load/')
echo "tlog_bench: $load0" >&2
echo "tlog_bench: generating $n + $m records in $out" >&2
"$builddir/sogoc-gen" --seed 1 --csv "$n" --out "$out/ledger" > "$out/vol"
"$builddir/sogoc-gen" --seed 2 --csv "$m" --out "$out/more" > "$out/vol2"
rm -rf "$out/keys"
"$S" keygen --name $origin --out "$out/keys" > /dev/null 2>&1
# shellcheck disable=SC2046
"$S" import --db "$out/db" --publish --key "$out/keys/signer.key" \
    $(cat "$out/vol") "$out/ledger.csv" 2> /dev/null
echo "tlog_bench: writing the tiles" >&2
t_tiles=$(secs "$S" tiles --db "$out/db" --out "$out/www")

port=$(( 30000 + $$ % 20000 ))
tries=0
while :; do
	cat > "$out/nginx/nginx.conf" <<-EOT
	worker_processes 1;
	pid $out/nginx/nginx.pid;
	error_log $out/nginx/error.log;
	events { worker_connections 256; }
	http {
		log_format m '\$uri \$status \$bytes_sent';
		access_log $out/nginx/access.log m;
		server {
			listen 127.0.0.1:$port;
			root $out/www;
			location / { default_type application/octet-stream; }
		}
		server {
			listen 127.0.0.1:$((port + 1));
			root $out/www;
			gzip on;
			gzip_comp_level 1;
			gzip_types application/octet-stream;
			location / { default_type application/octet-stream; }
		}
	}
	EOT
	nginx -c "$out/nginx/nginx.conf" -p "$out/nginx" 2> /dev/null && break
	tries=$((tries + 1))
	[ $tries -lt 20 ] || bench_fail "nginx would not start"
	port=$((port + 2))
done
trap 'nginx -c "$out/nginx/nginx.conf" -p "$out/nginx" -s stop' EXIT
sleep 0.5
url="http://127.0.0.1:$port"
echo "$origin $(cat "$out/keys/verifier.pub") $url/" > "$out/logs"
echo "$origin $(cat "$out/keys/verifier.pub") http://127.0.0.1:$((port + 1))/" \
    > "$out/logs-gzip"

echo "tlog_bench: monitor from nothing" >&2
: > "$out/nginx/access.log"
t_first=$(secs "$S" monitor --logs "$out/logs" --db "$out/mon")
first_out=$(cat "$out/last.out")
first_err=$(cat "$out/last.err")
first_log=$(logged)
# One GET at a time, into a monitor state of its own.
: > "$out/nginx/access.log"
t_seq=$(secs "$S" monitor --logs "$out/logs" --db "$out/mon1" \
    --connections 1)
seq_log=$(logged)
rm -rf "$out/mon1"
# From nginx with gzip (level 1), into a state of its own.
: > "$out/nginx/access.log"
t_gz=$(secs "$S" monitor --logs "$out/logs-gzip" --db "$out/mon1")
gz_log=$(logged)
rm -rf "$out/mon1"
# The peer: wget of the very files the monitor asked for.
sed "s|^\\([^ ]*\\) .*|$url\\1|" "$out/nginx/access.log" > "$out/urls"
: > "$out/nginx/access.log"
t_wget=$(secs wget -q -O /dev/null -i "$out/urls")
wget_log=$(logged)


echo "tlog_bench: $m more, and the resume" >&2
find "$out/www" -type f | sed "s|^$out/www||" | sort > "$out/before"
# shellcheck disable=SC2046
"$S" import --db "$out/db" --publish --key "$out/keys/signer.key" \
    $(cat "$out/vol2") "$out/more.csv" 2> /dev/null
"$S" tiles --db "$out/db" --out "$out/www" > /dev/null 2>&1
: > "$out/nginx/access.log"
t_resume=$(secs "$S" monitor --logs "$out/logs" --db "$out/mon")
resume_out=$(cat "$out/last.out")
resume_err=$(cat "$out/last.err")
resume_log=$(logged)
awk '{ print $1 }' "$out/nginx/access.log" | sort > "$out/asked"
old=$(comm -12 "$out/before" "$out/asked" | grep -vx /checkpoint |
    wc -l)
cp "$out/nginx/access.log" "$out/resume.log"

cat <<EOT
## tlog_bench: $n records, then $m more ($(date -u +%Y-%m-%d))

before: $load0

| step | time | rate | fetched (nginx) | monitor says |
|---|---|---|---|---|
| sogoc tiles --out, $n records | $t_tiles s | $(rate "$n" "$t_tiles") records/s | | |
| sogoc monitor from nothing | $t_first s | $(rate "$n" "$t_first") entries/s | $first_log | $first_out; $first_err |
| sogoc monitor from nothing, --connections 1 | $t_seq s | $(rate "$n" "$t_seq") entries/s | $seq_log | |
| sogoc monitor from nothing, nginx with gzip | $t_gz s | $(rate "$n" "$t_gz") entries/s | $gz_log | |
| peer: wget -i of the same URLs | $t_wget s | $(rate "$n" "$t_wget") entries/s | $wget_log | |
| sogoc monitor after $m more | $t_resume s | $(rate "$m" "$t_resume") entries/s | $resume_log | $resume_out; $resume_err |

The resume asked for $(wc -l < "$out/asked") paths, $old of them files
that were there before the $m records (the checkpoint aside): they
should be 0.
after: $(uptime | sed 's/.*load/load/')
EOT
