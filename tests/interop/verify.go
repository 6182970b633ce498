// verify.go: an independent check of sogoc's registry, written against Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (Debian's
// golang-golang-x-mod-dev), not against sogoc's own code.
//
//	verify checkpoint VKEYS FILE
//	verify inclusion VKEYS PROOF.json
//	verify consistency VKEYS OLD_CHECKPOINT NEW_CHECKPOINT PROOF.json
//	verify receipt VKEYS RECEIPT.json
//
// The receipt mode follows docs/registry.md's table of what proves each
// member of a sogoc-receipt/v2, and refuses any member it does not list.
// Leaves may be sogoc/event/v1 or sogoc/event/v2 (whose `by` line is a
// salted digest); an inclusion proof's optional "by" disclosure must
// match that line.
//
// VKEYS holds verifier keys, one per line.  It prints "ok ..." and exits 0,
// or prints "verify: REASON" and exits 1.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
	text   string
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "verify: "+format+"\n", args...)
	os.Exit(1)
}

func verifiers(path string) note.Verifiers {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var list []note.Verifier
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := note.NewVerifier(line)
		if err != nil {
			fail("verifier key %q: %v", line, err)
		}
		list = append(list, v)
	}
	if len(list) == 0 {
		fail("%s: no verifier keys", path)
	}
	return note.VerifierList(list...)
}

// openCheckpoint verifies a signed checkpoint and parses its body as
// c2sp.org/tlog-checkpoint says: origin, size, base64 root, extensions.
func openCheckpoint(msg []byte, known note.Verifiers) checkpoint {
	n, err := note.Open(msg, known)
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.SplitAfter(n.Text, "\n")
	if len(lines) < 3 || lines[0] == "\n" {
		fail("checkpoint: too few lines")
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin == "sogoc/record-head/v1" || origin == "sogoc/issue-heads/v1" {
		fail("checkpoint: a record head, not a checkpoint")
	}
	sizeText := strings.TrimSuffix(lines[1], "\n")
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		fail("checkpoint: bad size %q", sizeText)
	}
	root, err := tlog.ParseHash(strings.TrimSuffix(lines[2], "\n"))
	if err != nil {
		fail("checkpoint: bad root hash: %v", err)
	}
	return checkpoint{origin, size, root, n.Text}
}

func readFile(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return data
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, 0, len(list))
	for _, s := range list {
		h, err := tlog.ParseHash(s)
		if err != nil {
			fail("proof hash %q: %v", s, err)
		}
		out = append(out, h)
	}
	return out
}

type disclosure struct {
	Salt  string `json:"salt"`
	Value string `json:"value"`
}

type inclusionProof struct {
	Index      *int64                `json:"index"`
	Leaf       string                `json:"leaf"`
	Proof      []string              `json:"proof"`
	Checkpoint string                `json:"checkpoint"`
	TlogProof  string                `json:"tlog_proof"`
	Disclosed  map[string]disclosure `json:"disclosed"`
	By         *disclosure           `json:"by"`
}

// saltedDigest is SHA-256(salt || key || 0x00 || value) in base64, as a
// leaf's field lines (and a v2 leaf's by line) carry it.
func saltedDigest(salt []byte, key, value string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(value))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// checkBy: the disclosed account of a proof against the leaf's by line,
// in clear in a v1 leaf, a digest under the disclosed salt in a v2.
func checkBy(by *disclosure, leaf []byte, lines []string) {
	if by == nil {
		return
	}
	if bytes.HasPrefix(leaf, []byte("sogoc/event/v1\n")) {
		if by.Salt != "" || !hasLine(lines, "by "+by.Value) {
			fail("disclosed by does not match the leaf")
		}
		return
	}
	salt, err := base64.StdEncoding.DecodeString(by.Salt)
	if err != nil || len(salt) != 16 {
		fail("by: bad salt")
	}
	if !hasLine(lines, "by "+saltedDigest(salt, "by", by.Value)) {
		fail("disclosed by does not match the leaf")
	}
}

