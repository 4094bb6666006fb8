package atomicfile_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/citypath/citypath/internal/atomicfile"
)

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := map[string][]byte{"a.json": []byte("{}\n"), "sub/b.md": []byte("# b\n")}
	if err := atomicfile.WriteAll(context.Background(), dir, files); err != nil {
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

// TestWriteAllLeavesNothing makes the write set fail in different ways and
// checks that the output directory is left exactly as it was: no file
// renamed into place, no temporary file, no directory created.
func TestWriteAllLeavesNothing(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		files map[string][]byte
	}{
		{"directory in the way", context.Background(), map[string][]byte{"a.json": []byte("{}"), "sub/x/c.md": nil, "z.json": []byte("{}")}},
		{"parent escapes", context.Background(), map[string][]byte{"a.json": nil, "../escaped.json": nil}},
		{"absolute", context.Background(), map[string][]byte{"/tmp/escaped.json": nil}},
		{"empty name", context.Background(), map[string][]byte{"": nil}},
		{"dot dot inside", context.Background(), map[string][]byte{"sub/../../x": nil}},
		{"cancelled", cancelled, map[string][]byte{"a.json": nil, "sub/b.md": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out", "deeper")
			if tt.name == "directory in the way" {
				if err := os.MkdirAll(filepath.Join(dir, "z.json"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := atomicfile.WriteAll(tt.ctx, dir, tt.files); err == nil {
				t.Fatal("got no error")
			}
			var found []string
			filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
				rel, _ := filepath.Rel(parent, p)
				found = append(found, rel)
				return nil
			})
			want := []string{"."}
			if tt.name == "directory in the way" {
				want = []string{".", "out", "out/deeper", "out/deeper/z.json"}
			}
			if len(found) != len(want) {
				t.Errorf("left %v, want %v", found, want)
			}
		})
	}
}

// TestWriteAllStaysInside checks that a symbolic link inside the output
// directory cannot lead a write outside it.
func TestWriteAllStaysInside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	outside := filepath.Join(parent, "outside")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := atomicfile.WriteAll(context.Background(), dir, map[string][]byte{"link/x.json": []byte("{}")}); err == nil {
		t.Error("wrote through a link leaving the output directory")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote %s outside the output directory", entries[0].Name())
	}
}
