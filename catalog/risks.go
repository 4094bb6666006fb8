package catalog

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
)

// Risk is a risk to the programme (risks/<id>.yaml): when it applies, how
// serious it is, why, and how the roadmap answers it, each with a CEL
// condition over the city's facts and the finished plan (`plan`). Texts may
// name the plan's figures in braces, e.g. {team_fte}; a mitigation tied to
// an initiative is said only when that initiative is scheduled, and {end}
// is its last month.
type Risk struct {
	Version int    `yaml:"version" json:"version"`
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	// Order places the risk in the report; lower comes first.
	Order       int          `yaml:"order" json:"order"`
	When        Expr         `yaml:"when" json:"when" jsonschema:"type=string,description=CEL condition: the risk is listed when it holds."`
	Levels      []RiskLevel  `yaml:"levels" json:"levels" jsonschema:"description=The first level whose condition holds applies."`
	Mitigations []Mitigation `yaml:"mitigations" json:"mitigations"`
	Source      string       `yaml:"source" json:"source"`
}

// RiskLevel is a level of a risk, the condition that puts it there and why.
type RiskLevel struct {
	Level string `yaml:"level" json:"level" jsonschema:"enum=high,enum=medium,enum=low"`
	When  Expr   `yaml:"when" json:"when" jsonschema:"type=string"`
	Why   string `yaml:"why" json:"why"`
}

// Mitigation is one sentence of how the roadmap answers a risk.
type Mitigation struct {
	Text string `yaml:"text" json:"text"`
	// Initiative, when set, must be scheduled for the sentence to be said.
	Initiative string `yaml:"initiative,omitempty" json:"initiative,omitempty"`
	// When, when set, must hold for the sentence to be said.
	When Expr `yaml:"when,omitempty" json:"when,omitempty" jsonschema:"type=string"`
}

// RiskLevels are the levels a risk can have, most serious first.
var RiskLevels = []string{"high", "medium", "low"}

// PlanFacts is what a risk condition sees of the finished plan, as the
// variable `plan`.
type PlanFacts struct {
	Initiatives []string `yaml:"initiatives"` // scheduled initiative ids
	Deferred    int64    `yaml:"deferred"`    // initiatives that did not fit
	Months      int64    `yaml:"months"`      // horizon
	BusyMonths  int64    `yaml:"busy_months"` // months at 90% or more of team capacity
	PeakFTE     float64  `yaml:"peak_fte"`
	TeamFTE     float64  `yaml:"team_fte"`
	BudgetShare float64  `yaml:"budget_share"` // total cost over the budget set aside
	Unfunded    int64    `yaml:"unfunded"`     // initiatives whose programmes have lapsed
	Grants      float64  `yaml:"grants"`
	Savings     float64  `yaml:"savings"` // quantified savings a year once complete
}

// PlanVariable documents `plan` for `citypath catalog list variables`.
var PlanVariable = struct{ Name, Type, Doc string }{"plan", "catalog.PlanFacts",
	"risk conditions only: initiatives (scheduled ids), deferred, months, busy_months, peak_fte, team_fte, budget_share, unfunded, grants, savings"}

func newRiskEnv() (*cel.Env, error) {
	base, err := newEnv(false)
	if err != nil {
		return nil, err
	}
	return base.Extend(
		ext.NativeTypes(reflect.TypeOf(PlanFacts{}), ext.ParseStructTag("yaml")),
		cel.Variable("plan", cel.ObjectType("catalog.PlanFacts")),
	)
}

// riskJobs are the risk conditions to compile.
func (l *loader) riskJobs() []*celJob {
	c := l.c
	env, err := newRiskEnv()
	if err != nil {
		l.add(fmt.Errorf("cannot build the risk environment: %w", err))
		return nil
	}
	l.envNames[env] = "risk"
	c.riskPrograms = map[*Expr]cel.Program{}
	var jobs []*celJob
	add := func(r *Risk, field string, e *Expr) {
		jobs = append(jobs, &celJob{env: env, key: r, field: field, expr: *e, store: func(p cel.Program) { c.riskPrograms[e] = p }})
	}
	for _, r := range c.Risks {
		add(r, "when", &r.When)
		for i := range r.Levels {
			add(r, fmt.Sprintf("levels[%d].when", i), &r.Levels[i].When)
		}
		for i := range r.Mitigations {
			add(r, fmt.Sprintf("mitigations[%d].when", i), &r.Mitigations[i].When)
		}
	}
	return jobs
}

func (l *loader) checkRisks() {
	seen := map[int]string{}
	for _, r := range l.c.Risks {
		l.requireVersion(r, r.Version)
		if strings.TrimSpace(r.Title) == "" {
			l.problem(r, "title", "title is required")
		}
		if strings.TrimSpace(r.When.Text) == "" {
			l.problem(r, "when", "when is required (write 'true' for a risk every roadmap carries)")
		}
		if r.Source == "" {
			l.problem(r, "source", "source is required: cite where the risk is named")
		}
		if other, dup := seen[r.Order]; dup {
			l.problem(r, "order", "order %d is also %q's; give each risk its own place", r.Order, other)
		}
		seen[r.Order] = r.ID
		if len(r.Levels) == 0 {
			l.problem(r, "levels", "give at least one level")
		}
		for i, lv := range r.Levels {
			if !slices.Contains(RiskLevels, lv.Level) {
				l.problem(r, fmt.Sprintf("levels[%d].level", i), "level %q: choose from %s", lv.Level, strings.Join(RiskLevels, ", "))
			}
			if strings.TrimSpace(lv.When.Text) == "" {
				l.problem(r, fmt.Sprintf("levels[%d].when", i), "when is required (write 'true' for the level that applies otherwise)")
			}
			if strings.TrimSpace(lv.Why) == "" {
				l.problem(r, fmt.Sprintf("levels[%d].why", i), "why is required")
			}
		}
		if len(r.Mitigations) == 0 {
			l.problem(r, "mitigations", "give at least one mitigation")
		}
		for i, m := range r.Mitigations {
			if strings.TrimSpace(m.Text) == "" {
				l.problem(r, fmt.Sprintf("mitigations[%d].text", i), "text is required")
			}
			if m.Initiative != "" {
				if _, ok := l.c.initiatives[m.Initiative]; !ok {
					l.problem(r, fmt.Sprintf("mitigations[%d].initiative", i), "unknown initiative %q", m.Initiative)
				}
			}
		}
	}
}

// RiskHolds evaluates one of a risk's conditions (its when, a level's or a
// mitigation's); an empty condition holds.
func (c *Catalog) RiskHolds(e *Expr, f *Facts, plan PlanFacts) (bool, error) {
	if strings.TrimSpace(e.Text) == "" {
		return true, nil
	}
	prg, ok := c.riskPrograms[e]
	if !ok {
		return false, fmt.Errorf("risk condition %q was not compiled", e.Text)
	}
	act := f.bind()
	act.plan = plan
	return c.evalBool(e, prg, f, act)
}

// SortedRisks are the risks in report order.
func (c *Catalog) SortedRisks() []*Risk {
	out := slices.Clone(c.Risks)
	slices.SortStableFunc(out, func(a, b *Risk) int { return a.Order - b.Order })
	return out
}
