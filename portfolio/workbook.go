package portfolio

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/workbook"
	"github.com/citypath/citypath/report"
)

// Sheet names, in workbook order.
const (
	shCities = "Cities"
	shGroups = "Groups"
	shGaps   = "Gaps"
	shNeeds  = "First needs"
	shBudget = "Budget"
	shMethod = "Method"
)

// Workbook writes portfolio.xlsx: a row per city with its scores, rank and
// percentiles, the peer groups' medians, the common gaps, the first needs,
// the budget per currency and the method. Every value is written as
// computed here; text from city files stays text.
func Workbook(p *Portfolio, date time.Time) ([]byte, error) {
	accent := strings.TrimPrefix(report.Accent.Hex(), "#")
	b := workbook.New(workbook.Props{
		Title: fmt.Sprintf("Portfolio of %s", cities(len(p.Cities))), Creator: "citypath", Language: "en", Date: date,
		Description: "Maturity benchmark, common gaps, first needs and budget across cities, by citypath compare",
	}, map[string]*excelize.Style{
		"head":  {Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{accent}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		"wrap":  {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		"money": {NumFmt: 3},
		"dec1":  {CustomNumFmt: ptr("0.0")},
		"pct":   {NumFmt: 9},
		"int":   {NumFmt: 1},
	})
	b.Sheets(shCities, shGroups, shGaps, shNeeds, shBudget, shMethod)
	w := &sheetWriter{Book: b}

	head := []string{"Source", "City", "Country", "Population", "Population band", "Peer group", "Overall", "Level", "Level name", "Rank in group", "Cities in group", "Percentile"}
	for _, d := range p.Dimensions {
		head = append(head, d.Title, d.Title+" percentile")
	}
	head = append(head, "Foundation initiatives", "Currency", "Roadmap total", "Planned grants", "Own share")
	w.header(shCities, head, 12)
	for i, c := range p.Cities {
		r := i + 2
		w.row(shCities, r, c.Source, c.Name, c.Country, num{float64(c.Population), "int"}, c.Band, c.Group,
			num{c.Overall, "dec1"}, num{float64(c.Level), "int"}, c.LevelName, num{float64(c.Rank), "int"}, num{float64(c.GroupSize), "int"}, num{c.Percentile, "dec1"})
		col := 13
		for d := range p.Dimensions {
			w.row2(shCities, col, r, num{c.Scores[d], "dec1"}, num{c.DimPct[d], "dec1"})
			col += 2
		}
		w.row2(shCities, col, r, strings.Join(c.Foundation, ", "), c.Currency, num{c.Total, "money"}, num{c.Grants, "money"}, num{c.OwnShare, "money"})
	}
	w.finish(shCities, len(p.Cities)+1, len(head))

	head = []string{"Peer group", "Cities", "Median overall"}
	for _, d := range p.Dimensions {
		head = append(head, "Median "+d.Title)
	}
	w.header(shGroups, head, 14)
	for i, g := range p.Groups {
		w.row(shGroups, i+2, g.Name, num{float64(g.Cities), "int"}, num{g.Overall, "dec1"})
		for d, m := range g.Medians {
			w.row2(shGroups, 4+d, i+2, num{m, "dec1"})
		}
	}
	w.finish(shGroups, len(p.Groups)+1, len(head))

	w.header(shGaps, []string{"Dimension", "Cities below target", "Share", "Median gap (points)"}, 18)
	for i, g := range p.Gaps {
		w.row(shGaps, i+2, g.Dimension.Title, num{float64(g.Cities), "int"}, num{g.Share, "pct"}, num{g.MedianGap, "dec1"})
	}
	w.finish(shGaps, len(p.Gaps)+1, 4)

	w.header(shNeeds, []string{"Initiative", "Id", "Cities planning it in Foundation", "Share"}, 18)
	for i, n := range p.FirstNeeds {
		w.row(shNeeds, i+2, n.Initiative.Title, n.Initiative.ID, num{float64(n.Cities), "int"}, num{n.Share, "pct"})
	}
	w.finish(shNeeds, len(p.FirstNeeds)+1, 4)

	w.header(shBudget, []string{"Currency", "Cities", "Roadmap totals", "Planned grants", "Cities' own share"}, 18)
	for i, bg := range p.Budget {
		w.row(shBudget, i+2, bg.Currency, num{float64(bg.Cities), "int"}, num{bg.Total, "money"}, num{bg.Grants, "money"}, num{bg.OwnShare, "money"})
	}
	w.finish(shBudget, len(p.Budget)+1, 5)

	b.Widths(shMethod, 22, 100)
	method := [][2]string{
		{"Grouped by", p.GroupBy},
		{"Percentile", p.Method},
		{"Gap", "A dimension whose score is below the lowest score of the city's target level."},
		{"First needs", "Initiatives a roadmap plans in the Foundation phase."},
		{"Roadmap total", "Capex and opex within the roadmap's horizon; own share is the total less the planned grants."},
		{"Population bands", p.BandsBasis},
	}
	for _, band := range p.Bands {
		method = append(method, [2]string{"", fmt.Sprintf("%s: from %d", band.Name, band.Min)})
	}
	for i, m := range method {
		b.Text(shMethod, 1, i+1, m[0], "wrap")
		b.Text(shMethod, 2, i+1, m[1], "wrap")
	}
	b.PrintSetup(shMethod, workbook.Print{Header: [2]string{"citypath compare", shMethod}, PageNumbers: true})
	data, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("portfolio workbook: %w", err)
	}
	return data, nil
}

func ptr[T any](v T) *T { return &v }

// num is a number cell with its style.
type num struct {
	v     float64
	style string
}

type sheetWriter struct{ *workbook.Book }

func (w *sheetWriter) header(sheet string, titles []string, width float64) {
	for i, t := range titles {
		w.Text(sheet, i+1, 1, t, "head")
		w.Width(sheet, i+1, width)
	}
	w.Check(w.F.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
}

func (w *sheetWriter) row(sheet string, r int, cells ...any) { w.row2(sheet, 1, r, cells...) }

// row2 writes cells from column col on: strings as text, never as a
// formula, and numbers in their style.
func (w *sheetWriter) row2(sheet string, col, r int, cells ...any) {
	for i, c := range cells {
		switch c := c.(type) {
		case string:
			w.Text(sheet, col+i, r, c, "")
		case num:
			w.Number(sheet, col+i, r, c.v, c.style)
		}
	}
}

// finish puts an autofilter over the table and prints it on A4
// landscape with its header on every page.
func (w *sheetWriter) finish(sheet string, lastRow, cols int) {
	if lastRow > 1 {
		w.Check(w.F.AutoFilter(sheet, "A1:"+workbook.Cell(cols, lastRow), nil))
	}
	w.PrintSetup(sheet, workbook.Print{Landscape: true, TitleRow: 1, Header: [2]string{"citypath compare", sheet}, PageNumbers: true})
}
