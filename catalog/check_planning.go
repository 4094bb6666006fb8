package catalog

// Checks of the planning data: money and drivers, cost models, state of
// play and variants, rule cost advice, funding dates, tender prerequisites
// and national below-threshold rules.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// checkMoney checks money.yaml: a euro base, positive dated rates with a
// source, and staff cost defaults.
func (l *loader) checkMoney() {
	m := &l.c.Money
	if l.c.docs[m] == nil {
		return
	}
	l.requireVersion(m, m.Version)
	if m.Base != "EUR" {
		l.problem(m, "base", "base must be EUR: the catalog's amounts are in euro")
	}
	if m.PriceYear < 2000 || m.PriceYear > 2100 {
		l.problem(m, "price_year", "price_year %d is not a plausible year", m.PriceYear)
	}
	seen := map[string]bool{}
	for i, r := range m.Rates {
		p := fmt.Sprintf("rates[%d]", i)
		if len(r.Currency) != 3 || r.Currency == m.Base {
			l.problem(m, p+".currency", "%s.currency %q must be a three-letter ISO 4217 code other than the base", p, r.Currency)
		}
		if seen[r.Currency] {
			l.problem(m, p+".currency", "%s.currency %q is listed twice", p, r.Currency)
		}
		seen[r.Currency] = true
		if !(r.PerEUR > 0) {
			l.problem(m, p+".per_eur", "%s.per_eur must be more than 0", p)
		}
		if _, err := time.Parse("2006-01-02", r.Date); err != nil {
			l.problem(m, p+".date", "%s.date %q is not a date YYYY-MM-DD", p, r.Date)
		}
		if r.Source == "" {
			l.problem(m, p+".source", "%s.source is required: a rate is a dated fact", p)
		}
	}
	for _, k := range sortedKeys(m.StaffCost.Countries) {
		if c := m.StaffCost.Countries[k]; !(c.HourlyEUR > 0) {
			l.problem(m, "staff_cost.countries."+k+".hourly_eur", "staff_cost.countries.%s.hourly_eur must be more than 0", k)
		}
	}
	if len(m.StaffCost.Countries) > 0 && !(m.StaffCost.HoursPerYear > 0) {
		l.problem(m, "staff_cost.hours_per_year", "staff_cost.hours_per_year must be more than 0")
	}
}

// checkDrivers checks drivers.yaml: unique ids with an estimate and its basis.
func (l *loader) checkDrivers() {
	d := &l.c.Drivers
	if l.c.docs[d] == nil {
		return
	}
	l.requireVersion(d, d.Version)
	seen := map[string]bool{}
	for i, dr := range d.Drivers {
		p := fmt.Sprintf("drivers[%d]", i)
		if !idRe.MatchString(dr.ID) {
			l.problem(d, p+".id", "%s.id %q must be lower-case letters, digits, - and _", p, dr.ID)
		}
		if seen[dr.ID] {
			l.problem(d, p+".id", "cost driver %q is defined twice", dr.ID)
		}
		seen[dr.ID] = true
		if dr.Default.Text == "" || dr.DefaultBasis == "" {
			l.problem(d, p, "%s needs a default estimate and its default_basis", p)
		}
	}
}

// checkCost checks one cost model at path: ranges in order and drivers known.
func (l *loader) checkCost(in *Initiative, path string, c *Cost) {
	if c.CapexMin < 0 || c.CapexMax < c.CapexMin || c.OpexPerYear < 0 {
		l.problem(in, path, "%s: need 0 <= capex_min <= capex_max and opex_per_year >= 0", path)
	}
	for i, u := range c.Units {
		p := fmt.Sprintf("%s.units[%d]", path, i)
		if _, ok := l.c.Driver(u.Driver); !ok {
			l.problem(in, p+".driver", "%s.driver: unknown cost driver %q; known: %v", p, u.Driver, l.c.DriverIDs())
		}
		if u.CapexMin < 0 || u.CapexMax < u.CapexMin || u.OpexPerYear < 0 {
			l.problem(in, p, "%s: need 0 <= capex_min <= capex_max and opex_per_year >= 0", p)
		}
		if u.Share < 0 || u.Share > 1 {
			l.problem(in, p+".share", "%s.share %g must be in (0, 1]", p, u.Share)
		}
		if u.AtLeast < 0 || (u.AtMost > 0 && u.AtMost < u.AtLeast) {
			l.problem(in, p, "%s: need 0 <= at_least <= at_most", p)
		}
	}
}

