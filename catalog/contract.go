package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The types in this file are what a tender pack's bidder documents say
// beyond the requirements: the draft contract's service levels and
// acceptance tests per kind of purchase (contract/), the terms of reference
// of advisory contracts (terms-of-reference/), the instructions to
// tenderers (tendering.yaml), the mechanics of procedures with several
// stages (procedures/) and what earns each score (award/, tendering.yaml).

// ContractTerms are the service levels, acceptance tests and warranty of the
// draft contract for a kind of purchase. Sets are tried in Order; the first
// whose Applies condition holds is used.
type ContractTerms struct {
	Version int    `yaml:"version" json:"version"`
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	Order   int    `yaml:"order" json:"order"`
	// Applies is a CEL condition over the facts, `initiative` and
	// `procurement`.
	Applies       Expr           `yaml:"applies" json:"applies" jsonschema:"type=string"`
	ServiceLevels []ServiceLevel `yaml:"service_levels,omitempty" json:"service_levels,omitempty"`
	// CreditCap is the most the service credits of one month may take off
	// that month's charge, in percent.
	CreditCap  float64          `yaml:"credit_cap,omitempty" json:"credit_cap,omitempty" jsonschema:"description=Percent of the monthly charge."`
	Acceptance []AcceptanceTest `yaml:"acceptance" json:"acceptance"`
	// WarrantyMonths runs from final acceptance.
	WarrantyMonths int    `yaml:"warranty_months" json:"warranty_months"`
	Warranty       string `yaml:"warranty" json:"warranty"`
	Source         string `yaml:"source" json:"source"`
}

// ServiceLevel is one measured level of service with the credit the city
// receives when it is missed.
type ServiceLevel struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Target  string `yaml:"target" json:"target"`
	Measure string `yaml:"measure" json:"measure" jsonschema:"description=How and over which period the level is measured."`
	Credit  string `yaml:"credit" json:"credit" jsonschema:"description=The service credit when the target is missed."`
}

// AcceptanceTest is one test the city runs before it accepts a delivery.
type AcceptanceTest struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	When string `yaml:"when" json:"when" jsonschema:"description=When in the contract the test is run."`
	Test string `yaml:"test" json:"test" jsonschema:"description=What is tested and how."`
	Pass string `yaml:"pass" json:"pass" jsonschema:"description=What the delivery must show to pass."`
}

// TermsOfReference describe an advisory or consultancy contract so that a
// bidder can price it: objectives, deliverables with how each is accepted,
// the key experts and how the quality of the work is judged. Sets are tried
// in Order; the first whose Applies condition holds is used.
type TermsOfReference struct {
	Version      int           `yaml:"version" json:"version"`
	ID           string        `yaml:"id" json:"id"`
	Title        string        `yaml:"title" json:"title"`
	Order        int           `yaml:"order" json:"order"`
	Applies      Expr          `yaml:"applies" json:"applies" jsonschema:"type=string"`
	Objectives   []string      `yaml:"objectives" json:"objectives"`
	Deliverables []Deliverable `yaml:"deliverables" json:"deliverables"`
	Experts      []KeyExpert   `yaml:"experts" json:"experts"`
	Quality      []string      `yaml:"quality" json:"quality" jsonschema:"description=How the city judges the quality of the work."`
	Reporting    string        `yaml:"reporting" json:"reporting"`
	Source       string        `yaml:"source" json:"source"`
}

// Deliverable is one result of an advisory contract.
type Deliverable struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	What string `yaml:"what" json:"what"`
	// Due is when the deliverable is due as a share of the contract's
	// working period, 0 to 1: the pack turns it into a date.
	Due        float64 `yaml:"due" json:"due" jsonschema:"description=Share of the working period, 0 to 1, after which it is due."`
	Acceptance string  `yaml:"acceptance" json:"acceptance"`
	// Payment is the share of the price paid on its acceptance, in percent.
	Payment float64 `yaml:"payment" json:"payment" jsonschema:"description=Percent of the price paid on acceptance; the deliverables of a set sum to 100."`
}

// KeyExpert is a role the tenderer must name a person for.
type KeyExpert struct {
	Role    string `yaml:"role" json:"role"`
	Profile string `yaml:"profile" json:"profile"`
	Years   int    `yaml:"years" json:"years" jsonschema:"description=Minimum years of relevant professional experience."`
	Days    string `yaml:"days,omitempty" json:"days,omitempty" jsonschema:"description=Expected input, e.g. 'about 40 % of the days'."`
}

