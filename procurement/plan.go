package procurement

import (
	"fmt"
	"math"
	"slices"
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
		// The plan, not the catalog entry: an upgrade buys its own objects.
		in := d.Plan
		for _, obj := range in.Procurement {
			c, err := PlanContract(ctx, doc, in, obj)
			if err != nil {
				return nil, fmt.Errorf("plan %s/%s: %w", in.ID, obj.ID, err)
			}
			used[c.Threshold.Set] = true
			plan.Contracts = append(plan.Contracts, c)
			if c.Joint && plan.Joint == nil {
				j := cat.Tendering.Joint
				plan.Joint = &roadmap.JointAdvice{Advice: j.Advice, LegalBasis: j.LegalBasis}
			}
		}
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

// PlanContract plans the tender of one procurement object of a scheduled
// initiative.
func PlanContract(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject) (roadmap.Contract, error) {
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

	// The publication date depends on the procedure's stages, and the
	// procedure on the threshold of that date: iterate to a fixed point.
	day := start
	var d Decision
	var tl roadmap.Timeline
	settled := false
	for range maxRounds {
		d, err = Recommend(cat, input, c.Value.Maximum, day)
		if err != nil {
			return c, err
		}
		tl = schedule(tp, d.Procedure, d.Threshold.Above, start)
		if tl.Publication == d.Threshold.ValidOn {
			settled = true
			break
		}
		day, _ = time.Parse(dateFormat, tl.Publication)
	}
	if !settled {
		c.Warnings = append(c.Warnings, fmt.Sprintf("the publication date %s falls where the thresholds change; check which values apply", tl.Publication))
	}
	c.Threshold = d.Threshold
	c.Procedure = roadmap.ProcedureChoice{
		ID: d.Procedure.ID, Name: d.Procedure.Name, Article: d.Procedure.Article, Regime: d.Regime,
		OCDSMethod: d.Procedure.OCDSMethod, Reason: d.Reason, Alternatives: d.Procedure.Alternatives,
	}
	c.TimeLimits = stageLimits(d.Procedure)
	c.Timeline = tl
	if d.Note != "" {
		c.Warnings = append(c.Warnings, d.Note)
	}
	if c.Value.Estimated < c.Threshold.Amount && c.Threshold.Above {
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
	joint, err := cat.Holds(&tp.Joint.When, catalog.NewTenderScope(input.Facts, input.Initiative, withValue(input.Object, c.Value.Maximum, c.Threshold.Above)))
	if err != nil {
		return c, fmt.Errorf("joint_procurement: %w", err)
	}
	c.Joint = joint
	return c, nil
}

func withValue(o catalog.ProcurementFacts, value float64, above bool) catalog.ProcurementFacts {
	o.Value, o.AboveThreshold = value, above
	return o
}

// NewInput gathers what the tender rules see of one procurement object.
func NewInput(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject) Input {
	tp := ctx.Catalog.Tendering
	var buys []string
	for _, o := range in.Procurement {
		if cat := tp.CategoryOf(o.CPV[0]); !slices.Contains(buys, cat) {
			buys = append(buys, cat)
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
			MIMs: nonNil(in.MIMs), SDM: nonNil(in.SDM), Buys: buys,
		},
		Object: catalog.ProcurementFacts{
			ID: obj.ID, Type: obj.Type, Category: tp.CategoryOf(obj.CPV[0]), CPV: obj.CPV, Maturity: obj.Maturity,
			Lots: nonNil(obj.Lots), ContractYears: int64(obj.ContractYears),
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
	cur := cost.Currency
	if cur == "" {
		cur = "EUR"
	}
	running := math.Round(cost.OpexPerYear * opexShare * float64(years))
	capex := math.Round(cost.Capex * obj.Share)
	capexMax := math.Round(cost.CapexMax * obj.Share)
	basis := fmt.Sprintf("%.0f%% of the initiative's capex (%s %s to %s, estimate %s)", obj.Share*100, cur,
		roadmap.Money(cost.CapexMin), roadmap.Money(cost.CapexMax), roadmap.Money(cost.Capex))
	if running > 0 {
		basis += fmt.Sprintf(" plus %.0f%% of its running cost of %s %s a year over %d years", opexShare*100, cur, roadmap.Money(cost.OpexPerYear), years)
		if optionYears > 0 {
			basis += fmt.Sprintf(" (%d-year term and %d option years)", obj.ContractYears, optionYears)
		}
	}
	return roadmap.ContractValue{Estimated: capex + running, Maximum: capexMax + running, Capex: capex, Running: running, Basis: basis}
}

// WithPlan returns the steps with PlanStep added before the roadmap is
// rendered, so that roadmap.json and roadmap.md include the plan.
func WithPlan(steps []roadmap.Step) []roadmap.Step {
	var out []roadmap.Step
	for _, s := range steps {
		if _, ok := s.(roadmap.WriteStep); ok {
			out = append(out, PlanStep{})
		}
		out = append(out, s)
	}
	return out
}
