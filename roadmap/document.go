package roadmap

// SchemaVersion is the version of the roadmap.json format.
const SchemaVersion = "1"

// Roadmap is roadmap.json: everything citypath decided for one city, and why.
// Every list is sorted by a stable key so that the same inputs always give
// the same bytes.
type Roadmap struct {
	Schema          string           `json:"schema_version"`
	City            CitySummary      `json:"city"`
	Catalog         CatalogRef       `json:"catalog"`
	InputSHA256     string           `json:"input_sha256" jsonschema:"description=SHA-256 of the city file bytes."`
	Assessment      AssessmentRef    `json:"assessment"`
	Horizon         Horizon          `json:"horizon"`
	Maturity        Maturity         `json:"maturity"`
	Readiness       []Readiness      `json:"readiness"`
	FocusAreas      []FocusChoice    `json:"focus_areas"`
	Recommendations []Recommendation `json:"recommendations"`
	// Money says which currency amounts are in and how catalog EUR were
	// converted; Quantities lists the city quantities costs were sized by;
	// Staff is the cost of team time; InPlace is the state of play.
	Money       MoneyRef        `json:"money"`
	Quantities  []Quantity      `json:"quantities"`
	Staff       Staff           `json:"staff"`
	InPlace     []State         `json:"in_place" jsonschema:"description=What the city already has, recorded or inferred, and what the roadmap does with it."`
	Phases      []Phase         `json:"phases"`
	EmptyPhases []EmptyPhase    `json:"empty_phases" jsonschema:"description=Phases with nothing in this roadmap, and why."`
	Initiatives []Initiative    `json:"initiatives"`
	Milestones  []Milestone     `json:"milestones"`
	Deferred    []Left          `json:"deferred"`
	Excluded    []Left          `json:"excluded"`
	Budget      []BudgetYear    `json:"budget"`
	Capacity    []CapacityMonth `json:"capacity"`
	Totals      Totals          `json:"totals"`
	Funding     *Funding        `json:"funding,omitempty" jsonschema:"description=Funding plan: programmes per initiative, co-financing and the city's own share."`
	Impact      *Impact         `json:"impact,omitempty" jsonschema:"description=Impact case: costs, benefits, net present value, payback and CO2 per initiative and for the roadmap."`
	// Procurement is filled by procurement.PlanStep when the catalog holds
	// tender data; absent otherwise.
	Procurement *ProcurementPlan `json:"procurement,omitempty"`
	Council     *Council         `json:"council,omitempty" jsonschema:"description=What the council is asked to decide, the risks and the next steps, with the authority's details (decisions.go)."`
}

// CitySummary identifies the city.
type CitySummary struct {
	Name          string `json:"name"`
	Country       string `json:"country"`
	Population    int    `json:"population"`
	Region        string `json:"region,omitempty"`
	NUTS          string `json:"nuts,omitempty"`
	Language      string `json:"language,omitempty"`
	Currency      string `json:"currency"`
	AuthorityType string `json:"authority_type"`
}

// CatalogRef says which facts were used.
type CatalogRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
}

// AssessmentRef says where the maturity figures came from.
type AssessmentRef struct {
	Date   string `json:"date"`
	Source string `json:"source"`
	Scale  string `json:"scale"`
}

// Horizon is the roadmap's time window: months from Start to End inclusive.
type Horizon struct {
	Start  string `json:"start" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	End    string `json:"end" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	Months int    `json:"months"`
}

// Maturity is the scored assessment.
type Maturity struct {
	Overall    float64          `json:"overall"`
	Level      int              `json:"level"`
	LevelName  string           `json:"level_name"`
	Dimensions []DimensionScore `json:"dimensions"`
	ScaleNote  string           `json:"scale_note"`
}

