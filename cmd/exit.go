package cmd

import (
	"context"
	"errors"
	"fmt"
	"github.com/citypath/citypath/internal/parallel"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/citypath/citypath/internal/yamlx"
)

// Exit codes. They are decided here and nowhere else.
const (
	ExitOK         = 0   // success
	ExitInternal   = 1   // a bug or an environment failure (disk full, permissions)
	ExitSomeFailed = 1   // a batch ran to its end but some of its cities failed (its report says which)
	ExitUsage      = 2   // wrong command, flag or argument
	ExitInvalid    = 3   // the city file, catalog or templates are invalid
	ExitCancelled  = 130 // interrupted
)

// exitCodesHelp is appended to every command's long help.
const exitCodesHelp = `
Exit status:
  0    success
  1    internal error (a bug, or a file that could not be written), or
       a batch in which some cities failed (see its batch-report.json)
  2    usage error (unknown command, flag or argument)
  3    invalid input (city file, catalog or templates); nothing is written
  130  interrupted`

// usageError is a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// invalidInput marks an error about the user's files that has no position.
type invalidInput struct{ err error }

func (e invalidInput) Error() string { return e.err.Error() }
func (e invalidInput) Unwrap() error { return e.err }

// exitCode maps an error to its exit code and prints it for the user.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ue usageError
	var ii invalidInput
	var pe *parallel.PanicError
	var sp shownProblems
	var sf someFailed
	switch {
	case errors.As(err, &sf):
		fmt.Fprintf(stderr, "citypath: %v\n", sf)
		return ExitSomeFailed
	case errors.As(err, &sp):
		fmt.Fprintf(stderr, "citypath: %d %s; nothing was written\n", sp.n, plural(sp.n, "problem"))
		return ExitInvalid
	case errors.As(err, &pe):
		fmt.Fprintln(stderr, internalErrorMessage(pe.Value))
		return ExitInternal
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "citypath: interrupted")
		return ExitCancelled
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "citypath: %v\nRun 'citypath --help' for usage.\n", ue.err)
		return ExitUsage
	}
	if ps, ok := yamlx.AsProblems(err); ok {
		printProblems(stderr, ps)
		fmt.Fprintf(stderr, "citypath: %d %s; nothing was written\n", len(ps), plural(len(ps), "problem"))
		return ExitInvalid
	}
	if errors.As(err, &ii) {
		fmt.Fprintf(stderr, "citypath: %v; nothing was written\n", ii.err)
		return ExitInvalid
	}
	fmt.Fprintf(stderr, "citypath: %v\n", err)
	return ExitInternal
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// printProblems shows each problem as compilers do: file:line:col, its
// severity and message, then the source line with a caret under the column.
func printProblems(w io.Writer, ps yamlx.Problems) {
	for _, p := range ps {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s\n", p.File, p.Pos.Line, p.Pos.Col, p.Level(), p.Msg)
		if p.Source == "" {
			continue
		}
		num := strconv.Itoa(p.Pos.Line)
		caret := strings.Repeat(" ", max(0, min(p.Pos.Col-1, utf8.RuneCountInString(p.Source))))
		fmt.Fprintf(w, "  %s | %s\n  %s | %s^\n", num, p.Source, strings.Repeat(" ", len(num)), caret)
	}
}

// internalErrorMessage is what a user sees for a bug.
func internalErrorMessage(v any) string {
	return fmt.Sprintf("citypath: internal error, please report: %v\nPlease include the command and the input that caused it.", v)
}

// Main runs citypath with the process's arguments and streams and returns
// the exit code.
func Main() int {
	// citypath runs for a fraction of a second and allocates a few tens of
	// megabytes, mostly while loading the catalog; collecting less often
	// saves more time than the memory it costs.
	debug.SetGCPercent(400)
	// A soft limit makes the collector work harder only when a large batch
	// or input nears it, so memory stays bounded where the saving above
	// would otherwise let the heap grow to five times what is live.
	debug.SetMemoryLimit(200 << 20)
	// SIGINT and SIGTERM cancel the context: the command stops at its next
	// check, removes its temporary files and exits 130 with nothing written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f := &Factory{
		Ctx:      ctx,
		IO:       IOStreams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr},
		Getenv:   os.Getenv,
		ReadFile: yamlx.ReadFile,
	}
	return Run(f, os.Args[1:])
}

// Run executes one command line and returns the exit code.
func Run(f *Factory, args []string) (code int) {
	defer func() {
		// A panic is a bug; say so plainly and keep the exit code honest.
		if r := recover(); r != nil {
			fmt.Fprintln(f.IO.Err, internalErrorMessage(r))
			code = ExitInternal
		}
	}()
	ctx := f.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	root := NewRootCmd(f)
	root.SetArgs(args)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.Err)
	err := root.ExecuteContext(ctx)
	return exitCode(classify(err), f.IO.Err)
}