// checkStateOfPlay checks an initiative's inferences and variants.
func (l *loader) checkStateOfPlay(in *Initiative) {
	for i, inf := range in.Infer {
		p := fmt.Sprintf("infer[%d]", i)
		if !slices.Contains([]string{"done", "running", "partial"}, inf.Status) {
			l.problem(in, p+".status", "%s.status %q is not one of done, running, partial", p, inf.Status)
		}
		if inf.When.Text == "" || inf.Note == "" {
			l.problem(in, p, "%s needs a when condition and a note saying what exists", p)
		}
	}
	seen := map[string]bool{}
	for i, v := range in.Variants {
		p := fmt.Sprintf("variants[%d]", i)
		if !idRe.MatchString(v.ID) {
			l.problem(in, p+".id", "%s.id %q must be lower-case letters, digits, - and _", p, v.ID)
		}
		if seen[v.ID] {
			l.problem(in, p+".id", "variant %q is defined twice", v.ID)
		}
		seen[v.ID] = true
		if v.Title == "" || v.Why == "" {
			l.problem(in, p, "%s needs a title and a why", p)
		}
		if v.State != "" && v.State != "partial" && v.State != "none" {
			l.problem(in, p+".state", "%s.state %q is not one of partial, none", p, v.State)
		}
		if v.DurationMonths < 0 || v.DurationMonths > 60 {
			l.problem(in, p+".duration_months", "%s.duration_months %d is outside 1-60", p, v.DurationMonths)
		}
		if v.FTE < 0 || v.FTE > 20 {
			l.problem(in, p+".fte", "%s.fte %g is outside 0-20", p, v.FTE)
		}
		if v.Cost != nil {
			l.checkCost(in, p+".cost", v.Cost)
		}
		dur := in.DurationMonths
		if v.DurationMonths > 0 {
			dur = v.DurationMonths
		}
		for j, m := range v.Milestones {
			if m.Month < 0 || m.Month >= dur {
				l.problem(in, fmt.Sprintf("%s.milestones[%d].month", p, j), "milestone month %d must be within the variant's %d months", m.Month, dur)
			}
		}
	}
}

// checkRuleCost checks a rule's cost position advice.
func (l *loader) checkRuleCost(r *Rule) {
	if r.Cost == nil {
		return
	}
	if !slices.Contains([]string{PositionLow, PositionMid, PositionHigh}, r.Cost.Position) {
		l.problem(r, "cost.position", "cost.position %q is not one of low, mid, high", r.Cost.Position)
	}
	for i, id := range r.Cost.Initiatives {
		if _, ok := l.c.initiatives[id]; !ok {
			l.problem(r, fmt.Sprintf("cost.initiatives[%d]", i), "cost.initiatives: unknown initiative %q", id)
		}
	}
}

