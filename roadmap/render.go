package roadmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
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
func md(s string) string { return document.Escape(s) }

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
			w("| **%s**<br>%s | %s to %s | %.2g | %s | %s | %s |\n", md(in.Title), md(focusLabel(in.FocusArea)), in.Start, in.End, in.FTE,
				Money(in.Cost.Capex), Money(in.Cost.OpexPerYear), strings.Join(why, " "))
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
	w("\n## Budget\n\n| Year | Capex | Opex | Total | Cap |\n|---|---:|---:|---:|---:|\n")
	for _, y := range doc.Budget {
		w("| %d | %s | %s | %s | %s |\n", y.Year, Money(y.Capex), Money(y.Opex), Money(y.Total), Money(y.Cap))
	}
	w("| **Total** | %s | %s | %s | |\n\n", Money(doc.Totals.Capex), Money(doc.Totals.Opex), Money(doc.Totals.Total))
	w("Amounts in %s. Capex is the middle of each initiative's range, spread over its months; opex runs from completion to the horizon end.\n\n", cur)
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
