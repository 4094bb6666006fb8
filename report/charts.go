package report

import (
	"fmt"
	"math"
	"time"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/roadmap"
)

// The chart layouts below are pure functions from data to coordinates in a
// y-down plane. figures.go turns them into document figures in millimetres
// and the HTML page into SVG user units, so both show the same chart.

// RGB is a colour.
type RGB = document.RGB

// Colours. Text colours keep a contrast of at least 4.5:1 on white; fills
// carry no text except white labels on the dark phase colours.
var (
	Ink      = RGB{R: 33, G: 37, B: 41}
	Muted    = RGB{R: 85, G: 92, B: 99}
	Rule     = RGB{R: 200, G: 205, B: 210}
	Shade    = RGB{R: 241, G: 243, B: 245}
	Accent   = RGB{R: 20, G: 83, B: 136}
	Current  = RGB{R: 20, G: 83, B: 136}
	TargetC  = RGB{R: 196, G: 88, B: 0}
	GrantC   = RGB{R: 120, G: 170, B: 210}
	CityC    = RGB{R: 20, G: 83, B: 136}
	CapC     = RGB{R: 178, G: 34, B: 34}
	phaseRGB = map[string]RGB{
		"foundation": {R: 31, G: 111, B: 139},
		"growth":     {R: 46, G: 125, B: 50},
		"accelerate": {R: 106, G: 76, B: 147},
	}
)

// PhaseColour is the colour of a phase in every chart.
func PhaseColour(id string) RGB {
	if c, ok := phaseRGB[id]; ok {
		return c
	}
	return Muted
}

// Point is a position in the chart plane.
type Point struct{ X, Y float64 }

// RadarAxis is one spoke with its label.
type RadarAxis struct {
	From, To Point
	Label    Point
	Anchor   string // start, middle or end: where the label sits against Label
	Text     string
}

// Radar is the maturity radar: rings at each fifth of the scale, one axis
// per dimension, and the current and target polygons.
type Radar struct {
	Rings   [][]Point
	Axes    []RadarAxis
	Current []Point
	Target  []Point
}

// RadarLayout lays out the dimensions around (cx, cy) with radius r, the
// first at the top, clockwise. Scores are 0-100; the target is the lowest
// score of the target level.
func RadarLayout(dims []Dim, cx, cy, r, labelGap float64) Radar {
	var rd Radar
	n := len(dims)
	if n < 3 {
		return rd
	}
	at := func(i int, frac float64) Point {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return Point{round3(cx + r*frac*math.Cos(a)), round3(cy + r*frac*math.Sin(a))}
	}
	for ring := 1; ring <= 5; ring++ {
		var pts []Point
		for i := range n {
			pts = append(pts, at(i, float64(ring)/5))
		}
		rd.Rings = append(rd.Rings, pts)
	}
	for i, d := range dims {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		lx, ly := cx+(r+labelGap)*math.Cos(a), cy+(r+labelGap)*math.Sin(a)
		anchor := "middle"
		switch c := math.Cos(a); {
		case c > 0.2:
			anchor = "start"
		case c < -0.2:
			anchor = "end"
		}
		rd.Axes = append(rd.Axes, RadarAxis{From: Point{cx, cy}, To: at(i, 1), Label: Point{round3(lx), round3(ly)}, Anchor: anchor, Text: d.Name})
		rd.Current = append(rd.Current, at(i, clamp01(d.Score/100)))
		rd.Target = append(rd.Target, at(i, clamp01(math.Max(d.TargetScore, d.Score)/100)))
	}
	return rd
}

// GanttData is the timeline in months, independent of any drawing size.
type GanttData struct {
	Start  time.Time
	Months int
	Rows   []GanttRow
	Gates  []GanttGate
}

// GanttRow is one initiative's bar with its checkpoint months.
type GanttRow struct {
	Label, Phase string
	Start, Len   int
	Checkpoints  []int
}

// GanttGate is a phase gate at the end of a month.
type GanttGate struct {
	Month int
	Label string
}

func ganttData(d *roadmap.Roadmap) GanttData {
	start, _ := time.Parse("2006-01", d.Horizon.Start)
	g := GanttData{Start: start, Months: d.Horizon.Months}
	offset := func(month string) int {
		t, err := time.Parse("2006-01", month)
		if err != nil {
			return 0
		}
		return (t.Year()-start.Year())*12 + int(t.Month()-start.Month())
	}
	checks := map[string][]int{}
	for _, m := range d.Milestones {
		switch m.Kind {
		case "checkpoint":
			checks[m.Initiative] = append(checks[m.Initiative], offset(m.Date))
		case "gate":
			g.Gates = append(g.Gates, GanttGate{Month: offset(m.Date), Label: phaseName(m.Phase) + " gate"})
		}
	}
	for _, in := range d.Initiatives {
		g.Rows = append(g.Rows, GanttRow{Label: in.Title, Phase: in.Phase, Start: in.StartMonth, Len: in.DurationMonths, Checkpoints: checks[in.ID]})
	}
	return g
}

