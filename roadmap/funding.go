package roadmap

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
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
}

// FundingLine is one initiative's funding.
type FundingLine struct {
	Initiative string          `json:"initiative"`
	Title      string          `json:"title"`
	Capex      float64         `json:"capex"`
	Programme  string          `json:"programme,omitempty" jsonschema:"description=The programme planned; empty when the city pays alone."`
	Rate       float64         `json:"rate" jsonschema:"description=Co-financing rate of the planned programme, 0-1."`
	Route      string          `json:"route,omitempty"`
	Grant      float64         `json:"grant"`
	CityShare  float64         `json:"city_share" jsonschema:"description=Capex the city pays itself: capex minus grant."`
	Options    []FundingOption `json:"options" jsonschema:"description=Programmes the initiative is eligible for, best first."`
	Blocked    []FundingBlock  `json:"blocked" jsonschema:"description=Programmes whose condition holds but whose dates or phases rule them out."`
	Note       string          `json:"note,omitempty"`
}

// FundingOption is a programme an initiative is eligible for.
type FundingOption struct {
	Programme  string  `json:"programme"`
	Name       string  `json:"name"`
	Management string  `json:"management"`
	Rate       float64 `json:"rate"`
	Preferred  bool    `json:"preferred,omitempty" jsonschema:"description=The city listed it in strategy.funding."`
	Support    bool    `json:"support,omitempty" jsonschema:"description=Support in kind (advice, reusable building blocks), not money."`
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
	WorkUntil  string  `json:"work_until,omitempty"`
	ValidFrom  string  `json:"valid_from"`
	ValidUntil string  `json:"valid_until"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence,omitempty"`
}

const fundingMethod = "Each initiative is checked against every programme's eligibility condition, the phases it serves, " +
	"its validity period (the initiative must start while the programme's facts hold) and its last date for funded work " +
	"(the initiative must end by then). Of the programmes that pay, the plan takes one the city already uses, then the " +
	"highest rate for the city's region category. Only capex is co-financed; the city pays opex itself. Rates are " +
	"planning figures: check each call before applying."

// FundingStep builds the funding plan from the catalog's programmes.
type FundingStep struct{}

func (FundingStep) String() string { return "plan funding" }

// Run implements Step.
func (FundingStep) Run(ctx *Context) error {
	f := &Funding{RegionCategory: ctx.City.File.City.RegionCategory, Initiatives: []FundingLine{}, Method: fundingMethod}
	programmes := slices.Clone(ctx.Catalog.Programmes)
	sort.Slice(programmes, func(i, j int) bool { return programmes[i].ID < programmes[j].ID })
	preferred := ctx.City.File.Strategy.Funding
	used := map[string]bool{}
	for _, in := range ctx.Doc.Initiatives {
		line, err := fundInitiative(ctx, in, programmes, preferred)
		if err != nil {
			return err
		}
		for _, o := range line.Options {
			used[o.Programme] = true
		}
		for _, b := range line.Blocked {
			used[b.Programme] = true
		}
		f.Initiatives = append(f.Initiatives, line)
	}
	for _, p := range programmes {
		if used[p.ID] {
			f.Programmes = append(f.Programmes, ProgrammeUsed{
				ID: p.ID, Name: p.Name, Management: p.Management, Route: oneLine(p.Route), Rate: effectiveRate(p, f.RegionCategory),
				RateNote: oneLine(p.RateNote), WorkUntil: p.WorkUntil, ValidFrom: p.ValidFrom, ValidUntil: p.ValidUntil,
				Source: oneLine(p.Source), Confidence: p.Confidence,
			})
		}
	}
	if f.Programmes == nil {
		f.Programmes = []ProgrammeUsed{}
	}
	fundByYear(ctx, f)
	ctx.Doc.Funding = f
	return nil
}

