package city

// File is a city file: who the city is, where it stands, what it wants and
// what it already runs. The YAML keys are the `yaml` tags; the same names are
// what catalog rule conditions (CEL) see, so a consultant reads one vocabulary.
type File struct {
	City           City           `yaml:"city" json:"city"`
	Assessment     Assessment     `yaml:"assessment" json:"assessment"`
	Strategy       Strategy       `yaml:"strategy" json:"strategy"`
	Infrastructure Infrastructure `yaml:"infrastructure" json:"infrastructure"`
	// InPlace is the state of play: what the city already has, per catalog
	// initiative, so that a roadmap builds on it instead of buying it again.
	InPlace []InPlace `yaml:"in_place,omitempty" json:"in_place,omitempty" jsonschema:"description=What already exists, per catalog initiative id: done, running or partial. Overrides what citypath infers from the infrastructure section; status none says an inference is wrong."`
	// Assets are the quantities the catalog's cost models are driven by.
	Assets map[string]float64 `yaml:"assets,omitempty" json:"assets,omitempty" jsonschema:"description=Quantities that size costs, by cost driver id (citypath catalog list drivers), e.g. municipal_buildings: 85. Missing ones are estimated from the population and flagged."`
}

// InPlace records one initiative the city has already carried out, runs, or
// has partly. Done and running initiatives are not planned again and count
// as met for what depends on them; a partial one is planned as its upgrade.
type InPlace struct {
	Initiative string `yaml:"initiative" json:"initiative" jsonschema:"maxLength=200,description=Catalog initiative id (citypath catalog list initiatives)."`
	Status     string `yaml:"status" json:"status" jsonschema:"description=done: finished; running: in operation; partial: exists but must be completed or upgraded; none: not in place whatever citypath infers.,enum=done,enum=running,enum=partial,enum=none"`
	Since      string `yaml:"since,omitempty" json:"since,omitempty" jsonschema:"description=Since when, YYYY-MM or YYYY; not after the assessment date.,pattern=^[0-9]{4}(-(0[1-9]|1[0-2]))?$"`
	Note       string `yaml:"note,omitempty" json:"note,omitempty" jsonschema:"maxLength=2000,description=What exists, in a few words, shown where the roadmap builds on it."`
	Evidence   string `yaml:"evidence,omitempty" json:"evidence,omitempty" jsonschema:"maxLength=2000,description=Where it is documented: a report, a contract, a web page."`
}

// State-of-play statuses.
const (
	StatusDone    = "done"
	StatusRunning = "running"
	StatusPartial = "partial"
	StatusNone    = "none"
)

// City identifies the municipality and the authority that buys for it.
type City struct {
	Name           string `yaml:"name" json:"name" jsonschema:"maxLength=200,description=Official name of the city or community."`
	Country        string `yaml:"country" json:"country" jsonschema:"description=ISO 3166-1 alpha-2 country code, e.g. CZ.,pattern=^[A-Z]{2}$"`
	Population     int    `yaml:"population" json:"population" jsonschema:"maximum=100000000,description=Inhabitants.,minimum=1"`
	Region         string `yaml:"region,omitempty" json:"region,omitempty" jsonschema:"maxLength=200,description=Region name."`
	NUTS           string `yaml:"nuts,omitempty" json:"nuts,omitempty" jsonschema:"maxLength=200,description=NUTS code of the region, e.g. CZ020."`
	RegionCategory string `yaml:"region_category,omitempty" json:"region_category,omitempty" jsonschema:"description=Cohesion-policy category of the region, which sets ERDF co-financing.,enum=less-developed,enum=transition,enum=more-developed"`
	Language       string `yaml:"language,omitempty" json:"language,omitempty" jsonschema:"maxLength=200,description=BCP 47 language tag of the city's documents, e.g. cs."`
	Currency       string `yaml:"currency,omitempty" json:"currency,omitempty" jsonschema:"maxLength=200,description=ISO 4217 currency of the budget figures. Default EUR.,default=EUR"`
	AuthorityType  string `yaml:"authority_type,omitempty" json:"authority_type,omitempty" jsonschema:"description=Contracting authority type under Directive 2014/24/EU. Default sub-central.,enum=sub-central,enum=central,default=sub-central"`
	StartMonth     string `yaml:"start_month" json:"start_month" jsonschema:"description=First month of the roadmap as YYYY-MM in the years 1900-2999.,pattern=^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"`
	Buyer          Buyer  `yaml:"buyer,omitempty" json:"buyer,omitempty" jsonschema:"description=The contracting authority as it appears in tenders."`
}

