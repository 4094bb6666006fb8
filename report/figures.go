package report

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/document"
)

// figureWidth is the text width of the A4 report in millimetres: figures
// are drawn at the size they print.
const figureWidth = 170.0

func colour(c RGB) *RGB { return &c }

var white = RGB{R: 255, G: 255, B: 255}

func rect(x, y, w, h float64, fill RGB) document.Shape {
	return document.Shape{Kind: document.RectShape, X: x, Y: y, W: w, H: h, Fill: colour(fill)}
}

func line(x1, y1, x2, y2 float64, c RGB, width float64, dash ...float64) document.Shape {
	return document.Shape{Kind: document.LineShape, Points: []document.Point{{X: x1, Y: y1}, {X: x2, Y: y2}}, Stroke: colour(c), LineWidth: width, Dash: dash}
}

func label(x, y float64, text string, size float64, bold bool, c RGB, anchor document.Anchor) document.Shape {
	return document.Shape{Kind: document.TextShape, X: x, Y: y, Text: text, Size: size, Bold: bold, Fill: colour(c), Anchor: anchor}
}

func polygon(ps []Point) []document.Point {
	out := make([]document.Point, len(ps))
	for i, p := range ps {
		out[i] = document.Point{X: p.X, Y: p.Y}
	}
	return out
}

// legendItem is one entry of a chart legend: a filled box or a dashed line.
type legendItem struct {
	c      RGB
	text   string
	dashed bool
}

// legend draws items in a row from (x, y), the top of the row.
func legend(items []legendItem, x, y float64) []document.Shape {
	var out []document.Shape
	for _, it := range items {
		if it.dashed {
			out = append(out, line(x, y+2, x+6, y+2, it.c, 0.6, 1.2, 0.8))
		} else {
			out = append(out, rect(x, y+0.5, 6, 3, it.c))
		}
		out = append(out, label(x+8, y+3.2, it.text, 8, false, Ink, document.AnchorStart))
		x += 8 + document.TextWidth(it.text, 8, false) + 6
	}
	return out
}

// The radar's centre and radius in millimetres.
const radarCY, radarR = 54.0, 44.0

// radarFigure is the maturity radar with its legend.
func radarFigure(v *View) *document.Figure {
	rd := RadarLayout(v.Dimensions, figureWidth/2, radarCY, radarR, 3)
	var alt []string
	for _, d := range v.Dimensions {
		alt = append(alt, fmt.Sprintf("%s %.0f (target %.0f)", d.Name, d.Score, d.TargetScore))
	}
	return radarChart(v.Dimensions, rd, rd.Target, [2]string{"Current score", "Target level"},
		"Radar chart of maturity by dimension: "+strings.Join(alt, ", ")+".")
}

// PeerRadarFigure is the maturity radar of one city (filled) against a
// reference profile drawn dashed, such as the median of its peer group:
// the council report's radar, so that a comparison reads like the report.
// reference holds one 0-100 score per dimension; labels name the city's
// polygon and the reference's in the legend.
func PeerRadarFigure(dims []Dim, reference []float64, labels [2]string) *document.Figure {
	rd := RadarLayout(dims, figureWidth/2, radarCY, radarR, 3)
	ref := make([]Dim, len(dims))
	var alt []string
	for i, d := range dims {
		ref[i] = Dim{Name: d.Name}
		if i < len(reference) {
			ref[i].Score = reference[i]
		}
		alt = append(alt, fmt.Sprintf("%s %.0f (%s %.0f)", d.Name, d.Score, labels[1], ref[i].Score))
	}
	return radarChart(dims, rd, RadarLayout(ref, figureWidth/2, radarCY, radarR, 3).Current, labels,
		"Radar chart of "+labels[0]+" by dimension: "+strings.Join(alt, ", ")+".")
}