// checkProgrammeDates checks a programme's eligibility period and rules.
func (l *loader) checkProgrammeDates(p *Programme) {
	var from, until time.Time
	for _, f := range []struct {
		path, value string
		into        *time.Time
	}{{"eligible_from", p.EligibleFrom, &from}, {"eligible_until", p.EligibleUntil, &until}, {"apply_until", p.ApplyUntil, new(time.Time)}} {
		if f.value == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", f.value)
		if err != nil {
			l.problem(p, f.path, "%s %q is not a date YYYY-MM-DD", f.path, f.value)
		}
		*f.into = t
	}
	if !from.IsZero() && !until.IsZero() && until.Before(from) {
		l.problem(p, "eligible_until", "eligible_until is before eligible_from")
	}
	if (p.EligibleFrom != "" || p.EligibleUntil != "") && p.EligibilitySource == "" {
		l.problem(p, "eligibility_source", "eligibility_source is required with an eligibility period: cite the article")
	}
	if p.BeforeApplication != "" && !slices.Contains([]string{CompletedExcluded, NoRetroactivity, NotApplicable}, p.BeforeApplication) {
		l.problem(p, "before_application", "before_application %q is not one of %s, %s, %s", p.BeforeApplication, CompletedExcluded, NoRetroactivity, NotApplicable)
	}
	if p.ApplyLeadMonths < 0 || p.ApplyLeadMonths > 36 {
		l.problem(p, "apply_lead_months", "apply_lead_months %d is outside 0-36", p.ApplyLeadMonths)
	}
}

// checkTenderAfter checks that what a tender waits for is a dependency of
// the initiative: a tender can wait only for what the plan orders before it.
func (l *loader) checkTenderAfter(in *Initiative) {
	for i, id := range in.TenderAfter {
		if !slices.Contains(in.DependsOn, id) {
			l.problem(in, fmt.Sprintf("tender_after[%d]", i), "tender_after: %q is not in depends_on; a tender can only wait for what the initiative depends on", id)
		}
	}
	if in.StartsEarly && in.Kind != "pilot" {
		l.problem(in, "starts_early", "starts_early: only pilots may start ahead of a phase gate (this is a %s)", in.Kind)
	}
	if in.StartsEarly && in.EarlyWhy == "" {
		l.problem(in, "early_why", "early_why is required with starts_early: the roadmap says why the pilot runs ahead of the gate")
	}
}

// checkTenderPrerequisites checks the tendering policy's prerequisites.
func (l *loader) checkTenderPrerequisites(t *Tendering) {
	for i, p := range t.Prerequisites {
		for j, id := range p.After {
			if _, ok := l.c.initiatives[id]; !ok {
				l.problem(t, fmt.Sprintf("prerequisites[%d].after[%d]", i, j), "unknown initiative %q", id)
			}
		}
		if p.Why == "" {
			l.problem(t, fmt.Sprintf("prerequisites[%d].why", i), "why is required")
		}
	}
	if t.TenderFTE < 0 || t.TenderFTE > 2 {
		l.problem(t, "tender_fte", "tender_fte %g is outside 0-2", t.TenderFTE)
	}
}

// checkNational checks a country's below-threshold rules: the file is named
// after the country, and each band has a rate to convert into, a procedure
// and planned days no shorter than the legal minimum.
func (l *loader) checkNational(n *NationalRules) {
	l.requireVersion(n, n.Version)
	if n.ID != strings.ToLower(n.Country) {
		l.problem(n, "country", "country %q does not match the file name %q", n.Country, n.ID+".yaml")
	}
	for i, b := range n.Bands {
		p := fmt.Sprintf("bands[%d]", i)
		if _, ok := l.c.Rate(b.Currency); !ok {
			l.problem(n, p+".currency", "%s.currency: no exchange rate for %s in money.yaml", p, b.Currency)
		}
		if b.Below != 0 && b.Below <= b.From {
			l.problem(n, p+".below", "%s.below must be above from", p)
		}
		if b.Plan.Tenders < b.MinTenderDays {
			l.problem(n, p+".plan.tenders", "%s.plan.tenders %d is below the legal minimum of %d days", p, b.Plan.Tenders, b.MinTenderDays)
		}
		for j, c := range b.Contracts {
			if !slices.Contains([]string{"services", "supplies", "works"}, c) {
				l.problem(n, fmt.Sprintf("%s.contracts[%d]", p, j), "contract type %q is not one of services, supplies, works", c)
			}
		}
	}
}
