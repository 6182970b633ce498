# console_lib.sh: talking to the staff console with curl, for the tests
# that sourced serve_lib.sh and started it (STAFF=1, $staff); $origin is
# the Origin header its forms send.

# get NAME PATH: GET as NAME (cookie jar $tmp/NAME), body in $tmp/out,
# status in $code.
get() {
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/$1" \
	    -c "$tmp/$1" "$staff$2")
}
# post NAME PATH ARG...: POST a form as NAME (JSON answers), with the
# session's CSRF token unless the args give one.
post() {
	who=$1
	path=$2
	shift 2
	code=$(curl -s -o "$tmp/out" -w '%{http_code}' -b "$tmp/$who" \
	    -c "$tmp/$who" -H "$origin" -H 'Accept: application/json' \
	    "$@" "$staff$path")
}
login() {
	code=$(curl -s -o "$tmp/out" -D "$tmp/hdr" -w '%{http_code}' \
	    -c "$tmp/$1" -H "$origin" --data-urlencode "name=$1" \
	    --data-urlencode "password=$2" "$staff/login")
}
csrf_of() {
	get "$1" /
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/out" | head -1
}
# jqok FILTER FILE: the filter holds (its output is not TAP).
jqok() {
	jq -e "$1" "$2" > /dev/null
}