// radarChart draws a laid-out radar: rings, axes, the filled polygon of
// the scores, a dashed second polygon and the legend.
func radarChart(dims []Dim, rd Radar, second []Point, labels [2]string, alt string) *document.Figure {
	cy, rad := radarCY, radarR
	f := &document.Figure{Width: figureWidth, Height: cy + rad + 20, Alt: alt}
	for _, ring := range rd.Rings {
		f.Shapes = append(f.Shapes, document.Shape{Kind: document.PolygonShape, Points: polygon(ring), Stroke: colour(Rule), LineWidth: 0.2})
	}
	for _, a := range rd.Axes {
		f.Shapes = append(f.Shapes, line(a.From.X, a.From.Y, a.To.X, a.To.Y, Rule, 0.2))
	}
	if len(rd.Current) > 2 {
		f.Shapes = append(f.Shapes,
			document.Shape{Kind: document.PolygonShape, Points: polygon(rd.Current), Fill: colour(Current), Opacity: 0.25},
			document.Shape{Kind: document.PolygonShape, Points: polygon(rd.Current), Stroke: colour(Current), LineWidth: 0.6},
			document.Shape{Kind: document.PolygonShape, Points: polygon(second), Stroke: colour(TargetC), LineWidth: 0.6, Dash: []float64{1.5, 1}},
		)
	}
	for i, ring := range rd.Rings {
		// Along the first axis, on a white patch so that the polygons
		// crossing there do not hide the number.
		text := fmt.Sprint((i + 1) * 20)
		x, y := ring[0].X+0.8, ring[0].Y+2.6
		f.Shapes = append(f.Shapes, rect(x-0.3, y-2.2, document.TextWidth(text, 6.5, false)+0.6, 2.7, white),
			label(x, y, text, 6.5, false, Muted, document.AnchorStart))
	}
	for i, a := range rd.Axes {
		text := fmt.Sprintf("%s %.0f", a.Text, dims[i].Score)
		anchor := document.AnchorMiddle
		switch a.Anchor {
		case "start":
			anchor = document.AnchorStart
		case "end":
			anchor = document.AnchorEnd
		}
		y := a.Label.Y + 1.2
		if a.Label.Y < rd.Axes[0].From.Y-1 && a.Anchor == "middle" {
			y = a.Label.Y - 0.5
		}
		f.Shapes = append(f.Shapes, label(a.Label.X, y, text, 8.5, true, Ink, anchor))
	}
	f.Shapes = append(f.Shapes, legend([]legendItem{{Current, labels[0], false}, {TargetC, labels[1], true}}, 0, cy+rad+12)...)
	return f
}

// Gantt label type: the label column is as wide as the longest title
// needs, up to 40% of the width; longer titles wrap onto a second line
// rather than being cut.
const (
	ganttLabelSize = 7.0
	ganttMaxLabel  = 0.4 * figureWidth
)

