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

// dateFormat is how the plan writes days.
const dateFormat = "2006-01-02"

// Input is one purchase as the rules see it, before its value and date are
// known to the threshold check.
type Input struct {
	Facts      *catalog.Facts
	Initiative catalog.InitiativeFacts
	Object     catalog.ProcurementFacts
	// Authority is the contracting authority type: sub-central or central.
	Authority string
	// Currency is the city's; PerEUR converts euro into it (1 for EUR).
	// Values passed to Recommend are in this currency.
	Currency string
	PerEUR   float64
}

// perEUR is the input's rate, 1 when unset.
func (in Input) perEUR() float64 {
	if in.PerEUR > 0 {
		return in.PerEUR
	}
	return 1
}

// currency is the input's currency, EUR when unset.
func (in Input) currency() string {
	if in.Currency != "" {
		return in.Currency
	}
	return "EUR"
}

// Decision is the threshold and procedure for a purchase of a given value
// published on a given day.
type Decision struct {
	Threshold roadmap.ThresholdCheck
	Set       *catalog.Thresholds
	Procedure *catalog.Procedure
	Regime    string
	Reason    string
	// Note is set when no threshold set was valid on the day and the
	// nearest one was used.
	Note string
}

// Recommend checks the value against the EU threshold valid on the
// publication day and picks the first procedure whose condition holds.
// Values equal to the threshold are above it: the directive applies from the
// threshold on (Directive 2014/24/EU Art. 4).
func Recommend(cat *catalog.Catalog, in Input, value float64, published time.Time) (Decision, error) {
	var d Decision
	set, note := thresholdSet(cat, published)
	if set == nil {
		return d, fmt.Errorf("the catalog has no EU thresholds")
	}
	d.Set, d.Note = set, note
	v, ok := thresholdValue(set, in.Authority, in.Object.Type)
	if !ok {
		return d, fmt.Errorf("thresholds %s give no amount for %s %s contracts", set.ID, in.Authority, in.Object.Type)
	}
	cur := in.currency()
	amount, article := v.Amount, v.Article
	d.Threshold = roadmap.ThresholdCheck{Currency: cur, AmountEUR: v.Amount, Set: set.ID, Article: article, ValidOn: published.Format(dateFormat), Authority: in.Authority}
	if cur != "EUR" {
		// Outside the euro area the national-currency values the Commission
		// publishes apply (Directive 2014/24/EU Art. 6(2)); without them the
		// euro amount is converted at the catalog's rate, and the plan says so.
		if n, ok := v.National[cur]; ok {
			amount = n
			d.Threshold.National = true
			d.Threshold.Basis = fmt.Sprintf("the published %s value (%s)", cur, oneLine(set.NationalSource))
		} else {
			amount = math.Round(v.Amount * in.perEUR())
			d.Threshold.Basis = fmt.Sprintf("EUR %s converted at %s %s per euro; the Commission's published %s value applies and should be checked", roadmap.Money(v.Amount), trimRate(in.perEUR()), cur, cur)
		}
	}
	d.Threshold.Amount = amount
	d.Threshold.Above = value >= amount
	obj := in.Object
	// Tender conditions in the catalog are written in euro.
	obj.Value = math.Round(value / in.perEUR())
	obj.AboveThreshold = d.Threshold.Above
	scope := catalog.NewTenderScope(in.Facts, in.Initiative, obj)
	for _, p := range cat.Procedures {
		if p.Recommend.Text == "" {
			continue
		}
		ok, err := cat.Holds(&p.Recommend, scope)
		if err != nil {
			return d, fmt.Errorf("procedure %s: %w", p.ID, err)
		}
		if ok {
			d.Procedure = p
			break
		}
	}
	if d.Procedure == nil {
		return d, fmt.Errorf("no procedure of the catalog fits %s", in.Object.ID)
	}
	d.Regime = "national"
	side := fmt.Sprintf("Its maximum estimated value of %s %s is below the EU threshold of %s %s for %s %s contracts in force on %s (%s), so national below-threshold rules apply and no TED notice is required.",
		cur, roadmap.Money(value), cur, roadmap.Money(amount), in.Authority, in.Object.Type, d.Threshold.ValidOn, set.ID)
	if d.Threshold.Above {
		d.Regime = "eu"
		side = fmt.Sprintf("Its maximum estimated value of %s %s reaches the EU threshold of %s %s for %s %s contracts in force on %s (%s), so Directive 2014/24/EU applies and the notice is published in TED.",
			cur, roadmap.Money(value), cur, roadmap.Money(amount), in.Authority, in.Object.Type, d.Threshold.ValidOn, set.ID)
	}
	d.Reason = side + " " + d.Procedure.Reason
	return d, nil
}

