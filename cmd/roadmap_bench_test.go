package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRoadmapAll runs `citypath roadmap` on Kladno in-process with
// every council format: catalog load, pipeline, JSON, Markdown, HTML, PDF,
// DOCX and XLSX rendered and written.
func BenchmarkRoadmapAll(b *testing.B) {
	city := filepath.Join("..", "examples", "kladno", "city.yaml")
	out := b.TempDir()
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		f := &Factory{IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: os.ReadFile}
		if code := Run(f, []string{"roadmap", city, "-o", out, "--format", "json,md,html,pdf,docx,xlsx"}); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
