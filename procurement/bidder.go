package procurement

import (
	"fmt"
	"math"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// What the bidder documents say beyond the specification: the dates of the
// instructions to tenderers, the draft contract's terms, the terms of
// reference of an advisory contract, the lots with their values, the
// scoring descriptors and the price schedule. Everything is decided here,
// once; the templates and the workbook only render it.

// Deadlines are the dates of the instructions to tenderers, YYYY-MM-DD.
type Deadlines struct {
	// QuestionsDue is the last day for clarification questions; AnswersBy
	// the last day the city answers them (Art. 53(2)).
	QuestionsDue, AnswersBy string
	// ValidUntil is the last day tenders are binding.
	ValidUntil string
}

// Lot is one lot of the contract, or of the framework agreement it awards.
type Lot struct {
	No             int
	Title          string
	Estimated, Max float64
	// MaxTurnover is the highest yearly turnover the city may ask for the
	// lot (Art. 58(3)): twice its estimated value.
	MaxTurnover float64
	// Contract is the planned contract a framework lot stands for.
	Contract string
}

// ScoredCriterion is a quality criterion with what earns each score.
type ScoredCriterion struct {
	catalog.Criterion
	Levels []ScoreDescriptor
}

// ScoreDescriptor is what earns one score on one criterion.
type ScoreDescriptor struct {
	Score       int
	Label, Text string
}

// DatedDeliverable is a deliverable of the terms of reference with its due
// date and the part of the estimate it stands for.
type DatedDeliverable struct {
	catalog.Deliverable
	DueDate  string
	Estimate float64
}

// PriceSchedule is what the price schedule asks tenderers to price and the
// city's estimate of it. The workbook shows bidders the lines; only the
// file note shows the estimate.
type PriceSchedule struct {
	Currency    string
	Lines       []PriceLine
	Years       int // the contract term
	OptionYears int
	// TCO is the total cost of ownership over the term and the options at
	// the estimated unit prices: the contract's estimated value.
	TCO float64
}

// Price line sections.
const (
	OneOff = "one-off"
	Yearly = "yearly"
	Option = "option"
)

// PriceLine is one line of the price schedule.
type PriceLine struct {
	Section    string // OneOff, Yearly or Option
	Item, Unit string
	Quantity   float64
	// Estimate is the estimated unit price, net of VAT.
	Estimate float64
}

// Total is the line's estimated total.
func (l PriceLine) Total() float64 { return l.Quantity * l.Estimate }

// bidderDocuments decides what the instructions, the draft contract, the
// terms of reference and the price schedule say.
func (p *Pack) bidderDocuments(ctx *roadmap.Context, scope catalog.TenderScope) error {
	cat := ctx.Catalog
	tp := cat.Tendering
	p.Instructions, p.Scoring = tp.Instructions, tp.Scoring
	if err := p.dateInstructions(ctx); err != nil {
		return err
	}
	for _, pr := range cat.Procedures {
		if pr.ID == p.Contract.Procedure.ID && p.Contract.Procedure.Regime == "eu" && aggregateRole(p.Contract.Aggregate) != "call-off" {
			p.Mechanics = pr.Mechanics
		}
	}
	for _, t := range cat.ContractTerms {
		ok, err := cat.Holds(&t.Applies, scope)
		if err != nil {
			return err // a problem at the condition's position
		}
		if ok {
			p.Terms = t
			break
		}
	}
	for _, t := range cat.TermsOfReference {
		ok, err := cat.Holds(&t.Applies, scope)
		if err != nil {
			return err // a problem at the condition's position
		}
		if ok {
			p.ToR = t
			break
		}
	}
	p.scoreDescriptors()
	p.lots(ctx)
	var terms []roadmap.CostTerm
	for _, in := range ctx.Doc.Initiatives {
		if in.ID == p.Contract.Initiative {
			terms = in.Cost.Terms
		}
	}
	p.priceSchedule(terms)
	p.dateDeliverables()
	return nil
}

// CallOff reports whether the contract is called off from a framework
// agreement, for templates: its tender goes to the framework's parties
// only.
func (p *Pack) CallOff() bool { return aggregateRole(p.Contract.Aggregate) == "call-off" }

// aggregateRole is the contract's role in a group of similar purchases, or
// "" when it is bought alone.
func aggregateRole(a *roadmap.Aggregate) string {
	if a == nil {
		return ""
	}
	return a.Role
}

// dateInstructions counts the question and answer days back from the tender
// deadline, onto working days of the city's country, and the tender
// validity forward from it.
func (p *Pack) dateInstructions(ctx *roadmap.Context) error {
	due, err := time.Parse(dateFormat, p.Contract.Timeline.TendersDue)
	if err != nil {
		return fmt.Errorf("%s: tender deadline %q: %w", p.Contract.ID, p.Contract.Timeline.TendersDue, err)
	}
	country := ctx.City.File.City.Country
	in := p.Instructions
	p.Deadlines = Deadlines{
		QuestionsDue: ctx.Catalog.WorkingDayOnOrBefore(country, due.AddDate(0, 0, -in.QuestionsDays)).Format(dateFormat),
		AnswersBy:    ctx.Catalog.WorkingDayOnOrBefore(country, due.AddDate(0, 0, -in.AnswersDays)).Format(dateFormat),
		ValidUntil:   due.AddDate(0, 0, in.ValidityDays).Format(dateFormat),
	}
	return nil
}

// scoreDescriptors pairs every quality criterion with what earns each
// score: its own descriptors, or the scale's.
func (p *Pack) scoreDescriptors() {
	for _, cr := range p.Award.Criteria {
		if cr.Type != "quality" {
			continue
		}
		sc := ScoredCriterion{Criterion: cr}
		for i, lv := range p.Scoring.Levels {
			text := lv.Text
			if i < len(cr.Scores) {
				text = cr.Scores[i]
			}
			sc.Levels = append(sc.Levels, ScoreDescriptor{Score: lv.Score, Label: lv.Label, Text: text})
		}
		p.Award.Quality = append(p.Award.Quality, sc)
	}
}

// lots lists the lots with their values. A framework agreement has a lot
// for each similar purchase it covers, valued as that purchase; a contract
// divided into lots takes the plan's lot values, equal shares for now,
// which the file note asks the city to check.
func (p *Pack) lots(ctx *roadmap.Context) {
	c := p.Contract
	if a := c.Aggregate; a != nil && a.Role == "framework" {
		for _, id := range a.Contracts {
			for _, o := range ctx.Doc.Procurement.Contracts {
				if o.ID == id {
					p.Lots = append(p.Lots, Lot{No: len(p.Lots) + 1, Title: o.Title, Estimated: o.Value.Estimated, Max: o.Value.Maximum,
						MaxTurnover: 2 * o.Value.Estimated, Contract: o.ID})
				}
			}
		}
		p.Notes = append(p.Notes, fmt.Sprintf("the price schedule prices this contract, the framework agreement's first lot; give the other %d lots a price schedule each (their packs hold one) or rates for their call-offs before publication", len(p.Lots)-1))
		return
	}
	// The plan values each lot once (LotValues, in roadmap.json); the
	// specification shows those figures.
	n := len(c.LotValues)
	if n == 0 {
		return
	}
	for i, lv := range c.LotValues {
		p.Lots = append(p.Lots, Lot{No: i + 1, Title: lv.Title, Estimated: lv.Estimated, Max: lv.Maximum, MaxTurnover: 2 * lv.Estimated})
	}
	p.Notes = append(p.Notes, fmt.Sprintf("the catalog gives no values per lot, so the estimated value is shared equally among the %d lots; set each lot's value from the market engagement before publication", n))
}

// priceSchedule splits the contract's estimated value into what tenderers
// price: the one-off work (by deliverable for advice; for supplies by the
// quantities the initiative's cost grows with, in each lot; by lot where
// the contract has lots; else one line), the running service per year of
// the term, and the option years at the same yearly price. At the
// estimated unit prices its total cost of ownership is the estimated value.
func (p *Pack) priceSchedule(terms []roadmap.CostTerm) {
	c := p.Contract
	ps := PriceSchedule{Currency: c.Threshold.Currency, Years: c.ContractYears}
	for _, o := range c.Options {
		ps.OptionYears += o.Years
	}
	capex := c.Value.Capex
	switch {
	case c.Type == "supplies" && hasDriver(terms):
		ps.Lines = quantityLines(c, terms)
	case p.ToR != nil:
		left := capex
		for i, d := range p.ToR.Deliverables {
			est := math.Round(capex * d.Payment / 100)
			if i == len(p.ToR.Deliverables)-1 {
				est = left
			}
			left -= est
			ps.Lines = append(ps.Lines, PriceLine{Section: OneOff, Item: d.Name, Unit: "deliverable", Quantity: 1, Estimate: est})
		}
	case len(c.Lots) > 0:
		left := capex
		for i, lot := range c.Lots {
			est := math.Round(capex / float64(len(c.Lots)))
			if i == len(c.Lots)-1 {
				est = left
			}
			left -= est
			ps.Lines = append(ps.Lines, PriceLine{Section: OneOff, Item: "Lot " + fmt.Sprint(i+1) + ": " + lot + " (delivery and implementation)", Unit: "lump sum", Quantity: 1, Estimate: est})
		}
	default:
		ps.Lines = append(ps.Lines, PriceLine{Section: OneOff, Item: "Delivery and implementation as specified", Unit: "lump sum", Quantity: 1, Estimate: capex})
	}
	if c.Value.Running > 0 {
		years := ps.Years + ps.OptionYears
		perYear := c.Value.Running / float64(years)
		item := "Yearly services as specified: support and maintenance"
		if c.Category == "system" {
			item = "Running service: operation, support, maintenance, licences and hosting"
		}
		ps.Lines = append(ps.Lines, PriceLine{Section: Yearly, Item: item, Unit: "year", Quantity: float64(ps.Years), Estimate: perYear})
		for _, o := range c.Options {
			ps.Lines = append(ps.Lines, PriceLine{Section: Option, Item: "Option: " + o.What, Unit: "year", Quantity: float64(o.Years), Estimate: perYear})
		}
	}
	for _, l := range ps.Lines {
		ps.TCO += l.Total()
	}
	ps.TCO = math.Round(ps.TCO*100) / 100
	p.Prices = ps
}

func hasDriver(terms []roadmap.CostTerm) bool {
	for _, t := range terms {
		if t.Driver != "" && t.Quantity > 0 {
			return true
		}
	}
	return false
}

// quantityLines prices supplies by the quantities the initiative's cost
// grows with (buildings, containers, junctions), in each lot: a line per
// cost term and lot, its estimate the term's share of the contract's
// one-off value at the middle of the term's range. The last line takes
// the rounding, so that the lines sum to the one-off value.
func quantityLines(c roadmap.Contract, terms []roadmap.CostTerm) []PriceLine {
	weight := func(t roadmap.CostTerm) float64 { return t.Quantity * (t.CapexMinEUR + t.CapexMaxEUR) / 2 }
	sum := 0.0
	for _, t := range terms {
		sum += weight(t)
	}
	lots := c.Lots
	if len(lots) == 0 {
		lots = []string{""}
	}
	var lines []PriceLine
	left := c.Value.Capex
	for li, lot := range lots {
		prefix := ""
		if lot != "" {
			prefix = fmt.Sprintf("Lot %d: %s: ", li+1, lot)
		}
		for ti, t := range terms {
			total := math.Round(c.Value.Capex * weight(t) / sum / float64(len(lots)))
			if li == len(lots)-1 && ti == len(terms)-1 {
				total = left
			}
			left -= total
			l := PriceLine{Section: OneOff, Item: prefix + "design, set-up and project management", Unit: "lump sum", Quantity: 1, Estimate: total}
			if t.Driver != "" {
				l.Item, l.Unit, l.Quantity = prefix+"equipment supplied and installed, "+t.Label, t.Unit, t.Quantity
				l.Estimate = total / t.Quantity
			}
			lines = append(lines, l)
		}
	}
	return lines
}

// dateDeliverables dates each deliverable of the terms of reference within
// the working period, from the initiative's start to its end, and gives it
// its part of the estimate.
func (p *Pack) dateDeliverables() {
	if p.ToR == nil {
		return
	}
	start, err1 := time.Parse(dateFormat, p.Contract.Timeline.InitiativeStart)
	end, err2 := time.Parse("2006-01", p.Initiative.End)
	if err1 != nil || err2 != nil {
		return
	}
	end = end.AddDate(0, 1, -1) // the last day of the end month
	days := end.Sub(start).Hours() / 24
	for i, d := range p.ToR.Deliverables {
		due := start.AddDate(0, 0, int(math.Round(days*d.Due)))
		dd := DatedDeliverable{Deliverable: d, DueDate: due.Format(dateFormat)}
		if i < len(p.Prices.Lines) && p.Prices.Lines[i].Section == OneOff {
			dd.Estimate = p.Prices.Lines[i].Estimate
		}
		p.Deliverables = append(p.Deliverables, dd)
	}
}

// Framework reports whether this tender awards a framework agreement for
// the similar purchases of its group (its lots are those purchases).
func (p *Pack) Framework() bool {
	return p.Contract.Aggregate != nil && p.Contract.Aggregate.Role == "framework"
}

// LotsTotal is the sum of the lots' estimated values: for a framework
// agreement, the estimated value of every purchase it covers.
func (p *Pack) LotsTotal() float64 {
	total := 0.0
	for _, l := range p.Lots {
		total += l.Estimated
	}
	return total
}