// thresholdSet returns the set valid on the day; outside every period, the
// nearest set and a note saying so.
func thresholdSet(cat *catalog.Catalog, day time.Time) (*catalog.Thresholds, string) {
	s := day.Format(dateFormat)
	var before, after *catalog.Thresholds
	for _, t := range cat.Thresholds {
		switch {
		case t.ValidFrom <= s && s <= t.ValidUntil:
			return t, ""
		case t.ValidUntil < s:
			before = t // sets are sorted by valid_from, so the last is the latest
		case after == nil && t.ValidFrom > s:
			after = t
		}
	}
	if before != nil {
		return before, fmt.Sprintf("no EU thresholds in the catalog are valid on %s; the %s values (valid until %s) are used; check the values in force before publishing", s, before.ID, before.ValidUntil)
	}
	if after != nil {
		return after, fmt.Sprintf("no EU thresholds in the catalog are valid on %s; the %s values (valid from %s) are used", s, after.ID, after.ValidFrom)
	}
	return nil, ""
}

func thresholdValue(t *catalog.Thresholds, authority, contract string) (catalog.ThresholdValue, bool) {
	for _, v := range t.Values {
		if slices.Contains(v.Authorities, authority) && slices.Contains(v.Contracts, contract) {
			return v, v.Amount > 0
		}
	}
	return catalog.ThresholdValue{}, false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func trimRate(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

// schedule dates the tender backwards from the initiative's start: the
// contract is signed a mobilisation period before it, after the standstill
// (EU procedures only), the evaluation, the tender period and any earlier
// stages of the procedure; an EU procedure starts with market engagement.
// Every date is a working day in the buyer's country, moved earlier so that
// no stage gets shorter than planned.
func schedule(cat *catalog.Catalog, country string, p *catalog.Procedure, above bool, start time.Time) roadmap.Timeline {
	tp := cat.Tendering
	day := func(t time.Time) string { return t.Format(dateFormat) }
	back := func(t time.Time, days int) time.Time {
		return cat.WorkingDayOnOrBefore(country, t.AddDate(0, 0, -days))
	}
	signed := back(start, tp.Mobilisation.Days)
	decision := signed
	if above || !tp.Standstill.AboveThresholdOnly {
		decision = back(signed, tp.Standstill.Days)
	}
	tendersDue := back(decision, p.Plan.Evaluation)
	published := back(tendersDue, p.Plan.Tenders+p.Plan.Dialogue+p.Plan.Selection+p.Plan.Requests)
	tl := roadmap.Timeline{
		Publication:     day(published),
		TendersDue:      day(tendersDue),
		AwardDecision:   day(decision),
		ContractSigned:  day(signed),
		InitiativeStart: day(start),
	}
	if above {
		tl.MarketEngagement = day(back(published, tp.MarketEngagement.Days))
	}
	if p.Plan.Requests > 0 {
		tl.RequestsDue = day(cat.WorkingDayOnOrAfter(country, published.AddDate(0, 0, p.Plan.Requests)))
	}
	return tl
}

// stageLimits pairs each legal minimum with the days planned for it.
func stageLimits(p *catalog.Procedure) []roadmap.StageLimit {
	out := []roadmap.StageLimit{}
	for _, t := range p.TimeLimits {
		planned := p.Plan.Tenders
		if t.Stage == "requests" {
			planned = p.Plan.Requests
		}
		out = append(out, roadmap.StageLimit{Stage: t.Stage, Minimum: t.Minimum(), Planned: planned, LegalBasis: t.LegalBasis, Reductions: t.Reductions})
	}
	return out
}
