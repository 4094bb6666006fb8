package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// baselineRe is what a strategy.baselines key looks like.
var baselineRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// BenefitsFor returns the benefit models of an initiative, sorted by id.
func (c *Catalog) BenefitsFor(initiative string) []*Benefit {
	var out []*Benefit
	for _, b := range c.Benefits {
		if b.Initiative == initiative {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b *Benefit) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// EmissionFactor returns the emission factor with the given id.
func (c *Catalog) EmissionFactor(id string) (EmissionFactor, bool) {
	for _, f := range c.Impact.EmissionFactors {
		if f.ID == id {
			return f, true
		}
	}
	return EmissionFactor{}, false
}

func (l *loader) checkImpact() {
	m := &l.c.Impact
	if l.c.docs[m] != nil {
		l.requireVersion(m, m.Version)
		if m.AppraisalYears < 1 || m.AppraisalYears > 50 {
			l.problem(m, "appraisal_years", "appraisal_years %d is outside 1-50", m.AppraisalYears)
		}
		if strings.TrimSpace(m.AppraisalSource) == "" {
			l.problem(m, "appraisal_source", "appraisal_source is required: say where the appraisal period comes from")
		}
		if strings.TrimSpace(m.DiscountSource) == "" {
			l.problem(m, "discount_source", "discount_source is required: say where the default discount rate comes from")
		}
		seen := map[string]bool{}
		for i, f := range m.EmissionFactors {
			p := fmt.Sprintf("emission_factors[%d]", i)
			if !idRe.MatchString(f.ID) {
				l.problem(m, p+".id", "%s.id %q must be lower case, e.g. natural-gas", p, f.ID)
			}
			if seen[f.ID] {
				l.problem(m, p+".id", "emission factor %q is defined twice", f.ID)
			}
			seen[f.ID] = true
			if f.Name == "" || f.Unit == "" {
				l.problem(m, p, "%s needs a name and a unit", p)
			}
			if f.Value <= 0 {
				l.problem(m, p+".value", "%s.value %g must be more than 0", p, f.Value)
			}
			if f.Override != "" && !baselineRe.MatchString(f.Override) {
				l.problem(m, p+".override", "%s.override %q must be a baselines key such as building_energy_t_co2_per_mwh", p, f.Override)
			}
			l.checkDated(m, p, f.Source, f.ValidFrom, f.ValidUntil)
		}
	}
	for _, b := range l.c.Benefits {
		l.checkBenefit(b)
	}
}

// checkDated checks the source and validity period of a dated fact.
func (l *loader) checkDated(key any, p, source, from, until string) {
	prefix := p
	if prefix != "" {
		prefix += "."
	}
	if strings.TrimSpace(source) == "" {
		l.problem(key, prefix+"source", "%ssource is required: factors are dated facts", prefix)
	}
	f, okFrom := parseDate(from)
	u, okUntil := parseDate(until)
	if !okFrom {
		l.problem(key, prefix+"valid_from", "%svalid_from %q must be a date YYYY-MM-DD", prefix, from)
	}
	if !okUntil {
		l.problem(key, prefix+"valid_until", "%svalid_until %q must be a date YYYY-MM-DD", prefix, until)
	}
	if okFrom && okUntil && u.Before(f) {
		l.problem(key, prefix+"valid_until", "%svalid_until is before valid_from", prefix)
	}
}

func (l *loader) checkBenefit(b *Benefit) {
	l.requireVersion(b, b.Version)
	if _, ok := l.c.initiatives[b.Initiative]; !ok {
		l.problem(b, "initiative", "initiative: unknown initiative %q", b.Initiative)
	}
	if strings.TrimSpace(b.Title) == "" {
		l.problem(b, "title", "title is required")
	}
	if !baselineRe.MatchString(b.Baseline) {
		l.problem(b, "baseline", "baseline %q must be a strategy.baselines key such as building_energy_spend", b.Baseline)
	}
	if strings.TrimSpace(b.BaselineDoc) == "" {
		l.problem(b, "baseline_doc", "baseline_doc is required: it tells a city which figure to supply")
	}
	if b.Coverage <= 0 || b.Coverage > 1 {
		l.problem(b, "coverage", "coverage %g must be in (0, 1]", b.Coverage)
	}
	if b.SavingMin < 0 || b.SavingMax < b.SavingMin || b.SavingMax > 1 {
		l.problem(b, "saving_min", "need 0 <= saving_min <= saving_max <= 1 (fractions of the baseline)")
	}
	if strings.TrimSpace(b.Source) == "" {
		l.problem(b, "source", "source is required: a saving range without a source is a guess")
	}
	if !slices.Contains([]string{"confirmed", "secondary", "inferred"}, b.Confidence) {
		l.problem(b, "confidence", "confidence %q is not one of confirmed, secondary, inferred", b.Confidence)
	}
	if co2 := b.CO2; co2 != nil {
		if !baselineRe.MatchString(co2.Baseline) {
			l.problem(b, "co2.baseline", "co2.baseline %q must be a strategy.baselines key such as building_energy_mwh", co2.Baseline)
		}
		if strings.TrimSpace(co2.BaselineDoc) == "" {
			l.problem(b, "co2.baseline_doc", "co2.baseline_doc is required")
		}
		if _, ok := l.c.EmissionFactor(co2.Factor); !ok {
			l.problem(b, "co2.factor", "co2.factor: unknown emission factor %q (define it in impact.yaml)", co2.Factor)
		}
	}
}
