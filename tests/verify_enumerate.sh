#!/bin/sh
# Two answers must not find the third (issue 13, finding 8).  Serial
# numbers are consecutive, dates of birth few: the attacks of the review,
# replayed from 32 loopback addresses in 32 networks so that no limit per
# address or per network stops them: the serial of a known name and date
# of birth scanned for, through the verify API, the page and copy
# requests; the date of birth of a known serial and name guessed.  Each
# must be stopped by the limits on what is asked well before it reaches
# the answer, a question that finds the diploma must cost what one that
# does not costs, and an employer checking a diploma a few times must not
# notice.  And one network asking all it may about a range of serials
# must not block that range for anyone else (second review, finding 3).
. "${top_srcdir:-.}/tests/tap.sh"

for c in curl jq openssl; do
	command -v $c > /dev/null || skip_all "$c missing"
done
SERVE_PORTS="18626 18727 18828 18929 19626 19727"
. "$top_srcdir/tests/serve_lib.sh"
make_registry 30
make_copy_config
STAFF=1 serve_start "$tmp/log" --config "$tmp/serve.conf" --threads 2
"$SOGOC" export 2> /dev/null | jq -c 'select(.status == "valid")' |
    sort > "$tmp/valid"

# rec N: the Nth valid record's serial, name, dob (ISO) and year.
rec() {
	sed -n "${1}p" "$tmp/valid" > "$tmp/r"
	serial=$(jq -r .fields.serial_no "$tmp/r")
	name=$(jq -r .fields.full_name "$tmp/r")
	dob=$(jq -r .fields.date_of_birth "$tmp/r")
	year=$(jq -r .year "$tmp/r")
}

# serials SERIAL FROM TO: the serials SERIAL+FROM .. SERIAL+TO, one a
# line, as the printed ones run (letters, then digits of the same width).
serials() {
	echo "$1" | awk -v from="$2" -v to="$3" '{
		match($0, /[0-9]+$/)
		pre = substr($0, 1, RSTART - 1)
		num = substr($0, RSTART)
		for (i = from; i <= to; i++)
			printf "%s%0*d\n", pre, length(num), num + i
	}'
}

# dates DOB FROM TO: the dates DOB+FROM .. DOB+TO days, as d/m/yyyy.
dates() {
	i=$2
	while [ "$i" -le "$3" ]; do
		date -u -d "$1 $i days" +%-d/%-m/%Y
		i=$((i + 1))
	done
}

# from N: the source address of the Nth try, one of 32 in turn so that
# each spends no more than a few tokens of its own bucket: in 32 networks
# (/24s) of their own for round R (127.2.R.2 .. 127.33.R.2), or, with
# onenet=1, all in one (127.0.R.2 .. 127.0.R.33).  Each attack has its
# round, so that it meets no network's range bucket another spent.
round=0
onenet=0
from() {
	if [ "$onenet" = 1 ]; then
		echo "127.0.$round.$(($1 % 32 + 2))"
	else
		echo "127.$(($1 % 32 + 2)).$round.2"
	fi
}

# verify URL SERIAL NAME DOB N: the status of the Nth try.
verify() {
	curl -s -o /dev/null -w '%{http_code}' --interface "$(from "$5")" \
	    -G "$base$1" --data-urlencode "serial=$2" \
	    --data-urlencode "name=$3" --data-urlencode "dob=$4"
}

# copy SERIAL NAME DOB YEAR N [CONTACT]: the status of a copy request
# naming SERIAL.
copy() {
	curl -s -o /dev/null -w '%{http_code}' --interface "$(from "$5")" \
	    -H 'Content-Type: application/json' --data-binary "$(jq -nc \
	    --arg n "$2" --arg d "$3" --arg y "$4" --arg s "$1" \
	    --arg c "${6:-0912 345 678}" \
	    '{full_name: $n, date_of_birth: $d, year: $y, serial_no: $s,
	    national_id: "079201001234", contact: $c}')" \
	    "$base/api/v1/copy-requests"
}

