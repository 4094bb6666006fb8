package cmd

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/roadmap"
)

// SchemaOptions are the inputs of `citypath schema`.
type SchemaOptions struct {
	IO   IOStreams
	Kind string
}

// schemaKinds returns every schema citypath can print, by name.
func schemaKinds() (map[string][]byte, error) {
	out := map[string][]byte{}
	c, err := city.Schema()
	if err != nil {
		return nil, err
	}
	out["city"] = c
	r, err := roadmap.Schema()
	if err != nil {
		return nil, err
	}
	out["roadmap"] = r
	cs, err := catalog.Schemas()
	if err != nil {
		return nil, err
	}
	for k, v := range cs {
		out["catalog-"+k] = v
	}
	return out, nil
}

// NewCmdSchema builds `citypath schema`.
func NewCmdSchema(f *Factory, runF func(*SchemaOptions) error) *cobra.Command {
	opts := &SchemaOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "schema KIND",
		Short: "Print the JSON Schema of a city file, roadmap.json or a catalog file",
		Long: `Print a JSON Schema generated from citypath's own types. KIND is city,
roadmap, or catalog-KIND (catalog-initiative, catalog-rule, ...).
Editors use the city schema to complete and check city files.`,
		Example: `  $ citypath schema city > city.schema.json
  $ citypath schema roadmap`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Kind = args[0]
			if runF != nil {
				return runF(opts)
			}
			return schemaRun(opts)
		}),
	}
	return cmd
}

func schemaRun(opts *SchemaOptions) error {
	kinds, err := schemaKinds()
	if err != nil {
		return err
	}
	s, ok := kinds[opts.Kind]
	if !ok {
		names := make([]string, 0, len(kinds))
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		return usagef("unknown schema %q; choose from %s", opts.Kind, strings.Join(names, ", "))
	}
	_, err = fmt.Fprint(opts.IO.Out, string(s))
	return err
}
