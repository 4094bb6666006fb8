package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/citypath/citypath/report"
)

// TestCancelPoints cancels a run's context at chosen points, from inside
// the run, and checks that each ends with exit 130, "interrupted" and no
// output directory. (TestInterrupt in cmd/citypath sends real signals.)
func TestCancelPoints(t *testing.T) {
	kladno := filepath.Join("..", "examples", "kladno", "city.yaml")
	small := filepath.Join("..", "examples", "small-town", "city.yaml")
	tests := []struct {
		name     string
		args     []string // -o DIR is added but for explain
		readAt   int      // cancel when reading the n-th city file (1-based), 0 never
		renderAt int      // cancel when starting the n-th render, 0 never
		written  string   // the one file the run leaves, "" for none
	}{
		{"roadmap before planning", []string{"roadmap", kladno}, 1, 0, ""},
		{"batch between cities", []string{"roadmap", kladno, small}, 2, 0, ""},
		{"batch while rendering", []string{"roadmap", kladno, small}, 0, 3, ""},
		{"batch after its first city", []string{"roadmap", kladno, small, "--format", "json"}, 0, 2, "kladno/roadmap.json"},
		{"tender before planning", []string{"tender", kladno, "--all"}, 1, 0, ""},
		{"explain", []string{"explain", kladno, "smart-city-team"}, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var reads, renders atomic.Int32
			readFile := func(p string) ([]byte, error) {
				if int(reads.Add(1)) == tt.readAt {
					cancel()
				}
				return os.ReadFile(p)
			}
			restore := wrapRenderers(func(in report.Input, render func(report.Input) ([]byte, error)) ([]byte, error) {
				if int(renders.Add(1)) == tt.renderAt {
					cancel()
				}
				return render(in)
			})
			defer restore()
			out := filepath.Join(t.TempDir(), "out")
			args := tt.args
			if args[0] != "explain" {
				args = append(args, "-o", out)
			}
			var stdout, stderr bytes.Buffer
			f := &Factory{Ctx: ctx, IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: readFile}
			if code := Run(f, args); code != ExitCancelled {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitCancelled, stderr.String())
			}
			if !strings.Contains(stderr.String(), "citypath: interrupted") {
				t.Errorf("stderr does not say interrupted:\n%s", stderr.String())
			}
			var left []string
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(out, p)
					left = append(left, filepath.ToSlash(rel))
				}
				return nil
			})
			if want := tt.written; len(left) > 1 || (want == "") != (len(left) == 0) || (want != "" && left[0] != want) {
				t.Errorf("left %q, want %q", left, want)
			}
			if _, err := os.Stat(out); tt.written == "" && !os.IsNotExist(err) {
				t.Errorf("the output directory was created")
			}
		})
	}
}

// TestRendererPanic injects a panic into a renderer of the first city of a
// batch: the run ends with exit 1 and "internal error", and writes nothing
// (a panic in a later city leaves the cities before it, whole).
func TestRendererPanic(t *testing.T) {
	restore := wrapRenderers(func(in report.Input, render func(report.Input) ([]byte, error)) ([]byte, error) {
		if in.Doc.City.Name == "Kladno" { // the batch's first city
			var m map[string]int
			m["injected"]++ // a nil-map write, as a real bug would be
		}
		return render(in)
	})
	defer restore()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	f := &Factory{IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: os.ReadFile}
	code := Run(f, []string{"roadmap", filepath.Join("..", "examples", "kladno", "city.yaml"), filepath.Join("..", "examples", "small-town", "city.yaml"), "-o", out})
	if code != ExitInternal {
		t.Errorf("exit %d, want %d", code, ExitInternal)
	}
	if !strings.Contains(stderr.String(), "citypath: internal error, please report: assignment to entry in nil map") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stderr has a goroutine dump:\n%s", stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output directory was created")
	}
}

// wrapRenderers puts wrap around every roadmap renderer until the returned
// function restores them.
func wrapRenderers(wrap func(report.Input, func(report.Input) ([]byte, error)) ([]byte, error)) (restore func()) {
	saved := roadmapFormats
	roadmapFormats = make([]outputFormat, len(saved))
	for i, f := range saved {
		render := f.render
		f.render = func(in report.Input) ([]byte, error) { return wrap(in, render) }
		roadmapFormats[i] = f
	}
	return func() { roadmapFormats = saved }
}