// Buyer is the contracting authority's identity in tender documents and OCDS.
type Buyer struct {
	LegalName  string  `yaml:"legal_name,omitempty" json:"legal_name,omitempty" jsonschema:"maxLength=200"`
	Identifier string  `yaml:"identifier,omitempty" json:"identifier,omitempty" jsonschema:"maxLength=200,description=Registration number, e.g. the Czech IČO."`
	Scheme     string  `yaml:"scheme,omitempty" json:"scheme,omitempty" jsonschema:"maxLength=200,description=org-id.guide scheme of the identifier, e.g. CZ-ICO."`
	Address    Address `yaml:"address,omitempty" json:"address,omitempty"`
	Contact    Contact `yaml:"contact,omitempty" json:"contact,omitempty"`
	OCIDPrefix string  `yaml:"ocid_prefix,omitempty" json:"ocid_prefix,omitempty" jsonschema:"maxLength=200,description=OCDS ocid prefix registered for the publisher, e.g. ocds-abc123."`
	Website    string  `yaml:"website,omitempty" json:"website,omitempty" jsonschema:"maxLength=200"`
	// TenderPlatform and ReviewBody are what an eForms contract notice
	// needs beyond the rest: where the documents are and tenders go, and
	// who hears appeals where the catalog has no review body for the country.
	TenderPlatform string      `yaml:"tender_platform,omitempty" json:"tender_platform,omitempty" jsonschema:"maxLength=200,description=Address (https://...) of the buyer's e-procurement platform or buyer profile, where the procurement documents are published and tenders submitted. Default: website."`
	ReviewBody     *ReviewBody `yaml:"review_body,omitempty" json:"review_body,omitempty" jsonschema:"description=The body that hears procurement appeals, for the eForms notice. Default: the catalog's review body for the country."`
}

// ReviewBody is the body that hears appeals against the buyer's
// procurement decisions.
type ReviewBody struct {
	LegalName  string  `yaml:"legal_name" json:"legal_name" jsonschema:"maxLength=200"`
	Identifier string  `yaml:"identifier" json:"identifier" jsonschema:"maxLength=200,description=Registration number."`
	Address    Address `yaml:"address" json:"address"`
	Website    string  `yaml:"website,omitempty" json:"website,omitempty" jsonschema:"maxLength=200"`
}

// Address is a postal address.
type Address struct {
	Street     string `yaml:"street,omitempty" json:"street,omitempty" jsonschema:"maxLength=200"`
	Locality   string `yaml:"locality,omitempty" json:"locality,omitempty" jsonschema:"maxLength=200"`
	PostalCode string `yaml:"postal_code,omitempty" json:"postal_code,omitempty" jsonschema:"maxLength=200"`
	Country    string `yaml:"country,omitempty" json:"country,omitempty" jsonschema:"pattern=^[A-Z]{2}$,description=ISO 3166-1 alpha-2 country code such as CZ."`
	NUTS       string `yaml:"nuts,omitempty" json:"nuts,omitempty" jsonschema:"pattern=^[A-Z]{2}[0-9A-Z]{3}$,description=NUTS 3 code of the address, e.g. CZ020, for the eForms notice. Default: city.nuts when it is a NUTS 3 code."`
}

// Contact is the person tenderers write to.
type Contact struct {
	Name      string `yaml:"name,omitempty" json:"name,omitempty" jsonschema:"maxLength=200"`
	Email     string `yaml:"email,omitempty" json:"email,omitempty" jsonschema:"maxLength=200"`
	Telephone string `yaml:"telephone,omitempty" json:"telephone,omitempty" jsonschema:"maxLength=200"`
}

