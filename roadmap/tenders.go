package roadmap

import (
	"fmt"
	"time"

	"github.com/citypath/citypath/catalog"
)

// TenderPlanner dates the tenders of an initiative so that their contracts
// are signed before it starts. The procurement package provides it; without
// one (a catalog with no tender data) initiatives start without tenders.
type TenderPlanner interface {
	// PlanTenders plans the contracts of a decision whose work starts in
	// month start (an offset from the roadmap's first month). Each
	// contract's After lists what its notice waits for.
	PlanTenders(ctx *Context, d *Decision, start int) ([]Contract, error)
}

// tenderWindow is what the scheduler needs of an initiative's tenders for
// one start month: the contracts, the first day any notice (or market
// engagement) goes out, and the first day every notice may go out.
type tenderWindow struct {
	contracts []Contract
	first     time.Time // earliest market engagement or publication
	// early is how far, at most, a step goes out before the day its
	// prerequisites allow; zero or less when none does.
	early   time.Duration
	blocked string // a prerequisite that is deferred
}

// tendersAt plans the tenders for a start month and checks them against
// their prerequisites: what they wait for must have ended, a later phase's
// tender waits for the council's gate, and nothing goes out before the
// roadmap starts.
func tendersAt(ctx *Context, d *Decision, start int, gate int) (*tenderWindow, error) {
	if ctx.Tenders == nil || len(d.Plan.Procurement) == 0 {
		return nil, nil
	}
	cs, err := ctx.Tenders.PlanTenders(ctx, d, start)
	if err != nil {
		return nil, err
	}
	w := &tenderWindow{contracts: cs, early: -1}
	// Nothing goes out before the roadmap starts, and the notice of a later
	// phase's tender waits for the council's gate; market engagement only
	// prepares the notice, so it may run before the gate, once the inputs
	// of the specification exist.
	gateDay := ctx.Start
	if !d.Plan.StartsEarly && gate > 0 {
		gateDay = ctx.Start.AddDate(0, gate, 0)
	}
	for i := range cs {
		c := &cs[i]
		inputs, decisions := ctx.Start, ctx.Start
		for j := range c.After {
			a := &c.After[j]
			if ctx.inPlace(a.Initiative) {
				a.Ends = "in place"
				continue
			}
			p := ctx.Placed[a.Initiative]
			switch {
			case p == nil:
				// Not in the roadmap: nothing to wait for.
				a.Ends = "not planned"
			case p.Deferred != "":
				w.blocked = fmt.Sprintf("its tender waits for %s, which is deferred", quoteTitle(ctx.Decisions[a.Initiative].Plan.Title))
			default:
				a.Ends = ctx.Month(p.End)
				if a.Decision {
					decisions = laterOf(decisions, ctx.Start.AddDate(0, p.End+1, 0))
				} else {
					inputs = laterOf(inputs, ctx.Start.AddDate(0, p.End+1, 0))
				}
			}
		}
		if c.NotBefore != "" {
			if t, err := time.Parse("2006-01-02", c.NotBefore); err == nil {
				inputs = laterOf(inputs, t.AddDate(0, 0, 1))
			}
		}
		pub, err := time.Parse("2006-01-02", c.Timeline.Publication)
		if err != nil {
			return nil, fmt.Errorf("tender %s: publication %q: %w", c.ID, c.Timeline.Publication, err)
		}
		first := pub
		if c.Timeline.MarketEngagement != "" {
			if first, err = time.Parse("2006-01-02", c.Timeline.MarketEngagement); err != nil {
				return nil, fmt.Errorf("tender %s: market engagement %q: %w", c.ID, c.Timeline.MarketEngagement, err)
			}
		}
		if w.first.IsZero() || first.Before(w.first) {
			w.first = first
		}
		w.early = max(w.early, inputs.Sub(first), laterOf(laterOf(inputs, decisions), gateDay).Sub(pub))
	}
	return w, nil
}

// leadMonths is how many months before the start the first tender step
// goes out, rounded up.
func (w *tenderWindow) leadMonths(ctx *Context, start int) int {
	s := ctx.Start.AddDate(0, start, 0)
	months := (s.Year()-w.first.Year())*12 + int(s.Month()-w.first.Month())
	return max(0, months)
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TenderPrerequisites is what an initiative's tenders wait for by the
// catalog: its tender_after list, or all its dependencies.
func TenderPrerequisites(in *catalog.Initiative) []string {
	if len(in.TenderAfter) > 0 {
		return in.TenderAfter
	}
	return in.DependsOn
}