// isEventLeaf: the leaf starts with the header of a version we read.
func isEventLeaf(leaf []byte) bool {
	return bytes.HasPrefix(leaf, []byte("sogoc/event/v1\n")) ||
		bytes.HasPrefix(leaf, []byte("sogoc/event/v2\n"))
}

// parseTlogProof reads the C2SP tlog-proof text format.
func parseTlogProof(text string) (int64, []tlog.Hash, string, error) {
	head, cp, found := strings.Cut(text, "\n\n")
	if !found {
		return 0, nil, "", errors.New("no blank line before the checkpoint")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		return 0, nil, "", errors.New("not c2sp.org/tlog-proof@v1")
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return 0, nil, "", errors.New("no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil {
		return 0, nil, "", err
	}
	var hs []tlog.Hash
	for _, l := range lines[1:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			return 0, nil, "", err
		}
		hs = append(hs, h)
	}
	return index, hs, cp, nil
}

func inclusion(known note.Verifiers, path string) {
	var p inclusionProof
	if err := json.Unmarshal(readFile(path), &p); err != nil {
		fail("%s: %v", path, err)
	}
	if p.Index == nil {
		fail("no index")
	}
	leaf, err := base64.StdEncoding.DecodeString(p.Leaf)
	if err != nil {
		fail("leaf: %v", err)
	}
	cp := openCheckpoint([]byte(p.Checkpoint), known)
	proof := hashes(p.Proof)
	if err := tlog.CheckRecord(proof, cp.size, cp.root, *p.Index, tlog.RecordHash(leaf)); err != nil {
		fail("inclusion: %v", err)
	}
	if p.TlogProof != "" {
		index, hs, text, err := parseTlogProof(p.TlogProof)
		if err != nil {
			fail("tlog_proof: %v", err)
		}
		if index != *p.Index || len(hs) != len(proof) || text != p.Checkpoint {
			fail("tlog_proof disagrees with the JSON proof")
		}
		for i := range hs {
			if hs[i] != proof[i] {
				fail("tlog_proof hash %d disagrees", i)
			}
		}
	}
	if !isEventLeaf(leaf) {
		fail("leaf is not a sogoc/event/v1 or v2")
	}
	lines := strings.Split(string(leaf), "\n")
	checkBy(p.By, leaf, lines)
	for key, d := range p.Disclosed {
		salt, err := base64.StdEncoding.DecodeString(d.Salt)
		if err != nil || len(salt) != 16 {
			fail("%s: bad salt", key)
		}
		want := "field " + key + " " + saltedDigest(salt, key, d.Value)
		found := false
		for _, l := range lines {
			if l == want {
				found = true
			}
		}
		if !found {
			fail("disclosed %s does not match the leaf", key)
		}
	}
	by := ""
	if p.By != nil {
		by = ", recorded by " + p.By.Value
	}
	fmt.Printf("ok inclusion of %d in %s size %d, %d fields disclosed%s\n",
		*p.Index, cp.origin, cp.size, len(p.Disclosed), by)
}

type consistencyProof struct {
	OldSize *int64   `json:"old_size"`
	NewSize *int64   `json:"new_size"`
	Proof   []string `json:"proof"`
}

func consistency(known note.Verifiers, oldPath, newPath, path string) {
	var p consistencyProof
	if err := json.Unmarshal(readFile(path), &p); err != nil {
		fail("%s: %v", path, err)
	}
	oldCp := openCheckpoint(readFile(oldPath), known)
	newCp := openCheckpoint(readFile(newPath), known)
	if oldCp.origin != newCp.origin {
		fail("checkpoints of different logs")
	}
	if p.OldSize == nil || p.NewSize == nil || *p.OldSize != oldCp.size || *p.NewSize != newCp.size {
		fail("proof sizes do not match the checkpoints")
	}
	if err := tlog.CheckTree(hashes(p.Proof), newCp.size, newCp.root, oldCp.size, oldCp.root); err != nil {
		fail("consistency: %v", err)
	}
	fmt.Printf("ok %s size %d is a prefix of size %d\n", oldCp.origin, oldCp.size, newCp.size)
}