// DimensionScore is one dimension's score, level, target and gap.
type DimensionScore struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Score       float64          `json:"score" jsonschema:"minimum=0,maximum=100"`
	Level       int              `json:"level" jsonschema:"minimum=1,maximum=5"`
	LevelName   string           `json:"level_name"`
	Target      int              `json:"target" jsonschema:"minimum=1,maximum=5"`
	TargetName  string           `json:"target_name"`
	TargetScore float64          `json:"target_score"`
	Gap         float64          `json:"gap" jsonschema:"description=Score points between the score and the target level's lowest score; 0 when reached."`
	Indicators  []IndicatorScore `json:"indicators"`
}

// IndicatorScore is one indicator's normalised score, when the city gave it.
type IndicatorScore struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	Level int     `json:"level"`
}

// Readiness is readiness for a Local Digital Platform or Twin.
type Readiness struct {
	ID        string  `json:"id" jsonschema:"enum=ldp,enum=ldt"`
	Name      string  `json:"name"`
	Score     float64 `json:"score"`
	Threshold float64 `json:"threshold"`
	Ready     bool    `json:"ready"`
	Why       string  `json:"why"`
	// Planned is the readiness once the selected initiatives are done;
	// ReadyBy the month the schedule reaches the threshold, if it does.
	Planned      float64 `json:"planned"`
	PlannedReady bool    `json:"planned_ready"`
	ReadyBy      string  `json:"ready_by,omitempty"`
}

// FocusChoice is a focus area the city chose.
type FocusChoice struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Priority int    `json:"priority"`
	Top      bool   `json:"top"`
	// Pilot says, from the schedule, what happens to the area's pilot.
	Pilot string `json:"pilot,omitempty"`
}

// Recommendation is advice attached by a rule that fired.
type Recommendation struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// Phase is one Reference Roadmap phase as scheduled.
type Phase struct {
	ID          string `json:"id" jsonschema:"enum=foundation,enum=growth,enum=accelerate"`
	Name        string `json:"name"`
	Start       string `json:"start" jsonschema:"description=First month of the phase's window: the month after the previous gate."`
	End         string `json:"end" jsonschema:"description=Last month of the window, when its gate is held."`
	Initiatives int    `json:"initiatives"`
	// Gate is the council's decision at the end of the window, generated
	// from what is done and running by then.
	Gate string `json:"gate"`
	// RunsAhead lists pilots of this phase that start before its window,
	// as the brief's "start small" allows.
	RunsAhead []string `json:"runs_ahead,omitempty"`
}

// EmptyPhase is a Reference Roadmap phase with nothing in this roadmap.
type EmptyPhase struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

