package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// Input is what a report is made from: the roadmap, which holds every
// decision the report shows (roadmap.json is enough to render it again),
// and the date printed on the documents.
type Input struct {
	Doc  *roadmap.Roadmap
	Date time.Time
}

// Section is a numbered part of the report, listed in the contents.
type Section struct {
	ID    string
	Title string
}

// Sections are the report's parts in order; every renderer uses them.
var Sections = []Section{
	{"summary", "Executive summary"},
	{"maturity", "Where the city stands"},
	{"focus", "Focus areas and why"},
	{"roadmap", "The roadmap: phases and timeline"},
	{"initiatives", "Initiatives"},
	{"milestones", "Milestones"},
	{"kpis", "Measures of success"},
	{"budget", "Budget and funding plan"},
	{"procurement", "Procurement"},
	{"impact", "Impact case"},
	{"risks", "Risks and mitigations"},
	{"next", "Next steps"},
	{"sources", "Sources and method"},
	{"annex", "Annex: all milestones"},
	{"produced", "Annex: how this was produced"},
}

// View is the computed content of a report.
type View struct {
	Title      string
	City       string
	Country    string
	Authority  string
	Address    string
	Population string
	Date       string
	DateISO    string
	Currency   string
	Horizon    string
	// Procurement is the plan's tenders, for the council's procurement
	// chapter; Titles names initiatives by id.
	Procurement *roadmap.ProcurementPlan
	Titles      map[string]string
	// BudgetBasis says what the yearly cap applies to (funding plan).
	BudgetBasis string
	Catalog     string
	Language    string

	Summary Summary

	Overall     string
	ScaleNote   string
	Dimensions  []Dim
	Readiness   []Ready
	Strengths   []string
	Gaps        []string
	Focus       []Focus
	Recommended []string

	Phases      []PhaseRow
	Initiatives []InitRow
	Deferred    []Left
	Excluded    []Left
	Milestones  []MilestoneRow
	Gantt       GanttData

	Budget       []BudgetRow
	BudgetTotal  BudgetRow
	Funding      []FundRow
	FundingTotal FundRow
	Programmes   []ProgrammeRow

	Impact ImpactView

	Risks     []Risk
	NextSteps []string
	Sources   []string
	Method    []string
	// Produced says how the report was made, in the terms a consultant or
	// an auditor needs (file fingerprints, the command, the input keys);
	// it is the annex, so the body can speak plainly.
	Produced []string
}

// Summary is the executive summary's content.
type Summary struct {
	Stands string
	Phases []string
	Costs  string
	Saves  string
	Decide []string
	// Figures are the key numbers at a glance, label and value.
	Figures [][2]string
}

// Dim is one maturity dimension.
type Dim struct {
	Name        string
	Score       float64
	Level       int
	LevelName   string
	Target      int
	TargetName  string
	TargetScore float64
	Gap         float64
}

// Ready is readiness for a platform or twin.
type Ready struct {
	Name      string
	Score     float64
	Threshold float64
	Ready     bool
	Why       string
}

// Focus is a chosen focus area with the reason it matters.
type Focus struct {
	Name        string
	Priority    int
	Top         bool
	Why         string
	Initiatives []string
}

// PhaseRow is a scheduled phase.
type PhaseRow struct {
	ID, Name, Start, End string
	Initiatives          int
	Capex                float64
}

// InitRow is one scheduled initiative.
type InitRow struct {
	ID, Title, Phase, PhaseName, Focus, Start, End string
	StartMonth, Months                             int
	FTE, Capex, Opex                               float64
	Programme                                      string
	Why                                            string
	KPIs                                           []roadmap.KPI
}

// Left is an initiative that is not scheduled, and why.
type Left struct{ Title, Reason string }

// MilestoneRow is a dated milestone.
type MilestoneRow struct {
	Date, Title, Kind, Initiative string
}

// BudgetRow is one year of the budget with the funding split.
type BudgetRow struct {
	Year                                      string
	Capex, Opex, Total, Cap, Grants, CityPays float64
}

