package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/citypath/citypath/roadmap"
)

//go:embed report.html.tmpl
var htmlTemplate string

var htmlFuncs = template.FuncMap{
	"money": roadmap.Money,
	"pct":   pct,
	"f1":    func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"f3":    func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"lower": strings.ToLower,
	"points": func(ps []Point) string {
		var b strings.Builder
		for i, p := range ps {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%g,%g", p.X, p.Y)
		}
		return b.String()
	},
	"phaseColour": func(id string) string { return PhaseColour(id).Hex() },
	"add":         func(a, b float64) float64 { return round3(a + b) },
	"sub":         func(a, b float64) float64 { return round3(a - b) },
	"half":        func(a float64) float64 { return round3(a / 2) },
	"diamond": func(p Point, d float64) string {
		return fmt.Sprintf("%g,%g %g,%g %g,%g %g,%g", p.X, round3(p.Y-d), round3(p.X+d), p.Y, p.X, round3(p.Y+d), round3(p.X-d), p.Y)
	},
	"odd":  func(i int) bool { return i%2 == 1 },
	"ring": func(i int) int { return (i + 1) * 20 },
	// clip shortens a chart label to n characters; the full text stays in
	// the chart's description and the tables.
	"clip": func(n int, s string) string {
		rs := []rune(s)
		if len(rs) <= n {
			return s
		}
		return strings.TrimRight(string(rs[:n-1]), " ,") + "…"
	},
}

var pageTemplate = template.Must(template.New("report").Funcs(htmlFuncs).Option("missingkey=error").Parse(htmlTemplate))

// htmlData is the view plus the laid-out charts, in SVG user units.
type htmlData struct {
	*View
	Sections []Section
	Radar    Radar
	Gantt    Gantt
	GanttH   float64
	Bars     Bars
	// GateOffsets stagger the gate labels so neighbours do not collide.
	GateOffsets []float64
}

// HTML renders one self-contained page: inline CSS and SVG, no scripts, no
// fonts or images from the network. Every text from the inputs goes
// through html/template, so it is escaped wherever it lands.
func HTML(in Input) ([]byte, error) {
	v, err := NewView(in)
	if err != nil {
		return nil, err
	}
	rowH := 22.0
	g := v.Gantt.Layout(0, 0, 960, 300, rowH, 26)
	data := htmlData{
		View:     v,
		Sections: Sections,
		Radar:    RadarLayout(v.Dimensions, 330, 215, 150, 12),
		Gantt:    g,
		GanttH:   round3(g.Bottom + 40),
		Bars:     BudgetBars(v.Budget, 80, 20, 540, 220),
	}
	for i := range g.Gates {
		data.GateOffsets = append(data.GateOffsets, float64(i%2)*14)
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	return buf.Bytes(), nil
}