// Assessment holds maturity results, from LORDIMAS or another instrument.
type Assessment struct {
	Date   string `yaml:"date" json:"date" jsonschema:"description=When the assessment was made, YYYY-MM-DD."`
	Source string `yaml:"source" json:"source" jsonschema:"description=Instrument used.,enum=lordimas,enum=self-assessment,enum=helpdesk,enum=other"`
	// Scale says how scores are written: 0-100 (normalised) or 1-5 (levels).
	Scale      string                     `yaml:"scale,omitempty" json:"scale,omitempty" jsonschema:"description=How the scores below are written. Default 0-100.,enum=0-100,enum=1-5,default=0-100"`
	Dimensions map[string]DimensionResult `yaml:"dimensions" json:"dimensions" jsonschema:"description=Results per dimension id (governance, service_design, data_management, interoperability, service_delivery, technology, networking)."`
}

// DimensionResult is either one score for the dimension or scores per
// indicator, with an optional target level.
type DimensionResult struct {
	Score      *float64           `yaml:"score,omitempty" json:"score,omitempty" jsonschema:"description=Dimension score on the assessment's scale."`
	Indicators map[string]float64 `yaml:"indicators,omitempty" json:"indicators,omitempty" jsonschema:"description=Scores per indicator id on the assessment's scale."`
	Target     int                `yaml:"target,omitempty" json:"target,omitempty" jsonschema:"description=Target maturity level 1-5 at the end of the roadmap.,minimum=1,maximum=5"`
	Note       string             `yaml:"note,omitempty" json:"note,omitempty" jsonschema:"maxLength=2000"`
}

// Strategy is what the city wants and what it can spend.
type Strategy struct {
	FocusAreas       []FocusArea        `yaml:"focus_areas" json:"focus_areas"`
	Objectives       []string           `yaml:"objectives,omitempty" json:"objectives,omitempty" jsonschema:"maxLength=200,description=Strategic objectives, e.g. co2-reduction, cost-reduction, service-quality, transparency, resilience."`
	HorizonYears     int                `yaml:"horizon_years" json:"horizon_years" jsonschema:"minimum=1,maximum=10"`
	BudgetPerYear    float64            `yaml:"budget_per_year" json:"budget_per_year" jsonschema:"maximum=1000000000000,description=Money the city can commit per calendar year to the programme, in its currency.,minimum=0"`
	BudgetBasis      string             `yaml:"budget_basis,omitempty" json:"budget_basis,omitempty" jsonschema:"description=What budget_per_year caps: gross (capex and opex before grants) or city_share (what the city pays after the grants the plan counts on). Default gross.,enum=gross,enum=city_share,default=gross"`
	Team             Team               `yaml:"team" json:"team"`
	PoliticalSponsor bool               `yaml:"political_sponsor" json:"political_sponsor" jsonschema:"description=Whether the mayor or council formally backs the programme."`
	Sponsor          string             `yaml:"sponsor,omitempty" json:"sponsor,omitempty" jsonschema:"maxLength=200,description=Who backs it, e.g. mayor, council."`
	Cooperation      []string           `yaml:"cooperation,omitempty" json:"cooperation,omitempty" jsonschema:"maxLength=200,description=Networks and projects the city already belongs to."`
	Baselines        map[string]float64 `yaml:"baselines,omitempty" json:"baselines,omitempty" jsonschema:"description=Figures for impact cases, e.g. building_energy_spend, water_losses_m3, waste_collection_cost."`
	Funding          []string           `yaml:"funding,omitempty" json:"funding,omitempty" jsonschema:"maxLength=200,description=Funding programme ids the city already uses or prefers."`
}

// FocusArea is one strategic sector with its priority (5 = highest).
type FocusArea struct {
	ID       string `yaml:"id" json:"id"`
	Priority int    `yaml:"priority" json:"priority" jsonschema:"minimum=1,maximum=5"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty" jsonschema:"maxLength=2000"`
}

