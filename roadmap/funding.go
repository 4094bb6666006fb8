package roadmap

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
)

// Funding is the funding plan: for each scheduled initiative the programmes
// it can draw on, the one planned, the grant and the city's own share.
// Only capex is co-financed; the city pays running costs itself.
type Funding struct {
	RegionCategory string          `json:"region_category,omitempty" jsonschema:"description=The city's cohesion-policy region category, which sets ERDF and ESF+ rates."`
	Initiatives    []FundingLine   `json:"initiatives"`
	ByYear         []FundingYear   `json:"by_year"`
	Totals         FundingTotals   `json:"totals"`
	Programmes     []ProgrammeUsed `json:"programmes" jsonschema:"description=Every programme named in the plan, with its source and validity."`
	Method         string          `json:"method"`
	// BudgetBasis is what the yearly budget cap applied to; with city_share
	// the schedule counts on the grants planned here.
	BudgetBasis string `json:"budget_basis" jsonschema:"enum=gross,enum=city_share"`
	BasisNote   string `json:"basis_note"`
}

// FundingLine is one initiative's funding.
type FundingLine struct {
	Initiative string  `json:"initiative"`
	Title      string  `json:"title"`
	Capex      float64 `json:"capex"`
	Programme  string  `json:"programme,omitempty" jsonschema:"description=The programme planned; empty when the city pays alone."`
	Rate       float64 `json:"rate" jsonschema:"description=Co-financing rate of the planned programme, 0-1."`
	Route      string  `json:"route,omitempty"`
	Grant      float64 `json:"grant"`
	CityShare  float64 `json:"city_share" jsonschema:"description=Capex the city pays itself: capex minus grant."`
	// EligibleShare is the share of the capex inside the programme's
	// eligibility period; ApplyBy is when the plan assumes the application.
	EligibleShare float64         `json:"eligible_share,omitempty"`
	EligibleCapex float64         `json:"eligible_capex" jsonschema:"description=Capex within the planned programme's eligibility period; the grant is this times the rate."`
	ApplyBy       string          `json:"apply_by,omitempty" jsonschema:"description=Month by which the application is made, YYYY-MM."`
	Options       []FundingOption `json:"options" jsonschema:"description=Programmes the initiative is eligible for, best first."`
	Blocked       []FundingBlock  `json:"blocked" jsonschema:"description=Programmes whose condition holds but whose dates or phases rule them out."`
	Note          string          `json:"note,omitempty"`
}

// FundingOption is a programme an initiative is eligible for.
type FundingOption struct {
	Programme  string  `json:"programme"`
	Name       string  `json:"name"`
	Management string  `json:"management"`
	Rate       float64 `json:"rate"`
	// EligibleShare is the share of the initiative's capex that falls in
	// the programme's eligibility period.
	EligibleShare float64 `json:"eligible_share"`
	Preferred     bool    `json:"preferred,omitempty" jsonschema:"description=The city listed it in strategy.funding."`
	Support       bool    `json:"support,omitempty" jsonschema:"description=Support in kind (advice, reusable building blocks), not money."`
}

// FundingBlock is a programme ruled out by its dates or phases.
type FundingBlock struct {
	Programme string `json:"programme"`
	Name      string `json:"name"`
	Reason    string `json:"reason"`
}

// FundingYear is the capex of one calendar year split into grants and the
// city's share, plus the opex the city pays.
type FundingYear struct {
	Year      int     `json:"year"`
	Capex     float64 `json:"capex"`
	Grants    float64 `json:"grants"`
	CityCapex float64 `json:"city_capex"`
	Opex      float64 `json:"opex"`
	CityTotal float64 `json:"city_total" jsonschema:"description=What the city pays in the year: budget total minus grants."`
}

// FundingTotals sums the plan over the horizon.
type FundingTotals struct {
	Capex     float64 `json:"capex"`
	Grants    float64 `json:"grants"`
	CityCapex float64 `json:"city_capex"`
	Opex      float64 `json:"opex"`
	CityTotal float64 `json:"city_total"`
	Funded    int     `json:"funded" jsonschema:"description=Initiatives with a planned programme."`
}

