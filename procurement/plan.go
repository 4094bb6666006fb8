package procurement

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// PlanStep adds the procurement plan to the roadmap. It runs after the
// schedule, because tenders are dated from the initiatives' start months,
// and does nothing with a catalog that holds no tender data.
type PlanStep struct{}

func (PlanStep) String() string { return "plan procurement" }

// Run implements roadmap.Step.
func (PlanStep) Run(ctx *roadmap.Context) error {
	if !ctx.Catalog.HasTendering() {
		return nil
	}
	plan, err := Plan(ctx)
	if err != nil {
		return err
	}
	ctx.Doc.Procurement = plan
	return nil
}

// maxRounds bounds the search for a publication date whose threshold gives
// back the same procedure: the date depends on the procedure's stages and the
// procedure on the threshold of that date.
const maxRounds = 5

// Plan values, checks and dates every procurement object of the scheduled
// initiatives, in the roadmap's order.
func Plan(ctx *roadmap.Context) (*roadmap.ProcurementPlan, error) {
	cat := ctx.Catalog
	plan := &roadmap.ProcurementPlan{Currency: ctx.Doc.Money.Currency, Thresholds: []roadmap.ThresholdsRef{}, Contracts: []roadmap.Contract{}}
	used := map[string]bool{}
	for i := range ctx.Doc.Initiatives {
		doc := &ctx.Doc.Initiatives[i]
		d, ok := ctx.Decisions[doc.ID]
		if !ok || d.Plan == nil {
			return nil, fmt.Errorf("initiative %q was not planned", doc.ID)
		}
		// The schedule dated the tenders; without a planner in the
		// request, date them back from the initiative's start here.
		contracts := ctx.Placed[doc.ID].Contracts
		if ctx.Tenders == nil {
			var err error
			if contracts, err = NewPlanner().PlanTenders(ctx, d, doc.StartMonth); err != nil {
				return nil, err
			}
		}
		for _, c := range contracts {
			used[c.Threshold.Set] = true
			plan.Contracts = append(plan.Contracts, c)
			if c.Joint && plan.Joint == nil {
				j := cat.Tendering.Joint
				plan.Joint = &roadmap.JointAdvice{Advice: j.Advice, LegalBasis: j.LegalBasis}
			}
		}
	}
	if w := ocidPrefixWarning(cat.Tendering.OCDSPrefixes, ctx.City.File.City.Buyer.OCIDPrefix); w != "" {
		plan.Warnings = append(plan.Warnings, w)
	}
	if w := thresholdPeriodWarning(plan.Contracts, cat.Thresholds); w != "" {
		plan.Warnings = append(plan.Warnings, w)
	}
	for _, t := range cat.Thresholds {
		if used[t.ID] {
			plan.Thresholds = append(plan.Thresholds, roadmap.ThresholdsRef{
				ID: t.ID, Title: t.Title, ValidFrom: t.ValidFrom, ValidUntil: t.ValidUntil, LegalBasis: t.LegalBasis, Source: t.Source,
			})
		}
	}
	return plan, nil
}

// Planner dates the tenders of an initiative inside the schedule; it is the
// roadmap.TenderPlanner the pipeline passes in the request. It keeps the
// groups of similar purchases of the generation it serves, which do not
// change while the schedule runs; use one planner per generation.
type Planner struct {
	ctx    *roadmap.Context
	groups map[string]group
	// plans caches the tenders of the initiative being placed by start
	// month: nothing else is placed meanwhile, so they cannot change.
	planning string
	plans    map[int][]roadmap.Contract
}

// NewPlanner returns a planner for one generation.
func NewPlanner() *Planner { return &Planner{} }