func fundInitiative(ctx *Context, in Initiative, programmes []*catalog.Programme, preferred []string) (FundingLine, error) {
	p := ctx.Placed[in.ID]
	facts := catalog.InitiativeFacts{
		ID: in.ID, Phase: in.Phase, Kind: in.Kind, FocusArea: in.FocusArea, FundingTags: in.FundingTags,
		Capex: in.Cost.Capex, StartYear: int64(ctx.Year(p.Start)), EndYear: int64(ctx.Year(p.End)),
	}
	startDay := ctx.Start.AddDate(0, p.Start, 0)
	endDay := ctx.Start.AddDate(0, p.End+1, -1) // last day of the end month
	line := FundingLine{Initiative: in.ID, Title: in.Title, Capex: in.Cost.Capex, Options: []FundingOption{}, Blocked: []FundingBlock{}}
	region := ctx.City.File.City.RegionCategory
	for _, prog := range programmes {
		ok, err := ctx.Catalog.Eligible(prog, ctx.Facts, facts)
		if err != nil {
			return line, fmt.Errorf("programme %q for initiative %q: %w", prog.ID, in.ID, err)
		}
		if !ok {
			continue
		}
		if why := blockedBy(prog, in, startDay, endDay); why != "" {
			line.Blocked = append(line.Blocked, FundingBlock{Programme: prog.ID, Name: prog.Name, Reason: why})
			continue
		}
		rate := effectiveRate(prog, region)
		line.Options = append(line.Options, FundingOption{
			Programme: prog.ID, Name: prog.Name, Management: prog.Management, Rate: rate,
			Preferred: slices.Contains(preferred, prog.ID), Support: rate == 0,
		})
	}
	// Best first: money before support, the city's own programmes, then rate.
	sort.SliceStable(line.Options, func(i, j int) bool {
		a, b := line.Options[i], line.Options[j]
		if a.Support != b.Support {
			return !a.Support
		}
		if a.Preferred != b.Preferred {
			return a.Preferred
		}
		if a.Rate != b.Rate {
			return a.Rate > b.Rate
		}
		return a.Programme < b.Programme
	})
	line.CityShare = in.Cost.Capex
	if len(line.Options) > 0 && !line.Options[0].Support {
		best := line.Options[0]
		prog := findProgramme(programmes, best.Programme)
		line.Programme, line.Rate, line.Route = best.Programme, best.Rate, oneLine(prog.Route)
		line.Grant = round2(in.Cost.Capex * best.Rate)
		line.CityShare = round2(in.Cost.Capex - line.Grant)
	} else if len(line.Blocked) > 0 {
		line.Note = "no programme is open for its dates; the city pays alone unless a successor programme is published"
	} else {
		line.Note = "no programme in the catalog funds it; the city pays alone"
	}
	return line, nil
}

// blockedBy says why a programme whose condition holds still cannot fund
// the initiative, or "" when it can.
func blockedBy(p *catalog.Programme, in Initiative, startDay, endDay time.Time) string {
	if len(p.Phases) > 0 && !slices.Contains(p.Phases, in.Phase) {
		return fmt.Sprintf("it serves the %s phases, not %s", strings.Join(p.Phases, ", "), in.Phase)
	}
	if from, err := time.Parse("2006-01-02", p.ValidFrom); err == nil && startDay.Before(from) {
		return fmt.Sprintf("its facts hold from %s and the initiative starts %s", p.ValidFrom, in.Start)
	}
	if until, err := time.Parse("2006-01-02", p.ValidUntil); err == nil && startDay.After(until) {
		return fmt.Sprintf("its facts hold until %s and the initiative starts %s; check the successor programme", p.ValidUntil, in.Start)
	}
	if p.WorkUntil != "" {
		if until, err := time.Parse("2006-01-02", p.WorkUntil); err == nil && endDay.After(until) {
			return fmt.Sprintf("funded work must end by %s and the initiative ends %s", p.WorkUntil, in.End)
		}
	}
	return ""
}

// effectiveRate is the programme's rate for the city's region category;
// without a category the catalog's base rate, which is the lowest.
func effectiveRate(p *catalog.Programme, region string) float64 {
	if r, ok := p.RatesByRegion[region]; ok {
		return r
	}
	return p.Rate
}

func findProgramme(ps []*catalog.Programme, id string) *catalog.Programme {
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// fundByYear splits each year's capex into grants and the city's share. A
// grant follows its initiative's capex month by month, and the yearly
// figures are sums of the per-initiative figures in roadmap.json's impact
// case, so a spreadsheet summing those gets the same totals.
func fundByYear(ctx *Context, f *Funding) {
	grants := map[int]float64{}
	for _, line := range f.Initiatives {
		if line.Rate == 0 {
			continue
		}
		p := ctx.Placed[line.Initiative]
		in, _ := ctx.Catalog.Initiative(line.Initiative)
		for y, capex := range capexByYear(ctx, in, p) {
			grants[y] += round2(capex * line.Rate)
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

// capexByYear spreads an initiative's capex evenly over its months, as the
// scheduler budgets it, and rounds each year to cents.
func capexByYear(ctx *Context, in *catalog.Initiative, p *Placement) map[int]float64 {
	out := map[int]float64{}
	perMonth := in.Cost.Capex() / float64(in.DurationMonths)
	for m := p.Start; m <= p.End; m++ {
		out[ctx.Year(m)] += perMonth
	}
	for y, v := range out {
		out[y] = round2(v)
	}
	return out
}

// oneLine folds catalog prose written over several YAML lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