// Reason is why an initiative is in the roadmap: a rule and its text.
type Reason struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// KPI is a measure of success with what it starts from, what it should
// reach, by when and who answers for it (KPIStep).
type KPI struct {
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Target string `json:"target" jsonschema:"minLength=1"`
	// Baseline is the starting value in words: the city's own figure, or
	// when it is to be measured. BaselineKey and BaselineValue are the
	// strategy.baselines figure it comes from, when the city gave it.
	Baseline      string  `json:"baseline" jsonschema:"minLength=1,description=The starting value in words: the city's figure or when it is measured."`
	BaselineKey   string  `json:"baseline_key,omitempty" jsonschema:"description=The strategy.baselines key the baseline comes from."`
	BaselineValue float64 `json:"baseline_value,omitempty"`
	// Due is the month the target is due: a pilot's go/no-go decision or
	// the initiative's completion; DueAt says which.
	Due   string `json:"due" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	DueAt string `json:"due_at" jsonschema:"enum=go-no-go,enum=completion"`
	Owner string `json:"owner" jsonschema:"minLength=1,description=The role that answers for the KPI."`
}

// Initiative is a scheduled initiative.
type Initiative struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	Phase          string   `json:"phase"`
	Kind           string   `json:"kind"`
	FocusArea      string   `json:"focus_area"`
	Start          string   `json:"start" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	End            string   `json:"end" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	StartMonth     int      `json:"start_month" jsonschema:"description=Months from the roadmap start, 0-based."`
	DurationMonths int      `json:"duration_months"`
	DependsOn      []string `json:"depends_on"`
	FTE            float64  `json:"fte"`
	Priority       int      `json:"priority"`
	Cost           Cost     `json:"cost"`
	Variant        string   `json:"variant,omitempty" jsonschema:"description=The catalog variant planned instead of the base scope, e.g. upgrade."`
	VariantWhy     string   `json:"variant_why,omitempty"`
	BuildsOn       []string `json:"builds_on,omitempty" jsonschema:"description=What the city already has that this initiative builds on."`
	MIMs           []string `json:"mims"`
	SDM            []string `json:"sdm"`
	Raises         []string `json:"raises"`
	KPIs           []KPI    `json:"kpis"`
	FundingTags    []string `json:"funding_tags"`
	Reasons        []Reason `json:"reasons"`
	HeldBack       []string `json:"held_back,omitempty" jsonschema:"description=What delayed the start past the earliest month."`
	Early          string   `json:"early,omitempty" jsonschema:"description=Why it starts before its phase's gate."`
	PriorityTrail  []string `json:"priority_trail,omitempty" jsonschema:"description=Why its priority was raised by what depends on it."`
}

// Milestone is a dated checkpoint of an initiative or a phase gate.
type Milestone struct {
	ID         string `json:"id"`
	Initiative string `json:"initiative,omitempty"`
	Phase      string `json:"phase,omitempty"`
	Date       string `json:"date" jsonschema:"pattern=^[0-9]{4}-[0-9]{2}$"`
	Title      string `json:"title"`
	Kind       string `json:"kind" jsonschema:"enum=checkpoint,enum=completion,enum=decision,enum=tender,enum=contract,enum=gate"`
}

// Left is an initiative left out: deferred (no room) or excluded (a rule).
type Left struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
	Rule   string `json:"rule,omitempty"`
}

// BudgetYear is spending in one calendar year against the cap.
type BudgetYear struct {
	Year  int     `json:"year"`
	Capex float64 `json:"capex"`
	Opex  float64 `json:"opex"`
	Total float64 `json:"total" jsonschema:"description=Capex plus opex: what the yearly cap applies to (before grants unless the budget basis is city_share)."`
	Cap   float64 `json:"cap" jsonschema:"description=budget_per_year prorated to the months of the year inside the horizon."`
	// Staff is the cost of the team time the initiatives use, which the
	// city pays from its payroll rather than the programme budget.
	Staff float64 `json:"staff" jsonschema:"description=Cost of the team FTE the initiatives use in the year."`
	FTE   float64 `json:"fte" jsonschema:"description=Average team FTE used in the year."`
}

// CapacityMonth is team time used against what is available.
type CapacityMonth struct {
	Month     string  `json:"month"`
	Used      float64 `json:"used"`
	Available float64 `json:"available"`
}

// Totals sums the roadmap.
type Totals struct {
	Initiatives int     `json:"initiatives"`
	Capex       float64 `json:"capex"`
	Opex        float64 `json:"opex" jsonschema:"description=Opex within the horizon."`
	Total       float64 `json:"total" jsonschema:"description=Capex plus opex within the horizon."`
	Staff       float64 `json:"staff" jsonschema:"description=Cost of the team time the initiatives use within the horizon."`
	// OpexAfterHorizon is the running cost that continues after the
	// horizon, to the end of the impact case's appraisal period.
	OpexAfterHorizon float64 `json:"opex_after_horizon"`
	AfterHorizonTo   int     `json:"after_horizon_to,omitempty" jsonschema:"description=Last year counted in opex_after_horizon."`
	// TCO is the total cost of ownership: total, staff and the running
	// cost after the horizon. Includes says so in words.
	TCO      float64 `json:"tco"`
	Includes string  `json:"includes"`
}
