package clients

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Convert converts files with LibreOffice in headless mode into outDir, as a
// user's "save as" would; format is soffice's --convert-to argument (pdf,
// or csv with filter options). Each call gets its own LibreOffice profile,
// so that test packages running at once do not share one. It returns the
// converted files, and fails the test when soffice fails or writes nothing.
func Convert(t testing.TB, outDir, format string, files ...string) []string {
	t.Helper()
	bin := Require(t, "soffice", "libreoffice")
	profile := t.TempDir()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", format, "--outdir", outDir}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, out)
	}
	ext, _, _ := strings.Cut(format, ":")
	var converted []string
	for _, f := range files {
		name := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+"."+ext)
		if st, err := os.Stat(name); err != nil || st.Size() == 0 {
			t.Fatalf("soffice did not convert %s to %s:\n%s", f, ext, out)
		}
		converted = append(converted, name)
	}
	return converted
}

// Run runs a client and returns its standard output, failing the test when
// it exits with an error.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	bin := Require(t, name)
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}
