package cmd

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/catalog"
)

// CatalogOptions are the inputs of the `citypath catalog` commands.
type CatalogOptions struct {
	IO         IOStreams
	CatalogDir string
	Kind       string
	ID         string
}

// NewCmdCatalog builds `citypath catalog` and its subcommands.
func NewCmdCatalog(f *Factory) *cobra.Command {
	opts := &CatalogOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List, show and lint the catalog of initiatives, rules, MIMs and funding",
		Long: `The catalog is citypath's knowledge, kept as YAML data. The built-in catalog
is embedded; --catalog DIR overlays it file by file (a catalog.yaml with
replace: true replaces it).`,
		Example: `  $ citypath catalog list initiatives
  $ citypath catalog show energy-monitoring-pilot
  $ citypath catalog lint --catalog my-catalog`,
	}
	cmd.PersistentFlags().StringVar(&opts.CatalogDir, "catalog", "", "directory overlaying the built-in catalog")
	cmd.AddCommand(newCmdCatalogList(opts), newCmdCatalogShow(opts), newCmdCatalogLint(opts))
	return cmd
}

var listKinds = []string{"initiatives", "rules", "dimensions", "focus-areas", "mims", "funding", "variables", "benefits", "drivers", "currencies", "thresholds", "procedures", "award", "requirements", "risks"}

func newCmdCatalogList(opts *CatalogOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list [KIND]",
		Short: "List catalog entries of one kind (default: initiatives)",
		Long:  "List catalog entries. KIND is one of " + strings.Join(listKinds, ", ") + ".",
		Example: `  $ citypath catalog list
  $ citypath catalog list rules
  $ citypath catalog list variables`,
		Args: cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Kind = "initiatives"
			if len(args) == 1 {
				opts.Kind = args[0]
			}
			return catalogListRun(opts)
		}),
	}
}

func catalogListRun(opts *CatalogOptions) error {
	c, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 2, 4, 2, ' ', 0)
	defer tw.Flush()
	switch opts.Kind {
	case "initiatives":
		fmt.Fprintln(tw, "ID\tPHASE\tKIND\tFOCUS AREA\tTITLE")
		for _, in := range c.Initiatives {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", in.ID, in.Phase, in.Kind, in.FocusArea, in.Title)
		}
	case "rules":
		fmt.Fprintln(tw, "ID\tWHEN\tTITLE")
		for _, r := range c.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.When.String(), r.Title)
		}
	case "dimensions":
		fmt.Fprintln(tw, "ID\tNAME\tINDICATORS")
		for _, d := range c.Dimensions {
			var ids []string
			for _, ind := range d.Indicators {
				ids = append(ids, ind.ID)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", d.ID, d.Name, strings.Join(ids, ", "))
		}
	case "focus-areas":
		fmt.Fprintln(tw, "ID\tNAME")
		for _, fa := range c.FocusAreas {
			fmt.Fprintf(tw, "%s\t%s\n", fa.ID, fa.Name)
		}
	case "mims":
		fmt.Fprintf(tw, "ID\tNAME\tSTATUS\t(%s)\n", c.MIMs.Edition)
		for _, m := range c.MIMs.MIMs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", m.ID, m.Name, m.Status)
		}
	case "funding":
		fmt.Fprintln(tw, "ID\tRATE\tROUTE\tVALID\tNAME")
		for _, p := range c.Programmes {
			fmt.Fprintf(tw, "%s\t%.0f%%\t%s\t%s..%s\t%s\n", p.ID, p.Rate*100, p.Management, p.ValidFrom, p.ValidUntil, p.Name)
		}
	case "variables":
		fmt.Fprintln(tw, "VARIABLE\tTYPE\tMEANING")
		for _, v := range append(catalog.Variables, catalog.PlanVariable) {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Name, v.Type, v.Doc)
		}
	case "benefits":
		fmt.Fprintln(tw, "ID\tINITIATIVE\tBASELINE\tCONFIDENCE\tTITLE")
		for _, b := range c.Benefits {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", b.ID, b.Initiative, b.Baseline, b.Confidence, b.Title)
		}
	case "drivers":
		fmt.Fprintln(tw, "ID\tUNIT\tCONFIDENCE\tWHEN NOT GIVEN")
		for _, d := range c.Drivers.Drivers {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Unit, d.Confidence, d.DefaultBasis)
		}
	case "currencies":
		fmt.Fprintln(tw, "CURRENCY\tPER EUR\tDATE\tNAME")
		for _, r := range c.Money.Rates {
			fmt.Fprintf(tw, "%s\t%g\t%s\t%s\n", r.Currency, r.PerEUR, r.Date, r.Name)
		}
	case "risks":
		fmt.Fprintln(tw, "ID\tWHEN\tTITLE")
		for _, r := range c.SortedRisks() {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.When.String(), r.Title)
		}
	case "thresholds", "procedures", "award", "requirements":
		listTendering(tw, c, opts.Kind)
	default:
		return usagef("unknown kind %q; choose from %s", opts.Kind, strings.Join(listKinds, ", "))
	}
	return nil
}

