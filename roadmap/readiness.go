package roadmap

import (
	"math"
	"slices"
)

// projectReadiness computes the readiness the city will have once the
// selected initiatives are done: each raises every dimension it names by the
// catalog's readiness gain (a planning assumption, capped at 100). It
// reports whether that changes which readiness thresholds are met.
func projectReadiness(ctx *Context) bool {
	f := ctx.Facts
	gain := ctx.Catalog.Meta.ReadinessGain.Points
	scores := map[string]float64{}
	for k, v := range f.Scores {
		scores[k] = v
	}
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if !d.Selected || d.Initiative.ReadyFor != "" {
			continue
		}
		for _, dim := range d.Initiative.Raises {
			scores[dim] = math.Min(100, scores[dim]+gain)
		}
	}
	changed := false
	for _, id := range sortedKeys(ctx.Catalog.Meta.Readiness) {
		score := readinessOf(ctx, id, scores)
		ready := score >= ctx.Catalog.Meta.Readiness[id].Threshold
		if f.PlannedReady[id] != ready {
			changed = true
		}
		f.PlannedReadiness[id], f.PlannedReady[id] = round1(score), ready
	}
	for i := range ctx.Doc.Readiness {
		r := &ctx.Doc.Readiness[i]
		r.Planned, r.PlannedReady = f.PlannedReadiness[r.ID], f.PlannedReady[r.ID]
	}
	return changed
}

// readinessOf weighs dimension scores into one readiness model's score.
func readinessOf(ctx *Context, id string, scores map[string]float64) float64 {
	rm := ctx.Catalog.Meta.Readiness[id]
	weight, score := 0.0, 0.0
	for _, dim := range sortedKeys(rm.Weights) {
		weight += rm.Weights[dim]
		score += rm.Weights[dim] * scores[dim]
	}
	if weight > 0 {
		score /= weight
	}
	return score
}

// readyMonth is the first month by whose start the initiatives placed so
// far raise a readiness model to its threshold, or -1 when they do not
// within the horizon.
func readyMonth(ctx *Context, id string) int {
	rm, ok := ctx.Catalog.Meta.Readiness[id]
	if !ok {
		return 0
	}
	gain := ctx.Catalog.Meta.ReadinessGain.Points
	type done struct {
		month int
		dims  []string
	}
	var ends []done
	for pid, p := range ctx.Placed {
		if p.Deferred != "" || p.Start < 0 {
			continue
		}
		ends = append(ends, done{p.End + 1, ctx.Decisions[pid].Initiative.Raises})
	}
	slices.SortFunc(ends, func(a, b done) int { return a.month - b.month })
	scores := map[string]float64{}
	for k, v := range ctx.Facts.Scores {
		scores[k] = v
	}
	if readinessOf(ctx, id, scores) >= rm.Threshold {
		return 0
	}
	for _, e := range ends {
		for _, dim := range e.dims {
			scores[dim] = math.Min(100, scores[dim]+gain)
		}
		if readinessOf(ctx, id, scores) >= rm.Threshold {
			return e.month
		}
	}
	return -1
}
