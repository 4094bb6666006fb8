package roadmap

import (
	"fmt"
	"sort"

	"github.com/citypath/citypath/catalog"
)

// MilestoneStep dates each initiative's checkpoints and completion, and ends
// each phase with a gate at which the city reviews results before the next
// phase.
type MilestoneStep struct{}

func (MilestoneStep) String() string { return "date milestones" }

var gateTitles = map[string]string{
	catalog.PhaseFoundation: "Foundation gate: team, data strategy and first pilot in place; council approves the Growth phase",
	catalog.PhaseGrowth:     "Growth gate: Local Digital Platform running and pilots evaluated; council approves Accelerate & Expand",
	catalog.PhaseAccelerate: "Accelerate & Expand gate: results reviewed and the next roadmap prepared",
}

// Run implements Step.
func (MilestoneStep) Run(ctx *Context) error {
	ms := []Milestone{}
	for _, in := range ctx.Doc.Initiatives {
		cat := ctx.Decisions[in.ID].Plan
		p := ctx.Placed[in.ID]
		for _, m := range cat.Milestones {
			ms = append(ms, Milestone{
				ID: in.ID + "." + m.ID, Initiative: in.ID, Date: ctx.Month(p.Start + m.Month),
				Title: m.Title, Kind: "checkpoint",
			})
		}
		ms = append(ms, Milestone{
			ID: in.ID + ".done", Initiative: in.ID, Date: in.End,
			Title: fmt.Sprintf("%s completed", in.Title), Kind: "completion",
		})
	}
	for _, ph := range ctx.Doc.Phases {
		ms = append(ms, Milestone{ID: "gate-" + ph.ID, Phase: ph.ID, Date: ph.End, Title: gateTitles[ph.ID], Kind: "gate"})
	}
	kindOrder := map[string]int{"checkpoint": 0, "completion": 1, "gate": 2}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		return a.ID < b.ID
	})
	ctx.Doc.Milestones = ms
	return nil
}

// SummaryStep fills in the fields that need the whole roadmap; today it only
// guarantees empty lists are written as [] rather than null.
type SummaryStep struct{}

func (SummaryStep) String() string { return "summarise" }

// Run implements Step.
func (SummaryStep) Run(ctx *Context) error {
	d := ctx.Doc
	if d.Readiness == nil {
		d.Readiness = []Readiness{}
	}
	if d.FocusAreas == nil {
		d.FocusAreas = []FocusChoice{}
	}
	return nil
}