// FundRow is one initiative's funding.
type FundRow struct {
	Title, Programme, Route, Note string
	Capex, Rate, Grant, CityShare float64
	Options                       string
}

// ProgrammeRow is a programme named in the plan, with its dated facts.
type ProgrammeRow struct {
	Name, Management, Route, Rate, Valid, Source string
}

// ImpactView is the impact case for people.
type ImpactView struct {
	Rate        string
	Years       string
	NPV         float64
	NPVCity     float64
	Payback     string
	PaybackCity string
	Benefits    roadmap.BenefitRange
	CO2PerYear  float64
	CO2         float64
	Quantified  int
	Rows        []ImpactRow
	ByYear      []roadmap.ImpactYear
	Missing     []string
	Method      string
	// Lead is the subject of the savings sentence, singular or plural.
	Lead string
}

// ImpactRow is one initiative with quantified benefits.
type ImpactRow struct {
	Title, Basis, Payback, Confidence string
	Min, Mid, Max, CO2, NPV           float64
}

// Risk is a risk to the programme and how the roadmap answers it.
type Risk struct {
	Title, Level, Why, Mitigation string
}

// NewView computes the report content from a roadmap.
func NewView(in Input) (*View, error) {
	d := in.Doc
	if d == nil {
		return nil, fmt.Errorf("report: no roadmap")
	}
	if d.Funding == nil || d.Impact == nil {
		return nil, fmt.Errorf("report: the roadmap has no funding plan or impact case")
	}
	v := &View{
		Title:       "Digital transformation roadmap",
		City:        d.City.Name,
		Country:     d.City.Country,
		Population:  roadmap.Money(float64(d.City.Population)),
		Date:        in.Date.Format("2 January 2006"),
		DateISO:     in.Date.Format("2006-01-02"),
		Currency:    d.City.Currency,
		Horizon:     fmt.Sprintf("%s to %s (%d months)", d.Horizon.Start, d.Horizon.End, d.Horizon.Months),
		Catalog:     fmt.Sprintf("%s, release %s", d.Catalog.Name, d.Catalog.Version),
		Language:    "en",
		ScaleNote:   d.Maturity.ScaleNote,
		Overall:     fmt.Sprintf("%.1f / 100, level %d (%s)", d.Maturity.Overall, d.Maturity.Level, d.Maturity.LevelName),
		Procurement: d.Procurement,
		Titles:      map[string]string{},
		BudgetBasis: d.Funding.BasisNote,
	}
	for _, in := range d.Initiatives {
		v.Titles[in.ID] = in.Title
	}
	council := d.Council
	if council == nil {
		council = &roadmap.Council{}
	}
	v.Authority, v.Address = council.Authority, council.Address
	titles := map[string]string{}
	for _, i := range d.Initiatives {
		titles[i.ID] = i.Title
	}
	v.maturity(d)
	v.focus(d, council.FocusReasons)
	v.schedule(d, titles)
	v.money(d)
	v.impact(d, titles)
	for _, r := range council.Risks {
		v.Risks = append(v.Risks, Risk{Title: r.Title, Level: r.Level, Why: r.Why, Mitigation: r.Mitigation})
	}
	v.summary(d)
	v.Summary.Decide = council.Decisions
	v.NextSteps = council.NextSteps
	v.sources(d)
	v.produced(d, in)
	return v, nil
}

