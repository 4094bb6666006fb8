package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/citypath/citypath/roadmap"
)

// A4 portrait in millimetres.
const (
	pageW   = 210.0
	pageH   = 297.0
	marginL = 18.0
	marginR = 18.0
	marginT = 22.0
	marginB = 18.0
	bodyW   = pageW - marginL - marginR
	lineH   = 4.6
)

// PDF renders the council report: A4, an embedded Unicode font (the Go
// fonts cover Czech and Polish), a contents page with page numbers, headers
// and footers, and tables that wrap and break across pages with their header
// repeated. The file is deterministic: fixed dates from the document date and
// a sorted catalog.
func PDF(in Input) ([]byte, error) {
	v, err := NewView(in)
	if err != nil {
		return nil, err
	}
	r := newPDF(v, in.Date)
	r.cover()
	r.contents()
	r.execSummary()
	r.maturity()
	r.focus()
	r.timeline()
	r.initiatives()
	r.milestones()
	r.budget()
	r.impact()
	r.risks()
	r.nextSteps()
	r.sources()
	for i, s := range Sections {
		r.f.RegisterAlias(tocAlias(i), fmt.Sprintf("%3d", r.pages[s.ID]))
	}
	var buf bytes.Buffer
	if err := r.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

type pdfR struct {
	f     *fpdf.Fpdf
	v     *View
	pages map[string]int
	links map[string]int
	num   map[string]int
}

func newPDF(v *View, date time.Time) *pdfR {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("go", "", goregular.TTF)
	f.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	f.SetCatalogSort(true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetTitle(v.Title+": "+v.City, true)
	f.SetSubject("Phased smart-city roadmap with impact case and funding plan", true)
	f.SetAuthor(firstNonEmpty(v.Authority, v.City), true)
	f.SetCreator("citypath", true)
	f.SetProducer("citypath", true)
	f.SetLang(v.Language)
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.AliasNbPages("{nb}")
	r := &pdfR{f: f, v: v, pages: map[string]int{}, links: map[string]int{}, num: map[string]int{}}
	for i, s := range Sections {
		r.links[s.ID] = f.AddLink()
		r.num[s.ID] = i + 1
	}
	f.SetHeaderFuncMode(func() {
		if f.PageNo() == 1 {
			return
		}
		r.font("", 7.5)
		r.colour(Muted)
		f.SetXY(marginL, 10)
		f.CellFormat(bodyW/2, 4, v.City+" · "+v.Title, "", 0, "L", false, 0, "")
		f.CellFormat(bodyW/2, 4, v.Date, "", 0, "R", false, 0, "")
		r.draw(Rule)
		f.SetLineWidth(0.2)
		f.Line(marginL, 15, pageW-marginR, 15)
		f.SetXY(marginL, marginT)
		r.colour(Ink)
	}, false)
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		r.font("", 7.5)
		r.colour(Muted)
		f.SetXY(marginL, pageH-11)
		f.CellFormat(bodyW, 4, fmt.Sprintf("Page %d of {nb}", f.PageNo()), "", 0, "C", false, 0, "")
		r.colour(Ink)
	})
	return r
}

func tocAlias(i int) string { return fmt.Sprintf("{toc%02d}", i) }

func (r *pdfR) font(style string, size float64) { r.f.SetFont("go", style, size) }
func (r *pdfR) colour(c RGB)                    { r.f.SetTextColor(c.R, c.G, c.B) }
func (r *pdfR) fill(c RGB)                      { r.f.SetFillColor(c.R, c.G, c.B) }
func (r *pdfR) draw(c RGB)                      { r.f.SetDrawColor(c.R, c.G, c.B) }

// section starts a numbered section, on a new page unless there is room
// for at least minSpace millimetres below.
func (r *pdfR) section(id string, minSpace float64) {
	f := r.f
	if minSpace <= 0 || f.GetY()+minSpace > pageH-marginB {
		f.AddPage()
	} else {
		f.Ln(6)
	}
	title := ""
	for _, s := range Sections {
		if s.ID == id {
			title = s.Title
		}
	}
	r.pages[id] = f.PageNo()
	f.SetLink(r.links[id], f.GetY(), f.PageNo())
	f.Bookmark(title, 0, f.GetY())
	r.font("B", 15)
	r.colour(Accent)
	f.CellFormat(bodyW, 8, fmt.Sprintf("%d  %s", r.num[id], title), "", 1, "L", false, 0, "")
	r.colour(Ink)
	f.Ln(2)
}

