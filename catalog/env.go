package catalog

import (
	"reflect"
	"sync/atomic"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"

	"github.com/citypath/citypath/city"
)

// Facts is everything a rule condition can see about a city: its file, plus
// values derived from the assessment. Field names are the CEL names.
type Facts struct {
	City      city.City
	Strategy  city.Strategy
	Infra     city.Infrastructure
	Scores    map[string]float64 // dimension id → 0-100
	Levels    map[string]int64   // dimension id → level 1-5
	Targets   map[string]int64   // dimension id → target level 1-5
	Gaps      map[string]float64 // dimension id → score points still to gain
	Overall   float64
	Readiness map[string]float64 // "ldp", "ldt" → 0-100
	Ready     map[string]bool    // "ldp", "ldt" → readiness at or above threshold
	// PlannedReadiness and PlannedReady are readiness once the initiatives
	// the roadmap selects are done (projected with the readiness gain).
	PlannedReadiness map[string]float64
	PlannedReady     map[string]bool
	Focus            map[string]int64 // chosen focus area id → priority 1-5
	TopFocus         string
	// InPlace maps initiative ids to their state of play (done, running,
	// partial): what the city recorded, and once inferences have run, what
	// they found too.
	InPlace map[string]string
	// Assets holds the cost driver quantities the city gave.
	Assets map[string]float64

	// spent is the CEL cost of the conditions evaluated for these facts,
	// against MaxCostPerGeneration.
	spent atomic.Uint64
	// failed is the first error a condition gave at run time for these
	// facts, returned by every later evaluation.
	failed atomic.Pointer[error]
}

// InitiativeFacts is what a funding eligibility condition sees of the
// initiative it is asked about, as the variable `initiative`.
type InitiativeFacts struct {
	ID          string   `yaml:"id"`
	Phase       string   `yaml:"phase"`
	Kind        string   `yaml:"kind"`
	FocusArea   string   `yaml:"focus_area"`
	FundingTags []string `yaml:"funding_tags"`
	Capex       float64  `yaml:"capex"`
	StartYear   int64    `yaml:"start_year"`
	EndYear     int64    `yaml:"end_year"`
	// Tender conditions also see what the initiative is about and buys.
	MIMs []string `yaml:"mims"`
	SDM  []string `yaml:"sdm"`
	Buys []string `yaml:"buys"`
	// Roles are the contract roles of its procurement objects (build,
	// run, supply, advise, works), so that a requirement can say "where
	// another contract runs what this one builds".
	Roles []string `yaml:"roles"`
}

// ProcurementFacts is what a tender condition sees of the procurement object
// it is asked about, as the variable `procurement`.
type ProcurementFacts struct {
	ID             string   `yaml:"id"`
	Type           string   `yaml:"type"`
	Category       string   `yaml:"category"`
	CPV            []string `yaml:"cpv"`
	Maturity       string   `yaml:"maturity"`
	Lots           []string `yaml:"lots"`
	Role           string   `yaml:"role"`
	ContractYears  int64    `yaml:"contract_years"`
	Value          float64  `yaml:"value"`
	AboveThreshold bool     `yaml:"above_threshold"`
}

// Variables documents each CEL variable for `citypath catalog show env`.
var Variables = []struct{ Name, Type, Doc string }{
	{"city", "city.City", "the city section of the city file (name, country, population, region_category, ...)"},
	{"strategy", "city.Strategy", "the strategy section (focus_areas, objectives, horizon_years, budget_per_year, team, political_sponsor, baselines, ...)"},
	{"infra", "city.Infrastructure", "the infrastructure section (systems, data_platform, open_data_portal, gis, connectivity, sensors, hosting, security, it_staff_fte)"},
	{"scores", "map(string, double)", "dimension id → score 0-100"},
	{"levels", "map(string, int)", "dimension id → maturity level 1-5"},
	{"targets", "map(string, int)", "dimension id → target level 1-5"},
	{"gaps", "map(string, double)", "dimension id → score points between the score and the target level"},
	{"overall", "double", "mean of the dimension scores"},
	{"readiness", "map(string, double)", "ldp, ldt → readiness 0-100"},
	{"ready", "map(string, bool)", "ldp, ldt → readiness at or above the catalog threshold"},
	{"planned_readiness", "map(string, double)", "ldp, ldt → readiness once the initiatives the roadmap selects are done"},
	{"planned_ready", "map(string, bool)", "ldp, ldt → planned_readiness at or above the threshold; rules see today's readiness on the first pass"},
	{"focus", "map(string, int)", "chosen focus area id → priority 1-5; use has(focus.mobility)"},
	{"top_focus", "string", "the focus area with the highest priority (ties: first listed)"},
	{"in_place", "map(string, string)", "initiative id → state of play (done, running, partial), recorded or inferred; inference conditions see only what the city recorded. Use 'smart-city-team' in in_place"},
	{"assets", "map(string, double)", "cost driver id → quantity the city gave in assets"},
	{"initiative", "catalog.InitiativeFacts", "funding eligibility and tender conditions: id, phase, kind, focus_area, funding_tags, capex, start_year, end_year; tender conditions also mims, sdm, buys (categories of its procurement objects), roles (their contract roles)"},
	{"procurement", "catalog.ProcurementFacts", "tender conditions only: id, type, category, cpv, maturity, lots, role (build, run, supply, advise, works), contract_years, value (EUR incl. options; 0 in options conditions), above_threshold"},
}