func (v *View) maturity(d *roadmap.Roadmap) {
	for _, m := range d.Maturity.Dimensions {
		v.Dimensions = append(v.Dimensions, Dim{m.Name, m.Score, m.Level, m.LevelName, m.Target, m.TargetName, m.TargetScore, m.Gap})
	}
	for _, r := range d.Readiness {
		v.Readiness = append(v.Readiness, Ready{r.Name, r.Score, r.Threshold, r.Ready, r.Why})
	}
	// The largest gaps come first; a dimension among them is never also
	// called a strength, even when it scores above the average.
	dims := append([]Dim(nil), v.Dimensions...)
	sort.SliceStable(dims, func(i, j int) bool { return dims[i].Gap > dims[j].Gap })
	gap := map[string]bool{}
	for _, m := range dims {
		if len(v.Gaps) < 3 && m.Gap > 0 {
			gap[m.Name] = true
			v.Gaps = append(v.Gaps, fmt.Sprintf("%s: %.0f points short of level %d %s (score %.0f)", m.Name, m.Gap, m.Target, m.TargetName, m.Score))
		}
	}
	sort.SliceStable(dims, func(i, j int) bool { return dims[i].Score > dims[j].Score })
	for _, m := range dims {
		if len(v.Strengths) < 3 && !gap[m.Name] && (m.Gap == 0 || m.Score >= d.Maturity.Overall) {
			note := "above the city's average"
			if m.Gap == 0 {
				note = "target level reached"
			}
			v.Strengths = append(v.Strengths, fmt.Sprintf("%s: %.0f, level %d %s (%s)", m.Name, m.Score, m.Level, m.LevelName, note))
		}
	}
	for _, r := range d.Recommendations {
		v.Recommended = append(v.Recommended, r.Text)
	}
}

func (v *View) focus(d *roadmap.Roadmap, notes map[string]string) {
	for _, fa := range d.FocusAreas {
		f := Focus{Name: fa.Name, Priority: fa.Priority, Top: fa.Top}
		var why []string
		if n := notes[fa.ID]; n != "" {
			why = append(why, "The city's reason: "+strings.TrimSuffix(n, ".")+".")
		}
		for _, in := range d.Initiatives {
			if in.FocusArea != fa.ID {
				continue
			}
			f.Initiatives = append(f.Initiatives, fmt.Sprintf("%s (%s to %s)", in.Title, in.Start, in.End))
			if in.Kind == "pilot" && len(in.Reasons) > 0 && len(why) < 2 {
				why = append(why, in.Reasons[0].Text)
			}
		}
		switch {
		case fa.Top && fa.Pilot != "":
			why = append([]string{"Top priority: " + fa.Pilot + "."}, why...)
		case fa.Top:
			why = append([]string{"Top priority."}, why...)
		case fa.Pilot != "":
			why = append([]string{capitalise(fa.Pilot) + "."}, why...)
		}
		if len(f.Initiatives) == 0 {
			why = append(why, "No initiative of this area fits within this roadmap's budget and team; it comes back once the platform runs.")
		}
		f.Why = strings.Join(why, " ")
		v.Focus = append(v.Focus, f)
	}
}

