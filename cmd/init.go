package cmd

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/atomicfile"
)

//go:embed starter/city.yaml
var starterCity []byte

// InitOptions are the inputs of `citypath init`.
type InitOptions struct {
	Ctx   context.Context
	IO    IOStreams
	Dir   string
	Force bool
}

// NewCmdInit builds `citypath init`.
func NewCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write a commented starter city file and its JSON Schema",
		Long: `Write DIR/city.yaml, a commented starter city file, and DIR/city.schema.json.
The first line of city.yaml points YAML-aware editors at the schema, so they
complete keys and flag mistakes as you type. Existing files are kept unless
--force is given.`,
		Example: `  $ citypath init mycity
  $ citypath validate mycity/city.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		}),
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite existing files")
	return cmd
}

func initRun(opts *InitOptions) error {
	target := filepath.Join(opts.Dir, "city.yaml")
	if _, err := os.Stat(target); err == nil && !opts.Force {
		return usagef("%s already exists; use --force to overwrite it", target)
	}
	schema, err := city.Schema()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteAll(opts.Ctx, opts.Dir, map[string][]byte{"city.yaml": starterCity, "city.schema.json": schema}); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s and %s\nnext: edit it, then run 'citypath validate %s'\n", target, filepath.Join(opts.Dir, "city.schema.json"), target)
	return nil
}
