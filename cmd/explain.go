package cmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/roadmap"
)

// ExplainOptions are the inputs of `citypath explain`.
type ExplainOptions struct {
	Ctx        context.Context
	IO         IOStreams
	ReadFile   func(string) ([]byte, error)
	CityFile   string
	Initiative string
	CatalogDir string
	JSON       bool
}

// NewCmdExplain builds `citypath explain`.
func NewCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: f.IO, ReadFile: f.ReadFile}
	cmd := &cobra.Command{
		Use:   "explain CITYFILE INITIATIVE",
		Short: "Say why an initiative is in or out of a city's roadmap, and what held it back",
		Long: `Explain one initiative of the roadmap generated from CITYFILE: every rule that
concerns it, its condition, the values it saw and whether it fired; then where
the initiative was scheduled and what held it back (a dependency, a phase gate,
team capacity or the yearly budget).`,
		Example: `  $ citypath explain examples/kladno/city.yaml local-digital-twin
  $ citypath explain city.yaml energy-monitoring-pilot --json`,
		Args: cobra.ExactArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.CityFile, opts.Initiative = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return explainRun(opts)
		}),
	}
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the explanation as JSON")
	return cmd
}

func explainRun(opts *ExplainOptions) error {
	ctx, err := generate(opts.Ctx, opts.ReadFile, opts.CityFile, opts.CatalogDir)
	if err != nil {
		return err
	}
	e, err := roadmap.Explain(ctx, opts.Initiative)
	if err != nil {
		return usageError{err}
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(e)
	}
	fmt.Fprint(opts.IO.Out, e.Text())
	return nil
}