func phaseName(id string) string {
	for _, p := range catalog.Phases {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

func (v *View) schedule(d *roadmap.Roadmap, titles map[string]string) {
	programme := map[string]string{}
	for _, l := range d.Funding.Initiatives {
		programme[l.Initiative] = l.Programme
	}
	names := map[string]string{}
	for _, p := range d.Funding.Programmes {
		names[p.ID] = p.Name
	}
	capexByPhase := map[string]float64{}
	for _, in := range d.Initiatives {
		var why []string
		for _, r := range in.Reasons {
			why = append(why, r.Text)
		}
		prog := "city budget"
		if p := programme[in.ID]; p != "" {
			prog = roadmap.ShortProgramme(p, names[p])
		}
		v.Initiatives = append(v.Initiatives, InitRow{
			ID: in.ID, Title: in.Title, Phase: in.Phase, PhaseName: phaseName(in.Phase), Focus: focusLabel(in.FocusArea),
			Start: in.Start, End: in.End, StartMonth: in.StartMonth, Months: in.DurationMonths,
			FTE: in.FTE, Capex: in.Cost.Capex, Opex: in.Cost.OpexPerYear, Programme: prog,
			Why: withBuildsOn(firstSentence(strings.Join(why, " ")), in), KPIs: in.KPIs,
		})
		capexByPhase[in.Phase] += in.Cost.Capex
	}
	for _, p := range d.Phases {
		v.Phases = append(v.Phases, PhaseRow{p.ID, p.Name, p.Start, p.End, p.Initiatives, capexByPhase[p.ID]})
	}
	for _, l := range d.Deferred {
		v.Deferred = append(v.Deferred, Left{l.Title, l.Reason})
	}
	for _, l := range d.Excluded {
		v.Excluded = append(v.Excluded, Left{l.Title, l.Reason})
	}
	for _, m := range d.Milestones {
		v.Milestones = append(v.Milestones, MilestoneRow{m.Date, m.Title, m.Kind, titles[m.Initiative]})
	}
	v.Gantt = ganttData(d)
}

func (v *View) money(d *roadmap.Roadmap) {
	grants := map[int]roadmap.FundingYear{}
	for _, y := range d.Funding.ByYear {
		grants[y.Year] = y
	}
	for _, b := range d.Budget {
		f := grants[b.Year]
		v.Budget = append(v.Budget, BudgetRow{fmt.Sprint(b.Year), b.Capex, b.Opex, b.Total, b.Cap, f.Grants, f.CityTotal})
		v.BudgetTotal.Cap += b.Cap
	}
	t := d.Funding.Totals
	v.BudgetTotal = BudgetRow{Year: "Total", Capex: d.Totals.Capex, Opex: d.Totals.Opex, Total: d.Totals.Total, Cap: round2(v.BudgetTotal.Cap), Grants: t.Grants, CityPays: t.CityTotal}
	names := map[string]string{}
	for _, p := range d.Funding.Programmes {
		names[p.ID] = p.Name
	}
	for _, l := range d.Funding.Initiatives {
		var opts []string
		for _, o := range l.Options {
			if o.Programme != l.Programme {
				opts = append(opts, roadmap.ShortProgramme(o.Programme, o.Name))
			}
		}
		note := l.Note
		if len(l.Blocked) > 0 && l.Programme == "" {
			note = "Ruled out: " + roadmap.ShortProgramme(l.Blocked[0].Programme, l.Blocked[0].Name) + ", " + l.Blocked[0].Reason + "."
		}
		v.Funding = append(v.Funding, FundRow{
			Title: l.Title, Programme: roadmap.ShortProgramme(l.Programme, names[l.Programme]), Route: l.Route, Note: note,
			Capex: l.Capex, Rate: l.Rate, Grant: l.Grant, CityShare: l.CityShare, Options: strings.Join(opts, ", "),
		})
		v.FundingTotal.Capex += l.Capex
		v.FundingTotal.Grant += l.Grant
		v.FundingTotal.CityShare += l.CityShare
	}
	v.FundingTotal = FundRow{Title: "Total", Capex: round2(v.FundingTotal.Capex), Grant: round2(v.FundingTotal.Grant), CityShare: round2(v.FundingTotal.CityShare)}
	for _, p := range d.Funding.Programmes {
		valid := p.ValidFrom + " to " + p.ValidUntil
		if p.WorkUntil != "" {
			valid += "; work until " + p.WorkUntil
		}
		v.Programmes = append(v.Programmes, ProgrammeRow{p.Name, p.Management, p.Route, pct(p.Rate), valid, p.Source})
	}
}

func (v *View) impact(d *roadmap.Roadmap, titles map[string]string) {
	im := d.Impact
	iv := ImpactView{
		Rate: pct(im.DiscountRate), Years: fmt.Sprintf("%d to %d (%d years)", im.FirstYear, im.LastYear, im.AppraisalYears),
		NPV: im.NPV, NPVCity: im.NPVCity, Payback: yearOr(im.PaybackYear), PaybackCity: yearOr(im.PaybackYearCity),
		Benefits: im.Benefits, CO2PerYear: im.CO2PerYear, CO2: im.CO2, Quantified: im.Quantified, ByYear: im.Years,
		Method: im.Method,
	}
	iv.Lead = fmt.Sprintf("the %d initiatives with a benefit model save", im.Quantified)
	if im.Quantified == 1 {
		iv.Lead = "the one initiative with a benefit model saves"
	}
	if im.Quantified == 0 {
		iv.Payback, iv.PaybackCity = "", ""
	}
	for _, ii := range im.Initiatives {
		if len(ii.Benefits) == 0 {
			continue
		}
		var basis []string
		conf := ""
		for _, b := range ii.Benefits {
			if b.BaselineValue > 0 {
				basis = append(basis, fmt.Sprintf("%s of %s %s × %.0f-%.0f%%", pct(b.Coverage), strings.ReplaceAll(b.Baseline, "_", " "), roadmap.Money(b.BaselineValue), b.SavingMin*100, b.SavingMax*100))
			} else {
				basis = append(basis, "needs "+b.Baseline)
			}
			conf = confidenceWords(b.Confidence)
		}
		iv.Rows = append(iv.Rows, ImpactRow{
			Title: ii.Title, Basis: strings.Join(basis, "; "), Payback: yearOr(ii.PaybackYear), Confidence: conf,
			Min: ii.PerYear.Min, Mid: ii.PerYear.Mid, Max: ii.PerYear.Max, CO2: ii.CO2PerYear, NPV: ii.NPV,
		})
	}
	for _, m := range im.Missing {
		var who []string
		for _, id := range m.Initiatives {
			who = append(who, titles[id])
		}
		iv.Missing = append(iv.Missing, fmt.Sprintf("%s (for %s)", capitalise(m.What), strings.Join(who, "; ")))
	}
	v.Impact = iv
}

func (v *View) summary(d *roadmap.Roadmap) {
	s := &v.Summary
	var ready []string
	for _, r := range d.Readiness {
		state := "not yet ready"
		if r.Ready {
			state = "ready"
		}
		ready = append(ready, fmt.Sprintf("%s for %s (readiness %.1f of %.0f)", state, strings.TrimPrefix(r.Name, "Readiness for "), r.Score, r.Threshold))
	}
	dims := append([]Dim(nil), v.Dimensions...)
	sort.SliceStable(dims, func(i, j int) bool { return dims[i].Score > dims[j].Score })
	if len(dims) > 0 {
		s.Stands = fmt.Sprintf("%s's digital maturity is %.1f out of 100, level %d (%s). Strongest is %s (%.0f), weakest %s (%.0f). %s.",
			v.City, d.Maturity.Overall, d.Maturity.Level, d.Maturity.LevelName, dims[0].Name, dims[0].Score,
			dims[len(dims)-1].Name, dims[len(dims)-1].Score, capitalise(strings.Join(ready, "; ")))
	}
	for _, ph := range catalog.Phases {
		found := false
		for _, p := range v.Phases {
			if p.ID == ph.ID {
				found = true
				s.Phases = append(s.Phases, fmt.Sprintf("%s, %s to %s: %s, capex %s %s.", p.Name, p.Start, p.End, countWord(p.Initiatives, "initiative"), roadmap.Money(p.Capex), v.Currency))
			}
		}
		if !found {
			why := "not within this roadmap; it follows once the city is ready for it."
			for _, e := range d.EmptyPhases {
				if e.ID == ph.ID {
					why = "not within this roadmap. " + e.Why
				}
			}
			s.Phases = append(s.Phases, fmt.Sprintf("%s: %s", ph.Name, why))
		}
	}
	t := d.Funding.Totals
	s.Costs = fmt.Sprintf("%s %s over %d months (capex %s, running costs %s). Grants planned: %s; the city's own share: %s %s.",
		roadmap.Money(d.Totals.Total), v.Currency, d.Horizon.Months, roadmap.Money(d.Totals.Capex), roadmap.Money(d.Totals.Opex),
		roadmap.Money(t.Grants), roadmap.Money(t.CityTotal), v.Currency)
	if d.Totals.Includes != "" {
		s.Costs += " " + d.Totals.Includes
	}
	im := d.Impact
	if im.Quantified > 0 {
		s.Saves = fmt.Sprintf("Once complete, %s %s %s a year (range %s to %s); %s. Net present value over %d years at %s: %s %s for the programme, %s %s for the city after grants; payback %s.",
			v.Impact.Lead, roadmap.Money(im.Benefits.Mid), v.Currency, roadmap.Money(im.Benefits.Min), roadmap.Money(im.Benefits.Max),
			co2Clause(im.CO2PerYear), im.AppraisalYears, pct(im.DiscountRate), roadmap.Money(im.NPV), v.Currency,
			roadmap.Money(im.NPVCity), v.Currency, strings.ToLower(yearOr(im.PaybackYear)))
	} else if len(im.Missing) > 0 {
		s.Saves = "No saving can be quantified yet: the impact case lists the baseline figures the city should supply."
	} else {
		s.Saves = "None of this roadmap's initiatives has a benefit model in the catalog yet, so the impact case shows costs only; their KPIs measure what they deliver."
	}
	if len(im.Missing) > 0 {
		s.Saves += " " + missingBaselines(len(im.Missing))
	}
	cur := " " + v.Currency
	s.Figures = [][2]string{
		{"Initiatives scheduled", scheduledFigure(d)},
		{"Capex and running costs over the horizon", roadmap.Money(d.Totals.Total) + cur},
		{"Staff time over the horizon", staffFigure(d, cur)},
		{fmt.Sprintf("Running costs after the horizon, to %d", max(d.Totals.AfterHorizonTo, d.Impact.LastYear)), roadmap.Money(d.Totals.OpexAfterHorizon) + cur},
		{"Total cost of ownership, before grants", roadmap.Money(d.Totals.TCO) + cur},
		{"Grants planned; the city's own share", roadmap.Money(t.Grants) + cur + "; " + roadmap.Money(t.CityTotal) + cur},
		{"Quantified savings and CO2 avoided per year", savingsFigure(im, cur)},
		{fmt.Sprintf("Net present value (%d years, %s)", im.AppraisalYears, pct(im.DiscountRate)), roadmap.Money(im.NPV) + cur},
		{"Peak team time", fmt.Sprintf("%.1f of %.1f FTE", peakFTE(d), teamFTE(d))},
	}
}

// scheduledFigure counts the initiatives scheduled, the phases they fill
// and those deferred, in words that fit any number.
func scheduledFigure(d *roadmap.Roadmap) string {
	if len(d.Initiatives) == 0 {
		return fmt.Sprintf("none (%d deferred)", len(d.Deferred))
	}
	return fmt.Sprintf("%d in %s (%d deferred)", len(d.Initiatives), countWord(len(d.Phases), "phase"), len(d.Deferred))
}

// confidenceWords says how sure a figure is in the reader's words rather
// than the catalog's confidence codes.
func confidenceWords(c string) string {
	switch c {
	case "confirmed":
		return "confirmed in the source"
	case "secondary":
		return "from a secondary source"
	case "inferred":
		return "planning estimate"
	}
	return c
}

// co2Clause says how much CO2 is avoided a year, or that none is
// quantified, never "0 t".
func co2Clause(perYear float64) string {
	if perYear <= 0 {
		return "no CO2 saving is quantified yet"
	}
	return "CO2 avoided: " + roadmap.Money(perYear) + " t a year"
}

// savingsFigure is the yearly saving and CO2 avoided, or says that none is
// quantified yet rather than showing "0 EUR; 0 t".
func savingsFigure(im *roadmap.Impact, cur string) string {
	if im.Quantified == 0 {
		return "none quantified yet"
	}
	if im.CO2PerYear <= 0 {
		return roadmap.Money(im.Benefits.Mid) + cur + "; CO2 not quantified"
	}
	return roadmap.Money(im.Benefits.Mid) + cur + "; " + roadmap.Money(im.CO2PerYear) + " t CO2"
}

// missingBaselines says how many baseline figures are missing.
func missingBaselines(n int) string {
	if n == 1 {
		return "One baseline figure is missing to quantify more."
	}
	return fmt.Sprintf("%d baseline figures are missing to quantify more.", n)
}

func peakFTE(d *roadmap.Roadmap) float64 {
	peak := 0.0
	for _, c := range d.Capacity {
		peak = math.Max(peak, c.Used)
	}
	return peak
}

func teamFTE(d *roadmap.Roadmap) float64 {
	if len(d.Capacity) == 0 {
		return 0
	}
	return d.Capacity[0].Available
}

func (v *View) sources(d *roadmap.Roadmap) {
	v.Method = []string{d.Impact.Method, d.Funding.Method,
		"Appraisal period: " + d.Impact.AppraisalSource, "Discount rate: " + d.Impact.DiscountSource, d.Maturity.ScaleNote}
	seen := map[string]bool{}
	for _, ii := range d.Impact.Initiatives {
		for _, b := range ii.Benefits {
			if !seen[b.ID] {
				seen[b.ID] = true
				v.Sources = append(v.Sources, fmt.Sprintf("%s (%s): %s", b.Title, confidenceWords(b.Confidence), b.Source))
			}
		}
	}
	for _, p := range d.Funding.Programmes {
		v.Sources = append(v.Sources, fmt.Sprintf("%s (%s): %s", p.Name, confidenceWords(p.Confidence), p.Source))
	}
	if d.Council != nil {
		for _, r := range d.Council.Risks {
			v.Sources = append(v.Sources, fmt.Sprintf("Risk, %s: %s", strings.ToLower(r.Title), r.Source))
		}
	}
	v.Sources = append(v.Sources, "Policy brief: Getting started with setting up a smart city (European Commission, May 2025); catalog "+v.Catalog+".")
}

// produced writes the annex on how the report was made: what a consultant
// needs to reproduce it and an auditor to check it, kept out of the body.
func (v *View) produced(d *roadmap.Roadmap, in Input) {
	v.Produced = []string{
		fmt.Sprintf("Generated by citypath on %s from the city file (SHA-256 of its bytes %s) and the catalog %s (SHA-256 %s).", v.DateISO, d.InputSHA256, v.Catalog, d.Catalog.SHA256),
		"roadmap.json holds every figure and decision in this report; citypath render roadmap.json -o DIR writes the report again in any format, identical to this one.",
		fmt.Sprintf("The impact case is discounted at %s a year; citypath roadmap --discount-rate RATE computes it at another rate (for example 0.03 for 3%%).", pct(d.Impact.DiscountRate)),
	}
	if a := d.Assessment; a.Source != "" || a.Date != "" {
		v.Produced = append(v.Produced, fmt.Sprintf("Maturity assessment: %s, %s, scale %s, as recorded in the city file's assessment section.", firstNonEmpty(a.Source, "source not given"), firstNonEmpty(a.Date, "date not given"), firstNonEmpty(a.Scale, "not given")))
	}
	for _, m := range d.Impact.Missing {
		v.Produced = append(v.Produced, fmt.Sprintf("Missing baseline %q: add it under strategy.baselines in the city file (%s).", m.Key, m.What))
	}
	var keys []string
	for _, i := range d.Initiatives {
		for _, k := range i.KPIs {
			if k.BaselineKey != "" && !slices.Contains(keys, "strategy.baselines."+k.BaselineKey) {
				keys = append(keys, "strategy.baselines."+k.BaselineKey)
			}
		}
	}
	if len(keys) > 0 {
		v.Produced = append(v.Produced, "KPI baselines marked \"city figure\" come from the city file: "+strings.Join(keys, ", ")+".")
	}
	if d.Procurement != nil {
		v.Produced = append(v.Produced, "citypath tender CITYFILE --all -o DIR writes the tender packs of every contract in the procurement chapter.")
	}
}

func focusLabel(id string) string {
	if id == catalog.CrossCutting {
		return "cross-cutting"
	}
	return strings.ReplaceAll(id, "_", " ")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func yearOr(y int) string {
	if y == 0 {
		return "Not within the appraisal period"
	}
	return fmt.Sprint(y)
}

func pct(f float64) string { return roadmap.Percent(f) }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// staffFigure is the staff cost, or says that it is not costed.
func staffFigure(d *roadmap.Roadmap, cur string) string {
	if d.Staff.Source == "none" {
		return "not costed (no cost per FTE given)"
	}
	out := roadmap.Money(d.Totals.Staff) + cur
	if d.Staff.Source == "catalog-default" {
		out += " (country default, an assumption)"
	}
	return out
}

// withBuildsOn adds what an initiative builds on to its reason, so every
// format says it.
func withBuildsOn(why string, in roadmap.Initiative) string {
	if len(in.BuildsOn) == 0 {
		return why
	}
	return strings.TrimSpace(why + " Builds on " + strings.Join(in.BuildsOn, "; ") + ".")
}