func (r *pdfR) heading(text string) {
	r.ensure(lineH * 4)
	r.f.Ln(2)
	r.font("B", 10.5)
	r.f.CellFormat(bodyW, 6, text, "", 1, "L", false, 0, "")
}

func (r *pdfR) para(text string) {
	r.font("", 9.5)
	r.f.MultiCell(bodyW, lineH, text, "", "L", false)
	r.f.Ln(1.2)
}

func (r *pdfR) muted(text string) {
	r.font("", 8)
	r.colour(Muted)
	r.f.MultiCell(bodyW, 3.8, text, "", "L", false)
	r.colour(Ink)
	r.f.Ln(1)
}

func (r *pdfR) bullets(items []string) {
	f := r.f
	r.font("", 9.5)
	for _, it := range items {
		r.ensure(lineH * 2)
		y := f.GetY()
		f.SetXY(marginL+1, y)
		f.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
		f.SetLeftMargin(marginL + 5)
		f.SetXY(marginL+5, y)
		f.MultiCell(bodyW-5, lineH, it, "", "L", false)
		f.SetLeftMargin(marginL)
		f.Ln(0.8)
	}
	f.Ln(1)
}

// ensure starts a new page when less than h millimetres are left.
func (r *pdfR) ensure(h float64) {
	if r.f.GetY()+h > pageH-marginB {
		r.f.AddPage()
	}
}

func (r *pdfR) cover() {
	f := r.f
	v := r.v
	f.AddPage()
	r.fill(Accent)
	f.Rect(0, 0, pageW, 92, "F")
	f.SetTextColor(255, 255, 255)
	r.font("", 12)
	f.SetXY(marginL, 30)
	f.CellFormat(bodyW, 7, v.Title, "", 1, "L", false, 0, "")
	r.font("B", 30)
	f.SetX(marginL)
	f.MultiCell(bodyW, 13, v.City, "", "L", false)
	r.font("", 11)
	f.SetX(marginL)
	f.CellFormat(bodyW, 7, "Foundation · Growth · Accelerate & Expand", "", 1, "L", false, 0, "")
	r.colour(Ink)
	f.SetXY(marginL, 108)
	r.font("B", 11)
	f.CellFormat(bodyW, 7, "For the council meeting", "", 1, "L", false, 0, "")
	r.font("", 10)
	rows := [][2]string{
		{"Date", v.Date},
		{"City", fmt.Sprintf("%s (%s), %s inhabitants", v.City, v.Country, v.Population)},
	}
	if v.Authority != "" {
		rows = append(rows, [2]string{"Authority", v.Authority})
	}
	if v.Address != "" {
		rows = append(rows, [2]string{"Address", v.Address})
	}
	rows = append(rows,
		[2]string{"Roadmap", v.Horizon},
		[2]string{"Total cost", fmt.Sprintf("%s %s, of which the city pays %s", roadmap.Money(v.BudgetTotal.Total), v.Currency, roadmap.Money(v.BudgetTotal.CityPays))},
		[2]string{"Facts", v.Catalog},
	)
	for _, kv := range rows {
		y := f.GetY()
		r.colour(Muted)
		f.SetXY(marginL, y+1)
		f.CellFormat(32, 6, kv[0], "", 0, "L", false, 0, "")
		r.colour(Ink)
		f.SetLeftMargin(marginL + 32)
		f.MultiCell(bodyW-32, 6, kv[1], "", "L", false)
		f.SetLeftMargin(marginL)
	}
	f.SetXY(marginL, pageH-40)
	r.muted("Generated by citypath from the city's maturity assessment, strategy and IT inventory and the catalog named above. " +
		"Every initiative states the rule that put it in the roadmap; every rate, deadline and saving range names its source in the last section.")
}

