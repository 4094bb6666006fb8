package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citypath/citypath/batch"
	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/synth"
)

// batchCities is the size of TestBatchPopulation's batch. Issue 11 asks
// for 2,000 (go test ./cmd -run TestBatchPopulation -batch-cities 2000);
// the default keeps the whole suite quick on a small machine.
var batchCities = flag.Int("batch-cities", 400, "cities in TestBatchPopulation's batch")

// writePopulation writes n synthetic cities (5% invalid) into a fresh
// directory and returns it with the cities.
func writePopulation(t *testing.T, n int) (string, []synth.City) {
	t.Helper()
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	cities := synth.New(cat, synth.Options{Seed: 11, Invalid: 0.05}).Population(n)
	dir := filepath.Join(t.TempDir(), "cities")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range cities {
		if err := os.WriteFile(filepath.Join(dir, c.File), c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, cities
}

// runBatch runs citypath with args and returns its exit code and streams.
func runBatch(ctx context.Context, readFile func(string) ([]byte, error), args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	f := &Factory{Ctx: ctx, IO: IOStreams{Out: &stdout, Err: &stderr}, Getenv: func(string) string { return "" }, ReadFile: readFile}
	return Run(f, args), stdout.String(), stderr.String()
}

func readReport(t *testing.T, name string) batch.Report {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var rep batch.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// folderOf is the output folder of a synthetic city.
func folderOf(c synth.City) string { return strings.TrimSuffix(c.File, ".yaml") }

// TestBatchPopulation is issue 11's acceptance test: a batch over 2,000
// generated cities, 5% invalid, writes every valid city's files, reports
// exactly the invalid ones with the loader's reason, and exits 1.
func TestBatchPopulation(t *testing.T) {
	n := *batchCities
	if testing.Short() {
		n = min(n, 100)
	}
	dir, cities := writePopulation(t, n)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runBatch(context.Background(), os.ReadFile, "batch", dir, "-o", out, "--format", "json")
	if code != ExitSomeFailed {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitSomeFailed, stderr)
	}
	invalid := 0
	for _, c := range cities {
		if c.Mistake != synth.Valid {
			invalid++
		}
	}
	if want := n / 20; invalid != want {
		t.Fatalf("the population has %d invalid cities, want %d", invalid, want)
	}
	if want := "failed; report " + out + "/batch-report.json"; !strings.Contains(stdout, want) {
		t.Errorf("stdout does not say %q:\n%s", want, stdout)
	}
	rep := readReport(t, filepath.Join(out, "batch-report.json"))
	if rep.Cities != n || rep.Failed != invalid || rep.Written != n-invalid || len(rep.Results) != n {
		t.Errorf("report counts %d cities, %d written, %d failed, %d results; want %d, %d, %d", rep.Cities, rep.Written, rep.Failed, len(rep.Results), n, n-invalid, invalid)
	}
	for i, c := range cities {
		if i >= len(rep.Results) {
			break
		}
		r := rep.Results[i]
		if r.Source != filepath.Join(dir, c.File) || r.Position != i+1 || r.Folder != folderOf(c) {
			t.Errorf("result %d is %s at %d in %s, want %s", i, r.Source, r.Position, r.Folder, c.File)
			continue
		}
		_, err := os.Stat(filepath.Join(out, r.Folder, "roadmap.json"))
		switch {
		case c.Mistake == synth.Valid && (r.Status != batch.Written || err != nil):
			t.Errorf("%s: valid city %s (%v): %s", c.File, r.Status, err, r.Reason)
		case c.Mistake != synth.Valid && r.Status != batch.Failed:
			t.Errorf("%s: city with a %s mistake was %s", c.File, c.Mistake, r.Status)
		case c.Mistake != synth.Valid && !strings.Contains(problemText(r), synth.Expect[c.Mistake]):
			t.Errorf("%s: %s: problems do not mention %q: %s", c.File, c.Mistake, synth.Expect[c.Mistake], problemText(r))
		case c.Mistake != synth.Valid && !strings.Contains(stderr, "failed: "+r.Source+" (city "):
			t.Errorf("%s: the failure is not on screen", c.File)
		case c.Mistake != synth.Valid && err == nil:
			t.Errorf("%s: a failed city has a folder", c.File)
		}
	}
	assertNoTemp(t, out)
}

// problemText is every problem of a result, or its reason.
func problemText(r batch.Result) string {
	text := r.Reason
	for _, p := range r.Problems {
		text += "\n" + p.Message
	}
	return text
}

// assertNoTemp fails when a temporary folder or file is left in out.
func assertNoTemp(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".citypath-") {
			t.Errorf("left %s", e.Name())
		}
	}
}