// leafLines splits a sogoc/event/v1 or v2 leaf into its lines (without
// the header), and says whether it is one.  The versions differ only in
// the by line, which no receipt member restates.
func leafLines(leaf []byte) ([]string, bool) {
	text := string(leaf)
	if !isEventLeaf(leaf) || !strings.HasSuffix(text, "\n") {
		return nil, false
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	return lines[1:], true
}

// lineValue is the value of the line "key value", if the leaf has one.
func lineValue(lines []string, key string) (string, bool) {
	for _, l := range lines {
		if strings.HasPrefix(l, key+" ") {
			return strings.TrimPrefix(l, key+" "), true
		}
	}
	return "", false
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

type members map[string]json.RawMessage

func (m members) str(where, key string) (string, bool) {
	raw, ok := m[key]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		fail("%s%s is not a string", where, key)
	}
	return s, true
}

func (m members) obj(where, key string) members {
	var o members
	if raw, ok := m[key]; !ok || json.Unmarshal(raw, &o) != nil || o == nil {
		fail("%s%s is missing or not an object", where, key)
	}
	return o
}

func allowOnly(m members, where string, keys ...string) {
	for k := range m {
		found := false
		for _, a := range keys {
			found = found || k == a
		}
		if !found {
			fail("%s%s is not a member a receipt may have", where, k)
		}
	}
}

// sameLines: each of keys is in m if and only if the leaf has that line,
// with the same value.
func sameLines(m members, where string, lines []string, keys ...string) {
	for _, k := range keys {
		got, have := lineValue(lines, k)
		s, present := m.str(where, k)
		if have != present || s != got {
			fail("%s%s is not the leaf's", where, k)
		}
	}
}

// provenLeaf checks the inclusion of m's index, leaf and proof in cp.
func provenLeaf(m members, where string, cp checkpoint) (int64, []string) {
	var index int64
	var leafB64 string
	var proof []string
	if json.Unmarshal(m["index"], &index) != nil || index < 0 ||
		json.Unmarshal(m["leaf"], &leafB64) != nil ||
		json.Unmarshal(m["proof"], &proof) != nil {
		fail("%sindex, leaf or proof malformed", where)
	}
	leaf, err := base64.StdEncoding.DecodeString(leafB64)
	if err != nil {
		fail("%sleaf: %v", where, err)
	}
	if err := tlog.CheckRecord(hashes(proof), cp.size, cp.root, index, tlog.RecordHash(leaf)); err != nil {
		fail("%sinclusion: %v", where, err)
	}
	lines, ok := leafLines(leaf)
	if !ok {
		fail("%sleaf is not a sogoc/event/v1 or v2", where)
	}
	return index, lines
}

func disclosedOK(d json.RawMessage, where, key string, lines []string) string {
	var m members
	if json.Unmarshal(d, &m) != nil || len(m) != 2 {
		fail("%s%s is malformed", where, key)
	}
	salt64, _ := m.str(where+key+".", "salt")
	value, ok := m.str(where+key+".", "value")
	salt, err := base64.StdEncoding.DecodeString(salt64)
	if !ok || err != nil || len(salt) != 16 {
		fail("%s%s is malformed", where, key)
	}
	if !hasLine(lines, "field "+key+" "+saltedDigest(salt, key, value)) {
		fail("%s%s does not match the leaf", where, key)
	}
	return value
}

var eventKeys = []string{"kind", "decision", "decision_date", "reason", "copy_no", "signer", "signer_title"}

func receipt(known note.Verifiers, path string) {
	var r members
	if err := json.Unmarshal(readFile(path), &r); err != nil {
		fail("%s: %v", path, err)
	}
	allowOnly(r, "", "receipt", "index", "leaf", "proof", "checkpoint", "tlog_proof",
		"record", "kind", "status", "disclosed", "diploma", "event", "history", "replaced", "head")
	if f, _ := r.str("", "receipt"); f != "sogoc-receipt/v2" {
		fail("receipt is not sogoc-receipt/v2")
	}
	cpText, _ := r.str("", "checkpoint")
	cp := openCheckpoint([]byte(cpText), known)
	index, lines := provenLeaf(r, "", cp)
	if tp, ok := r.str("", "tlog_proof"); ok {
		ti, hs, text, err := parseTlogProof(tp)
		var proof []string
		json.Unmarshal(r["proof"], &proof)
		if err != nil || ti != index || text != cpText || len(hs) != len(proof) {
			fail("tlog_proof disagrees with the proof")
		}
		for i, h := range hashes(proof) {
			if hs[i] != h {
				fail("tlog_proof hash %d disagrees", i)
			}
		}
	}
	var record int64
	if json.Unmarshal(r["record"], &record) != nil {
		fail("record is not a number")
	}
	if v, _ := lineValue(lines, "record"); v != strconv.FormatInt(record, 10) {
		fail("record is not the leaf's")
	}
	if k, _ := r.str("", "kind"); !hasLine(lines, "kind "+k) {
		fail("kind is not the leaf's")
	}
	_, replaced := r["replaced"]
	status, _ := r.str("", "status")
	if (replaced && status != "replaced") || (!replaced && !hasLine(lines, "status "+status)) {
		fail("status is not the leaf's")
	}
	var dis map[string]json.RawMessage
	if json.Unmarshal(r["disclosed"], &dis) != nil || len(dis) == 0 {
		fail("disclosed is missing")
	}
	for k, d := range dis {
		disclosedOK(d, "disclosed.", k, lines)
	}
	dip := r.obj("", "diploma")
	allowOnly(dip, "diploma.", "authority", "type", "year")
	sameLines(dip, "diploma.", lines, "authority", "type", "year")
	ev := r.obj("", "event")
	allowOnly(ev, "event.", eventKeys...)
	sameLines(ev, "event.", lines, eventKeys...)
	var rep members
	var repIndex int64 = -1
	if replaced {
		rep = r.obj("", "replaced")
		allowOnly(rep, "replaced.", "index", "serial_no")
		if json.Unmarshal(rep["index"], &repIndex) != nil || repIndex < 0 || repIndex >= index {
			fail("replaced.index is not before the reissue")
		}
		ch, _ := lineValue(lines, "changed")
		if !hasLine(lines, "kind reissue") || !hasLine(strings.Fields(ch), "serial_no") {
			fail("replaced: the event is not a reissue of the serial")
		}
	}
	var hist []members
	if json.Unmarshal(r["history"], &hist) != nil || len(hist) == 0 {
		fail("history is missing")
	}
	last, seenRep, seenMain := int64(-1), false, false
	var lastLeaf tlog.Hash
	for i, e := range hist {
		where := fmt.Sprintf("history[%d].", i)
		var hi int64
		var hl []string
		_, hasLeaf := e["leaf"]
		_, hasProof := e["proof"]
		if json.Unmarshal(e["index"], &hi) == nil && hi == index && !hasLeaf && !hasProof {
			hl = lines
			lastLeaf = leafHash(r)
		} else {
			hi, hl = provenLeaf(e, where, cp)
			lastLeaf = leafHash(e)
		}
		if v, _ := lineValue(hl, "record"); v != strconv.FormatInt(record, 10) {
			fail("%s is another record's", where)
		}
		if hi <= last {
			fail("%s is out of order", where)
		}
		last = hi
		allowOnly(e, where, append([]string{"index", "leaf", "proof", "time"}, eventKeys...)...)
		sameLines(e, where, hl, append([]string{"time"}, eventKeys...)...)
		seenMain = seenMain || hi == index
		if replaced && hi == repIndex {
			now, _ := members(dis).obj("disclosed.", "serial_no").str("", "value")
			if old := disclosedOK(rep["serial_no"], "replaced.", "serial_no", hl); old == now {
				fail("replaced.serial_no is the new serial")
			}
			seenRep = true
		}
	}
	if !seenMain || (replaced && !seenRep) || (!replaced && last != index) {
		fail("history does not hold the proven event")
	}
	checkHead(r, known, cp, record, last, lastLeaf, int64(len(hist)))
	fmt.Printf("ok receipt of record %d, %s, in %s size %d, %d events\n",
		record, status, cp.origin, cp.size, len(hist))
}

// leafHash is the RFC 6962 hash of m's base64 "leaf" (provenLeaf has
// checked it).
func leafHash(m members) tlog.Hash {
	var b64 string
	json.Unmarshal(m["leaf"], &b64)
	leaf, _ := base64.StdEncoding.DecodeString(b64)
	return tlog.RecordHash(leaf)
}

// decimal parses a number as checkpoints write one: digits only, no
// leading zero.
func decimal(s string) (int64, bool) {
	if s == "" || (s[0] == '0' && len(s) > 1) || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// checkHead checks the member "head" as docs/registry.md's "Record heads"
// says: a note signed by the log's key, of the checkpoint's origin and
// tree size, either "sogoc/record-head/v1" (the record, the leaf index and
// base64 leaf hash of its latest event, the number of its events) or
// "sogoc/issue-heads/v1" (records first to last, issued at consecutive
// leaves from the index given, each its only event), naming history's
// last event as the record's latest, with history's length of events.
func checkHead(r members, known note.Verifiers, cp checkpoint, record, last int64, lastLeaf tlog.Hash, events int64) {
	text, ok := r.str("", "head")
	if !ok {
		fail("head is missing")
	}
	n, err := note.Open([]byte(text), known)
	if err != nil {
		fail("head signature: %v", err)
	}
	l := strings.Split(n.Text, "\n")
	var size, first, lastRec, idx, cnt int64
	var leaf []byte
	var ok1, ok2, ok3, ok4 bool
	switch {
	case len(l) == 8 && l[7] == "" && l[0] == "sogoc/record-head/v1":
		size, ok1 = decimal(l[2])
		first, ok2 = decimal(l[3])
		idx, ok3 = decimal(l[4])
		cnt, ok4 = decimal(l[6])
		lastRec = first
		leaf, err = base64.StdEncoding.DecodeString(l[5])
		if err != nil || len(leaf) != 32 {
			ok4 = false
		}
	case len(l) == 7 && l[6] == "" && l[0] == "sogoc/issue-heads/v1":
		size, ok1 = decimal(l[2])
		first, ok2 = decimal(l[3])
		lastRec, ok3 = decimal(l[4])
		idx, ok4 = decimal(l[5])
		cnt = 1
		if record >= first && record <= lastRec {
			idx += record - first
		}
	default:
		fail("head is not a record head")
	}
	if !ok1 || !ok2 || !ok3 || !ok4 || l[1] != cp.origin {
		fail("head is malformed, or of another log")
	}
	switch {
	case size != cp.size:
		fail("head is of tree size %d, not the checkpoint's %d", size, cp.size)
	case record < first || record > lastRec:
		fail("head is another record's")
	case idx != last || (leaf != nil && !bytes.Equal(leaf, lastLeaf[:])):
		fail("head names event %d as the latest, not %d", idx, last)
	case cnt != events:
		fail("head counts %d events, history has %d", cnt, events)
	}
}

func main() {
	if len(os.Args) < 4 {
		fail("usage: verify checkpoint|inclusion|consistency|receipt VKEYS ...")
	}
	known := verifiers(os.Args[2])
	switch os.Args[1] {
	case "checkpoint":
		cp := openCheckpoint(readFile(os.Args[3]), known)
		fmt.Printf("ok %s size %d\n", cp.origin, cp.size)
	case "inclusion":
		inclusion(known, os.Args[3])
	case "receipt":
		receipt(known, os.Args[3])
	case "consistency":
		if len(os.Args) != 6 {
			fail("usage: verify consistency VKEYS OLD NEW PROOF.json")
		}
		consistency(known, os.Args[3], os.Args[4], os.Args[5])
	default:
		fail("unknown mode %q", os.Args[1])
	}
}