func (r *pdfR) contents() {
	f := r.f
	f.AddPage()
	r.font("B", 15)
	r.colour(Accent)
	f.CellFormat(bodyW, 8, "Contents", "", 1, "L", false, 0, "")
	r.colour(Ink)
	f.Ln(4)
	for i, s := range Sections {
		r.font("", 10.5)
		y := f.GetY()
		f.CellFormat(10, 7, fmt.Sprint(i+1), "", 0, "L", false, r.links[s.ID], "")
		f.CellFormat(bodyW-30, 7, s.Title, "", 0, "L", false, r.links[s.ID], "")
		f.CellFormat(20, 7, tocAlias(i), "", 1, "R", false, r.links[s.ID], "")
		r.draw(Rule)
		f.SetLineWidth(0.1)
		f.Line(marginL, y+7, pageW-marginR, y+7)
	}
}

func (r *pdfR) execSummary() {
	v := r.v
	r.section("summary", 0)
	r.heading("Where the city stands")
	r.para(v.Summary.Stands)
	r.heading("The three phases")
	r.bullets(v.Summary.Phases)
	r.heading("What it costs")
	r.para(v.Summary.Costs)
	r.heading("What it saves")
	r.para(v.Summary.Saves)
	r.heading("What the council is asked to decide")
	r.bullets(v.Summary.Decide)
	r.heading("Key figures")
	var rows [][]string
	for _, kv := range v.Summary.Figures {
		rows = append(rows, []string{kv[0], kv[1]})
	}
	r.table(fitCols([]col{{"Figure", 100, "L"}, {"Value", 74, "R"}}), rows, nil)
}

func (r *pdfR) maturity() {
	f := r.f
	v := r.v
	r.section("maturity", 0)
	r.para("Overall maturity " + v.Overall + ". The chart shows each dimension's score (blue, filled) against the lowest score of its target level (orange, dashed); rings mark every 20 points.")
	top := f.GetY() + 4
	cx, cy, rad := pageW/2, top+52, 44.0
	rd := RadarLayout(v.Dimensions, cx, cy, rad, 3)
	r.radar(rd)
	f.SetY(cy + rad + 14)
	r.legend([]legendItem{{Current, "Current score", false}, {TargetC, "Target level", true}})
	cols := []col{{"Dimension", 46, "L"}, {"Score", 16, "R"}, {"Level", 34, "L"}, {"Target", 34, "L"}, {"Gap", 16, "R"}}
	cols = fitCols(cols)
	var rows [][]string
	for _, d := range v.Dimensions {
		rows = append(rows, []string{d.Name, fmt.Sprintf("%.1f", d.Score), fmt.Sprintf("%d %s", d.Level, d.LevelName), fmt.Sprintf("%d %s", d.Target, d.TargetName), fmt.Sprintf("%.1f", d.Gap)})
	}
	r.table(cols, rows, nil)
	r.heading("Strengths")
	r.bullets(v.Strengths)
	r.heading("Gaps")
	r.bullets(v.Gaps)
	r.heading("Readiness for a platform and a twin")
	var items []string
	for _, rd := range v.Readiness {
		state := "not yet ready"
		if rd.Ready {
			state = "ready"
		}
		items = append(items, fmt.Sprintf("%s: %.1f against a threshold of %.0f, %s.", rd.Name, rd.Score, rd.Threshold, state))
	}
	r.bullets(items)
	r.muted(v.ScaleNote)
}

type legendItem struct {
	c      RGB
	text   string
	dashed bool
}

func (r *pdfR) legend(items []legendItem) {
	f := r.f
	r.font("", 8)
	x := marginL
	y := f.GetY()
	for _, it := range items {
		r.fill(it.c)
		if it.dashed {
			r.draw(it.c)
			f.SetLineWidth(0.6)
			f.SetDashPattern([]float64{1.2, 0.8}, 0)
			f.Line(x, y+2, x+6, y+2)
			f.SetDashPattern(nil, 0)
		} else {
			f.Rect(x, y+0.5, 6, 3, "F")
		}
		f.SetXY(x+8, y)
		w := f.GetStringWidth(it.text) + 8
		f.CellFormat(w, 4, it.text, "", 0, "L", false, 0, "")
		x += 8 + w
	}
	f.SetXY(marginL, y+7)
}

