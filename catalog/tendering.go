package catalog

// The types in this file are the catalog's procurement knowledge: EU
// thresholds, procedures and their time limits, award criteria, the policy
// that dates a tender, and the requirement library tender packs draw from.
// Like the rest of the catalog they are data with sources, decoded strictly.

// Thresholds is one period's EU procurement thresholds. They change every two
// years by delegated regulation, so each set is a dated fact.
type Thresholds struct {
	Version    int      `yaml:"version" json:"version"`
	ID         string   `yaml:"id" json:"id"`
	Title      string   `yaml:"title" json:"title"`
	LegalBasis []string `yaml:"legal_basis" json:"legal_basis" jsonschema:"description=The delegated regulations that set these amounts."`
	Currency   string   `yaml:"currency" json:"currency" jsonschema:"enum=EUR"`
	// NationalSource is the Commission communication giving the national
	// currency values.
	NationalSource string           `yaml:"national_source,omitempty" json:"national_source,omitempty"`
	Values         []ThresholdValue `yaml:"values" json:"values"`
	ValidFrom      string           `yaml:"valid_from" json:"valid_from"`
	ValidUntil     string           `yaml:"valid_until" json:"valid_until"`
	Source         string           `yaml:"source" json:"source"`
	Confidence     string           `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// ThresholdValue is the amount, net of VAT, from which the directive applies
// to these authority and contract types.
type ThresholdValue struct {
	Authorities []string `yaml:"authorities" json:"authorities" jsonschema:"description=Contracting authority types: sub-central, central."`
	Contracts   []string `yaml:"contracts" json:"contracts" jsonschema:"description=Contract types: supplies, services, works, social (Annex XIV services)."`
	Amount      float64  `yaml:"amount" json:"amount"`
	Article     string   `yaml:"article" json:"article" jsonschema:"description=Where the directive sets it, e.g. Directive 2014/24/EU Art. 4(c)."`
	// National holds the amount in the national currencies of member states
	// outside the euro area, as the Commission publishes them (Directive
	// 2014/24/EU Art. 6(2)); those amounts, not a conversion, apply there.
	National map[string]float64 `yaml:"national,omitempty" json:"national,omitempty" jsonschema:"description=Amount per ISO 4217 currency as the Commission publishes it."`
}

// Procedure is an award procedure a tender can follow. Procedures are tried
// in Order; the first whose Recommend condition holds is recommended.
type Procedure struct {
	Version int    `yaml:"version" json:"version"`
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Article string `yaml:"article" json:"article" jsonschema:"description=Legal basis of the procedure."`
	Order   int    `yaml:"order" json:"order" jsonschema:"description=Position in which recommendations are tried; lower first."`
	// Recommend is a CEL condition over the facts, `initiative` and
	// `procurement`. An empty condition never recommends the procedure; it
	// is then only listed as an alternative.
	Recommend Expr   `yaml:"recommend,omitempty" json:"recommend,omitempty" jsonschema:"type=string"`
	Reason    string `yaml:"reason" json:"reason" jsonschema:"description=Why the procedure fits when its condition holds, shown to the procurement officer."`
	// OCDSMethod is the OCDS 1.1.5 procurementMethod code (closed codelist).
	OCDSMethod string `yaml:"ocds_method" json:"ocds_method" jsonschema:"enum=open,enum=selective,enum=limited,enum=direct"`
	EFormsCode string `yaml:"eforms_code,omitempty" json:"eforms_code,omitempty" jsonschema:"description=eForms procurement-procedure-type code."`
	// QualityAward is true where the directive allows only the best
	// price-quality ratio (competitive dialogue, innovation partnership).
	QualityAward bool        `yaml:"quality_award,omitempty" json:"quality_award,omitempty"`
	TimeLimits   []TimeLimit `yaml:"time_limits,omitempty" json:"time_limits,omitempty"`
	Plan         StagePlan   `yaml:"plan" json:"plan"`
	Alternatives string      `yaml:"alternatives,omitempty" json:"alternatives,omitempty"`
	Source       string      `yaml:"source" json:"source"`
	Confidence   string      `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
	// Mechanics say how a procedure with a selection stage runs.
	Mechanics *Mechanics `yaml:"mechanics,omitempty" json:"mechanics,omitempty"`
}

