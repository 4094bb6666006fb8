package roadmap

import (
	"fmt"
	"sort"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
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
	// cityShare is true when the cap applies to the city's share.
	cityShare bool
	// top is the top focus area's pilot, which every placement consults.
	top *Decision
	// err is the first error the funding rules gave while the ledger
	// priced a placement; the schedule reports it.
	err error
}

func newLedger(ctx *Context) *ledger {
	l := &ledger{
		ctx:       ctx,
		capacity:  ctx.City.File.Strategy.Team.Capacity(),
		fte:       make([]float64, ctx.Months),
		capex:     map[int]float64{},
		opex:      map[int]float64{},
		cap:       map[int]float64{},
		cityShare: ctx.City.File.Strategy.BudgetBasis == city.BudgetCityShare,
		top:       TopPilot(ctx),
	}
	// A calendar year only partly inside the horizon gets the same share
	// of the yearly budget as it has months inside.
	for m := 0; m < ctx.Months; m++ {
		l.cap[ctx.Year(m)] += ctx.City.File.Strategy.BudgetPerYear / 12
	}
	return l
}

// spend returns the money an initiative placed at start adds to each year
// against the cap: with a city_share budget basis, what the city pays after
// the grant the funding rules give this placement.
func (l *ledger) spend(d *Decision, start int) (capex, opex map[int]float64) {
	var grant []float64
	if l.cityShare {
		r := fundingAt(l.ctx, d, start)
		if r.err != nil && l.err == nil {
			l.err = r.err
		}
		grant = r.monthly
	}
	return spread(l.ctx, d, start, grant)
}

// spread is an initiative's money per year when it starts at month start:
// capex spread evenly over its months less the grant of each month (nil for
// none), opex from the month after it ends to the end of the horizon.
func spread(ctx *Context, d *Decision, start int, grant []float64) (capex, opex map[int]float64) {
	capex, opex = map[int]float64{}, map[int]float64{}
	in := d.Plan
	perMonth := d.Cost.Capex / float64(in.DurationMonths)
	for i, m := 0, start; m < start+in.DurationMonths; i, m = i+1, m+1 {
		v := perMonth
		if grant != nil {
			v -= grant[i]
		}
		capex[ctx.Year(m)] += v
	}
	for m := start + in.DurationMonths; m < ctx.Months; m++ {
		opex[ctx.Year(m)] += d.Cost.OpexPerYear / 12
	}
	return capex, opex
}

// fits reports whether the initiative can start at month start, and if not,
// what stops it.
func (l *ledger) fits(d *Decision, start, lead, tenders int) (bool, string) {
	in := d.Plan
	for m := start; m < start+in.DurationMonths; m++ {
		if l.fte[m]+in.FTE > l.capacity+epsilon {
			return false, fmt.Sprintf("team capacity is taken in %s (%.2g of %.2g FTE in use)", l.ctx.Month(m), l.fte[m], l.capacity)
		}
	}
	// Running the tenders takes team time in the months before the start.
	need := l.tenderFTE(tenders)
	for m := max(0, start-lead); m < start; m++ {
		if l.fte[m]+need > l.capacity+epsilon {
			return false, fmt.Sprintf("team capacity is taken in %s, when its tenders run (%.2g of %.2g FTE in use)", l.ctx.Month(m), l.fte[m], l.capacity)
		}
	}
	capex, opex := l.spend(d, start)
	for _, y := range sortedYears(capex, opex) {
		if l.capex[y]+l.opex[y]+capex[y]+opex[y] > l.cap[y]+epsilon {
			return false, fmt.Sprintf("in %d it needs %s %s, and %s of that year's budget of %s is already committed", y, Money(capex[y]+opex[y]), l.ctx.Doc.City.Currency, Money(l.capex[y]+l.opex[y]), Money(l.cap[y]))
		}
	}
	return true, ""
}

// tenderFTE is the team time of running n tenders at once.
func (l *ledger) tenderFTE(n int) float64 {
	if n == 0 || l.ctx.Catalog.Tendering == nil || l.ctx.Tenders == nil {
		return 0
	}
	return float64(n) * l.ctx.Catalog.Tendering.TenderFTE
}