func toPts(ps []Point) []fpdf.PointType {
	out := make([]fpdf.PointType, len(ps))
	for i, p := range ps {
		out[i] = fpdf.PointType{X: p.X, Y: p.Y}
	}
	return out
}

func (r *pdfR) radar(rd Radar) {
	f := r.f
	r.draw(Rule)
	f.SetLineWidth(0.2)
	for _, ring := range rd.Rings {
		f.Polygon(toPts(ring), "D")
	}
	for _, a := range rd.Axes {
		f.Line(a.From.X, a.From.Y, a.To.X, a.To.Y)
	}
	r.fill(Current)
	f.SetAlpha(0.25, "Normal")
	f.Polygon(toPts(rd.Current), "F")
	f.SetAlpha(1, "Normal")
	r.draw(Current)
	f.SetLineWidth(0.6)
	f.Polygon(toPts(rd.Current), "D")
	r.draw(TargetC)
	f.SetDashPattern([]float64{1.5, 1}, 0)
	f.Polygon(toPts(rd.Target), "D")
	f.SetDashPattern(nil, 0)
	f.SetLineWidth(0.2)
	r.font("", 8)
	r.colour(Muted)
	r.font("", 6.5)
	for i, ring := range rd.Rings {
		// Along the first axis, on a white patch so that the polygons
		// crossing there do not hide the number.
		label := fmt.Sprint((i + 1) * 20)
		x, y := ring[0].X+0.8, ring[0].Y+2.6
		f.SetFillColor(255, 255, 255)
		f.Rect(x-0.3, y-2.2, f.GetStringWidth(label)+0.6, 2.7, "F")
		f.Text(x, y, label)
	}
	r.font("B", 8.5)
	r.colour(Ink)
	for i, a := range rd.Axes {
		text := fmt.Sprintf("%s %.0f", a.Text, r.v.Dimensions[i].Score)
		w := f.GetStringWidth(text)
		x := a.Label.X
		switch a.Anchor {
		case "middle":
			x -= w / 2
		case "end":
			x -= w
		}
		y := a.Label.Y + 1.2
		if a.Label.Y < rd.Axes[0].From.Y-1 && a.Anchor == "middle" {
			y = a.Label.Y - 0.5
		}
		f.Text(x, y, text)
	}
}

func (r *pdfR) focus() {
	v := r.v
	r.section("focus", 0)
	r.para("The focus areas are the city's own priorities (5 is the highest). The top one gets the first pilot; the others follow as the team and the budget allow.")
	for _, fa := range v.Focus {
		title := fmt.Sprintf("%s, priority %d", fa.Name, fa.Priority)
		if fa.Top {
			title += " (top)"
		}
		r.heading(title)
		r.para(fa.Why)
		if len(fa.Initiatives) > 0 {
			r.bullets(fa.Initiatives)
		}
	}
	if len(v.Recommended) > 0 {
		r.heading("Recommendations from the rules")
		r.bullets(v.Recommended)
	}
}

func (r *pdfR) timeline() {
	f := r.f
	v := r.v
	r.section("roadmap", 0)
	var items []string
	for _, p := range v.Phases {
		items = append(items, fmt.Sprintf("%s, %s to %s: %d initiatives, capex %s %s.", p.Name, p.Start, p.End, p.Initiatives, roadmap.Money(p.Capex), v.Currency))
	}
	r.bullets(items)
	rowH := 5.0
	if n := len(v.Gantt.Rows); n > 0 && float64(n)*rowH > 190 {
		rowH = 190 / float64(n)
	}
	g := v.Gantt.Layout(marginL, f.GetY()+2, bodyW, 64, rowH, 12)
	r.gantt(g)
	// Below the staggered gate labels.
	f.SetY(g.Bottom + 10)
	var li []legendItem
	for _, p := range v.Phases {
		li = append(li, legendItem{c: PhaseColour(p.ID), text: p.Name})
	}
	r.legend(li)
	r.muted("White diamonds mark checkpoints; dashed lines mark the phase gates at which the council reviews results before the next phase starts.")
}

