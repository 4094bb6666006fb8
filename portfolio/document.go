package portfolio

import (
	"fmt"
	"strings"
	"time"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/numfmt"
	"github.com/citypath/citypath/report"
)

// topNeeds is how many Foundation initiatives the summary lists; the
// workbook lists them all.
const topNeeds = 15

// Document lays the portfolio summary out for the document engine, which
// writes it as HTML and PDF: what the cities share, the budget, the peer
// groups, the focus city against its peers' median, and every city's rank
// and percentile, with the method stated.
func Document(p *Portfolio, date time.Time) *document.Document {
	l := &layout{}
	title := fmt.Sprintf("Portfolio of %s", cities(len(p.Cities)))
	l.heading(1, title)
	l.para(fmt.Sprintf("%s compared %s. Scores are citypath's 0-100 maturity scores; levels 1-5.",
		capitalise(cities(len(p.Cities))), p.Grouping()))

	l.heading(2, "How the comparison is made")
	l.para(p.Method)
	l.para("A gap is a dimension whose score is below the lowest score of the city's target level. The initiatives cities need first are those their roadmaps plan in the Foundation phase.")
	var bandNames []string
	for _, b := range p.Bands {
		bandNames = append(bandNames, b.Name)
	}
	l.note("Population bands: " + strings.Join(bandNames, "; ") + ". Basis: " + p.BandsBasis + ".")

	l.heading(2, "Budget and funding need")
	var rows [][]string
	for _, b := range p.Budget {
		rows = append(rows, []string{b.Currency, fmt.Sprint(b.Cities), numfmt.Grouped(b.Total), numfmt.Grouped(b.Grants), numfmt.Grouped(b.OwnShare)})
	}
	l.table("Budget across the portfolio, per currency (capex and opex within each roadmap's horizon)",
		[]col{{"Currency", 1, document.Left}, {"Cities", 1, document.Right}, {"Total", 2, document.Right}, {"Planned grants", 2, document.Right}, {"Cities' own share", 2, document.Right}}, rows)

	l.heading(2, "The most common gaps")
	rows = nil
	for _, g := range p.Gaps {
		rows = append(rows, []string{g.Dimension.Title, fmt.Sprint(g.Cities), pct(g.Share), fmt.Sprintf("%.1f", g.MedianGap)})
	}
	l.table("Cities below their target level, per dimension", []col{{"Dimension", 4, document.Left}, {"Cities", 1, document.Right}, {"Share", 1, document.Right}, {"Median gap (points)", 2, document.Right}}, rows)

	l.heading(2, "What most cities need first")
	rows = nil
	for i, n := range p.FirstNeeds {
		if i == topNeeds {
			break
		}
		rows = append(rows, []string{n.Initiative.Title, fmt.Sprint(n.Cities), pct(n.Share)})
	}
	if len(rows) == 0 {
		l.para("No roadmap plans anything in the Foundation phase.")
	} else {
		l.table("Foundation-phase initiatives by the number of roadmaps that plan them", []col{{"Initiative", 5, document.Left}, {"Cities", 1, document.Right}, {"Share", 1, document.Right}}, rows)
	}

	l.heading(2, "Peer groups")
	rows = nil
	for _, g := range p.Groups {
		rows = append(rows, []string{g.Name, fmt.Sprint(g.Cities), fmt.Sprintf("%.1f", g.Overall)})
	}
	l.table("Peer groups and their median overall score", []col{{"Group", 4, document.Left}, {"Cities", 1, document.Right}, {"Median overall", 2, document.Right}}, rows)

	if f := p.Focus; f != nil {
		c := f.City
		l.heading(2, c.Name+" against its peers")
		l.para(fmt.Sprintf("%s is ranked %d of %d in its peer group (%s), at the %s percentile of overall maturity (%.1f, level %d %s).",
			c.Name, c.Rank, c.GroupSize, c.Group, ordinal(c.Percentile), c.Overall, c.Level, c.LevelName))
		dims := make([]report.Dim, len(p.Dimensions))
		for i, d := range p.Dimensions {
			dims[i] = report.Dim{Name: d.Title, Score: c.Scores[i]}
		}
		l.add(document.Block{Kind: document.FigureBlock,
			Figure: report.PeerRadarFigure(dims, f.Medians, [2]string{c.Name, "Peer group median"}),
			Text:   document.Text(c.Name + " against the median of its peer group (" + c.Group + ")")})
		rows = nil
		for i, d := range p.Dimensions {
			rows = append(rows, []string{d.Title, fmt.Sprintf("%.1f", c.Scores[i]), fmt.Sprintf("%.1f", f.Medians[i]), fmt.Sprintf("%.1f", c.DimPct[i])})
		}
		l.table(c.Name+" and its peer group, per dimension", []col{{"Dimension", 4, document.Left}, {"Score", 1, document.Right}, {"Peer median", 1, document.Right}, {"Percentile", 1, document.Right}}, rows)
	}

	l.heading(2, "Cities")
	rows = nil
	for _, c := range p.Cities {
		rows = append(rows, []string{c.Name, c.Group, fmt.Sprintf("%.1f", c.Overall), fmt.Sprintf("%d %s", c.Level, c.LevelName),
			fmt.Sprintf("%d of %d", c.Rank, c.GroupSize), fmt.Sprintf("%.1f", c.Percentile), numfmt.Grouped(c.Total) + " " + c.Currency})
	}
	l.table("Every city's overall maturity, rank and percentile in its peer group", []col{{"City", 3, document.Left}, {"Group", 2, document.Left}, {"Overall", 1, document.Right},
		{"Level", 2, document.Left}, {"Rank", 1.2, document.Right}, {"Percentile", 1.2, document.Right}, {"Roadmap total", 2, document.Right}}, rows)

	return &document.Document{
		Title:    title,
		Subject:  "Maturity benchmark, common gaps, first needs and budget across cities",
		Author:   "citypath",
		Language: "en",
		Date:     date,
		Header:   [2]string{title, date.Format("2006-01-02")},
		Footer:   title,
		Blocks:   l.blocks,
	}
}

type layout struct{ blocks []document.Block }

func (l *layout) add(b document.Block) { l.blocks = append(l.blocks, b) }

func (l *layout) heading(level int, text string) {
	l.add(document.Block{Kind: document.Heading, Level: level, Text: document.Text(text)})
}

func (l *layout) para(text string) {
	l.add(document.Block{Kind: document.Paragraph, Text: document.Text(text)})
}

func (l *layout) note(text string) {
	l.add(document.Block{Kind: document.Paragraph, Text: document.Text(text), Note: true})
}

// col is a column of the summary's tables.
type col struct {
	title string
	w     float64
	align document.Align
}

// columns are cols as the document package's table columns.
func columns(cols []col) []document.Column {
	out := make([]document.Column, len(cols))
	for i, c := range cols {
		out[i] = document.Column{Title: c.title, Weight: c.w, Align: c.align}
	}
	return out
}

func (l *layout) table(caption string, cols []col, rows [][]string) {
	l.add(document.Block{Kind: document.TableBlock, Table: document.TextTable(caption, columns(cols), rows)})
}

func cities(n int) string {
	return fmt.Sprintf("%s %s", numfmt.Prose(float64(n)), plural(n, "city", "cities"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func pct(share float64) string { return fmt.Sprintf("%.0f%%", share*100) }

// ordinal writes a percentile as "62.5th".
func ordinal(v float64) string {
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
	n := int(v)
	if s != fmt.Sprint(n) {
		return s + "th"
	}
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}
