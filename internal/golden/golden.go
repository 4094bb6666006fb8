// Package golden compares test output with reviewed files under testdata/,
// refreshed with `go test ./... -update`.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is set by -update: write the golden files instead of comparing.
var Update = flag.Bool("update", false, "update golden files under testdata/")

// Path is testdata/<TestName><ext>.golden, with subtest slashes kept as
// directories.
func Path(t testing.TB, ext string) string {
	return filepath.Join("testdata", filepath.FromSlash(t.Name())+ext+".golden")
}

// Assert compares got with the golden file for this test, or writes it
// under -update. CRLF is normalised so that checkouts on Windows agree.
func Assert(t testing.TB, ext string, got []byte) {
	t.Helper()
	path := Path(t, ext)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	want = bytes.ReplaceAll(want, []byte("\r\n"), []byte("\n"))
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run with -update after reviewing):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(lengths differ)"
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