// ProgrammeUsed is a programme as the plan used it: the rate for this city
// and the dated facts behind it.
type ProgrammeUsed struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Management string  `json:"management"`
	Route      string  `json:"route"`
	Rate       float64 `json:"rate"`
	RateNote   string  `json:"rate_note,omitempty"`
	RateSource string  `json:"rate_source,omitempty"`
	WorkUntil  string  `json:"work_until,omitempty"`
	// The eligibility period of expenditure and the rule on work done
	// before the application, each with its legal source.
	EligibleFrom            string `json:"eligible_from,omitempty"`
	EligibleUntil           string `json:"eligible_until,omitempty"`
	EligibilitySource       string `json:"eligibility_source,omitempty"`
	BeforeApplication       string `json:"before_application,omitempty"`
	BeforeApplicationSource string `json:"before_application_source,omitempty"`
	ApplyUntil              string `json:"apply_until,omitempty"`
	ValidFrom               string `json:"valid_from"`
	ValidUntil              string `json:"valid_until"`
	Source                  string `json:"source"`
	Confidence              string `json:"confidence,omitempty"`
}

const fundingMethod = "Each initiative is checked against every programme's eligibility condition and the phases it serves. " +
	"The first application is assumed once the programme's preparation time has passed from the roadmap's start (three months " +
	"unless the catalog says otherwise), and each later one a preparation time before its initiative starts. A programme " +
	"rules an initiative out when its hard end date for funded work has passed, when applications close before it could apply, " +
	"when the initiative would be completed before the application (cohesion funds, Regulation (EU) 2021/1060 Art. 63(6)) or " +
	"would start before it (grants that are not retroactive). Only the capex that falls within the programme's eligibility " +
	"period is co-financed. Of the programmes that pay, the plan takes one the city already uses, then the largest grant for " +
	"the city's region category. The city pays opex itself. Rates are planning figures: check each call before applying."

// defaultApplyLead is how many months an application takes to prepare when
// the catalog does not say: a planning assumption, not a rule.
const defaultApplyLead = 3

// FundingStep builds the funding plan from the catalog's programmes.
type FundingStep struct{}

func (FundingStep) String() string { return "plan funding" }

// Run implements Step.
func (FundingStep) Run(ctx *Context) error {
	f := &Funding{RegionCategory: ctx.City.File.City.RegionCategory, Initiatives: []FundingLine{}, Method: fundingMethod,
		BudgetBasis: city.BudgetGross}
	if ctx.City.File.Strategy.BudgetBasis == city.BudgetCityShare {
		f.BudgetBasis = city.BudgetCityShare
	}
	used := map[string]bool{}
	for _, in := range ctx.Doc.Initiatives {
		r := fundingAt(ctx, ctx.Decisions[in.ID], ctx.Placed[in.ID].Start)
		if r.err != nil {
			return r.err
		}
		line := r.line
		for _, o := range line.Options {
			used[o.Programme] = true
		}
		for _, b := range line.Blocked {
			used[b.Programme] = true
		}
		f.Initiatives = append(f.Initiatives, line)
	}
	for _, p := range sortedProgrammes(ctx) {
		if used[p.ID] {
			f.Programmes = append(f.Programmes, ProgrammeUsed{
				ID: p.ID, Name: p.Name, Management: p.Management, Route: oneLine(p.Route), Rate: effectiveRate(p, f.RegionCategory),
				RateNote: oneLine(p.RateNote), RateSource: oneLine(p.RateSource), WorkUntil: p.WorkUntil,
				EligibleFrom: p.EligibleFrom, EligibleUntil: p.EligibleUntil, EligibilitySource: oneLine(p.EligibilitySource),
				BeforeApplication: p.BeforeApplication, BeforeApplicationSource: oneLine(p.BeforeApplicationSource), ApplyUntil: p.ApplyUntil,
				ValidFrom: p.ValidFrom, ValidUntil: p.ValidUntil, Source: oneLine(p.Source), Confidence: p.Confidence,
			})
		}
	}
	if f.Programmes == nil {
		f.Programmes = []ProgrammeUsed{}
	}
	fundByYear(ctx, f)
	if f.BudgetBasis == city.BudgetCityShare {
		f.BasisNote = fmt.Sprintf("The yearly budget caps what the city pays after grants. The schedule counts on %s "+
			"worth %s %s in all; if one is refused, the city must cover that share or move the initiative.", plural(f.Totals.Funded, "planned grant", "planned grants"), Money(f.Totals.Grants), ctx.Doc.Money.Currency)
	} else {
		f.BasisNote = "The yearly budget caps gross spending (capex and opex before grants); grants lower what the city pays but do not make room for more work."
	}
	ctx.Doc.Funding = f
	return nil
}

