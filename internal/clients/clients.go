// Package clients lets tests check outputs with the real programs people
// open them with (pdftotext, qpdf, soffice, chromium) and the validators
// publishers use (xmllint, Saxon-HE). Where a client is not installed, a
// test skips with a clear message; with CITYPATH_REQUIRE_CLIENTS=1, as CI
// sets it, it fails instead.
package clients

import (
	"os"
	"os/exec"
	"testing"
)

// RequireEnv is the variable that turns a missing client into a failure.
const RequireEnv = "CITYPATH_REQUIRE_CLIENTS"

// Require returns the path of the named program, or skips (or fails) the
// test when it is missing. Alternatives are tried in order, e.g.
// Require(t, "soffice", "libreoffice").
func Require(t testing.TB, names ...string) string {
	t.Helper()
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := "output client " + names[0] + " is not installed; install it (see .ci/run) to run this check"
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (%s=1)", msg, RequireEnv)
	}
	t.Skip(msg)
	return ""
}
