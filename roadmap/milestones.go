package roadmap

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// MilestoneStep dates each initiative's checkpoints and completion, and ends
// each phase with a gate at which the city reviews results before the next
// phase.
type MilestoneStep struct{}

func (MilestoneStep) String() string { return "date milestones" }

// Run implements Step. Checkpoints come from the plan's milestones, except
// those that stand for the purchase, which the tenders date instead; a pilot
// ends with its evaluation and go/no-go decision against its KPI targets; each
// tender gives the dates of its notice and signature; each phase ends with its
// gate. One date per event.
func (MilestoneStep) Run(ctx *Context) error {
	ms := []Milestone{}
	var purchase []string
	if t := ctx.Catalog.Tendering; t != nil && ctx.Tenders != nil {
		purchase = t.ProcurementMilestones
	}
	for _, in := range ctx.Doc.Initiatives {
		plan := ctx.Decisions[in.ID].Plan
		p := ctx.Placed[in.ID]
		for _, m := range plan.Milestones {
			if slices.Contains(purchase, m.ID) {
				continue
			}
			ms = append(ms, Milestone{
				ID: in.ID + "." + m.ID, Initiative: in.ID, Date: ctx.Month(p.Start + m.Month),
				Title: m.Title, Kind: "checkpoint",
			})
		}
		if in.Kind == "pilot" {
			ms = append(ms, Milestone{
				ID: in.ID + ".go", Initiative: in.ID, Date: in.End, Kind: "decision",
				Title: fmt.Sprintf("%s: evaluation and go/no-go; go when %s", in.Title, kpiTargets(in.KPIs)),
			})
		} else {
			ms = append(ms, Milestone{
				ID: in.ID + ".done", Initiative: in.ID, Date: in.End,
				Title: fmt.Sprintf("%s completed", in.Title), Kind: "completion",
			})
		}
		for _, c := range p.Contracts {
			ms = append(ms,
				Milestone{ID: c.ID + ".published", Initiative: in.ID, Date: c.Timeline.Publication[:7], Kind: "tender", Title: "Tender published: " + c.Title},
				Milestone{ID: c.ID + ".signed", Initiative: in.ID, Date: c.Timeline.ContractSigned[:7], Kind: "contract", Title: "Contract signed: " + c.Title},
			)
		}
	}
	for _, ph := range ctx.Doc.Phases {
		ms = append(ms, Milestone{ID: "gate-" + ph.ID, Phase: ph.ID, Date: ph.End, Title: ph.Gate, Kind: "gate"})
	}
	kindOrder := map[string]int{"tender": 0, "contract": 1, "checkpoint": 2, "completion": 3, "decision": 4, "gate": 5}
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

// kpiTargets lists a pilot's KPI targets as its success criteria.
func kpiTargets(kpis []KPI) string {
	var parts []string
	for _, k := range kpis {
		if k.Target != "" {
			parts = append(parts, fmt.Sprintf("%s: %s", strings.ToLower(k.Name[:1])+k.Name[1:], k.Target))
		}
	}
	if len(parts) == 0 {
		return "its KPIs show the expected results"
	}
	return strings.Join(parts, "; ")
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
	// What happens to each focus area's pilot, said from the schedule.
	for i := range d.FocusAreas {
		d.FocusAreas[i].Pilot = pilotNote(ctx, d.FocusAreas[i])
	}
	// When the schedule brings each readiness to its threshold.
	for i := range d.Readiness {
		r := &d.Readiness[i]
		if r.Ready {
			continue
		}
		if m := readyMonth(ctx, r.ID); m >= 0 && m < ctx.Months {
			r.ReadyBy = ctx.Month(m)
		}
	}
	return nil
}

// pilotNote says what the schedule does with a focus area's pilot: the
// city ran it before, it is the roadmap's first pilot (or a later one), it
// is deferred, or there is none.
func pilotNote(ctx *Context, fa FocusChoice) string {
	for _, s := range ctx.Doc.InPlace {
		if in, ok := ctx.Catalog.Initiative(s.Initiative); ok && in.Kind == "pilot" && in.FocusArea == fa.ID && s.Status != "partial" {
			return "its pilot ran before this roadmap; the roadmap builds on it"
		}
	}
	first := ""
	for _, in := range ctx.Doc.Initiatives {
		if in.Kind == "pilot" && (first == "" || in.Start < first) {
			first = in.Start
		}
	}
	for _, in := range ctx.Doc.Initiatives {
		if in.Kind == "pilot" && in.FocusArea == fa.ID {
			if in.Start == first {
				return "the roadmap's first pilot, from " + in.Start
			}
			return "its pilot starts " + in.Start
		}
	}
	for _, l := range ctx.Doc.Deferred {
		if in, ok := ctx.Catalog.Initiative(l.ID); ok && in.Kind == "pilot" && in.FocusArea == fa.ID {
			return "its pilot is deferred: " + l.Reason
		}
	}
	return ""
}
