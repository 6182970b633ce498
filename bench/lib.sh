# bench/lib.sh: what the benchmark scripts share, sourced by each after
# `set -eu`: their options and usage, the checks that the build and the
# tools they need are there, their working directory, and a `sogoc serve`
# set up to be measured.  Only functions: sourcing it runs nothing.
# A check that fails says so on stderr and exits 2, as the usage does.
# shellcheck shell=sh

bench_name=$(basename "$0" .sh)

# bench_usage: the script's opening comment, its usage, on stderr; exit 2.
bench_usage() {
	sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# bench_fail WHY...: the bench cannot run, and why; exit 2.
bench_fail() {
	echo "$bench_name: $*" >&2
	exit 2
}

# bench_options 'L:VAR ...' ARG...: each option -L VALUE in ARG sets the
# variable VAR to VALUE; an unknown option, or one without its value,
# prints the usage.
bench_options() {
	_spec=$1
	shift
	_letters=""
	for _p in $_spec; do
		_letters="$_letters${_p%%:*}:"
	done
	OPTIND=1
	while getopts "$_letters" _opt; do
		_var=""
		for _p in $_spec; do
			[ "${_p%%:*}" != "$_opt" ] || _var=${_p#*:}
		done
		[ -n "$_var" ] || bench_usage
		eval "$_var=\$OPTARG"
	done
}

# bench_built DIR PROGRAM...: each PROGRAM, a path under the build
# directory DIR, has been built.
bench_built() {
	_dir=$1
	shift
	for _p; do
		[ -x "$_dir/$_p" ] ||
		    bench_fail "build first ($_dir/$_p; make in $_dir)"
	done
}

# bench_needs COMMAND...: each COMMAND is installed.
bench_needs() {
	for _c; do
		command -v "$_c" > /dev/null || bench_fail "needs $_c"
	done
}

# bench_workdir NAME: $out as given, or else a new directory
# /tmp/sogoc-NAME.XXXXXX; made if missing.
bench_workdir() {
	[ -n "$out" ] || out=$(mktemp -d "/tmp/sogoc-$1.XXXXXX")
	mkdir -p "$out"
}

# bench_nginx DIR PORT ROOT [DIRECTIVE...]: nginx with two workers
# serving ROOT on 127.0.0.1:PORT, its files in DIR/nginx, the http
# block's extra DIRECTIVEs (each ending in `;`) before the server; stop
# it with `bench_nginx_stop DIR`.
bench_nginx() {
	_d=$1
	_port=$2
	_root=$3
	shift 3
	mkdir -p "$_d/nginx"
	{
		echo "worker_processes 2;"
		echo "pid $_d/nginx/nginx.pid;"
		echo "error_log $_d/nginx/error.log;"
		echo "events { worker_connections 4096; }"
		echo "http {"
		echo "	access_log off;"
		for _x; do
			echo "	$_x"
		done
		echo "	server {"
		echo "		listen 127.0.0.1:$_port;"
		echo "		root $_root;"
		echo "		location / { default_type application/octet-stream; }"
		echo "	}"
		echo "}"
	} > "$_d/nginx/nginx.conf"
	nginx -c "$_d/nginx/nginx.conf" -p "$_d/nginx"
	sleep 0.5
}

bench_nginx_stop() {
	nginx -c "$1/nginx/nginx.conf" -p "$1/nginx" -s stop
}

# bench_serve SOGOC DB PORT LOG: `sogoc serve` of DB on 127.0.0.1:PORT
# with the limits off (the load comes from one address: the service is
# measured, not its limits), stderr to LOG; its pid in $spid.  Returns
# once it answers /healthz.
bench_serve() {
	"$1" serve --db "$2" --listen "127.0.0.1:$3" --threads 2 --rate 0 \
	    --per-ip 4096 --ask-limit false 2> "$4" &
	# shellcheck disable=SC2034 # the caller's, to stop it with
	spid=$!
	curl -s --retry 20 --retry-connrefused --retry-delay 0 -o /dev/null \
	    "http://127.0.0.1:$3/healthz"
}

# bench_ms CMD...: CMD's wall time in milliseconds (`date +%s%N` either
# side, the process start included); CMD must succeed, else exit 1.
bench_ms() {
	_t0=$(date +%s%N)
	"$@" > /dev/null 2>&1 ||
	    { echo "$bench_name: failed: $*" >&2; exit 1; }
	_t1=$(date +%s%N)
	echo "$_t0 $_t1" | awk '{ printf "%.2f\n", ($2 - $1) / 1e6 }'
}

# bench_median: the median of the numbers on stdin, one a line.
bench_median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# bench_ratio A B: A / B to one decimal.
bench_ratio() {
	echo "$1 $2" | awk '{ printf "%.1f", $1 / $2 }'
}