func (r *pdfR) gantt(g Gantt) {
	f := r.f
	r.font("", 7.5)
	for i, b := range g.Bars {
		if i%2 == 0 {
			r.fill(Shade)
			f.Rect(marginL, b.LabelY-g.RowH/2, bodyW, g.RowH, "F")
		}
	}
	for _, t := range g.Ticks {
		r.draw(Rule)
		f.SetLineWidth(0.1)
		if t.Major {
			f.SetLineWidth(0.3)
		}
		f.Line(t.X, g.Top-2, t.X, g.Bottom)
		if t.Label != "" {
			r.font("B", 8)
			r.colour(Ink)
			f.Text(t.X+1, g.Top-3, t.Label)
		}
	}
	r.font("", 7.5)
	labelW := g.ChartX - marginL - 2
	for _, b := range g.Bars {
		r.colour(Ink)
		f.Text(marginL+1, b.LabelY+1.2, fitText(f, b.Label, labelW-1))
		r.fill(PhaseColour(b.Phase))
		f.Rect(b.X, b.Y, b.W, b.H, "F")
		f.SetFillColor(255, 255, 255)
		for _, m := range b.Marks {
			d := b.H * 0.35
			f.Polygon([]fpdf.PointType{{X: m.X, Y: m.Y - d}, {X: m.X + d, Y: m.Y}, {X: m.X, Y: m.Y + d}, {X: m.X - d, Y: m.Y}}, "F")
		}
	}
	r.draw(CapC)
	f.SetLineWidth(0.4)
	f.SetDashPattern([]float64{1, 0.8}, 0)
	for _, gt := range g.Gates {
		f.Line(gt.X, g.Top-1, gt.X, g.Bottom+1)
	}
	f.SetDashPattern(nil, 0)
	r.font("", 7)
	r.colour(CapC)
	for i, gt := range g.Gates {
		w := f.GetStringWidth(gt.Label)
		x := gt.X - w - 1
		if x < g.ChartX {
			x = gt.X + 1
		}
		f.Text(x, g.Bottom+3+float64(i%2)*3, gt.Label)
	}
	r.colour(Ink)
	f.SetLineWidth(0.2)
}

// fitText shortens text with an ellipsis to fit width w.
func fitText(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && f.GetStringWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ,") + "…"
}

func (r *pdfR) initiatives() {
	v := r.v
	r.section("initiatives", 0)
	r.para("Every initiative with its dates, the team time it needs, its cost and the planned funding. The reason is the rule that put it in the roadmap.")
	cols := fitCols([]col{{"Initiative", 50, "L"}, {"Dates", 22, "L"}, {"FTE", 10, "R"}, {"Capex", 18, "R"}, {"Opex/yr", 16, "R"}, {"Funding", 18, "L"}, {"Why", 40, "L"}})
	var rows [][]string
	var styles []rowStyle
	phase := ""
	for _, in := range v.Initiatives {
		if in.Phase != phase {
			phase = in.Phase
			rows = append(rows, []string{in.PhaseName})
			styles = append(styles, rowStyle{band: true, colour: PhaseColour(in.Phase)})
		}
		rows = append(rows, []string{in.Title, in.Start + " to " + in.End, fmt.Sprintf("%.1f", in.FTE), roadmap.Money(in.Capex), roadmap.Money(in.Opex), in.Programme, in.Why})
		styles = append(styles, rowStyle{})
	}
	r.table(cols, rows, styles)
	r.muted(fmt.Sprintf("Amounts in %s. Capex is the middle of each initiative's cost range; opex is the yearly running cost from completion.", v.Currency))
	if len(v.Deferred) > 0 {
		r.heading("Deferred to a later roadmap")
		var items []string
		for _, l := range v.Deferred {
			items = append(items, l.Title+": "+l.Reason+".")
		}
		r.bullets(items)
	}
	if len(v.Excluded) > 0 {
		r.heading("Left out by a rule")
		var items []string
		for _, l := range v.Excluded {
			items = append(items, l.Title+": "+firstSentence(l.Reason))
		}
		r.bullets(items)
	}
}

