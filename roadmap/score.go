package roadmap

import (
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/citypath/citypath/catalog"
)

// ScoreStep turns the assessment into 0-100 dimension scores, levels, gaps
// to target and readiness for a Local Digital Platform and Twin.
type ScoreStep struct{}

func (ScoreStep) String() string { return "score maturity" }

// Run implements Step.
func (ScoreStep) Run(ctx *Context) error {
	cat := ctx.Catalog
	in := ctx.City.File
	normalise := func(v float64) float64 {
		if in.Assessment.Scale == "1-5" {
			return (v - 1) * 25
		}
		return v
	}
	f := &catalog.Facts{
		City: in.City, Strategy: in.Strategy, Infra: in.Infrastructure,
		Scores: map[string]float64{}, Levels: map[string]int64{}, Targets: map[string]int64{},
		Gaps: map[string]float64{}, Readiness: map[string]float64{}, Ready: map[string]bool{},
		PlannedReadiness: map[string]float64{}, PlannedReady: map[string]bool{},
		Focus: map[string]int64{},
	}
	m := Maturity{ScaleNote: cat.Meta.ScaleNote}
	total := 0.0
	for _, d := range cat.Dimensions {
		res := in.Assessment.Dimensions[d.ID]
		ds := DimensionScore{ID: d.ID, Name: d.Name}
		sum, n := 0.0, 0
		for _, ind := range d.Indicators {
			v, ok := res.Indicators[ind.ID]
			if !ok {
				continue
			}
			s := round1(normalise(v))
			ds.Indicators = append(ds.Indicators, IndicatorScore{ID: ind.ID, Name: ind.Name, Score: s, Level: cat.LevelFor(s).Level})
			sum += s
			n++
		}
		switch {
		case res.Score != nil:
			ds.Score = round1(normalise(*res.Score))
		case n > 0:
			ds.Score = round1(sum / float64(n))
		}
		lv := cat.LevelFor(ds.Score)
		ds.Level, ds.LevelName = lv.Level, lv.Name
		ds.Target = res.Target
		if ds.Target == 0 {
			// Without a stated target, aim one level up: the Helpdesk's
			// roadmaps move a city a step at a time.
			ds.Target = min(lv.Level+1, len(cat.Meta.Levels))
		}
		tl, _ := cat.LevelByNumber(ds.Target)
		ds.TargetName, ds.TargetScore = tl.Name, tl.MinScore
		ds.Gap = round1(math.Max(0, tl.MinScore-ds.Score))
		if ds.Indicators == nil {
			ds.Indicators = []IndicatorScore{}
		}
		m.Dimensions = append(m.Dimensions, ds)
		f.Scores[d.ID], f.Levels[d.ID], f.Targets[d.ID], f.Gaps[d.ID] = ds.Score, int64(ds.Level), int64(ds.Target), ds.Gap
		total += ds.Score
	}
	if len(m.Dimensions) > 0 {
		m.Overall = round1(total / float64(len(m.Dimensions)))
	}
	lv := cat.LevelFor(m.Overall)
	m.Level, m.LevelName = lv.Level, lv.Name
	f.Overall = m.Overall
	ctx.Doc.Maturity = m

	for _, id := range []string{"ldp", "ldt"} {
		rm := cat.Meta.Readiness[id]
		weight, score := 0.0, 0.0
		for _, dim := range sortedKeys(rm.Weights) {
			weight += rm.Weights[dim]
			score += rm.Weights[dim] * f.Scores[dim]
		}
		if weight > 0 {
			score /= weight
		}
		r := Readiness{ID: id, Name: rm.Name, Score: round1(score), Threshold: rm.Threshold, Why: rm.Why}
		r.Ready = r.Score >= rm.Threshold
		f.Readiness[id], f.Ready[id] = r.Score, r.Ready
		f.PlannedReadiness[id], f.PlannedReady[id] = r.Score, r.Ready
		r.Planned, r.PlannedReady = r.Score, r.Ready
		ctx.Doc.Readiness = append(ctx.Doc.Readiness, r)
	}

	top, topPriority := "", 0
	for _, fa := range in.Strategy.FocusAreas {
		f.Focus[fa.ID] = int64(fa.Priority)
		if fa.Priority > topPriority {
			top, topPriority = fa.ID, fa.Priority
		}
	}
	f.TopFocus = top
	choices := make([]FocusChoice, 0, len(in.Strategy.FocusAreas))
	for _, fa := range in.Strategy.FocusAreas {
		name := fa.ID
		if c, ok := cat.FocusArea(fa.ID); ok {
			name = c.Name
		}
		choices = append(choices, FocusChoice{ID: fa.ID, Name: name, Priority: fa.Priority, Top: fa.ID == top})
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].Priority > choices[j].Priority })
	ctx.Doc.FocusAreas = choices
	ctx.Facts = f
	return nil
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
func round2(v float64) float64 { return math.Round(v*100) / 100 }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
