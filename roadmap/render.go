package roadmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/numfmt"
)

// JSON renders roadmap.json. Output is indented, ends in a newline, and keeps
// characters such as < and & readable: the file is data, not HTML.
func JSON(doc *Roadmap) ([]byte, error) {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode roadmap.json: %w", err)
	}
	// Indented in a second step into a buffer sized for it: the encoder's
	// own indenting grows its buffer a step at a time.
	var out bytes.Buffer
	out.Grow(2 * compact.Len())
	if err := json.Indent(&out, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), "", "  "); err != nil {
		return nil, fmt.Errorf("encode roadmap.json: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// Money formats an amount with thin grouping, e.g. 1 234 567.
func Money(v float64) string { return numfmt.Grouped(v) }

// Markdown renders roadmap.md, a readable version of the roadmap, through
// the document engine: the roadmap is laid out as a document, which
// document.Markdown writes with every text escaped.
func Markdown(doc *Roadmap) []byte {
	return document.Markdown(MarkdownDocument(doc))
}

// MarkdownDocument lays roadmap.md out as a document.
func MarkdownDocument(doc *Roadmap) *document.Document {
	var blocks []document.Block
	add := func(b ...document.Block) { blocks = append(blocks, b...) }
	heading := func(level int, text string) {
		add(document.Block{Kind: document.Heading, Level: level, Text: document.Text(text)})
	}
	para := func(spans ...document.Span) { add(document.Block{Kind: document.Paragraph, Text: spans}) }
	plain := func(format string, args ...any) document.Span {
		return document.Span{Text: fmt.Sprintf(format, args...)}
	}
	bold := func(s string) document.Span { return document.Span{Text: s, Bold: true} }
	cells := func(texts ...string) [][]document.Span {
		out := make([][]document.Span, len(texts))
		for i, t := range texts {
			out[i] = document.Text(t)
		}
		return out
	}
	table := func(header []string, align []document.Align) *document.Table {
		t := &document.Table{Header: cells(header...), Align: align}
		for range header {
			t.Widths = append(t.Widths, 1/float64(len(header)))
		}
		return t
	}
	L, R := document.Left, document.Right
	cur := doc.City.Currency

	heading(1, "Digital transformation roadmap: "+doc.City.Name)
	para(plain("%s (%s), %s inhabitants. Roadmap %s to %s (%d months). Assessment: %s, %s.",
		doc.City.Name, doc.City.Country, Money(float64(doc.City.Population)), doc.Horizon.Start, doc.Horizon.End,
		doc.Horizon.Months, doc.Assessment.Source, doc.Assessment.Date))
	para(plain("Facts: %s %s (catalog sha256 %.12s).", doc.Catalog.Name, doc.Catalog.Version, doc.Catalog.SHA256))

	heading(2, "Where the city stands")
	para(plain("Overall maturity %.1f / 100, level %d (%s).", doc.Maturity.Overall, doc.Maturity.Level, doc.Maturity.LevelName))
	dims := table([]string{"Dimension", "Score", "Level", "Target", "Gap"}, []document.Align{L, R, L, L, R})
	for _, d := range doc.Maturity.Dimensions {
		dims.Rows = append(dims.Rows, cells(d.Name, fmt.Sprintf("%.1f", d.Score), fmt.Sprintf("%d %s", d.Level, d.LevelName),
			fmt.Sprintf("%d %s", d.Target, d.TargetName), fmt.Sprintf("%.1f", d.Gap)))
	}
	add(document.Block{Kind: document.TableBlock, Table: dims})
	para(plain("%s", doc.Maturity.ScaleNote))
	ready := document.Block{Kind: document.Bullets}
	for _, r := range doc.Readiness {
		state := "not yet ready"
		if r.Ready {
			state = "ready"
		}
		ready.Items = append(ready.Items, []document.Span{bold(r.Name), plain(": %.1f (threshold %.0f), %s. %s", r.Score, r.Threshold, state, r.Why)})
	}
	add(ready)

	if len(doc.InPlace) > 0 {
		heading(2, "What the city already has")
		ip := table([]string{"Initiative", "Status", "Since", "What exists", "Source", "In this roadmap"}, []document.Align{L, L, L, L, L, L})
		for _, s := range doc.InPlace {
			ip.Rows = append(ip.Rows, cells(s.Title, s.Status, s.Since, s.Note, s.Source, s.Planned))
		}
		add(document.Block{Kind: document.TableBlock, Table: ip})
	}

	heading(2, "Focus areas")
	focus := document.Block{Kind: document.Bullets}
	for _, f := range doc.FocusAreas {
		top := ""
		switch {
		case f.Top && f.Pilot != "":
			top = " (top priority; " + f.Pilot + ")"
		case f.Top:
			top = " (top priority)"
		case f.Pilot != "":
			top = " (" + f.Pilot + ")"
		}
		focus.Items = append(focus.Items, document.Text(fmt.Sprintf("%s: priority %d%s", f.Name, f.Priority, top)))
	}
	add(focus)
	if len(doc.Recommendations) > 0 {
		heading(2, "Recommendations")
		recs := document.Block{Kind: document.Bullets}
		for _, r := range doc.Recommendations {
			recs.Items = append(recs.Items, []document.Span{plain("%s ", r.Text), {Text: "(rule " + r.Rule + ")", Italic: true}})
		}
		add(recs)
	}

	heading(2, "Phases")
	for _, ph := range doc.Phases {
		heading(3, fmt.Sprintf("%s (%s to %s)", ph.Name, ph.Start, ph.End))
		para(bold("Gate, "+ph.End+". "), plain("%s", ph.Gate))
		t := table([]string{"Initiative", "Months", "FTE", "Capex (" + cur + ")", "Opex/yr (" + cur + ")", "Why"}, []document.Align{L, L, R, R, R, L})
		for _, in := range doc.Initiatives {
			if in.Phase != ph.ID {
				continue
			}
			var why []string
			for _, r := range in.Reasons {
				why = append(why, r.Text)
			}
			if in.VariantWhy != "" {
				why = append(why, in.VariantWhy)
			}
			if in.Early != "" {
				why = append(why, "Runs ahead of the phase's window: "+in.Early)
			}
			for _, on := range in.BuildsOn {
				why = append(why, "Builds on: "+on+".")
			}
			row := cells("", in.Start+" to "+in.End, fmt.Sprintf("%.2g", in.FTE), "", Money(in.Cost.OpexPerYear), strings.Join(why, " "))
			row[0] = []document.Span{bold(in.Title), {Break: true}, plain("%s", focusLabel(in.FocusArea))}
			row[3] = []document.Span{plain("%s", Money(in.Cost.Capex)), {Break: true}, {Text: in.Cost.Formula, Italic: true}}
			t.Rows = append(t.Rows, row)
		}
		add(document.Block{Kind: document.TableBlock, Table: t})
	}
	for _, e := range doc.EmptyPhases {
		heading(3, e.Name)
		para(plain("%s", e.Why))
	}

	heading(2, "Milestones")
	ms := table([]string{"Date", "Milestone"}, []document.Align{L, L})
	for _, m := range doc.Milestones {
		ms.Rows = append(ms.Rows, cells(m.Date, m.Title))
		ms.Styles = append(ms.Styles, document.RowStyle{Bold: m.Kind == "gate"})
	}
	add(document.Block{Kind: document.TableBlock, Table: ms})

	heading(2, "Measures of success")
	kt := table([]string{"Initiative", "KPI", "Baseline", "Target", "Due", "Owner"}, []document.Align{L, L, L, L, L, L})
	for _, in := range doc.Initiatives {
		for _, k := range in.KPIs {
			kt.Rows = append(kt.Rows, cells(in.Title, k.Name+" ("+k.Unit+")", k.Baseline, k.Target, k.Due, k.Owner))
		}
	}
	add(document.Block{Kind: document.TableBlock, Table: kt})

	heading(2, "Budget")
	bt := table([]string{"Year", "Capex", "Opex", "Total", "Cap", "Staff (FTE)"}, []document.Align{L, R, R, R, R, R})
	// Without a cost per FTE staff time is not costed: show the team time
	// alone rather than a cost of 0.
	costed := doc.Staff.Source != "none"
	for _, y := range doc.Budget {
		staff := fmt.Sprintf("%.2g FTE", y.FTE)
		if costed {
			staff = fmt.Sprintf("%s (%.2g)", Money(y.Staff), y.FTE)
		}
		bt.Rows = append(bt.Rows, cells(fmt.Sprint(y.Year), Money(y.Capex), Money(y.Opex), Money(y.Total), Money(y.Cap), staff))
		bt.Styles = append(bt.Styles, document.RowStyle{})
	}
	totalStaff := ""
	if costed {
		totalStaff = Money(doc.Totals.Staff)
	}
	bt.Rows = append(bt.Rows, cells("Total", Money(doc.Totals.Capex), Money(doc.Totals.Opex), Money(doc.Totals.Total), "", totalStaff))
	bt.Styles = append(bt.Styles, document.RowStyle{Bold: true})
	add(document.Block{Kind: document.TableBlock, Table: bt})
	para(plain("Amounts in %s. Capex is each initiative's cost estimate, spread over its months; opex runs from completion to the horizon end. Staff is the team time the initiatives use, paid from the payroll rather than the programme budget. %s", cur, doc.Staff.Note))
	para(plain("%s", doc.Totals.Includes))
	if doc.Money.Note != "" {
		note := doc.Money.Note
		if doc.Money.RateSource != "" {
			note += " Source: " + doc.Money.RateSource + "."
		}
		para(plain("%s", note))
	}
	var estimated []string
	for _, q := range doc.Quantities {
		if q.Source == "estimate" {
			estimated = append(estimated, fmt.Sprintf("%s %s (%s)", trimFloat(q.Value), q.Unit, q.Basis))
		}
	}
	if len(estimated) > 0 {
		para(plain("Estimated quantities behind the costs: %s.", strings.Join(estimated, "; ")))
	}
	if doc.Funding != nil && doc.Funding.BasisNote != "" {
		para(plain("%s", doc.Funding.BasisNote))
	}

	left := func(title string, ls []Left) {
		if len(ls) == 0 {
			return
		}
		heading(2, title)
		b := document.Block{Kind: document.Bullets}
		for _, l := range ls {
			b.Items = append(b.Items, []document.Span{bold(l.Title), plain(": %s", l.Reason)})
		}
		add(b)
	}
	left("Deferred", doc.Deferred)
	left("Excluded", doc.Excluded)
	add(procurementBlocks(doc.Procurement)...)
	return &document.Document{Title: "Digital transformation roadmap: " + doc.City.Name, Language: "en", Blocks: blocks}
}

func focusLabel(id string) string {
	if id == catalog.CrossCutting {
		return "cross-cutting"
	}
	return strings.ReplaceAll(id, "_", " ")
}
