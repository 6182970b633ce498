// tiles.go: sogoc's C2SP tiles (tlog/tiles.c), served over HTTP, read by
// an independent implementation: Go's golang.org/x/mod/sumdb/tlog
// (Debian's golang-golang-x-mod-dev 0.7.0, GOPATH mode, no network).  From
// the served checkpoint and tiles alone it proves the inclusion of leaves
// (each read from its entry bundle, parsed strictly) and the consistency
// of an older checkpoint with the served one, and prints that consistency
// proof, one base64 hash a line, for the test to compare with sogoc's.
// A tile with a flipped byte makes the proofs built from it fail against
// the served checkpoint's root.
//
//	tiles -base URL -pub VKEYFILE -old CHECKPOINTFILE [-n K] [-seed S]
//	      [-index I,J,...]
//
// Exit 0 when everything verified; 1 with the reason on stderr.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tiles: "+format+"\n", args...)
	os.Exit(1)
}

var client = &http.Client{Timeout: 30 * time.Second}

// get fetches base+path: the body when 200, nil when 404, else fails.
func get(base, path string) []byte {
	resp, err := client.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		fail("GET %s: %s", path, resp.Status)
	}
	return body
}

// c2spPath maps a tlog tile of height 8 to its C2SP tlog-tiles path:
// tile/8/L/N[.p/W] is tile/L/N[.p/W], and the data tiles tile/8/data/...
// are the entry bundles tile/entries/....
func c2spPath(t tlog.Tile) string {
	p := t.Path()
	if t.L == -1 {
		return "tile/entries/" + strings.TrimPrefix(p, "tile/8/data/")
	}
	return "tile/" + strings.TrimPrefix(p, "tile/8/")
}

// tileReader reads hash tiles over HTTP; a partial tile that is not
// served falls back to the full one, cut to the width asked for (the
// spec allows a log to drop partials once the tile is full).
type tileReader struct {
	base  string
	reads int
}

func (r *tileReader) Height() int { return 8 }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		want := t.W * tlog.HashSize
		data := get(r.base, c2spPath(t))
		r.reads++
		if data == nil && t.W < 256 {
			full := t
			full.W = 256
			data = get(r.base, c2spPath(full))
			if len(data) == 256*tlog.HashSize {
				data = data[:want]
			}
		}
		if data == nil {
			return nil, fmt.Errorf("%s: not served", c2spPath(t))
		}
		if len(data) != want {
			return nil, fmt.Errorf("%s: %d bytes, not %d",
				c2spPath(t), len(data), want)
		}
		out[i] = data
	}
	return out, nil
}

func (r *tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

type checkpoint struct {
	size int64
	root tlog.Hash
}

// openCheckpoint checks msg's signature by the log's key and parses its
// body: origin, size, root (C2SP tlog-checkpoint).
func openCheckpoint(msg []byte, v note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != v.Name() {
		fail("checkpoint: not of the log %s", v.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 1 || strconv.FormatInt(size, 10) != lines[1] {
		fail("checkpoint: bad size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint: bad root hash: %v", err)
	}
	return checkpoint{size, root}
}

// bundleEntry reads leaf i from its entry bundle in the tree of size n:
// exactly W uint16-length-prefixed entries, nothing cut short or left.
func bundleEntry(base string, i, n int64) []byte {
	w := n - i/256*256
	if w > 256 {
		w = 256
	}
	t := tlog.Tile{H: 8, L: -1, N: i / 256, W: int(w)}
	data := get(base, c2spPath(t))
	if data == nil {
		fail("%s: not served", c2spPath(t))
	}
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			fail("%s: cut short in a length", c2spPath(t))
		}
		l := int(data[0])<<8 | int(data[1])
		if len(data)-2 < l {
			fail("%s: cut short in entry %d", c2spPath(t),
				len(entries))
		}
		entries = append(entries, data[2:2+l])
		data = data[2+l:]
	}
	if int64(len(entries)) != w {
		fail("%s: %d entries, not %d", c2spPath(t), len(entries), w)
	}
	return entries[i%256]
}

func indexes(list string, k int, seed int64, n int64) []int64 {
	var out []int64
	if list != "" {
		for _, s := range strings.Split(list, ",") {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil || i < 0 || i >= n {
				fail("index %q out of the tree", s)
			}
			out = append(out, i)
		}
		return out
	}
	r := rand.New(rand.NewSource(seed))
	for j := 0; j < k; j++ {
		out = append(out, r.Int63n(n))
	}
	return out
}

func main() {
	base := flag.String("base", "", "the log's URL prefix, ending in /")
	pub := flag.String("pub", "", "the log's verifier key file")
	old := flag.String("old", "", "an older checkpoint of the log")
	k := flag.Int("n", 64, "random leaves to prove")
	seed := flag.Int64("seed", 1, "seed of the random leaves")
	list := flag.String("index", "", "leaves to prove instead")
	flag.Parse()
	if *base == "" || *pub == "" || *old == "" {
		fail("usage: tiles -base URL -pub FILE -old FILE [-n K] " +
			"[-seed S] [-index I,...]")
	}
	vkey, err := os.ReadFile(*pub)
	if err != nil {
		fail("%v", err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("verifier key: %v", err)
	}
	oldMsg, err := os.ReadFile(*old)
	if err != nil {
		fail("%v", err)
	}
	c1 := openCheckpoint(oldMsg, v)
	c2 := openCheckpoint(get(*base, "checkpoint"), v)
	tree := tlog.Tree{N: c2.size, Hash: c2.root}
	tr := &tileReader{base: *base}
	thr := tlog.TileHashReader(tree, tr)

	for _, i := range indexes(*list, *k, *seed, c2.size) {
		entry := bundleEntry(*base, i, c2.size)
		p, err := tlog.ProveRecord(c2.size, i, thr)
		if err != nil {
			fail("inclusion of leaf %d: %v", i, err)
		}
		err = tlog.CheckRecord(p, c2.size, c2.root, i,
			tlog.RecordHash(entry))
		if err != nil {
			fail("inclusion of leaf %d: %v", i, err)
		}
	}
	if c1.size > c2.size {
		fail("the old checkpoint is past the served one")
	}
	p, err := tlog.ProveTree(c2.size, c1.size, thr)
	if err != nil {
		fail("consistency %d -> %d: %v", c1.size, c2.size, err)
	}
	if err := tlog.CheckTree(p, c2.size, c2.root, c1.size,
		c1.root); err != nil {
		fail("consistency %d -> %d: %v", c1.size, c2.size, err)
	}
	var b bytes.Buffer
	for _, h := range p {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	os.Stdout.Write(b.Bytes())
	fmt.Fprintf(os.Stderr, "tiles: %d -> %d consistent; %d tile reads\n",
		c1.size, c2.size, tr.reads)
}
