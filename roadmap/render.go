package roadmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/citypath/citypath/catalog"
)

// JSON renders roadmap.json. Output is indented, ends in a newline, and keeps
// characters such as < and & readable: the file is data, not HTML.
func JSON(doc *Roadmap) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode roadmap.json: %w", err)
	}
	return buf.Bytes(), nil
}

// Money formats an amount with thin grouping, e.g. 1 234 567.
func Money(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// md escapes text from inputs and the catalog so that it stays text in any
// Markdown renderer: no raw HTML, no broken tables.
func md(s string) string {
	return mdEscaper.Replace(strings.TrimSpace(s))
}

// mdEscaper is built once: building a Replacer costs more than using it.
var mdEscaper = strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

// Markdown renders roadmap.md, a readable version of the roadmap.
func Markdown(doc *Roadmap) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	cur := doc.City.Currency
	w("# Digital transformation roadmap: %s\n\n", md(doc.City.Name))
	w("%s (%s), %s inhabitants. Roadmap %s to %s (%d months). Assessment: %s, %s.\n\n",
		md(doc.City.Name), doc.City.Country, Money(float64(doc.City.Population)), doc.Horizon.Start, doc.Horizon.End,
		doc.Horizon.Months, md(doc.Assessment.Source), doc.Assessment.Date)
	w("Facts: %s %s (catalog sha256 %s).\n\n", md(doc.Catalog.Name), md(doc.Catalog.Version), doc.Catalog.SHA256[:12])

	w("## Where the city stands\n\n")
	w("Overall maturity %.1f / 100, level %d (%s).\n\n", doc.Maturity.Overall, doc.Maturity.Level, md(doc.Maturity.LevelName))
	w("| Dimension | Score | Level | Target | Gap |\n|---|---:|---|---|---:|\n")
	for _, d := range doc.Maturity.Dimensions {
		w("| %s | %.1f | %d %s | %d %s | %.1f |\n", md(d.Name), d.Score, d.Level, md(d.LevelName), d.Target, md(d.TargetName), d.Gap)
	}
	w("\n%s\n\n", md(doc.Maturity.ScaleNote))
	for _, r := range doc.Readiness {
		state := "not yet ready"
		if r.Ready {
			state = "ready"
		}
		w("- **%s**: %.1f (threshold %.0f), %s. %s\n", md(r.Name), r.Score, r.Threshold, state, md(r.Why))
	}
	if len(doc.InPlace) > 0 {
		w("\n## What the city already has\n\n")
		w("| Initiative | Status | Since | What exists | Source | In this roadmap |\n|---|---|---|---|---|---|\n")
		for _, s := range doc.InPlace {
			w("| %s | %s | %s | %s | %s | %s |\n", md(s.Title), s.Status, md(s.Since), md(s.Note), s.Source, md(s.Planned))
		}
	}
	w("\n## Focus areas\n\n")
	for _, f := range doc.FocusAreas {
		top := ""
		if f.Top {
			top = " (top priority: the first pilot goes here)"
		}
		w("- %s: priority %d%s\n", md(f.Name), f.Priority, top)
	}
	if len(doc.Recommendations) > 0 {
		w("\n## Recommendations\n\n")
		for _, r := range doc.Recommendations {
			w("- %s *(rule %s)*\n", md(r.Text), md(r.Rule))
		}
	}
	w("\n## Phases\n\n")
	for _, ph := range doc.Phases {
		w("### %s (%s to %s)\n\n", md(ph.Name), ph.Start, ph.End)
		w("| Initiative | Months | FTE | Capex (%s) | Opex/yr (%s) | Why |\n|---|---|---:|---:|---:|---|\n", cur, cur)
		for _, in := range doc.Initiatives {
			if in.Phase != ph.ID {
				continue
			}
			var why []string
			for _, r := range in.Reasons {
				why = append(why, md(r.Text))
			}
			if in.VariantWhy != "" {
				why = append(why, md(in.VariantWhy))
			}
			for _, on := range in.BuildsOn {
				why = append(why, "Builds on: "+md(on)+".")
			}
			w("| **%s**<br>%s | %s to %s | %.2g | %s<br>*%s* | %s | %s |\n", md(in.Title), md(focusLabel(in.FocusArea)), in.Start, in.End, in.FTE,
				Money(in.Cost.Capex), md(in.Cost.Formula), Money(in.Cost.OpexPerYear), strings.Join(why, " "))
		}
		w("\n")
	}
	w("## Milestones\n\n| Date | Milestone |\n|---|---|\n")
	for _, m := range doc.Milestones {
		title := md(m.Title)
		if m.Kind == "gate" {
			title = "**" + title + "**"
		}
		w("| %s | %s |\n", m.Date, title)
	}
	w("\n## Budget\n\n| Year | Capex | Opex | Total | Cap | Staff (FTE) |\n|---|---:|---:|---:|---:|---:|\n")
	for _, y := range doc.Budget {
		w("| %d | %s | %s | %s | %s | %s (%.2g) |\n", y.Year, Money(y.Capex), Money(y.Opex), Money(y.Total), Money(y.Cap), Money(y.Staff), y.FTE)
	}
	w("| **Total** | %s | %s | %s | | %s |\n\n", Money(doc.Totals.Capex), Money(doc.Totals.Opex), Money(doc.Totals.Total), Money(doc.Totals.Staff))
	w("Amounts in %s. Capex is each initiative's cost estimate, spread over its months; opex runs from completion to the horizon end. Staff is the team time the initiatives use, paid from the payroll rather than the programme budget. %s\n\n", cur, md(doc.Staff.Note))
	w("%s\n\n", md(doc.Totals.Includes))
	if doc.Money.Note != "" {
		w("%s", md(doc.Money.Note))
		if doc.Money.RateSource != "" {
			w(" Source: %s.", md(doc.Money.RateSource))
		}
		w("\n\n")
	}
	var estimated []string
	for _, q := range doc.Quantities {
		if q.Source == "estimate" {
			estimated = append(estimated, fmt.Sprintf("%s %s (%s)", trimFloat(q.Value), md(q.Unit), md(q.Basis)))
		}
	}
	if len(estimated) > 0 {
		w("Estimated quantities behind the costs: %s.\n\n", strings.Join(estimated, "; "))
	}
	if doc.Funding != nil && doc.Funding.BasisNote != "" {
		w("%s\n\n", md(doc.Funding.BasisNote))
	}
	if len(doc.Deferred) > 0 {
		w("## Deferred\n\n")
		for _, l := range doc.Deferred {
			w("- **%s**: %s\n", md(l.Title), md(l.Reason))
		}
		w("\n")
	}
	if len(doc.Excluded) > 0 {
		w("## Excluded\n\n")
		for _, l := range doc.Excluded {
			w("- **%s**: %s\n", md(l.Title), md(l.Reason))
		}
		w("\n")
	}
	writeProcurement(&b, doc.Procurement)
	return []byte(b.String())
}

func focusLabel(id string) string {
	if id == catalog.CrossCutting {
		return "cross-cutting"
	}
	return strings.ReplaceAll(id, "_", " ")
}

// WriteStep renders the roadmap into ctx.Outputs. The caller decides where
// and whether to write them.
type WriteStep struct{}

func (WriteStep) String() string { return "render roadmap.json and roadmap.md" }

// Run implements Step.
func (WriteStep) Run(ctx *Context) error {
	j, err := JSON(ctx.Doc)
	if err != nil {
		return err
	}
	ctx.Outputs["roadmap.json"] = j
	ctx.Outputs["roadmap.md"] = Markdown(ctx.Doc)
	return nil
}