// TimeLimit is a legal minimum number of calendar days for one stage.
type TimeLimit struct {
	Stage string `yaml:"stage" json:"stage" jsonschema:"enum=requests,enum=tenders"`
	Days  int    `yaml:"days" json:"days"`
	// ElectronicDays is the minimum when tenders are submitted
	// electronically, which EU procedures require; 0 when no reduction.
	ElectronicDays int    `yaml:"electronic_days,omitempty" json:"electronic_days,omitempty"`
	Reductions     string `yaml:"reductions,omitempty" json:"reductions,omitempty"`
	LegalBasis     string `yaml:"legal_basis" json:"legal_basis"`
	Confidence     string `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// Minimum is the applicable minimum: the electronic one where it exists.
func (t TimeLimit) Minimum() int {
	if t.ElectronicDays > 0 {
		return t.ElectronicDays
	}
	return t.Days
}

// StagePlan is how many calendar days citypath plans for each stage of the
// procedure; never less than the legal minimum.
type StagePlan struct {
	Requests   int `yaml:"requests,omitempty" json:"requests,omitempty" jsonschema:"description=Period for requests to participate."`
	Selection  int `yaml:"selection,omitempty" json:"selection,omitempty" jsonschema:"description=Checking requests and inviting candidates."`
	Dialogue   int `yaml:"dialogue,omitempty" json:"dialogue,omitempty" jsonschema:"description=Negotiation, dialogue or R&D phases before final tenders."`
	Tenders    int `yaml:"tenders" json:"tenders"`
	Evaluation int `yaml:"evaluation" json:"evaluation"`
}

// AwardCriteria is a default set of award criteria for a kind of purchase.
// Sets are tried in Order; the first whose Applies condition holds is used.
type AwardCriteria struct {
	Version  int         `yaml:"version" json:"version"`
	ID       string      `yaml:"id" json:"id"`
	Title    string      `yaml:"title" json:"title"`
	Order    int         `yaml:"order" json:"order"`
	Applies  Expr        `yaml:"applies" json:"applies" jsonschema:"type=string"`
	Method   string      `yaml:"method" json:"method" jsonschema:"enum=best-price-quality-ratio,enum=cost,enum=price"`
	Criteria []Criterion `yaml:"criteria" json:"criteria"`
	Why      string      `yaml:"why" json:"why"`
	Source   string      `yaml:"source" json:"source"`
}

// Criterion is one award criterion with its weight in percent.
type Criterion struct {
	ID          string  `yaml:"id" json:"id"`
	Name        string  `yaml:"name" json:"name"`
	Type        string  `yaml:"type" json:"type" jsonschema:"enum=price,enum=cost,enum=quality"`
	Weight      float64 `yaml:"weight" json:"weight" jsonschema:"description=Percent; the weights of a set sum to 100."`
	Description string  `yaml:"description" json:"description"`
	// Scores say what earns each score of the scale (tendering.yaml's
	// scoring), lowest first; without them the scale's own texts apply.
	Scores []string `yaml:"scores,omitempty" json:"scores,omitempty"`
}

// Tendering is tendering.yaml: the policy that turns a procurement object
// into a dated tender (value, options, categories, stages around the
// procedure) and the selection criteria every pack states.
type Tendering struct {
	Version int `yaml:"version" json:"version"`
	// Categories sort procurement objects by their main CPV code, so that
	// requirement and award rules can say "software" rather than list codes.
	Categories       []Category       `yaml:"categories" json:"categories"`
	Options          []OptionRule     `yaml:"options,omitempty" json:"options,omitempty"`
	Joint            JointProcurement `yaml:"joint_procurement" json:"joint_procurement"`
	MarketEngagement Stage            `yaml:"market_engagement" json:"market_engagement"`
	Standstill       Stage            `yaml:"standstill" json:"standstill"`
	Mobilisation     Stage            `yaml:"mobilisation" json:"mobilisation"`
	// CallOff is a call-off from a framework agreement: the short
	// competition among its suppliers that awards one lot's work.
	CallOff Stage `yaml:"call_off" json:"call_off"`
	// FrameworkYears is the longest term of a framework agreement
	// (Directive 2014/24/EU Art. 33(1): four years).
	FrameworkYears int      `yaml:"framework_years,omitempty" json:"framework_years,omitempty"`
	Selection      []Clause `yaml:"selection" json:"selection"`
	Lots           Clause   `yaml:"lots" json:"lots"`
	Responses      []string `yaml:"responses" json:"responses" jsonschema:"description=Answers a bidder can give in the compliance matrix, best first."`
	// ProcurementMilestones are initiative milestone ids that stand for the
	// purchase itself (tender published, contract signed); the plan dates
	// the purchase before the initiative, so packs leave them out.
	ProcurementMilestones []string `yaml:"procurement_milestones,omitempty" json:"procurement_milestones,omitempty"`
	Bidders               int      `yaml:"bidders" json:"bidders" jsonschema:"description=Bidder columns in the evaluation grid."`
	// Prerequisites are what must have ended before a tender is published,
	// beyond the initiative's own (tender_after): e.g. the impact case before
	// an above-threshold commitment when no political sponsor backs it.
	Prerequisites []TenderPrerequisite `yaml:"prerequisites,omitempty" json:"prerequisites,omitempty"`
	// TenderFTE is the team time one tender takes from market engagement to
	// signature, counted against the team's capacity.
	TenderFTE float64 `yaml:"tender_fte" json:"tender_fte"`
	// Boundaries are the sentences a specification uses to state its scope
	// against the related contracts of the plan; the first that fits a
	// related contract is used.
	Boundaries []Boundary `yaml:"boundaries,omitempty" json:"boundaries,omitempty"`
	// OCDSPrefixes is the list of registered OCDS ocid prefixes the catalog
	// knows; a buyer's prefix outside it is warned about.
	OCDSPrefixes *OCDSPrefixes `yaml:"ocds_prefixes,omitempty" json:"ocds_prefixes,omitempty"`
	Source       string        `yaml:"source" json:"source"`
	// Instructions and Scoring are what the instructions to tenderers and
	// the evaluation grid state (contract.go).
	Instructions Instructions `yaml:"instructions" json:"instructions"`
	Scoring      Scoring      `yaml:"scoring" json:"scoring"`
}

// Contract roles say what part of an initiative's purchase a contract
// takes: building or configuring a system, running one another contract
// builds, supplying equipment, advising, construction works. They decide
// which contract of an initiative takes a requirement that several could
// (RequirementSet.Owner) and how specifications state their boundaries.
var contractRoles = []string{"build", "run", "supply", "advise", "works"}

// Boundary is the sentence stating the scope of a contract against one
// related contract. Relation is same (another contract of the initiative),
// builds-on (a contract of an initiative this one depends on) or built-on
// (a contract of an initiative that depends on this one). Role and Other
// narrow it to the contract roles of this and the related contract; empty
// matches any. Text may use {contract} (the related contract's id),
// {title} (its title), {initiative} (its initiative's title), {signed}
// (its planned signature) and {this} (this contract's title).
type Boundary struct {
	Relation string `yaml:"relation" json:"relation" jsonschema:"enum=same,enum=builds-on,enum=built-on"`
	Role     string `yaml:"role,omitempty" json:"role,omitempty" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
	Other    string `yaml:"other,omitempty" json:"other,omitempty" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
	Text     string `yaml:"text" json:"text"`
}

// boundaryFields are the placeholders a boundary text may use.
var boundaryFields = []string{"{contract}", "{title}", "{initiative}", "{signed}", "{this}"}

// OCDSPrefixes is a dated copy of the ocid prefixes registered with the
// Open Contracting Partnership, the only issuer of OCDS prefixes.
type OCDSPrefixes struct {
	// Register is where the full official list is published.
	Register string `yaml:"register" json:"register"`
	AsOf     string `yaml:"as_of" json:"as_of" jsonschema:"description=Date the list was taken, YYYY-MM-DD."`
	// Complete is false when the catalog holds only the prefixes it could
	// cite, not the whole register: then a prefix outside it may still be
	// registered, and the warning says so.
	Complete bool         `yaml:"complete" json:"complete"`
	Prefixes []OCDSPrefix `yaml:"prefixes" json:"prefixes"`
	Source   string       `yaml:"source" json:"source"`
}

// OCDSPrefix is one registered prefix and who it was registered for.
type OCDSPrefix struct {
	Prefix    string `yaml:"prefix" json:"prefix" jsonschema:"pattern=^ocds-[a-z0-9]{6}$"`
	Publisher string `yaml:"publisher" json:"publisher"`
	Source    string `yaml:"source" json:"source"`
}

// Registered reports whether the list holds a prefix.
func (o *OCDSPrefixes) Registered(prefix string) bool {
	if o == nil {
		return false
	}
	for _, p := range o.Prefixes {
		if p.Prefix == prefix {
			return true
		}
	}
	return false
}

// TenderPrerequisite makes tenders whose condition holds wait for the
// initiatives After.
type TenderPrerequisite struct {
	When  Expr     `yaml:"when" json:"when" jsonschema:"type=string"`
	After []string `yaml:"after" json:"after"`
	Why   string   `yaml:"why" json:"why"`
}

// Category is a kind of purchase recognised by CPV prefix; the longest
// matching prefix of the main CPV code wins.
type Category struct {
	ID       string   `yaml:"id" json:"id"`
	Name     string   `yaml:"name" json:"name"`
	Prefixes []string `yaml:"cpv_prefixes" json:"cpv_prefixes"`
	// Role is the contract role of the category's purchases unless a
	// procurement object names its own.
	Role string `yaml:"role" json:"role" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
}