func (l *ledger) commit(d *Decision, start, lead, tenders int) {
	for m := start; m < start+d.Plan.DurationMonths; m++ {
		l.fte[m] += d.Plan.FTE
	}
	for m := max(0, start-lead); m < start; m++ {
		l.fte[m] += l.tenderFTE(tenders)
	}
	capex, opex := l.spend(d, start)
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
	inheritPriority(ctx)
	rankByBenefit(ctx)
	for round := range catalog.Phases {
		// The gate of a phase is the month after every initiative of the
		// earlier phases has ended: the council's decision that opens it.
		gate := 0
		for id, p := range ctx.Placed {
			if p.Deferred == "" && catalog.PhaseIndex(ctx.Decisions[id].Initiative.Phase) < round {
				gate = max(gate, p.End+1)
			}
		}
		for _, d := range orderRound(ctx, round, l.top) {
			if err := place(ctx, l, d, round, gate); err != nil {
				return err
			}
			if d == l.top && ctx.Placed[d.Initiative.ID].Deferred != "" {
				if err := placeSmaller(ctx, l, d, round, gate); err != nil {
					return err
				}
			}
		}
	}
	if l.err != nil {
		return l.err
	}
	writeSchedule(ctx, l)
	return nil
}

// placeSmaller tries the top pilot again at the catalog's smaller scope
// when the full one does not fit: start small, always. When even that does
// not fit, the deferral says so and what it would take.
func placeSmaller(ctx *Context, l *ledger, d *Decision, round, gate int) error {
	sp := ctx.Catalog.Meta.SmallerPilot
	if sp.CostShare <= 0 || sp.Title == "" {
		return nil
	}
	full := ctx.Placed[d.Initiative.ID].Deferred
	plan, cost, variant, why := d.Plan, d.Cost, d.Variant, d.VariantWhy
	small := *d.Plan
	small.Title = fmt.Sprintf(sp.Title, d.Plan.Title)
	small.FTE = d.Plan.FTE * sp.FTEShare
	small.Cost = scaleCost(d.Plan.Cost, sp.CostShare)
	c, err := estimate(ctx, small.Cost, cost.Position, map[string]*Quantity{}, d.Initiative.ID)
	if err != nil {
		return err
	}
	c.PositionReasons = cost.PositionReasons
	d.Plan, d.Cost, d.Variant, d.VariantWhy = &small, c, "smaller", oneLine(sp.Why)
	if err := place(ctx, l, d, round, gate); err != nil {
		return err
	}
	if p := ctx.Placed[d.Initiative.ID]; p.Deferred != "" {
		d.Plan, d.Cost, d.Variant, d.VariantWhy = plan, cost, variant, why
		p.Deferred = fmt.Sprintf("%s; even a first stage at %.0f%% of its scope does not fit (%s)", full, sp.CostShare*100, p.Deferred)
	}
	return nil
}

// WithNeeds is the given selected initiatives and every selected one they
// depend on, directly or not.
func WithNeeds(ctx *Context, ids ...string) map[string]bool {
	out := map[string]bool{}
	var add func(id string)
	add = func(id string) {
		d, ok := ctx.Decisions[id]
		if out[id] || !ok || !d.Selected {
			return
		}
		out[id] = true
		for _, dep := range d.Initiative.DependsOn {
			add(dep)
		}
	}
	for _, id := range ids {
		add(id)
	}
	return out
}

// TopPilot is the selected pilot of the city's top focus area, which the
// brief says comes first; nil when there is none or the city has it.
func TopPilot(ctx *Context) *Decision {
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if d.Selected && d.Initiative.Kind == "pilot" && d.Initiative.FocusArea == ctx.Facts.TopFocus {
			return d
		}
	}
	return nil
}

