package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/citypath/citypath/cmd"
	"github.com/citypath/citypath/internal/golden"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"citypath": func() { os.Exit(cmd.Main()) },
	})
}

// TestScripts runs the CLI specifications in testdata/script. Each script
// gets $EXAMPLES, the repository's examples directory, so that the README's
// commands are exercised on the real example files.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	badCatalogs, err := filepath.Abs("../testdata/badcatalogs")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *golden.Update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("BADCATALOGS", badCatalogs)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"exitcode": exitcode},
	})
}

// exitcode runs a command and checks its exit status, which `! exec` cannot:
// exitcode 3 citypath tender ... asserts invalid input, not just failure.
// The command's output is available to stdout and stderr afterwards.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// binary returns the citypath command testscript.Main put on PATH, for
// tests that need a real process (signals, resource usage), and the
// examples directory; with -short it skips the test, saying why it is long.
func binary(t *testing.T, long string) (bin, examples string) {
	t.Helper()
	if testing.Short() {
		t.Skip(long)
	}
	bin, err := exec.LookPath("citypath")
	if err != nil {
		t.Fatal(err)
	}
	if examples, err = filepath.Abs("../../examples"); err != nil {
		t.Fatal(err)
	}
	return bin, examples
}
