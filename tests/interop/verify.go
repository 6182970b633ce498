// verify.go: an independent check of sogoc's registry, written against Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (Debian's
// golang-golang-x-mod-dev), not against sogoc's own code.
//
//	verify checkpoint VKEYS FILE
//	verify inclusion VKEYS PROOF.json
//	verify consistency VKEYS OLD_CHECKPOINT NEW_CHECKPOINT PROOF.json
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
	if !bytes.HasPrefix(leaf, []byte("sogoc/event/v1\n")) {
		fail("leaf is not a sogoc/event/v1")
	}
	lines := strings.Split(string(leaf), "\n")
	for key, d := range p.Disclosed {
		salt, err := base64.StdEncoding.DecodeString(d.Salt)
		if err != nil || len(salt) != 16 {
			fail("%s: bad salt", key)
		}
		h := sha256.New()
		h.Write(salt)
		h.Write([]byte(key))
		h.Write([]byte{0})
		h.Write([]byte(d.Value))
		want := "field " + key + " " + base64.StdEncoding.EncodeToString(h.Sum(nil))
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
	fmt.Printf("ok inclusion of %d in %s size %d, %d fields disclosed\n",
		*p.Index, cp.origin, cp.size, len(p.Disclosed))
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

func main() {
	if len(os.Args) < 4 {
		fail("usage: verify checkpoint|inclusion|consistency VKEYS ...")
	}
	known := verifiers(os.Args[2])
	switch os.Args[1] {
	case "checkpoint":
		cp := openCheckpoint(readFile(os.Args[3]), known)
		fmt.Printf("ok %s size %d\n", cp.origin, cp.size)
	case "inclusion":
		inclusion(known, os.Args[3])
	case "consistency":
		if len(os.Args) != 6 {
			fail("usage: verify consistency VKEYS OLD NEW PROOF.json")
		}
		consistency(known, os.Args[3], os.Args[4], os.Args[5])
	default:
		fail("unknown mode %q", os.Args[1])
	}
}
