// cosig.go: cosignature/v1 (c2sp.org/tlog-cosignature v1.0.1) written from
// the spec with Go's crypto/ed25519 alone, not from sogoc's code, so that
// sogoc's witness keys and cosignatures can be compared with it byte for
// byte (Ed25519 is deterministic) and its witness's answers checked.
//
//	cosig keys NAME SEEDHEX          the signer and verifier keys
//	cosig sign NAME SEEDHEX TS FILE  the cosignature line of FILE's text
//	cosig verify VKEY NOTE           checks VKEY's cosignature on NOTE
//
// FILE is a checkpoint body; NOTE a signed checkpoint with signature lines.
// verify prints "ok <ts>" and exits 0, or "cosig: REASON" and exits 1.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
)

const typeCosig = 0x04

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "cosig: "+format+"\n", args...)
	os.Exit(1)
}

func keyID(name string, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', typeCosig})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func message(ts uint64, text []byte) []byte {
	m := []byte("cosignature/v1\ntime " +
		strconv.FormatUint(ts, 10) + "\n")
	return append(m, text...)
}

func key(name, seedhex string) ed25519.PrivateKey {
	seed, err := hex.DecodeString(seedhex)
	if err != nil || len(seed) != ed25519.SeedSize {
		fail("bad seed")
	}
	return ed25519.NewKeyFromSeed(seed)
}

func enc(k []byte) string {
	return base64.StdEncoding.EncodeToString(append([]byte{typeCosig},
		k...))
}

func read(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return b
}

func verify(vkey string, msg []byte) {
	f := strings.SplitN(strings.TrimSpace(vkey), "+", 3)
	if len(f) != 3 {
		fail("bad vkey")
	}
	k, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil || len(k) != 33 || k[0] != typeCosig {
		fail("not a cosignature/v1 vkey")
	}
	pub := ed25519.PublicKey(k[1:])
	if fmt.Sprintf("%08x", keyID(f[0], pub)) != f[1] {
		fail("vkey id mismatch")
	}
	i := bytes.LastIndex(msg, []byte("\n\n"))
	if i < 0 {
		fail("not a signed note")
	}
	text := msg[:i+1]
	for _, l := range strings.Split(string(msg[i+2:]), "\n") {
		p := strings.SplitN(strings.TrimPrefix(l, "\u2014 "), " ", 2)
		if len(p) != 2 || p[0] != f[0] {
			continue
		}
		s, err := base64.StdEncoding.DecodeString(p[1])
		if err != nil || len(s) != 4+8+64 ||
			binary.BigEndian.Uint32(s) != keyID(f[0], pub) {
			continue
		}
		ts := binary.BigEndian.Uint64(s[4:])
		if ts == 0 || !ed25519.Verify(pub, message(ts, text), s[12:]) {
			fail("cosignature does not verify")
		}
		fmt.Printf("ok %d\n", ts)
		return
	}
	fail("no cosignature by %s", f[0])
}

func main() {
	a := os.Args[1:]
	switch {
	case len(a) == 3 && a[0] == "keys":
		k := key(a[1], a[2])
		pub := k.Public().(ed25519.PublicKey)
		id := keyID(a[1], pub)
		fmt.Printf("PRIVATE+KEY+%s+%08x+%s\n", a[1], id, enc(k.Seed()))
		fmt.Printf("%s+%08x+%s\n", a[1], id, enc(pub))
	case len(a) == 5 && a[0] == "sign":
		k := key(a[1], a[2])
		ts, err := strconv.ParseUint(a[3], 10, 63)
		if err != nil {
			fail("bad time")
		}
		sig := make([]byte, 12, 76)
		binary.BigEndian.PutUint32(sig, keyID(a[1],
			k.Public().(ed25519.PublicKey)))
		binary.BigEndian.PutUint64(sig[4:], ts)
		sig = append(sig, ed25519.Sign(k, message(ts, read(a[4])))...)
		fmt.Printf("\u2014 %s %s\n", a[1],
			base64.StdEncoding.EncodeToString(sig))
	case len(a) == 3 && a[0] == "verify":
		verify(string(read(a[1])), read(a[2]))
	default:
		fail("usage: cosig keys|sign|verify ...")
	}
}