// PlanTenders implements roadmap.TenderPlanner: every procurement object of
// the initiative's plan, dated back from a start in month start, with what
// each notice must wait for.
func (p *Planner) PlanTenders(ctx *roadmap.Context, d *roadmap.Decision, start int) ([]roadmap.Contract, error) {
	if !ctx.Catalog.HasTendering() {
		return nil, nil
	}
	in := d.Plan
	if p.ctx != ctx || p.planning != in.ID || p.plans == nil {
		p.planning, p.plans = in.ID, map[int][]roadmap.Contract{}
	}
	if cs, ok := p.plans[start]; ok {
		return cloneContracts(cs), nil
	}
	doc := &roadmap.Initiative{
		ID: in.ID, Title: in.Title, Phase: in.Phase, Kind: in.Kind, FocusArea: in.FocusArea,
		Start: ctx.Month(start), End: ctx.Month(start + in.DurationMonths - 1), StartMonth: start,
		DurationMonths: in.DurationMonths, Cost: *d.Cost,
	}
	var out []roadmap.Contract
	for _, obj := range in.Procurement {
		c, err := planContract(ctx, doc, in, obj, p.group(ctx, in, obj))
		if err != nil {
			return nil, fmt.Errorf("plan %s/%s: %w", in.ID, obj.ID, err)
		}
		if c.After, err = prerequisites(ctx, doc, in, obj, c); err != nil {
			return nil, fmt.Errorf("plan %s/%s: %w", in.ID, obj.ID, err)
		}
		out = append(out, c)
	}
	p.plans[start] = out
	return cloneContracts(out), nil
}

// cloneContracts copies contracts deep enough that the caller may fill in
// their prerequisites' end months.
func cloneContracts(cs []roadmap.Contract) []roadmap.Contract {
	out := make([]roadmap.Contract, len(cs))
	for i, c := range cs {
		c.After = slices.Clone(c.After)
		out[i] = c
	}
	return out
}

// prerequisites lists what a tender waits for: what the initiative's
// tenders wait for in the catalog (tender_after, else its dependencies),
// and what the tendering policy adds for this contract.
func prerequisites(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject, c roadmap.Contract) ([]roadmap.TenderPrerequisite, error) {
	out := []roadmap.TenderPrerequisite{}
	seen := map[string]bool{}
	for _, id := range roadmap.TenderPrerequisites(in) {
		seen[id] = true
		out = append(out, roadmap.TenderPrerequisite{Initiative: id, Why: "the specification builds on what it produces"})
	}
	input := NewInput(ctx, doc, in, obj)
	scope := catalog.NewTenderScope(input.Facts, input.Initiative, withValue(input.Object, math.Round(c.Value.Maximum/input.perEUR()), c.Threshold.Above))
	for i := range ctx.Catalog.Tendering.Prerequisites {
		pr := &ctx.Catalog.Tendering.Prerequisites[i]
		ok, err := ctx.Catalog.Holds(&pr.When, scope)
		if err != nil {
			return nil, fmt.Errorf("prerequisites[%d]: %w", i, err)
		}
		if !ok {
			continue
		}
		for _, id := range pr.After {
			if seen[id] || id == in.ID || needs(ctx, id, in.ID) {
				// What the prerequisite itself needs cannot wait for it.
				continue
			}
			seen[id] = true
			out = append(out, roadmap.TenderPrerequisite{Initiative: id, Why: oneLine(pr.Why), Decision: true})
		}
	}
	return out, nil
}

// group returns the similar purchases an object is valued with, computed
// once per generation.
func (p *Planner) group(ctx *roadmap.Context, in *catalog.Initiative, obj catalog.ProcurementObject) group {
	if p.ctx != ctx {
		p.ctx, p.groups = ctx, map[string]group{}
	}
	key := groupKey(ctx, in, obj)
	g, ok := p.groups[key]
	if !ok {
		g = aggregate(ctx, in, obj)
		p.groups[key] = g
	}
	return g
}

func groupKey(ctx *roadmap.Context, in *catalog.Initiative, obj catalog.ProcurementObject) string {
	return in.Phase + "/" + obj.Type + "/" + ctx.Catalog.Tendering.CategoryOf(obj.CPV[0])
}