// Instructions are the rules of the procedure every instructions to
// tenderers states, with their legal basis (tendering.yaml).
type Instructions struct {
	// QuestionsDays is how many calendar days before the tender deadline
	// the last clarification question is taken; AnswersDays how many days
	// before it the city answers at the latest (Art. 53(2): six).
	QuestionsDays int    `yaml:"questions_days" json:"questions_days"`
	AnswersDays   int    `yaml:"answers_days" json:"answers_days"`
	Questions     string `yaml:"questions" json:"questions"`
	// ValidityDays is how long a tender stays binding after the deadline.
	ValidityDays int      `yaml:"validity_days" json:"validity_days"`
	Validity     string   `yaml:"validity" json:"validity"`
	Clauses      []Clause `yaml:"clauses" json:"clauses" jsonschema:"description=Submission, language, variants, opening, ESPD and exclusion, in the order the instructions show them."`
	Source       string   `yaml:"source" json:"source"`
}

// Mechanics are how a procedure with several stages runs: how many
// candidates are invited, how the rounds go, whether the contract may be
// awarded on the initial tenders.
type Mechanics struct {
	MinCandidates int    `yaml:"min_candidates" json:"min_candidates" jsonschema:"description=At least this many candidates are invited where enough qualify (Art. 65(2))."`
	Candidates    string `yaml:"candidates" json:"candidates"`
	Rounds        string `yaml:"rounds" json:"rounds"`
	// InitialAward is empty when the procedure has no initial tenders.
	InitialAward string `yaml:"initial_award,omitempty" json:"initial_award,omitempty"`
	LegalBasis   string `yaml:"legal_basis" json:"legal_basis"`
}

// ScoreLevel is what a score on the quality scale means, for criteria that
// give no descriptors of their own.
type ScoreLevel struct {
	Score int    `yaml:"score" json:"score"`
	Label string `yaml:"label" json:"label"`
	Text  string `yaml:"text" json:"text"`
}

// Scoring is the scale quality criteria are scored on.
type Scoring struct {
	Levels     []ScoreLevel `yaml:"levels" json:"levels" jsonschema:"description=One per score from 0 to the top, lowest first."`
	LegalBasis string       `yaml:"legal_basis" json:"legal_basis"`
}

// Max is the top score.
func (s Scoring) Max() int { return len(s.Levels) - 1 }

// checkContractData orders the first-match lists, as checkTendering does
// for award sets, and checks the bidder documents' data.
func (l *loader) checkContractData() {
	c := l.c
	sort.SliceStable(c.ContractTerms, func(i, j int) bool {
		return orderLess(c.ContractTerms[i].Order, c.ContractTerms[j].Order, c.ContractTerms[i].ID, c.ContractTerms[j].ID)
	})
	sort.SliceStable(c.TermsOfReference, func(i, j int) bool {
		return orderLess(c.TermsOfReference[i].Order, c.TermsOfReference[j].Order, c.TermsOfReference[i].ID, c.TermsOfReference[j].ID)
	})
	for _, t := range c.ContractTerms {
		l.checkContractTerms(t)
	}
	if n := len(c.ContractTerms); n > 0 && strings.TrimSpace(c.ContractTerms[n-1].Applies.Text) != "true" {
		last := c.ContractTerms[n-1]
		l.problem(last, "applies", "the last contract terms by order (%q) must have applies: 'true', so that every purchase gets a draft contract", last.ID)
	}
	for _, t := range c.TermsOfReference {
		l.checkTermsOfReference(t)
	}
	for _, p := range c.Procedures {
		if m := p.Mechanics; m != nil && (m.MinCandidates < 1 || m.Candidates == "" || m.Rounds == "" || m.LegalBasis == "") {
			l.problem(p, "mechanics", "mechanics need min_candidates >= 1, candidates, rounds and legal_basis")
		}
	}
	for _, a := range c.AwardSets {
		for i, cr := range a.Criteria {
			if len(cr.Scores) == 0 {
				continue
			}
			if cr.Type != "quality" {
				l.problem(a, fmt.Sprintf("criteria[%d].scores", i), "only quality criteria are scored")
			}
			if t := c.Tendering; t != nil && len(cr.Scores) != len(t.Scoring.Levels) {
				l.problem(a, fmt.Sprintf("criteria[%d].scores", i), "give one descriptor per score of tendering.yaml's scale (%d), found %d", len(t.Scoring.Levels), len(cr.Scores))
			}
		}
	}
	if t := c.Tendering; t != nil {
		l.checkInstructions(t)
	}
}

