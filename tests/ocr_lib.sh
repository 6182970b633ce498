# ocr_lib.sh: what the OCR tests ask of `sogoc ocr` output beside the
# generator's truth.  Sourced after tap.sh.

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
