package roadmap

import (
	"fmt"
	"sort"

	"github.com/citypath/citypath/catalog"
)

// epsilon absorbs floating-point noise when comparing sums of FTE and money.
const epsilon = 1e-6

// ScheduleStep places the selected initiatives on a monthly timeline. It
// respects dependencies, phase order, the team's FTE in every month and each
// calendar year's budget, placing higher priorities first. What does not fit
// within the horizon is deferred with the reason.
type ScheduleStep struct{}

func (ScheduleStep) String() string { return "schedule initiatives" }

// ledger tracks committed FTE per month and money per calendar year.
type ledger struct {
	ctx      *Context
	capacity float64
	fte      []float64
	capex    map[int]float64
	opex     map[int]float64
	cap      map[int]float64
}

func newLedger(ctx *Context) *ledger {
	l := &ledger{
		ctx:      ctx,
		capacity: ctx.City.File.Strategy.Team.Capacity(),
		fte:      make([]float64, ctx.Months),
		capex:    map[int]float64{},
		opex:     map[int]float64{},
		cap:      map[int]float64{},
	}
	// A calendar year only partly inside the horizon gets the same share
	// of the yearly budget as it has months inside.
	for m := 0; m < ctx.Months; m++ {
		l.cap[ctx.Year(m)] += ctx.City.File.Strategy.BudgetPerYear / 12
	}
	return l
}

// spend returns the money an initiative placed at start adds to each year:
// capex spread evenly over its months, opex from the month after it ends to
// the end of the horizon.
func (l *ledger) spend(in *catalog.Initiative, start int) (capex, opex map[int]float64) {
	capex, opex = map[int]float64{}, map[int]float64{}
	perMonth := in.Cost.Capex() / float64(in.DurationMonths)
	for m := start; m < start+in.DurationMonths; m++ {
		capex[l.ctx.Year(m)] += perMonth
	}
	for m := start + in.DurationMonths; m < l.ctx.Months; m++ {
		opex[l.ctx.Year(m)] += in.Cost.OpexPerYear / 12
	}
	return capex, opex
}

// fits reports whether the initiative can start at month start, and if not,
// what stops it.
func (l *ledger) fits(in *catalog.Initiative, start int) (bool, string) {
	for m := start; m < start+in.DurationMonths; m++ {
		if l.fte[m]+in.FTE > l.capacity+epsilon {
			return false, fmt.Sprintf("team capacity is taken in %s (%.2g of %.2g FTE in use)", l.ctx.Month(m), l.fte[m], l.capacity)
		}
	}
	capex, opex := l.spend(in, start)
	for _, y := range sortedYears(capex, opex) {
		if l.capex[y]+l.opex[y]+capex[y]+opex[y] > l.cap[y]+epsilon {
			return false, fmt.Sprintf("the %d budget is committed (%s of %s)", y, Money(l.capex[y]+l.opex[y]), Money(l.cap[y]))
		}
	}
	return true, ""
}

func (l *ledger) commit(in *catalog.Initiative, start int) {
	for m := start; m < start+in.DurationMonths; m++ {
		l.fte[m] += in.FTE
	}
	capex, opex := l.spend(in, start)
	for y, v := range capex {
		l.capex[y] += v
	}
	for y, v := range opex {
		l.opex[y] += v
	}
}

func sortedYears(ms ...map[int]float64) []int {
	seen := map[int]bool{}
	var ys []int
	for _, m := range ms {
		for y := range m {
			if !seen[y] {
				seen[y] = true
				ys = append(ys, y)
			}
		}
	}
	sort.Ints(ys)
	return ys
}

