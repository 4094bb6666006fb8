package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/citypath/citypath/internal/atomicfile"
)

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := map[string][]byte{"a.json": []byte("{}\n"), "sub/b.md": []byte("# b\n")}
	if err := atomicfile.WriteAll(dir, files); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: got %q (%v), want %q", name, got, err, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "a.json" && e.Name() != "sub" {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

// TestWriteAllFailureLeavesNothing makes a file's target impossible (a
// directory stands where the file should go) and checks that no other file
// was renamed into place and no temporary file remains.
func TestWriteAllFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "z.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.WriteAll(dir, map[string][]byte{"a.json": []byte("{}"), "z.json": []byte("{}")})
	if err == nil {
		t.Fatal("got no error writing over a directory")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "z.json" {
			t.Errorf("left behind %s", e.Name())
		}
	}
}