// place finds the first month from which an initiative fits, or defers it.
func place(ctx *Context, l *ledger, d *Decision, round, gate int) error {
	in := d.Plan
	p := &Placement{Start: -1, End: -1}
	ctx.Placed[in.ID] = p
	earliest := 0
	var held []string
	for _, dep := range in.DependsOn {
		dp := ctx.Placed[dep]
		if dp == nil || ctx.inPlace(dep) {
			continue
		}
		if dp.Deferred != "" {
			p.Deferred = fmt.Sprintf("it depends on %s, which is deferred", quoteTitle(ctx.Decisions[dep].Plan.Title))
			return nil
		}
		if dp.End+1 > earliest {
			earliest = dp.End + 1
			held = []string{fmt.Sprintf("waits for %q, which ends %s", dep, ctx.Month(dp.End))}
		}
	}
	switch {
	case !in.StartsEarly && gate > earliest:
		earliest = gate
		held = []string{fmt.Sprintf("waits for the %s gate in %s", catalog.Phases[round-1].Name, ctx.Month(gate-1))}
	case in.StartsEarly && round < catalog.PhaseIndex(in.Phase):
		p.Early = oneLine(in.EarlyWhy)
	}
	// What needs a readiness level waits until the schedule reaches it.
	if in.ReadyFor != "" {
		switch m := readyMonth(ctx, in.ReadyFor); {
		case m < 0:
			p.Deferred = fmt.Sprintf("the city does not reach %s readiness within the horizon", in.ReadyFor)
			return nil
		case m > earliest:
			earliest = m
			held = append(held, fmt.Sprintf("waits until the initiatives before it bring %s readiness to its threshold (%s)", in.ReadyFor, ctx.Month(m)))
		}
	}
	// The top focus area's pilot is the first pilot to start.
	if top := l.top; top != nil && top != d && in.Kind == "pilot" {
		if tp := ctx.Placed[top.Initiative.ID]; tp != nil && tp.Deferred == "" && tp.Start > earliest {
			earliest = tp.Start
			held = append(held, fmt.Sprintf("waits for the top focus area's pilot %q to start first (%s)", top.Initiative.ID, ctx.Month(tp.Start)))
		}
	}
	p.Earliest = earliest
	if in.FTE > l.capacity+epsilon {
		p.Deferred = fmt.Sprintf("it needs %.2g FTE and the team has %.2g", in.FTE, l.capacity)
		return nil
	}
	// Tenders go out only once what they wait for has ended: push the
	// start until the first tender step falls on or after that day.
	var tw *tenderWindow
	for s := earliest; s+in.DurationMonths <= ctx.Months; {
		w, err := tendersAt(ctx, d, s, gate)
		if err != nil {
			return err
		}
		if w != nil && w.blocked != "" {
			p.Deferred = w.blocked
			return nil
		}
		if w == nil || w.early <= 0 {
			earliest, tw = s, w
			break
		}
		// Months the steps are early by, at least one.
		s += max(1, int(w.early.Hours()/24/31))
		if s+in.DurationMonths > ctx.Months {
			earliest = s
			break
		}
	}
	if tw != nil && earliest > p.Earliest {
		held = append(held, fmt.Sprintf("its tenders go out once what they need is in place, so it starts %s", ctx.Month(earliest)))
	}
	lead := 0
	if tw != nil {
		lead = tw.leadMonths(ctx, earliest)
	}
	var firstBlock string
	for s := earliest; s+in.DurationMonths <= ctx.Months; s++ {
		ok, why := l.fits(d, s, lead, len(in.Procurement))
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
			p.Deferred = fmt.Sprintf("its %d months do not fit between %s and the horizon end %s", in.DurationMonths, ctx.Month(min(earliest, ctx.Months-1)), ctx.Month(ctx.Months-1))
		} else {
			p.Deferred = "it finds no start before the horizon ends: " + firstBlock
		}
		return nil
	}
	if p.Start > earliest && firstBlock != "" {
		held = append(held, fmt.Sprintf("moved from %s to %s because %s", ctx.Month(earliest), ctx.Month(p.Start), firstBlock))
	}
	if tw != nil {
		// The tenders were planned for the earliest start; plan them
		// again only if the work had to move.
		if p.Start != earliest {
			w, err := tendersAt(ctx, d, p.Start, gate)
			if err != nil {
				return err
			}
			tw = w
		}
		p.Contracts = tw.contracts
	}
	p.HeldBack = held
	l.commit(d, p.Start, lead, len(in.Procurement))
	return nil
}

// schedulingRound is the round in which an initiative is placed: its phase,
// or for one that may start early, the latest phase among its dependencies,
// so that it competes for capacity with the phase it runs alongside. The
// top focus area's pilot is placed in the first round.
func schedulingRound(ctx *Context, in *catalog.Initiative) int {
	phase := catalog.PhaseIndex(in.Phase)
	if !in.StartsEarly {
		return phase
	}
	round := 0
	for _, dep := range in.DependsOn {
		if d, ok := ctx.Catalog.Initiative(dep); ok && !ctx.inPlace(dep) {
			round = max(round, schedulingRound(ctx, d))
		}
	}
	return min(round, phase)
}

