package cmd

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/reassess"
	"github.com/citypath/citypath/roadmap"
)

// DiffOptions are the inputs of `citypath diff`.
type DiffOptions struct {
	Ctx        context.Context
	IO         IOStreams
	ReadFile   func(string) ([]byte, error)
	Getenv     func(string) string
	Old, New   string
	Format     string
	Output     string
	CatalogDir string
}

var diffFormats = []string{"text", "json", "html"}

// NewCmdDiff builds `citypath diff`.
func NewCmdDiff(f *Factory, runF func(*DiffOptions) error) *cobra.Command {
	opts := &DiffOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what changed between two city files or two roadmaps of a city",
		Long: `Compare two assessments of the same city, a year apart say.

Given two city files, diff shows the city's facts that changed: dimension
scores and levels that moved (as citypath scores them) and the state of play
(in_place, recorded or inferred) that changed. Given two roadmap.json files,
or a roadmap.json and a city file (which is planned first), it also shows the
initiatives added, dropped (and why: in place, deferred or excluded) or moved
(phase or start changed) and the milestones that slipped (dated later).

Formats: text (the default, for a terminal), json and html (a page laid out by
the document engine). The result goes to standard output, or to FILE with
-o FILE. Diff exits 0 when the comparison succeeds, whether or not anything
changed; read the count at the end of the text, or the JSON, to know.`,
		Example: `  $ citypath diff city-2026.yaml city-2027.yaml
  $ citypath diff out-2026/roadmap.json out-2027/roadmap.json
  $ citypath diff out-2026/roadmap.json city-2027.yaml --format html -o changes.html`,
		Args: cobra.ExactArgs(2),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Old, opts.New = args[0], args[1]
			if !slices.Contains(diffFormats, opts.Format) {
				return usagef("--format %q: choose from %s", opts.Format, strings.Join(diffFormats, ", "))
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		}),
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: "+strings.Join(diffFormats, ", "))
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "file to write instead of standard output")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog (for city files)")
	return cmd
}

func diffRun(opts *DiffOptions) error {
	docs := make([]*roadmap.Roadmap, 2)
	isCity := make([]bool, 2)
	var problems []error
	var cat *catalog.Catalog // loaded for the first city file
	for i, name := range []string{opts.Old, opts.New} {
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, name)
		if err != nil {
			return err
		}
		if strings.EqualFold(filepath.Ext(name), ".json") {
			if docs[i], err = decodeRoadmap(name, data); err != nil {
				return err
			}
			continue
		}
		isCity[i] = true
		if cat == nil {
			if cat, err = loadCatalog(opts.CatalogDir); err != nil {
				return err
			}
		}
		rc, err := runPipeline(opts.Ctx, cat, name, data, nil, nil)
		if err != nil {
			if _, ok := yamlx.AsProblems(err); !ok {
				return err
			}
			problems = append(problems, err)
			continue
		}
		docs[i] = rc.Doc
	}
	if err := yamlx.Join(problems...); err != nil {
		return err
	}
	kind := reassess.Plans
	if isCity[0] && isCity[1] {
		kind = reassess.Facts
	}
	d := reassess.Compare(opts.Old, opts.New, docs[0], docs[1], kind)
	var out []byte
	switch opts.Format {
	case "json":
		var err error
		if out, err = reassess.JSON(d); err != nil {
			return err
		}
	case "html":
		date, err := documentDate(opts.Getenv, docs[1].Assessment.Date)
		if err != nil {
			return err
		}
		if out, err = document.HTML(reassess.Document(d, date)); err != nil {
			return err
		}
	default:
		out = reassess.Text(d)
	}
	if opts.Output == "" {
		_, err := opts.IO.Out.Write(out)
		return err
	}
	dir, file := filepath.Split(opts.Output)
	if file == "" {
		return usagef("-o %s: give a file name", opts.Output)
	}
	if err := atomicfile.WriteAll(opts.Ctx, cmp.Or(dir, "."), map[string][]byte{file: out}); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s (%d %s)\n", opts.Output, d.Changes(), plural(d.Changes(), "change"))
	return nil
}