// planContract plans the tender of one procurement object of a scheduled
// initiative, valued with its group of similar purchases.
func planContract(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject, group group) (roadmap.Contract, error) {
	cat := ctx.Catalog
	tp := cat.Tendering
	input := NewInput(ctx, doc, in, obj)
	start, err := time.Parse("2006-01", doc.Start)
	if err != nil {
		return roadmap.Contract{}, fmt.Errorf("start month %q: %w", doc.Start, err)
	}
	c := roadmap.Contract{
		ID: in.ID + "/" + obj.ID, Initiative: in.ID, Object: obj.ID, Title: obj.Title, Type: obj.Type,
		Category: input.Object.Category, CPV: obj.CPV, Lots: nonNil(obj.Lots), Maturity: obj.Maturity,
		ContractYears: obj.ContractYears, Options: []roadmap.ContractOption{}, Warnings: []string{},
	}
	optionYears := 0
	scope := catalog.NewTenderScope(input.Facts, input.Initiative, input.Object)
	for i := range tp.Options {
		o := &tp.Options[i]
		ok, err := cat.Holds(&o.Applies, scope)
		if err != nil {
			return c, fmt.Errorf("option %q: %w", o.What, err)
		}
		if ok {
			c.Options = append(c.Options, roadmap.ContractOption{What: o.What, Years: o.Years, Why: o.Why})
			optionYears += o.Years
		}
	}
	c.Value = Estimate(in, doc.Cost, obj, optionYears)
	c.LotValues = lotValues(c.Lots, c.Value)

	country := ctx.City.File.City.Country
	// The publication date depends on the procedure's stages, and the
	// procedure on the threshold of that date: iterate to a fixed point.
	decide := func(value float64) (d Decision, tl roadmap.Timeline, band *catalog.NationalBand, rules *catalog.NationalRules, err error) {
		day := start
		settled := false
		for range maxRounds {
			d, err = Recommend(cat, input, value, day)
			if err != nil {
				return d, tl, nil, nil, err
			}
			proc := d.Procedure
			band, rules = nil, nil
			if !d.Threshold.Above {
				// Below the threshold national law sets the procedure and
				// its periods; plan with its band where the catalog has it.
				band, rules = nationalBand(cat, country, input, obj.Type, value)
				if band != nil {
					p := *proc
					p.Plan = band.Plan
					proc = &p
				}
			}
			tl = schedule(cat, country, proc, d.Threshold.Above, start)
			if tl.Publication == d.Threshold.ValidOn {
				settled = true
				break
			}
			day, _ = time.Parse(dateFormat, tl.Publication)
		}
		if !settled {
			c.Warnings = append(c.Warnings, fmt.Sprintf("the publication date %s falls where the thresholds change; check which values apply", tl.Publication))
		}
		return d, tl, band, rules, nil
	}
	d, tl, band, rules, err := decide(c.Value.Maximum)
	if err != nil {
		return c, err
	}
	c.Threshold = d.Threshold
	var framework *roadmap.Contract
	if len(group.contracts) > 1 && !d.Threshold.Above {
		c.Aggregate = &roadmap.Aggregate{Group: group.key, Value: group.value, Contracts: group.contracts,
			Above: group.value >= d.Threshold.Amount}
		if c.Aggregate.Above && group.exempt[c.ID] {
			c.Aggregate.Role = "small-lot"
			c.Aggregate.Advice = fmt.Sprintf("Together with %d similar purchases of the same phase its value is %s %s, above the EU threshold; "+
				"as a lot under EUR 80 000 within 20%% of that total it is awarded under national rules (Directive 2014/24/EU Art. 5(10)), "+
				"so that what waits for it need not wait for the framework agreement.", len(group.contracts)-1, d.Threshold.Currency, roadmap.Money(group.value))
		} else if c.Aggregate.Above {
			// The sum decides (Directive 2014/24/EU Art. 5(3), 5(8), 5(9)):
			// the similar purchases are bought as one framework agreement
			// with a lot each under an EU procedure; the first one the
			// schedule needs runs it, the later ones are call-offs.
			framework = placedFramework(ctx, group.key, in.ID, start)
			if framework == nil {
				if d, tl, band, rules, err = decide(group.value); err != nil {
					return c, err
				}
				c.Threshold = d.Threshold
				c.Aggregate.Role = "framework"
				c.Aggregate.Advice = fmt.Sprintf("Together with %d similar purchases of the same phase its value is %s %s, above the EU threshold: "+
					"the values of lots of one provision are added up and a purchase may not be split to avoid the directive "+
					"(Directive 2014/24/EU Art. 5(3), 5(8) and 5(9)). This tender awards a framework agreement with a lot for each of them "+
					"(Art. 33 and 46); the later ones are called off from it. Lots under EUR 80 000 may instead be awarded nationally, "+
					"up to 20%% of the total (Art. 5(10)).",
					len(group.contracts)-1, d.Threshold.Currency, roadmap.Money(group.value))
			} else {
				c.Aggregate.Role = "call-off"
				c.Aggregate.Framework = framework.ID
				c.Aggregate.Advice = fmt.Sprintf("Called off from the framework agreement awarded by %s (signed %s), whose lots add up to %s %s.",
					framework.ID, framework.Timeline.ContractSigned, d.Threshold.Currency, roadmap.Money(group.value))
			}
		} else {
			c.Aggregate.Advice = fmt.Sprintf("Together with %d similar purchases of the same phase its value is %s %s, still below the EU threshold.",
				len(group.contracts)-1, d.Threshold.Currency, roadmap.Money(group.value))
		}
	}
	c.Procedure = roadmap.ProcedureChoice{
		ID: d.Procedure.ID, Name: d.Procedure.Name, Article: d.Procedure.Article, Regime: d.Regime,
		OCDSMethod: d.Procedure.OCDSMethod, Reason: d.Reason, Alternatives: d.Procedure.Alternatives,
	}
	c.TimeLimits = stageLimits(d.Procedure)
	if !d.Threshold.Above {
		applyNational(&c, country, band, rules)
	}
	c.Timeline = tl
	if framework != nil {
		callOff(ctx, &c, *framework, start)
		tl = c.Timeline
	}
	c.Threshold.Note = d.Note
	if c.Value.Estimated < c.Threshold.Amount && c.Value.Maximum >= c.Threshold.Amount && c.Threshold.Above {
		c.Warnings = append(c.Warnings, fmt.Sprintf("the estimate (%s %s) is below the threshold but the top of the cost range reaches it; the tender is planned as above the threshold, since a contract may not be valued low to avoid the directive (Art. 5(3))", c.Threshold.Currency, roadmap.Money(c.Value.Estimated)))
	}
	switch first := ctx.Month(0) + "-01"; {
	case ctx.City.File.Assessment.Date != "" && tl.Publication < ctx.City.File.Assessment.Date:
		c.Warnings = append(c.Warnings, fmt.Sprintf("to sign before %s the notice should have been published on %s, before this plan's assessment date %s; start at once or move the initiative", tl.InitiativeStart, tl.Publication, ctx.City.File.Assessment.Date))
	case tl.Publication < first:
		// Initiatives of the first months need contracts signed before the
		// roadmap starts, so their tenders run while it is being approved.
		c.Warnings = append(c.Warnings, fmt.Sprintf("the notice goes out on %s, before the roadmap starts in %s: prepare and publish this tender while the roadmap is being approved", tl.Publication, ctx.Month(0)))
	}
	joint, err := cat.Holds(&tp.Joint.When, catalog.NewTenderScope(input.Facts, input.Initiative, withValue(input.Object, math.Round(c.Value.Maximum/input.perEUR()), c.Threshold.Above)))
	if err != nil {
		return c, fmt.Errorf("joint_procurement: %w", err)
	}
	c.Joint = joint
	return c, nil
}

