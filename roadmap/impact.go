package roadmap

import (
	"fmt"
	"math"
	"strings"

	"github.com/citypath/citypath/catalog"
)

// DefaultDiscountRate is the real discount rate of the impact case unless
// the caller sets one (see impact.yaml's discount_source).
const DefaultDiscountRate = 0.04

// Impact is the impact case: what each initiative and the whole roadmap
// cost and save per year, the net present value, the payback year and the
// CO2 avoided. Benefits are computed only where the catalog has a model and
// the city gave the baseline it needs; otherwise the case says which figure
// to supply.
type Impact struct {
	DiscountRate    float64            `json:"discount_rate"`
	DiscountSource  string             `json:"discount_source,omitempty"`
	AppraisalYears  int                `json:"appraisal_years"`
	AppraisalSource string             `json:"appraisal_source,omitempty"`
	FirstYear       int                `json:"first_year"`
	LastYear        int                `json:"last_year"`
	Method          string             `json:"method"`
	NPV             float64            `json:"npv" jsonschema:"description=Net present value of benefits minus capex and opex over the appraisal period."`
	NPVCity         float64            `json:"npv_city" jsonschema:"description=Net present value for the city: grants count as income."`
	PaybackYear     int                `json:"payback_year,omitempty" jsonschema:"description=First year in which the cumulative net (undiscounted) turns positive; absent when it does not within the appraisal period."`
	PaybackYearCity int                `json:"payback_year_city,omitempty"`
	Benefits        BenefitRange       `json:"benefits_per_year" jsonschema:"description=Yearly benefits once every quantified initiative is complete."`
	CO2PerYear      float64            `json:"co2_t_per_year" jsonschema:"description=Tonnes of CO2 avoided per year once every quantified initiative is complete."`
	CO2             float64            `json:"co2_t" jsonschema:"description=Tonnes of CO2 avoided over the appraisal period."`
	Quantified      int                `json:"quantified" jsonschema:"description=Initiatives whose benefits are quantified."`
	Years           []ImpactYear       `json:"years"`
	Initiatives     []InitiativeImpact `json:"initiatives"`
	Missing         []MissingBaseline  `json:"missing_baselines" jsonschema:"description=Figures the city should supply to quantify more benefits."`
}

// BenefitRange is a yearly benefit: low, central and high estimate.
type BenefitRange struct {
	Min float64 `json:"min"`
	Mid float64 `json:"mid"`
	Max float64 `json:"max"`
}

// ImpactYear is one calendar year of cash flows. Net is benefits minus
// capex and opex; NetCity adds the grants. Discount is 1/(1+rate)^(year -
// first year).
type ImpactYear struct {
	Year           int     `json:"year"`
	Capex          float64 `json:"capex"`
	EligibleCapex  float64 `json:"eligible_capex" jsonschema:"description=Capex inside the planned programme's eligibility period; grants are this times the rate."`
	Opex           float64 `json:"opex"`
	OpexInHorizon  float64 `json:"opex_in_horizon" jsonschema:"description=The part of opex that falls within the roadmap's horizon: what the budget counts."`
	Grants         float64 `json:"grants"`
	Benefits       float64 `json:"benefits"`
	Net            float64 `json:"net"`
	NetCity        float64 `json:"net_city"`
	Discount       float64 `json:"discount"`
	Cumulative     float64 `json:"cumulative"`
	CumulativeCity float64 `json:"cumulative_city"`
	CO2            float64 `json:"co2_t"`
}

// InitiativeImpact is one initiative's impact case.
type InitiativeImpact struct {
	Initiative      string        `json:"initiative"`
	Title           string        `json:"title"`
	Benefits        []BenefitCase `json:"benefits"`
	PerYear         BenefitRange  `json:"benefits_per_year"`
	CO2PerYear      float64       `json:"co2_t_per_year"`
	CO2             float64       `json:"co2_t"`
	NPV             float64       `json:"npv"`
	NPVCity         float64       `json:"npv_city"`
	PaybackYear     int           `json:"payback_year,omitempty"`
	PaybackYearCity int           `json:"payback_year_city,omitempty"`
	Years           []ImpactYear  `json:"years"`
}

