package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds on the citypath process for one hostile input: the issue's
// contract, enforced generously rather than timed precisely.
const (
	hostileTime = 5 * time.Second
	hostileRSS  = 300 << 20 // bytes
)

// TestHostileInputs runs the citypath binary on every hostile input in the
// repository (the bad-input set, the bad catalogs, special and oversize
// files, runaway templates): each must exit 3 with a file:line:col, write
// nothing, and stay within hostileTime and hostileRSS, read from the
// child's resource usage.
func TestHostileInputs(t *testing.T) {
	bin, examples := binary(t, "runs citypath once per hostile input")
	kladno := filepath.Join(examples, "kladno", "city.yaml")
	type hostile struct {
		name string
		args []string // -o DIR is added
	}
	var cases []hostile
	files, _ := filepath.Glob("../testdata/bad/*.yaml")
	for _, f := range files {
		cases = append(cases, hostile{filepath.Base(f), []string{"roadmap", f}})
	}
	catalogs, _ := filepath.Glob("../testdata/badcatalogs/*")
	for _, c := range catalogs {
		cases = append(cases, hostile{"catalog-" + filepath.Base(c), []string{"tender", kladno, "--all", "--catalog", c}})
	}
	gen := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(gen, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases = append(cases,
		hostile{"50mb", []string{"roadmap", write("50mb.yaml", bytes.Repeat([]byte("# padding\n"), 5<<20))}},
		hostile{"binary", []string{"roadmap", write("binary.yaml", bytes.Repeat([]byte{0xff, 0x00, 0x13}, 1000))}},
		hostile{"directory", []string{"roadmap", gen}},
	)
	if fifo := filepath.Join(gen, "fifo.yaml"); syscall.Mkfifo(fifo, 0o644) == nil {
		cases = append(cases, hostile{"fifo", []string{"roadmap", fifo}})
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, hostile{"dev-zero", []string{"validate", "/dev/zero"}})
	}
	for name, src := range map[string]string{
		"until":  "# T\n{{range until 2000000000}}x{{end}}\n",
		"nested": "# T\n{{range until 1000}}{{range until 1000}}{{range until 1000}}{{end}}{{end}}{{end}}\n",
		"flood":  "# T\n{{range until 99999}}{{printf \"%09999d\" 1}}{{end}}\n",
		"repeat": "# T\n{{repeat 2000000000 \"xy\"}}\n",
		"seq":    "# T\n{{seq 1 1 2000000000}}\n",
	} {
		dir := filepath.Dir(write(filepath.Join("templates-"+name, "tender-specification.md.tmpl"), []byte(src)))
		cases = append(cases, hostile{"template-" + name, []string{"tender", kladno, "--all", "--templates", dir}})
	}
	if dir := filepath.Join(gen, "templates-fifo"); os.Mkdir(dir, 0o755) == nil && syscall.Mkfifo(filepath.Join(dir, "index.html.tmpl"), 0o644) == nil {
		cases = append(cases, hostile{"template-fifo", []string{"tender", kladno, "--all", "--templates", dir}})
	}
	big := filepath.Dir(write(filepath.Join("templates-big", "index.html.tmpl"), bytes.Repeat([]byte("<p>x</p>\n"), 300000)))
	cases = append(cases, hostile{"template-3mb", []string{"tender", kladno, "--all", "--templates", big}})
	if len(cases) < 60 {
		t.Fatalf("%d hostile inputs; the contract asks for at least 60", len(cases))
	}
	position := regexp.MustCompile(`(?m)^\S+:\d+:\d+: `)
	var slowest time.Duration
	var largest int64
	var slowestName, largestName string
	for i, c := range cases {
		out := filepath.Join(gen, "out", string(rune('a'+i%26))+c.name)
		cmd := exec.Command(bin, append(c.args, "-o", out)...)
		if c.args[0] == "validate" {
			cmd = exec.Command(bin, c.args...)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
		if took > slowest {
			slowest, slowestName = took, c.name
		}
		if rss > largest {
			largest, largestName = rss, c.name
		}
		if code := cmd.ProcessState.ExitCode(); code != 3 {
			t.Errorf("%s: exit %d, want 3; stderr:\n%.600s", c.name, code, stderr.String())
		}
		if !position.Match(stderr.Bytes()) {
			t.Errorf("%s: no file:line:col in stderr:\n%.600s", c.name, stderr.String())
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: wrote %s", c.name, out)
		}
		if took > hostileTime || rss > hostileRSS {
			t.Errorf("%s: took %s and %d MB; the contract is %s and %d MB", c.name, took.Round(time.Millisecond), rss>>20, hostileTime, hostileRSS>>20)
		}
		if strings.Contains(stderr.String(), "goroutine ") {
			t.Errorf("%s: a goroutine dump:\n%.600s", c.name, stderr.String())
		}
	}
	t.Logf("%d hostile inputs; slowest %s (%s), largest peak RSS %d MB (%s)", len(cases), slowest.Round(time.Millisecond), slowestName, largest>>20, largestName)
}