func (r *pdfR) milestones() {
	v := r.v
	r.section("milestones", 0)
	cols := fitCols([]col{{"Month", 18, "L"}, {"Milestone", 100, "L"}, {"Initiative", 56, "L"}})
	var rows [][]string
	var styles []rowStyle
	for _, m := range v.Milestones {
		rows = append(rows, []string{m.Date, m.Title, m.Initiative})
		st := rowStyle{}
		if m.Kind == "gate" {
			st.bold = true
		}
		styles = append(styles, st)
	}
	r.table(cols, rows, styles)
}

func (r *pdfR) budget() {
	f := r.f
	v := r.v
	r.section("budget", 0)
	r.para(fmt.Sprintf("Spending per calendar year against the budget the city set aside, and what grants cover. Amounts in %s.", v.Currency))
	top := f.GetY() + 2
	bars := BudgetBars(v.Budget, marginL+22, top+4, bodyW-26, 50)
	r.bars(bars)
	f.SetY(bars.Base + 8)
	r.legend([]legendItem{{CityC, "City's share", false}, {GrantC, "Grants", false}, {CapC, "Budget cap", true}})
	cols := fitCols([]col{{"Year", 16, "L"}, {"Capex", 24, "R"}, {"Opex", 22, "R"}, {"Total", 24, "R"}, {"Cap", 24, "R"}, {"Grants", 22, "R"}, {"City pays", 24, "R"}})
	var rows [][]string
	for _, b := range append(append([]BudgetRow{}, v.Budget...), v.BudgetTotal) {
		rows = append(rows, []string{b.Year, roadmap.Money(b.Capex), roadmap.Money(b.Opex), roadmap.Money(b.Total), roadmap.Money(b.Cap), roadmap.Money(b.Grants), roadmap.Money(b.CityPays)})
	}
	styles := make([]rowStyle, len(rows))
	styles[len(rows)-1].bold = true
	r.table(cols, rows, styles)
	r.heading("Funding plan")
	r.para("For each initiative the programme planned, its co-financing rate for the city's region, the grant and the city's own share of capex. Other eligible programmes are listed as alternatives.")
	fcols := fitCols([]col{{"Initiative", 52, "L"}, {"Programme", 22, "L"}, {"Rate", 12, "R"}, {"Capex", 20, "R"}, {"Grant", 20, "R"}, {"City share", 20, "R"}, {"Alternatives / note", 40, "L"}})
	rows = nil
	for _, l := range append(append([]FundRow{}, v.Funding...), v.FundingTotal) {
		prog, rate, note := l.Programme, "", l.Options
		if l.Title != "Total" {
			if prog == "" {
				prog = "city budget"
			} else {
				rate = pct(l.Rate)
			}
			if note == "" {
				note = l.Note
			}
		}
		rows = append(rows, []string{l.Title, prog, rate, roadmap.Money(l.Capex), roadmap.Money(l.Grant), roadmap.Money(l.CityShare), note})
	}
	styles = make([]rowStyle, len(rows))
	styles[len(rows)-1].bold = true
	r.table(fcols, rows, styles)
	r.heading("Programmes and routes")
	var items []string
	for _, p := range v.Programmes {
		items = append(items, fmt.Sprintf("%s (%s, %s): %s Facts valid %s.", p.Name, p.Management, p.Rate, strings.TrimSuffix(p.Route, ".")+".", p.Valid))
	}
	r.bullets(items)
}

