package cmd

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/batch"
	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/report"
	"github.com/citypath/citypath/roadmap"
)

// RoadmapOptions are the inputs of `citypath roadmap`.
type RoadmapOptions struct {
	Ctx      context.Context
	IO       IOStreams
	ReadFile func(string) ([]byte, error)
	Getenv   func(string) string
	// CityFiles are the cities to plan; with more than one, each gets its
	// own directory under OutDir.
	CityFiles  []string
	OutDir     string
	Formats    []string
	CatalogDir string
	// DiscountRate is the real discount rate of the impact case, 0-1.
	DiscountRate float64
	// Verbose reports each pipeline step and each rendering on the error
	// stream.
	Verbose bool
}

// outputFormat is one file `citypath roadmap` and `citypath render` can
// write. Each renders the finished roadmap alone: roadmap.json holds every
// decision, so rendering from it gives the same bytes.
type outputFormat struct {
	name   string // as given to --format
	file   string
	render func(in report.Input) ([]byte, error)
}

// roadmapFormats lists the formats in the order they are rendered.
var roadmapFormats = []outputFormat{
	{"json", "roadmap.json", func(in report.Input) ([]byte, error) { return roadmap.JSON(in.Doc) }},
	{"md", "roadmap.md", func(in report.Input) ([]byte, error) { return roadmap.Markdown(in.Doc), nil }},
	{"html", "roadmap.html", report.HTML},
	{"pdf", "roadmap.pdf", report.PDF},
	{"docx", "roadmap.docx", report.DOCX},
	{"xlsx", "roadmap.xlsx", report.XLSX},
}

// chooseFormats checks --format and returns the formats in render order.
func chooseFormats(names []string) ([]outputFormat, error) {
	if len(names) == 0 {
		return nil, usagef("--format: name at least one of %s", strings.Join(formatNames(), ", "))
	}
	for _, name := range names {
		if !slices.Contains(formatNames(), name) {
			return nil, usagef("--format %q: choose from %s", name, strings.Join(formatNames(), ", "))
		}
	}
	var chosen []outputFormat
	for _, format := range roadmapFormats {
		if slices.Contains(names, format.name) {
			chosen = append(chosen, format)
		}
	}
	return chosen, nil
}