// ganttFigure is the timeline: one bar per initiative, checkpoints,
// year and quarter lines, phase gates and a legend.
func ganttFigure(v *View) *document.Figure {
	widest := 0.0
	for _, r := range v.Gantt.Rows {
		widest = max(widest, document.TextWidth(r.Label, ganttLabelSize, false))
	}
	labelW := min(widest+3, ganttMaxLabel)
	wrapped := make([][]string, len(v.Gantt.Rows))
	rowH := 5.0
	for i, r := range v.Gantt.Rows {
		wrapped[i] = document.WrapText(r.Label, ganttLabelSize, false, labelW-3)
		if len(wrapped[i]) > 1 {
			rowH = 7.2
		}
	}
	g := v.Gantt.Layout(0, 0, figureWidth, labelW, rowH, 8)
	f := &document.Figure{Width: figureWidth, Height: g.Bottom + 20}
	f.Alt = fmt.Sprintf("Timeline of %s from %s over %d months; the initiatives table lists every date.", countWord(len(v.Gantt.Rows), "initiative"), v.Gantt.Start.Format("2006-01"), v.Gantt.Months)
	for i, b := range g.Bars {
		if i%2 == 0 {
			f.Shapes = append(f.Shapes, rect(0, b.LabelY-g.RowH/2, figureWidth, g.RowH, Shade))
		}
	}
	for _, t := range g.Ticks {
		width := 0.1
		if t.Major {
			width = 0.3
		}
		f.Shapes = append(f.Shapes, line(t.X, g.Top-2, t.X, g.Bottom, Rule, width))
		if t.Label != "" {
			f.Shapes = append(f.Shapes, label(t.X+1, g.Top-3, t.Label, 8, true, Ink, document.AnchorStart))
		}
	}
	lineH := ganttLabelSize * 0.3528 * 1.15
	for i, b := range g.Bars {
		ls := wrapped[i]
		y := b.LabelY + 1.2 - float64(len(ls)-1)*lineH/2
		for k, text := range ls {
			f.Shapes = append(f.Shapes, label(1, y+float64(k)*lineH, text, ganttLabelSize, false, Ink, document.AnchorStart))
		}
		f.Shapes = append(f.Shapes, rect(b.X, b.Y, b.W, b.H, PhaseColour(b.Phase)))
		d := min(b.H*0.35, 1.6)
		for _, m := range b.Marks {
			f.Shapes = append(f.Shapes, document.Shape{Kind: document.PolygonShape, Fill: colour(white),
				Points: []document.Point{{X: m.X, Y: m.Y - d}, {X: m.X + d, Y: m.Y}, {X: m.X, Y: m.Y + d}, {X: m.X - d, Y: m.Y}}})
		}
	}
	for i, gt := range g.Gates {
		f.Shapes = append(f.Shapes, line(gt.X, g.Top-1, gt.X, g.Bottom+1, CapC, 0.4, 1, 0.8))
		x, anchor := gt.X-1, document.AnchorEnd
		if gt.X-1-document.TextWidth(gt.Label, 7, false) < g.ChartX {
			x, anchor = gt.X+1, document.AnchorStart
		}
		f.Shapes = append(f.Shapes, label(x, g.Bottom+3.5+float64(i%2)*3, gt.Label, 7, false, CapC, anchor))
	}
	var li []legendItem
	for _, p := range v.Phases {
		li = append(li, legendItem{c: PhaseColour(p.ID), text: p.Name})
	}
	f.Shapes = append(f.Shapes, legend(li, 0, g.Bottom+12)...)
	return f
}

// budgetFigure is the yearly spending chart with its legend.
func budgetFigure(v *View) *document.Figure {
	const x0, top, h = 22.0, 4.0, 50.0
	b := BudgetBars(v.Budget, x0, top, figureWidth-x0-4, h)
	f := &document.Figure{Width: figureWidth, Height: b.Base + 16}
	var alt []string
	for _, r := range v.Budget {
		alt = append(alt, fmt.Sprintf("%s: %s", r.Year, strings.TrimSpace(b.valueOf(r.Year))))
	}
	f.Alt = "Bar chart of spending per year in " + v.Currency + ": " + strings.Join(alt, ", ") + "."
	for _, gl := range b.Gridlines {
		f.Shapes = append(f.Shapes, line(x0, gl.X, figureWidth-4, gl.X, Rule, 0.1),
			label(x0-2, gl.X+1, gl.Label, 7, false, Muted, document.AnchorEnd))
	}
	for _, bx := range b.Boxes {
		f.Shapes = append(f.Shapes, rect(bx.X, bx.CityY, bx.W, bx.CityH, CityC))
		if bx.GrantH > 0 {
			f.Shapes = append(f.Shapes, rect(bx.X, bx.GrantY, bx.W, bx.GrantH, GrantC))
		}
		f.Shapes = append(f.Shapes, line(bx.X-2, bx.CapY, bx.X+bx.W+2, bx.CapY, CapC, 0.5, 1, 0.6),
			label(bx.X+bx.W/2, b.Base+4, bx.Label, 7.5, true, Ink, document.AnchorMiddle))
		y := bx.GrantY - 1.2
		if bx.CapY < y+3 && bx.CapY > y-4 {
			y = bx.CapY - 1.5
		}
		f.Shapes = append(f.Shapes, label(bx.X+bx.W/2, y, bx.Value, 7, false, Ink, document.AnchorMiddle))
	}
	f.Shapes = append(f.Shapes, legend([]legendItem{{CityC, "City's share", false}, {GrantC, "Grants", false}, {CapC, "Budget cap", true}}, x0, b.Base+8)...)
	return f
}

// valueOf is the label of a year's bar.
func (b Bars) valueOf(year string) string {
	for _, bx := range b.Boxes {
		if bx.Label == year {
			return bx.Value
		}
	}
	return ""
}
