package zipx

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestDeterministic checks that an archive's bytes depend on its content
// alone, whether its parts were compressed anew or came from the cache,
// and that every part reads back as written with the fixed timestamp.
func TestDeterministic(t *testing.T) {
	shared := strings.Repeat("<style>shared between documents</style>", 40)
	files := map[string][]byte{
		"a/styles.xml":   []byte(shared),
		"b/document.xml": []byte(strings.Repeat("text unique to one document ", 30)),
		"tiny.rels":      []byte("<r/>"),
		"empty":          nil,
	}
	var first []byte
	for i := range 4 {
		got, err := Deterministic(files)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Fatalf("run %d differs from the first", i)
		}
	}
	back, err := Read(first)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		if !bytes.Equal(back[name], want) {
			t.Errorf("%s: read back %d bytes, wrote %d", name, len(back[name]), len(want))
		}
	}
	if len(back) != len(files) {
		t.Errorf("read back %d parts, wrote %d", len(back), len(files))
	}
}

// TestCacheKeepsPartsApart writes many parts that differ in one byte, each
// several times, so that they are cached: each must still read back as
// itself.
func TestCacheKeepsPartsApart(t *testing.T) {
	base := []byte(strings.Repeat("x", 600))
	for round := range 3 {
		for i := range 20 {
			content := bytes.Clone(base)
			content[i*7] = byte('a' + i)
			data, err := Deterministic(map[string][]byte{"p.xml": content})
			if err != nil {
				t.Fatal(err)
			}
			back, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back["p.xml"], content) {
				t.Fatalf("round %d, part %d: read back other content", round, i)
			}
		}
	}
}

func TestEpochFields(t *testing.T) {
	data, err := Deterministic(map[string][]byte{"x": []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	// The MS-DOS fields must decode to the epoch.
	r, err := readerOf(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.File[0].Modified; !got.Equal(Epoch) {
		t.Errorf("timestamp %v, want %v", got.Format(time.RFC3339), Epoch.Format(time.RFC3339))
	}
}

func readerOf(data []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}

// TestStored: an archive packed without compression reads back as written.
func TestStored(t *testing.T) {
	files := map[string][]byte{"xl/workbook.xml": []byte(strings.Repeat("<sheet/>", 100)), "empty": {}}
	data, err := Stored(files)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Method != zip.Store {
			t.Errorf("%s is compressed", f.Name)
		}
	}
	read, err := Read(data)
	if err != nil || len(read) != len(files) || !bytes.Equal(read["xl/workbook.xml"], files["xl/workbook.xml"]) {
		t.Errorf("the archive does not read back (%v)", err)
	}
}
