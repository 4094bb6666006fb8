package catalog

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/internal/yamlx"
)

// Phase ids, in the order a roadmap runs them.
const (
	PhaseFoundation = "foundation"
	PhaseGrowth     = "growth"
	PhaseAccelerate = "accelerate"
)

// Phases is the Helpdesk's Reference Roadmap sequence.
var Phases = []struct{ ID, Name string }{
	{PhaseFoundation, "Foundation"},
	{PhaseGrowth, "Growth"},
	{PhaseAccelerate, "Accelerate & Expand"},
}

// PhaseIndex returns the position of a phase id in Phases, or -1.
func PhaseIndex(id string) int {
	for i, p := range Phases {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// CrossCutting is the focus_area of initiatives that serve every focus area.
const CrossCutting = "cross-cutting"

// Meta is catalog.yaml: the catalog's identity and its maturity scale.
type Meta struct {
	Version     int     `yaml:"version" json:"version"`
	Name        string  `yaml:"name" json:"name"`
	Release     string  `yaml:"release" json:"release" jsonschema:"description=Release of the catalog content, e.g. 2026.11."`
	Description string  `yaml:"description" json:"description"`
	Replace     bool    `yaml:"replace,omitempty" json:"replace,omitempty" jsonschema:"description=In a --catalog directory: ignore the built-in catalog instead of overlaying it."`
	Levels      []Level `yaml:"levels" json:"levels"`
	// ScaleNote says plainly whose scale this is (citypath's, not LORDIMAS's).
	ScaleNote string `yaml:"scale_note" json:"scale_note"`
	// ReadinessLDP and ReadinessLDT weight dimensions into readiness scores.
	Readiness map[string]ReadinessModel `yaml:"readiness" json:"readiness"`
	// Upgrade is how an initiative the city partly has is planned when its
	// catalog entry has no upgrade variant of its own.
	Upgrade UpgradeDefault `yaml:"upgrade" json:"upgrade"`
	// ReadinessGain is how much a completed initiative raises each
	// dimension it names, to project readiness over the roadmap.
	ReadinessGain ReadinessGain `yaml:"readiness_gain" json:"readiness_gain"`
	// SmallerPilot is how the top focus area's pilot is scaled down when
	// the city's budget or team cannot carry it, so that no roadmap ends
	// without a pilot.
	SmallerPilot SmallerPilot `yaml:"smaller_pilot" json:"smaller_pilot"`
	// KPIOwners names who answers for the KPIs of cross-cutting
	// initiatives, by kind, and for any KPI no one else owns.
	KPIOwners KPIOwners `yaml:"kpi_owners" json:"kpi_owners"`
}

// KPIOwners are the default KPI owners: by initiative kind, then Default.
type KPIOwners struct {
	ByKind  map[string]string `yaml:"by_kind,omitempty" json:"by_kind,omitempty" jsonschema:"description=Role per initiative kind (enabler, pilot, scale-up...)."`
	Default string            `yaml:"default" json:"default"`
}

// KPIOwner is the role that answers for a KPI of an initiative in a focus
// area: the KPI's own owner, the initiative's, the focus area's, the
// catalog's for the initiative's kind, and last the catalog's default.
func (c *Catalog) KPIOwner(in *Initiative, k KPI) string {
	if k.Owner != "" {
		return k.Owner
	}
	if in.KPIOwner != "" {
		return in.KPIOwner
	}
	if fa := c.focusAreas[in.FocusArea]; fa != nil && fa.KPIOwner != "" {
		return fa.KPIOwner
	}
	if o := c.Meta.KPIOwners.ByKind[in.Kind]; o != "" {
		return o
	}
	return c.Meta.KPIOwners.Default
}

// ReadinessGain is a planning assumption: points per dimension raised.
type ReadinessGain struct {
	Points float64 `yaml:"points" json:"points"`
	Why    string  `yaml:"why" json:"why"`
}

// SmallerPilot scales a pilot down to a first, smaller stage.
type SmallerPilot struct {
	// Title is a format with one %s for the pilot's title.
	Title     string  `yaml:"title" json:"title"`
	CostShare float64 `yaml:"cost_share" json:"cost_share"`
	FTEShare  float64 `yaml:"fte_share" json:"fte_share"`
	Why       string  `yaml:"why" json:"why"`
}

// UpgradeDefault scales an initiative down to what is still missing.
type UpgradeDefault struct {
	// Title is a format with one %s for the initiative's title.
	Title         string  `yaml:"title" json:"title"`
	CostShare     float64 `yaml:"cost_share" json:"cost_share" jsonschema:"description=Share of the cost still to spend, (0, 1]."`
	DurationShare float64 `yaml:"duration_share" json:"duration_share" jsonschema:"description=Share of the duration still to run, (0, 1]."`
	Why           string  `yaml:"why" json:"why"`
}

// Level is one rung of the five-level maturity scale.
type Level struct {
	Level       int     `yaml:"level" json:"level"`
	Name        string  `yaml:"name" json:"name"`
	MinScore    float64 `yaml:"min_score" json:"min_score" jsonschema:"description=Lowest 0-100 score at this level."`
	Description string  `yaml:"description" json:"description"`
}

// ReadinessModel turns dimension scores into a 0-100 readiness for a
// Local Digital Platform (ldp) or Local Digital Twin (ldt).
type ReadinessModel struct {
	Name      string             `yaml:"name" json:"name"`
	Weights   map[string]float64 `yaml:"weights" json:"weights" jsonschema:"description=Weight per dimension id; normalised to sum 1."`
	Threshold float64            `yaml:"threshold" json:"threshold" jsonschema:"description=Readiness score from which the city counts as ready."`
	Why       string             `yaml:"why" json:"why"`
}

// Dimension is one of the seven assessment dimensions with citypath's own
// indicators.
type Dimension struct {
	Version     int         `yaml:"version" json:"version"`
	ID          string      `yaml:"id" json:"id"`
	Name        string      `yaml:"name" json:"name"`
	Order       int         `yaml:"order" json:"order"`
	Description string      `yaml:"description" json:"description"`
	Indicators  []Indicator `yaml:"indicators" json:"indicators"`
}

// Indicator is a sub-capability scored within a dimension. Levels holds one
// descriptor for each of the five levels, lowest first.
type Indicator struct {
	ID          string   `yaml:"id" json:"id"`
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description" json:"description"`
	Levels      []string `yaml:"levels" json:"levels"`
}

// FocusArea is a smart-city domain a city can prioritise.
type FocusArea struct {
	ID          string   `yaml:"id" json:"id"`
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description" json:"description"`
	SDMSubjects []string `yaml:"sdm_subjects,omitempty" json:"sdm_subjects,omitempty" jsonschema:"description=Smart Data Models subjects that usually serve this area."`
	// KPIOwner is the role that answers for the KPIs of the area's
	// initiatives, e.g. the head of the energy management unit.
	KPIOwner string `yaml:"kpi_owner" json:"kpi_owner"`
	Source   string `yaml:"source" json:"source"`
}

// FocusAreas is focus_areas.yaml.
type FocusAreas struct {
	Version    int         `yaml:"version" json:"version"`
	FocusAreas []FocusArea `yaml:"focus_areas" json:"focus_areas"`
}

// Initiative is a step a roadmap can contain.
type Initiative struct {
	Version     int    `yaml:"version" json:"version"`
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description"`
	Phase       string `yaml:"phase" json:"phase" jsonschema:"enum=foundation,enum=growth,enum=accelerate"`
	// Kind separates enablers from pilots and scale-ups, which the
	// "start small" rules reason about.
	Kind      string   `yaml:"kind" json:"kind" jsonschema:"enum=enabler,enum=pilot,enum=scale-up,enum=advanced"`
	FocusArea string   `yaml:"focus_area" json:"focus_area" jsonschema:"description=Focus area id or cross-cutting."`
	Raises    []string `yaml:"raises" json:"raises" jsonschema:"description=Dimension ids this initiative improves."`
	// Priority is the base priority, 1-5; rules and focus-area priorities adjust it.
	Priority       int      `yaml:"priority" json:"priority"`
	DurationMonths int      `yaml:"duration_months" json:"duration_months"`
	FTE            float64  `yaml:"fte" json:"fte" jsonschema:"description=City staff time while it runs, in FTE."`
	Cost           Cost     `yaml:"cost" json:"cost"`
	DependsOn      []string `yaml:"depends_on,omitempty" json:"depends_on,omitempty"`
	// StartsEarly lets an initiative start before the previous phase's gate,
	// held back only by its dependencies: only pilots that start small
	// declare it, and EarlyWhy says why in the roadmap.
	StartsEarly bool   `yaml:"starts_early,omitempty" json:"starts_early,omitempty"`
	EarlyWhy    string `yaml:"early_why,omitempty" json:"early_why,omitempty"`
	// TenderAfter lists what must have ended before the initiative's
	// tenders are published; by default every dependency. A scale-up's
	// tender waits for its pilot's go, not for the platform it will run on.
	TenderAfter []string `yaml:"tender_after,omitempty" json:"tender_after,omitempty"`
	// ReadyFor names a readiness model (ldp, ldt) the city must reach
	// before the initiative starts; the schedule projects readiness from
	// what it completes first.
	ReadyFor string   `yaml:"ready_for,omitempty" json:"ready_for,omitempty" jsonschema:"enum=ldp,enum=ldt"`
	MIMs     []string `yaml:"mims,omitempty" json:"mims,omitempty"`
	SDM      []string `yaml:"sdm,omitempty" json:"sdm,omitempty" jsonschema:"description=Smart Data Models entity types as Subject/EntityType."`
	KPIs     []KPI    `yaml:"kpis" json:"kpis"`
	// KPIOwner is the role that answers for the initiative's KPIs, when it
	// is not the focus area's (kpi_owner in focus_areas.yaml).
	KPIOwner    string              `yaml:"kpi_owner,omitempty" json:"kpi_owner,omitempty"`
	Milestones  []Milestone         `yaml:"milestones" json:"milestones"`
	Procurement []ProcurementObject `yaml:"procurement,omitempty" json:"procurement,omitempty"`
	FundingTags []string            `yaml:"funding_tags,omitempty" json:"funding_tags,omitempty"`
	Source      string              `yaml:"source" json:"source" jsonschema:"description=Where the initiative comes from: the brief, a note, a standard."`
	// Infer says when the city's facts show the initiative is already in
	// place, so that a city need not record everything by hand. The first
	// inference whose condition holds wins; the city's in_place overrides.
	Infer []Inference `yaml:"infer,omitempty" json:"infer,omitempty"`
	// Variants replace the initiative's scope, duration and cost in some
	// situations, most often an upgrade of what the city partly has.
	Variants []Variant `yaml:"variants,omitempty" json:"variants,omitempty"`
}

// Inference is one way of telling from a city's facts that an initiative is
// already in place.
type Inference struct {
	Status string `yaml:"status" json:"status" jsonschema:"enum=done,enum=running,enum=partial"`
	// When is a CEL condition over the facts; in_place holds what the city
	// recorded itself.
	When Expr `yaml:"when" json:"when" jsonschema:"type=string"`
	// Note says what exists, in the words the roadmap shows ("builds on ...").
	Note string `yaml:"note" json:"note"`
}

// Variant is another scope of an initiative. It applies when the
// initiative's state of play is State (any when empty) and When holds (always
// when empty); the first that applies replaces the fields it sets.
type Variant struct {
	ID             string              `yaml:"id" json:"id"`
	State          string              `yaml:"state,omitempty" json:"state,omitempty" jsonschema:"enum=partial,enum=none"`
	When           Expr                `yaml:"when,omitempty" json:"when,omitempty" jsonschema:"type=string"`
	Why            string              `yaml:"why" json:"why" jsonschema:"description=Why this scope, shown in the roadmap."`
	Title          string              `yaml:"title" json:"title"`
	Description    string              `yaml:"description,omitempty" json:"description,omitempty"`
	DurationMonths int                 `yaml:"duration_months,omitempty" json:"duration_months,omitempty"`
	FTE            float64             `yaml:"fte,omitempty" json:"fte,omitempty"`
	Cost           *Cost               `yaml:"cost,omitempty" json:"cost,omitempty"`
	Milestones     []Milestone         `yaml:"milestones,omitempty" json:"milestones,omitempty"`
	Procurement    []ProcurementObject `yaml:"procurement,omitempty" json:"procurement,omitempty"`
}

// Cost is an initiative's cost model in EUR at the catalog's price year: a
// fixed capital range and running cost, plus parts per unit of a quantity
// of the city (cost drivers), so that costs follow the city's size.
type Cost struct {
	CapexMin    float64    `yaml:"capex_min" json:"capex_min" jsonschema:"description=Fixed capital cost, low end, EUR."`
	CapexMax    float64    `yaml:"capex_max" json:"capex_max" jsonschema:"description=Fixed capital cost, high end, EUR."`
	OpexPerYear float64    `yaml:"opex_per_year" json:"opex_per_year" jsonschema:"description=Fixed running cost per year once complete, EUR."`
	Units       []CostUnit `yaml:"units,omitempty" json:"units,omitempty" jsonschema:"description=Parts that grow with a quantity of the city."`
	Basis       string     `yaml:"basis,omitempty" json:"basis,omitempty" jsonschema:"description=How the figures were estimated."`
	Source      string     `yaml:"source,omitempty" json:"source,omitempty" jsonschema:"description=Where the unit prices come from."`
	Confidence  string     `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// CostUnit is a cost per unit of a driver quantity. The quantity in scope is
// the city's quantity times Share, kept between AtLeast and AtMost (a pilot
// covers a handful of buildings whatever the city's size).
type CostUnit struct {
	Driver      string  `yaml:"driver" json:"driver" jsonschema:"description=Cost driver id in drivers.yaml."`
	CapexMin    float64 `yaml:"capex_min" json:"capex_min" jsonschema:"description=Capital cost per unit, low end, EUR."`
	CapexMax    float64 `yaml:"capex_max" json:"capex_max" jsonschema:"description=Capital cost per unit, high end, EUR."`
	OpexPerYear float64 `yaml:"opex_per_year,omitempty" json:"opex_per_year,omitempty" jsonschema:"description=Running cost per unit per year, EUR."`
	Share       float64 `yaml:"share,omitempty" json:"share,omitempty" jsonschema:"description=Share of the city's quantity in scope, (0, 1]; default 1."`
	AtLeast     float64 `yaml:"at_least,omitempty" json:"at_least,omitempty"`
	AtMost      float64 `yaml:"at_most,omitempty" json:"at_most,omitempty"`
	Note        string  `yaml:"note,omitempty" json:"note,omitempty"`
}

// Cost positions within a range: rules move an initiative's estimate to the
// low or high end where the city's situation says so.
const (
	PositionLow  = "low"
	PositionMid  = "mid"
	PositionHigh = "high"
)

// At returns the point of [lo, hi] at a position.
func At(position string, lo, hi float64) float64 {
	switch position {
	case PositionLow:
		return lo
	case PositionHigh:
		return hi
	}
	return (lo + hi) / 2
}

// KPI is a measure of an initiative's success.
type KPI struct {
	Name   string `yaml:"name" json:"name"`
	Unit   string `yaml:"unit" json:"unit"`
	Target string `yaml:"target,omitempty" json:"target,omitempty"`
	// Baseline names the strategy.baselines figure the KPI starts from,
	// when a city can give one; BaselineUnit says what that figure counts.
	// Without it, or when the city has not given the figure, the roadmap
	// says the baseline is measured before the work starts.
	Baseline     string `yaml:"baseline,omitempty" json:"baseline,omitempty" jsonschema:"description=strategy.baselines key the KPI's starting value comes from."`
	BaselineUnit string `yaml:"baseline_unit,omitempty" json:"baseline_unit,omitempty" jsonschema:"description=What the baseline figure counts, e.g. MWh a year."`
	// BaselineMoney says the figure is an amount in the city's currency,
	// which the roadmap puts before BaselineUnit.
	BaselineMoney bool `yaml:"baseline_money,omitempty" json:"baseline_money,omitempty"`
	// Owner is the role that answers for the KPI; by default the
	// initiative's kpi_owner, then its focus area's, then catalog.yaml's.
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty"`
}

// Milestone is a checkpoint at a month offset from the initiative's start.
// Month 0 is the first month; an offset past the duration means the last month.
type Milestone struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Month int    `yaml:"month" json:"month"`
}

// ProcurementObject is something the city buys for an initiative; tender
// packs are generated from it.
type ProcurementObject struct {
	ID    string   `yaml:"id" json:"id"`
	Title string   `yaml:"title" json:"title"`
	Type  string   `yaml:"type" json:"type" jsonschema:"enum=services,enum=supplies,enum=works"`
	CPV   []string `yaml:"cpv" json:"cpv" jsonschema:"description=CPV 2008 codes with check digit, e.g. 72000000-5; the first is the main code."`
	// Share is the fraction of the initiative's capex spent through this object.
	Share float64 `yaml:"share" json:"share"`
	// ContractYears is the contract term; opex over the term counts in the value.
	ContractYears int `yaml:"contract_years" json:"contract_years"`
	// Maturity of what is bought: off-the-shelf, adapted (needs adaptation or
	// design), or new (does not exist yet: innovation procurement).
	Maturity string   `yaml:"maturity" json:"maturity" jsonschema:"enum=off-the-shelf,enum=adapted,enum=new"`
	Lots     []string `yaml:"lots,omitempty" json:"lots,omitempty"`
	// Role overrides the contract role of the object's category, e.g. run
	// for hosting and operating what another object of the initiative
	// builds (tendering.yaml categories).
	Role string `yaml:"role,omitempty" json:"role,omitempty" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
}

// Rule decides, from a city's facts, which initiatives a roadmap contains and
// why. When is a CEL expression over the facts (see Env).
type Rule struct {
	Version   int      `yaml:"version" json:"version"`
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	When      Expr     `yaml:"when" json:"when" jsonschema:"type=string,description=CEL condition over city, strategy, infra, assessment-derived scores and focus."`
	Why       string   `yaml:"why" json:"why"`
	Source    string   `yaml:"source" json:"source"`
	Include   []string `yaml:"include,omitempty" json:"include,omitempty"`
	Exclude   []string `yaml:"exclude,omitempty" json:"exclude,omitempty"`
	Raise     []string `yaml:"raise,omitempty" json:"raise,omitempty"`
	Lower     []string `yaml:"lower,omitempty" json:"lower,omitempty"`
	By        int      `yaml:"by,omitempty" json:"by,omitempty" jsonschema:"description=How many priority points raise/lower moves. Default 1."`
	Recommend string   `yaml:"recommend,omitempty" json:"recommend,omitempty" jsonschema:"description=Advice shown to the city when the rule fires."`
	// Cost moves the estimate of initiatives within their cost range.
	Cost *RuleCost `yaml:"cost,omitempty" json:"cost,omitempty"`
}

// RuleCost sets where in their cost range the estimates of initiatives sit.
type RuleCost struct {
	Position    string   `yaml:"position" json:"position" jsonschema:"enum=low,enum=mid,enum=high"`
	Initiatives []string `yaml:"initiatives" json:"initiatives"`
}

// MIM is a Minimal Interoperability Mechanism as MIMs Plus v5.0 numbers it.
type MIM struct {
	ID           string     `yaml:"id" json:"id"`
	Name         string     `yaml:"name" json:"name"`
	Short        string     `yaml:"short" json:"short"`
	Status       string     `yaml:"status" json:"status" jsonschema:"description=Status in the MIMs Plus v5.0 table."`
	Purpose      string     `yaml:"purpose" json:"purpose"`
	Standards    []Standard `yaml:"standards" json:"standards"`
	Verification string     `yaml:"verification" json:"verification"`
	// Draft is the new-format successor under redrafting, shown marked draft.
	Draft  string `yaml:"draft,omitempty" json:"draft,omitempty"`
	Source string `yaml:"source" json:"source"`
}

// Standard is a specification a MIM cites.
type Standard struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
}

// MIMs is mims.yaml.
type MIMs struct {
	Version int    `yaml:"version" json:"version"`
	Edition string `yaml:"edition" json:"edition" jsonschema:"description=e.g. MIMs Plus v5.0 (June 2022)."`
	Source  string `yaml:"source" json:"source"`
	MIMs    []MIM  `yaml:"mims" json:"mims"`
}

// Programme is a funding programme an initiative can draw on. Rates and
// deadlines are dated facts: they carry a source and a validity period.
type Programme struct {
	Version    int    `yaml:"version" json:"version"`
	ID         string `yaml:"id" json:"id"`
	Name       string `yaml:"name" json:"name"`
	Management string `yaml:"management" json:"management" jsonschema:"enum=direct,enum=shared,enum=national,enum=support"`
	Route      string `yaml:"route" json:"route" jsonschema:"description=Who the city applies to."`
	// Rate is the EU co-financing rate of eligible cost, 0-1. RatesByRegion
	// overrides it by the city's region category where the rate depends on it.
	Rate          float64            `yaml:"rate" json:"rate"`
	RatesByRegion map[string]float64 `yaml:"rates_by_region,omitempty" json:"rates_by_region,omitempty"`
	RateNote      string             `yaml:"rate_note,omitempty" json:"rate_note,omitempty"`
	// Eligible is a CEL condition over the facts plus `initiative`.
	Eligible   Expr   `yaml:"eligible" json:"eligible" jsonschema:"type=string"`
	RateSource string `yaml:"rate_source,omitempty" json:"rate_source,omitempty" jsonschema:"description=The article that sets the rate."`
	// WorkUntil is a hard last date for funded work (RRF: 2026-12-31).
	WorkUntil       string `yaml:"work_until,omitempty" json:"work_until,omitempty"`
	WorkUntilSource string `yaml:"work_until_source,omitempty" json:"work_until_source,omitempty"`
	// EligibleFrom and EligibleUntil bound the period in which funded
	// expenditure may be incurred; the part of an initiative outside it is
	// not co-financed. Not to be confused with ValidUntil.
	EligibleFrom      string `yaml:"eligible_from,omitempty" json:"eligible_from,omitempty"`
	EligibleUntil     string `yaml:"eligible_until,omitempty" json:"eligible_until,omitempty"`
	EligibilitySource string `yaml:"eligibility_source,omitempty" json:"eligibility_source,omitempty"`
	// BeforeApplication is what the programme allows of work done before
	// the application: completed-excluded (work may have started but not
	// finished, Regulation (EU) 2021/1060 Art. 63(6)), no-retroactivity (no
	// work before the application) or not-applicable (support in kind).
	BeforeApplication       string `yaml:"before_application,omitempty" json:"before_application,omitempty" jsonschema:"enum=completed-excluded,enum=no-retroactivity,enum=not-applicable"`
	BeforeApplicationSource string `yaml:"before_application_source,omitempty" json:"before_application_source,omitempty"`
	// Application says how and when the city applies; ApplyLeadMonths is
	// how long preparing the first application takes from the roadmap's
	// start, a planning assumption (default 3).
	Application string `yaml:"application,omitempty" json:"application,omitempty"`
	// ApplyUntil is the last date an application can be made under the
	// programme's current period (the last calls), where it is earlier than
	// the end of eligible expenditure.
	ApplyUntil      string   `yaml:"apply_until,omitempty" json:"apply_until,omitempty"`
	ApplyLeadMonths int      `yaml:"apply_lead_months,omitempty" json:"apply_lead_months,omitempty"`
	Phases          []string `yaml:"phases,omitempty" json:"phases,omitempty"`
	// ValidFrom and ValidUntil are how long the catalog's facts about the
	// programme (rates, rules) hold, e.g. its multiannual period.
	ValidFrom  string `yaml:"valid_from" json:"valid_from"`
	ValidUntil string `yaml:"valid_until" json:"valid_until"`
	Source     string `yaml:"source" json:"source"`
	Confidence string `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// Before-application rules of funding programmes.
const (
	CompletedExcluded = "completed-excluded"
	NoRetroactivity   = "no-retroactivity"
	NotApplicable     = "not-applicable"
)

// Expr is a CEL expression as written in YAML, with where it starts so that
// compile errors point into the file.
type Expr struct {
	Text string
	Pos  yamlx.Pos
	// Block is true for | and > scalars, whose text starts on the next line.
	Block bool
	// Quoted is true for '...' and "..." scalars, whose text starts one column in.
	Quoted bool
}

// UnmarshalYAMLNode implements yamlx.Unmarshaler.
func (e *Expr) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("expected a CEL expression as text")
	}
	e.Text = n.Value
	e.Pos = yamlx.Pos{Line: n.Line, Col: n.Column}
	e.Block = n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	e.Quoted = n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
	return nil
}

