package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/templates"
)

// TestLimits runs user templates that would take the machine: each must
// fail with a problem at the template's line and column, quickly and
// without the memory the unbounded template would take.
func TestLimits(t *testing.T) {
	tests := []struct {
		name, src string
		pos       yamlx.Pos
		want      string
	}{
		{"huge until", "# T\n{{range until 2000000000}}x{{end}}\n", yamlx.Pos{Line: 2, Col: 9}, "at most 100000 elements"},
		{"nested loops", "# T\n{{range until 1000}}\n  {{range until 1000}}{{end}}\n{{end}}\n", yamlx.Pos{Line: 3, Col: 11}, "at most 100000 elements"},
		{"huge untilStep", "{{range untilStep 0 2000000000 1}}x{{end}}", yamlx.Pos{Line: 1, Col: 9}, "at most 100000 elements"},
		{"huge seq", "{{seq 1 2000000000}}", yamlx.Pos{Line: 1, Col: 3}, "at most 100000 elements"},
		{"huge repeat", "a\n{{repeat 2000000000 \"xx\"}}", yamlx.Pos{Line: 2, Col: 3}, "repeat would make more than 16 MB"},
		{"too much output", "# T\n{{range until 60000}}{{printf \"%0300d\" 1}}{{end}}\n", yamlx.Pos{Line: 2, Col: 9}, "at most 16 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := problemOf(t, "tender-specification.md.tmpl", tt.src, nil)
			if p.File != "mine/tender-specification.md.tmpl" || p.Pos != tt.pos {
				t.Errorf("at %s:%d:%d, want %d:%d", p.File, p.Pos.Line, p.Pos.Col, tt.pos.Line, tt.pos.Col)
			}
			if !strings.Contains(p.Msg, tt.want) {
				t.Errorf("message %q does not say %q", p.Msg, tt.want)
			}
		})
	}
}

// TestToDateInUTC: toDate reads dates in UTC, never in the local time
// zone, so that a pack does not depend on TZ.
func TestToDateInUTC(t *testing.T) {
	for _, src := range []string{`{{ (toDate "2006-01-02" "2027-03-01").Location }}`, `{{ (mustToDate "2006-01-02" "2027-03-01").Location }}`} {
		eng, err := templates.New(fstest.MapFS{"mims-checklist.md.tmpl": {Data: []byte(src)}}, "mine")
		if err != nil {
			t.Fatal(err)
		}
		got, err := eng.Execute("mims-checklist.md.tmpl", nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != "UTC" {
			t.Errorf("%s gave %s, want UTC", src, got)
		}
	}
}