func (r *pdfR) bars(b Bars) {
	f := r.f
	r.font("", 7)
	for _, gl := range b.Gridlines {
		r.draw(Rule)
		f.SetLineWidth(0.1)
		f.Line(marginL+22, gl.X, pageW-marginR-4, gl.X)
		r.colour(Muted)
		w := f.GetStringWidth(gl.Label)
		f.Text(marginL+20-w, gl.X+1, gl.Label)
	}
	for _, bx := range b.Boxes {
		r.fill(CityC)
		f.Rect(bx.X, bx.CityY, bx.W, bx.CityH, "F")
		if bx.GrantH > 0 {
			r.fill(GrantC)
			f.Rect(bx.X, bx.GrantY, bx.W, bx.GrantH, "F")
		}
		r.draw(CapC)
		f.SetLineWidth(0.5)
		f.SetDashPattern([]float64{1, 0.6}, 0)
		f.Line(bx.X-2, bx.CapY, bx.X+bx.W+2, bx.CapY)
		f.SetDashPattern(nil, 0)
		r.colour(Ink)
		r.font("B", 7.5)
		w := f.GetStringWidth(bx.Label)
		f.Text(bx.X+bx.W/2-w/2, b.Base+4, bx.Label)
		r.font("", 7)
		w = f.GetStringWidth(bx.Value)
		y := bx.GrantY - 1.2
		if bx.CapY < y+3 && bx.CapY > y-4 {
			y = bx.CapY - 1.5
		}
		f.Text(bx.X+bx.W/2-w/2, y, bx.Value)
	}
	f.SetLineWidth(0.2)
	r.colour(Ink)
}

func (r *pdfR) impact() {
	v := r.v
	iv := v.Impact
	r.section("impact", 0)
	r.para(fmt.Sprintf("Costs and benefits over %s, discounted at %s a year. Net present value: %s %s for the programme, %s %s for the city once grants are counted. Payback: %s (city: %s).",
		iv.Years, iv.Rate, roadmap.Money(iv.NPV), v.Currency, roadmap.Money(iv.NPVCity), v.Currency, strings.ToLower(iv.Payback), strings.ToLower(iv.PaybackCity)))
	if iv.Quantified > 0 {
		r.para(fmt.Sprintf("Once complete, %s %s %s a year (range %s to %s); CO2 avoided: %s t a year, %s t over the period.",
			iv.Lead, roadmap.Money(iv.Benefits.Mid), v.Currency, roadmap.Money(iv.Benefits.Min), roadmap.Money(iv.Benefits.Max), roadmap.Money(iv.CO2PerYear), roadmap.Money(iv.CO2)))
		cols := fitCols([]col{{"Initiative", 46, "L"}, {"How it is computed", 54, "L"}, {"Saving/yr", 20, "R"}, {"CO2 t/yr", 15, "R"}, {"NPV", 20, "R"}, {"Payback", 19, "L"}})
		var rows [][]string
		for _, row := range iv.Rows {
			rows = append(rows, []string{row.Title, row.Basis + " (" + row.Confidence + ")", roadmap.Money(row.Mid), roadmap.Money(row.CO2), roadmap.Money(row.NPV), row.Payback})
		}
		r.table(cols, rows, nil)
	}
	r.heading("Cash flows of the whole roadmap")
	cols := fitCols([]col{{"Year", 14, "L"}, {"Capex", 22, "R"}, {"Opex", 20, "R"}, {"Grants", 20, "R"}, {"Benefits", 22, "R"}, {"Net", 24, "R"}, {"Discount", 16, "R"}, {"Cumulative", 26, "R"}})
	var rows [][]string
	for _, y := range iv.ByYear {
		rows = append(rows, []string{fmt.Sprint(y.Year), roadmap.Money(y.Capex), roadmap.Money(y.Opex), roadmap.Money(y.Grants), roadmap.Money(y.Benefits), roadmap.Money(y.Net), fmt.Sprintf("%.3f", y.Discount), roadmap.Money(y.Cumulative)})
	}
	r.table(cols, rows, nil)
	if len(iv.Missing) > 0 {
		r.heading("Figures the city should supply")
		r.para("These baselines are missing from the city file, so the benefits that depend on them are not counted. Add them under strategy.baselines:")
		r.bullets(iv.Missing)
	}
	r.muted(iv.Method)
}

