package roadmap

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
)

// Cost is what an initiative costs in the city's currency, with how it was
// computed: a fixed part and parts per unit of the city's quantities, each a
// range in EUR from the catalog, taken at one position in the range and
// converted at the catalog's dated rate. A test recomputes every figure
// from its terms.
type Cost struct {
	Currency    string  `json:"currency"`
	Capex       float64 `json:"capex" jsonschema:"description=Capital cost at the position, in the city's currency."`
	CapexMin    float64 `json:"capex_min"`
	CapexMax    float64 `json:"capex_max"`
	OpexPerYear float64 `json:"opex_per_year" jsonschema:"description=Running cost per year once complete, in the city's currency."`
	// Position is where in the range the estimate sits: the middle unless a
	// rule moved it, with the rules' reasons.
	Position        string     `json:"position" jsonschema:"enum=low,enum=mid,enum=high"`
	PositionReasons []Reason   `json:"position_reasons,omitempty"`
	Formula         string     `json:"formula" jsonschema:"description=The computation in words."`
	Terms           []CostTerm `json:"terms"`
	PerEUR          float64    `json:"per_eur" jsonschema:"description=Units of the city's currency per euro used for this cost."`
	EUR             CostEUR    `json:"eur" jsonschema:"description=The same cost in EUR at the catalog's price year."`
	Basis           string     `json:"basis,omitempty"`
	Source          string     `json:"source,omitempty"`
	Confidence      string     `json:"confidence,omitempty"`
}

// CostEUR is a cost in the catalog's currency.
type CostEUR struct {
	Capex       float64 `json:"capex"`
	CapexMin    float64 `json:"capex_min"`
	CapexMax    float64 `json:"capex_max"`
	OpexPerYear float64 `json:"opex_per_year"`
}

// CostTerm is one part of a cost: the fixed part (no driver, quantity 1) or
// a unit cost times the quantity in scope. Amounts are EUR per unit.
type CostTerm struct {
	Label          string  `json:"label"`
	Driver         string  `json:"driver,omitempty"`
	Unit           string  `json:"unit,omitempty"`
	CityQuantity   float64 `json:"city_quantity,omitempty" jsonschema:"description=The city's quantity of the driver."`
	QuantitySource string  `json:"quantity_source,omitempty" jsonschema:"enum=assets,enum=city,enum=estimate"`
	QuantityBasis  string  `json:"quantity_basis,omitempty"`
	Share          float64 `json:"share,omitempty"`
	AtLeast        float64 `json:"at_least,omitempty"`
	AtMost         float64 `json:"at_most,omitempty"`
	Quantity       float64 `json:"quantity" jsonschema:"description=Units in scope: round(city_quantity x share), kept within at_least and at_most; 1 for the fixed part."`
	CapexMinEUR    float64 `json:"capex_min_eur"`
	CapexMaxEUR    float64 `json:"capex_max_eur"`
	OpexPerYearEUR float64 `json:"opex_per_year_eur"`
}

