package cmd

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/templates"
)

// TenderOptions are the inputs of `citypath tender`.
type TenderOptions struct {
	Ctx          context.Context
	IO           IOStreams
	ReadFile     func(string) ([]byte, error)
	Getenv       func(string) string
	CityFile     string
	OutDir       string
	Initiatives  []string
	All          bool
	CatalogDir   string
	TemplatesDir string
}

// NewCmdTender builds `citypath tender`.
func NewCmdTender(f *Factory, runF func(*TenderOptions) error) *cobra.Command {
	opts := &TenderOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "tender CITYFILE (--initiative ID | --all) -o DIR",
		Short: "Write tender packs for the procurement objects of roadmap initiatives",
		Long: `Generate the roadmap for CITYFILE, then write a tender pack for every
procurement object of the chosen initiatives into DIR/INITIATIVE/OBJECT/:

  README.md                               what each file is, who fills in what, checks before publication
  tender-specification.docx, .pdf, .md   for bidders: needs, requirements, lots, criteria, timeline
  instructions-to-tenderers.docx, .md    for bidders: how to take part, deadlines, evaluation
  draft-contract.docx, .md               for bidders: service levels, acceptance, data, exit, liability
  terms-of-reference.docx, .md           for bidders of advisory contracts: deliverables, experts
  compliance-matrix.xlsx                  bidders answer every requirement once (when any apply)
  price-schedule.xlsx                     bidders price it; the total cost of ownership is computed
  mims-checklist.docx                     the MIMs reference: standards, verification (when a MIM applies)
  procurement-file-note.docx, .md        for the buyer only: procedure, estimate, funding, legal checks
  evaluation-grid.xlsx                    the committee scores the tenders
  ocds-release-package.json               OCDS 1.1.5 planning and tender releases
  eforms-contract-notice.xml              above the EU threshold: the draft eForms contract notice

and DIR/index.html, an overview of every pack written.
The buyer's name, address, contact and OCDS ocid prefix come from city.buyer.
--templates DIR replaces the built-in templates by file name (` + strings.Join(templates.Names(), ", ") + `);
templates cannot read the environment or files. The document date is
SOURCE_DATE_EPOCH when set, otherwise the assessment date. Every pack is
rendered before anything is written.`,
		Example: `  $ citypath tender examples/kladno/city.yaml --initiative energy-monitoring-pilot -o packs
  $ citypath tender city.yaml --all -o packs
  $ citypath tender city.yaml --all -o packs --templates my-templates`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.CityFile = args[0]
			if opts.OutDir == "" {
				return usagef("give an output directory with -o DIR")
			}
			if opts.All == (len(opts.Initiatives) > 0) {
				return usagef("give either --initiative ID or --all")
			}
			if opts.TemplatesDir != "" {
				if st, err := os.Stat(opts.TemplatesDir); err != nil || !st.IsDir() {
					return usagef("--templates %s: not a directory", opts.TemplatesDir)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return tenderRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.OutDir, "output", "o", "", "directory to write the packs into")
	cmd.Flags().StringSliceVar(&opts.Initiatives, "initiative", nil, "initiative id (repeat or separate with commas)")
	cmd.Flags().BoolVar(&opts.All, "all", false, "write packs for every initiative in the roadmap")
	cmd.Flags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.Flags().StringVar(&opts.TemplatesDir, "templates", "", "directory of templates replacing the built-in ones by file name")
	return cmd
}

func tenderRun(opts *TenderOptions) error {
	// The templates and the PDF fonts do not depend on the plan, so they
	// are read on the other core while the roadmap is generated. A
	// template error is still reported before one in the city file.
	type loaded struct {
		eng *templates.Engine
		err error
	}
	templatesLoaded := make(chan loaded, 1)
	go func() {
		eng, err := loadTemplates(opts.TemplatesDir)
		templatesLoaded <- loaded{eng, err}
	}()
	go document.PrepareFonts()
	ctx, err := generate(opts.Ctx, opts.ReadFile, opts.CityFile, opts.CatalogDir)
	l := <-templatesLoaded
	if l.err != nil {
		return l.err
	}
	eng := l.eng
	if err != nil {
		return err
	}
	plan := ctx.Doc.Procurement
	if plan == nil {
		return invalidInput{fmt.Errorf("the catalog has no tender data (tendering.yaml, thresholds/, procedures/, award/)")}
	}
	contracts, err := chooseContracts(ctx, opts)
	if err != nil {
		return err
	}
	if len(contracts) == 0 {
		// Nothing to write is the city file's doing (a budget of 0 defers
		// everything), so it is reported there rather than as a failure.
		at := "strategy"
		if ctx.City.File.Strategy.BudgetPerYear == 0 {
			at = "strategy.budget_per_year"
		}
		return ctx.City.Doc.Problem(at, "the roadmap schedules no initiative that buys anything (%d deferred), so there is no tender pack to write", len(ctx.Doc.Deferred))
	}
	date, err := documentDate(opts.Getenv, ctx.City.File.Assessment.Date)
	if err != nil {
		return err
	}
	// Packs are independent, so they render on every core; each writes
	// only its own slot, and the files are written once all are done.
	packs := make([]*procurement.Pack, len(contracts))
	rendered := make([]map[string][]byte, len(contracts))
	err = parallel.Do(opts.Ctx, len(contracts), func(_ context.Context, i int) error {
		var err error
		if packs[i], err = procurement.BuildPack(ctx, contracts[i], date); err == nil {
			rendered[i], err = procurement.Render(packs[i], eng)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", contracts[i].ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	for i, c := range contracts {
		for name, data := range rendered[i] {
			files[c.Initiative+"/"+c.Object+"/"+name] = data
		}
	}
	if files["index.html"], err = procurement.RenderIndex(packs, eng); err != nil {
		return err
	}
	if err := atomicfile.WriteAll(opts.Ctx, opts.OutDir, files); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%s: %d tender packs, %d files\n", ctx.Doc.City.Name, len(contracts), len(files))
	for _, c := range contracts {
		side := "below"
		if c.Threshold.Above {
			side = "above"
		}
		fmt.Fprintf(opts.IO.Out, "%s: %s, %s %s (%s the EU threshold of %s), publish %s, sign %s\n",
			joinPath(opts.OutDir, c.ID), strings.ToLower(c.Procedure.Name[:1])+c.Procedure.Name[1:],
			c.Threshold.Currency, roadmap.Money(c.Value.Maximum), side, roadmap.Money(c.Threshold.Amount), c.Timeline.Publication, c.Timeline.ContractSigned)
	}
	return nil
}

// loadTemplates parses the built-in templates, overridden from dir.
func loadTemplates(dir string) (*templates.Engine, error) {
	if dir == "" {
		return templates.New(nil, "")
	}
	return templates.New(os.DirFS(dir), dir)
}

// chooseContracts returns the planned contracts of the chosen initiatives.
func chooseContracts(ctx *roadmap.Context, opts *TenderOptions) ([]roadmap.Contract, error) {
	plan := ctx.Doc.Procurement
	if opts.All {
		return plan.Contracts, nil
	}
	var out []roadmap.Contract
	for _, id := range opts.Initiatives {
		n := len(out)
		for _, c := range plan.Contracts {
			if c.Initiative == id {
				out = append(out, c)
			}
		}
		if len(out) > n {
			continue
		}
		if _, ok := ctx.Catalog.Initiative(id); !ok {
			return nil, usagef("unknown initiative %q; see 'citypath catalog list'", id)
		}
		for _, l := range append(slices.Clone(ctx.Doc.Deferred), ctx.Doc.Excluded...) {
			if l.ID == id {
				return nil, usagef("initiative %q is not in %s's roadmap: %s", id, ctx.Doc.City.Name, l.Reason)
			}
		}
		in := []string{}
		for _, i := range ctx.Doc.Initiatives {
			in = append(in, i.ID)
		}
		sort.Strings(in)
		return nil, usagef("initiative %q is not in %s's roadmap, or buys nothing; the roadmap has %s", id, ctx.Doc.City.Name, strings.Join(in, ", "))
	}
	return out, nil
}