func (r *pdfR) risks() {
	r.section("risks", 0)
	cols := fitCols([]col{{"Risk", 34, "L"}, {"Level", 16, "L"}, {"Why", 62, "L"}, {"Mitigation", 62, "L"}})
	var rows [][]string
	for _, rk := range r.v.Risks {
		rows = append(rows, []string{rk.Title, rk.Level, rk.Why, rk.Mitigation})
	}
	r.table(cols, rows, nil)
}

func (r *pdfR) nextSteps() {
	r.section("next", 60)
	r.bullets(r.v.NextSteps)
}

func (r *pdfR) sources() {
	r.section("sources", 60)
	r.heading("Sources")
	r.font("", 8)
	for _, s := range r.v.Sources {
		r.muted("• " + s)
	}
	r.heading("Method")
	for _, m := range r.v.Method {
		r.muted(m)
	}
}

// col is a table column: title, width in millimetres and alignment.
type col struct {
	title string
	w     float64
	align string
}

// fitCols scales the widths to the body width.
func fitCols(cols []col) []col {
	total := 0.0
	for _, c := range cols {
		total += c.w
	}
	out := make([]col, len(cols))
	for i, c := range cols {
		c.w = c.w * bodyW / total
		out[i] = c
	}
	return out
}

type rowStyle struct {
	bold   bool
	band   bool // a one-cell heading row across the table, in colour
	colour RGB
}

// table draws rows with wrapped cells. Each row is measured first with the
// same SplitText used to draw it, moves whole to the next page when it does
// not fit, and the header is repeated on every page.
func (r *pdfR) table(cols []col, rows [][]string, styles []rowStyle) {
	f := r.f
	const pad = 1.2
	const lh = 3.9
	size := 8.2
	header := func() {
		r.font("B", size)
		r.fill(Accent)
		f.SetTextColor(255, 255, 255)
		x := marginL
		y := f.GetY()
		for _, c := range cols {
			f.SetXY(x, y)
			f.CellFormat(c.w, 6.5, c.title, "", 0, alignOf(c.align), true, 0, "")
			x += c.w
		}
		f.SetXY(marginL, y+6.5)
		r.colour(Ink)
	}
	// A wider cell margin keeps right-aligned numbers off the next column.
	cm := f.GetCellMargin()
	f.SetCellMargin(1.6)
	defer f.SetCellMargin(cm)
	r.ensure(6.5 + lh*2 + 2*pad)
	header()
	for i, row := range rows {
		st := rowStyle{}
		if i < len(styles) {
			st = styles[i]
		}
		style := ""
		if st.bold || st.band {
			style = "B"
		}
		r.font(style, size)
		var lines [][]string
		n := 1
		if st.band {
			lines = [][]string{{row[0]}}
		} else {
			for j, c := range cols {
				text := ""
				if j < len(row) {
					text = row[j]
				}
				ls := f.SplitText(text, c.w)
				if len(ls) == 0 {
					ls = []string{""}
				}
				lines = append(lines, ls)
				n = max(n, len(ls))
			}
		}
		h := float64(n)*lh + 2*pad
		if f.GetY()+h > pageH-marginB {
			f.AddPage()
			header()
			r.font(style, size)
		}
		y := f.GetY()
		switch {
		case st.band:
			r.fill(st.colour)
			f.Rect(marginL, y, bodyW, h, "F")
			f.SetTextColor(255, 255, 255)
			f.SetXY(marginL, y+pad)
			f.CellFormat(bodyW, lh, row[0], "", 0, "L", false, 0, "")
			r.colour(Ink)
		default:
			if i%2 == 1 {
				r.fill(Shade)
				f.Rect(marginL, y, bodyW, h, "F")
			}
			x := marginL
			for j, c := range cols {
				for k, line := range lines[j] {
					f.SetXY(x, y+pad+float64(k)*lh)
					f.CellFormat(c.w, lh, line, "", 0, alignOf(c.align), false, 0, "")
				}
				x += c.w
			}
		}
		r.draw(Rule)
		f.SetLineWidth(0.1)
		f.Line(marginL, y+h, pageW-marginR, y+h)
		f.SetXY(marginL, y+h)
	}
	f.Ln(3)
}

func alignOf(a string) string {
	if a == "R" {
		return "RM"
	}
	return "LM"
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