// renderAll renders every chosen format of every roadmap side by side
// (renderers only read a roadmap) and returns the files by path under the
// output directory. names label the roadmaps in messages; progress, when
// set, hears each rendering.
func renderAll(ctx context.Context, getenv func(string) string, docs []*roadmap.Roadmap, dirs, names []string, chosen []outputFormat, progress func(i int) func(string)) (map[string][]byte, error) {
	type job struct {
		doc    int
		format outputFormat
	}
	inputs := make([]report.Input, len(docs))
	for i, d := range docs {
		date, err := documentDate(getenv, d.Assessment.Date)
		if err != nil {
			return nil, err
		}
		inputs[i] = report.Input{Doc: d, Date: date}
	}
	var jobs []job
	for i := range docs {
		for _, f := range chosen {
			jobs = append(jobs, job{i, f})
			if p := progress(i); p != nil {
				p("render " + f.file)
			}
		}
	}
	// Under an errgroup: a cancelled ctx (an interrupt) starts no further
	// rendering, and a panic comes back as an internal error.
	data := make([][]byte, len(jobs))
	err := parallel.Do(ctx, len(jobs), func(_ context.Context, i int) error {
		var err error
		if data[i], err = jobs[i].format.render(inputs[jobs[i].doc]); err != nil {
			return fmt.Errorf("%s: render %s: %w", names[jobs[i].doc], jobs[i].format.file, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for i, j := range jobs {
		files[path.Join(dirs[j.doc], j.format.file)] = data[i]
	}
	return files, nil
}

func formatNames() []string {
	var names []string
	for _, f := range roadmapFormats {
		names = append(names, f.name)
	}
	return names
}

// NewCmdRoadmap builds `citypath roadmap`.
func NewCmdRoadmap(f *Factory, runF func(*RoadmapOptions) error) *cobra.Command {
	opts := &RoadmapOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "roadmap CITYFILE... -o DIR",
		Short: "Generate the phased roadmap for one city or many",
		Long: `Generate the roadmap for the city described in CITYFILE and write it to DIR.

Given several city files, citypath plans each and writes it to its own
directory DIR/NAME, where NAME is the file's directory when the file is
called city.yaml (examples/kladno/city.yaml gives DIR/kladno) and the file's
name otherwise (cities/melnik.yaml gives DIR/melnik), made a safe folder
name (letters, digits, '-', '_' and '.'). Two files that would share a
folder are refused before anything is written.

Every city file is checked first; if any has problems, every one is reported
with its file:line:col and nothing is written. Files are written to temporary
names and renamed into place, so DIR never holds a half-written roadmap.
In a batch each city is written once rendered, so memory holds one city's
files at a time; an interrupt (exit 130) leaves only whole cities.

Formats: ` + strings.Join(formatNames(), ", ") + `. The default is all of them:
roadmap.json and roadmap.md hold the whole roadmap with its funding plan and
impact case; roadmap.pdf is the council report and roadmap.docx the same
report for editing, roadmap.xlsx the workbook
for finance staff (live formulas; change the discount rate in the Impact
sheet) and roadmap.html a self-contained page for publication. Documents
are dated from SOURCE_DATE_EPOCH when set, else the assessment date.

The impact case discounts at --discount-rate (default 4%, the reference
real rate for EU cohesion-policy cost-benefit analysis).`,
		Example: `  $ citypath roadmap examples/kladno/city.yaml -o out
  $ citypath roadmap city.yaml -o out --format json
  $ citypath roadmap examples/*/city.yaml -o out
  $ citypath roadmap city.yaml -o out --format pdf,xlsx --discount-rate 0.03
  $ citypath roadmap city.yaml -o out --catalog my-catalog`,
		Args: cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.CityFiles = args
			if opts.OutDir == "" {
				return usagef("give an output directory with -o DIR")
			}
			if !(opts.DiscountRate >= 0 && opts.DiscountRate < 1) { // NaN fails both
				return usagef("--discount-rate %g: give a fraction between 0 and 1, e.g. 0.04 for 4%%", opts.DiscountRate)
			}
			if _, err := chooseFormats(opts.Formats); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return roadmapRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.OutDir, "output", "o", "", "directory to write the roadmap into")
	cmd.Flags().StringSliceVar(&opts.Formats, "format", formatNames(), "formats to write: "+strings.Join(formatNames(), ","))
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "report each step of the pipeline on stderr")
	cmd.Flags().Float64Var(&opts.DiscountRate, "discount-rate", roadmap.DefaultDiscountRate, "real discount rate of the impact case, e.g. 0.04 for 4%")
	return cmd
}

// generate loads the catalog and city file and runs the roadmap pipeline.
func generate(ctx context.Context, readFile func(string) ([]byte, error), cityFile, catalogDir string) (*roadmap.Context, error) {
	return generateAt(ctx, readFile, cityFile, catalogDir, nil)
}

// generateAt is generate with a discount rate for the impact case; nil
// means the default.
func generateAt(ctx context.Context, readFile func(string) ([]byte, error), cityFile, catalogDir string, discountRate *float64) (*roadmap.Context, error) {
	cat, err := loadCatalog(catalogDir)
	if err != nil {
		return nil, err
	}
	data, err := readInput(&Factory{ReadFile: readFile}, cityFile)
	if err != nil {
		return nil, err
	}
	return runPipeline(ctx, cat, cityFile, data, discountRate, nil)
}

// runPipeline plans one city with a loaded catalog; progress, when set,
// hears each step's name. Cancelling ctx stops it between steps.
func runPipeline(ctx context.Context, cat *catalog.Catalog, cityFile string, data []byte, discountRate *float64, progress func(string)) (*roadmap.Context, error) {
	return roadmap.Run(ctx, roadmap.Request{CityName: cityFile, CityData: data, Catalog: cat, DiscountRate: discountRate, Progress: progress, Tenders: procurement.NewPlanner()}, steps())
}

// progress writes "FILE: STEP" lines to the error stream under --verbose.
func (opts *RoadmapOptions) progress(file string) func(string) {
	if !opts.Verbose {
		return nil
	}
	return func(step string) { fmt.Fprintf(opts.IO.Err, "%s: %s\n", file, step) }
}

func roadmapRun(opts *RoadmapOptions) error {
	if slices.Contains(opts.Formats, "pdf") {
		// Read on the other core while the catalog loads and the city is
		// planned.
		go document.PrepareFonts()
	}
	dirs, err := cityDirs(opts.CityFiles)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	// Plan every city before writing anything, so that one bad file stops
	// the batch with all its problems and leaves no partial output.
	ctxs := make([]*roadmap.Context, len(opts.CityFiles))
	var problems []error
	for i, name := range opts.CityFiles {
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, name)
		if err != nil {
			return err
		}
		ctxs[i], err = runPipeline(opts.Ctx, cat, name, data, &opts.DiscountRate, opts.progress(name))
		if err != nil {
			if _, ok := yamlx.AsProblems(err); !ok {
				return err
			}
			problems = append(problems, err)
		}
	}
	if err := yamlx.Join(problems...); err != nil {
		return err
	}
	chosen, err := chooseFormats(opts.Formats)
	if err != nil {
		return err
	}
	// Each city is rendered and written before the next, so that memory
	// holds one city's files, not a whole batch's; an interrupt leaves the
	// cities written so far whole and nothing of the others.
	for i, ctx := range ctxs {
		progress := func(int) func(string) { return opts.progress(opts.CityFiles[i]) }
		files, err := renderAll(opts.Ctx, opts.Getenv, []*roadmap.Roadmap{ctx.Doc}, dirs[i:i+1], opts.CityFiles[i:i+1], chosen, progress)
		if err != nil {
			return err
		}
		if err := atomicfile.WriteAll(opts.Ctx, opts.OutDir, files); err != nil {
			return err
		}
		doc := ctx.Doc
		fmt.Fprintf(opts.IO.Out, "%s: %d initiatives in %d phases, %s to %s, total %s %s; %d deferred\n",
			doc.City.Name, len(doc.Initiatives), len(doc.Phases), doc.Horizon.Start, doc.Horizon.End,
			roadmap.Money(doc.Totals.Total), doc.City.Currency, len(doc.Deferred))
		for _, format := range chosen {
			fmt.Fprintf(opts.IO.Out, "wrote %s\n", joinPath(opts.OutDir, path.Join(dirs[i], format.file)))
		}
	}
	return nil
}

// cityDirs names the output directory of each city: none for a single city,
// else the city file's directory (for .../NAME/city.yaml) or its name, made
// a safe folder name. Two cities that would share a folder are refused
// before anything is read or written.
func cityDirs(files []string) ([]string, error) {
	dirs := make([]string, len(files))
	if len(files) == 1 {
		return dirs, nil
	}
	seen := map[string]string{}
	for i, f := range files {
		base := filepath.Base(f)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		if name == "city" {
			if abs, err := filepath.Abs(f); err == nil {
				name = filepath.Base(filepath.Dir(abs))
			}
		}
		name = slug(name)
		if name == "" {
			return nil, invalidInput{fmt.Errorf("%s: cannot name an output folder after this file; rename it", f)}
		}
		key := strings.ToLower(name) // the same folder on case-insensitive disks
		if other, dup := seen[key]; dup {
			return nil, invalidInput{fmt.Errorf("%s and %s would both be written to %s; rename one", other, f, name)}
		}
		seen[key] = f
		dirs[i] = name
	}
	return dirs, nil
}

// slug makes a folder name from text, as a batch does.
func slug(s string) string { return batch.Slug(s) }

func joinPath(dir, name string) string {
	return strings.TrimSuffix(dir, "/") + "/" + name
}
