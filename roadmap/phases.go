package roadmap

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
)

// writePhases turns the schedule into the Reference Roadmap's gated
// windows: each phase runs from the month after the previous gate to the
// end of its last initiative, where the council holds its gate. Gates come
// in phase order; a pilot that starts small may run ahead of its window,
// and the phase says so.
func writePhases(ctx *Context) {
	doc := ctx.Doc
	doc.Phases = []Phase{}
	doc.EmptyPhases = []EmptyPhase{}
	windowStart := 0
	for pi, ph := range catalog.Phases {
		last, n := -1, 0
		var ahead []string
		for _, in := range doc.Initiatives {
			if catalog.PhaseIndex(in.Phase) != pi {
				continue
			}
			p := ctx.Placed[in.ID]
			last = max(last, p.End)
			n++
			if p.Start < windowStart {
				ahead = append(ahead, in.ID)
			}
		}
		if n == 0 {
			doc.EmptyPhases = append(doc.EmptyPhases, EmptyPhase{ID: ph.ID, Name: ph.Name, Why: emptyPhaseWhy(ctx, pi)})
			continue
		}
		// A phase whose window would open after the horizon (only pilots
		// that ran ahead of it) is shown in the horizon's last month.
		windowStart = min(windowStart, ctx.Months-1)
		end := max(last, windowStart)
		phase := Phase{ID: ph.ID, Name: ph.Name, Start: ctx.Month(windowStart), End: ctx.Month(end), Initiatives: n, RunsAhead: ahead}
		phase.Gate = gateText(ctx, pi, windowStart, end)
		doc.Phases = append(doc.Phases, phase)
		windowStart = end + 1
	}
}

// emptyPhaseWhy says why a phase has nothing in this roadmap.
func emptyPhaseWhy(ctx *Context, pi int) string {
	var deferred, excluded []string
	for _, l := range ctx.Doc.Deferred {
		if in, ok := ctx.Catalog.Initiative(l.ID); ok && catalog.PhaseIndex(in.Phase) == pi {
			deferred = append(deferred, l.Title)
		}
	}
	for _, l := range ctx.Doc.Excluded {
		if in, ok := ctx.Catalog.Initiative(l.ID); ok && catalog.PhaseIndex(in.Phase) == pi {
			excluded = append(excluded, l.Title)
		}
	}
	switch {
	case len(deferred) > 0:
		return fmt.Sprintf("Nothing of this phase fits within the horizon; deferred: %s.", strings.Join(deferred, "; "))
	case len(excluded) > 0:
		return fmt.Sprintf("The city is not ready for this phase's initiatives yet (%s); the next roadmap takes them up.", strings.Join(excluded, "; "))
	}
	return "No initiative of this phase applies to the city yet; the next roadmap takes it up once the earlier phases are done."
}

// gateText writes the council's decision at a phase's gate from what is
// actually done and running in that month, never a fixed claim. A gate
// reviews the pilots that ended inside its window; pilots the city ran
// before the roadmap are reviewed once, at the first gate, rather than again
// at every later one.
func gateText(ctx *Context, pi, from, month int) string {
	doc := ctx.Doc
	var done, running, pilots []string
	for _, in := range doc.Initiatives {
		p := ctx.Placed[in.ID]
		switch {
		case p.End <= month:
			if in.Kind == "pilot" {
				if p.End >= from || len(ctx.Doc.Phases) == 0 {
					pilots = append(pilots, in.Title)
				}
			} else if catalog.PhaseIndex(in.Phase) == pi {
				done = append(done, in.Title)
			}
		case p.Start <= month:
			running = append(running, in.Title)
		}
	}
	var b strings.Builder
	ph := catalog.Phases[pi]
	fmt.Fprintf(&b, "%s gate: ", ph.Name)
	fmt.Fprintf(&b, "%s of this phase completed", countOf(len(done), "initiative"))
	if len(done) > 0 && len(done) <= 4 {
		fmt.Fprintf(&b, " (%s)", strings.Join(done, "; "))
	}
	b.WriteString(". ")
	for _, s := range doc.InPlace {
		if len(doc.Phases) == 0 && s.Status != city.StatusPartial {
			if in, ok := ctx.Catalog.Initiative(s.Initiative); ok && in.Kind == "pilot" {
				pilots = append(pilots, s.Title+" (before this roadmap)")
			}
		}
	}
	if len(pilots) > 0 {
		fmt.Fprintf(&b, "Pilots evaluated: %s. ", strings.Join(pilots, "; "))
	} else if len(doc.Phases) == 0 {
		b.WriteString("No pilot has been evaluated yet. ")
	}
	if len(running) > 0 {
		fmt.Fprintf(&b, "Still running: %s. ", strings.Join(running, "; "))
	}
	if pi+1 < len(catalog.Phases) {
		next := catalog.Phases[pi+1]
		// What the gate releases is the next phase's work not yet started:
		// pilots that ran ahead of their window were committed earlier and
		// are reviewed here, not released.
		n, ahead, capex := 0, 0, 0.0
		for _, in := range doc.Initiatives {
			switch {
			case in.Phase != next.ID:
			case ctx.Placed[in.ID].Start <= month:
				ahead++
			default:
				n++
				capex += in.Cost.Capex
			}
		}
		if n > 0 {
			fmt.Fprintf(&b, "The council reviews the results and decides whether to release the %s phase: %s, capex %s %s", next.Name, countOf(n, "initiative"), Money(capex), doc.Money.Currency)
			if ahead > 0 {
				fmt.Fprintf(&b, " (%s of the phase already started ahead of it)", countOf(ahead, "initiative"))
			}
			b.WriteString(".")
			return b.String()
		}
	}
	b.WriteString("The council reviews the results and commissions the next roadmap.")
	return b.String()
}

func countOf(n int, what string) string {
	switch n {
	case 0:
		return "no " + what
	case 1:
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