// Team is the programme's staff capacity in full-time equivalents.
type Team struct {
	InternalFTE   float64 `yaml:"internal_fte" json:"internal_fte" jsonschema:"maximum=100000,minimum=0"`
	ContractedFTE float64 `yaml:"contracted_fte,omitempty" json:"contracted_fte,omitempty" jsonschema:"maximum=100000,minimum=0"`
	// CostPerFTE is what one full-time person costs the city a year, salary
	// and employer charges, in the city's currency.
	CostPerFTE float64 `yaml:"cost_per_fte,omitempty" json:"cost_per_fte,omitempty" jsonschema:"maximum=100000000,description=Yearly cost of one full-time team member (salary and employer charges) in the city's currency. Without it the catalog's country default is used and flagged as an assumption.,minimum=0"`
}

// Infrastructure is the city's IT inventory.
type Infrastructure struct {
	Systems        []System     `yaml:"systems,omitempty" json:"systems,omitempty"`
	DataPlatform   string       `yaml:"data_platform" json:"data_platform" jsonschema:"enum=none,enum=siloed,enum=central"`
	OpenDataPortal bool         `yaml:"open_data_portal,omitempty" json:"open_data_portal,omitempty"`
	GIS            bool         `yaml:"gis,omitempty" json:"gis,omitempty"`
	Connectivity   Connectivity `yaml:"connectivity,omitempty" json:"connectivity,omitempty"`
	Sensors        []Sensor     `yaml:"sensors,omitempty" json:"sensors,omitempty"`
	Hosting        string       `yaml:"hosting,omitempty" json:"hosting,omitempty" jsonschema:"enum=on-premises,enum=cloud,enum=hybrid,enum=shared-service"`
	Security       Security     `yaml:"security,omitempty" json:"security,omitempty"`
	ITStaffFTE     float64      `yaml:"it_staff_fte,omitempty" json:"it_staff_fte,omitempty" jsonschema:"maximum=100000,minimum=0"`
}

// System is one application in the inventory.
type System struct {
	Name      string   `yaml:"name" json:"name" jsonschema:"maxLength=200"`
	Domain    string   `yaml:"domain,omitempty" json:"domain,omitempty" jsonschema:"maxLength=200,description=Focus area id or a department."`
	Vendor    string   `yaml:"vendor,omitempty" json:"vendor,omitempty" jsonschema:"maxLength=200"`
	OpenAPI   bool     `yaml:"open_api,omitempty" json:"open_api,omitempty"`
	Standards []string `yaml:"standards,omitempty" json:"standards,omitempty" jsonschema:"maxLength=200"`
}

// Connectivity lists the networks the city can use.
type Connectivity struct {
	Fibre  bool     `yaml:"fibre,omitempty" json:"fibre,omitempty"`
	Mobile []string `yaml:"mobile,omitempty" json:"mobile,omitempty" jsonschema:"maxLength=200,description=Mobile networks available, e.g. 4g, 5g."`
	LPWAN  []string `yaml:"lpwan,omitempty" json:"lpwan,omitempty" jsonschema:"maxLength=200,description=Low-power networks, e.g. lorawan, nb-iot."`
}

// Sensor is a kind of sensor already deployed.
type Sensor struct {
	Type   string `yaml:"type" json:"type" jsonschema:"maxLength=200"`
	Count  int    `yaml:"count,omitempty" json:"count,omitempty" jsonschema:"minimum=0,maximum=100000000"`
	Domain string `yaml:"domain,omitempty" json:"domain,omitempty" jsonschema:"maxLength=200"`
}

// Security is the city's information-security practice.
type Security struct {
	ISO27001         bool `yaml:"iso27001,omitempty" json:"iso27001,omitempty"`
	IncidentResponse bool `yaml:"incident_response,omitempty" json:"incident_response,omitempty"`
	DPO              bool `yaml:"dpo,omitempty" json:"dpo,omitempty" jsonschema:"description=A data protection officer is appointed."`
}

// Budget bases.
const (
	BudgetGross     = "gross"
	BudgetCityShare = "city_share"
)

// Capacity is the team's total FTE.
func (t Team) Capacity() float64 { return t.InternalFTE + t.ContractedFTE }
