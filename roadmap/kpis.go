package roadmap

import "fmt"

// KPIStep gives every KPI of a scheduled initiative its baseline, the month
// its target is due and its owner, so that the council sees who answers for
// what by when. The baseline is the city's own figure where the catalog
// names one and the city gave it; otherwise the roadmap says plainly when
// it is measured, never leaving it blank.
type KPIStep struct{}

func (KPIStep) String() string { return "set KPI baselines, dates and owners" }

// Run implements Step.
func (KPIStep) Run(ctx *Context) error {
	baselines := ctx.City.File.Strategy.Baselines
	for i := range ctx.Doc.Initiatives {
		in := &ctx.Doc.Initiatives[i]
		plan := ctx.Decisions[in.ID].Plan
		dueAt := "completion"
		if in.Kind == "pilot" {
			dueAt = "go-no-go"
		}
		for j := range in.KPIs {
			k := &in.KPIs[j]
			if j >= len(plan.KPIs) {
				return fmt.Errorf("initiative %s: KPI %q is not in the catalog", in.ID, k.Name)
			}
			ck := plan.KPIs[j]
			k.Due, k.DueAt, k.Owner = in.End, dueAt, ctx.Catalog.KPIOwner(plan, ck)
			k.Baseline = toMeasure(in.Kind)
			if k.Unit == "yes/no" {
				k.Baseline = "not yet"
			}
			if v, ok := baselines[ck.Baseline]; ok && ck.Baseline != "" && v > 0 {
				k.BaselineKey, k.BaselineValue = ck.Baseline, v
				amount := Money(v)
				if ck.BaselineMoney {
					amount += " " + ctx.Doc.City.Currency
				}
				k.Baseline = amount + " " + ck.BaselineUnit + " (city figure)"
			}
		}
	}
	return nil
}

// toMeasure says when a baseline the city has not given is measured.
func toMeasure(kind string) string {
	what := "the work"
	switch kind {
	case "pilot":
		what = "the pilot"
	case "scale-up":
		what = "the scale-up"
	}
	return "to be measured before " + what + " starts"
}
