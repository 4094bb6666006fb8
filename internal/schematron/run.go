package schematron

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Failure is a failed assert, or a report whose test held.
type Failure struct {
	Kind     string // assert or report
	ID       string // the assert's id
	Role     string // ERROR, WARN... as the schema gives it
	Pattern  string // the id of the pattern the rule belongs to
	Location string // XPath of the node the rule fired on
}

// Run applies a stylesheet made by Compile to documents, by name, in one run
// of an XSLT 3.0 processor, and returns the failures of each document (a
// document without any has no entry). transform is the command that runs
// the processor: Saxon's net.sf.saxon.Transform command line, given -xsl:,
// -s: and -o: with a directory for the documents and one for the results.
func Run(ctx context.Context, transform []string, stylesheet []byte, docs map[string][]byte) (map[string][]Failure, error) {
	if len(transform) == 0 {
		return nil, fmt.Errorf("no XSLT processor given")
	}
	dir, err := os.MkdirTemp("", "schematron-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return nil, err
		}
	}
	xsl := filepath.Join(dir, "rules.xsl")
	if err := os.WriteFile(xsl, stylesheet, 0o644); err != nil {
		return nil, err
	}
	for name, data := range docs {
		if name == "" || name != filepath.Base(name) {
			return nil, fmt.Errorf("document name %q: give a plain file name", name)
		}
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	args := append(transform[1:len(transform):len(transform)], "-xsl:"+xsl, "-s:"+in, "-o:"+out)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, transform[0], args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w\n%s", strings.Join(transform, " "), err, stderr.Bytes())
	}
	result := map[string][]Failure{}
	for name := range docs {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			return nil, fmt.Errorf("the processor wrote no result for %s: %w\n%s", name, err, stderr.Bytes())
		}
		fs, err := parseFailures(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(fs) > 0 {
			result[name] = fs
		}
	}
	return result, nil
}

// parseFailures reads the lines the stylesheet prints.
func parseFailures(data []byte) ([]Failure, error) {
	var out []Failure
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("unexpected output line %q", line)
		}
		out = append(out, Failure{Kind: f[0], ID: f[1], Role: f[2], Pattern: f[3], Location: f[4]})
	}
	return out, nil
}