// TestBatchResume interrupts a batch half-way (as an interrupt does, by
// cancelling its context), then runs it again: the second run writes only
// the cities the first did not, leaves the others untouched, and the
// result is byte for byte that of a run never interrupted.
func TestBatchResume(t *testing.T) {
	n := 200
	dir, _ := writePopulation(t, n)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var reads atomic.Int32
	readFile := func(p string) ([]byte, error) {
		if reads.Add(1) == int32(n/2) {
			cancel()
		}
		return os.ReadFile(p)
	}
	code, _, stderr := runBatch(ctx, readFile, "batch", dir, "-o", out, "--format", "json,md")
	if code != ExitCancelled || !strings.Contains(stderr, "citypath: interrupted") {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitCancelled, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "batch-report.json")); !os.IsNotExist(err) {
		t.Errorf("an interrupted batch wrote its report")
	}
	assertNoTemp(t, out)
	// Every folder the interrupted run left is whole.
	first := map[string]time.Time{}
	folders, _ := os.ReadDir(out)
	for _, d := range folders {
		for _, f := range []string{"roadmap.json", "roadmap.md", batch.StampFile} {
			if _, err := os.Stat(filepath.Join(out, d.Name(), f)); err != nil {
				t.Errorf("%s is not whole: %v", d.Name(), err)
			}
		}
		st, _ := os.Stat(filepath.Join(out, d.Name(), "roadmap.json"))
		first[d.Name()] = st.ModTime()
	}
	if len(first) == 0 || len(first) >= n*95/100 {
		t.Fatalf("the interrupted run wrote %d of %d cities; want it stopped half-way", len(first), n)
	}

	code, _, stderr = runBatch(context.Background(), os.ReadFile, "batch", dir, "-o", out, "--format", "json,md")
	if code != ExitSomeFailed {
		t.Fatalf("second run: exit %d, want %d; stderr:\n%s", code, ExitSomeFailed, stderr)
	}
	rep := readReport(t, filepath.Join(out, "batch-report.json"))
	if rep.Unchanged != len(first) || rep.Written+rep.Unchanged+rep.Failed != n || rep.Failed != n/20 {
		t.Errorf("second run: %d unchanged, %d written, %d failed; want %d unchanged, %d failed", rep.Unchanged, rep.Written, rep.Failed, len(first), n/20)
	}
	for name, mod := range first {
		st, err := os.Stat(filepath.Join(out, name, "roadmap.json"))
		if err != nil || !st.ModTime().Equal(mod) {
			t.Errorf("%s was written again", name)
		}
	}

	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, stderr := runBatch(context.Background(), os.ReadFile, "batch", dir, "-o", fresh, "--format", "json,md"); code != ExitSomeFailed {
		t.Fatalf("fresh run: exit %d; stderr:\n%s", code, stderr)
	}
	compareTrees(t, fresh, out, "batch-report.json")
}

// TestBatchShards runs a batch as two shards into one directory and
// merges their reports: the directory is byte for byte that of one
// unsharded run.
func TestBatchShards(t *testing.T) {
	dir, _ := writePopulation(t, 200)
	whole := filepath.Join(t.TempDir(), "whole")
	if code, _, stderr := runBatch(context.Background(), os.ReadFile, "batch", dir, "-o", whole, "--format", "json,md"); code != ExitSomeFailed {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	sharded := filepath.Join(t.TempDir(), "sharded")
	counts := 0
	for _, shard := range []string{"0/2", "1/2"} {
		code, _, stderr := runBatch(context.Background(), os.ReadFile, "batch", dir, "-o", sharded, "--format", "json,md", "--shard", shard)
		if code != ExitSomeFailed {
			t.Fatalf("shard %s: exit %d; stderr:\n%s", shard, code, stderr)
		}
		name := "batch-report.shard-" + strings.ReplaceAll(shard, "/", "-of-") + ".json"
		rep := readReport(t, filepath.Join(sharded, name))
		if rep.Shard != shard || rep.Cities == 0 || rep.Cities == 200 {
			t.Errorf("shard %s planned %d of 200 cities", rep.Shard, rep.Cities)
		}
		counts += rep.Cities
	}
	if counts != 200 {
		t.Errorf("the shards planned %d cities, want 200", counts)
	}
	if code, stdout, stderr := runBatch(context.Background(), os.ReadFile, "batch", "merge", sharded); code != ExitSomeFailed || !strings.Contains(stdout, "200 cities: 190 written, 0 unchanged, 10 failed") {
		t.Fatalf("merge: exit %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	compareTrees(t, whole, sharded, "batch-report.shard-0-of-2.json", "batch-report.shard-1-of-2.json")
}

// compareTrees checks that directories a and b hold the same files with
// the same bytes, but for the names in ignore.
func compareTrees(t *testing.T, a, b string, ignore ...string) {
	t.Helper()
	list := func(root string) map[string]bool {
		files := map[string]bool{}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				for _, ig := range ignore {
					if rel == ig {
						return nil
					}
				}
				files[rel] = true
			}
			return nil
		})
		return files
	}
	fa, fb := list(a), list(b)
	if len(fa) != len(fb) {
		t.Errorf("%d files, want %d", len(fb), len(fa))
	}
	diffs := 0
	for name := range fa {
		da, _ := os.ReadFile(filepath.Join(a, name))
		db, err := os.ReadFile(filepath.Join(b, name))
		if (err != nil || !bytes.Equal(da, db)) && diffs < 5 {
			t.Errorf("%s differs", name)
			diffs++
		}
	}
}
