// Package cmd is citypath's command line: thin cobra commands that read
// files, call the domain packages and write results. Each command has an
// Options struct; RunE only wires flags into it and calls the command's run
// function, which never sees cobra.
package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/catalog"
)

// IOStreams are the standard streams, replaced by buffers in tests.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Factory holds the effects commands may use. Nothing else reaches the
// process environment.
type Factory struct {
	// Ctx is cancelled when the user interrupts; nil means never.
	Ctx      context.Context
	IO       IOStreams
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
}

// Version is set at build time with -ldflags "-X github.com/citypath/citypath/cmd.Version=…".
var Version = "0.1.0-dev"

// runError marks errors returned by a command's own code, so that anything
// else cobra returns (unknown flag or command, wrong argument count) is
// recognised as a usage error.
type runError struct{ err error }

func (e runError) Error() string { return e.err.Error() }
func (e runError) Unwrap() error { return e.err }

// runE adapts a command body so its errors are marked as its own.
func runE(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return runError{err}
		}
		return nil
	}
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "citypath",
		Short: "Turn a city's maturity assessment into a phased smart-city roadmap and tender packs",
		Long: strings.TrimSpace(`
citypath reads a city file (maturity assessment, strategy and IT inventory)
and a catalog of initiatives and rules, and writes a phased digital
transformation roadmap (Foundation, Growth, Accelerate & Expand) with
milestones, costs and the reason for every step.

Start with 'citypath init mycity' to get a commented city file.`) + "\n" + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       Version,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		NewCmdInit(f, nil),
		NewCmdValidate(f, nil),
		NewCmdRoadmap(f, nil),
		NewCmdBatch(f, nil),
		NewCmdRender(f, nil),
		NewCmdTender(f, nil),
		NewCmdExplain(f, nil),
		NewCmdIntake(f),
		NewCmdCompare(f, nil),
		NewCmdDiff(f, nil),
		NewCmdCatalog(f),
		NewCmdSchema(f, nil),
		NewCmdVersion(f),
	)
	documentExitCodes(root)
	return root
}

// classify turns whatever the command tree returned into our vocabulary.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if re, ok := err.(runError); ok {
		return re.err
	}
	if _, ok := err.(usageError); ok {
		return err
	}
	return usageError{err}
}

// loadCatalog loads the built-in catalog, overlaid by dir when given.
func loadCatalog(dir string) (*catalog.Catalog, error) {
	sources := []catalog.Source{catalog.Builtin()}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return nil, usagef("--catalog %s: not a directory", dir)
		}
		sources = append(sources, catalog.Source{FS: os.DirFS(dir), Name: dir})
	}
	return catalog.Load(sources...)
}

// readInput reads a user file, turning a missing file into a usage error.
func readInput(f *Factory, path string) ([]byte, error) {
	data, err := f.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, usagef("%s: no such file", path)
		}
		return nil, invalidInput{fmt.Errorf("%s: %w", path, err)}
	}
	return data, nil
}

// NewCmdVersion prints the version.
func NewCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print citypath's version and the built-in catalog's release",
		Example: "  $ citypath version",
		Args:    cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			c, err := catalog.Load(catalog.Builtin())
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "citypath %s\ncatalog %s %s (sha256 %s)\n", Version, c.Meta.Name, c.Meta.Release, c.Hash[:12])
			return nil
		}),
	}
}

// documentExitCodes appends the exit codes to the help of every command, as
// restic does, so that scripts can rely on them.
func documentExitCodes(c *cobra.Command) {
	if c.Long != "" && !strings.Contains(c.Long, "Exit status:") {
		c.Long = strings.TrimSpace(c.Long) + "\n" + exitCodesHelp
	}
	for _, sub := range c.Commands() {
		documentExitCodes(sub)
	}
}