// Run implements Step.
func (ScheduleStep) Run(ctx *Context) error {
	l := newLedger(ctx)
	ctx.Placed = map[string]*Placement{}
	for round := range catalog.Phases {
		// The gate of a phase is the month after every initiative of the
		// earlier phases has ended.
		gate := 0
		for id, p := range ctx.Placed {
			if p.Deferred == "" && catalog.PhaseIndex(ctx.Decisions[id].Initiative.Phase) < round {
				gate = max(gate, p.End+1)
			}
		}
		for _, d := range orderRound(ctx, round) {
			place(ctx, l, d.Initiative, round, gate)
		}
	}
	writeSchedule(ctx, l)
	return nil
}

// place finds the first month from which an initiative fits, or defers it.
func place(ctx *Context, l *ledger, in *catalog.Initiative, round, gate int) {
	p := &Placement{Start: -1, End: -1}
	ctx.Placed[in.ID] = p
	earliest := 0
	var held []string
	for _, dep := range in.DependsOn {
		dp := ctx.Placed[dep]
		if dp == nil {
			continue
		}
		if dp.Deferred != "" {
			p.Deferred = fmt.Sprintf("it depends on %q, which is deferred", dep)
			return
		}
		if dp.End+1 > earliest {
			earliest = dp.End + 1
			held = []string{fmt.Sprintf("waits for %q, which ends %s", dep, ctx.Month(dp.End))}
		}
	}
	if !in.StartsEarly && gate > earliest {
		earliest = gate
		held = []string{fmt.Sprintf("waits for the %s gate in %s", catalog.Phases[round-1].Name, ctx.Month(gate-1))}
	}
	p.Earliest = earliest
	if in.FTE > l.capacity+epsilon {
		p.Deferred = fmt.Sprintf("it needs %.2g FTE and the team has %.2g", in.FTE, l.capacity)
		return
	}
	var firstBlock string
	for s := earliest; s+in.DurationMonths <= ctx.Months; s++ {
		ok, why := l.fits(in, s)
		if ok {
			p.Start, p.End = s, s+in.DurationMonths-1
			break
		}
		if firstBlock == "" {
			firstBlock = why
		}
	}
	if p.Start < 0 {
		if earliest+in.DurationMonths > ctx.Months {
			p.Deferred = fmt.Sprintf("its %d months do not fit between %s and the horizon end %s", in.DurationMonths, ctx.Month(earliest), ctx.Month(ctx.Months-1))
		} else {
			p.Deferred = "no window before the horizon end: " + firstBlock
		}
		return
	}
	if p.Start > earliest && firstBlock != "" {
		held = append(held, fmt.Sprintf("moved from %s to %s because %s", ctx.Month(earliest), ctx.Month(p.Start), firstBlock))
	}
	p.HeldBack = held
	l.commit(in, p.Start)
}

// schedulingRound is the round in which an initiative is placed: its phase,
// or for one that may start early, the latest phase among its dependencies,
// so that it competes for capacity with the phase it runs alongside.
func schedulingRound(ctx *Context, in *catalog.Initiative) int {
	phase := catalog.PhaseIndex(in.Phase)
	if !in.StartsEarly {
		return phase
	}
	round := 0
	for _, dep := range in.DependsOn {
		if d, ok := ctx.Catalog.Initiative(dep); ok {
			round = max(round, schedulingRound(ctx, d))
		}
	}
	return min(round, phase)
}

// orderRound returns the initiatives placed in one round in placement order:
// dependencies first, then higher priority, then id.
func orderRound(ctx *Context, round int) []*Decision {
	var ds []*Decision
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if d.Selected && schedulingRound(ctx, d.Initiative) == round {
			ds = append(ds, d)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Priority != ds[j].Priority {
			return ds[i].Priority > ds[j].Priority
		}
		return ds[i].Initiative.ID < ds[j].Initiative.ID
	})
	// Stable topological order: repeatedly take the first whose
	// same-phase dependencies are already taken.
	inPhase := map[string]bool{}
	for _, d := range ds {
		inPhase[d.Initiative.ID] = true
	}
	taken := map[string]bool{}
	var out []*Decision
	for len(out) < len(ds) {
		for _, d := range ds {
			if taken[d.Initiative.ID] {
				continue
			}
			ready := true
			for _, dep := range d.Initiative.DependsOn {
				if inPhase[dep] && !taken[dep] {
					ready = false
					break
				}
			}
			if ready {
				taken[d.Initiative.ID] = true
				out = append(out, d)
				break
			}
		}
	}
	return out
}

