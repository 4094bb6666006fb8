package roadmap

import (
	"fmt"
	"math"
)

// inheritPriority gives every prerequisite the highest priority of what
// depends on it, so that the enablers of the top pilot go as early as the
// pilot needs them. Each raise is kept as a trail for explain.
func inheritPriority(ctx *Context) {
	for changed := true; changed; {
		changed = false
		for _, id := range sortedKeys(ctx.Decisions) {
			d := ctx.Decisions[id]
			if !d.Selected {
				continue
			}
			for _, dep := range d.Initiative.DependsOn {
				dd := ctx.Decisions[dep]
				if dd == nil || !dd.Selected || dd.Priority >= d.Priority {
					continue
				}
				dd.Trail = append(dd.Trail, fmt.Sprintf("priority %d to %d: %q needs it first", dd.Priority, d.Priority, id))
				dd.Priority = d.Priority
				changed = true
			}
		}
	}
}

// rankByBenefit estimates each selected initiative's quantified net benefit
// for this city over the appraisal period (benefits at the middle of their
// range, less capex and running costs, undiscounted), which orders
// initiatives of equal priority: a scale-up that pays back goes before work
// that only costs.
func rankByBenefit(ctx *Context) {
	years := float64(max(1, ctx.Catalog.Impact.AppraisalYears))
	baselines := ctx.City.File.Strategy.Baselines
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if !d.Selected || d.Cost == nil {
			continue
		}
		benefit := 0.0
		for _, b := range ctx.Catalog.BenefitsFor(id) {
			benefit += applyBenefit(ctx, b, baselines).PerYear.Mid
		}
		if benefit == 0 {
			continue
		}
		d.NetBenefit = math.Round(benefit*years - d.Cost.Capex - d.Cost.OpexPerYear*years)
	}
}