func (l *loader) checkContractTerms(t *ContractTerms) {
	l.requireVersion(t, t.Version)
	if t.Title == "" || t.Source == "" || strings.TrimSpace(t.Warranty) == "" || t.WarrantyMonths < 0 {
		l.problem(t, "", "contract terms need a title, a warranty, warranty_months >= 0 and a source")
	}
	if len(t.Acceptance) == 0 {
		l.problem(t, "acceptance", "acceptance: give at least one acceptance test")
	}
	ids := map[string]bool{}
	for i, s := range t.ServiceLevels {
		p := fmt.Sprintf("service_levels[%d]", i)
		if s.ID == "" || s.Name == "" || s.Target == "" || s.Measure == "" || s.Credit == "" {
			l.problem(t, p, "%s needs an id, a name, a target, a measure and a credit", p)
		}
		if ids[s.ID] {
			l.problem(t, p+".id", "%q is given twice", s.ID)
		}
		ids[s.ID] = true
	}
	if len(t.ServiceLevels) > 0 && (t.CreditCap <= 0 || t.CreditCap > 100) {
		l.problem(t, "credit_cap", "credit_cap must be more than 0 and at most 100 (percent) when service levels are given")
	}
	for i, a := range t.Acceptance {
		p := fmt.Sprintf("acceptance[%d]", i)
		if a.ID == "" || a.Name == "" || a.When == "" || a.Test == "" || a.Pass == "" {
			l.problem(t, p, "%s needs an id, a name, when, test and pass", p)
		}
		if ids[a.ID] {
			l.problem(t, p+".id", "%q is given twice", a.ID)
		}
		ids[a.ID] = true
	}
}

func (l *loader) checkTermsOfReference(t *TermsOfReference) {
	l.requireVersion(t, t.Version)
	if t.Title == "" || t.Source == "" || t.Reporting == "" {
		l.problem(t, "", "terms of reference need a title, reporting and a source")
	}
	for field, n := range map[string]int{"objectives": len(t.Objectives), "deliverables": len(t.Deliverables), "experts": len(t.Experts), "quality": len(t.Quality)} {
		if n == 0 {
			l.problem(t, field, "%s: give at least one", field)
		}
	}
	pay, last := 0.0, 0.0
	var ids []string
	for i, d := range t.Deliverables {
		p := fmt.Sprintf("deliverables[%d]", i)
		if d.ID == "" || d.Name == "" || d.What == "" || d.Acceptance == "" {
			l.problem(t, p, "%s needs an id, a name, what and acceptance", p)
		}
		if slices.Contains(ids, d.ID) {
			l.problem(t, p+".id", "%q is given twice", d.ID)
		}
		ids = append(ids, d.ID)
		if d.Due <= 0 || d.Due > 1 || d.Due < last {
			l.problem(t, p+".due", "%s.due must be more than 0, at most 1 and not before the deliverable above it", p)
		}
		last = d.Due
		if d.Payment < 0 {
			l.problem(t, p+".payment", "%s.payment cannot be negative", p)
		}
		pay += d.Payment
	}
	if len(t.Deliverables) > 0 && (pay < 99.999 || pay > 100.001) {
		l.problem(t, "deliverables", "deliverables: the payments sum to %g%%, not 100%%", pay)
	}
	for i, e := range t.Experts {
		p := fmt.Sprintf("experts[%d]", i)
		if e.Role == "" || e.Profile == "" || e.Years < 0 {
			l.problem(t, p, "%s needs a role, a profile and years >= 0", p)
		}
	}
}

func (l *loader) checkInstructions(t *Tendering) {
	in := t.Instructions
	if in.QuestionsDays <= in.AnswersDays || in.AnswersDays < 1 || in.Questions == "" {
		l.problem(t, "instructions", "instructions need questions, and questions_days above answers_days >= 1")
	}
	if in.ValidityDays < 1 || in.Validity == "" || in.Source == "" || len(in.Clauses) == 0 {
		l.problem(t, "instructions", "instructions need validity_days >= 1, validity, clauses and a source")
	}
	for i, lv := range t.Scoring.Levels {
		if lv.Score != i || lv.Label == "" || lv.Text == "" {
			l.problem(t, fmt.Sprintf("scoring.levels[%d]", i), "scoring levels run 0, 1, 2... in order, each with a label and a text")
		}
	}
	if len(t.Scoring.Levels) < 2 || t.Scoring.LegalBasis == "" {
		l.problem(t, "scoring", "scoring needs at least two levels and a legal_basis")
	}
}
