package roadmap

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/citypath/citypath/catalog"
)

// Council is what the roadmap puts before the council beyond the plan
// itself: the authority it is for, the city's own reasons for its focus
// areas, the decisions it is asked to take, the risks with their levels and
// mitigations, and the next steps. Pipeline steps decide all of it from the
// city file, the plan and the catalog's risks, so that every format, and a
// re-rendering from roadmap.json, says the same.
type Council struct {
	Authority string `json:"authority,omitempty" jsonschema:"description=The contracting authority's legal name."`
	Address   string `json:"address,omitempty"`
	// FocusReasons are the city's reasons for its focus areas, by id.
	FocusReasons map[string]string `json:"focus_reasons,omitempty"`
	Decisions    []string          `json:"decisions" jsonschema:"description=The decisions the council is asked to take, in order."`
	Risks        []Risk            `json:"risks"`
	NextSteps    []string          `json:"next_steps"`
}

// Risk is a risk to the programme as it stands for this roadmap.
type Risk struct {
	ID         string `json:"id" jsonschema:"description=The catalog risk (risks/ID.yaml)."`
	Title      string `json:"title"`
	Level      string `json:"level" jsonschema:"enum=high,enum=medium,enum=low"`
	Why        string `json:"why"`
	Mitigation string `json:"mitigation"`
	Source     string `json:"source"`
}

// RiskStep assesses the catalog's risks against the finished plan.
type RiskStep struct{}

func (RiskStep) String() string { return "assess risks" }

// Run implements Step.
func (RiskStep) Run(ctx *Context) error {
	d := ctx.Doc
	if d.Council == nil {
		d.Council = &Council{}
	}
	d.Council.Risks = []Risk{}
	plan := planFacts(d)
	words := planWords(d, plan)
	ends := map[string]string{}
	for _, in := range d.Initiatives {
		ends[in.ID] = in.End
	}
	for _, r := range ctx.Catalog.SortedRisks() {
		ok, err := ctx.Catalog.RiskHolds(&r.When, ctx.Facts, plan)
		if err != nil {
			return fmt.Errorf("risk %s: %w", r.ID, err)
		}
		if !ok {
			continue
		}
		risk := Risk{ID: r.ID, Title: r.Title, Source: r.Source}
		for i := range r.Levels {
			lv := &r.Levels[i]
			ok, err := ctx.Catalog.RiskHolds(&lv.When, ctx.Facts, plan)
			if err != nil {
				return fmt.Errorf("risk %s: %w", r.ID, err)
			}
			if ok {
				risk.Level, risk.Why = lv.Level, fill(lv.Why, words)
				break
			}
		}
		var said []string
		for i := range r.Mitigations {
			m := &r.Mitigations[i]
			end, scheduled := ends[m.Initiative]
			if m.Initiative != "" && !scheduled {
				continue
			}
			ok, err := ctx.Catalog.RiskHolds(&m.When, ctx.Facts, plan)
			if err != nil {
				return fmt.Errorf("risk %s: %w", r.ID, err)
			}
			if ok {
				said = append(said, fill(strings.ReplaceAll(m.Text, "{end}", end), words))
			}
		}
		risk.Mitigation = strings.Join(said, " ")
		if risk.Level != "" {
			d.Council.Risks = append(d.Council.Risks, risk)
		}
	}
	return nil
}

// planFacts is what risk conditions see of the plan.
func planFacts(d *Roadmap) catalog.PlanFacts {
	p := catalog.PlanFacts{Initiatives: []string{}, Deferred: int64(len(d.Deferred)), Months: int64(len(d.Capacity))}
	for _, in := range d.Initiatives {
		p.Initiatives = append(p.Initiatives, in.ID)
	}
	for _, c := range d.Capacity {
		p.PeakFTE = math.Max(p.PeakFTE, c.Used)
		p.TeamFTE = c.Available
		if c.Available > 0 && c.Used >= 0.9*c.Available {
			p.BusyMonths++
		}
	}
	caps := 0.0
	for _, b := range d.Budget {
		caps += b.Cap
	}
	if caps > 0 {
		p.BudgetShare = d.Totals.Total / caps
	}
	if d.Funding != nil {
		for _, l := range d.Funding.Initiatives {
			if l.Programme == "" && len(l.Blocked) > 0 {
				p.Unfunded++
			}
		}
		p.Grants = d.Funding.Totals.Grants
	}
	if d.Impact != nil {
		p.Savings = d.Impact.Benefits.Mid
	}
	return p
}

// planWords are the plan's figures as risk texts name them in braces.
func planWords(d *Roadmap, p catalog.PlanFacts) map[string]string {
	return map[string]string{
		"team_fte": fmt.Sprintf("%.1f", p.TeamFTE), "peak_fte": fmt.Sprintf("%.1f", p.PeakFTE),
		"busy_months": fmt.Sprint(p.BusyMonths), "months": fmt.Sprint(p.Months), "deferred": fmt.Sprint(p.Deferred),
		"budget_share": Percent(p.BudgetShare), "unfunded": fmt.Sprint(p.Unfunded),
		"grants": Money(p.Grants), "savings": Money(p.Savings), "currency": d.City.Currency,
	}
}