// newEnv declares the CEL environment. With initiative set, the variable
// `initiative` is declared too (funding eligibility conditions).
func newEnv(initiative bool) (*cel.Env, error) {
	opts := []cel.EnvOption{
		ext.NativeTypes(
			reflect.TypeOf(city.City{}),
			reflect.TypeOf(city.Strategy{}),
			reflect.TypeOf(city.Infrastructure{}),
			reflect.TypeOf(InitiativeFacts{}),
			ext.ParseStructTag("yaml"),
		),
		ext.Strings(),
		cel.CrossTypeNumericComparisons(true),
		cel.Variable("city", cel.ObjectType("city.City")),
		cel.Variable("strategy", cel.ObjectType("city.Strategy")),
		cel.Variable("infra", cel.ObjectType("city.Infrastructure")),
		cel.Variable("scores", cel.MapType(cel.StringType, cel.DoubleType)),
		cel.Variable("levels", cel.MapType(cel.StringType, cel.IntType)),
		cel.Variable("targets", cel.MapType(cel.StringType, cel.IntType)),
		cel.Variable("gaps", cel.MapType(cel.StringType, cel.DoubleType)),
		cel.Variable("overall", cel.DoubleType),
		cel.Variable("readiness", cel.MapType(cel.StringType, cel.DoubleType)),
		cel.Variable("ready", cel.MapType(cel.StringType, cel.BoolType)),
		cel.Variable("planned_readiness", cel.MapType(cel.StringType, cel.DoubleType)),
		cel.Variable("planned_ready", cel.MapType(cel.StringType, cel.BoolType)),
		cel.Variable("focus", cel.MapType(cel.StringType, cel.IntType)),
		cel.Variable("top_focus", cel.StringType),
		cel.Variable("in_place", cel.MapType(cel.StringType, cel.StringType)),
		cel.Variable("assets", cel.MapType(cel.StringType, cel.DoubleType)),
	}
	if initiative {
		opts = append(opts, cel.Variable("initiative", cel.ObjectType("catalog.InitiativeFacts")))
	}
	return cel.NewEnv(opts...)
}

// activation binds a condition's variables: the facts, and the variables
// some kinds of condition add (initiative, procurement, plan), each nil
// where it is not bound. It resolves a name when the condition reads it:
// building a map of every variable for every evaluation took a tenth of
// the time of planning a city.
type activation struct {
	f                             *Facts
	initiative, procurement, plan any
}

// bind starts an activation on the facts.
func (f *Facts) bind() *activation { return &activation{f: f} }

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	f := a.f
	switch name {
	case "city":
		return f.City, true
	case "strategy":
		return f.Strategy, true
	case "infra":
		return f.Infra, true
	case "scores":
		return f.Scores, true
	case "levels":
		return f.Levels, true
	case "targets":
		return f.Targets, true
	case "gaps":
		return f.Gaps, true
	case "overall":
		return f.Overall, true
	case "readiness":
		return f.Readiness, true
	case "ready":
		return f.Ready, true
	case "planned_readiness":
		return nonNilMap(f.PlannedReadiness), true
	case "planned_ready":
		return nonNilMap(f.PlannedReady), true
	case "focus":
		return f.Focus, true
	case "top_focus":
		return f.TopFocus, true
	case "in_place":
		return nonNilMap(f.InPlace), true
	case "assets":
		return nonNilMap(f.Assets), true
	case "initiative":
		return a.initiative, a.initiative != nil
	case "procurement":
		return a.procurement, a.procurement != nil
	case "plan":
		return a.plan, a.plan != nil
	}
	return nil, false
}

// Parent implements interpreter.Activation: there is none.
func (a *activation) Parent() interpreter.Activation { return nil }

// newTenderEnv declares the environment of tender conditions (procedures,
// award criteria, options, joint procurement, requirements): the funding
// environment plus `procurement`.
func newTenderEnv() (*cel.Env, error) {
	base, err := newEnv(true)
	if err != nil {
		return nil, err
	}
	return base.Extend(
		ext.NativeTypes(reflect.TypeOf(ProcurementFacts{}), ext.ParseStructTag("yaml")),
		cel.Variable("procurement", cel.ObjectType("catalog.ProcurementFacts")),
	)
}

// Cost is the CEL cost spent so far on conditions evaluated for these facts.
func (f *Facts) Cost() uint64 { return f.spent.Load() }

func nonNilMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}