// Quantity is a city quantity a cost used: given in assets or estimated.
type Quantity struct {
	Driver      string   `json:"driver"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Value       float64  `json:"value"`
	Source      string   `json:"source" jsonschema:"enum=assets,enum=city,enum=estimate"`
	Basis       string   `json:"basis,omitempty" jsonschema:"description=How the estimate was made; give assets.DRIVER to replace it."`
	Initiatives []string `json:"initiatives"`
}

// MoneyRef says which currency the roadmap's amounts are in and how catalog
// amounts (EUR) were converted.
type MoneyRef struct {
	Currency   string  `json:"currency"`
	Base       string  `json:"base"`
	PerEUR     float64 `json:"per_eur"`
	RateDate   string  `json:"rate_date,omitempty"`
	RateSource string  `json:"rate_source,omitempty"`
	PriceYear  int     `json:"price_year,omitempty" jsonschema:"description=Catalog amounts are EUR at this year's prices."`
	Note       string  `json:"note"`
}

// Staff is what the team's time costs.
type Staff struct {
	CostPerFTE float64 `json:"cost_per_fte" jsonschema:"description=Yearly cost of one full-time team member, city currency."`
	Source     string  `json:"source" jsonschema:"enum=city,enum=catalog-default,enum=none"`
	Note       string  `json:"note"`
}

// ScopeStep fixes each selected initiative's scope (its variant, when the
// state of play or a condition calls for one) and computes its cost from
// the catalog's cost model, the city's quantities and the exchange rate.
type ScopeStep struct{}

func (ScopeStep) String() string { return "size and cost the initiatives" }

// Run implements Step.
func (ScopeStep) Run(ctx *Context) error {
	if err := setMoney(ctx); err != nil {
		return err
	}
	quantities := map[string]*Quantity{}
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if !d.Selected {
			continue
		}
		plan, variant, why, err := chooseScope(ctx, d.Initiative)
		if err != nil {
			return err
		}
		d.Plan, d.Variant, d.VariantWhy = plan, variant, why
		position, reasons := costPosition(d)
		cost, err := estimate(ctx, plan.Cost, position, quantities, id)
		if err != nil {
			return fmt.Errorf("initiative %q: %w", id, err)
		}
		cost.PositionReasons = reasons
		d.Cost = cost
	}
	ctx.Doc.Quantities = []Quantity{}
	for _, k := range sortedKeys(quantities) {
		q := quantities[k]
		sort.Strings(q.Initiatives)
		ctx.Doc.Quantities = append(ctx.Doc.Quantities, *q)
	}
	setStaff(ctx)
	return nil
}

// setMoney finds the rate for the city's currency. The city file is
// checked against the catalog's currencies, so a missing rate here means a
// catalog without money.yaml was given a non-euro city.
func setMoney(ctx *Context) error {
	cur := ctx.City.File.City.Currency
	r, ok := ctx.Catalog.Rate(cur)
	if !ok {
		return fmt.Errorf("the catalog has no exchange rate for %s", cur)
	}
	ctx.PerEUR = r.PerEUR
	m := MoneyRef{Currency: cur, Base: "EUR", PerEUR: r.PerEUR, PriceYear: ctx.Catalog.Money.PriceYear}
	if cur == "EUR" || cur == "" {
		m.Currency = "EUR"
		m.Note = "Amounts are in EUR, as in the catalog."
	} else {
		m.RateDate, m.RateSource = r.Date, oneLine(r.Source)
		m.Note = fmt.Sprintf("Catalog amounts in EUR are converted to %s at %s %s per euro (reference rate of %s); "+
			"the city's own figures (budget, baselines, staff cost) are taken as given in %s.",
			cur, trimFloat(r.PerEUR), cur, r.Date, cur)
	}
	ctx.Doc.Money = m
	return nil
}

// setStaff fixes the yearly cost of one FTE: the city's figure, else the
// catalog's country default as a flagged assumption.
func setStaff(ctx *Context) {
	team := ctx.City.File.Strategy.Team
	s := Staff{}
	switch lc, ok := ctx.Catalog.Money.StaffCost.Countries[ctx.City.File.City.Country]; {
	case team.CostPerFTE > 0:
		s.CostPerFTE, s.Source = team.CostPerFTE, "city"
		s.Note = "Yearly cost of one full-time team member as the city gave it (strategy.team.cost_per_fte)."
	case ok:
		sc := ctx.Catalog.Money.StaffCost
		s.CostPerFTE = math.Round(lc.HourlyEUR * sc.HoursPerYear * ctx.PerEUR)
		s.Source = "catalog-default"
		s.Note = fmt.Sprintf("Assumption: the %s average hourly labour cost of EUR %s (%d) times %s hours a year; "+
			"give strategy.team.cost_per_fte to use the city's own figure. Source: %s",
			ctx.City.File.City.Country, trimFloat(lc.HourlyEUR), lc.Year, trimFloat(sc.HoursPerYear), oneLine(sc.Source))
	default:
		s.Source = "none"
		s.Note = "Staff time is not costed: give strategy.team.cost_per_fte."
	}
	ctx.Doc.Staff = s
}

// chooseScope returns the initiative as it will be planned: the first
// variant that applies, else for a partial initiative the catalog's generic
// upgrade, else the initiative itself.
func chooseScope(ctx *Context, in *catalog.Initiative) (*catalog.Initiative, string, string, error) {
	state := ""
	if s := ctx.State[in.ID]; s != nil {
		state = s.Status
	}
	for i := range in.Variants {
		v := &in.Variants[i]
		switch {
		case v.State == city.StatusNone && state != "":
			continue
		case v.State != "" && v.State != city.StatusNone && v.State != state:
			continue
		}
		ok, err := ctx.Catalog.HoldsFor(&v.When, ctx.Facts)
		if err != nil {
			return nil, "", "", fmt.Errorf("initiative %q variants[%d].when: %w", in.ID, i, err)
		}
		if ok {
			return applyVariant(in, v), v.ID, oneLine(v.Why), nil
		}
	}
	if state == city.StatusPartial {
		u := ctx.Catalog.Meta.Upgrade
		v := catalog.Variant{ID: "upgrade", Title: fmt.Sprintf(u.Title, in.Title), Why: oneLine(u.Why)}
		v.DurationMonths = max(1, int(math.Ceil(float64(in.DurationMonths)*u.DurationShare)))
		v.FTE = in.FTE
		c := scaleCost(in.Cost, u.CostShare)
		v.Cost = &c
		for _, m := range in.Milestones {
			if m.Month < v.DurationMonths {
				v.Milestones = append(v.Milestones, m)
			}
		}
		return applyVariant(in, &v), v.ID, v.Why, nil
	}
	return in, "", "", nil
}

// applyVariant returns a copy of the initiative with the variant's fields.
func applyVariant(in *catalog.Initiative, v *catalog.Variant) *catalog.Initiative {
	out := *in
	out.Title = v.Title
	if v.Description != "" {
		out.Description = v.Description
	}
	if v.DurationMonths > 0 {
		out.DurationMonths = v.DurationMonths
		// Keep the base milestones that still fall inside a shorter scope.
		if v.Milestones == nil {
			out.Milestones = nil
			for _, m := range in.Milestones {
				if m.Month < v.DurationMonths {
					out.Milestones = append(out.Milestones, m)
				}
			}
		}
	}
	if v.FTE > 0 {
		out.FTE = v.FTE
	}
	if v.Cost != nil {
		out.Cost = *v.Cost
	}
	if v.Milestones != nil {
		out.Milestones = v.Milestones
	}
	if v.Procurement != nil {
		out.Procurement = v.Procurement
	}
	return &out
}

func scaleCost(c catalog.Cost, share float64) catalog.Cost {
	out := c
	out.CapexMin, out.CapexMax, out.OpexPerYear = c.CapexMin*share, c.CapexMax*share, c.OpexPerYear*share
	out.Units = make([]catalog.CostUnit, len(c.Units))
	for i, u := range c.Units {
		u.CapexMin, u.CapexMax, u.OpexPerYear = u.CapexMin*share, u.CapexMax*share, u.OpexPerYear*share
		out.Units[i] = u
	}
	return out
}

// costPosition is where in its range an initiative's estimate sits: the
// middle, unless rules say low or high; rules that disagree leave it in
// the middle, and every reason is kept.
func costPosition(d *Decision) (string, []Reason) {
	low, high := false, false
	for _, a := range d.CostAdvice {
		switch a.Position {
		case catalog.PositionLow:
			low = true
		case catalog.PositionHigh:
			high = true
		}
	}
	var reasons []Reason
	for _, a := range d.CostAdvice {
		reasons = append(reasons, a.Reason)
	}
	switch {
	case low && !high:
		return catalog.PositionLow, reasons
	case high && !low:
		return catalog.PositionHigh, reasons
	}
	return catalog.PositionMid, reasons
}

// estimate computes a cost model for this city.
func estimate(ctx *Context, c catalog.Cost, position string, quantities map[string]*Quantity, id string) (*Cost, error) {
	out := &Cost{Currency: ctx.Doc.Money.Currency, Position: position, PerEUR: ctx.PerEUR,
		Basis: oneLine(c.Basis), Source: oneLine(c.Source), Confidence: c.Confidence, Terms: []CostTerm{}}
	var parts []string
	if c.CapexMin > 0 || c.CapexMax > 0 || c.OpexPerYear > 0 || len(c.Units) == 0 {
		out.Terms = append(out.Terms, CostTerm{Label: "fixed", Quantity: 1, CapexMinEUR: c.CapexMin, CapexMaxEUR: c.CapexMax, OpexPerYearEUR: c.OpexPerYear})
		parts = append(parts, "EUR "+moneyRange(c.CapexMin, c.CapexMax)+" fixed")
	}
	for _, u := range c.Units {
		q, err := quantity(ctx, u.Driver, quantities, id)
		if err != nil {
			return nil, err
		}
		t := CostTerm{Label: q.Name, Driver: u.Driver, Unit: q.Unit, CityQuantity: q.Value, QuantitySource: q.Source, QuantityBasis: q.Basis,
			Share: u.Share, AtLeast: u.AtLeast, AtMost: u.AtMost, CapexMinEUR: u.CapexMin, CapexMaxEUR: u.CapexMax, OpexPerYearEUR: u.OpexPerYear}
		t.Quantity = ScopeQuantity(q.Value, u.Share, u.AtLeast, u.AtMost)
		out.Terms = append(out.Terms, t)
		parts = append(parts, fmt.Sprintf("%s %s x EUR %s", quantityText(t.Quantity), q.Unit, moneyRange(u.CapexMin, u.CapexMax)))
	}
	for _, t := range out.Terms {
		out.EUR.CapexMin += t.Quantity * t.CapexMinEUR
		out.EUR.CapexMax += t.Quantity * t.CapexMaxEUR
		out.EUR.OpexPerYear += t.Quantity * t.OpexPerYearEUR
	}
	out.EUR.Capex = catalog.At(position, out.EUR.CapexMin, out.EUR.CapexMax)
	for _, v := range []*float64{&out.EUR.Capex, &out.EUR.CapexMin, &out.EUR.CapexMax, &out.EUR.OpexPerYear} {
		*v = math.Round(*v)
	}
	out.Capex = math.Round(out.EUR.Capex * ctx.PerEUR)
	out.CapexMin = math.Round(out.EUR.CapexMin * ctx.PerEUR)
	out.CapexMax = math.Round(out.EUR.CapexMax * ctx.PerEUR)
	out.OpexPerYear = math.Round(out.EUR.OpexPerYear * ctx.PerEUR)
	out.Formula = fmt.Sprintf("%s, taken at the %s of the range (EUR %s)", strings.Join(parts, " + "), positionWord(position), Money(out.EUR.Capex))
	if ctx.PerEUR != 1 {
		out.Formula += fmt.Sprintf(", converted at %s %s per euro", trimFloat(ctx.PerEUR), out.Currency)
	}
	return out, nil
}

// ScopeQuantity is the number of units a cost part covers: the city's
// quantity times the share in scope (1 when unset), rounded to whole units
// and kept within the part's bounds.
func ScopeQuantity(cityQuantity, share, atLeast, atMost float64) float64 {
	if share == 0 {
		share = 1
	}
	q := math.Round(cityQuantity * share)
	q = math.Max(q, atLeast)
	if atMost > 0 {
		q = math.Min(q, atMost)
	}
	return q
}

// quantity is the city's quantity of a driver: from assets, else the
// catalog's estimate. Each is computed once and listed with what used it.
func quantity(ctx *Context, driver string, seen map[string]*Quantity, id string) (*Quantity, error) {
	if q, ok := seen[driver]; ok {
		if len(q.Initiatives) == 0 || q.Initiatives[len(q.Initiatives)-1] != id {
			q.Initiatives = append(q.Initiatives, id)
		}
		return q, nil
	}
	d, ok := ctx.Catalog.Driver(driver)
	if !ok {
		return nil, fmt.Errorf("unknown cost driver %q", driver)
	}
	q := &Quantity{Driver: driver, Name: d.Name, Unit: d.Unit, Initiatives: []string{id}}
	if v, ok := ctx.City.File.Assets[driver]; ok {
		q.Value, q.Source = v, "assets"
	} else {
		v, err := ctx.Catalog.DriverDefault(driver, ctx.Facts)
		if err != nil {
			return nil, fmt.Errorf("cost driver %q default: %w", driver, err)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			v = 0
		}
		q.Value, q.Source = math.Round(v), "estimate"
		q.Basis = oneLine(d.DefaultBasis) + "; give assets." + driver + " to use the city's figure"
		if d.Confidence == "confirmed" {
			// Read from the city file itself (the population), not estimated.
			q.Source, q.Basis = "city", oneLine(d.DefaultBasis)
		}
	}
	seen[driver] = q
	return q, nil
}

func positionWord(p string) string {
	switch p {
	case catalog.PositionLow:
		return "low end"
	case catalog.PositionHigh:
		return "high end"
	}
	return "middle"
}

func moneyRange(lo, hi float64) string {
	if lo == hi {
		return Money(lo)
	}
	return Money(lo) + "-" + Money(hi)
}

// quantityText writes a quantity: whole numbers grouped by thousands.
func quantityText(v float64) string {
	if v == math.Trunc(v) {
		return Money(v)
	}
	return trimFloat(v)
}

// trimFloat writes a number without trailing zeros.
func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}