# report FILE HIT: "found at try N", or how the tries ended.
report() {
	n=$(grep -n "^$2\$" "$1" | head -1 | cut -d: -f1)
	first429=$(grep -n '^429$' "$1" | head -1 | cut -d: -f1)
	echo "# $(wc -l < "$1") tries: ${n:+found at try $n, }$(grep -c '^429$' "$1") refused with 429 from try ${first429:-none}"
}

# stopped FILE HIT: never found, and refused from the 11th try on (and
# a comment saying how it went).
stopped() {
	report "$1" "$2"
	! grep -q "^$2\$" "$1" && [ "$(sed -n '11,$p' "$1" | grep -vc '^429$')" = 0 ]
}

# tries FN: FN LINE N for the Nth line of stdin, its statuses one a line.
tries() {
	i=0
	while read -r x; do
		i=$((i + 1))
		"$1" "$x" $i
		echo
	done
}
# The tries of each attack: what is guessed, and the try's number.
by_serial() { verify /api/v1/verify "$1" "$name" "$dob" "$2"; }
by_serial_page() { verify / "$1" "$name" "$dob" "$2"; }
by_dob() { verify /api/v1/verify "$serial" "$name" "$1" "$2"; }
by_serial_copy() {
	copy "$1" "$name" "$(date -u -d "$dob" +%-d/%-m/%Y)" "$year" "$2"
}
# The page answers 200 both ways: "hit" when it says valid.
page_hit() {
	curl -s --interface "$(from "$2")" -G "$base/" \
	    --data-urlencode "serial=$1" --data-urlencode "name=$name" \
	    --data-urlencode "dob=$dob" | grep -q 'Văn bằng hợp lệ' &&
	    printf hit
}

# attack ROUND K GUESSES FN: in round ROUND, record K (rec) attacked: the
# 81 GUESSES ("serials" or "dates", from 40 before the known one to 40
# after, also kept in $tmp/guesses) tried with FN; the statuses.
attack() {
	round=$1
	rec "$2"
	if [ "$3" = dates ]; then
		dates "$dob" -40 40
	else
		serials "$serial" -40 40
	fi > "$tmp/guesses"
	tries "$4" < "$tmp/guesses"
}

# asks N [ADDR]: $codes, the statuses of N questions about the record
# (rec) in a row, each from address ADDR of the round, or else the i-th.
asks() {
	codes=""
	i=1
	while [ "$i" -le "$1" ]; do
		codes="$codes$(verify /api/v1/verify "$serial" "$name" "$dob" \
		    "${2:-$i}")"
		i=$((i + 1))
	done
}

# Attack 1: the name and date of birth of the 15th diploma known, its
# serial is scanned for upwards from 40 below; it is the 41st try.
attack 1 15 serials by_serial > "$tmp/a1"
ok "scanning serials for a known name and date of birth from 32 addresses is stopped before the serial is found" \
    stopped "$tmp/a1" 200
ok "and the right serial then answers 429 like the wrong ones: the limit is no oracle" \
    [ "$(verify /api/v1/verify "$serial" "$name" "$dob" 99)" = 429 ]

# The same on the page, for another person.
attack 2 5 serials by_serial_page > "$tmp/a1p"
tries page_hit < "$tmp/guesses" > "$tmp/a1hits"
ok "the page's form is limited the same way ($(grep -c '^429$' "$tmp/a1p") of 81 refused, $(grep -c hit "$tmp/a1hits") found)" \
    sh -c "! grep -q hit '$tmp/a1hits' && [ \$(sed -n '11,\$p' '$tmp/a1p' | grep -vc '^429$') = 0 ]"

# Attack 2: the serial and name of the 25th diploma known, its date of
# birth guessed upwards from 40 days before; it is the 41st try.
attack 3 25 dates by_dob > "$tmp/a2"
ok "guessing the date of birth of a known serial and name from 32 addresses is stopped before it is found" \
    stopped "$tmp/a2" 200

# Attack 1 through copy requests (201 when the serial is the person's).
attack 4 20 serials by_serial_copy > "$tmp/a3"
ok "scanning serials through copy requests is stopped too" \
    stopped "$tmp/a3" 201
