package report_test

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/report"
	"github.com/citypath/citypath/roadmap"
)

// notPlural are words after "1 " that end in s without being plurals.
var notPlural = map[string]bool{"is": true, "was": true, "has": true, "does": true, "its": true, "this": true, "plus": true, "basis": true, "focus": true, "status": true, "process": true, "address": true, "access": true, "less": true, "across": true, "gas": true, "bus": true}

// wordingRules are what a councillor objects to in a sentence: a count in
// the wrong number, a placeholder, an empty value printed as if it were one.
var wordingRules = []struct {
	name string
	re   *regexp.Regexp
	// skip, when set, clears a match that is fine after all.
	skip func(match string) bool
}{
	{"one with a plural", regexp.MustCompile(`\b1 ([a-z]+ )?([a-z]+s)\b`), func(m string) bool {
		f := strings.Fields(m)
		return notPlural[f[len(f)-1]] || len(f) == 3 && notPlural[f[1]]
	}},
	{"zero counted as a number", regexp.MustCompile(`\b0 (initiatives|contracts|grants|planned grants|phases|pilots|baseline figures|framework agreements|tenders)\b`), nil},
	{"(s) for either number", regexp.MustCompile(`\(s\)`), nil},
	{"none as a value", regexp.MustCompile(`(?i)\bnone:|: none\b|\(none\)`), nil},
	{"zero tonnes", regexp.MustCompile(`\b0 ?t\b`), nil},
	{"Go formatting leak", regexp.MustCompile(`%!|<nil>|\bNaN\b|\+Inf|\bmap\[|\{[a-z_]+\}`), nil},
	{"empty value in a sentence", regexp.MustCompile(`\(\)|: \.|: ;|, \.| \.$|\.\.[^.]|Payback: \.|\bof  `), nil},
	{"catalog id in a sentence", regexp.MustCompile(`"[a-z0-9]+(-[a-z0-9]+)+"`), nil},
	{"flag or hash in the body", regexp.MustCompile(`--[a-z]|sha256|SHA-256|strategy\.baselines|\.md\b`), nil},
}

// wordingCities are the examples and cities at the edges: one initiative,
// no grants, no tenders, nothing that fits.
func wordingCities(t *testing.T) []example {
	t.Helper()
	out := examples(t)
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	small, err := os.ReadFile("../examples/small-town/city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	kladno, err := os.ReadFile("../examples/kladno/city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(data []byte, pairs ...string) []byte {
		return []byte(strings.NewReplacer(pairs...).Replace(string(data)))
	}
	out = append(out,
		generate(t, cat, "one-initiative", edit(small, "budget_per_year: 240000", "budget_per_year: 25000", "horizon_years: 4", "horizon_years: 2", "internal_fte: 1.5", "internal_fte: 0.4")),
		generate(t, cat, "nothing-fits", edit(small, "budget_per_year: 240000", "budget_per_year: 15000", "horizon_years: 4", "horizon_years: 2", "internal_fte: 1.5", "internal_fte: 0.3")),
		generate(t, noGrants(t), "no-grants", small),
	)
	ctx, err := roadmap.Run(context.Background(), roadmap.Request{CityName: "no-tenders", CityData: kladno, Catalog: cat, Tenders: noTenders{}}, pipeline.Steps())
	if err != nil {
		t.Fatalf("no-tenders: %v", err)
	}
	return append(out, example{name: "no-tenders", ctx: ctx, in: report.Input{Doc: ctx.Doc, Date: date}})
}

// noTenders plans no contract for any initiative.
type noTenders struct{}

func (noTenders) PlanTenders(*roadmap.Context, *roadmap.Decision, int) ([]roadmap.Contract, error) {
	return nil, nil
}

// noGrants is the built-in catalog with every programme's eligibility
// condition false, so that no grant is planned.
func noGrants(t *testing.T) *catalog.Catalog {
	t.Helper()
	builtin := catalog.Builtin()
	overlay := fstest.MapFS{}
	files, err := fs.Glob(builtin.FS, "funding/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("funding files: %v %v", files, err)
	}
	eligible := regexp.MustCompile(`(?m)^eligible: (>-\n(  .*\n)+|.*\n)`)
	for _, f := range files {
		data, err := fs.ReadFile(builtin.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		overlay[f] = &fstest.MapFile{Data: eligible.ReplaceAll(data, []byte("eligible: \"false\"\n"))}
	}
	cat, err := catalog.Load(builtin, catalog.Source{FS: overlay, Name: "no-grants"})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestWording reads every sentence of the council report of the examples
// and of cities at the edges, and rejects counts in the wrong number and
// empty values printed as values.
func TestWording(t *testing.T) {
	for _, ex := range wordingCities(t) {
		t.Run(ex.name, func(t *testing.T) {
			d, err := report.Document(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range bodyText(d) {
				for _, rule := range wordingRules {
					for _, m := range rule.re.FindAllString(text, -1) {
						if rule.skip == nil || !rule.skip(m) {
							t.Errorf("%s: %q in %q", rule.name, m, text)
						}
					}
				}
			}
		})
	}
}

// bodyText is every piece of text a councillor reads in the report's body:
// everything before the annex on how it was produced, which is where
// flags and hashes belong.
func bodyText(d *document.Document) []string {
	var out []string
	add := func(spans []document.Span) {
		if s := strings.TrimSpace(document.Plain(spans)); s != "" {
			out = append(out, s)
		}
	}
	for _, b := range d.Blocks {
		if b.Kind == document.Heading && b.ID == "produced" {
			break
		}
		add(b.Text)
		for _, it := range b.Items {
			add(it)
		}
		if c := b.Cover; c != nil {
			for _, f := range c.Facts {
				out = append(out, f[0]+": "+f[1])
			}
			out = append(out, c.Note)
		}
		if tb := b.Table; tb != nil {
			for _, row := range tb.Rows {
				for _, cell := range row {
					add(cell)
				}
			}
		}
	}
	return out
}