// GanttBox is a placed bar.
type GanttBox struct {
	X, Y, W, H float64
	Phase      string
	Label      string
	LabelY     float64
	Marks      []Point
}

// GanttTick is a vertical grid line at a year or quarter boundary.
type GanttTick struct {
	X     float64
	Label string
	Major bool
}

// GanttLine is a gate line with its label.
type GanttLine struct {
	X, Y1, Y2 float64
	Label     string
}

// Gantt is a laid-out timeline.
type Gantt struct {
	Bars          []GanttBox
	Ticks         []GanttTick
	Gates         []GanttLine
	ChartX, Width float64
	Top, Bottom   float64
	RowH          float64
}

// Layout places the timeline at (x, y): labels in the first labelW units,
// one row of rowH per initiative under a header of headH for the years.
func (g GanttData) Layout(x, y, w, labelW, rowH, headH float64) Gantt {
	out := Gantt{ChartX: x + labelW, Width: w - labelW, Top: y + headH, RowH: rowH}
	if g.Months == 0 {
		return out
	}
	unit := out.Width / float64(g.Months)
	mx := func(m int) float64 { return round3(out.ChartX + float64(m)*unit) }
	for i, r := range g.Rows {
		top := out.Top + float64(i)*rowH
		b := GanttBox{X: mx(r.Start), Y: round3(top + rowH*0.18), W: round3(float64(r.Len) * unit), H: round3(rowH * 0.64),
			Phase: r.Phase, Label: r.Label, LabelY: round3(top + rowH/2)}
		for _, c := range r.Checkpoints {
			b.Marks = append(b.Marks, Point{round3(mx(c) + unit/2), round3(top + rowH/2)})
		}
		out.Bars = append(out.Bars, b)
	}
	out.Bottom = round3(out.Top + float64(len(g.Rows))*rowH)
	for m := 0; m <= g.Months; m++ {
		t := g.Start.AddDate(0, m, 0)
		switch {
		case t.Month() == time.January || m == 0:
			label := ""
			if m < g.Months {
				label = fmt.Sprint(t.Year())
			}
			out.Ticks = append(out.Ticks, GanttTick{X: mx(m), Label: label, Major: true})
		case (t.Month()-1)%3 == 0:
			out.Ticks = append(out.Ticks, GanttTick{X: mx(m)})
		}
	}
	for _, gt := range g.Gates {
		out.Gates = append(out.Gates, GanttLine{X: mx(gt.Month + 1), Y1: out.Top, Y2: out.Bottom, Label: gt.Label})
	}
	return out
}

// BarBox is one year's stacked bar: the city's share under the grants,
// with the budget cap as a marker.
type BarBox struct {
	X, W         float64
	CityY, CityH float64
	GrantY       float64
	GrantH       float64
	CapY         float64
	Label        string
	Value        string
}

// Bars is a laid-out budget chart.
type Bars struct {
	Boxes     []BarBox
	Base      float64
	Top       float64
	Max       float64
	Gridlines []GanttTick
}

// BudgetBars lays out the yearly budget in the box (x, y, w, h): the bar
// height is the year's spending, split into the city's share and grants.
func BudgetBars(rows []BudgetRow, x, y, w, h float64) Bars {
	out := Bars{Base: round3(y + h), Top: y}
	if len(rows) == 0 {
		return out
	}
	for _, r := range rows {
		out.Max = math.Max(out.Max, math.Max(r.Total, r.Cap))
	}
	if out.Max <= 0 {
		return out
	}
	out.Max = niceCeil(out.Max)
	scale := h / out.Max
	slot := w / float64(len(rows))
	for i, r := range rows {
		bx := x + float64(i)*slot + slot*0.2
		city := r.Total - r.Grants
		b := BarBox{X: round3(bx), W: round3(slot * 0.6), Label: r.Year, Value: roadmap.Money(r.Total)}
		b.CityH = round3(city * scale)
		b.CityY = round3(out.Base - b.CityH)
		b.GrantH = round3(r.Grants * scale)
		b.GrantY = round3(b.CityY - b.GrantH)
		b.CapY = round3(out.Base - r.Cap*scale)
		out.Boxes = append(out.Boxes, b)
	}
	for i := 0; i <= 4; i++ {
		v := out.Max * float64(i) / 4
		out.Gridlines = append(out.Gridlines, GanttTick{X: round3(out.Base - v*scale), Label: roadmap.Money(v)})
	}
	return out
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// round3 keeps coordinates short and stable in the SVG text.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
