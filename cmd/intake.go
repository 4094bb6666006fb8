package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/intake"
	"github.com/citypath/citypath/internal/atomicfile"
)

// NewCmdIntake builds `citypath intake` and its commands.
func NewCmdIntake(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "intake",
		Short: "Write an intake workbook for a city to fill in, and read it back",
		Long: `A city that does not write YAML fills in an intake workbook instead: one sheet
per section of the city file, drop-down lists, checked inputs and the level
descriptors beside each indicator. 'intake new' writes a blank one and
'intake read' turns a filled one into a commented city file.`,
		Example: `  $ citypath intake new kladno.xlsx
  $ citypath intake read kladno.xlsx -o kladno/city.yaml`,
	}
	cmd.AddCommand(NewCmdIntakeNew(f, nil), NewCmdIntakeRead(f, nil))
	return cmd
}

// IntakeNewOptions are the inputs of `citypath intake new`.
type IntakeNewOptions struct {
	Ctx        context.Context
	IO         IOStreams
	File       string
	Lang       string
	CatalogDir string
	Force      bool
}

// NewCmdIntakeNew builds `citypath intake new`.
func NewCmdIntakeNew(f *Factory, runF func(*IntakeNewOptions) error) *cobra.Command {
	opts := &IntakeNewOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "new FILE.xlsx",
		Short: "Write a blank intake workbook",
		Long: `Write a blank intake workbook for a city to fill in without help: an
instructions sheet, one sheet per section of the city file (City, Assessment,
Strategy, Infrastructure, State of play, Assets), drop-down lists of the
catalog's ids, input checks, and each indicator's level descriptors beside
its score. Labels are protected; only the yellow cells can be edited. The
same catalog and language always give the same bytes. An existing file is
kept unless --force is given.

Languages: ` + strings.Join(intake.Languages(), ", ") + `.`,
		Example: `  $ citypath intake new kladno.xlsx
  $ citypath intake new form.xlsx --lang en --catalog my-catalog`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.File = args[0]
			if _, err := intake.LoadLang(opts.Lang); err != nil {
				return usagef("--lang %s: %v", opts.Lang, err)
			}
			if runF != nil {
				return runF(opts)
			}
			return intakeNewRun(opts)
		}),
	}
	cmd.Flags().StringVar(&opts.Lang, "lang", "en", "language of the labels")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	return cmd
}

func intakeNewRun(opts *IntakeNewOptions) error {
	if _, err := os.Stat(opts.File); err == nil && !opts.Force {
		return usagef("%s already exists; use --force to overwrite it", opts.File)
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	data, err := intake.New(cat, intake.Options{Lang: opts.Lang})
	if err != nil {
		return err
	}
	if err := writeOne(opts.Ctx, opts.File, data); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s\nnext: send it to the city, then run 'citypath intake read %s -o city.yaml'\n", opts.File, opts.File)
	return nil
}

// IntakeReadOptions are the inputs of `citypath intake read`.
type IntakeReadOptions struct {
	Ctx        context.Context
	IO         IOStreams
	ReadFile   func(string) ([]byte, error)
	File       string
	Output     string
	CatalogDir string
}

// NewCmdIntakeRead builds `citypath intake read`.
func NewCmdIntakeRead(f *Factory, runF func(*IntakeReadOptions) error) *cobra.Command {
	opts := &IntakeReadOptions{IO: f.IO, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "read FILE.xlsx -o CITYFILE",
		Short: "Read a filled intake workbook into a city file",
		Long: `Read a filled intake workbook and write the city file it holds, commented with
the cell each value came from. The city file is checked by the same loader
as 'citypath validate'; every problem, the workbook's and the loader's, is
reported at its sheet and cell (Assessment!C7: ...), all at once, and then
nothing is written. Workbooks written by earlier versions of citypath read
too: the workbook names its intake format version.`,
		Example: `  $ citypath intake read kladno.xlsx -o kladno/city.yaml
  $ citypath roadmap kladno/city.yaml -o kladno/out`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.File = args[0]
			if opts.Output == "" {
				return usagef("give the city file to write with -o CITYFILE")
			}
			if runF != nil {
				return runF(opts)
			}
			return intakeReadRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "city file to write (YAML)")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	return cmd
}

func intakeReadRun(opts *IntakeReadOptions) error {
	data, err := readInput(&Factory{ReadFile: opts.ReadFile}, opts.File)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	out, err := intake.Read(filepath.Base(opts.File), data, filepath.Base(opts.Output), cat)
	if ps, ok := err.(intake.Problems); ok {
		for _, p := range ps {
			fmt.Fprintf(opts.IO.Err, "%s: %s\n", opts.File, printable(p.Error()))
		}
		return shownProblems{len(ps)}
	}
	if err != nil {
		return err
	}
	if err := writeOne(opts.Ctx, opts.Output, out); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s\nnext: citypath roadmap %s -o out\n", opts.Output, opts.Output)
	return nil
}

// writeOne writes one file atomically: a reader sees the old file or the
// whole new one.
func writeOne(ctx context.Context, name string, data []byte) error {
	return atomicfile.WriteAll(ctx, filepath.Dir(name), map[string][]byte{filepath.Base(name): data})
}

// printable replaces control characters, which text from a workbook may
// hold, so that a message cannot act on the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7f && r < 0xa0 {
			return '\uFFFD'
		}
		return r
	}, s)
}
