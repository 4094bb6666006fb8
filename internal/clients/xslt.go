package clients

import (
	"os"
	"os/exec"
	"testing"
)

// SaxonEnv names a Saxon-HE jar to use instead of the one Debian's
// libsaxonhe-java installs.
const SaxonEnv = "SAXON_JAR"

// debianSaxon is where Debian's libsaxonhe-java puts Saxon-HE.
const debianSaxon = "/usr/share/java/Saxon-HE.jar"

// XSLT returns the command that runs an XSLT 3.0 processor, Saxon-HE's
// net.sf.saxon.Transform, or skips (or fails) the test when Java or Saxon-HE
// is missing. Schematron rules with queryBinding xslt2 need it.
func XSLT(t testing.TB) []string {
	t.Helper()
	jar := os.Getenv(SaxonEnv)
	if jar == "" {
		jar = debianSaxon
	}
	java, err := exec.LookPath("java")
	if _, statErr := os.Stat(jar); err == nil && statErr == nil {
		return []string{java, "-cp", jar, "net.sf.saxon.Transform"}
	}
	msg := "the XSLT 3.0 processor Saxon-HE is not installed; install Java and libsaxonhe-java (see .ci/run) or set " + SaxonEnv + " to a Saxon-HE jar"
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (%s=1)", msg, RequireEnv)
	}
	t.Skip(msg)
	return nil
}