// BenefitCase is one benefit model applied to the city's baselines.
type BenefitCase struct {
	ID            string       `json:"id"`
	Title         string       `json:"title"`
	Baseline      string       `json:"baseline"`
	BaselineValue float64      `json:"baseline_value,omitempty"`
	Coverage      float64      `json:"coverage"`
	CoverageNote  string       `json:"coverage_note,omitempty"`
	SavingMin     float64      `json:"saving_min"`
	SavingMax     float64      `json:"saving_max"`
	PerYear       BenefitRange `json:"per_year"`
	From          string       `json:"from,omitempty" jsonschema:"description=First month with benefits: the month after completion."`
	CO2Baseline   string       `json:"co2_baseline,omitempty"`
	CO2Factor     string       `json:"co2_factor,omitempty"`
	CO2FactorT    float64      `json:"co2_factor_value,omitempty"`
	CO2FactorUnit string       `json:"co2_factor_unit,omitempty"`
	CO2PerYear    float64      `json:"co2_t_per_year"`
	Missing       []string     `json:"missing,omitempty" jsonschema:"description=Baseline keys the city has not supplied."`
	Source        string       `json:"source"`
	Confidence    string       `json:"confidence"`
}

// MissingBaseline is a figure the city should add to strategy.baselines.
type MissingBaseline struct {
	Key         string   `json:"key"`
	What        string   `json:"what"`
	Initiatives []string `json:"initiatives"`
}

const impactMethod = "Costs are the roadmap's: capex spread evenly over each initiative's months, opex from the month after " +
	"completion, continued past the horizon to the end of the appraisal period. Benefits start the month after completion " +
	"and are the city's baseline times the share the initiative reaches times the catalog's saving range (the middle of " +
	"the range is used for the net present value). Grants are the funding plan's. Each year is discounted by " +
	"1/(1+rate)^(year - first year). Initiatives without a benefit model (most enablers) carry costs only, so the " +
	"roadmap's net present value understates what the platform and skills make possible."

// ImpactStep computes the impact case. It needs the funding plan for the
// city's own view of cash flows.
type ImpactStep struct{}

func (ImpactStep) String() string { return "compute the impact case" }

// Run implements Step.
func (ImpactStep) Run(ctx *Context) error {
	rate := DefaultDiscountRate
	if ctx.DiscountRate != nil {
		rate = *ctx.DiscountRate
	}
	if rate < 0 || rate >= 1 || math.IsNaN(rate) {
		return fmt.Errorf("discount rate %g must be between 0 and 1", rate)
	}
	meta := ctx.Catalog.Impact
	first := ctx.Year(0)
	last := max(first+meta.AppraisalYears-1, ctx.Year(ctx.Months-1))
	im := &Impact{
		DiscountRate: rate, DiscountSource: oneLine(meta.DiscountSource), AppraisalYears: last - first + 1,
		AppraisalSource: oneLine(meta.AppraisalSource), FirstYear: first, LastYear: last, Method: impactMethod,
		Initiatives: []InitiativeImpact{}, Missing: []MissingBaseline{},
	}
	months := 0
	for ctx.Year(months) <= last {
		months++
	}
	missing := map[string]*MissingBaseline{}
	baselines := ctx.City.File.Strategy.Baselines
	for _, in := range ctx.Doc.Initiatives {
		d := ctx.Decisions[in.ID]
		p := ctx.Placed[in.ID]
		ii := InitiativeImpact{Initiative: in.ID, Title: in.Title, Benefits: []BenefitCase{}}
		for _, b := range ctx.Catalog.BenefitsFor(in.ID) {
			bc := applyBenefit(ctx, b, baselines)
			bc.From = ctx.Month(p.End + 1)
			for _, key := range bc.Missing {
				m := missing[key]
				if m == nil {
					m = &MissingBaseline{Key: key, What: baselineDoc(b, key)}
					missing[key] = m
				}
				if len(m.Initiatives) == 0 || m.Initiatives[len(m.Initiatives)-1] != in.ID {
					m.Initiatives = append(m.Initiatives, in.ID)
				}
			}
			ii.PerYear = ii.PerYear.plus(bc.PerYear)
			ii.CO2PerYear += bc.CO2PerYear
			ii.Benefits = append(ii.Benefits, bc)
		}
		ii.PerYear = roundRange(ii.PerYear)
		ii.CO2PerYear = round2(ii.CO2PerYear)
		if ii.PerYear.Mid > 0 {
			im.Quantified++
		}
		ii.Years = initiativeYears(ctx, d, p, months, first, last, ii.PerYear.Mid, ii.CO2PerYear)
		ii.NPV, ii.NPVCity, ii.PaybackYear, ii.PaybackYearCity, ii.CO2 = summarise(ii.Years, rate, first, ii.PerYear.Mid > 0)
		im.Benefits = im.Benefits.plus(ii.PerYear)
		im.CO2PerYear += ii.CO2PerYear
		im.Initiatives = append(im.Initiatives, ii)
	}
	im.Benefits = roundRange(im.Benefits)
	im.CO2PerYear = round2(im.CO2PerYear)
	im.Years = totalYears(im.Initiatives, first, last)
	im.NPV, im.NPVCity, im.PaybackYear, im.PaybackYearCity, im.CO2 = summarise(im.Years, rate, first, im.Quantified > 0)
	for _, key := range sortedKeys(missing) {
		im.Missing = append(im.Missing, *missing[key])
	}
	ctx.Doc.Impact = im
	totalCostOfOwnership(ctx)
	return nil
}