// lotValues splits a contract's value between its lots in equal shares,
// rounded to whole units with the remainder on the last lot, so that the
// lots add up to the contract: the catalog gives no split between lots.
func lotValues(lots []string, v roadmap.ContractValue) []roadmap.LotValue {
	if len(lots) == 0 {
		return nil
	}
	n := float64(len(lots))
	out := make([]roadmap.LotValue, len(lots))
	est, high := math.Round(v.Estimated/n), math.Round(v.Maximum/n)
	for i, l := range lots {
		out[i] = roadmap.LotValue{Title: l, Estimated: est, Maximum: high,
			Basis: fmt.Sprintf("an equal share of the contract's value between its %d lots; the catalog gives no split, so adjust it to the lots' scope before publication", len(lots))}
	}
	last := &out[len(out)-1]
	last.Estimated = v.Estimated - est*(n-1)
	last.Maximum = v.Maximum - high*(n-1)
	return out
}

func withValue(o catalog.ProcurementFacts, value float64, above bool) catalog.ProcurementFacts {
	o.Value, o.AboveThreshold = value, above
	return o
}

// NewInput gathers what the tender rules see of one procurement object.
func NewInput(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject) Input {
	tp := ctx.Catalog.Tendering
	var buys, roles []string
	for _, o := range in.Procurement {
		if cat := tp.CategoryOf(o.CPV[0]); !slices.Contains(buys, cat) {
			buys = append(buys, cat)
		}
		if role := tp.RoleOf(o); !slices.Contains(roles, role) {
			roles = append(roles, role)
		}
	}
	authority := ctx.City.File.City.AuthorityType
	if authority == "" {
		authority = "sub-central"
	}
	return Input{
		Facts: ctx.Facts,
		Initiative: catalog.InitiativeFacts{
			ID: in.ID, Phase: in.Phase, Kind: in.Kind, FocusArea: in.FocusArea, FundingTags: nonNil(in.FundingTags),
			Capex: doc.Cost.EUR.Capex, StartYear: year(doc.Start), EndYear: year(doc.End),
			MIMs: nonNil(in.MIMs), SDM: nonNil(in.SDM), Buys: buys, Roles: roles,
		},
		Object: catalog.ProcurementFacts{
			ID: obj.ID, Type: obj.Type, Category: tp.CategoryOf(obj.CPV[0]), CPV: obj.CPV, Maturity: obj.Maturity,
			Lots: nonNil(obj.Lots), Role: tp.RoleOf(obj), ContractYears: int64(obj.ContractYears),
		},
		Authority: authority,
		Currency:  ctx.Doc.Money.Currency,
		PerEUR:    ctx.Doc.Money.PerEUR,
	}
}