// fundingResult is the funding of one initiative placed at one start month:
// its line in the plan and the grant in each of its months.
type fundingResult struct {
	line    FundingLine
	monthly []float64
	// window marks the initiative's months whose capex is eligible.
	window []bool
	err    error
}

type fundingKey struct {
	id    string
	start int
}

type eligibilityKey struct {
	programme, initiative string
	startYear, endYear    int
}

func sortedProgrammes(ctx *Context) []*catalog.Programme {
	if ctx.programmes == nil {
		ctx.programmes = slices.Clone(ctx.Catalog.Programmes)
		sort.Slice(ctx.programmes, func(i, j int) bool { return ctx.programmes[i].ID < ctx.programmes[j].ID })
	}
	return ctx.programmes
}

// fundingAt works out an initiative's funding if it started at month start.
// The scheduler asks it for candidate months when the budget caps the
// city's share, and the funding plan asks it for the final one, so both
// see the same grants. Results are cached per initiative and month.
func fundingAt(ctx *Context, d *Decision, start int) *fundingResult {
	key := fundingKey{d.Initiative.ID, start}
	if r, ok := ctx.funding[key]; ok {
		return r
	}
	if ctx.funding == nil {
		ctx.funding = map[fundingKey]*fundingResult{}
		ctx.eligible = map[eligibilityKey]bool{}
	}
	r := computeFunding(ctx, d, start)
	ctx.funding[key] = r
	return r
}

func computeFunding(ctx *Context, d *Decision, start int) *fundingResult {
	in, cost := d.Plan, d.Cost
	end := start + in.DurationMonths - 1
	facts := catalog.InitiativeFacts{
		ID: in.ID, Phase: in.Phase, Kind: in.Kind, FocusArea: in.FocusArea, FundingTags: nonNil(in.FundingTags),
		Capex: cost.EUR.Capex, StartYear: int64(ctx.Year(start)), EndYear: int64(ctx.Year(end)),
	}
	r := &fundingResult{line: FundingLine{Initiative: in.ID, Title: in.Title, Capex: cost.Capex, Options: []FundingOption{}, Blocked: []FundingBlock{}}}
	region := ctx.City.File.City.RegionCategory
	preferred := ctx.City.File.Strategy.Funding
	type candidate struct {
		prog     *catalog.Programme
		inWindow []bool
		applyBy  time.Time
	}
	var cands []candidate
	for _, prog := range sortedProgrammes(ctx) {
		ek := eligibilityKey{prog.ID, in.ID, int(facts.StartYear), int(facts.EndYear)}
		ok, seen := ctx.eligible[ek]
		if !seen {
			var err error
			ok, err = ctx.Catalog.Eligible(prog, ctx.Facts, facts)
			if err != nil {
				r.err = fmt.Errorf("programme %q for initiative %q: %w", prog.ID, in.ID, err)
				return r
			}
			ctx.eligible[ek] = ok
		}
		if !ok {
			continue
		}
		window, applyBy, why := fundingWindow(ctx, prog, in, start, end)
		if why != "" {
			r.line.Blocked = append(r.line.Blocked, FundingBlock{Programme: prog.ID, Name: prog.Name, Reason: why})
			continue
		}
		rate := effectiveRate(prog, region)
		share := float64(countTrue(window)) / float64(len(window))
		r.line.Options = append(r.line.Options, FundingOption{
			Programme: prog.ID, Name: prog.Name, Management: prog.Management, Rate: rate, EligibleShare: round2(share),
			Preferred: slices.Contains(preferred, prog.ID), Support: rate == 0,
		})
		cands = append(cands, candidate{prog, window, applyBy})
	}
	// Best first: money before support, the city's own programmes, then
	// the largest grant.
	order := make([]int, len(r.line.Options))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := r.line.Options[order[i]], r.line.Options[order[j]]
		if a.Support != b.Support {
			return !a.Support
		}
		if a.Preferred != b.Preferred {
			return a.Preferred
		}
		if ga, gb := a.Rate*a.EligibleShare, b.Rate*b.EligibleShare; ga != gb {
			return ga > gb
		}
		return a.Programme < b.Programme
	})
	opts := make([]FundingOption, len(order))
	sorted := make([]candidate, len(order))
	for i, k := range order {
		opts[i], sorted[i] = r.line.Options[k], cands[k]
	}
	r.line.Options = opts
	r.line.CityShare = cost.Capex
	switch {
	case len(opts) > 0 && !opts[0].Support:
		best, c := opts[0], sorted[0]
		r.line.Programme, r.line.Rate, r.line.Route = best.Programme, best.Rate, oneLine(c.prog.Route)
		r.line.EligibleShare, r.line.ApplyBy = best.EligibleShare, c.applyBy.Format("2006-01")
		perMonth := cost.Capex / float64(in.DurationMonths)
		r.monthly = make([]float64, in.DurationMonths)
		r.window = c.inWindow
		for i, ok := range c.inWindow {
			if ok {
				r.monthly[i] = perMonth * best.Rate
			}
		}
		// Rounded as a spreadsheet rounds it: eligible capex to cents,
		// then the grant on it.
		r.line.EligibleCapex = round2(perMonth * float64(countTrue(c.inWindow)))
		r.line.Grant = round2(r.line.EligibleCapex * best.Rate)
		r.line.CityShare = round2(cost.Capex - r.line.Grant)
		if best.EligibleShare < 1 {
			r.line.Note = fmt.Sprintf("only the %.0f%% of the capex spent by %s is eligible", best.EligibleShare*100, c.prog.EligibleUntil)
			if from, _ := time.Parse("2006-01-02", c.prog.EligibleFrom); ctx.Start.AddDate(0, start, 0).Before(from) {
				r.line.Note = fmt.Sprintf("only the %.0f%% of the capex spent from %s is eligible", best.EligibleShare*100, c.prog.EligibleFrom)
			}
		}
		if until, err := time.Parse("2006-01-02", c.prog.ValidUntil); err == nil && c.applyBy.After(until) {
			r.line.Note = joinNote(r.line.Note, fmt.Sprintf("the rate is the one set for the period to %s: check the call", c.prog.ValidUntil))
		}
	case len(r.line.Blocked) > 0:
		r.line.Note = "no programme is open for its dates; the city pays alone unless a successor programme is published"
	default:
		r.line.Note = "no programme in the catalog funds it; the city pays alone"
	}
	if r.monthly == nil {
		r.monthly = make([]float64, in.DurationMonths)
	}
	return r
}

