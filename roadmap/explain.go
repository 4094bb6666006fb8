package roadmap

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citypath/citypath/catalog"
)

// RuleTrace is one rule that concerns an initiative, as evaluated.
type RuleTrace struct {
	Rule    string                `json:"rule"`
	Effects []string              `json:"effects"`
	When    string                `json:"when"`
	Saw     []catalog.Observation `json:"saw"`
	Fired   bool                  `json:"fired"`
	Error   string                `json:"error,omitempty"`
	Why     string                `json:"why"`
}

// Explanation says why an initiative is in or out of a roadmap, and where
// and why it was scheduled.
type Explanation struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Status     string      `json:"status" jsonschema:"enum=scheduled,enum=deferred,enum=excluded,enum=not-selected,enum=in-place"`
	Phase      string      `json:"phase"`
	Priority   int         `json:"priority"`
	Start      string      `json:"start,omitempty"`
	End        string      `json:"end,omitempty"`
	Earliest   string      `json:"earliest,omitempty"`
	Reasons    []Reason    `json:"reasons"`
	Rules      []RuleTrace `json:"rules"`
	DependsOn  []string    `json:"depends_on"`
	HeldBack   []string    `json:"held_back,omitempty"`
	LeftReason string      `json:"left_reason,omitempty"`
	// InPlace is the state of play of the initiative, if any; Variant and
	// VariantWhy the scope planned; Cost how its cost was computed.
	InPlace    *State   `json:"in_place,omitempty"`
	Variant    string   `json:"variant,omitempty"`
	VariantWhy string   `json:"variant_why,omitempty"`
	Cost       *Cost    `json:"cost,omitempty"`
	BuildsOn   []string `json:"builds_on,omitempty"`
	// Trail is why its priority was raised by what depends on it;
	// NetBenefit the quantified net benefit that ranks equal priorities.
	Trail      []string `json:"priority_trail,omitempty"`
	NetBenefit float64  `json:"net_benefit,omitempty"`
	// Blocked explains a deferral: what used the team and money in the
	// months that blocked it, and how much more would let it in.
	Blocked *Blockage `json:"blocked,omitempty"`
	// Readiness says, for an initiative that needs a readiness level, when
	// the schedule reaches it.
	Readiness string `json:"readiness,omitempty"`
}

// Explain reports on one initiative after a pipeline run.
func Explain(ctx *Context, id string) (*Explanation, error) {
	in, ok := ctx.Catalog.Initiative(id)
	if !ok {
		return nil, fmt.Errorf("unknown initiative %q; `citypath catalog list initiatives` lists them", id)
	}
	e := &Explanation{ID: id, Title: in.Title, Phase: in.Phase, Priority: in.Priority, DependsOn: nonNil(in.DependsOn), Reasons: []Reason{}}
	for _, rr := range ctx.Rules {
		r := rr.Rule
		var effects []string
		var costOf []string
		if r.Cost != nil {
			costOf = r.Cost.Initiatives
		}
		for field, ids := range map[string][]string{"include": r.Include, "exclude": r.Exclude, "raise": r.Raise, "lower": r.Lower, "cost": costOf} {
			if slices.Contains(ids, id) {
				effects = append(effects, field)
			}
		}
		if len(effects) == 0 {
			continue
		}
		slices.Sort(effects)
		why, err := ctx.Catalog.RuleText(r, "why", ctx.Facts)
		if err != nil {
			why = r.Why
		}
		t := RuleTrace{Rule: r.ID, Effects: effects, When: r.When.String(), Fired: rr.Fired, Why: oneLine(why), Saw: ctx.Catalog.Observe(r, ctx.Facts)}
		if rr.Err != nil {
			t.Error = rr.Err.Error()
		}
		e.Rules = append(e.Rules, t)
	}
	d := ctx.Decisions[id]
	if st := ctx.State[id]; st != nil {
		e.InPlace = st
	}
	if in.ReadyFor != "" && ctx.Placed != nil {
		rm := ctx.Catalog.Meta.Readiness[in.ReadyFor]
		switch m := readyMonth(ctx, in.ReadyFor); {
		case m == 0:
			e.Readiness = fmt.Sprintf("%s is at or above its threshold of %.0f today", rm.Name, rm.Threshold)
		case m > 0 && m < ctx.Months:
			e.Readiness = fmt.Sprintf("%s reaches its threshold of %.0f in %s, once the initiatives before it are done (projected %.1f by the end of the plan)", rm.Name, rm.Threshold, ctx.Month(m), ctx.Facts.PlannedReadiness[in.ReadyFor])
		default:
			e.Readiness = fmt.Sprintf("%s does not reach its threshold of %.0f within the horizon (projected %.1f)", rm.Name, rm.Threshold, ctx.Facts.PlannedReadiness[in.ReadyFor])
		}
	}
	if d != nil && d.Cost != nil {
		e.Variant, e.VariantWhy, e.Cost = d.Variant, d.VariantWhy, d.Cost
		e.Trail, e.NetBenefit = d.Trail, d.NetBenefit
		e.Title = d.Plan.Title
		e.BuildsOn = buildsOn(ctx, d.Plan)
	}
	switch {
	case ctx.inPlace(id):
		e.Status = "in-place"
		e.LeftReason = fmt.Sprintf("the city already has it (%s, %s): it is not planned again and counts as met for what depends on it", ctx.State[id].Status, ctx.State[id].Source)
	case d == nil || (!d.Selected && len(d.ExcludedBy) == 0):
		e.Status = "not-selected"
		e.LeftReason = "no rule that includes it fired, and nothing selected depends on it"
	case !d.Selected:
		e.Status = "excluded"
		e.LeftReason = d.ExcludedBy[len(d.ExcludedBy)-1].Text
	default:
		e.Reasons = append(e.Reasons, d.IncludedBy...)
		e.Reasons = append(e.Reasons, d.Adjust...)
		e.Priority = d.Priority
		p := ctx.Placed[id]
		if p.Deferred != "" {
			e.Status = "deferred"
			e.LeftReason = p.Deferred
			e.Blocked = blockage(ctx, id)
		} else {
			e.Status = "scheduled"
			e.Start, e.End, e.Earliest = ctx.Month(p.Start), ctx.Month(p.End), ctx.Month(p.Earliest)
			e.HeldBack = p.HeldBack
		}
	}
	return e, nil
}

