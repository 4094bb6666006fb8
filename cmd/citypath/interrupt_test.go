package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citypath/citypath/internal/atomicfile"
)

// TestInterrupt sends SIGINT and SIGTERM to citypath at several points of
// a multi-city run, of a streaming batch and of tender --all. Whenever it lands, the run must
// end with exit 130, say "interrupted" and leave no temporary file, with
// nothing written by tender and only whole cities by the batch; or, if the
// signal came after the last file was renamed into place, exit 0 with
// every file written. The points are fractions of an uninterrupted run's
// duration; the assertions do not depend on timing.
func TestInterrupt(t *testing.T) {
	bin, examples := binary(t, "runs citypath about thirty times")
	work := t.TempDir()
	var cities []string
	for i := range 4 {
		for _, e := range []string{"kladno", "small-town", "advanced-city"} {
			data, err := os.ReadFile(filepath.Join(examples, e, "city.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(work, "cities", e+string(rune('a'+i)), "city.yaml")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			cities = append(cities, p)
		}
	}
	runs := []struct {
		name string
		args []string
	}{
		{"batch", append(append([]string{"roadmap"}, cities...), "-o")},
		{"tender-all", []string{"tender", filepath.Join(examples, "kladno", "city.yaml"), "--all", "-o"}},
		{"batch-stream", []string{"batch", filepath.Join(work, "cities"), "--format", "json,md,xlsx", "-o"}},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			ref := filepath.Join(work, r.name+"-ref")
			start := time.Now()
			if out, err := exec.Command(bin, append(r.args, ref)...).CombinedOutput(); err != nil {
				t.Fatalf("uninterrupted run: %v\n%s", err, out)
			}
			took := time.Since(start)
			want := tree(t, ref)
			interrupted := 0
			for i, frac := range []float64{0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95, 1.05} {
				sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
				out := filepath.Join(work, r.name, sig.String()+string(rune('a'+i)))
				cmd := exec.Command(bin, append(r.args, out)...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(frac * float64(took)))
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				code := cmd.ProcessState.ExitCode()
				var ee *exec.ExitError
				if err != nil && !errors.As(err, &ee) {
					t.Fatal(err)
				}
				t.Logf("%s at %.0f%%: exit %d", sig, frac*100, code)
				switch code {
				case 130:
					interrupted++
					if !strings.Contains(stderr.String(), "citypath: interrupted") {
						t.Errorf("%s at %.0f%%: exit 130 without saying so:\n%s", sig, frac*100, stderr.String())
					}
					if got := tree(t, out); !wholeCities(got, want, r.name != "tender-all") {
						t.Errorf("%s at %.0f%%: interrupted, yet wrote %v", sig, frac*100, got)
					}
				case 0:
					if got := tree(t, out); !slices.Equal(got, want) {
						t.Errorf("%s at %.0f%%: exit 0 with %d files, want %d", sig, frac*100, len(got), len(want))
					}
				case -1:
					// The signal came while the Go runtime was still starting,
					// before citypath could install its handler, and ended the
					// process: it must not have written anything yet.
					if got := tree(t, out); len(got) > 0 {
						t.Errorf("%s at %.0f%%: killed while starting, yet wrote %v", sig, frac*100, got)
					}
				default:
					t.Errorf("%s at %.0f%%: exit %d, want 130 or 0; stderr:\n%s", sig, frac*100, code, stderr.String())
				}
			}
			if interrupted == 0 {
				t.Errorf("no signal interrupted the run; the test saw only finished runs")
			}
			filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.HasPrefix(d.Name(), atomicfile.TempPrefix) {
					t.Errorf("temporary file left behind: %s", p)
				}
				return nil
			})
		})
	}
}

// wholeCities reports whether got is nothing or, when cities may be
// written one by one, whole city folders of want.
func wholeCities(got, want []string, byCity bool) bool {
	if len(got) == 0 {
		return true
	}
	if !byCity {
		return false
	}
	whole := map[string]int{} // city folder → the files a whole city has
	for _, f := range want {
		whole[filepath.Dir(f)]++
	}
	found := map[string]int{}
	for _, f := range got {
		if !slices.Contains(want, f) {
			return false
		}
		found[filepath.Dir(f)]++
	}
	for city, n := range found {
		if n != whole[city] {
			return false
		}
	}
	return true
}

// tree lists the files under dir, relative to it.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	return files
}