// OptionRule adds an option (an extension or renewal) to the objects its
// condition selects; options count in the estimated value (Art. 5(1)).
type OptionRule struct {
	Applies Expr   `yaml:"applies" json:"applies" jsonschema:"type=string"`
	Years   int    `yaml:"years" json:"years"`
	What    string `yaml:"what" json:"what"`
	Why     string `yaml:"why" json:"why"`
}

// JointProcurement says when a city should buy together with others.
type JointProcurement struct {
	When       Expr   `yaml:"when" json:"when" jsonschema:"type=string"`
	Advice     string `yaml:"advice" json:"advice"`
	LegalBasis string `yaml:"legal_basis" json:"legal_basis"`
	Source     string `yaml:"source" json:"source"`
}

// Stage is a fixed period around the procedure, with its basis.
type Stage struct {
	Days       int    `yaml:"days" json:"days"`
	What       string `yaml:"what" json:"what"`
	LegalBasis string `yaml:"legal_basis" json:"legal_basis"`
	// AboveThresholdOnly is true for stages only EU procedures need.
	AboveThresholdOnly bool   `yaml:"above_threshold_only,omitempty" json:"above_threshold_only,omitempty"`
	Confidence         string `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// Clause is a piece of tender text with its legal basis.
type Clause struct {
	ID         string `yaml:"id" json:"id"`
	Title      string `yaml:"title" json:"title"`
	Text       string `yaml:"text" json:"text"`
	LegalBasis string `yaml:"legal_basis" json:"legal_basis"`
}

// RequirementSet is one file of the requirement library: requirements on
// one subject (a MIM, exit, security, accessibility, a focus area). Applies
// decides whether the set enters a tender; each requirement may narrow it.
type RequirementSet struct {
	Version int    `yaml:"version" json:"version"`
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	Section string `yaml:"section" json:"section" jsonschema:"enum=general,enum=mims,enum=functional,enum=exit,enum=security,enum=accessibility"`
	MIM     string `yaml:"mim,omitempty" json:"mim,omitempty" jsonschema:"description=MIMs Plus v5.0 id the set puts into practice, e.g. MIM1."`
	Order   int    `yaml:"order" json:"order"`
	Intro   string `yaml:"intro,omitempty" json:"intro,omitempty"`
	Applies Expr   `yaml:"applies" json:"applies" jsonschema:"type=string"`
	// Levels set the level of the set's requirements by the kind and size
	// of the contract; a requirement's own levels are tried first.
	Levels []LevelRule `yaml:"levels,omitempty" json:"levels,omitempty"`
	// Owner is the contract role that takes the set's requirements when
	// several contracts of one initiative would get them; without it, or
	// without a contract of that role, the first contract of the
	// initiative's procurement list that they apply to takes them.
	Owner        string        `yaml:"owner,omitempty" json:"owner,omitempty" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
	Requirements []Requirement `yaml:"requirements" json:"requirements"`
	Source       string        `yaml:"source" json:"source"`
}