func year(month string) int64 {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return 0
	}
	return int64(t.Year())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Estimate values a procurement object over its term with options: its
// share of the initiative's capex, plus the running cost of every contract
// and option year. Running costs are services (subscriptions, support,
// hosting), so they go to the services objects in proportion to their
// shares, or to every object when none is a service. The threshold check
// uses the top of the cost range, so that an optimistic estimate never
// places a contract under the threshold.
func Estimate(in *catalog.Initiative, cost roadmap.Cost, obj catalog.ProcurementObject, optionYears int) roadmap.ContractValue {
	v, opexShare, years := estimateValue(in, cost, obj, optionYears)
	cur := cost.Currency
	if cur == "" {
		cur = "EUR"
	}
	v.Basis = fmt.Sprintf("%.0f%% of the initiative's capex (%s %s to %s, estimate %s)", obj.Share*100, cur,
		roadmap.Money(cost.CapexMin), roadmap.Money(cost.CapexMax), roadmap.Money(cost.Capex))
	if v.Running > 0 {
		v.Basis += fmt.Sprintf(" plus %.0f%% of its running cost of %s %s a year over %d years", opexShare*100, cur, roadmap.Money(cost.OpexPerYear), years)
		if optionYears > 0 {
			v.Basis += fmt.Sprintf(" (%d-year term and %d option years)", obj.ContractYears, optionYears)
		}
	}
	return v
}

// estimateValue is Estimate's arithmetic, without the words.
func estimateValue(in *catalog.Initiative, cost roadmap.Cost, obj catalog.ProcurementObject, optionYears int) (roadmap.ContractValue, float64, int) {
	services, all := 0.0, 0.0
	for _, o := range in.Procurement {
		all += o.Share
		if o.Type == "services" {
			services += o.Share
		}
	}
	opexShare := 0.0
	switch {
	case services > 0 && obj.Type == "services":
		opexShare = obj.Share / services
	case services == 0 && all > 0:
		opexShare = obj.Share / all
	}
	years := obj.ContractYears + optionYears
	running := math.Round(cost.OpexPerYear * opexShare * float64(years))
	capex := math.Round(cost.Capex * obj.Share)
	capexMax := math.Round(cost.CapexMax * obj.Share)
	return roadmap.ContractValue{Estimated: capex + running, Maximum: capexMax + running, Capex: capex, Running: running}, opexShare, years
}

