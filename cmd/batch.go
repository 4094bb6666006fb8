package cmd

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/batch"
	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/intake"
	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/report"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/synth"
	"github.com/citypath/citypath/templates"
)

// BatchOptions are the inputs of `citypath batch`.
type BatchOptions struct {
	Ctx          context.Context
	IO           IOStreams
	ReadFile     func(string) ([]byte, error)
	Getenv       func(string) string
	Input        string
	OutDir       string
	Formats      []string
	Jobs         int
	Shard        string
	Tenders      bool
	Defaults     string
	CatalogDir   string
	DiscountRate float64
	// Terminal says the error stream is a terminal, which gets a
	// progress bar instead of progress lines.
	Terminal bool
}

// NewCmdBatch builds `citypath batch` and its subcommands.
func NewCmdBatch(f *Factory, runF func(*BatchOptions) error) *cobra.Command {
	opts := &BatchOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "batch INPUT -o DIR",
		Short: "Plan many cities, each into its own folder, as they come",
		Long: `Plan every city of INPUT and write each into DIR/FOLDER as soon as it is
done, so that memory holds a few cities however many there are.

INPUT is a directory of city files (searched recursively; a file called
city.yaml is named after its directory, any other after itself), or one
table with a row per city (.csv, or the first sheet of an .xlsx) whose
header row names city file keys: city.name, city.country,
assessment.dimensions.governance.score, strategy.budget_per_year, ...
(see the README for every column). --defaults FILE is a city file holding
what the rows leave out; problems are reported at FILE:ROW:COLUMN.

Each city is written to a temporary folder and renamed into place whole.
A city that fails is reported with its file, position and reason, on
screen and in DIR/batch-report.json, and the others go on; the exit status
is 1 when some failed. Each folder records the hashes of its input, the
catalog and the settings (.batch-stamp.json): a second run skips the
cities that would come out the same, so an interrupted run resumes.

--shard i/n plans only the cities whose folder name hashes to shard i of
n, so that n machines share a run; each writes DIR/batch-report.shard-i-of-n.json,
and 'citypath batch merge DIR' joins them into DIR/batch-report.json.`,
		Example: `  $ citypath batch cities/ -o out
  $ citypath batch results.csv --defaults city-defaults.yaml -o out --format json,xlsx,pdf
  $ citypath batch cities/ -o out --shard 0/4 --jobs 2
  $ citypath batch merge out`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Input = args[0]
			opts.Terminal = isTerminal(opts.IO.Err)
			if opts.OutDir == "" {
				return usagef("give an output directory with -o DIR")
			}
			if !(opts.DiscountRate >= 0 && opts.DiscountRate < 1) {
				return usagef("--discount-rate %g: give a fraction between 0 and 1, e.g. 0.04 for 4%%", opts.DiscountRate)
			}
			if opts.Jobs < 0 {
				return usagef("--jobs %d: give a number of cities to plan at once, or 0 for one per core", opts.Jobs)
			}
			if _, err := chooseFormats(opts.Formats); err != nil {
				return err
			}
			if opts.Shard != "" {
				if _, err := batch.ParseShard(opts.Shard); err != nil {
					return usagef("--shard %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return batchRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.OutDir, "output", "o", "", "directory to write the cities into")
	cmd.Flags().StringSliceVar(&opts.Formats, "format", formatNames(), "formats to write: "+strings.Join(formatNames(), ","))
	cmd.Flags().IntVarP(&opts.Jobs, "jobs", "j", 0, "cities planned at once (0: one per core)")
	cmd.Flags().StringVar(&opts.Shard, "shard", "", "plan only shard i of n (i/n, from 0)")
	cmd.Flags().BoolVar(&opts.Tenders, "tenders", false, "also write every city's tender packs into FOLDER/tenders")
	cmd.Flags().StringVar(&opts.Defaults, "defaults", "", "city file with the values a table's rows leave out")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().Float64Var(&opts.DiscountRate, "discount-rate", roadmap.DefaultDiscountRate, "real discount rate of the impact case, e.g. 0.04 for 4%")
	cmd.AddCommand(newCmdBatchMerge(f), newCmdBatchSynth(f))
	return cmd
}

// someFailed ends a batch in which some cities failed.
type someFailed struct {
	failed, cities int
	report         string
}

func (e someFailed) Error() string {
	return fmt.Sprintf("%d of %d %s failed; see %s", e.failed, e.cities, cityCount(e.cities), e.report)
}

// batchMemoryLimit is the soft memory limit of a batch run.
const batchMemoryLimit = 160 << 20

func batchRun(opts *BatchOptions) error {
	// A batch runs long with a city per worker alive at a time; under the
	// limit Main sets, its peak memory crept up with the number of cities
	// (164 MB at 1,000, 196 MB at 6,250). A lower soft limit, which the
	// heap reaches within the first hundred cities, keeps it flat for a
	// few per cent of speed (scripts/bench batch).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchMemoryLimit))
	var shard batch.Shard // the whole batch
	if opts.Shard != "" {
		shard, _ = batch.ParseShard(opts.Shard) // checked by the command
	}
	chosen, err := chooseFormats(opts.Formats)
	if err != nil {
		return err
	}
	// A bad SOURCE_DATE_EPOCH is the caller's mistake, not each city's.
	if _, err := documentDate(opts.Getenv, "2000-01-01"); err != nil {
		return err
	}
	if _, err := os.Stat(opts.Input); err != nil {
		return usagef("%s: no such file or directory", opts.Input)
	}
	env := batch.Env{ReadFile: opts.ReadFile}
	if opts.Defaults != "" {
		data, err := readInput(&Factory{ReadFile: opts.ReadFile}, opts.Defaults)
		if err != nil {
			return err
		}
		env.Defaults = &batch.Defaults{Name: opts.Defaults, Data: data}
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	entries, err := batch.List(env, batchReaders(cat), opts.Input, opts.Defaults, opts.OutDir)
	if err != nil {
		if _, ok := yamlx.AsProblems(err); ok {
			return err // a table's header, at its cells
		}
		if errors.Is(err, batch.ErrInput) {
			return invalidInput{err}
		}
		return err
	}
	var eng *templates.Engine
	if opts.Tenders {
		if eng, err = loadTemplates(""); err != nil {
			return err
		}
	}
	settings, _ := json.Marshal(map[string]any{
		"version": Version, "formats": opts.Formats, "tenders": opts.Tenders,
		"discount_rate": opts.DiscountRate, "source_date_epoch": opts.Getenv("SOURCE_DATE_EPOCH"),
	})
	settingsSum := sha256.Sum256(settings)
	var now func() time.Time
	if opts.Terminal {
		now = time.Now // the bar's rate only; nothing written depends on it
	}
	rep, err := batch.Run(opts.Ctx, entries, batch.Options{
		Input:          opts.Input,
		Out:            opts.OutDir,
		Jobs:           opts.Jobs,
		Shard:          shard,
		CatalogSHA256:  cat.Hash,
		SettingsSHA256: hex.EncodeToString(settingsSum[:]),
		Progress:       batch.NewPrinter(opts.IO.Err, opts.Terminal, now),
		Plan: func(ctx context.Context, c batch.City) (map[string][]byte, error) {
			rctx, err := runPipeline(ctx, cat, c.Name, c.Data, &opts.DiscountRate, nil)
			if err != nil {
				return nil, err
			}
			return renderCity(ctx, opts.Getenv, rctx, chosen, eng)
		},
	})
	if err != nil {
		return err
	}
	name := joinPath(opts.OutDir, batch.ReportName(shard))
	fmt.Fprintf(opts.IO.Out, "%d %s: %d written, %d unchanged, %d failed; report %s\n",
		rep.Cities, cityCount(rep.Cities), rep.Written, rep.Unchanged, rep.Failed, name)
	if rep.Failed > 0 {
		return someFailed{rep.Failed, rep.Cities, name}
	}
	return nil
}

// renderCity renders one planned city in the chosen formats, one after
// the other (a batch keeps every core busy with cities), and its tender
// packs under tenders/ when eng is given.
func renderCity(ctx context.Context, getenv func(string) string, rctx *roadmap.Context, chosen []outputFormat, eng *templates.Engine) (map[string][]byte, error) {
	date, err := documentDate(getenv, rctx.Doc.Assessment.Date)
	if err != nil {
		return nil, err
	}
	in := report.Input{Doc: rctx.Doc, Date: date}
	files := map[string][]byte{}
	for _, f := range chosen {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := f.render(in)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", f.file, err)
		}
		files[f.file] = data
	}
	if eng == nil || rctx.Doc.Procurement == nil || len(rctx.Doc.Procurement.Contracts) == 0 {
		return files, nil
	}
	var packs []*procurement.Pack
	for _, c := range rctx.Doc.Procurement.Contracts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pack, err := procurement.BuildPack(rctx, c, date)
		if err != nil {
			return nil, fmt.Errorf("tender %s: %w", c.ID, err)
		}
		rendered, err := procurement.Render(pack, eng)
		if err != nil {
			return nil, fmt.Errorf("tender %s: %w", c.ID, err)
		}
		for name, data := range rendered {
			files["tenders/"+c.Initiative+"/"+c.Object+"/"+name] = data
		}
		packs = append(packs, pack)
	}
	if files["tenders/index.html"], err = procurement.RenderIndex(packs, eng); err != nil {
		return nil, err
	}
	return files, nil
}

func newCmdBatchMerge(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "merge DIR",
		Short: "Join the shard reports of a batch into DIR/batch-report.json",
		Long: `Join the reports DIR/batch-report.shard-I-of-N.json that the shards of a
batch wrote into DIR/batch-report.json, the report one unsharded run would
have written. Every shard must have reported. The exit status is 1 when
some cities failed, as for the batch.`,
		Example: `  $ citypath batch merge out`,
		Args:    cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			rep, err := batch.Merge(cmd.Context(), args[0])
			if err != nil {
				if errors.Is(err, batch.ErrInput) {
					return invalidInput{err}
				}
				return err
			}
			name := joinPath(args[0], batch.ReportName(batch.Shard{}))
			fmt.Fprintf(f.IO.Out, "%d %s: %d written, %d unchanged, %d failed; report %s\n",
				rep.Cities, cityCount(rep.Cities), rep.Written, rep.Unchanged, rep.Failed, name)
			if rep.Failed > 0 {
				return someFailed{rep.Failed, rep.Cities, name}
			}
			return nil
		}),
	}
}