// MarshalText writes the expression as its text.
func (e Expr) MarshalText() ([]byte, error) { return []byte(e.Text), nil }

// String returns the expression text on one line.
func (e Expr) String() string { return strings.Join(strings.Fields(e.Text), " ") }

// Benefit says how to compute part of an initiative's yearly benefit from a
// figure the city gives in strategy.baselines: the share of the baseline the
// initiative reaches times a saving range. Benefits are only as good as their
// source, so each model names it and how sure it is.
type Benefit struct {
	Version    int    `yaml:"version" json:"version"`
	ID         string `yaml:"id" json:"id"`
	Initiative string `yaml:"initiative" json:"initiative" jsonschema:"description=Id of the initiative the benefit belongs to."`
	Title      string `yaml:"title" json:"title"`
	// Baseline is the strategy.baselines key, a yearly amount in the city's
	// currency; BaselineDoc tells the city what figure to supply.
	Baseline    string `yaml:"baseline" json:"baseline"`
	BaselineDoc string `yaml:"baseline_doc" json:"baseline_doc"`
	// Coverage is the share of the baseline the initiative reaches, e.g. a
	// pilot in a fifth of the buildings.
	Coverage     float64 `yaml:"coverage" json:"coverage" jsonschema:"description=Share of the baseline the initiative reaches, (0, 1]."`
	CoverageNote string  `yaml:"coverage_note,omitempty" json:"coverage_note,omitempty"`
	// SavingMin and SavingMax bound the share of the covered baseline saved
	// per year once the initiative is complete.
	SavingMin  float64     `yaml:"saving_min" json:"saving_min"`
	SavingMax  float64     `yaml:"saving_max" json:"saving_max"`
	CO2        *CO2Benefit `yaml:"co2,omitempty" json:"co2,omitempty"`
	Source     string      `yaml:"source" json:"source"`
	Confidence string      `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// CO2Benefit turns the same saving into CO2 avoided: a physical baseline
// (e.g. MWh per year) times an emission factor from impact.yaml.
type CO2Benefit struct {
	Baseline    string `yaml:"baseline" json:"baseline"`
	BaselineDoc string `yaml:"baseline_doc" json:"baseline_doc"`
	Factor      string `yaml:"factor" json:"factor" jsonschema:"description=Emission factor id in impact.yaml."`
}

// ImpactMeta is impact.yaml: how impact cases are appraised and the
// emission factors they use.
type ImpactMeta struct {
	Version int `yaml:"version" json:"version"`
	// AppraisalYears is how many calendar years, from the roadmap's first,
	// costs and benefits are counted for the net present value.
	AppraisalYears  int              `yaml:"appraisal_years" json:"appraisal_years"`
	AppraisalSource string           `yaml:"appraisal_source" json:"appraisal_source"`
	DiscountSource  string           `yaml:"discount_source" json:"discount_source" jsonschema:"description=Where the default discount rate comes from."`
	EmissionFactors []EmissionFactor `yaml:"emission_factors" json:"emission_factors"`
}

// EmissionFactor is tonnes of CO2 per unit of a physical baseline. Override
// names a baseline key with which a city replaces it by its own figure.
type EmissionFactor struct {
	ID         string  `yaml:"id" json:"id"`
	Name       string  `yaml:"name" json:"name"`
	Unit       string  `yaml:"unit" json:"unit" jsonschema:"description=e.g. t CO2 per MWh."`
	Value      float64 `yaml:"value" json:"value"`
	Override   string  `yaml:"override,omitempty" json:"override,omitempty"`
	Note       string  `yaml:"note,omitempty" json:"note,omitempty"`
	Source     string  `yaml:"source" json:"source"`
	ValidFrom  string  `yaml:"valid_from" json:"valid_from"`
	ValidUntil string  `yaml:"valid_until" json:"valid_until"`
}
