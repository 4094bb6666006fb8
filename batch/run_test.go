package batch_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citypath/citypath/batch"
	"github.com/citypath/citypath/internal/yamlx"
)

// fakePlan "plans" a city file by copying it; a file saying "fail" fails,
// one saying "panic" panics.
func fakePlan(_ context.Context, c batch.City) (map[string][]byte, error) {
	switch strings.TrimSpace(string(c.Data)) {
	case "fail":
		return nil, yamlx.Problems{{File: c.Name, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "this city fails"}}
	case "panic":
		var m map[string]int
		m["x"]++
	}
	return map[string][]byte{"roadmap.json": c.Data, "sub/part.txt": []byte("part")}, nil
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, in, out string, opts batch.Options) *batch.Report {
	t.Helper()
	entries, err := batch.List(batch.Env{ReadFile: os.ReadFile}, batch.DefaultReaders(), in)
	if err != nil {
		t.Fatal(err)
	}
	opts.Out, opts.Input, opts.Plan = out, in, fakePlan
	if opts.CatalogSHA256 == "" {
		opts.CatalogSHA256 = "cat1"
	}
	rep, err := batch.Run(context.Background(), entries, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func statuses(rep *batch.Report) map[string]string {
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.Folder] = string(r.Status)
		if r.Reason != "" {
			got[r.Folder] += ": " + r.Reason
		}
	}
	return got
}

func TestRun(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in")
	out := filepath.Join(t.TempDir(), "out")
	writeFiles(t, in, map[string]string{
		"a.yaml": "a", "b.yml": "b", "c/city.yaml": "c", "bad.yaml": "fail", "bug.yaml": "panic",
		"A.yaml": "clash", ".hidden.yaml": "x", "notes.txt": "not a city",
	})
	rep := run(t, in, out, batch.Options{Jobs: 3})
	want := map[string]string{
		"A":   "failed: " + filepath.Join(in, "a.yaml") + " would be written to folder a like " + filepath.Join(in, "A.yaml") + "; rename one",
		"a":   "written",
		"b":   "written",
		"c":   "written",
		"bad": "failed: " + filepath.Join(in, "bad.yaml") + ":1:1: this city fails",
		"bug": "failed: internal error, please report: assignment to entry in nil map",
	}
	// A.yaml sorts first, so it owns the folder and a.yaml clashes.
	want["A"], want["a"] = "written", want["A"]
	if got := statuses(rep); !equalMaps(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if rep.Cities != 6 || rep.Written != 3 || rep.Failed != 3 {
		t.Errorf("counts %+v", rep)
	}
	if data, err := os.ReadFile(filepath.Join(out, "c", "sub", "part.txt")); err != nil || string(data) != "part" {
		t.Errorf("c/sub/part.txt: %q, %v", data, err)
	}

	// A second run plans nothing again; a changed city, a new catalog or
	// a city that now fails are planned again, and a failed city loses its
	// outdated folder.
	rep = run(t, in, out, batch.Options{})
	if rep.Unchanged != 3 || rep.Written != 0 {
		t.Errorf("second run: %+v", statuses(rep))
	}
	writeFiles(t, in, map[string]string{"b.yml": "b2", "c/city.yaml": "fail"})
	rep = run(t, in, out, batch.Options{})
	if got := statuses(rep); got["b"] != "written" || got["A"] != "unchanged" || !strings.HasPrefix(got["c"], "failed") {
		t.Errorf("third run: %v", got)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "b", "roadmap.json")); string(data) != "b2" {
		t.Errorf("b was not written again: %q", data)
	}
	if _, err := os.Stat(filepath.Join(out, "c")); !os.IsNotExist(err) {
		t.Errorf("the failed city's outdated folder is still there")
	}
	rep = run(t, in, out, batch.Options{CatalogSHA256: "cat2"})
	if rep.Written != 2 {
		t.Errorf("a new catalog: %v", statuses(rep))
	}
	// A folder that lost a file is written again.
	os.Remove(filepath.Join(out, "b", "sub", "part.txt"))
	rep = run(t, in, out, batch.Options{CatalogSHA256: "cat2"})
	if got := statuses(rep); got["b"] != "written" || got["A"] != "unchanged" {
		t.Errorf("after a removed file: %v", got)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s", e.Name())
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRunCancelled: a cancelled run writes no report and leaves no
// temporary folder.
func TestRunCancelled(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in")
	out := filepath.Join(t.TempDir(), "out")
	writeFiles(t, in, map[string]string{"a.yaml": "a", "b.yaml": "b"})
	entries, err := batch.List(batch.Env{ReadFile: os.ReadFile}, batch.DefaultReaders(), in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A leftover of a killed run is removed.
	os.MkdirAll(filepath.Join(out, ".citypath-batch-a.XYZ"), 0o755)
	_, err = batch.Run(ctx, entries, batch.Options{Out: out, Plan: fakePlan})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	left, _ := os.ReadDir(out)
	if len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

func TestShard(t *testing.T) {
	tests := []struct {
		in   string
		want batch.Shard
		err  bool
	}{
		{"0/2", batch.Shard{Index: 0, Count: 2}, false},
		{"3/4", batch.Shard{Index: 3, Count: 4}, false},
		{"4/4", batch.Shard{}, true},
		{"-1/4", batch.Shard{}, true},
		{"1/0", batch.Shard{}, true},
		{"1", batch.Shard{}, true},
		{"a/b", batch.Shard{}, true},
	}
	for _, tt := range tests {
		got, err := batch.ParseShard(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, got, err)
		}
	}
	// Every folder is in exactly one shard, and the shards are not empty.
	for _, n := range []int{1, 2, 3, 7} {
		sizes := make([]int, n)
		for i := range 1000 {
			folder := "city-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('0'+i%10)) + string(rune('A'+i/26%26))
			in := 0
			for s := range n {
				if (batch.Shard{Index: s, Count: n}).Holds(folder) {
					in++
					sizes[s]++
				}
			}
			if in != 1 {
				t.Fatalf("%s is in %d of %d shards", folder, in, n)
			}
		}
		for s, size := range sizes {
			if size == 0 {
				t.Errorf("shard %d/%d is empty", s, n)
			}
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	if _, err := batch.Merge(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "no shard reports") {
		t.Errorf("empty directory: %v", err)
	}
	writeFiles(t, dir, map[string]string{"batch-report.shard-0-of-3.json": `{"input": "x", "cities": 0, "written": 0, "unchanged": 0, "failed": 0, "results": []}`})
	if _, err := batch.Merge(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "shards [1 2] of 3 have not reported yet") {
		t.Errorf("missing shards: %v", err)
	}
}

// TestListSkips lists the current directory without the output directory
// and the defaults file inside it; an empty skip path skips nothing.
func TestListSkips(t *testing.T) {
	in := t.TempDir()
	writeFiles(t, in, map[string]string{"a.yaml": "a", "defaults.yaml": "d", "out/b/city.yaml": "old output"})
	t.Chdir(in)
	entries, err := batch.List(batch.Env{ReadFile: os.ReadFile}, batch.DefaultReaders(), ".", "", "defaults.yaml", "out")
	if err != nil || len(entries) != 1 || entries[0].Folder != "a" {
		t.Errorf("got %+v, %v; want a.yaml alone", entries, err)
	}
}