// nationalBand finds the band of national law a below-threshold contract
// falls in, converting its value into the band's currency.
func nationalBand(cat *catalog.Catalog, country string, in Input, contract string, value float64) (*catalog.NationalBand, *catalog.NationalRules) {
	rules, ok := cat.National(country)
	if !ok {
		return nil, nil
	}
	band, _ := rules.Band(contract, func(currency string) (float64, bool) {
		r, ok := cat.Rate(currency)
		return value / in.perEUR() * r.PerEUR, ok
	})
	return band, rules
}

// applyNational replaces the directive's procedure and time limits of a
// below-threshold contract by national law's: the band's procedure and
// minimum period where the catalog models the country, or a plain "national
// rules apply" where it does not. No directive time limit is cited.
func applyNational(c *roadmap.Contract, country string, band *catalog.NationalBand, rules *catalog.NationalRules) {
	c.TimeLimits = []roadmap.StageLimit{}
	p := &c.Procedure
	p.Regime = "national"
	if band == nil {
		p.Name = "National below-threshold procedure"
		p.Article = fmt.Sprintf("national procurement law of %s", country)
		p.Reason = strings.TrimSpace(firstSentence(p.Reason) + " National rules apply: the catalog does not model this country's below-threshold law, so check the procedure and its minimum periods with the legal service; the dates use citypath's planning defaults.")
		p.Alternatives = ""
		return
	}
	law := oneLine(rules.Law)
	p.Name = oneLine(band.Name)
	p.Article = law + ", " + oneLine(band.LegalBasis)
	p.OCDSMethod = band.OCDSMethod
	p.Reason = strings.TrimSpace(firstSentence(p.Reason) + " " + oneLine(band.Procedure) + ".")
	p.Alternatives = ""
	p.National = &roadmap.NationalChoice{Country: country, Law: law, Band: oneLine(band.Name), Procedure: oneLine(band.Procedure),
		LegalBasis: oneLine(band.LegalBasis), Notice: oneLine(band.Notice), Confidence: band.Confidence}
	if band.MinTenderDays > 0 {
		c.TimeLimits = append(c.TimeLimits, roadmap.StageLimit{Stage: "tenders", Minimum: band.MinTenderDays, Planned: band.Plan.Tenders,
			LegalBasis: law + ", " + oneLine(band.LegalBasis)})
	}
}

// firstSentence keeps the threshold statement that opens a reason.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// group is the similar purchases of one phase a contract is valued with.
type group struct {
	key       string
	value     float64
	contracts []string
	// exempt are small lots awarded under national rules by Directive
	// 2014/24/EU Art. 5(10): what tenders wait for (the impact case) is
	// bought on its own so that the wait stays short.
	exempt map[string]bool
}

// smallLotLimit is the value in EUR below which a lot of services or
// supplies may be awarded without the directive, for up to 20% of the
// aggregate (Directive 2014/24/EU Art. 5(10)).
const smallLotLimit, smallLotShare = 80000, 0.2