// fill replaces {name} with the plan's words.
func fill(s string, words map[string]string) string {
	for k, v := range words {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// Percent formats a fraction as a percentage with at most one decimal.
func Percent(f float64) string {
	s := fmt.Sprintf("%.1f", f*100)
	return strings.TrimSuffix(s, ".0") + "%"
}

// CouncilStep drafts the decisions the council is asked to take and the
// next steps, and keeps the authority's details and the city's reasons
// for its focus areas for the report.
type CouncilStep struct{}

func (CouncilStep) String() string { return "draft council decisions" }

// Run implements Step.
func (CouncilStep) Run(ctx *Context) error {
	d := ctx.Doc
	if d.Council == nil {
		d.Council = &Council{Risks: []Risk{}}
	}
	c := d.Council
	f := ctx.City.File
	b := f.City.Buyer
	c.Authority = b.LegalName
	var addr []string
	for _, part := range []string{b.Address.Locality, b.Address.Street, b.Address.PostalCode} {
		if part != "" {
			addr = append(addr, part)
		}
	}
	c.Address = strings.Join(addr, ", ")
	for _, fa := range f.Strategy.FocusAreas {
		if fa.Note != "" {
			if c.FocusReasons == nil {
				c.FocusReasons = map[string]string{}
			}
			c.FocusReasons[fa.ID] = fa.Note
		}
	}
	c.Decisions = decisions(d, f.Strategy.PoliticalSponsor)
	c.NextSteps = nextSteps(d)
	return nil
}

func decisions(d *Roadmap, sponsor bool) []string {
	out := []string{}
	cur := d.City.Currency
	for _, p := range d.Phases {
		if p.ID != catalog.PhaseFoundation {
			continue
		}
		capex := 0.0
		for _, in := range d.Initiatives {
			if in.Phase == p.ID {
				capex += in.Cost.Capex
			}
		}
		out = append(out, fmt.Sprintf("Approve the roadmap and start its Foundation phase (%s to %s, capex %s %s).", p.Start, p.End, Money(capex), cur))
	}
	if len(d.Initiatives) == 0 {
		// Nothing fits: the council decides on the means, not on a plan.
		return append(out, "Note that no initiative fits within the budget and the team the city set aside, and decide whether to raise the yearly budget or the team's time, or to share both with neighbouring municipalities.")
	}
	if d.Funding == nil {
		return out
	}
	out = append(out, fmt.Sprintf("Commit the city's own share of %s %s over the horizon, year by year as in the budget.", Money(d.Funding.Totals.CityTotal), cur))
	var progs []string
	seen := map[string]bool{}
	for _, l := range d.Funding.Initiatives {
		if l.Programme == "" || seen[l.Programme] {
			continue
		}
		seen[l.Programme] = true
		for _, p := range d.Funding.Programmes {
			if p.ID == l.Programme {
				progs = append(progs, sentenceProgramme(p.ID, p.Name))
			}
		}
	}
	if len(progs) > 0 {
		out = append(out, "Mandate applications to "+joinAnd(progs)+".")
	}
	if !sponsor {
		out = append(out, "Name a political sponsor who backs the programme across the electoral term.")
	}
	for _, m := range d.Milestones {
		if m.Kind == "gate" {
			out = append(out, fmt.Sprintf("Review results at the first phase gate in %s before releasing the next phase.", m.Date))
			break
		}
	}
	return out
}

func nextSteps(d *Roadmap) []string {
	out := []string{"Council decision on this roadmap and the Foundation budget."}
	if len(d.Initiatives) == 0 {
		out[0] = "Council decision on the budget and the team time the programme needs."
	}
	n := 0
	for _, m := range d.Milestones {
		if m.Kind == "checkpoint" && n < 6 {
			out = append(out, fmt.Sprintf("%s: %s.", m.Date, strings.TrimSuffix(m.Title, ".")))
			n++
		}
	}
	if d.Impact != nil && len(d.Impact.Missing) > 0 {
		var what []string
		for _, m := range d.Impact.Missing {
			what = append(what, m.What)
		}
		noun := "baseline figures"
		if len(what) == 1 {
			noun = "baseline figure"
		}
		out = append(out, "Collect the missing "+noun+" ("+strings.Join(what, "; ")+") so the impact case covers them.")
	}
	return out
}

// ShortProgramme gives a programme a name that fits a table cell: its
// acronym when the name ends in one, "(ERDF)", else the name without its
// parenthesis, and for long names the id in words ("cef-building-blocks"
// becomes "CEF building blocks").
func ShortProgramme(id, name string) string {
	if name == "" {
		return ""
	}
	if i := strings.LastIndex(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		inner := name[i+1 : len(name)-1]
		if inner == strings.ToUpper(inner) && len(inner) <= 6 {
			return inner
		}
		name = strings.TrimSpace(name[:i])
	}
	if len(name) <= 24 || id == "" {
		return name
	}
	words := strings.Split(id, "-")
	for i, w := range words {
		switch {
		case len(w) <= 3:
			words[i] = strings.ToUpper(w)
		case i == 0:
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// sentenceProgramme names a programme in a sentence: its acronym where it
// has one (ERDF, ESF+), else its name in full, since a shortened name such
// as "National digital" reads as a typo in a resolution.
func sentenceProgramme(id, name string) string {
	short := ShortProgramme(id, name)
	if !strings.Contains(short, " ") {
		return short
	}
	if i := strings.LastIndex(name, " ("); i > 0 {
		name = name[:i]
	}
	// A proper name (Cohesion Fund) keeps its capitals; a description
	// (National and ministry programmes for ...) reads in lower case.
	words := strings.Fields(name)
	for _, w := range words[1:] {
		if r := []rune(w); len(r) > 3 && unicode.IsLower(r[0]) {
			return strings.ToLower(words[0][:1]) + name[1:]
		}
	}
	return name
}

func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
