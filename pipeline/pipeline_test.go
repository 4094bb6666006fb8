package pipeline_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

// TestStepsNamed: every step has a name of its own, which progress
// messages and errors show.
func TestStepsNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range pipeline.Steps() {
		name := s.String()
		if name == "" || seen[name] {
			t.Errorf("step %T: name %q is empty or repeated", s, name)
		}
		seen[name] = true
	}
}

type failing struct{ err error }

func (failing) String() string                   { return "fail on purpose" }
func (f failing) Run(ctx *roadmap.Context) error { return f.err }

type counting struct{ n *int }

func (counting) String() string                   { return "count" }
func (c counting) Run(ctx *roadmap.Context) error { *c.n++; return nil }

// TestRun: progress hears each step before it runs, an error names its
// step, and no step runs after a failure.
func TestRun(t *testing.T) {
	boom := errors.New("boom")
	for _, tt := range []struct {
		name     string
		steps    func(n *int) []roadmap.Step
		progress []string
		err      string
		ran      int
	}{
		{"all run", func(n *int) []roadmap.Step { return []roadmap.Step{counting{n}, counting{n}} }, []string{"count", "count"}, "", 2},
		{"stops at error", func(n *int) []roadmap.Step { return []roadmap.Step{counting{n}, failing{boom}, counting{n}} },
			[]string{"count", "fail on purpose"}, "fail on purpose: boom", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var heard []string
			n := 0
			_, err := roadmap.Run(context.Background(), roadmap.Request{Progress: func(s string) { heard = append(heard, s) }}, tt.steps(&n))
			if got := strings.Join(heard, ","); got != strings.Join(tt.progress, ",") {
				t.Errorf("progress %q, want %q", got, tt.progress)
			}
			if (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err || err != nil && !errors.Is(err, boom) {
				t.Errorf("error %v, want %q wrapping boom", err, tt.err)
			}
			if n != tt.ran {
				t.Errorf("%d steps ran, want %d", n, tt.ran)
			}
		})
	}
}