// totalCostOfOwnership completes the totals with the running cost after the
// horizon, to the end of the appraisal period, and says what they include.
func totalCostOfOwnership(ctx *Context) {
	t, im := &ctx.Doc.Totals, ctx.Doc.Impact
	opex := 0.0
	for _, y := range im.Years {
		opex += y.Opex
	}
	t.OpexAfterHorizon = round2(math.Max(0, opex-t.Opex))
	if t.OpexAfterHorizon > 0 {
		t.AfterHorizonTo = im.LastYear
	}
	t.TCO = round2(t.Total + t.Staff + t.OpexAfterHorizon)
	cur := ctx.Doc.Money.Currency
	parts := []string{fmt.Sprintf("capex %s", Money(t.Capex)), fmt.Sprintf("running costs within the horizon %s", Money(t.Opex))}
	if ctx.Doc.Staff.Source != "none" {
		parts = append(parts, fmt.Sprintf("staff time %s", Money(t.Staff)))
	}
	if t.OpexAfterHorizon > 0 {
		parts = append(parts, fmt.Sprintf("running costs after the horizon to %d %s", im.LastYear, Money(t.OpexAfterHorizon)))
	}
	t.Includes = fmt.Sprintf("Total cost of ownership %s %s: %s; before grants.", Money(t.TCO), cur, strings.Join(parts, ", "))
	if ctx.Doc.Staff.Source == "none" {
		t.Includes += " Staff time is not costed (no cost per FTE)."
	}
}

// applyBenefit computes one benefit model's yearly figures from the
// baselines, or lists the baselines that are missing.
func applyBenefit(ctx *Context, b *catalog.Benefit, baselines map[string]float64) BenefitCase {
	bc := BenefitCase{
		ID: b.ID, Title: b.Title, Baseline: b.Baseline, Coverage: b.Coverage, CoverageNote: oneLine(b.CoverageNote),
		SavingMin: b.SavingMin, SavingMax: b.SavingMax, Source: oneLine(b.Source), Confidence: b.Confidence,
	}
	mid := (b.SavingMin + b.SavingMax) / 2
	if v, ok := baselines[b.Baseline]; ok && v > 0 {
		bc.BaselineValue = v
		bc.PerYear = roundRange(BenefitRange{Min: v * b.Coverage * b.SavingMin, Mid: v * b.Coverage * mid, Max: v * b.Coverage * b.SavingMax})
	} else {
		bc.Missing = append(bc.Missing, b.Baseline)
	}
	if b.CO2 == nil {
		return bc
	}
	f, _ := ctx.Catalog.EmissionFactor(b.CO2.Factor)
	bc.CO2Baseline, bc.CO2Factor, bc.CO2FactorT, bc.CO2FactorUnit = b.CO2.Baseline, f.ID, f.Value, f.Unit
	if own, ok := baselines[f.Override]; ok && f.Override != "" && own > 0 {
		bc.CO2FactorT = own
	}
	if v, ok := baselines[b.CO2.Baseline]; ok && v > 0 {
		bc.CO2PerYear = round2(v * b.Coverage * mid * bc.CO2FactorT)
	} else {
		bc.Missing = append(bc.Missing, b.CO2.Baseline)
	}
	return bc
}

func baselineDoc(b *catalog.Benefit, key string) string {
	if b.CO2 != nil && key == b.CO2.Baseline {
		return oneLine(b.CO2.BaselineDoc)
	}
	return oneLine(b.BaselineDoc)
}

