package roadmap

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/document"
)

// ProcurementPlan is the procurement section of roadmap.json: one contract
// per procurement object of every scheduled initiative, valued, checked
// against the EU threshold of its publication date, with the recommended
// procedure and dates that award it before the initiative starts. The
// procurement package fills it in (procurement.PlanStep).
type ProcurementPlan struct {
	Currency   string          `json:"currency" jsonschema:"description=Currency of all amounts; catalog costs and EU thresholds are in EUR."`
	Thresholds []ThresholdsRef `json:"thresholds" jsonschema:"description=The threshold sets the contracts were checked against."`
	Contracts  []Contract      `json:"contracts"`
	Joint      *JointAdvice    `json:"joint_procurement,omitempty"`
	// Warnings concern every contract of the plan, such as an ocid prefix
	// that is not among the registered ones the catalog knows.
	Warnings []string `json:"warnings,omitempty"`
}

// ThresholdsRef names a set of EU thresholds and where it comes from.
type ThresholdsRef struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	ValidFrom  string   `json:"valid_from"`
	ValidUntil string   `json:"valid_until"`
	LegalBasis []string `json:"legal_basis"`
	Source     string   `json:"source"`
}

// JointAdvice recommends buying together with other authorities.
type JointAdvice struct {
	Advice     string `json:"advice"`
	LegalBasis string `json:"legal_basis"`
}

// Contract is one procurement object turned into a planned tender.
type Contract struct {
	ID         string   `json:"id" jsonschema:"description=initiative/object."`
	Initiative string   `json:"initiative"`
	Object     string   `json:"object"`
	Title      string   `json:"title"`
	Type       string   `json:"type" jsonschema:"enum=services,enum=supplies,enum=works"`
	Category   string   `json:"category" jsonschema:"description=Kind of purchase from the main CPV code (tendering.yaml)."`
	CPV        []string `json:"cpv"`
	Lots       []string `json:"lots"`
	// LotValues is each lot's share of the value, in the order of Lots.
	LotValues     []LotValue       `json:"lot_values,omitempty"`
	Maturity      string           `json:"maturity"`
	ContractYears int              `json:"contract_years"`
	Options       []ContractOption `json:"options"`
	Value         ContractValue    `json:"value"`
	Threshold     ThresholdCheck   `json:"threshold"`
	Procedure     ProcedureChoice  `json:"procedure"`
	TimeLimits    []StageLimit     `json:"time_limits"`
	Timeline      Timeline         `json:"timeline"`
	Joint         bool             `json:"joint_procurement"`
	// Aggregate is set when the contract is one of several similar
	// purchases of one phase whose values are added up (Directive
	// 2014/24/EU Art. 5) and the sum decides the threshold.
	Aggregate *Aggregate `json:"aggregate,omitempty"`
	// After lists what had to end before the notice went out: the
	// initiative's prerequisites and the tendering policy's, with why.
	After []TenderPrerequisite `json:"after"`
	// NotBefore is the first day the step may go out for another reason:
	// a call-off waits for its framework agreement.
	NotBefore string   `json:"not_before,omitempty"`
	Warnings  []string `json:"warnings"`
}

// LotValue is one lot's estimated value net of VAT over the whole term.
type LotValue struct {
	Title     string  `json:"title"`
	Estimated float64 `json:"estimated"`
	Maximum   float64 `json:"maximum"`
	Basis     string  `json:"basis"`
}

// Aggregate is a group of similar purchases valued together.
type Aggregate struct {
	Group     string   `json:"group" jsonschema:"description=phase/type/category."`
	Value     float64  `json:"value" jsonschema:"description=Sum of the maximum values of the group."`
	Contracts []string `json:"contracts"`
	Above     bool     `json:"above" jsonschema:"description=The sum reaches the EU threshold although this contract alone would not."`
	// Role is framework for the contract that awards the group's
	// framework agreement and call-off for the others; Framework names the
	// framework contract of a call-off.
	Role      string `json:"role,omitempty" jsonschema:"enum=framework,enum=call-off,enum=small-lot"`
	Framework string `json:"framework,omitempty"`
	Advice    string `json:"advice"`
}

// TenderPrerequisite is an initiative a tender waits for, and why.
type TenderPrerequisite struct {
	Initiative string `json:"initiative"`
	Why        string `json:"why"`
	// Decision is true when it gates the commitment (the notice) rather
	// than the specification: market engagement may run before it.
	Decision bool `json:"decision,omitempty"`
	// Ends is when it ends (YYYY-MM) or in_place when the city has it.
	Ends string `json:"ends,omitempty"`
}

// ContractOption is an extension or renewal counted in the value.
type ContractOption struct {
	What  string `json:"what"`
	Years int    `json:"years"`
	Why   string `json:"why"`
}

// ContractValue is the estimated value net of VAT over the whole term,
// options included (Directive 2014/24/EU Art. 5).
type ContractValue struct {
	Estimated float64 `json:"estimated" jsonschema:"description=From the middle of the initiative's cost range."`
	Maximum   float64 `json:"maximum" jsonschema:"description=From the top of the cost range; the threshold check uses it."`
	Capex     float64 `json:"capex"`
	Running   float64 `json:"running" jsonschema:"description=Running cost over the term and options."`
	Basis     string  `json:"basis"`
}

