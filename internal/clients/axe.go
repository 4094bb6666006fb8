package clients

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// AxeEnv names an axe.min.js to use instead of the one npm installed
// globally.
const AxeEnv = "AXE_CORE_JS"

// AxeCore returns the path of axe-core's axe.min.js (npm install -g
// axe-core), or skips (or fails) the test when it is missing.
func AxeCore(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(AxeEnv); p != "" {
		return p
	}
	if npm, err := exec.LookPath("npm"); err == nil {
		if out, err := exec.Command(npm, "root", "-g").Output(); err == nil {
			p := filepath.Join(strings.TrimSpace(string(out)), "axe-core", "axe.min.js")
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	msg := "axe-core is not installed; run npm install -g axe-core (see .ci/run) or set " + AxeEnv
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (%s=1)", msg, RequireEnv)
	}
	t.Skip(msg)
	return ""
}