// LevelRule makes requirements MUST or SHOULD where its CEL condition over
// the facts, `initiative` and `procurement` holds: proportionate to the
// contract (Directive 2014/24/EU Art. 18(1) and 42(2)).
type LevelRule struct {
	When  Expr   `yaml:"when" json:"when" jsonschema:"type=string"`
	Level string `yaml:"level" json:"level" jsonschema:"enum=MUST,enum=SHOULD"`
	Why   string `yaml:"why" json:"why" jsonschema:"description=Why the level differs there, for the buyer."`
}

// Requirement is one statement a tenderer must (MUST) or should (SHOULD)
// meet; SHOULD statements are scored rather than excluding.
type Requirement struct {
	ID       string   `yaml:"id" json:"id"`
	Level    string   `yaml:"level" json:"level" jsonschema:"enum=MUST,enum=SHOULD"`
	Text     string   `yaml:"text" json:"text"`
	Cites    string   `yaml:"cites" json:"cites" jsonschema:"description=The standard or MIM requirement the statement puts into practice."`
	Evidence string   `yaml:"evidence,omitempty" json:"evidence,omitempty" jsonschema:"description=What the tenderer hands in to show it."`
	SDM      []string `yaml:"sdm,omitempty" json:"sdm,omitempty" jsonschema:"description=Smart Data Models entity types as Subject/EntityType."`
	Applies  Expr     `yaml:"applies,omitempty" json:"applies,omitempty" jsonschema:"type=string,description=Extra CEL condition; the set's condition must hold too."`
	Optional bool     `yaml:"optional,omitempty" json:"optional,omitempty" jsonschema:"description=Outside the recommended core set."`
	// Levels are tried before the set's; the first whose condition holds
	// gives the level, else Level.
	Levels []LevelRule `yaml:"levels,omitempty" json:"levels,omitempty"`
	// Owner overrides the set's owner role for this requirement.
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty" jsonschema:"enum=build,enum=run,enum=supply,enum=advise,enum=works"`
	// Interface declares a requirement about the interface between the
	// contracts of one initiative: it may appear in each of them. The text
	// says why, for the reader of both.
	Interface  string `yaml:"interface,omitempty" json:"interface,omitempty" jsonschema:"description=Why the requirement belongs in every contract of the initiative it applies to (the interface between them)."`
	Confidence string `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// RoleOf is the contract role of a procurement object: its own, else its
// category's.
func (t *Tendering) RoleOf(po ProcurementObject) string {
	if po.Role != "" {
		return po.Role
	}
	cat := t.CategoryOf(po.CPV[0])
	for _, c := range t.Categories {
		if c.ID == cat {
			return c.Role
		}
	}
	return ""
}