// orderRound returns the initiatives placed in one round in placement order:
// dependencies first, then the top focus area's pilot before other pilots,
// then higher priority, then the larger quantified net benefit, then id.
func orderRound(ctx *Context, round int, top *Decision) []*Decision {
	var ds []*Decision
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		r := schedulingRound(ctx, d.Initiative)
		if d == top {
			r = 0
		}
		if d.Selected && r == round {
			ds = append(ds, d)
		}
	}
	// What the tendering policy makes tenders wait for (the impact case)
	// is placed first, so that every tender knows when it may go out.
	gates := map[string]bool{}
	if t := ctx.Catalog.Tendering; t != nil {
		for _, pr := range t.Prerequisites {
			for _, id := range pr.After {
				gates[id] = true
			}
		}
	}
	// The top pilot and what it needs go first: start small, always.
	first := map[string]bool{}
	if top != nil {
		first = WithNeeds(ctx, top.Initiative.ID)
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if ga, gb := gates[a.Initiative.ID], gates[b.Initiative.ID]; ga != gb {
			return ga
		}
		if fa, fb := first[a.Initiative.ID], first[b.Initiative.ID]; fa != fb {
			return fa
		}
		if (a == top) != (b == top) && a.Initiative.Kind == "pilot" && b.Initiative.Kind == "pilot" {
			return a == top
		}
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		if a.NetBenefit != b.NetBenefit {
			return a.NetBenefit > b.NetBenefit
		}
		return a.Initiative.ID < b.Initiative.ID
	})
	// Stable topological order: repeatedly take the first whose
	// same-round dependencies are already taken.
	inRound := map[string]bool{}
	for _, d := range ds {
		inRound[d.Initiative.ID] = true
	}
	taken := map[string]bool{}
	var out []*Decision
	for len(out) < len(ds) {
		progress := len(out)
		for _, d := range ds {
			if taken[d.Initiative.ID] {
				continue
			}
			ready := true
			for _, dep := range d.Initiative.DependsOn {
				if inRound[dep] && !taken[dep] {
					ready = false
					break
				}
			}
			// No other pilot before the top focus area's pilot.
			if top != nil && d != top && d.Initiative.Kind == "pilot" && inRound[top.Initiative.ID] && !taken[top.Initiative.ID] {
				ready = false
			}
			if ready {
				taken[d.Initiative.ID] = true
				out = append(out, d)
				break
			}
		}
		if len(out) == progress {
			// Only the top-pilot rule can hold everything back (a pilot the
			// top pilot needs): take the first remaining one as it is.
			for _, d := range ds {
				if !taken[d.Initiative.ID] {
					taken[d.Initiative.ID] = true
					out = append(out, d)
					break
				}
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
		in := d.Plan
		if p.Deferred != "" {
			doc.Deferred = append(doc.Deferred, Left{ID: id, Title: in.Title, Reason: p.Deferred})
			continue
		}
		kpis := make([]KPI, 0, len(in.KPIs))
		for _, k := range in.KPIs {
			kpis = append(kpis, KPI{Name: k.Name, Unit: k.Unit, Target: k.Target})
		}
		doc.Initiatives = append(doc.Initiatives, Initiative{
			ID: id, Title: in.Title, Description: in.Description, Phase: in.Phase, Kind: in.Kind,
			FocusArea: in.FocusArea, Start: ctx.Month(p.Start), End: ctx.Month(p.End), StartMonth: p.Start,
			DurationMonths: in.DurationMonths, DependsOn: nonNil(in.DependsOn), FTE: in.FTE, Priority: d.Priority,
			Cost: *d.Cost, Variant: d.Variant, VariantWhy: d.VariantWhy, BuildsOn: buildsOn(ctx, in), Early: p.Early, PriorityTrail: d.Trail,
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

	writePhases(ctx)

	doc.Budget = []BudgetYear{}
	var totals Totals
	fteYear, monthsYear := map[int]float64{}, map[int]int{}
	for m := range l.fte {
		fteYear[ctx.Year(m)] += l.fte[m]
		monthsYear[ctx.Year(m)]++
	}
	gross := grossSpend(ctx)
	for _, y := range sortedYears(l.cap) {
		b := BudgetYear{Year: y, Capex: round2(gross.capex[y]), Opex: round2(gross.opex[y]), Cap: round2(l.cap[y])}
		b.Total = round2(b.Capex + b.Opex)
		b.Staff = round2(fteYear[y] * doc.Staff.CostPerFTE / 12)
		b.FTE = round2(fteYear[y] / float64(monthsYear[y]))
		doc.Budget = append(doc.Budget, b)
		totals.Capex += b.Capex
		totals.Opex += b.Opex
		totals.Staff += b.Staff
	}
	totals.Capex, totals.Opex, totals.Staff = round2(totals.Capex), round2(totals.Opex), round2(totals.Staff)
	totals.Total = round2(totals.Capex + totals.Opex)
	totals.Initiatives = len(doc.Initiatives)
	doc.Totals = totals

	doc.Capacity = make([]CapacityMonth, ctx.Months)
	for m := range doc.Capacity {
		doc.Capacity[m] = CapacityMonth{Month: ctx.Month(m), Used: round2(l.fte[m]), Available: round2(l.capacity)}
	}
}

type spending struct{ capex, opex map[int]float64 }

// grossSpend is capex and opex per year before grants, whatever the budget
// basis the ledger checked the cap against. Each initiative's year is
// rounded to cents before the years are added, as the impact case's cash
// flows are, so that the budget is exactly the sum of the cash flows a
// spreadsheet adds up.
func grossSpend(ctx *Context) spending {
	out := spending{map[int]float64{}, map[int]float64{}}
	for _, id := range sortedKeys(ctx.Placed) {
		p := ctx.Placed[id]
		if p.Deferred != "" {
			continue
		}
		capex, opex := spread(ctx, ctx.Decisions[id], p.Start, nil)
		for y, v := range capex {
			out.capex[y] += round2(v)
		}
		for y, v := range opex {
			out.opex[y] += round2(v)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
