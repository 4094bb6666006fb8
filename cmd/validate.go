package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/roadmap"
)

// ValidateOptions are the inputs of `citypath validate`.
type ValidateOptions struct {
	IO         IOStreams
	ReadFile   func(string) ([]byte, error)
	CityFiles  []string
	CatalogDir string
	Format     string // text or json
}

// NewCmdValidate builds `citypath validate`.
func NewCmdValidate(f *Factory, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: f.IO, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "validate CITYFILE...",
		Short: "Check city files against the schema and the catalog",
		Long: `Check one or more city files. Every problem in every file is reported with its
file:line:col, its severity and the source line with a caret; nothing is
written. --format json writes them as one JSON document on stdout
({"ok", "checked", "problems": [{"file", "line", "column", "severity",
"message", "source"}]}) for editors and CI; the exit code is the same.`,
		Example: `  $ citypath validate examples/kladno/city.yaml
  $ citypath validate --format json cities/*.yaml
  $ citypath validate cities/*.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.CityFiles = args
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		}),
	}
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "how to report problems: text, or json for editors and CI")
	return cmd
}

func validateRun(opts *ValidateOptions) error {
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return reportDiagnostics(opts.IO.Out, opts.Format, nil, err)
	}
	vocab := roadmap.Vocabulary(cat)
	var all []error
	for _, name := range opts.CityFiles {
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, name)
		if _, ok := yamlx.AsProblems(err); ok {
			all = append(all, err) // a FIFO or an oversize file, at 1:1
			continue
		}
		if err != nil {
			return err
		}
		l, err := city.Load(name, data, vocab)
		if err != nil {
			all = append(all, err)
			continue
		}
		if opts.Format == "text" {
			fmt.Fprintf(opts.IO.Out, "%s: ok (%s, %d focus areas)\n", name, l.File.City.Name, len(l.File.Strategy.FocusAreas))
		}
	}
	return reportDiagnostics(opts.IO.Out, opts.Format, opts.CityFiles, yamlx.Join(all...))
}