ok "and the scan shared the person's bucket with the verify API" \
    [ "$(verify /api/v1/verify "$serial" "$name" "$dob" 7)" = 429 ]

# An employer checks one diploma a few times, and a graduate asks for a
# copy of it, from networks no attack came from: never refused.
round=0
rec 10
asks 6 1
ok "an employer checking a diploma six times is answered every time ($codes)" \
    [ "$codes" = 200200200200200200 ]
ok "and the graduate's copy request naming it is taken" \
    [ "$(copy "$serial" "$name" "$dob" "$year" 1)" = 201 ]
# A graduate fixing a typo in the form: a form refused before any
# lookup costs no token of the diploma's.
rec 12
codes=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	codes="$codes$(copy "$serial" "$name" "$dob" "$year" $i "x")"
done
ok "a copy form refused 12 times for a bad contact is never 429 ($codes)" \
    [ "$codes" = 400400400400400400400400400400400400 ]
ok "and the graduate's corrected form is then taken" \
    [ "$(copy "$serial" "$name" "$dob" "$year" 13)" = 201 ]
rec 11
ok "another diploma of the same range is answered meanwhile" \
    [ "$(verify /api/v1/verify "$serial" "$name" "$dob" 3)" = 200 ]
ok "a malformed question costs no token (400, not 429)" \
    [ "$(verify /api/v1/verify "$serial" "$name" "31/2/1980" 3)" = 400 ]

# range SERIAL: the 100 serials of SERIAL's range (its last two digits
# 00 to 99), one a line.
range() {
	echo "$1" | awk '{
		match($0, /[0-9]+$/)
		pre = substr($0, 1, RSTART - 1)
		num = substr($0, RSTART)
		for (i = 0; i < 100; i++)
			printf "%s%0*d\n", pre, length(num), num - num % 100 + i
	}'
}
# A network asks about every serial of a range, each with someone else
# (a class list matched against a class), all 100 questions an hour it
# may ask about the range; then it keeps asking about one diploma there.
rec 28
range "$serial" > "$tmp/range"
round=5
onenet=1
i=0
while read -r s; do
	i=$((i + 1))
	verify /api/v1/verify "$s" "Khách Thử $i" 1/1/1970 $i
	echo
done < "$tmp/range" > "$tmp/r1"
ok "one network may ask 100 questions about a range ($(grep -c '^404$' "$tmp/r1") of 100 answered, $(grep -c '^429$' "$tmp/r1") refused)" \
    [ "$(grep -c '^404$' "$tmp/r1")" -ge 90 ]
asks 20
ok "then its 20 questions about a diploma of the range are refused, the right answer too" \
    [ "$codes" = "$(printf '429%.0s' $(seq 20))" ]
# Another network (an employer in another town) asks about the same
# range: answered, and the 20 refusals spent none of that diploma's 10.
round=6
asks 8
ok "another network is answered about that diploma meanwhile, 8 times ($codes)" \
    [ "$codes" = 200200200200200200200200 ]
rec 27
ok "and about another diploma of the range" \
    [ "$(verify /api/v1/verify "$serial" "$name" "$dob" 1)" = 200 ]
ok "and may copy it" \
    [ "$(copy "$serial" "$name" "$dob" "$year" 2)" = 201 ]
# The class-list attack from many networks is still held by the buckets
# of each person and each serial: a person asked about 10 times is
# refused, from whatever network, and so is a serial.
rec 26
round=7
onenet=0
range "$serial" | head -12 > "$tmp/scan"
tries by_serial < "$tmp/scan" > "$tmp/r2"
ok "a person tried against a range from 12 networks is refused from the 11th try" \
    sh -c "[ \$(head -10 '$tmp/r2' | grep -c '^429\$') = 0 ] && [ \$(sed -n '11,\$p' '$tmp/r2' | grep -vc '^429\$') = 0 ]"
ok "the log names no one asked about" \
    sh -c "! grep -qF '$name' '$tmp/log' && ! grep -qF '$serial' '$tmp/log'"

done_testing