// ThresholdCheck is the EU threshold in force on the publication date.
type ThresholdCheck struct {
	Amount float64 `json:"amount" jsonschema:"description=The threshold in the plan's currency."`
	// Currency is the plan's currency; AmountEUR the threshold in euro.
	// National says the amount is the national-currency value the
	// Commission publishes, not a conversion.
	Currency  string  `json:"currency"`
	AmountEUR float64 `json:"amount_eur"`
	National  bool    `json:"national,omitempty"`
	Basis     string  `json:"basis,omitempty" jsonschema:"description=Where a non-euro amount comes from."`
	Set       string  `json:"set"`
	Article   string  `json:"article"`
	ValidOn   string  `json:"valid_on" jsonschema:"description=The planned publication date it was looked up for."`
	Above     bool    `json:"above" jsonschema:"description=The maximum value is equal to or above the threshold."`
	Authority string  `json:"authority"`
	// Note says the catalog held no threshold set valid on the day, and
	// which one was used instead; the plan gathers these into one warning.
	Note string `json:"note,omitempty"`
}

// ProcedureChoice is the recommended procedure and why.
type ProcedureChoice struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Article      string `json:"article"`
	Regime       string `json:"regime" jsonschema:"enum=eu,enum=national,description=eu: the directive applies and the notice goes to TED; national: below the threshold."`
	OCDSMethod   string `json:"ocds_method"`
	Reason       string `json:"reason"`
	Alternatives string `json:"alternatives,omitempty"`
	// National is the national law that governs a contract below the EU
	// threshold, where the catalog models the country.
	National *NationalChoice `json:"national,omitempty"`
}

// NationalChoice is the below-threshold band of national law a contract
// falls in.
type NationalChoice struct {
	Country    string `json:"country"`
	Law        string `json:"law"`
	Band       string `json:"band"`
	Procedure  string `json:"procedure"`
	LegalBasis string `json:"legal_basis"`
	Notice     string `json:"notice,omitempty"`
	Confidence string `json:"confidence"`
}

// StageLimit is a minimum time limit and the days planned for the stage.
type StageLimit struct {
	Stage      string `json:"stage" jsonschema:"enum=requests,enum=tenders"`
	Minimum    int    `json:"minimum_days"`
	Planned    int    `json:"planned_days"`
	LegalBasis string `json:"legal_basis"`
	Reductions string `json:"reductions,omitempty"`
}

// Timeline dates the tender, YYYY-MM-DD, counted back from the initiative's
// start so that the contract is signed before it.
type Timeline struct {
	MarketEngagement string `json:"market_engagement,omitempty" jsonschema:"description=Preliminary market consultation, for procedures under the directive."`
	Publication      string `json:"publication"`
	RequestsDue      string `json:"requests_due,omitempty"`
	TendersDue       string `json:"tenders_due"`
	AwardDecision    string `json:"award_decision"`
	ContractSigned   string `json:"contract_signed"`
	InitiativeStart  string `json:"initiative_start"`
}

// procurementBlocks lays the plan out as a section of roadmap.md.
func procurementBlocks(p *ProcurementPlan) []document.Block {
	if p == nil {
		return nil
	}
	text := func(format string, args ...any) []document.Span { return document.Text(fmt.Sprintf(format, args...)) }
	out := []document.Block{
		{Kind: document.Heading, Level: 2, Text: document.Text("Procurement plan")},
		{Kind: document.Paragraph, Text: text("One tender per procurement object, valued over its whole term with options (%s, net of VAT) and checked against the EU threshold in force on its planned publication date. Every contract is signed before its initiative starts.", p.Currency)},
	}
	t := &document.Table{Align: []document.Align{document.Left, document.Right, document.Left, document.Left, document.Left, document.Left}}
	for _, h := range []string{"Contract", "Value (max)", "EU threshold", "Procedure", "Publish", "Sign"} {
		t.Header = append(t.Header, document.Text(h))
		t.Widths = append(t.Widths, 1.0/6)
	}
	for _, c := range p.Contracts {
		side := "below"
		if c.Threshold.Above {
			side = "above"
		}
		t.Rows = append(t.Rows, [][]document.Span{
			{{Text: c.Title, Bold: true}, {Break: true}, {Text: c.Initiative}},
			text("%s (%s)", Money(c.Value.Estimated), Money(c.Value.Maximum)),
			text("%s %s (%s)", side, Money(c.Threshold.Amount), c.Threshold.Set),
			document.Text(c.Procedure.Name), document.Text(c.Timeline.Publication), document.Text(c.Timeline.ContractSigned),
		})
	}
	out = append(out, document.Block{Kind: document.TableBlock, Table: t})
	if p.Joint != nil {
		out = append(out, document.Block{Kind: document.Paragraph, Text: []document.Span{{Text: "Joint procurement.", Bold: true}, {Text: fmt.Sprintf(" %s (%s)", p.Joint.Advice, p.Joint.LegalBasis)}}})
	}
	warn := document.Block{Kind: document.Bullets}
	for _, x := range p.Warnings {
		warn.Items = append(warn.Items, text("%s.", upperFirst(x)))
	}
	for _, c := range p.Contracts {
		for _, x := range c.Warnings {
			warn.Items = append(warn.Items, text("%s: %s", c.Title, x))
		}
	}
	if len(warn.Items) > 0 {
		out = append(out, warn)
	}
	for _, t := range p.Thresholds {
		out = append(out, document.Block{Kind: document.Paragraph,
			Text: text("Thresholds: %s, valid %s to %s (%s).", t.Title, t.ValidFrom, t.ValidUntil, strings.Join(t.LegalBasis, "; "))})
	}
	return out
}
