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
}

// NewCmdValidate builds `citypath validate`.
func NewCmdValidate(f *Factory, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: f.IO, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "validate CITYFILE...",
		Short: "Check city files against the schema and the catalog",
		Long: `Check one or more city files. Every problem in every file is reported with its
file:line:col; nothing is written.`,
		Example: `  $ citypath validate examples/kladno/city.yaml
  $ citypath validate cities/*.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.CityFiles = args
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		}),
	}
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	return cmd
}

func validateRun(opts *ValidateOptions) error {
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	vocab := roadmap.Vocabulary(cat)
	var all []error
	for _, name := range opts.CityFiles {
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, name)
		if err != nil {
			return err
		}
		l, err := city.Load(name, data, vocab)
		if err != nil {
			all = append(all, err)
			continue
		}
		fmt.Fprintf(opts.IO.Out, "%s: ok (%s, %d focus areas)\n", name, l.File.City.Name, len(l.File.Strategy.FocusAreas))
	}
	return yamlx.Join(all...)
}
