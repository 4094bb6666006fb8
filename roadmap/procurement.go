package roadmap

import (
	"fmt"
	"strings"
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
	ID            string           `json:"id" jsonschema:"description=initiative/object."`
	Initiative    string           `json:"initiative"`
	Object        string           `json:"object"`
	Title         string           `json:"title"`
	Type          string           `json:"type" jsonschema:"enum=services,enum=supplies,enum=works"`
	Category      string           `json:"category" jsonschema:"description=Kind of purchase from the main CPV code (tendering.yaml)."`
	CPV           []string         `json:"cpv"`
	Lots          []string         `json:"lots"`
	Maturity      string           `json:"maturity"`
	ContractYears int              `json:"contract_years"`
	Options       []ContractOption `json:"options"`
	Value         ContractValue    `json:"value"`
	Threshold     ThresholdCheck   `json:"threshold"`
	Procedure     ProcedureChoice  `json:"procedure"`
	TimeLimits    []StageLimit     `json:"time_limits"`
	Timeline      Timeline         `json:"timeline"`
	Joint         bool             `json:"joint_procurement"`
	Warnings      []string         `json:"warnings"`
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
	MarketEngagement string `json:"market_engagement"`
	Publication      string `json:"publication"`
	RequestsDue      string `json:"requests_due,omitempty"`
	TendersDue       string `json:"tenders_due"`
	AwardDecision    string `json:"award_decision"`
	ContractSigned   string `json:"contract_signed"`
	InitiativeStart  string `json:"initiative_start"`
}

// writeProcurement renders the plan as a section of roadmap.md.
func writeProcurement(b *strings.Builder, p *ProcurementPlan) {
	if p == nil {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("## Procurement plan\n\n")
	w("One tender per procurement object, valued over its whole term with options (%s, net of VAT) and checked against the EU threshold in force on its planned publication date. Every contract is signed before its initiative starts.\n\n", p.Currency)
	w("| Contract | Value (max) | EU threshold | Procedure | Publish | Sign |\n|---|---:|---|---|---|---|\n")
	for _, c := range p.Contracts {
		side := "below"
		if c.Threshold.Above {
			side = "above"
		}
		w("| **%s**<br>%s | %s (%s) | %s %s (%s) | %s | %s | %s |\n", md(c.Title), md(c.Initiative), Money(c.Value.Estimated), Money(c.Value.Maximum),
			side, Money(c.Threshold.Amount), md(c.Threshold.Set), md(c.Procedure.Name), c.Timeline.Publication, c.Timeline.ContractSigned)
	}
	w("\n")
	if p.Joint != nil {
		w("**Joint procurement.** %s (%s)\n\n", md(p.Joint.Advice), md(p.Joint.LegalBasis))
	}
	var warn []string
	for _, c := range p.Contracts {
		for _, x := range c.Warnings {
			warn = append(warn, fmt.Sprintf("- %s: %s", md(c.Title), md(x)))
		}
	}
	if len(warn) > 0 {
		w("%s\n\n", strings.Join(warn, "\n"))
	}
	for _, t := range p.Thresholds {
		w("Thresholds: %s, valid %s to %s (%s).\n", md(t.Title), t.ValidFrom, t.ValidUntil, md(strings.Join(t.LegalBasis, "; ")))
	}
	w("\n")
}
