package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/portfolio"
	"github.com/citypath/citypath/roadmap"
)

// CompareOptions are the inputs of `citypath compare`.
type CompareOptions struct {
	Ctx        context.Context
	IO         IOStreams
	ReadFile   func(string) ([]byte, error)
	Getenv     func(string) string
	Inputs     []string
	OutDir     string
	GroupBy    string
	City       string
	CatalogDir string
}

// NewCmdCompare builds `citypath compare`.
func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "compare INPUT... -o DIR",
		Short: "Compare many cities: peer ranks and percentiles, common gaps, first needs, budget",
		Long: `Compare the cities given as city files, roadmap.json files or directories of
them (every *.yaml and *.yml file and every roadmap.json below the directory).
City files are planned with the catalog first; only a few numbers per city
are kept, so a thousand cities fit in modest memory.

DIR receives portfolio.xlsx (a row per city; peer groups, gaps, first needs,
budget and method sheets), portfolio.html and portfolio.pdf (the summary)
and portfolio.json (the same figures).

Each city is ranked and given a percentile within its peer group:
--group country, --group population (bands from 5,000 to 1,000,000
inhabitants; the basis is in the output), or any field of the city file
(city.region, infrastructure.data_platform; a name without a dot is looked
up under city.). Without --group every city is compared with every other.
` + portfolio.PercentileMethod + `

--city NAME draws that city against the median of its peer group on the
maturity radar.

Every input is checked first; if any has problems, every one is reported and
nothing is written.`,
		Example: `  $ citypath compare cities/ -o portfolio
  $ citypath compare cities/*.yaml -o portfolio --group country --city Kladno
  $ citypath compare out/ -o portfolio --group population
  $ citypath compare cities/ -o portfolio --group city.region_category`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Inputs = args
			if opts.OutDir == "" {
				return usagef("give an output directory with -o DIR")
			}
			if runF != nil {
				return runF(opts)
			}
			return compareRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.OutDir, "output", "o", "", "directory to write the portfolio into")
	cmd.Flags().StringVar(&opts.GroupBy, "group", "", "peer groups: country, population or a city file field such as city.region")
	cmd.Flags().StringVar(&opts.City, "city", "", "city to draw against its peer group's median")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	return cmd
}

func compareRun(opts *CompareOptions) error {
	files, err := compareInputs(opts.Inputs)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	cities, err := portfolio.Gather(opts.Ctx, len(files), opts.GroupBy, func(ctx context.Context, i int) (string, *roadmap.Roadmap, *city.File, error) {
		name := files[i]
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, name)
		if err != nil {
			return name, nil, nil, err
		}
		if strings.EqualFold(filepath.Ext(name), ".json") {
			doc, err := decodeRoadmap(name, data)
			return name, doc, nil, err
		}
		rc, err := runPipeline(ctx, cat, name, data, nil, nil)
		if err != nil {
			return name, nil, nil, err
		}
		return name, rc.Doc, rc.City.File, nil
	})
	if err != nil {
		return err
	}
	p, err := portfolio.Build(cities, portfolio.Options{GroupBy: opts.GroupBy, Focus: opts.City})
	if ue := (*portfolio.UnknownError)(nil); errors.As(err, &ue) {
		return usageError{err}
	}
	if err != nil {
		return invalidInput{err}
	}
	date, err := documentDate(opts.Getenv, p.Latest)
	if err != nil {
		return err
	}
	doc := portfolio.Document(p, date)
	renders := []struct {
		file   string
		render func() ([]byte, error)
	}{
		{"portfolio.json", func() ([]byte, error) {
			data, err := json.MarshalIndent(p, "", "  ")
			return append(data, '\n'), err
		}},
		{"portfolio.xlsx", func() ([]byte, error) { return portfolio.Workbook(p, date) }},
		{"portfolio.html", func() ([]byte, error) { return document.HTML(doc) }},
		{"portfolio.pdf", func() ([]byte, error) { return document.PDF(doc) }},
	}
	out := make([][]byte, len(renders))
	err = parallel.Do(opts.Ctx, len(renders), func(_ context.Context, i int) error {
		var err error
		if out[i], err = renders[i].render(); err != nil {
			return fmt.Errorf("render %s: %w", renders[i].file, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	written := map[string][]byte{}
	for i, r := range renders {
		written[r.file] = out[i]
	}
	if err := atomicfile.WriteAll(opts.Ctx, opts.OutDir, written); err != nil {
		return err
	}
	noun := "cities"
	if len(p.Cities) == 1 {
		noun = "city"
	}
	fmt.Fprintf(opts.IO.Out, "compared %d %s %s\n", len(p.Cities), noun, p.Grouping())
	for _, r := range renders {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", joinPath(opts.OutDir, r.file))
	}
	return nil
}

// compareInputs expands the arguments: a file stands for itself, a
// directory for every city file (*.yaml, *.yml) and roadmap.json below it,
// in name order; hidden files and directories are skipped, and a file
// named twice is taken once.
func compareInputs(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, usagef("%s: no such file or directory", arg)
		}
		if !st.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != arg
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case d.IsDir() || hidden || !d.Type().IsRegular():
				return nil
			}
			ext := strings.ToLower(filepath.Ext(d.Name()))
			if ext == ".yaml" || ext == ".yml" || d.Name() == "roadmap.json" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, invalidInput{fmt.Errorf("%s: %w", arg, err)}
		}
		if len(found) == 0 {
			return nil, usagef("%s: no city files (*.yaml, *.yml) or roadmap.json in this directory", arg)
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	// A file named twice (itself and through its directory) counts once.
	seen := map[string]bool{}
	return slices.DeleteFunc(files, func(f string) bool {
		key := filepath.Clean(f)
		dup := seen[key]
		seen[key] = true
		return dup
	}), nil
}
