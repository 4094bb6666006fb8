package intake

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOldWorkbooks: filled workbooks of every earlier intake format still
// read, and give the roadmap of the city file they were filled from.
func TestOldWorkbooks(t *testing.T) {
	tests := []struct {
		file    string
		version int
		example string
	}{
		{"v1-kladno.xlsx", 1, "kladno"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if layouts[tt.version] == nil {
				t.Fatalf("the layout of intake format %d is gone; keep it in layouts", tt.version)
			}
			got, err := Read(tt.file, data, "city.yaml", testCatalog(t))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if d := cmp.Diff(generate(t, readExample(t, tt.example)), generate(t, got)); d != "" {
				t.Errorf("roadmap differs (-example +read):\n%s", d)
			}
		})
	}
}