func newCmdCatalogShow(opts *CatalogOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Print the catalog file that defines ID",
		Long:    "Print the YAML file of an initiative, rule, dimension or funding programme.",
		Example: "  $ citypath catalog show central-data-platform",
		Args:    cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			c, err := loadCatalog(opts.CatalogDir)
			if err != nil {
				return err
			}
			for _, dir := range []string{"initiatives", "rules", "dimensions", "funding", "benefits", "thresholds", "procedures", "award", "requirements", "risks"} {
				if text, ok := c.FileText(dir + "/" + opts.ID + ".yaml"); ok {
					fmt.Fprintf(opts.IO.Out, "# %s/%s.yaml\n%s", dir, opts.ID, text)
					return nil
				}
			}
			return usagef("no initiative, rule, dimension, programme, threshold set, procedure, award set or requirement set is called %q", opts.ID)
		}),
	}
}

func newCmdCatalogLint(opts *CatalogOptions) *cobra.Command {
	format := "text"
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Check the catalog: references, cycles, CEL conditions, reachability, dated facts",
		Long: `Load the catalog exactly as 'citypath roadmap' does and report every problem
with its file:line:col: unknown keys, references that do not resolve,
dependency cycles, CEL conditions that do not compile or are not boolean,
initiatives no rule can reach, and dated facts without a source or validity.
--format json writes the problems as one JSON document on stdout, as
'citypath validate --format json' does.`,
		Example: `  $ citypath catalog lint
  $ citypath catalog lint --catalog my-catalog
  $ citypath catalog lint --catalog my-catalog --format json`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			c, err := loadCatalog(opts.CatalogDir)
			if err != nil || format == "json" {
				return reportDiagnostics(opts.IO.Out, format, []string{catalogName(opts.CatalogDir)}, err)
			}
			conditions := len(c.Rules) + len(c.Programmes) + c.TenderConditions()
			fmt.Fprintf(opts.IO.Out, "catalog %s %s: ok\n  %d files, %d dimensions, %d focus areas, %d initiatives, %d rules, %d MIMs, %d funding programmes\n",
				c.Meta.Name, c.Meta.Release, len(c.Files()), len(c.Dimensions), len(c.FocusAreas), len(c.Initiatives), len(c.Rules), len(c.MIMs.MIMs), len(c.Programmes))
			if c.HasTendering() {
				fmt.Fprintf(opts.IO.Out, "  %d threshold sets, %d procedures, %d award sets, %d requirement sets with %d requirements\n",
					len(c.Thresholds), len(c.Procedures), len(c.AwardSets), len(c.Requirements), c.RequirementCount())
			}
			fmt.Fprintf(opts.IO.Out, "  every reference resolves, no dependency cycles, %d CEL conditions compiled, every initiative reachable\n", conditions)
			return nil
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "how to report problems: text, or json for editors and CI")
	return cmd
}

// catalogName is how a catalog is named in reports: the overlay directory,
// or "catalog" for the built-in one.
func catalogName(dir string) string {
	if dir == "" {
		return "catalog"
	}
	return dir
}