// fundingWindow applies a programme's dates to an initiative placed from
// month start to end: which of its months hold eligible expenditure, when
// the city applies, or why the programme cannot fund it at all.
func fundingWindow(ctx *Context, p *catalog.Programme, in *catalog.Initiative, start, end int) ([]bool, time.Time, string) {
	startDay := ctx.Start.AddDate(0, start, 0)
	endDay := ctx.Start.AddDate(0, end+1, -1) // last day of the end month
	lead := p.ApplyLeadMonths
	if lead == 0 {
		lead = defaultApplyLead
	}
	first := ctx.Start.AddDate(0, lead, 0)
	applyBy := startDay.AddDate(0, -lead, 0)
	if applyBy.Before(first) {
		applyBy = first
	}
	cite := func(src string) string {
		if src = oneLine(src); src != "" {
			return " (" + src + ")"
		}
		return ""
	}
	if len(p.Phases) > 0 && !slices.Contains(p.Phases, in.Phase) {
		return nil, applyBy, fmt.Sprintf("it serves the %s phases, not %s", strings.Join(p.Phases, ", "), in.Phase)
	}
	if until, err := time.Parse("2006-01-02", p.WorkUntil); err == nil && endDay.After(until) {
		return nil, applyBy, fmt.Sprintf("funded work must end by %s%s and the initiative ends %s", p.WorkUntil, cite(p.WorkUntilSource), ctx.Month(end))
	}
	if until, err := time.Parse("2006-01-02", p.ApplyUntil); err == nil && applyBy.After(until) {
		return nil, applyBy, fmt.Sprintf("its last applications are due by %s and the initiative could apply %s at the earliest", p.ApplyUntil, applyBy.Format("2006-01"))
	}
	switch p.BeforeApplication {
	case catalog.CompletedExcluded:
		if endDay.Before(first) {
			return nil, applyBy, fmt.Sprintf("the initiative ends %s, before a first application can be made (%s), and work completed before the application is not selected%s",
				ctx.Month(end), first.Format("2006-01"), cite(p.BeforeApplicationSource))
		}
	case catalog.NoRetroactivity:
		if startDay.Before(first) {
			return nil, applyBy, fmt.Sprintf("the initiative starts %s, before a first application can be made (%s), and grants do not cover work started before it%s",
				ctx.Month(start), first.Format("2006-01"), cite(p.BeforeApplicationSource))
		}
	}
	window := make([]bool, end-start+1)
	from, errFrom := time.Parse("2006-01-02", p.EligibleFrom)
	until, errUntil := time.Parse("2006-01-02", p.EligibleUntil)
	for i := range window {
		monthStart := ctx.Start.AddDate(0, start+i, 0)
		monthEnd := monthStart.AddDate(0, 1, -1)
		window[i] = (errFrom != nil || !monthStart.Before(from)) && (errUntil != nil || !monthEnd.After(until))
	}
	if countTrue(window) == 0 {
		return nil, applyBy, fmt.Sprintf("its work (%s to %s) falls outside the eligibility period %s to %s%s",
			ctx.Month(start), ctx.Month(end), p.EligibleFrom, p.EligibleUntil, cite(p.EligibilitySource))
	}
	return window, applyBy, ""
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// effectiveRate is the programme's rate for the city's region category;
// without a category the catalog's base rate, which is the lowest.
func effectiveRate(p *catalog.Programme, region string) float64 {
	if r, ok := p.RatesByRegion[region]; ok {
		return r
	}
	return p.Rate
}

// fundByYear splits each year's capex into grants and the city's share. A
// grant follows its initiative's eligible capex month by month, and the
// yearly figures are sums of the per-initiative figures in roadmap.json's
// impact case, so a spreadsheet summing those gets the same totals.
func fundByYear(ctx *Context, f *Funding) {
	grants := map[int]float64{}
	for _, in := range ctx.Doc.Initiatives {
		for y, g := range grantsByYear(ctx, in.ID) {
			grants[y] += g
		}
	}
	f.ByYear = []FundingYear{}
	var t FundingTotals
	for _, b := range ctx.Doc.Budget {
		fy := FundingYear{Year: b.Year, Capex: b.Capex, Grants: round2(grants[b.Year]), Opex: b.Opex}
		fy.CityCapex = round2(fy.Capex - fy.Grants)
		fy.CityTotal = round2(b.Total - fy.Grants)
		f.ByYear = append(f.ByYear, fy)
		t.Capex += fy.Capex
		t.Grants += fy.Grants
		t.Opex += fy.Opex
		t.CityTotal += fy.CityTotal
	}
	t.Capex, t.Grants, t.Opex, t.CityTotal = round2(t.Capex), round2(t.Grants), round2(t.Opex), round2(t.CityTotal)
	t.CityCapex = round2(t.Capex - t.Grants)
	for _, line := range f.Initiatives {
		if line.Programme != "" {
			t.Funded++
		}
	}
	f.Totals = t
}

// grantsByYear is an initiative's planned grant per calendar year: its
// eligible capex of the year, rounded to cents, times the rate, rounded to
// cents, as the workbook computes it. eligibleByYear is that capex.
func grantsByYear(ctx *Context, id string) map[int]float64 {
	r := fundingAt(ctx, ctx.Decisions[id], ctx.Placed[id].Start)
	out := map[int]float64{}
	for y, v := range eligibleByYear(ctx, id) {
		out[y] = round2(v * r.line.Rate)
	}
	return out
}

func eligibleByYear(ctx *Context, id string) map[int]float64 {
	p, d := ctx.Placed[id], ctx.Decisions[id]
	r := fundingAt(ctx, d, p.Start)
	perMonth := d.Cost.Capex / float64(d.Plan.DurationMonths)
	out := map[int]float64{}
	for i, ok := range r.window {
		if ok {
			out[ctx.Year(p.Start+i)] += perMonth
		}
	}
	for y, v := range out {
		out[y] = round2(v)
	}
	return out
}

// oneLine folds catalog prose written over several YAML lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
