package cmd

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/citypath/citypath/internal/yamlx"
)

// diagnosticFormats are the values of --format on validate and catalog lint.
var diagnosticFormats = []string{"text", "json"}

// diagnostic is one problem as --format json writes it, for editors and CI.
type diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Source   string `json:"source,omitempty"`
}

// diagnosticReport is the whole of --format json's output.
type diagnosticReport struct {
	OK       bool         `json:"ok"`
	Checked  []string     `json:"checked"`
	Problems []diagnostic `json:"problems"`
}

// shownProblems is the error of a command that has already written its
// problems (as JSON on stdout): exit 3 without printing them again.
type shownProblems struct{ n int }

func (e shownProblems) Error() string { return fmt.Sprintf("%d problems", e.n) }

// checkFormat refuses a --format value other than text or json.
func checkFormat(format string) error {
	for _, f := range diagnosticFormats {
		if format == f {
			return nil
		}
	}
	return usagef("--format %q: choose text or json", format)
}

// reportDiagnostics finishes a checking command. With format json it
// writes every problem of err, or none, to out as one JSON document and
// returns shownProblems when there were any; errors that are not about the
// input are returned as they are. With format text it returns err.
func reportDiagnostics(out io.Writer, format string, checked []string, err error) error {
	if format != "json" {
		return err
	}
	ps, ok := yamlx.AsProblems(err)
	if err != nil && !ok {
		return err
	}
	rep := diagnosticReport{OK: len(ps) == 0, Checked: checked, Problems: []diagnostic{}}
	for _, p := range ps {
		rep.Problems = append(rep.Problems, diagnostic{File: p.File, Line: p.Pos.Line, Column: p.Pos.Col, Severity: p.Level(), Message: p.Msg, Source: p.Source})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if werr := enc.Encode(rep); werr != nil {
		return werr
	}
	if len(ps) > 0 {
		return shownProblems{len(ps)}
	}
	return nil
}