// aggregate adds up the maximum values of the similar purchases (same
// phase, contract type and category) of the selected initiatives, as
// Directive 2014/24/EU Art. 5 asks for lots of one provision. Works are
// valued on their own.
func aggregate(ctx *roadmap.Context, in *catalog.Initiative, obj catalog.ProcurementObject) group {
	tp := ctx.Catalog.Tendering
	cat := tp.CategoryOf(obj.CPV[0])
	g := group{key: groupKey(ctx, in, obj)}
	values := map[string]float64{}
	if obj.Type == "works" {
		return group{}
	}
	// Only purchases that would each stay below the threshold can be
	// split: those above it go through an EU procedure anyway.
	limit := math.Inf(1)
	if set, _ := thresholdSet(ctx.Catalog, ctx.Start); set != nil {
		if v, ok := thresholdValue(set, ctx.City.File.City.AuthorityType, obj.Type); ok {
			limit = v.Amount * ctx.PerEUR
			if n, ok := v.National[ctx.Doc.Money.Currency]; ok {
				limit = n
			}
		}
	}
	for _, id := range sortedDecisions(ctx) {
		d := ctx.Decisions[id]
		if !d.Selected || d.Plan == nil || d.Cost == nil || d.Plan.Phase != in.Phase {
			continue
		}
		for _, o := range d.Plan.Procurement {
			if o.Type != obj.Type || tp.CategoryOf(o.CPV[0]) != cat {
				continue
			}
			years := 0
			scope := catalog.NewTenderScope(ctx.Facts, catalog.InitiativeFacts{ID: id, Phase: d.Plan.Phase, Kind: d.Plan.Kind, FocusArea: d.Plan.FocusArea},
				catalog.ProcurementFacts{ID: o.ID, Type: o.Type, Category: cat, CPV: o.CPV, Maturity: o.Maturity, Lots: nonNil(o.Lots), Role: tp.RoleOf(o), ContractYears: int64(o.ContractYears)})
			for i := range tp.Options {
				if ok, err := ctx.Catalog.Holds(&tp.Options[i].Applies, scope); err == nil && ok {
					years += tp.Options[i].Years
				}
			}
			value, _, _ := estimateValue(d.Plan, *d.Cost, o, years)
			v := value.Maximum
			if v >= limit {
				continue
			}
			g.value += v
			g.contracts = append(g.contracts, id+"/"+o.ID)
			values[id+"/"+o.ID] = v
		}
	}
	// What the tendering policy makes tenders wait for is a small lot of
	// its own where Art. 5(10) allows, so that the rest need not wait for a
	// framework agreement to buy it.
	// The urgent lots come first: what the policy makes tenders wait for,
	// then what the top focus area's pilot needs, so that starting small is
	// not held up by the framework agreement.
	g.exempt = map[string]bool{}
	used := 0.0
	for _, urgent := range []map[string]bool{policyGates(ctx), topPilotNeeds(ctx)} {
		for _, c := range g.contracts {
			id, _, _ := strings.Cut(c, "/")
			if v := values[c]; urgent[id] && !g.exempt[c] && v < smallLotLimit*ctx.PerEUR && used+v <= smallLotShare*g.value {
				g.exempt[c] = true
				used += v
			}
		}
	}
	return g
}

// topPilotNeeds is the top focus area's selected pilot and what it needs.
func topPilotNeeds(ctx *roadmap.Context) map[string]bool {
	if top := roadmap.TopPilot(ctx); top != nil {
		return roadmap.WithNeeds(ctx, top.Initiative.ID)
	}
	return map[string]bool{}
}

