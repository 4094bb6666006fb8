package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkTenderAll runs `citypath tender --all` on Kladno in-process:
// catalog load, roadmap, plan, every pack rendered and written.
func BenchmarkTenderAll(b *testing.B) {
	city := filepath.Join("..", "examples", "kladno", "city.yaml")
	out := b.TempDir()
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		f := &Factory{IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: os.ReadFile}
		if code := Run(f, []string{"tender", city, "--all", "-o", out}); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
