# ocr_lib.sh: what the OCR tests ask of `sogoc ocr` output beside the
# generator's truth, and how they import it.  Sourced after tap.sh.

# import_jsonl FILE: `sogoc import` of FILE, rows and pages as `sogoc ocr`
# writes them, into the volume $vol with the scans in $tmp; its stderr in
# $tmp/err and shown as TAP comments, its exit status in $rc.
import_jsonl() {
	# shellcheck disable=SC2086
	"$SOGOC" import $vol --sources "$tmp" "$1" 2> "$tmp/err"
	rc=$?
	sed 's/^/# /' "$tmp/err"
}

# wrong_accepted OUT TRUTH: the accepted fields of the JSONL OUT whose
# value is not the one in sogoc-gen's truth TRUTH, one "row key got want"
# line each (the truth's page is the line's page).
wrong_accepted() {
	jq -rn --slurpfile t "$2" --slurpfile o "$1" '
	    $o[] | select(.fields != null) as $r | $r.fields | to_entries[] |
	    select(.value.status == "accepted") |
	    (($t[0].pages[$r.page - 1].rows[$r.row - 1].fields[.key].value)
	    // "") as $want |
	    select(.value.value != $want) |
	    "\($r.row) \(.key) \(.value.value) \($want)"'
}
