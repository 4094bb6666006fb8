package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/citypath/citypath/internal/yamlx"
)

// TestBadInput runs `citypath roadmap` on every file of the bad-input set
// (testdata/bad) plus generated binary, oversize and non-UTF-8 files, and bad
// catalogs. Each must exit 3, name the file with line and column, say what is
// wrong, and leave no output behind.
func TestBadInput(t *testing.T) {
	type tc struct {
		name, city, catalog, want string
	}
	var cases []tc
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, f := range files {
		want, err := os.ReadFile(strings.TrimSuffix(f, ".yaml") + ".want")
		if err != nil {
			t.Fatalf("%s has no .want file", f)
		}
		cases = append(cases, tc{filepath.Base(f), f, "", strings.TrimSpace(string(want))})
	}
	gen := t.TempDir()
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte((i*7919 + 13) % 256)
	}
	big := bytes.Repeat([]byte("# padding padding padding padding padding padding padding\n"), 10<<20/58+1)
	generated := map[string]struct {
		data []byte
		want string
	}{
		"binary.yaml":   {garbage, "is this a YAML text file"},
		"10mb.yaml":     {big, "the limit is"},
		"latin1.yaml":   {[]byte("city:\n  name: Kladno, n\xe1m\xecst\xed\n"), "invalid UTF-8"},
		"nul-byte.yaml": {[]byte("city:\n  name: a\x00b\n"), "control character"},
	}
	for name, g := range generated {
		p := filepath.Join(gen, name)
		if err := os.WriteFile(p, g.data, 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{name, p, "", g.want})
	}
	// Special files: a FIFO would block a reader forever, a device never end.
	fifo := filepath.Join(gen, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		cases = append(cases, tc{"fifo", fifo, "", "a named pipe, not a regular file"})
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, tc{"dev-zero", "/dev/zero", "", "a device, not a regular file"})
	}
	cases = append(cases, tc{"directory", gen, "", "a directory, not a regular file"})
	kladno := filepath.Join("..", "examples", "kladno", "city.yaml")
	cases = append(cases,
		tc{"catalog-cycle", kladno, "testdata/badcatalogs/cycle", "dependency cycle"},
		tc{"catalog-cel", kladno, "testdata/badcatalogs/cel", "undefined field 'budget_per_yer'"},
		tc{"catalog-unknown-key", kladno, "testdata/badcatalogs/unknown-key", `unknown key "severity"`},
		tc{"catalog-escape-object", kladno, "testdata/badcatalogs/escape-object", `procurement[0].id "../../../escaped" must be lower-case`},
		tc{"catalog-duplicate-object", kladno, "testdata/badcatalogs/duplicate-object", `"metering-equipment" is used twice`},
		tc{"catalog-dotdot-id", kladno, "testdata/badcatalogs/dotdot-id", `id ".." must be lower-case`},
		tc{"catalog-rule-runtime", kladno, "testdata/badcatalogs/rule-runtime", `missing-key.yaml:4:7: error: when: no such key: no_such_baseline`},
		tc{"catalog-funding-runtime", kladno, "testdata/badcatalogs/funding-runtime", `erdf.yaml:22:3: error: eligible: no such key: no_such_baseline`},
		tc{"catalog-cost-condition", kladno, "testdata/badcatalogs/cost-condition", `the limit for one condition`},
		tc{"catalog-cost-generation", kladno, "testdata/badcatalogs/cost-generation", `conditions together cost more than 1000000`},
	)
	if len(cases) < 60 {
		t.Fatalf("the bad-input set has %d cases; it should have at least 60", len(cases))
	}
	position := regexp.MustCompile(`(?m)^\S+:\d+:\d+: `)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"roadmap", c.city, "-o", out}
			if c.catalog != "" {
				args = append(args, "--catalog", c.catalog)
			}
			var stdout, stderr bytes.Buffer
			f := &Factory{IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: yamlx.ReadFile}
			code := Run(f, args)
			if code != ExitInvalid {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, ExitInvalid, stderr.String())
			}
			if !position.MatchString(stderr.String()) {
				t.Errorf("no file:line:col in stderr:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr does not say %q:\n%s", c.want, stderr.String())
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output directory was created")
			}
		})
	}
}