func (r BenefitRange) plus(o BenefitRange) BenefitRange {
	return BenefitRange{Min: r.Min + o.Min, Mid: r.Mid + o.Mid, Max: r.Max + o.Max}
}

func roundRange(r BenefitRange) BenefitRange {
	return BenefitRange{Min: round2(r.Min), Mid: round2(r.Mid), Max: round2(r.Max)}
}

// initiativeYears accrues one initiative's cash flows month by month and
// rounds each year to cents, so that sums of the rounded figures (as a
// spreadsheet makes them) match the totals exactly.
func initiativeYears(ctx *Context, d *Decision, p *Placement, months, first, last int, benefit, co2 float64) []ImpactYear {
	n := last - first + 1
	capex, opex, ben, carbon := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	opexIn := make([]float64, n)
	perMonth := d.Cost.Capex / float64(d.Plan.DurationMonths)
	grants := grantsByYear(ctx, d.Initiative.ID)
	eligible := eligibleByYear(ctx, d.Initiative.ID)
	for m := 0; m < months; m++ {
		y := ctx.Year(m) - first
		switch {
		case m >= p.Start && m <= p.End:
			capex[y] += perMonth
		case m > p.End:
			opex[y] += d.Cost.OpexPerYear / 12
			if m < ctx.Months {
				opexIn[y] += d.Cost.OpexPerYear / 12
			}
			ben[y] += benefit / 12
			carbon[y] += co2 / 12
		}
	}
	years := make([]ImpactYear, n)
	for i := range years {
		y := ImpactYear{Year: first + i, Capex: round2(capex[i]), Opex: round2(opex[i]), OpexInHorizon: round2(opexIn[i]), Benefits: round2(ben[i]), CO2: round2(carbon[i])}
		y.Grants, y.EligibleCapex = grants[y.Year], eligible[y.Year]
		years[i] = y
	}
	return years
}

// totalYears sums the initiatives' rounded yearly figures.
func totalYears(ins []InitiativeImpact, first, last int) []ImpactYear {
	years := make([]ImpactYear, last-first+1)
	for i := range years {
		years[i].Year = first + i
	}
	for _, ii := range ins {
		for i, y := range ii.Years {
			years[i].Capex += y.Capex
			years[i].EligibleCapex += y.EligibleCapex
			years[i].Opex += y.Opex
			years[i].OpexInHorizon += y.OpexInHorizon
			years[i].Grants += y.Grants
			years[i].Benefits += y.Benefits
			years[i].CO2 += y.CO2
		}
	}
	for i := range years {
		y := &years[i]
		y.Capex, y.Opex, y.Grants, y.Benefits, y.CO2 = round2(y.Capex), round2(y.Opex), round2(y.Grants), round2(y.Benefits), round2(y.CO2)
		y.OpexInHorizon = round2(y.OpexInHorizon)
		y.EligibleCapex = round2(y.EligibleCapex)
	}
	return years
}

// summarise fills the derived columns of the years and returns the net
// present values, payback years and total CO2. Payback is reported only
// where there are benefits to pay back with.
func summarise(years []ImpactYear, rate float64, first int, hasBenefits bool) (npv, npvCity float64, payback, paybackCity int, co2 float64) {
	var cum, cumCity float64
	for i := range years {
		y := &years[i]
		y.Net = round2(y.Benefits - y.Capex - y.Opex)
		y.NetCity = round2(y.Net + y.Grants)
		y.Discount = DiscountFactor(rate, y.Year-first)
		npv += y.Net * y.Discount
		npvCity += y.NetCity * y.Discount
		cum, cumCity = round2(cum+y.Net), round2(cumCity+y.NetCity)
		y.Cumulative, y.CumulativeCity = cum, cumCity
		if hasBenefits && payback == 0 && cum > 0 {
			payback = y.Year
		}
		if hasBenefits && paybackCity == 0 && cumCity > 0 {
			paybackCity = y.Year
		}
		co2 += y.CO2
	}
	return round2(npv), round2(npvCity), payback, paybackCity, round2(co2)
}

// DiscountFactor is 1/(1+rate)^t, rounded to ten places so that the JSON
// stays readable; the net present values use it as written.
func DiscountFactor(rate float64, t int) float64 {
	return math.Round(math.Pow(1+rate, -float64(t))*1e10) / 1e10
}