// Text renders an explanation for a terminal.
func (e *Explanation) Text() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s: %s\n", e.ID, e.Title)
	switch e.Status {
	case "in-place":
		w("Status: already in place: %s\n", e.LeftReason)
	case "scheduled":
		w("Status: in the roadmap, phase %s, %s to %s, priority %d\n", e.Phase, e.Start, e.End, e.Priority)
	case "deferred":
		w("Status: selected but deferred: %s\n", e.LeftReason)
		if e.Blocked != nil {
			cur := "EUR"
			if e.Cost != nil {
				cur = e.Cost.Currency
			}
			w("What would let it in: %s\n", e.Blocked.Text(cur))
		}
	case "excluded":
		w("Status: excluded: %s\n", e.LeftReason)
	default:
		w("Status: not in the roadmap: %s\n", e.LeftReason)
	}
	if s := e.InPlace; s != nil {
		w("\nState of play: %s (%s)", s.Status, s.Source)
		if s.Since != "" {
			w(", since %s", s.Since)
		}
		if s.Note != "" {
			w(": %s", s.Note)
		}
		w("\n")
	}
	if e.Variant != "" {
		w("Scope: variant %q: %s\n", e.Variant, e.VariantWhy)
	}
	for _, on := range e.BuildsOn {
		w("Builds on: %s\n", on)
	}
	if c := e.Cost; c != nil {
		w("\nCost: capex %s %s (range %s to %s), opex %s a year once complete.\n", c.Currency, Money(c.Capex), Money(c.CapexMin), Money(c.CapexMax), Money(c.OpexPerYear))
		w("  formula: %s\n", c.Formula)
		for _, t := range c.Terms {
			if t.Driver == "" {
				w("  - fixed part: capex EUR %s, running cost EUR %s a year\n", moneyRange(t.CapexMinEUR, t.CapexMaxEUR), Money(t.OpexPerYearEUR))
				continue
			}
			w("  - %s: %s in scope of the city's %s (%s", t.Label, quantityText(t.Quantity), quantityText(t.CityQuantity), t.QuantitySource)
			if t.QuantityBasis != "" {
				w(": %s", t.QuantityBasis)
			}
			w("), EUR %s each\n", moneyRange(t.CapexMinEUR, t.CapexMaxEUR))
		}
		for _, r := range c.PositionReasons {
			w("  - position %s because [%s] %s\n", c.Position, r.Rule, r.Text)
		}
		if c.Source != "" {
			w("  source: %s\n", c.Source)
		}
	}
	if e.Readiness != "" {
		w("Readiness: %s\n", e.Readiness)
	}
	if len(e.Trail) > 0 {
		w("\nPriority pulled forward:\n")
		for _, t := range e.Trail {
			w("  - %s\n", t)
		}
	}
	if e.NetBenefit != 0 {
		w("Quantified net benefit over the appraisal period: %s (ranks it among equal priorities).\n", Money(e.NetBenefit))
	}
	if len(e.Reasons) > 0 {
		w("\nWhy it is in:\n")
		for _, r := range e.Reasons {
			w("  - [%s] %s\n", r.Rule, r.Text)
		}
	}
	w("\nRules that concern it:\n")
	if len(e.Rules) == 0 {
		w("  (none)\n")
	}
	for _, r := range e.Rules {
		state := "did not fire"
		if r.Fired {
			state = "fired"
		}
		w("  - %s (%s): %s\n", r.Rule, strings.Join(r.Effects, ", "), state)
		w("      when: %s\n", r.When)
		for _, o := range r.Saw {
			w("      saw:  %s = %s\n", o.Expr, o.Value)
		}
		if r.Error != "" {
			w("      error: %s (counted as not fired)\n", r.Error)
		}
		w("      why:  %s\n", r.Why)
	}
	if len(e.DependsOn) > 0 {
		w("\nDepends on: %s\n", strings.Join(e.DependsOn, ", "))
	}
	if e.Status == "scheduled" {
		w("\nScheduling: earliest start %s, placed %s.\n", e.Earliest, e.Start)
		for _, h := range e.HeldBack {
			w("  - %s\n", h)
		}
		if len(e.HeldBack) == 0 {
			w("  - nothing held it back\n")
		}
	}
	return b.String()
}