func writeSchedule(ctx *Context, l *ledger) {
	doc := ctx.Doc
	doc.Initiatives = []Initiative{}
	doc.Deferred = []Left{}
	for _, id := range sortedKeys(ctx.Placed) {
		p := ctx.Placed[id]
		d := ctx.Decisions[id]
		in := d.Initiative
		if p.Deferred != "" {
			doc.Deferred = append(doc.Deferred, Left{ID: id, Title: in.Title, Reason: p.Deferred})
			continue
		}
		kpis := make([]KPI, 0, len(in.KPIs))
		for _, k := range in.KPIs {
			kpis = append(kpis, KPI(k))
		}
		doc.Initiatives = append(doc.Initiatives, Initiative{
			ID: id, Title: in.Title, Description: in.Description, Phase: in.Phase, Kind: in.Kind,
			FocusArea: in.FocusArea, Start: ctx.Month(p.Start), End: ctx.Month(p.End), StartMonth: p.Start,
			DurationMonths: in.DurationMonths, DependsOn: nonNil(in.DependsOn), FTE: in.FTE, Priority: d.Priority,
			Cost: Cost{Capex: round2(in.Cost.Capex()), CapexMin: in.Cost.CapexMin, CapexMax: in.Cost.CapexMax, OpexPerYear: in.Cost.OpexPerYear},
			MIMs: nonNil(in.MIMs), SDM: nonNil(in.SDM), Raises: nonNil(in.Raises), KPIs: kpis,
			FundingTags: nonNil(in.FundingTags), Reasons: d.IncludedBy, HeldBack: p.HeldBack,
		})
	}
	sort.SliceStable(doc.Initiatives, func(i, j int) bool {
		a, b := doc.Initiatives[i], doc.Initiatives[j]
		if pa, pb := catalog.PhaseIndex(a.Phase), catalog.PhaseIndex(b.Phase); pa != pb {
			return pa < pb
		}
		if a.StartMonth != b.StartMonth {
			return a.StartMonth < b.StartMonth
		}
		return a.ID < b.ID
	})

	doc.Phases = []Phase{}
	for pi, ph := range catalog.Phases {
		first, last, n := -1, -1, 0
		for _, in := range doc.Initiatives {
			if catalog.PhaseIndex(in.Phase) != pi {
				continue
			}
			p := ctx.Placed[in.ID]
			if first < 0 || p.Start < first {
				first = p.Start
			}
			last = max(last, p.End)
			n++
		}
		if n == 0 {
			continue
		}
		doc.Phases = append(doc.Phases, Phase{ID: ph.ID, Name: ph.Name, Start: ctx.Month(first), End: ctx.Month(last), Initiatives: n})
	}

	doc.Budget = []BudgetYear{}
	var totals Totals
	for _, y := range sortedYears(l.cap) {
		b := BudgetYear{Year: y, Capex: round2(l.capex[y]), Opex: round2(l.opex[y]), Cap: round2(l.cap[y])}
		b.Total = round2(b.Capex + b.Opex)
		doc.Budget = append(doc.Budget, b)
		totals.Capex += b.Capex
		totals.Opex += b.Opex
	}
	totals.Capex, totals.Opex = round2(totals.Capex), round2(totals.Opex)
	totals.Total = round2(totals.Capex + totals.Opex)
	totals.Initiatives = len(doc.Initiatives)
	doc.Totals = totals

	doc.Capacity = make([]CapacityMonth, ctx.Months)
	for m := range doc.Capacity {
		doc.Capacity[m] = CapacityMonth{Month: ctx.Month(m), Used: round2(l.fte[m]), Available: round2(l.capacity)}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
