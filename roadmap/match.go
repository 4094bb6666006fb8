package roadmap

import (
	"fmt"
	"sort"
)

// MatchStep evaluates every rule and decides which initiatives the roadmap
// contains, at what priority, and why.
type MatchStep struct{}

func (MatchStep) String() string { return "match rules" }

// Run implements Step.
// Readiness over time: rules may ask whether the city will be ready once
// the initiatives the roadmap plans are done (planned_ready). The first pass
// sees today's readiness; when the selection it makes would reach a
// threshold, the rules run again with that projection.
func (MatchStep) Run(ctx *Context) error {
	if err := matchOnce(ctx); err != nil {
		return err
	}
	if projectReadiness(ctx) {
		return matchOnce(ctx)
	}
	return nil
}

func matchOnce(ctx *Context) error {
	cat := ctx.Catalog
	ctx.Decisions = map[string]*Decision{}
	ctx.Rules = nil
	decision := func(id string) *Decision {
		d, ok := ctx.Decisions[id]
		if !ok {
			in, _ := cat.Initiative(id)
			d = &Decision{Initiative: in}
			ctx.Decisions[id] = d
		}
		return d
	}
	var recs []Recommendation
	for _, r := range cat.Rules {
		fired, err := cat.Fires(r, ctx.Facts)
		ctx.Rules = append(ctx.Rules, RuleResult{Rule: r, Fired: fired, Err: err})
		if err != nil {
			return err // a problem of the catalog at the rule's condition
		}
		if !fired {
			continue
		}
		why, err := cat.RuleText(r, "why", ctx.Facts)
		if err != nil {
			return err
		}
		reason := Reason{Rule: r.ID, Text: oneLine(why)}
		for _, id := range r.Include {
			d := decision(id)
			d.IncludedBy = append(d.IncludedBy, reason)
		}
		for _, id := range r.Exclude {
			d := decision(id)
			d.ExcludedBy = append(d.ExcludedBy, reason)
		}
		by := r.By
		if by == 0 {
			by = 1
		}
		for _, id := range r.Raise {
			d := decision(id)
			d.Priority += by
			d.Adjust = append(d.Adjust, Reason{Rule: r.ID, Text: fmt.Sprintf("priority +%d: %s", by, reason.Text)})
		}
		for _, id := range r.Lower {
			d := decision(id)
			d.Priority -= by
			d.Adjust = append(d.Adjust, Reason{Rule: r.ID, Text: fmt.Sprintf("priority -%d: %s", by, reason.Text)})
		}
		if r.Cost != nil {
			for _, id := range r.Cost.Initiatives {
				d := decision(id)
				d.CostAdvice = append(d.CostAdvice, CostAdvice{Position: r.Cost.Position, Reason: reason})
			}
		}
		if r.Recommend != "" {
			rec, err := cat.RuleText(r, "recommend", ctx.Facts)
			if err != nil {
				return err
			}
			recs = append(recs, Recommendation{Rule: r.ID, Text: oneLine(rec)})
		}
	}
	if recs == nil {
		recs = []Recommendation{}
	}
	ctx.Doc.Recommendations = recs

	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		// What the city already has is not planned again.
		d.Selected = len(d.IncludedBy) > 0 && len(d.ExcludedBy) == 0 && !ctx.inPlace(id)
	}
	pullDependencies(ctx, decision)

	// Priority: the catalog's base, moved by rules, and for domain
	// initiatives by how much the city cares about the focus area.
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		p := d.Initiative.Priority + d.Priority
		if fp, ok := ctx.Facts.Focus[d.Initiative.FocusArea]; ok {
			p += int(fp) - 3
		}
		d.Priority = max(1, p)
	}

	excluded := []Left{}
	for _, id := range sortedKeys(ctx.Decisions) {
		d := ctx.Decisions[id]
		if len(d.ExcludedBy) > 0 {
			excluded = append(excluded, Left{ID: id, Title: d.Initiative.Title, Reason: d.ExcludedBy[0].Text, Rule: d.ExcludedBy[0].Rule})
		}
	}
	sort.SliceStable(excluded, func(i, j int) bool { return excluded[i].ID < excluded[j].ID })
	ctx.Doc.Excluded = excluded
	return nil
}

// pullDependencies adds what selected initiatives need, and drops those whose
// needs a rule excluded, until nothing changes.
func pullDependencies(ctx *Context, decision func(string) *Decision) {
	for changed := true; changed; {
		changed = false
		for _, id := range sortedKeys(ctx.Decisions) {
			d := ctx.Decisions[id]
			if !d.Selected {
				continue
			}
			for _, dep := range d.Initiative.DependsOn {
				if ctx.inPlace(dep) {
					continue
				}
				dd := decision(dep)
				switch {
				case dd.Selected:
				case len(dd.ExcludedBy) > 0:
					d.Selected = false
					d.ExcludedBy = append(d.ExcludedBy, Reason{Rule: dd.ExcludedBy[0].Rule, Text: fmt.Sprintf("it needs %s, which is excluded: %s", quoteTitle(dd.Initiative.Title), dd.ExcludedBy[0].Text)})
					changed = true
				default:
					dd.Selected = true
					dd.IncludedBy = append(dd.IncludedBy, Reason{Rule: "dependency", Text: fmt.Sprintf("A prerequisite of %s.", quoteTitle(d.Initiative.Title))})
					changed = true
				}
				if !d.Selected {
					break
				}
			}
		}
	}
}