func newCmdBatchSynth(f *Factory) *cobra.Command {
	var out, invalid string
	var seed uint64
	cmd := &cobra.Command{
		Use:    "synth N -o DIR",
		Short:  "Write N synthetic city files for tests and benchmarks",
		Hidden: true,
		Long: `Write N plausible city files, made up deterministically from --seed and
the catalog's countries, currencies, dimensions, focus areas, initiatives
and cost drivers, into DIR. --invalid is the share of invalid ones (5% or
0.05); between them they make every kind of mistake the city loader reports.`,
		Example: `  $ citypath batch synth 1000 -o cities --invalid 5%`,
		Args:    cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(args[0])
			if err != nil || n < 1 || n > 1_000_000 {
				return usagef("N %q: give a number of cities from 1 to 1000000", args[0])
			}
			if out == "" {
				return usagef("give an output directory with -o DIR")
			}
			share, err := parseShare(invalid)
			if err != nil {
				return usagef("--invalid %q: %v", invalid, err)
			}
			cat, err := loadCatalog("")
			if err != nil {
				return err
			}
			g := synth.New(cat, synth.Options{Seed: seed, Invalid: share})
			files := map[string][]byte{}
			bad := 0
			for i := range n {
				c := g.City(i)
				files[c.File] = c.Data
				if c.Mistake != synth.Valid {
					bad++
				}
			}
			if err := atomicfile.WriteAll(cmd.Context(), out, files); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "wrote %d city files to %s, %d of them invalid\n", n, out, bad)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "directory to write the city files into")
	cmd.Flags().StringVar(&invalid, "invalid", "0", "share of invalid cities, e.g. 5% or 0.05")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the population")
	return cmd
}

// parseShare reads a share as a percentage (5%) or a fraction (0.05).
func parseShare(s string) (float64, error) {
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if pct {
		v /= 100
	}
	if err != nil || !(v >= 0 && v <= 1) {
		return 0, fmt.Errorf("give a share from 0%% to 100%%")
	}
	return v, nil
}

// isTerminal says whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cityCount(n int) string {
	if n == 1 {
		return "city"
	}
	return "cities"
}

// batchReaders are the inputs a batch accepts: city files and tables, and
// inside a directory also filled intake workbooks, each read into a city
// file as "citypath intake read" would.
func batchReaders(cat *catalog.Catalog) batch.Readers {
	r := batch.DefaultReaders()
	r.City[".xlsx"] = func(env batch.Env, path string) (batch.City, error) {
		data, err := env.ReadFile(path)
		if err != nil {
			return batch.City{}, err
		}
		city, err := intake.Read(path, data, "", cat)
		if err != nil {
			return batch.City{}, err
		}
		return batch.City{Name: path, Data: city}, nil
	}
	return r
}