func sortedDecisions(ctx *roadmap.Context) []string {
	ids := make([]string, 0, len(ctx.Decisions))
	for id := range ctx.Decisions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// placedFramework finds the framework agreement of a group that an initiative
// placed earlier in the schedule awards and that still runs when work
// starting at start is called off (a framework lasts at most four years,
// Directive 2014/24/EU Art. 33(1)); the latest such one, if any.
func placedFramework(ctx *roadmap.Context, group, initiative string, start time.Time) *roadmap.Contract {
	years := ctx.Catalog.Tendering.FrameworkYears
	if years == 0 {
		years = 4
	}
	var best *roadmap.Contract
	for _, id := range sortedPlaced(ctx) {
		if id == initiative {
			continue
		}
		p := ctx.Placed[id]
		for i := range p.Contracts {
			c := &p.Contracts[i]
			if c.Aggregate == nil || c.Aggregate.Role != "framework" || c.Aggregate.Group != group {
				continue
			}
			signed, err := time.Parse(dateFormat, c.Timeline.ContractSigned)
			if err != nil || !start.Before(signed.AddDate(years, 0, 0)) {
				continue
			}
			if best == nil || c.Timeline.ContractSigned > best.Timeline.ContractSigned {
				best = c
			}
		}
	}
	return best
}

func sortedPlaced(ctx *roadmap.Context) []string {
	ids := make([]string, 0, len(ctx.Placed))
	for id, p := range ctx.Placed {
		if p.Deferred == "" && p.Start >= 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// callOff turns a contract into a call-off from a framework agreement: no
// notice of its own, a short competition among the framework's suppliers
// (Directive 2014/24/EU Art. 33(3)-(5)), signed before the initiative starts
// and never before the framework itself.
func callOff(ctx *roadmap.Context, c *roadmap.Contract, fw roadmap.Contract, start time.Time) {
	cat := ctx.Catalog
	tp := cat.Tendering
	country := ctx.City.File.City.Country
	back := func(t time.Time, days int) time.Time {
		return cat.WorkingDayOnOrBefore(country, t.AddDate(0, 0, -days))
	}
	signed := back(start, tp.Mobilisation.Days)
	request := back(signed, tp.CallOff.Days)
	c.Procedure = roadmap.ProcedureChoice{
		ID: fw.Procedure.ID, Name: "Call-off from the framework agreement", Article: oneLine(tp.CallOff.LegalBasis), Regime: "eu",
		OCDSMethod: fw.Procedure.OCDSMethod,
		Reason:     fmt.Sprintf("The framework agreement awarded by %s covers this purchase as a lot; %s", fw.ID, oneLine(tp.CallOff.What)),
	}
	c.Threshold = fw.Threshold
	c.TimeLimits = []roadmap.StageLimit{}
	c.NotBefore = fw.Timeline.ContractSigned
	c.Timeline = roadmap.Timeline{
		Publication: request.Format(dateFormat), TendersDue: back(signed, tp.CallOff.Days/2).Format(dateFormat),
		AwardDecision: back(signed, 1).Format(dateFormat), ContractSigned: signed.Format(dateFormat), InitiativeStart: start.Format(dateFormat),
	}
}

// policyGates is what the tendering policy makes tenders wait for (the
// impact case) and everything selected that it needs first: bought as small
// lots where Art. 5(10) allows, so that the wait stays short.
func policyGates(ctx *roadmap.Context) map[string]bool {
	var ids []string
	for _, pr := range ctx.Catalog.Tendering.Prerequisites {
		ids = append(ids, pr.After...)
	}
	return roadmap.WithNeeds(ctx, ids...)
}

// needs reports whether initiative a depends on b, directly or through
// others.
func needs(ctx *roadmap.Context, a, b string) bool {
	seen := map[string]bool{}
	var walk func(id string) bool
	walk = func(id string) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		in, ok := ctx.Catalog.Initiative(id)
		if !ok {
			return false
		}
		for _, dep := range in.DependsOn {
			if dep == b || walk(dep) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// thresholdPeriodWarning gathers into one warning the contracts checked
// against threshold values outside their period of validity: the
// Commission revises the EU thresholds every two years (Directive
// 2014/24/EU Art. 6), so a plan reaching beyond the catalog's latest set
// has many such contracts, and one sentence per contract buried the other
// warnings. Each contract keeps its own note for its pack.
func thresholdPeriodWarning(contracts []roadmap.Contract, sets []*catalog.Thresholds) string {
	var titles []string
	used := ""
	for _, c := range contracts {
		if c.Threshold.Note != "" {
			titles = append(titles, c.Title)
			if used == "" {
				used = c.Threshold.Set
			}
		}
	}
	if len(titles) == 0 {
		return ""
	}
	for _, t := range sets {
		if t.ID == used {
			used = fmt.Sprintf("the %s values, valid %s to %s", t.ID, t.ValidFrom, t.ValidUntil)
		}
	}
	what := fmt.Sprintf("%d tenders are", len(titles))
	if len(titles) == 1 {
		what = "1 tender is"
	}
	return fmt.Sprintf("%s published when the catalog holds no EU threshold values in force, so they were checked against the nearest set (%s); the Commission revises the thresholds every two years (Directive 2014/24/EU Art. 6): check the values in force before publishing %s", what, used, strings.Join(titles, "; "))
}
